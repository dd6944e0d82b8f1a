"""The trace as one JSON document, written a cell at a time (schema in the README).

Numbers are Python ints where the task is integral, else floats rounded to 12 significant digits
(no float noise). One line per cell keeps big documents greppable and the writer streaming.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

import numpy as np

from ..engine import Cell, Trace
from ..numbers import clean

SCHEMA_VERSION = 1


def _numbers(value: Any) -> Any:
    """Nested lists with every float cleaned of noise (ints untouched)."""
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "iu":
            return value.tolist()
        value = value.tolist()
    if isinstance(value, list | tuple):
        return [_numbers(v) for v in value]
    return clean(value)


def _signal(matrix: Any, one_d: bool) -> Any:
    """A 1-D task's row-of-one matrices become flat lists."""
    return matrix[0] if one_d else matrix


def _axis(axis) -> dict[str, Any]:
    return {
        "size": axis.size,
        "kernel": axis.kernel,
        "stride": axis.stride,
        "padding": [axis.pad_before, axis.pad_after],
        "dilation": axis.dilation,
        "out": axis.out,
        "uncovered": list(axis.uncovered),
    }


def header(trace: Trace) -> dict[str, Any]:
    """Everything but the cells: task, hyperparameters, output size and the output volume."""
    task = trace.task
    one_d = task.one_d
    rows, cols = task.axes
    top, bottom, left, right = task.padding
    doc: dict[str, Any] = {"schema": SCHEMA_VERSION}
    if task.title:
        doc["title"] = task.title
    doc["input"] = {
        "channels": list(task.channel_names),
        "shape": [task.channels, cols.size] if one_d else list(task.x.shape),
        "values": [_signal(m, one_d) for m in _numbers(task.x)],
    }
    doc["filters"] = [
        {
            "name": f.name,
            "bias": clean(f.bias),
            "channels": [task.channel_names[c] for c in task.channels_of(k)],
            "weights": [_signal(m, one_d) for m in _numbers(f.weights)],
        }
        for k, f in enumerate(task.filters)
    ]
    doc["hyperparameters"] = {
        "stride": cols.stride if one_d else list(task.stride),
        "padding": (
            {"left": left, "right": right}
            if one_d
            else {"top": top, "bottom": bottom, "left": left, "right": right}
        ),
        "padding_rule": task.padding_rule,
        "padding_mode": task.padding_mode,
        "dilation": cols.dilation if one_d else list(task.dilation),
        "groups": task.groups,
        "flip": task.flip,
    }
    doc["output_size"] = (
        {"length": _axis(cols), "filters": len(task.filters)}
        if one_d
        else {"rows": _axis(rows), "cols": _axis(cols), "filters": len(task.filters)}
    )
    doc["output"] = [_signal(m, one_d) for m in _numbers(trace.output)]
    return doc


def cell_dict(cell: Cell, one_d: bool = False) -> dict[str, Any]:
    cleaned = isinstance(cell.value, float)

    def nums(m):
        return _signal(_numbers(m) if cleaned else [list(r) for r in m], one_d)

    return {
        "filter": cell.filter,
        "filter_name": cell.filter_name,
        "row": cell.row,
        "col": cell.col,
        "window_origin": [cell.top, cell.left],
        "channels": [
            {
                "index": step.index,
                "name": step.name,
                "window": nums(step.window),
                "weights": nums(step.weights),
                "products": nums(step.products),
                "sum": clean(step.sum),
            }
            for step in cell.channels
        ],
        "bias": clean(cell.bias),
        "value": clean(cell.value),
    }


def iter_json(trace: Trace, cells: Iterable[Cell] | None = None) -> Iterator[str]:
    """The document in pieces: the header keys one per line, then one line per cell."""
    doc = header(trace)
    yield "{\n"
    for key, value in doc.items():
        yield f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)},\n"
    yield '  "cells": ['
    first = True
    for cell in trace.cells() if cells is None else cells:
        yield ("\n    " if first else ",\n    ") + json.dumps(
            cell_dict(cell, trace.task.one_d), ensure_ascii=False
        )
        first = False
    yield "\n  ]\n}\n" if not first else "]\n}\n"


def write_json(trace: Trace, out: TextIO, cells: Iterable[Cell] | None = None) -> None:
    for piece in iter_json(trace, cells):
        out.write(piece)


def to_dict(trace: Trace, cells: Iterable[Cell] | None = None) -> dict[str, Any]:
    """The same document as a Python dict (for notebooks and tests)."""
    return json.loads("".join(iter_json(trace, cells)))

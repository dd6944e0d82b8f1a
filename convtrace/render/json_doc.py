"""The trace as one JSON document, written a cell at a time (schema in the README).

Numbers are Python ints where the task is integral, else floats rounded to 12 significant digits
(no float noise). One line per cell keeps big documents greppable and the writer streaming.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Iterator
from fractions import Fraction
from typing import Any, TextIO

import numpy as np

from ..bulk import clean_array
from ..engine import Cell, CellRow, Trace
from ..numbers import clean
from ..solution.formula import row_of

SCHEMA_VERSION = 1


def fraction_text(value: Any) -> str:
    """``json.dumps``'s ``default``: an exact fraction (``--exact``) as the text ``"5/3"``."""
    if isinstance(value, Fraction):
        return f"{value.numerator}/{value.denominator}"
    raise TypeError(f"{type(value).__name__} is not JSON")


def numbers(value: Any) -> Any:
    """Nested lists with every float cleaned of noise (ints untouched), as JSON writes them."""
    if isinstance(value, np.ndarray):
        return clean_array(value).tolist()
    if isinstance(value, list | tuple):
        return [numbers(v) for v in value]
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
        "values": Volume(task.x, one_d),
    }
    doc["filters"] = [
        {
            "name": f.name,
            "bias": clean(f.bias),
            "channels": [task.channel_names[c] for c in task.channels_of(k)],
            "weights": [_signal(m, one_d) for m in numbers(f.weights)],
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
    doc["output"] = Volume(trace.output, one_d)
    return doc


class Volume:
    """A volume in the header, written as JSON a row at a time when the document is (its Python
    lists would be millions of objects alive for the whole export)."""

    def __init__(self, values: np.ndarray, one_d: bool) -> None:
        self.values = values
        self.one_d = one_d

    def chunks(self) -> Iterator[str]:
        """``[[[1, 2], [3, 4]], …]``: the text ``json.dumps`` gives of its nested lists."""
        yield "["
        for c, matrix in enumerate(self.values):
            if self.one_d:
                yield (", " if c else "") + json.dumps(numbers(matrix[0]), default=fraction_text)
                continue
            rows = (json.dumps(row, default=fraction_text) for row in numbers(matrix))
            yield (", [" if c else "[") + ", ".join(rows) + "]"
        yield "]"

    def tolist(self) -> list:
        return [_signal(m, self.one_d) for m in numbers(self.values)]


def _value_chunks(value: Any) -> Iterator[str]:
    """A header value as JSON text, volumes streamed (see :class:`Volume`)."""
    if isinstance(value, Volume):
        yield from value.chunks()
    elif isinstance(value, dict) and any(isinstance(v, Volume) for v in value.values()):
        yield "{"
        for n, (key, item) in enumerate(value.items()):
            yield (", " if n else "") + json.dumps(key) + ": "
            yield from _value_chunks(item)
        yield "}"
    else:
        yield json.dumps(value, ensure_ascii=False, default=fraction_text)


def iter_json(
    trace: Trace,
    cells: Iterable[Cell] | None = None,
    *,
    filters: Iterable[int] | None = None,
    rows: Iterable[int] | None = None,
    cols: Iterable[int] | None = None,
) -> Iterator[str]:
    """The document in pieces: the header keys one per line, then one line per cell.

    The trace's cells (or those ``filters``/``rows``/``cols`` select) are written a row at a
    time straight from the engine's arrays; given ``cells`` are each written as a row of one.
    """
    yield "{\n"
    for key, value in header(trace).items():
        yield f"  {json.dumps(key)}: "
        yield from _value_chunks(value)
        yield ",\n"
    yield '  "cells": ['
    first = True
    blocks = trace.rows(filters, rows, cols) if cells is None else (row_of(cell) for cell in cells)
    for lines in _row_lines(trace, blocks):
        if lines:
            yield ("\n    " if first else ",\n    ") + ",\n    ".join(lines)
            first = False
    yield "\n  ]\n}\n" if not first else "]\n}\n"


# --- a row of cells at a time, numbers turned to text by the C encoder --------------------------


def _texts(matrices: np.ndarray, one_d: bool) -> list[str]:
    """The JSON text of each matrix in an n × Fh × Fw array (flat lists for a 1-D task)."""
    if one_d:
        matrices = matrices[:, 0]
    depth = matrices.ndim - 1
    text = json.dumps(matrices.tolist(), default=fraction_text)
    opening, closing = "[" * depth, "]" * depth
    inner = text[1 + depth : -1 - depth].split(f"{closing}, {opening}")
    return [f"{opening}{part}{closing}" for part in inner]


def _row_lines(trace: Trace, blocks: Iterable[CellRow]) -> Iterator[list[str]]:
    """Each row's cells as JSON lines (``json.dumps`` of each cell's object, written from the
    row's arrays at once)."""
    one_d = trace.task.one_d
    dumps = functools.partial(json.dumps, default=fraction_text)
    for block in blocks:
        n, channel_count = len(block), len(block.names)
        if not n:
            yield []
            continue
        _, _, fh, fw = block.windows.shape
        windows = _texts(clean_array(block.windows).reshape(-1, fh, fw), one_d)
        products = _texts(clean_array(block.products).reshape(-1, fh, fw), one_d)
        weights = _texts(clean_array(block.weights), one_d)
        sums = dumps(clean_array(block.sums).T.tolist())
        values = dumps(clean_array(block.values).tolist())[1:-1].split(", ")
        per_cell = [part.split(", ") for part in sums[2:-2].split("], [")]
        bias = dumps(clean(block.bias))
        head = (
            f'{{"filter": {block.filter}, "filter_name": '
            f'{dumps(block.filter_name, ensure_ascii=False)}, "row": {block.row}, "col": '
        )
        channel_heads = [
            f'{{"index": {index}, "name": {dumps(name, ensure_ascii=False)}, "window": '
            for index, name in zip(block.channels, block.names, strict=True)
        ]
        tails = [f', "weights": {weights[c]}, "products": ' for c in range(channel_count)]
        lines = []
        for m, (j, left) in enumerate(zip(block.cols, block.lefts, strict=True)):
            cell_sums = per_cell[m]
            parts = [
                f'{head}{j}, "window_origin": [{block.top}, {left}], "channels": [',
                ", ".join(
                    f"{channel_heads[c]}{windows[c * n + m]}{tails[c]}"
                    f'{products[c * n + m]}, "sum": {cell_sums[c]}}}'
                    for c in range(channel_count)
                ),
                f'], "bias": {bias}, "value": {values[m]}}}',
            ]
            lines.append("".join(parts))
        yield lines


def write_json(
    trace: Trace,
    out: TextIO,
    cells: Iterable[Cell] | None = None,
    **selection: Iterable[int] | None,
) -> None:
    """Stream the document to ``out``; ``selection`` is ``filters``/``rows``/``cols``."""
    for piece in iter_json(trace, cells, **selection):
        out.write(piece)


def to_dict(trace: Trace, cells: Iterable[Cell] | None = None) -> dict[str, Any]:
    """The same document as a Python dict (for notebooks and tests)."""
    return json.loads("".join(iter_json(trace, cells)))

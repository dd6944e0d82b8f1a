"""Checking a student's gradient (``check --of grad-input | grad-weights | grad-bias``).

The answer is compared cell by cell with the backward pass (:mod:`convtrace.engine.grad`), and
the classic slips of the backward pass are tried, each a backward pass of its own: the kernels
not rotated, the stride's zeros left out of G, the upstream gradient forgotten (G taken as all
ones), the forward padding forgotten. A slip is named by the rule every check uses: it matches
more cells than the right computation does, more than half of the wrong cells, and two at least
(one for a single bias). Sentences are in :mod:`convtrace.solution.grad_words`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..engine import run
from ..engine.grad import GradTrace, run_grad
from ..errors import InputError
from ..language import _
from ..loaders.arrays import as_number, nesting_depth
from ..loaders.csv_file import read_csv_blocks
from ..loaders.json_file import read_json
from ..solution import grad_words as gw
from .answers import in_decimals
from .compare import close

#: What ``--of`` names → the GradTrace attribute, and the JSON key an answer may use.
QUANTITIES = {"grad-input": "grad_input", "grad-weights": "grad_weights", "grad-bias": "grad_bias"}


@dataclass(frozen=True, eq=False)
class GradCheck:
    of: str
    expected: np.ndarray
    given: np.ndarray
    right: np.ndarray  # bool, shaped like expected
    slip: str | None = None
    note: str | None = None

    @property
    def all_right(self) -> bool:
        return bool(self.right.all())

    @property
    def status(self) -> int:
        return 0 if self.all_right else 1


def expected_of(trace: GradTrace, of: str) -> np.ndarray:
    return np.asarray(getattr(trace, QUANTITIES[of]))


def read_grad_answer(path: str, of: str, shape: tuple[int, ...]) -> np.ndarray:
    """The student's gradient, shaped ``shape``: JSON (a nested list, or an object holding it
    under ``grad_input``/…) or CSV (one matrix per filter and channel, blank lines between)."""
    key = QUANTITIES[of]
    if path.lower().endswith(".json"):
        data = read_json(path)
        if isinstance(data, dict):
            if key not in data:
                raise InputError(
                    _('expected a list or {{"{key}": …}}').format(key=key), source=path
                )
            data = data[key]
        values = _numbers(data, path)
    else:
        blocks = [block for __, block in read_csv_blocks(path)]
        if len({b.shape for b in blocks}) > 1:
            raise InputError(_("the matrices have different sizes"), source=path)
        values = np.stack(blocks)
    if values.size == int(np.prod(shape)) and _compatible(values.shape, shape):
        return in_decimals(values.reshape(shape))
    got = "×".join(map(str, values.shape))
    want = "×".join(map(str, shape))
    raise InputError(
        _("the answer is {got}, but {of} is {want} ({shape}); give one number per cell").format(
            got=got, of=of, want=want, shape=_(gw.SHAPES[of])
        ),
        source=path,
    )


def _compatible(given: tuple[int, ...], want: tuple[int, ...]) -> bool:
    """The same shape, up to leading (or, for a signal, inner) ones left out."""
    return tuple(n for n in given if n != 1) == tuple(n for n in want if n != 1)


def _numbers(data: Any, source: str) -> np.ndarray:
    depth = nesting_depth(data)
    if depth == 0:
        raise InputError(_("expected a list of numbers"), source=source)

    def walk(value: Any, place: str) -> Any:
        if isinstance(value, list | tuple):
            return [walk(v, f"{place}[{i}]") for i, v in enumerate(value)]
        return as_number(value, place)

    try:
        return np.array(walk(data, "answer"))
    except InputError as error:
        raise error.within(source) from None


# --- the slips ---------------------------------------------------------------------------------


def _rotated_forgotten(trace: GradTrace) -> GradTrace:
    task = trace.task
    return run_grad(run(dataclasses.replace(task, flip=not task.flip)), trace.upstream)


def _upstream_forgotten(trace: GradTrace) -> GradTrace:
    return run_grad(trace.forward, np.ones_like(trace.upstream))


def _zeros_left_out(trace: GradTrace) -> np.ndarray | None:
    """∂L/∂x with G convolved as it is, not zero-inserted (as if the stride were 1), placed
    at the input's top left."""
    task = trace.task
    if task.stride == (1, 1):
        return None
    grad = _upstream_ones_stride(trace)
    out = np.zeros(trace.grad_input.shape, dtype=float)
    h = min(out.shape[1], grad.shape[1])
    w = min(out.shape[2], grad.shape[2])
    out[:, :h, :w] = grad[:, :h, :w]
    return out


def _upstream_ones_stride(trace: GradTrace) -> np.ndarray:
    from ..engine.grad import input_task

    unstrided = dataclasses.replace(trace.task, stride=(1, 1))
    forward = dataclasses.replace(trace.forward, task=unstrided)
    return run(input_task(forward, trace.upstream, folded=False)).output.astype(float)


def _padding_forgotten(trace: GradTrace) -> GradTrace | None:
    task = trace.task
    if not any(task.padding):
        return None
    bare = dataclasses.replace(task, padding=(0, 0, 0, 0))
    rows, cols = bare.axes
    if rows.out < 1 or cols.out < 1:
        return None
    g = trace.upstream[:, : rows.out, : cols.out]
    if g.shape[1:] != (rows.out, cols.out):
        return None
    return run_grad(run(bare), g)


def slips(trace: GradTrace, of: str) -> list[tuple[str, Callable[[], Any]]]:
    """(name, what it gives) for the slips of ``of``, tried in this order."""
    found: list[tuple[str, Callable[[], Any]]] = [
        ("upstream_forgotten", lambda: expected_of(_upstream_forgotten(trace), of))
    ]
    if of == "grad-input":
        found.insert(0, ("kernel_not_rotated", lambda: _rotated_forgotten(trace).grad_input))
        found.insert(1, ("stride_zeros_left_out", lambda: _zeros_left_out(trace)))
    if of == "grad-weights":
        found.append(("padding_forgotten", lambda: _maybe(_padding_forgotten(trace), of)))
    return found


def _maybe(trace: GradTrace | None, of: str) -> np.ndarray | None:
    return None if trace is None else expected_of(trace, of)


def check_grad(trace: GradTrace, given: np.ndarray, of: str, tolerance: float) -> GradCheck:
    expected = expected_of(trace, of)
    right = np.asarray(close(given, expected, tolerance))
    wrong = int((~right).sum())
    if not wrong:
        return GradCheck(of, expected, given, right)
    least = 1 if expected.size == 1 else 2
    for name, make in slips(trace, of):
        try:
            values = make()
        except InputError:
            continue
        if values is None or np.shape(values) != expected.shape:
            continue
        matched = np.asarray(close(given, values, tolerance))
        explained = int((matched & ~right).sum())
        if matched.sum() > right.sum() and explained * 2 > wrong and explained >= least:
            return GradCheck(of, expected, given, right, name, gw.SLIPS[name])
    return GradCheck(of, expected, given, right)


def verdict(check: GradCheck, *, task: str | None, answer: str) -> dict[str, Any]:
    from ..render.json_doc import numbers

    wrong = [
        {"at": list(at), "expected": numbers(check.expected[at]), "given": numbers(check.given[at])}
        for at in zip(*np.nonzero(~check.right), strict=True)
    ]
    return {
        "schema": 1,
        "of": check.of,
        "task": task,
        "answer": answer,
        "verdict": "right" if check.all_right else "wrong",
        "status": check.status,
        "right": int(check.right.sum()),
        "cells": int(check.right.size),
        "slip": check.slip,
        "note": check.note,
        "wrong": [{**w, "at": [int(i) for i in w["at"]]} for w in wrong],
    }

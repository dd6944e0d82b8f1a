"""Checking a chain's output (or one layer's, ``--layer N``): which cells are wrong, and why.

A convolution layer is checked as a single convolution is (:mod:`.answers`, every slip of
:mod:`.slips`); any other layer here: its cells against the engine's, and the slips of
:mod:`.layer_slips` (in that layer, or in an earlier one and carried through the layers after
it) named by the same rules as a convolution's: a slip must match more cells than the right
computation does, more than half of the wrong cells, and two of them at least.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
from rich.console import Console
from rich.text import Text

from ..engine.chain import ChainTrace
from ..language import _
from ..layers import LAYER_NAMES, layer_type
from ..numbers import UNICODE, Notation, clean
from ..render.json_doc import numbers
from ..render.lines import Output
from ..render.terminal import TraceView
from ..solution.chain import layer_picture
from ..solution.layer_cells import activation_rows, pool_rows, scatter_rows
from ..solution.layer_words import layer_label
from .compare import TOLERANCE, close
from .layer_slips import LayerSlip, layer_slips
from .report import grid_text, heading

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class LayerFinding:
    kind: str
    layer: int
    matched: int
    total: int
    cells: tuple[tuple[int, int, int], ...]
    message: str


@dataclass(frozen=True, eq=False)
class LayerCheck:
    """A student's answer against layer ``layer`` (1-based) of a traced chain."""

    chain: ChainTrace
    layer: int
    given: np.ndarray
    tolerance: float = TOLERANCE
    notation: Notation = UNICODE

    @property
    def expected(self) -> np.ndarray:
        return self.chain.layers[self.layer - 1].output

    @property
    def shape_matches(self) -> bool:
        return self.given.shape == self.expected.shape

    @cached_property
    def right(self) -> np.ndarray:
        if not self.shape_matches:
            return np.zeros(self.given.shape, dtype=bool)
        return close(self.given, self.expected.astype(float), self.tolerance)

    @property
    def wrong_cells(self) -> list[tuple[int, int, int]]:
        return [tuple(int(n) for n in p) for p in np.argwhere(~self.right)]  # type: ignore[misc]

    @property
    def all_right(self) -> bool:
        return self.shape_matches and bool(self.right.all())

    @cached_property
    def findings(self) -> tuple[LayerFinding, ...]:
        if self.all_right:
            return ()
        return tuple(diagnose_layer(self, layer_slips(self.chain, self.layer, self.notation)))

    @property
    def status(self) -> int:
        if self.all_right:
            return 0
        return 1 if self.shape_matches or self.findings else 2


def _claim(check: LayerCheck, slip: LayerSlip) -> LayerFinding | None:
    given, output = check.given, slip.output
    if slip.crop and all(a >= b for a, b in zip(output.shape, given.shape, strict=True)):
        output = output[:, : given.shape[1], : given.shape[2]]
    if output.shape != given.shape:
        return None
    matches = close(given, output.astype(float), check.tolerance)
    score, wrong = int(matches.sum()), int((~check.right).sum())
    explains = matches & ~check.right
    least = 2 if slip.layer < check.layer else min(2, wrong)  # upstream: two cells at least
    if check.shape_matches:
        if score <= int(check.right.sum()) or explains.sum() < least:
            return None
        if explains.sum() * 2 <= wrong:
            return None
    elif score * 2 <= given.size:
        return None
    after = ""
    if slip.layer + 1 == check.layer:
        after = _(" (then layer {layer} as they are)").format(layer=check.layer)
    elif slip.layer < check.layer:
        after = _(" (then layers {first}–{last} as they are)")
        after = after.format(first=slip.layer + 1, last=check.layer)
    if slip.layer == check.layer:
        said = _("{matched} of {total} cells match {what}{after}.")
    else:
        said = _("{matched} of {total} cells match a slip in layer {layer}: {what}{after}.")
    said = said.format(
        matched=score, total=given.size, layer=slip.layer, what=slip.what, after=after
    )
    message = f"{said} {slip.hint}"
    cells = tuple(
        tuple(int(n) for n in p) for p in np.argwhere(explains if check.shape_matches else matches)
    )
    return LayerFinding(slip.kind, slip.layer, score, int(given.size), cells, message)  # type: ignore[arg-type]


def diagnose_layer(check: LayerCheck, slips: list[LayerSlip]) -> Iterator[LayerFinding]:
    """The slip that explains the most cells (the checked layer's own first on a tie)."""
    best = None
    for slip in slips:
        found = _claim(check, slip)
        if found is not None and (best is None or found.matched > best.matched):
            best = found
    if best is not None:
        yield best


def check_layer(
    chain: ChainTrace,
    layer: int,
    given: np.ndarray,
    tolerance: float = TOLERANCE,
    *,
    ascii: bool = False,
) -> LayerCheck:
    if given.ndim == 2:
        given = given[None]
    return LayerCheck(chain, layer, given, tolerance, Notation.pick(ascii))


# --- the report --------------------------------------------------------------------------------


def _works(check: LayerCheck, n: Notation):
    trace = check.chain.layers[check.layer - 1]
    cells = check.wrong_cells
    if hasattr(trace, "steps"):
        return [w for row in scatter_rows(trace, n, n, None) for w in row]
    rows = pool_rows if hasattr(trace, "divisors") else activation_rows
    return [w for row in rows(trace, n, n, cells) for w in row]


def report_lines(
    check: LayerCheck, answer: str, *, ascii: bool, plain: bool, width: int, traces: bool = True
):
    """The report's sections: grids, verdict, what went wrong, each wrong cell's trace."""
    n = check.notation
    layer = check.chain.chain.layers[check.layer - 1]
    name = LAYER_NAMES[layer_type(layer)]
    source = check.chain.chain.source or _("the task")
    title = _("Checking {answer} against {task}, layer {layer} ({name})")
    yield heading(title.format(answer=answer, task=source, layer=check.layer, name=name), n, width)
    if not check.shape_matches:
        shape = "×".join(map(str, check.expected.shape))
        said = _("Your answer is {given}, layer {layer}'s output is {expected}.").format(
            given="×".join(map(str, check.given.shape)), layer=check.layer, expected=shape
        )
        yield Text(said, style="bold")
    else:
        for k in range(check.expected.shape[0]):
            ok = check.right[k]
            exp = [[n.number(clean(v)) for v in row] for row in check.expected[k].tolist()]
            giv = [
                [
                    n.number(clean(v)) + (" " if ok[r][c] else ("X" if ascii else "✗"))
                    for c, v in enumerate(row)
                ]
                for r, row in enumerate(check.given[k].tolist())
            ]
            yield grid_text(exp, _("expected o{layer}[{k}]").format(layer=check.layer, k=k))
            yield grid_text(giv, _("yours"))
        wrong = check.wrong_cells
        total = check.right.size
        labels = ", ".join(
            layer_label(check.layer, *p, check.chain.chain.one_d) for p in wrong[:12]
        )
        said = _("{right} of {total} cells are right; {count} wrong: {cells}.")
        if not wrong:
            said = _("All {total} cells are right.")
        said = said.format(right=total - len(wrong), total=total, count=len(wrong), cells=labels)
        yield Text(said, style="bold")
    if check.findings:
        yield heading(_("What went wrong"), n, width)
        for f in check.findings:
            yield Text(f.message)
    if traces and check.shape_matches and check.wrong_cells:
        view = TraceView(check.chain, ascii=ascii, plain=plain)
        view.use_picture(layer_picture(check.chain.layers[check.layer - 1]))
        for work in _works(check, n)[:20]:
            yield view.cell_section(work, width)


def print_layer_check(
    console: Console, check: LayerCheck, *, answer: str, ascii: bool, traces: bool = True
) -> None:
    output = Output(console)
    plain = not output.colour
    for section in report_lines(
        check, answer, ascii=ascii, plain=plain, width=console.width, traces=traces
    ):
        if isinstance(section, list):
            output.emit(section)
        else:
            console.print(section)


def layer_verdict(check: LayerCheck, *, task: str | None, answer: str) -> dict[str, Any]:
    """The autograder's verdict, as ``check --format json`` writes it, with ``"layer"``."""
    status = check.status
    return {
        "schema": SCHEMA_VERSION,
        "verdict": "right" if status == 0 else ("wrong" if check.shape_matches else "wrong_shape"),
        "status": status,
        "task": task,
        "answer": answer,
        "layer": check.layer,
        "tolerance": check.tolerance,
        "shape": {"expected": list(check.expected.shape), "given": list(check.given.shape)},
        "cells": {
            "total": int(check.given.size),
            "right": int(check.right.sum()),
            "wrong": int((~check.right).sum()),
        }
        if check.shape_matches
        else None,
        "expected": numbers(check.expected),
        "given": numbers(check.given),
        "wrong": [list(p) for p in check.wrong_cells] if check.shape_matches else [],
        "diagnosis": [
            {
                "slip": f.kind,
                "layer": f.layer,
                "matched": f.matched,
                "total": f.total,
                "cells": [list(c) for c in f.cells],
                "message": f.message,
            }
            for f in check.findings
        ],
    }

"""``check --of grad-…``'s report: expected and given side by side (wrong cells marked), the
slip that explains them, and the wrong cells worked out as the backward trace works them."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
from rich.console import Console
from rich.text import Text

from ..engine.grad import GradTrace
from ..numbers import Notation
from ..render.lines import Output
from ..render.terminal import TraceView
from ..solution import grad_words as gw
from ..solution.blocks import Cells
from ..solution.document import outline
from .grad_check import GradCheck
from .report import grid_text, heading


def _labels(check: GradCheck, trace: GradTrace, n: Notation) -> set[str]:
    one_d = trace.task.one_d
    labels = set()
    for at in zip(*np.nonzero(~check.right), strict=True):
        at = tuple(int(i) for i in at)
        if check.of == "grad-bias":
            labels.add(gw.bias_label(at[0], n))
        elif check.of == "grad-weights":
            labels.add(gw.weight_label(*at, n, one_d))
        else:
            labels.add(gw.input_label(*at, n, one_d))
    return labels


def _grids(check: GradCheck, n: Notation, plain: bool) -> Iterator[Text]:
    expected, given = check.expected, check.given
    if expected.ndim == 1:
        expected, given, right = expected[None, None], given[None, None], check.right[None, None]
    else:
        right = check.right
    expected = expected.reshape(-1, *expected.shape[-2:])
    given = given.reshape(-1, *given.shape[-2:])
    right = right.reshape(-1, *right.shape[-2:])
    for q in range(expected.shape[0]):
        marks = [["" if ok else "*" for ok in row] for row in right[q].tolist()]
        want = [[n.number(v) for v in row] for row in expected[q].tolist()]
        got = [
            [n.number(v) + (m if plain else "") for v, m in zip(row, mrow, strict=True)]
            for row, mrow in zip(given[q].tolist(), marks, strict=True)
        ]
        styles = [["bold red" if m else None for m in row] for row in marks]
        yield grid_text(want, gw.say(gw.CHECK_EXPECTED, n, index=q))
        yield grid_text(got, gw.say(gw.CHECK_GIVEN, n, index=q), None if plain else styles)


def print_grad_check(
    console: Console,
    check: GradCheck,
    trace: GradTrace,
    *,
    answer: str,
    ascii: bool,
    traces: bool = True,
) -> None:
    view = TraceView(trace, ascii=ascii, plain=not Output(console).colour)
    n = view.notation
    right, cells = int(check.right.sum()), int(check.right.size)
    title = gw.say(gw.CHECK_TITLE, n, of=check.of, answer=answer, right=right, cells=cells)
    console.print(heading(title, n, console.width))
    for grid in _grids(check, n, view.plain):
        console.print(grid)
    if check.all_right:
        console.print(gw.say(gw.CHECK_ALL_RIGHT, n), highlight=False)
        return
    note = check.note or gw.CHECK_NO_SLIP
    console.print(Text(gw.say(gw.CHECK_DIAGNOSIS, n, note=gw.say(note, n))))
    if not traces:
        return
    wanted = _labels(check, view.trace, n)
    output = Output(console)
    for block in outline(view.trace, view.options):
        if isinstance(block, Cells):
            view.use_picture(block.picture)
            for row in block.rows():
                for work in row:
                    if work.label in wanted:
                        output.emit(view.cell_section(work, console.width))

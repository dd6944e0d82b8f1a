"""A :class:`~convtrace.homework.answers.Check` shown to the student, or given to an autograder.

The terminal report: expected and given side by side (wrong cells marked with ``✗`` as well as
coloured, so it reads the same without colour), the verdict, the diagnosis, then the by-hand
trace of every wrong cell. The JSON verdict (``verdict_dict``) is documented in the README.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

from rich.columns import Columns
from rich.console import Console, Group, RenderableType
from rich.text import Text

from ..exact import python_number
from ..language import _, ngettext
from ..numbers import Notation, Number, clean, to_ascii
from ..render.json_doc import numbers
from ..render.lines import Output
from ..render.lines import heading as section_heading
from ..render.pictures import NEGATIVE_STYLE
from ..render.terminal import TraceView
from ..solution.words import output_size
from .answers import Check, shape_message, shape_text, size_lines
from .diagnose import position_label, signed

SCHEMA_VERSION = 1
WRONG_STYLE = "bold red"
RIGHT_STYLE = "green"


def heading(title: str, notation: Notation, width: int) -> Text:
    """A section's title and a rule, as the trace heads its sections (never cut short)."""
    rule = "-" if notation.ascii else "\u2500"
    if notation.ascii:
        title = to_ascii(title)
    text = Text(no_wrap=True, overflow="ignore")
    for n, line in enumerate(section_heading(title, width, rule)):
        if n:
            text.append("\n")
        for piece, style in line:
            text.append(piece, style=style)
    return text


def _marks(notation: Notation) -> tuple[str, str]:
    """The text mark of a wrong cell and the placeholder of a right one in the difference."""
    return ("X", ".") if notation.minus == "-" else ("\u2717", "\u00b7")


def _cell_width(rows: Sequence[Sequence[str]]) -> int:
    return max((len(cell) for row in rows for cell in row), default=1)


def grid_text(
    rows: Sequence[Sequence[str]],
    title: str,
    styles: Sequence[Sequence[str | None]] | None = None,
) -> Text:
    """Right-aligned columns of ready-made cell texts under a bold title."""
    width = max((len(cell) for row in rows for cell in row), default=1)
    text = Text(no_wrap=True, overflow="crop")
    text.append(title, style="bold")
    for r, row in enumerate(rows):
        text.append("\n")
        for c, cell in enumerate(row):
            if c:
                text.append("  ")
            style = styles[r][c] if styles else None
            text.append(cell.rjust(width), style=style)
    return text


class CheckView:
    """The check as rich renderables, section by section (see :func:`print_check`)."""

    def __init__(
        self,
        check: Check,
        *,
        answer_name: str | None = None,
        ascii: bool = False,
        plain: bool = False,
        traces: bool = True,
    ) -> None:
        self.check = check
        self.answer_name = answer_name or _("your answer")
        self.notation = Notation.pick(ascii)
        self.ascii = ascii
        self.plain = plain
        self.traces = traces
        self.width = 100

    def sections(self, width: int = 100) -> Iterator[RenderableType]:
        self.width = width
        check, n = self.check, self.notation
        task = check.trace.task
        source = task.source or _("the task")
        title = _("Checking {answer} against {task}").format(answer=self.answer_name, task=source)
        yield heading(title, n, width)
        if not check.shape_matches:
            yield from self.shape_sections()
            return
        yield self.comparison(width)
        yield self.verdict()
        diagnosis = check.diagnosis
        if not check.all_right and not diagnosis.empty:
            yield heading(_("What went wrong"), n, self.width)
            for line in diagnosis.lines():
                yield Text(to_ascii(line) if self.ascii else line)
            if diagnosis.unanalysed:
                more = _("({count} more wrong cells not looked at closer)")
                yield Text(more.format(count=diagnosis.unanalysed))
        if self.traces and not check.all_right:
            view = TraceView(check.trace, ascii=self.ascii, plain=self.plain)
            for k, i, j in check.wrong_cells:
                cell = check.trace.cell(k, i, j)
                yield view.cell_lines(cell, width)
                given = n.number(_given(check, (k, i, j)))
                said = _("you wrote {given}, the trace gives {expected}")
                yield Text(said.format(given=given, expected=n.number(cell.value)), style="bold")

    def comparison(self, width: int = 100) -> RenderableType:
        """Expected, given and their difference side by side, per filter; a matrix too wide for
        ``width`` comes in bands of columns (``cols 0–7``, ``cols 8–15``, …), never cropped."""
        check, n = self.check, self.notation
        wrong_mark = _marks(n)[0]
        minus = " − " if not self.ascii else " - "
        parts: list[RenderableType] = []
        for k, f in enumerate(check.trace.task.filters):
            grids = self.grids(k)
            per_column = sum(_cell_width(rows) + 2 for rows, __ in grids)
            n_cols = len(grids[0][0][0])
            per_band = (
                max(1, (width - 8) // per_column) if per_column * n_cols + 8 > width else n_cols
            )
            for first in range(0, n_cols, per_band):
                band = slice(first, min(first + per_band, n_cols))
                last = band.stop - 1
                cols = (
                    ""
                    if per_band >= n_cols
                    else (
                        _(", col {first}").format(first=first)
                        if last == first
                        else _(", cols {first}{dash}{last}").format(
                            first=first, dash=n.dash, last=last
                        )
                    )
                )
                titles = [
                    _("expected o[{k}]  ({name})").format(k=k, name=f.name) + cols,
                    _("yours"),
                    _("yours{minus}expected").format(minus=minus),
                ]
                items = [
                    grid_text(
                        [row[band] for row in rows],
                        title,
                        [row[band] for row in styles] if styles else None,
                    )
                    for (rows, styles), title in zip(grids, titles, strict=True)
                ]
                parts.append(Columns(items, padding=(0, 4)))
        shape = output_size(check.trace, n)  # as `run` heads its output volume: W₂×H₂×D₂
        legend = []
        if not check.all_right:  # a legend for marks that are there
            legend.append(
                Text(
                    _("{mark}: a wrong cell (tolerance {tolerance})").format(
                        mark=wrong_mark, tolerance=n.number(check.tolerance)
                    ),
                    style="dim",
                )
            )
        title = _("Expected and given output ({shape})").format(shape=shape)
        return Group(heading(title, n, width), *parts, *legend)

    def grids(self, k: int) -> list[tuple[list[list[str]], list | None]]:
        """Filter ``k``'s expected, given (wrong cells marked) and difference grids, as texts
        with their styles."""
        check, n = self.check, self.notation
        wrong_mark, right_mark = _marks(n)
        expected = check.expected[k].tolist()
        right = check.right[k].tolist()
        exp_rows = [[n.number(v) for v in row] for row in expected]
        giv_rows, giv_styles, diff_rows, diff_styles = [], [], [], []
        for r, row in enumerate(check.given[k].tolist()):
            ok = right[r]
            giv_rows.append(
                [n.number(clean(v)) + (" " if ok[c] else wrong_mark) for c, v in enumerate(row)]
            )
            giv_styles.append([None if ok[c] else WRONG_STYLE for c in range(len(row))])
            diff_rows.append(
                [
                    right_mark if ok[c] else signed(clean(v - expected[r][c]), n)
                    for c, v in enumerate(row)
                ]
            )
            diff_styles.append(["dim" if ok[c] else WRONG_STYLE for c in range(len(row))])
        return [(exp_rows, None), (giv_rows, giv_styles), (diff_rows, diff_styles)]

    def verdict(self) -> Text:
        check = self.check
        total = int(check.right.size)
        wrong = check.wrong_cells
        if not wrong:
            right = _("All {total} cells are right.")
            return Text(right.format(total=total), style=f"bold {RIGHT_STYLE}")
        right = _("{right} of {total} cells are right; ")
        text = Text(right.format(right=total - len(wrong), total=total), style="bold")
        one_d = check.trace.task.one_d
        listed = ", ".join(position_label(p, one_d) for p in wrong[:12])
        if len(wrong) > 12:
            listed = _("{cells} and {count} more").format(cells=listed, count=len(wrong) - 12)
        said = ngettext("{count} is wrong: {cells}.", "{count} are wrong: {cells}.", len(wrong))
        text.append(said.format(count=len(wrong), cells=listed), style=f"bold {NEGATIVE_STYLE}")
        return text

    def shape_sections(self) -> Iterator[RenderableType]:
        check, n = self.check, self.notation
        one_d = check.trace.task.one_d
        said = _("Your answer is {given}, the output is {expected}:").format(
            given=shape_text(check.given.shape, one_d),
            expected=shape_text(check.trace.shape, one_d),
        )
        yield Text(said, style="bold")
        for line in size_lines(check.trace, self.ascii):
            yield Text("  " + line)
        diagnosis = check.diagnosis
        if diagnosis.findings:
            yield heading(_("What went wrong"), n, self.width)
            for line in diagnosis.lines():
                yield Text(line)
            slip = diagnosis.findings[0].slip
            if slip.view == "same":
                yield Text(_("The size formula of that computation:"))
                for line in size_lines(slip.trace, self.ascii):
                    yield Text("  " + line)
        items = []
        for k, f in enumerate(check.trace.task.filters):
            items.append(
                grid_text(
                    [[n.number(v) for v in row] for row in check.expected[k].tolist()],
                    _("expected o[{k}]  ({name})").format(k=k, name=f.name),
                )
            )
            if k < check.given.shape[0]:
                items.append(
                    grid_text(
                        [[n.number(clean(v)) for v in row] for row in check.given[k].tolist()],
                        _("yours"),
                    )
                )
        yield heading(_("Expected and given output"), n, self.width)
        yield Columns(items, padding=(0, 4))
        source = check.trace.task.source or "TASK.json"
        whole = _("The whole worked solution: {command}").format(command=f"convtrace run {source}")
        yield Text(whole, style="dim")


def _given(check: Check, position) -> Number:
    value = check.given[position]
    return clean(value.item() if hasattr(value, "item") else value)


def print_check(console: Console, check: Check, **options: Any) -> None:
    output = Output(console)
    view = CheckView(check, plain=not output.colour, **options)
    for section in view.sections(console.width):
        if isinstance(section, list):  # a wrong cell's trace: lines of styled text
            output.emit(section)
        else:
            console.print(section)


# --- JSON ------------------------------------------------------------------------------------


def verdict_dict(
    check: Check, *, task: str | None = None, answer: str | None = None
) -> dict[str, Any]:
    """The machine-readable verdict (schema in the README): stable keys, additions only."""
    status = check.status
    doc: dict[str, Any] = {
        "schema": SCHEMA_VERSION,
        "verdict": "right" if status == 0 else ("wrong" if check.shape_matches else "wrong_shape"),
        "status": status,
        "task": task,
        "answer": answer,
        "tolerance": check.tolerance,
        "shape": {"expected": list(check.trace.shape), "given": list(check.given.shape)},
    }
    if not check.shape_matches:
        doc["message"] = shape_message(check.trace, check.given.shape)
    if check.shape_matches:
        total = int(check.given.size)
        right = int(check.right.sum())
        doc["cells"] = {"total": total, "right": right, "wrong": total - right}
    else:  # no cell of another shape stands for an output cell: nothing is counted
        doc["cells"] = None
    doc["expected"] = numbers(check.expected)
    doc["given"] = numbers(check.given)
    diagnosis = check.diagnosis
    doc["wrong"] = _wrong_cells(check) if check.shape_matches else []
    doc["diagnosis"] = [
        {
            "slip": f.kind,
            "filters": list(f.filters),
            "matched": f.matched,
            "total": f.total,
            "cells": [list(c) for c in f.cells],
            "message": f.message,
        }
        for f in diagnosis.findings
    ]
    doc["cell_diagnosis"] = [
        {"cell": list(c.cell), "slip": c.kind, "message": c.message} for c in diagnosis.cells
    ]
    doc["unexplained"] = diagnosis.unexplained or None  # no slip explains the wrong cells
    return doc


def _wrong_cells(check: Check) -> list[dict[str, Any]]:
    """Each wrong cell: where, expected, given, the difference, and the slip that explains it."""
    diagnosis = check.diagnosis
    by_cell = {c.cell: c for c in diagnosis.cells}
    slip_of = {cell: f.kind for f in diagnosis.findings for cell in f.cells}
    wrong = []
    for position in check.wrong_cells:
        given = _given(check, position)
        expected = clean(python_number(check.expected[position]))
        entry: dict[str, Any] = {
            "cell": list(position),
            "expected": expected,
            "given": given,
            "difference": clean(given - expected),
        }
        if position in slip_of:
            entry["slip"] = slip_of[position]
        if position in by_cell:
            found = by_cell[position]
            entry["slip"] = found.kind
            entry["message"] = found.message
            if found.product:
                entry["product"] = found.product
        wrong.append(entry)
    return wrong


def verdict_json(doc: dict[str, Any]) -> str:
    """The verdict as text: one key per line, one line per wrong cell or finding (greppable)."""
    lines = []
    for key, value in doc.items():
        name = json.dumps(key)
        if isinstance(value, list) and value and isinstance(value[0], dict):
            items = ",\n    ".join(json.dumps(v, ensure_ascii=False) for v in value)
            lines.append(f"  {name}: [\n    {items}\n  ]")
        else:
            lines.append(f"  {name}: {json.dumps(value, ensure_ascii=False)}")
    return "{\n" + ",\n".join(lines) + "\n}\n"

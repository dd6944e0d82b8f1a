"""What the web page carries so that its script can show any cell, each number once.

The page (:mod:`.page`) does not write every cell's formulas out: a 64×64×3 input with two
filters has 8,192 cells of 27 products each. It carries

* the padded input's numbers as factor texts (``(−1)``), each distinct text once, and the padded
  rows and columns each output row and column reads;
* per filter and channel, the kernel's formula from :class:`~convtrace.solution.formula.Kernel`
  cut at its slots (``[``, ``·1``, `` + ``, …), and what joins the formula to its sum;
* per cell: its label and its sentence, each channel's sum, and every other line of its work
  (the channel sums plus the bias, or any line a later kind adds) as the text
  :class:`~convtrace.solution.cells.WorkLine` wrote, with the results to leave blank on a
  worksheet marked.

The script only puts these strings side by side (:func:`fill` is what it does, in Python, for
the tests): it never computes or formats a number.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

import numpy as np

from ..engine import Trace
from ..numbers import Notation
from ..solution.cells import CellWork, WorkLine
from ..solution.formula import Kernel

_SLOT = re.compile(r"%%|%s")
_CONNECTOR = re.compile(r"\s*=\s*")


def runs_html(runs) -> str:
    """Running text (``(kind, text)`` runs of :mod:`~convtrace.solution.blocks`) as HTML."""
    parts = []
    for kind, text in runs:
        text = html.escape(text)
        if kind in ("b", "s"):
            parts.append(f"<strong>{text}</strong>")
        elif kind == "m":
            parts.append(f'<span class="ct-math">{text}</span>')
        else:
            parts.append(text)
    return "".join(parts)


def json_text(value: Any) -> str:
    """``value`` as JSON that is safe inside a ``<script>`` element (no ``<`` at all)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


def slots(template: str) -> list[str]:
    """A %-format text cut at its ``%s`` slots, ``%%`` read as ``%``: the literals between the
    values, one more than there are slots (``template % values`` is their interleaving)."""
    literals, current, at = [], [], 0
    for match in _SLOT.finditer(template):
        current.append(template[at : match.start()])
        if match.group() == "%%":
            current.append("%")
        else:
            literals.append("".join(current))
            current = []
        at = match.end()
    current.append(template[at:])
    literals.append("".join(current))
    return literals


def template_parts(kernel: Kernel) -> list[str]:
    """The kernel's formula as ``[before, tail₀, after₀, tail₁, after₁, …]``: value *p* goes
    between ``after₍ₚ₋₁₎`` and ``tailₚ``, and ``tailₚ`` (``·(−1)``) is the rest of its product,
    so the page can mark a product as one piece. A tail it cannot find stays empty."""
    literals = slots(kernel.text)
    fw = kernel.shape[1]
    parts = [literals[0]]
    for p, literal in enumerate(literals[1:]):
        r, c = divmod(p, fw)
        tail = kernel.times + kernel.weight_texts[r][c]
        if not literal.startswith(tail):
            tail = ""
        parts += [tail, literal[len(tail) :]]
    return parts


def fill(parts: list[str], values: list[str]) -> str:
    """What the page's script does with :func:`template_parts` and a window's texts."""
    text = [parts[0]]
    for p, value in enumerate(values):
        text += [value, parts[1 + 2 * p], parts[2 + 2 * p]]
    return "".join(text)


def joined(segments) -> str:
    """A line's segments as text, its blanks filled in (what "reveal" shows)."""
    if isinstance(segments, str):
        return segments
    return "".join(s if isinstance(s, str) else s[0] for s in segments)


class PageData:
    """Collects what the page's script needs while the cells are written (see the module)."""

    def __init__(self, trace: Trace, notation: Notation) -> None:
        self.trace = trace
        self.notation = notation
        self.captions: dict[str, int] = {}
        self.sets: dict[tuple, int] = {}
        self.set_list: list[list] = []

    def caption(self, runs) -> int:
        text = runs_html(runs)
        index = self.captions.get(text)
        if index is None:
            index = self.captions[text] = len(self.captions)
        return index

    # -- the page as a whole --------------------------------------------------------------

    def numbers(self) -> tuple[list[str], list]:
        """The padded input as factor texts: the distinct texts, and each value's index."""
        padded = self.trace.padded
        distinct, inverse = np.unique(padded, return_inverse=True)
        texts = [self.notation.factor(v) for v in distinct.tolist()]
        return texts, inverse.reshape(padded.shape).tolist()

    def document(self, words: dict[str, str]) -> dict[str, Any]:
        rows, cols = self.trace.task.axes
        texts, indices = self.numbers()
        return {
            "pt": texts,
            "pv": indices,
            "wr": [list(rows.window_positions(i)) for i in range(rows.out)],
            "wc": [list(cols.window_positions(j)) for j in range(cols.out)],
            "sets": self.set_list,
            "caps": list(self.captions),
            "words": words,
        }

    # -- cells ----------------------------------------------------------------------------

    def template_set(self, work: CellWork) -> int:
        """The index of the formulas of ``work``'s filter: per channel line ``[input channel,
        caption, lead, template parts, connector]`` (the connector joins formula and sum)."""
        formulas = work.formulas
        key = (work.filter, tuple(k.text for k in formulas.kernels), tuple(work.channel_indices))
        index = self.sets.get(key)
        if index is not None:
            return index
        entries = []
        for line in work.lines:
            if line.kind != "channel":
                continue
            c = line.index
            kernel = formulas.kernels[c]
            filled = kernel.text % tuple(formulas.windows[c][work.m])
            text, total = line.text(), formulas.sums[c][work.m]
            if not (text.startswith(filled) and text.endswith(total)):
                raise ValueError(f"a channel line that is not its kernel's formula: {text!r}")
            connector = text[len(filled) : len(text) - len(total)]
            parts = template_parts(kernel)
            entries.append(
                [work.channel_indices[c], self.caption(line.caption), line.lead, parts, connector]
            )
        index = self.sets[key] = len(self.set_list)
        self.set_list.append(entries)
        return index

    def row(self, works: list[CellWork], blank: bool) -> list[list]:
        """One row of cells: ``[k, i, j, formulas, label, sentence, channel sums, other lines]``,
        each other line ``[caption, lead, text]`` (text: a string, or on a worksheet segments
        where ``[answer]`` is a blank)."""
        if not works:
            return []
        t = self.template_set(works[0])
        sums = works[0].formulas.sums
        records = []
        for work in works:
            m = work.m
            channel, others = [], []
            for line in work.lines:
                if line.kind == "channel":
                    channel.append(sums[line.index][m])
                else:
                    text = self.blanks(line) if blank else line.text()
                    others.append([self.caption(line.caption), line.lead, text])
            label = work.label
            records.append(
                [work.filter, work.row, work.col, t, label, work.where + ".", channel, others]
            )
        return records

    def blanks(self, line: WorkLine):
        """A line of a worksheet: its results as blanks, ``[answer]`` each; the whole line
        when it cannot be cut so that the answers give back exactly its text."""
        text = line.text()
        before = line.text(result=False)
        if not text.startswith(before):
            return text
        segments: list = [before]
        if line.kind == "total":
            f, m = line.work.formulas, line.work.m
            sums = [f.sums[0][m], *(f.later_sums[c][m] for c in range(1, f.channel_count))]
            answers = iter([*sums, f.values[m]])
            # the worksheet's own line, sums and value blank, after its label and first " = "
            runs = [run for group in line.worksheet({"sums", "output"})[1:] for run in group][1:]
            cut: list = [[next(answers)] if kind == "_" else text for kind, text in runs]
            if joined(cut) == text:
                return cut
        rest = text[len(before) :]
        connector = _CONNECTOR.match(rest)
        at = connector.end() if connector else 0
        segments += [rest[:at], [rest[at:]]]
        segments = [s for s in segments if s != ""]
        return segments if joined(segments) == text else text

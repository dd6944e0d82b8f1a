"""The trace as a LaTeX worked solution: a whole document that compiles, or a fragment to \\input.

The same content as the Markdown export: matrices as ``bmatrix`` (padding in italics), the
by-hand sums in ``align*`` with one kernel row per line, the formulas of :mod:`.formula` in a
TeX notation (written fast by :mod:`.formula_text`). The document needs ``amsmath`` and
``geometry`` only (both in Debian's ``texlive-latex-base``); convtrace's own text is ASCII TeX
and the common Unicode signs of user text are written as TeX, so pdflatex, lualatex and xelatex
compile it without inputenc or fontenc. Made in chunks, a section or a cell at a time.

Worksheet mode leaves the products' results, channel sums and output cells as empty boxes;
``answers`` appends the full solution after ``\\newpage``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence

from ..engine import Cell, ChannelStep, Trace
from ..numbers import Number
from ..numbers import plain as number_text
from .chunks import ending_in_one_newline
from .formula import cell_label
from .formula_text import FormulaText
from .markdown import (
    PADDING_EXPLAINED,
    TOC_MIN_CELLS,
    WhereText,
    hyperparameter_items,
    output_size_lines,
    selected_cells,
)
from .texmath import TEX, tex_number, unicode_to_tex

#: About how many em of a line (A4, 2 cm margins, 11 pt) the matrices of one display may take.
LINE_EMS = 42.0

#: The macros the document uses; \providecommand so that a fragment can bring its own.
MACROS = (
    "\\providecommand{\\ctblank}{\\boxed{\\phantom{00}}}% a blank for the student\n"
    "\\providecommand{\\ctpad}[1]{\\mathit{#1}}% a padded value\n"
)


def preamble(columns: int) -> str:
    """A plain ``article`` with amsmath; ``columns``: the widest matrix (amsmath stops at 10)."""
    return (
        "\\documentclass[11pt]{article}\n"
        "\\usepackage[a4paper,margin=2cm]{geometry}\n"
        "\\usepackage{amsmath}\n"
        f"\\setcounter{{MaxMatrixCols}}{{{columns}}}\n"
        "\\setlength{\\parindent}{0pt}\n"
        "\\setlength{\\parskip}{0.6em}\n"
        "\\allowdisplaybreaks\n"
    )


_SPECIAL = {
    "\\": "\\textbackslash{}",
    "{": "\\{",
    "}": "\\}",
    "$": "\\$",
    "&": "\\&",
    "#": "\\#",
    "%": "\\%",
    "_": "\\_",
    "^": "\\textasciicircum{}",
    "~": "\\textasciitilde{}",
    "<": "\\textless{}",
    ">": "\\textgreater{}",
    "|": "\\textbar{}",
    # Unicode that a plain (OT1) pdflatex setup would not know, written the TeX way
    "\u00d7": "$\\times$",
    "\u2212": "$-$",
    "\u00b7": "$\\cdot$",
    "\u2013": "--",
    "\u2014": "---",
    "\u2018": "`",
    "\u2019": "'",
    "\u201c": "``",
    "\u201d": "''",
    "\u2026": "\\dots{}",
    "\u00b0": "$^\\circ$",
    "\u2081": "$_1$",
    "\u2082": "$_2$",
    "\u230a": "$\\lfloor$",
    "\u230b": "$\\rfloor$",
    "\u00a0": "~",
}


def escape(text: str) -> str:
    """User text as literal LaTeX text (specials escaped, common Unicode written in TeX)."""
    return "".join(_SPECIAL.get(ch, ch) for ch in " ".join(text.split()))


def math(unicode: str) -> str:
    """Unicode math (``W₁×H₁ = 5×5``) as inline TeX math."""
    return f"${unicode_to_tex(unicode)}$"


def _entry_ems(text: str) -> float:
    """About how wide a matrix entry sets, in em (digits 0.5, a minus 0.8, a point 0.3)."""
    return sum(0.8 if ch == "-" else 0.3 if ch == "." else 0.5 for ch in text)


def matrix_pieces(
    label: str,
    values: Sequence[Sequence[Number]] | None,
    shape: tuple[int, int] | None = None,
    *,
    italic: Callable[[int, int], bool] | None = None,
    blank: bool = False,
) -> list[tuple[str, float]]:
    """A labelled ``bmatrix`` (``label`` is LaTeX text) as ``(math, width in em)`` pieces: one,
    or bands of columns when it is wider than a line (a long 1-D signal, a wide input).

    ``italic(r, c)`` marks padding; ``blank`` gives boxes for the student.
    """
    rows, cols = shape if shape is not None else (len(values), len(values[0]))
    if blank:
        texts = [["\\ctblank"] * cols for _ in range(rows)]
        column_ems = 2.6
    else:
        plain = [[tex_number(number_text(v)) for v in values[r]] for r in range(rows)]
        column_ems = max(_entry_ems(t) for row in plain for t in row) + 0.9
        texts = plain
        if italic is not None:
            texts = [
                [f"\\ctpad{{{t}}}" if italic(r, c) else t for c, t in enumerate(row)]
                for r, row in enumerate(plain)
            ]
    label_ems = 0.5 * len(label) + 1.5
    per_band = max(1, int((LINE_EMS - label_ems - 1.5) // column_ems))
    if per_band < cols:  # the labels of bands are longer: ", columns 20--29"
        label_ems += 0.5 * len(f", columns {cols}--{cols}")
        per_band = max(1, int((LINE_EMS - label_ems - 1.5) // column_ems))
    pieces = []
    for start in range(0, cols, per_band):
        stop = min(cols, start + per_band)
        name = label if stop - start == cols else f"{label}, columns {start}--{stop - 1}"
        body = " \\\\\n".join(" & ".join(row[start:stop]) for row in texts)
        math = f"\\text{{{name}}} = \\begin{{bmatrix}}\n{body}\n\\end{{bmatrix}}"
        pieces.append((math, label_ems + 1.5 + (stop - start) * column_ems))
    return pieces


def displays(pieces: list[tuple[str, float]]) -> str:
    """Labelled matrices side by side while they fit on a line, else one display each."""
    out: list[list[str]] = []
    group: list[str] = []
    width = 0.0
    for math, ems in pieces:
        if group and width + 2 + ems > LINE_EMS:
            out.append(group)
            group, width = [], 0.0
        group.append(math)
        width += ems + (2 if len(group) > 1 else 0)
    if group:
        out.append(group)
    return "".join("\\[\n" + "\n\\qquad\n".join(g) + "\n\\]\n" for g in out) + "\n"


def bracket_lines(formula: str) -> list[str]:
    """``[…] + […] + […] = s`` cut before each kernel row's bracket, for ``align*``."""
    pieces = formula.split("] + [")
    last = len(pieces) - 1
    return [
        ("" if n == 0 else "+ [") + piece + ("]" if n < last else "")
        for n, piece in enumerate(pieces)
    ]


_MATH_EMS = {"\\ctblank": 2.6, "\\cdot": 0.8, "\\times": 0.8, "\\phantom{=}": 0.8, "\\,": 0.2}


def _math_ems(text: str) -> float:
    """About how wide a line of the sums sets, in em."""
    ems = 0.0
    for command, width in _MATH_EMS.items():
        ems += text.count(command) * width
        text = text.replace(command, "")
    return ems + 0.5 * len(text.replace(" ", "")) + 0.3 * text.count(" + ")


def wrap_terms(line: str, budget: float) -> list[str]:
    """A line of products (``[a \\cdot b + c \\cdot d + …]``) cut between terms into lines
    that fit ``budget`` em; continuation lines start with ``\\quad +``."""
    if _math_ems(line) <= budget:
        return [line]
    lines: list[str] = []
    current = ""
    for term in line.split(" + "):
        candidate = f"{current} + {term}" if current else term
        if current and _math_ems(candidate) > budget:
            lines.append(current)
            current = term
        else:
            current = candidate
    lines.append(current)
    return [lines[0]] + [f"\\quad + {rest}" for rest in lines[1:]]


class LatexWriter:
    """Writes one trace as LaTeX, chunk by chunk (see :func:`iter_latex`)."""

    def __init__(
        self,
        trace: Trace,
        *,
        cells: Iterable[Cell] | None = None,
        fragment: bool = False,
        worksheet: bool = False,
        answers: bool = False,
    ) -> None:
        self.trace = trace
        self.task = trace.task
        self.fragment = fragment
        self.worksheet = worksheet
        self.answers = answers and worksheet
        self.cells = selected_cells(cells, twice=self.answers)
        self.formulas = FormulaText(TEX, tex=True)
        self.where = WhereText(trace, escape, "--")
        self.names = {name: escape(name) for name in self.task.channel_names}

    def cell_count(self) -> int | None:
        """How many cells the per-cell part has (``None``: unknown, cells from an iterator)."""
        if self.cells is None:
            return len(self.trace)
        return len(self.cells) if isinstance(self.cells, Sequence) else None

    def each_cell(self) -> Iterable[Cell]:
        return self.trace.cells() if self.cells is None else self.cells

    def __iter__(self) -> Iterator[str]:
        task = self.task
        title = task.title or "Convolution trace"
        if task.title is None and task.source:
            title += f" ({task.source})"
        if self.worksheet:
            title += " (worksheet)"
        columns = max(20, self.trace.padded.shape[2], self.trace.shape[2])
        if self.fragment:
            yield (
                "% convtrace fragment: \\input it in a document that loads amsmath\n"
                f"\\setcounter{{MaxMatrixCols}}{{{columns}}}\n" + MACROS + "\n"
            )
        else:
            yield preamble(columns) + MACROS + "\n\\begin{document}\n\n"
        yield f"\\section*{{{escape(title)}}}\n\n"
        if task.description:
            yield escape(task.description) + "\n\n"
        if (self.cell_count() or 0) >= TOC_MIN_CELLS and not self.fragment:
            yield "\\tableofcontents\n\n"
        yield self.section("Hyperparameters")
        items = hyperparameter_items(task, math, escape)
        yield "\\begin{itemize}\n" + "".join(f"\\item {i}\n" for i in items) + "\\end{itemize}\n\n"
        yield self.section("Output size")
        yield "\n\n".join(output_size_lines(self.trace, math, escape)) + "\n\n"
        yield from self.volumes()
        yield from self.filters()
        yield self.section("Cell by cell")
        if self.worksheet:
            yield (
                "Work out each product, each channel's sum and the output value, and write "
                "them in the boxes.\n\n"
            )
        for cell in self.each_cell():
            yield self.cell_section(cell, blank=self.worksheet)
        yield self.output_section(blank=self.worksheet)
        if self.answers:
            yield "\\newpage\n" + self.section("Answers")
            for cell in self.each_cell():
                yield self.cell_section(cell, blank=False, toc=False)
            yield self.output_section(blank=False, level="subsection")
        if not self.fragment:
            yield "\\end{document}\n"

    def section(self, title: str, level: str = "section") -> str:
        return f"\\{level}*{{{title}}}\n\\addcontentsline{{toc}}{{{level}}}{{{title}}}\n\n"

    def volumes(self) -> Iterator[str]:
        trace, task = self.trace, self.task
        yield self.section("Input volume")
        yield displays(
            [
                piece
                for c, name in enumerate(task.channel_names)
                for piece in matrix_pieces(escape(name), task.x[c].tolist())
            ]
        )
        if not any(task.padding):
            return
        top, bottom, left, right = task.padding
        if task.one_d:
            sides = math(f"P = {left}") if left == right else f"left {left}, right {right}"
        elif top == bottom == left == right:
            sides = math(f"P = {top}")
        else:
            sides = f"top {top}, bottom {bottom}, left {left}, right {right}"
        mode = "Zero" if task.padding_mode == "zeros" else task.padding_mode.capitalize()
        yield self.section("Padded input")
        yield (
            f"{mode} padding {sides}. Padding in \\textit{{italics}}: "
            f"{PADDING_EXPLAINED[task.padding_mode]}. Windows are counted in these padded "
            f"{'positions' if task.one_d else 'rows and columns'}, from 0.\n\n"
        )
        yield displays(
            [
                piece
                for c, name in enumerate(task.channel_names)
                for piece in matrix_pieces(
                    f"{escape(name)}, padded", trace.padded[c].tolist(), italic=trace.is_padding
                )
            ]
        )

    def filters(self) -> Iterator[str]:
        trace, task = self.trace, self.task
        yield self.section("Filters")
        for k, f in enumerate(task.filters):
            names = [task.channel_names[c] for c in task.channels_of(k)]
            line = f"Filter \\textbf{{{escape(f.name)}}}, bias {math(f'b = {number_text(f.bias)}')}"
            if task.groups != 1:
                plural = "s" if len(names) > 1 else ""
                line += f", sees channel{plural} {', '.join(escape(n) for n in names)}"
            yield line + "\n"
            pieces = []
            for c, name in enumerate(names):
                label = f"{escape(f.name)}, {escape(name)}"
                pieces += matrix_pieces(label, f.weights[c].tolist())
                if task.flip:
                    pieces += matrix_pieces(f"{label}, rotated", trace.kernels[k, c].tolist())
            yield displays(pieces)

    def channel_lines(self, step: ChannelStep, blank: bool) -> list[str]:
        """One line per kernel row (and more where a row is wider than the page)."""
        name = f"\\text{{{self.names[step.name]}:}}\\quad "
        budget = LINE_EMS - 0.5 * len(self.names[step.name]) - 4
        lines = bracket_lines(self.formulas.channel(step, result=not blank))
        if blank:
            boxes = ["[\\," + " + ".join(["\\ctblank"] * len(row)) + "\\,]" for row in step.weights]
            lines.append(f"= {boxes[0]}")
            lines += [f"\\phantom{{=}} + {box}" for box in boxes[1:]]
            lines.append("= \\ctblank")
        wrapped = [part for line in lines for part in wrap_terms(line, budget)]
        return [f"{name}&{wrapped[0]}"] + [f"&{line}" for line in wrapped[1:]]

    def cell_section(self, cell: Cell, *, blank: bool, toc: bool = True) -> str:
        label = cell_label(cell)
        parts = [f"\\subsection*{{$\\boldsymbol{{{label}}}$}}\n"]
        if toc:
            parts.append(f"\\addcontentsline{{toc}}{{subsection}}{{${label}$}}\n")
        where = self.where(cell)
        parts.append(where + ".\n")
        lines: list[str] = []
        for step in cell.channels:
            lines += self.channel_lines(step, blank)
        if blank:
            sums = " + ".join(["\\ctblank"] * len(cell.channels))
            bias = tex_number(TEX.factor(cell.bias))
            lines.append(f"{label} &= {sums} + {bias} = \\ctblank")
        else:
            lines.append(f"{label} &= {self.formulas.total(cell)}")
        parts.append("\\begin{align*}\n" + " \\\\\n".join(lines) + "\n\\end{align*}\n\n")
        return "".join(parts)

    def output_section(self, *, blank: bool, level: str = "section") -> str:
        trace = self.trace
        shape = "×".join(str(s) for s in trace.shape)
        h, w = trace.shape[1:]
        parts = [self.section("Output volume", level), f"{math(shape)} (filters, rows, columns).\n"]
        parts.append(
            displays(
                [
                    piece
                    for k, f in enumerate(self.task.filters)
                    for piece in matrix_pieces(
                        f"$o[{k}]$ ({escape(f.name)})",
                        trace.output[k].tolist(),
                        (h, w),
                        blank=blank,
                    )
                ]
            )
        )
        return "".join(parts)


def iter_latex(
    trace: Trace,
    *,
    cells: Iterable[Cell] | None = None,
    fragment: bool = False,
    worksheet: bool = False,
    answers: bool = False,
) -> Iterator[str]:
    """The LaTeX document (or ``fragment``) in chunks, ending with one newline.

    Args:
        cells: only these cells in the per-cell part (``None``: every cell, made lazily).
        fragment: no preamble and no ``document`` environment, to ``\\input`` elsewhere.
        worksheet: boxes instead of the products' results, channel sums and output values.
        answers: with ``worksheet``, append the full solution after ``\\newpage``.
    """
    yield from ending_in_one_newline(
        LatexWriter(trace, cells=cells, fragment=fragment, worksheet=worksheet, answers=answers)
    )


def render_latex(
    trace: Trace,
    *,
    cells: Iterable[Cell] | None = None,
    fragment: bool = False,
    worksheet: bool = False,
    answers: bool = False,
) -> str:
    """The whole LaTeX document (or fragment) as one string."""
    return "".join(
        iter_latex(trace, cells=cells, fragment=fragment, worksheet=worksheet, answers=answers)
    )

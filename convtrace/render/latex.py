"""The worked solution in LaTeX: a whole document that compiles in one run, or a fragment.

Syntax only: the blocks come from :mod:`convtrace.solution.outline`, as for Markdown. Matrices
are ``bmatrix`` (padding in italics, in bands of columns where wider than the page), the by-hand
sums ``align*`` with one kernel row per line. The document needs ``amsmath`` and ``geometry``
only; convtrace's own text is ASCII TeX and the common Unicode signs of user text are written as
TeX, so pdflatex, lualatex and xelatex compile it without inputenc or fontenc. Its contents are
a list written out (no ``\\tableofcontents``), so one run gives the complete PDF.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..engine import Cell, Trace
from ..language import _
from ..numbers import TEX, UNICODE, matrix_texts
from ..solution.blocks import (
    Cells,
    Contents,
    Facts,
    Formulas,
    Heading,
    Legend,
    Matrices,
    Matrix,
    PageBreak,
    Paragraph,
)
from ..solution.document import Options, matrix_columns, outline
from ..solution.outline import parse_blanks
from .chunks import ending_in_one_newline

#: About how many em of a line (A4, 2 cm margins, 11 pt) the matrices of one display may take.
LINE_EMS = 42.0

#: The macros the document uses; \providecommand so that a fragment can bring its own.
MACROS = (
    "\\providecommand{\\ctblank}{\\boxed{\\phantom{00}}}% a blank for the student\n"
    "\\providecommand{\\ctpad}[1]{\\mathit{#1}}% a padded value\n"
)

BLANK = "\\ctblank"


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
    "\u2308": "$\\lceil$",
    "\u2309": "$\\rceil$",
    "\u2190": "$\\leftarrow$",
    "\u2192": "$\\rightarrow$",
    "\u00a0": "~",
    "\u2202": "$\\partial$",
    "\u03a3": "$\\Sigma$",
    "\u2299": "$\\odot$",
    "\u1d40": "$^T$",
    "\u2264": "$\\leq$",
}


def escape(text: str) -> str:
    """User text as literal LaTeX text (specials escaped, common Unicode written in TeX, runs
    of white space one space)."""
    return escape_words(" ".join(text.split()))


_TRANSLATION = str.maketrans(_SPECIAL)


def escape_words(text: str) -> str:
    """Text of convtrace's own as LaTeX text, its spaces kept."""
    return text.translate(_TRANSLATION)


def math(text: str) -> str:
    """TeX math, inline."""
    return f"${text}$"


def _entry_ems(text: str) -> float:
    """About how wide a matrix entry sets, in em (digits 0.5, a minus 0.8, a point 0.3)."""
    return sum(0.8 if ch == "-" else 0.3 if ch == "." else 0.5 for ch in text)


def matrix_pieces(
    label: str, values, shape=None, *, italic=None, blank: bool = False, bold=None
) -> list[tuple[str, float]]:
    """A labelled ``bmatrix`` (``label`` is LaTeX text) as ``(math, width in em)`` pieces: one,
    or bands of columns when it is wider than a line. ``italic(r, c)`` marks padding, ``bold``
    other marked cells; ``blank`` gives boxes for the student."""
    rows, cols = shape if shape is not None else (len(values), len(values[0]))
    if blank:
        texts = [[BLANK] * cols for __ in range(rows)]
        column_ems = 2.6
    else:
        plain = matrix_texts(values[:rows], TEX.number)
        column_ems = max(_entry_ems(t) for t in set().union(*map(set, plain))) + 0.9
        texts = plain
        if italic is not None:
            texts = [
                [f"\\ctpad{{{t}}}" if italic(r, c) else t for c, t in enumerate(row)]
                for r, row in enumerate(plain)
            ]
        if bold is not None:
            texts = [
                [f"\\mathbf{{{t}}}" if bold(r, c) else t for c, t in enumerate(row)]
                for r, row in enumerate(texts)
            ]
    label_ems = 0.5 * len(label) + 1.5
    per_band = max(1, int((LINE_EMS - label_ems - 1.5) // column_ems))
    if per_band < cols:  # the labels of bands are longer: ", columns 20--29"
        label_ems += 0.5 * len(", " + _("columns {first}--{last}").format(first=cols, last=cols))
        per_band = max(1, int((LINE_EMS - label_ems - 1.5) // column_ems))
    pieces = []
    for start in range(0, cols, per_band):
        stop = min(cols, start + per_band)
        band = _("columns {first}--{last}").format(first=start, last=stop - 1)
        name = label if stop - start == cols else f"{label}, {band}"
        body = " \\\\\n".join(" & ".join(row[start:stop]) for row in texts)
        display = f"\\text{{{name}}} = \\begin{{bmatrix}}\n{body}\n\\end{{bmatrix}}"
        pieces.append((display, label_ems + 1.5 + (stop - start) * column_ems))
    return pieces


def displays(pieces: Iterable[tuple[str, float]]) -> Iterator[str]:
    """Labelled matrices side by side while they fit on a line, else one display each: written
    a line at a time, so that a big input's bands are never all in memory at once."""
    group: list[str] = []
    width = 0.0
    for display, ems in pieces:
        if group and width + 2 + ems > LINE_EMS:
            yield "\\[\n" + "\n\\qquad\n".join(group) + "\n\\]\n"
            group, width = [], 0.0
        group.append(display)
        width += ems + (2 if len(group) > 1 else 0)
    yield ("\\[\n" + "\n\\qquad\n".join(group) + "\n\\]\n" if group else "") + "\n"


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
    # every character sets at most 0.6 em: most lines fit without being measured
    if 0.6 * len(line) <= budget or _math_ems(line) <= budget:
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


def _padding_at(inside, rows: int, cols: int):
    top, bottom, left, right = inside

    def italic(r: int, c: int) -> bool:
        return not (top <= r < rows - bottom and left <= c < cols - right)

    return italic


class LatexWriter:
    """Writes one trace's worked solution as LaTeX, chunk by chunk."""

    def __init__(
        self,
        trace: Trace,
        *,
        cells: Iterable[Cell] | None = None,
        fragment: bool = False,
        worksheet: bool = False,
        answers: bool = False,
        selection: dict | None = None,
        blank=None,
    ) -> None:
        self.trace = trace
        self.fragment = fragment
        self.options = Options(
            math=TEX,
            text=UNICODE,
            worksheet=worksheet,
            answers=answers and worksheet,
            cells=cells,
            selection=selection,
            blanks=parse_blanks(blank) if worksheet else None,
        )
        self.labels: dict[str, str] = {}  # a channel's label in the sums, written once
        self.in_answers = False

    def runs(self, runs) -> str:
        parts = []
        for kind, text in runs:
            if kind == "m":
                parts.append(math(text))
            elif kind == "_":
                parts.append(math(BLANK))
            elif kind in ("b", "s"):
                parts.append(f"\\textbf{{{escape(text)}}}")
            elif kind == "u":
                parts.append(escape(text))
            else:
                parts.append(escape_words(text))
        return "".join(parts)

    def __iter__(self) -> Iterator[str]:
        columns = max(20, matrix_columns(self.trace))
        if self.fragment:
            yield (
                "% convtrace fragment: \\input it in a document that loads amsmath\n"
                f"\\setcounter{{MaxMatrixCols}}{{{columns}}}\n" + MACROS + "\n"
            )
        else:
            yield preamble(columns) + MACROS + "\n\\begin{document}\n\n"
        for block in outline(self.trace, self.options):
            if getattr(block, "only", None) == "screen":
                continue
            yield from self.write(block)
        if not self.fragment:
            yield "\\end{document}\n"

    def section(self, title: str, level: int = 2) -> str:
        command = "section" if level <= 2 else "subsection"
        return f"\\{command}*{{{title}}}\n\n"

    def write(self, block) -> Iterator[str]:
        if isinstance(block, Heading):
            if block.level == 1:
                yield f"\\section*{{{self.runs(block.runs)}}}\n\n"
            else:
                if block.anchor == "answers":
                    self.in_answers = True
                yield self.section(self.runs(block.runs), block.level)
        elif isinstance(block, Paragraph):
            yield self.runs(block.runs) + "\n\n"
        elif isinstance(block, Facts):
            yield self.section(_("Hyperparameters"), block.level)
            items = "".join(f"\\item {self.fact(fact)}\n" for fact in block.facts)
            yield "\\begin{itemize}\n" + items + "\\end{itemize}\n\n"
        elif isinstance(block, Formulas):
            yield "".join(math(f"{s} = {n}") + "\n\n" for s, n in block.lines)
        elif isinstance(block, Matrices):
            if block.legend is not None:
                yield self.legend(block.legend)
            yield from displays(
                piece for m in block.items for piece in self.matrix(m, blank=block.blank)
            )
        elif isinstance(block, Contents):
            if not self.fragment:
                yield self.contents(block)
        elif isinstance(block, Cells):
            yield from self.cells(block)
        elif isinstance(block, PageBreak):
            yield "\\newpage\n"

    def fact(self, fact) -> str:
        text = escape(fact.name)
        if fact.math:
            text += " " + math(fact.math)
        if fact.note:
            text += f" ({escape(fact.note)})"
        return text

    def matrix(self, matrix: Matrix, *, blank: bool) -> list[tuple[str, float]]:
        rows, cols = matrix.values.shape
        italic = _padding_at(matrix.inside, rows, cols) if matrix.inside else None
        marks = matrix.marked
        return matrix_pieces(
            escape(matrix.label),
            matrix.values.tolist(),
            (rows, cols),
            italic=italic,
            blank=blank,
            bold=None if marks is None else lambda r, c: bool(marks[r, c]),
        )

    def legend(self, legend: Legend) -> str:
        marked = _("Padding in {italics}: {meaning}.").format(
            italics="\\textit{" + _("italics") + "}", meaning=escape(legend.meaning)
        )
        text = f"{self.runs(legend.intro)} {marked}"
        if legend.lines:
            copied = "; ".join(escape(line) for line in legend.lines)
            text += " " + _("Copied from: {sources}").format(sources=copied)
            text += f" ({escape(legend.note)})." if legend.note else "."
        return f"{text} {escape(legend.counted)}\n\n"

    def contents(self, block: Contents) -> str:
        """The contents written out: the sections, then the cells row by row."""
        task = self.trace.task
        what = _("position {list}") if task.one_d else _("col {list}")
        items = [f"\\item {escape(title)}" for title, __ in block.sections]
        rows: dict[tuple[int, int], list[int]] = {}
        for k, i, j in block.cells():
            rows.setdefault((k, i), []).append(j)
        lines = []
        for (k, i), cols in rows.items():
            name = escape(task.filters[k].name)
            if task.one_d:
                where = _("filter {name}").format(name=name)
            else:
                where = _("filter {name}, row {i}").format(name=name, i=i)
            listed = what.format(list=", ".join(map(str, cols)))
            lines.append(f"\\item {where}: {listed}")
        if lines:
            items[-1] += "\n\\begin{itemize}\n" + "\n".join(lines) + "\n\\end{itemize}"
        items += [f"\\item {escape(title)}" for title, __ in block.after]
        return (
            f"\\subsection*{{{_('Contents')}}}\n\\begin{{itemize}}\n"
            + "\n".join(items)
            + "\n\\end{itemize}\n\n"
        )

    def work_lines(self, line, blank: bool) -> list[str]:
        """A line of the work in ``align*``: a channel with one kernel row per line (more
        where a row is wider than the page), the total on one; blanks as boxes."""
        if line.kind == "total" and not blank:  # a gradient's total has its own lead
            label = line.lead.rstrip(" =") if line.lead else line.work.label
            return [f"{label} &= {line.text()}"]
        name = "" if line.lead else self.labels.get(line.name)
        if name is None:
            name = self.labels[line.name] = f"\\text{{{escape(line.name)}:}}\\quad "
        budget = LINE_EMS - 0.5 * len(line.name) - 4
        if blank:  # every run is math here: the words are operators, a blank a box
            groups = line.worksheet(self.options.blanks)
            rows = ["".join(BLANK if k == "_" else t for k, t in g).strip() for g in groups]
            if line.lead:
                return [f"{rows[0]} &{' '.join(rows[1:])}"]
        else:
            groups = line.groups()
            rows = [groups[0], *("+ " + g[3:] for g in groups[1:-1])]
            rows[-1] += groups[-1]
        fits = 0.6 * max(len(row) for row in rows) <= budget  # most rows: no need to measure
        wrapped = rows if fits else [part for row in rows for part in wrap_terms(row, budget)]
        first = f"{name}{line.lead.rstrip(' =')} &= {wrapped[0]}" if line.lead else None
        return [first or f"{name}&{wrapped[0]}", *("&" + row for row in wrapped[1:])]

    def cells(self, block: Cells) -> Iterator[str]:
        if block.instructions:
            yield f"{block.instructions[:-1].replace('blanks', 'boxes')}.\n\n"
        for row in block.rows():
            parts = []
            for work in row:
                label = work.label.replace("\u2202", "\\partial ").replace("_", "\\_")
                parts.append(f"\\subsection*{{$\\boldsymbol{{{label}}}$}}\n")
                where = work.where_blank() if "windows" in block.blanks else None
                parts.append((self.runs(where) if where else escape(work.where)) + ".\n")
                lines: list[str] = []
                for line in work.lines:
                    lines += self.work_lines(line, block.blank)
                parts.append("\\begin{align*}\n" + " \\\\\n".join(lines) + "\n\\end{align*}\n\n")
            yield "".join(parts)


def iter_latex(
    trace: Trace,
    *,
    cells: Iterable[Cell] | None = None,
    fragment: bool = False,
    worksheet: bool = False,
    answers: bool = False,
    selection: dict | None = None,
    blank=None,
) -> Iterator[str]:
    """The LaTeX document (or ``fragment``) in chunks, ending with one newline.

    Args:
        cells: only these cells in the per-cell part (``None``: every cell, made lazily).
        fragment: no preamble and no ``document`` environment, to ``\\input`` elsewhere.
        worksheet: boxes for the student to fill in (what ``blank`` names, as for Markdown).
        answers: with ``worksheet``, append the full solution after ``\\newpage``.
        selection: ``filters``/``rows``/``cols`` of the trace's cells (instead of ``cells``).
        blank: what the worksheet leaves blank (as for :func:`~.markdown.iter_markdown`).
    """
    yield from ending_in_one_newline(
        LatexWriter(
            trace,
            cells=cells,
            fragment=fragment,
            worksheet=worksheet,
            answers=answers,
            selection=selection,
            blank=blank,
        )
    )


def render_latex(trace: Trace, **options) -> str:
    """The whole LaTeX document (or fragment) as one string."""
    return "".join(iter_latex(trace, **options))

"""The worked solution in Markdown that renders on GitHub, in Jupyter, Obsidian and pandoc.

Syntax only: the blocks come from :mod:`convtrace.solution.outline`. Matrices are GitHub tables
(column indices as the header, row indices in the first column, padding in italics); the by-hand
sums are LaTeX math (``$[0 \\cdot 1 + …] = 0$``), or Unicode text with ``plain_math``. A file
starts with a YAML block whose ``pagetitle`` pandoc reads. The document is made in chunks (a
section or a row of cells at a time), so a huge trace streams to its file.
"""

from __future__ import annotations

import json
import os
import re
import urllib.parse
from collections.abc import Iterable, Iterator
from itertools import chain, islice

from ..engine import Cell, Trace
from ..language import _
from ..numbers import TEX, UNICODE, matrix_texts
from ..numbers import readable as number_text
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
    PictureFile,
    coalesce,
)
from ..solution.document import Options, outline
from ..solution.outline import cell_anchor, parse_blanks
from ..solution.words import title as title_of
from .chunks import ending_in_one_newline

#: A notebook shows at most this many cells of a trace (the rest: export the whole document).
NOTEBOOK_MAX_CELLS = 64

#: What a student fills in, as Markdown text (renders as ``___``).
BLANK = "\\_\\_\\_"

#: The page break before the answers: honoured when printing from a browser, Jupyter or
#: Obsidian; invisible on GitHub (the thematic break after it shows where the answers start).
PAGE_BREAK = '<div style="page-break-before: always;"></div>'

_ESCAPE = str.maketrans({ch: "\\" + ch for ch in "\\`*_[]<>|$~&#"})
_LINE_START = re.compile(r"^([>+\-=]|\d+[.)])")
_FORMULA_ESCAPE = str.maketrans({ch: "\\" + ch for ch in "\\`*_<>|$~"})


def escape(text: str) -> str:
    """User text (titles, names) as literal Markdown: no emphasis, links, math or table cells."""
    text = " ".join(text.split()).translate(_ESCAPE)
    return _LINE_START.sub(r"\\\1", text)


def escape_formula(text: str) -> str:
    """Text of convtrace's own as Markdown: brackets stay as they are (``\\[`` would start
    display math in Jupyter and Obsidian; ``[a] + [b]`` is no link anywhere)."""
    return text.translate(_FORMULA_ESCAPE)


def table(
    values, shape: tuple[int, int] | None = None, *, italic=None, blank: bool = False, bold=None
):
    """A matrix as a GFM table: header = column indices, first column = row indices (bold).

    ``italic(r, c)`` marks cells (padding), ``bold(r, c)`` others (a ReLU's changes); ``blank``
    writes ``\\_\\_\\_`` instead of the values.
    """
    rows, cols = shape if shape is not None else (len(values), len(values[0]))
    lines = [
        "|   | " + " | ".join(str(c) for c in range(cols)) + " |",
        "|--:|" + "--:|" * cols,
    ]
    texts = None if blank else matrix_texts(values[:rows], number_text)
    for r in range(rows):
        if texts is None:
            cells = [BLANK] * cols
        else:
            cells = texts[r]
            if italic is not None:
                cells = [f"*{t}*" if italic(r, c) else t for c, t in enumerate(cells)]
            if bold is not None:
                cells = [f"**{t}**" if bold(r, c) else t for c, t in enumerate(cells)]
        lines.append(f"| **{r}** | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n\n"


def _dollars(text: str) -> str:
    """``$…$`` hugging the math (pandoc reads no math after ``$ ``), its spaces outside."""
    if not (text.startswith(" ") or text.endswith(" ")):
        return f"${text}$"
    core = text.strip()
    if not core:
        return text
    start = text.index(core[0])
    return f"{text[:start]}${core}${text[start + len(core) :]}"


def _padding_at(inside: tuple[int, int, int, int], rows: int, cols: int):
    top, bottom, left, right = inside

    def italic(r: int, c: int) -> bool:
        return not (top <= r < rows - bottom and left <= c < cols - right)

    return italic


class MarkdownWriter:
    """Writes one trace's worked solution as Markdown, chunk by chunk."""

    def __init__(
        self,
        trace: Trace,
        *,
        cells: Iterable[Cell] | None = None,
        plain_math: bool = False,
        worksheet: bool = False,
        answers: bool = False,
        selection: dict | None = None,
        front_matter: bool = True,
        pictures: tuple[PictureFile, ...] = (),
        blank=None,
    ) -> None:
        self.trace = trace
        self.plain_math = plain_math
        self.front_matter = front_matter
        self.options = Options(
            math=UNICODE if plain_math else TEX,
            text=UNICODE,
            worksheet=worksheet,
            answers=answers and worksheet,
            cells=cells,
            selection=selection,
            user=escape,
            pictures=pictures,
            blanks=parse_blanks(blank) if worksheet else None,
        )
        self.heads: dict[tuple, str] = {}

    def runs(self, runs) -> str:
        parts = []
        for kind, text in runs:
            if kind == "m":
                parts.append(escape_formula(text) if self.plain_math else _dollars(text))
            elif kind == "_":
                parts.append(BLANK)
            elif kind == "u":
                parts.append(escape(text))
            elif kind == "b":
                parts.append(f"**{escape(text)}**")
            elif kind == "s":
                parts.append(f"**{escape_formula(text)}**")
            else:
                parts.append(escape_formula(text))
        return "".join(parts)

    def math(self, text: str) -> str:
        return self.runs([("m", text)])

    def __iter__(self) -> Iterator[str]:
        if self.front_matter:
            yield f"---\npagetitle: {json.dumps(self.title(), ensure_ascii=False)}\n---\n\n"
        for block in outline(self.trace, self.options):
            if getattr(block, "only", None) == "screen":
                continue
            yield from self.write(block)

    def title(self) -> str:
        text = title_of(self.trace.task)
        return _("{title} (worksheet)").format(title=text) if self.options.worksheet else text

    def write(self, block) -> Iterator[str]:
        if isinstance(block, Heading):
            yield f"{'#' * block.level} {self.runs(block.runs)}\n\n"
        elif isinstance(block, Paragraph):
            yield self.runs(block.runs) + "\n\n"
        elif isinstance(block, Facts):
            yield f"{'#' * block.level} {_('Hyperparameters')}\n\n"
            yield "".join(f"- {self.fact(fact)}\n" for fact in block.facts) + "\n"
        elif isinstance(block, Formulas):
            yield "".join(self.math(f"{s} = {n}") + "\n\n" for s, n in block.lines)
        elif isinstance(block, Matrices):
            if block.legend is not None:
                yield self.legend(block.legend)
            for matrix in block.items:
                yield self.matrix(matrix, blank=block.blank)
        elif isinstance(block, Contents):
            yield from self.contents(block)
        elif isinstance(block, Cells):
            yield from self.cells(block)
        elif isinstance(block, PageBreak):
            yield f"{PAGE_BREAK}\n\n---\n\n"
        elif isinstance(block, PictureFile):
            link = urllib.parse.quote(block.file.replace(os.sep, "/"))
            yield f"![{escape(block.alt)}]({link})\n\n{self.runs(block.caption)}\n\n"

    def fact(self, fact) -> str:
        text = escape_formula(fact.name)
        if fact.math:
            text += " " + self.math(fact.math)
        if fact.note:
            text += f" ({escape_formula(fact.note)})"
        return text

    def matrix(self, matrix: Matrix, *, blank: bool = False) -> str:
        values = matrix.values
        rows, cols = values.shape
        italic = _padding_at(matrix.inside, rows, cols) if matrix.inside else None
        caption = self.runs(matrix.caption)
        marks = matrix.marked
        bold = None if marks is None else lambda r, c: bool(marks[r, c])
        return f"{caption}\n\n" + table(
            values.tolist(), (rows, cols), italic=italic, blank=blank, bold=bold
        )

    def legend(self, legend: Legend) -> str:
        marked = _("Padding in {italics}: {meaning}.").format(
            italics=_("*italics*"), meaning=legend.meaning
        )
        text = f"{self.runs(legend.intro)} {marked}"
        if legend.lines:
            copied = "; ".join(escape_formula(line) for line in legend.lines)
            text += " " + _("Copied from: {sources}").format(sources=copied)
            text += f" ({legend.note})." if legend.note else "."
        return f"{text} {legend.counted}\n\n"

    def contents(self, block: Contents) -> Iterator[str]:
        lines = [f"## {_('Contents')}\n"]
        lines += [f"- [{title}](#{anchor})" for title, anchor in block.sections]
        yield "\n".join(lines) + "\n"
        task = self.trace.task
        names = [escape(f.name) for f in task.filters]
        one_d = task.one_d
        what = _("position {i}") if one_d else _("col {i}")
        row_key = None
        links: list[str] = []
        for k, i, j in block.cells():
            if (k, i) != row_key:
                if links:
                    yield " · ".join(links) + "\n"
                row_key, links = (k, i), []
                if one_d:
                    yield "  - " + _("filter {name}").format(name=names[k]) + ": "
                else:
                    said = _("filter {name}, row {i}").format(name=names[k], i=i)
                    yield f"  - {said}: "
            links.append(f"[{what.format(i=j)}](#{cell_anchor(k, i, j, one_d)})")
        if links:
            yield " · ".join(links) + "\n"
        yield "".join(f"- [{title}](#{anchor})\n" for title, anchor in block.after) + "\n"

    def work_line(self, line, blank: bool, dollar: str) -> str:
        """``- **R**: $[0 \\cdot 1 + …] = 0$``; on a worksheet, the results left blank."""
        head = self.heads.get(line.caption)
        if head is None:  # a caption is a channel's name or a phrase: written once each
            head = self.heads[line.caption] = f"- {self.runs(line.caption)}: "
        if not blank:
            return f"{head}{dollar}{line.lead}{line.text()}{dollar}\n"
        groups = line.worksheet(self.options.blanks)
        return head + self.runs(coalesce(run for group in groups for run in group)) + "\n"

    def cells(self, block: Cells) -> Iterator[str]:
        if block.instructions:
            yield f"{block.instructions[:-1]} ({BLANK}).\n\n"
        dollar = "" if self.plain_math else "$"
        blank = block.blank
        windows = "windows" in block.blanks
        for row in block.rows():
            if blank or not row or not hasattr(row, "line_texts"):  # layers' rows: cell by cell
                yield self.cells_one_by_one(row, blank, dollar, windows)
            else:
                yield self.row_text(row, dollar)

    def cells_one_by_one(self, row, blank: bool, dollar: str, windows: bool = False) -> str:
        parts = []
        for work in row:
            where = self.runs(work.where_blank()) if windows else work.where
            parts.append(f"### {work.label}\n\n{where}.\n\n")
            for line in work.lines:
                parts.append(self.work_line(line, blank, dollar))
            parts.append("\n")
        return "".join(parts)

    def row_text(self, row, dollar: str) -> str:
        """A whole row of cells in one formatting pass: the row's lines share their captions,
        so one template per row takes every cell's label, sentence and formulas."""
        template = ["### %s\n\n%s.\n\n"]
        columns = [row.labels, row.wheres]
        for line in row[0].lines:
            head = self.work_line(line, False, dollar).split(": ", 1)[0].replace("%", "%%")
            if line.lead:
                template.append(f"{head}: {dollar}%s = %s{dollar}\n")
                columns += [[work.label for work in row], row.line_texts(line)]
            else:
                template.append(f"{head}: {dollar}%s{dollar}\n")
                columns.append(row.line_texts(line))
        template.append("\n")
        values = chain.from_iterable(zip(*columns, strict=True))
        return ("".join(template) * len(row)) % tuple(values)


def iter_markdown(
    trace: Trace,
    *,
    cells: Iterable[Cell] | None = None,
    plain_math: bool = False,
    worksheet: bool = False,
    answers: bool = False,
    selection: dict | None = None,
    front_matter: bool = True,
    pictures: tuple[PictureFile, ...] = (),
    blank=None,
) -> Iterator[str]:
    """The Markdown document in chunks (a section or a row of cells each), ending with one
    newline.

    Args:
        cells: only these cells in the per-cell part (``None``: every cell, made lazily).
        plain_math: sums in Unicode text (``0·(−1)``) instead of LaTeX math.
        worksheet: leave blanks for the student (what ``blank`` names; by default the output
            size, the products, the channel sums and the output values).
        answers: with ``worksheet``, append the full solution after a page break.
        selection: ``filters``/``rows``/``cols`` of the trace's cells (instead of ``cells``).
        front_matter: start with the YAML block pandoc reads the title from.
        pictures: the output maps as pictures beside the document, shown after the output.
        blank: what the worksheet leaves blank (``--blank``: names of ``words.BLANKS``, as a
            text ``"size,products"`` or a list; ``None``: the default ones).
    """
    yield from ending_in_one_newline(
        MarkdownWriter(
            trace,
            cells=cells,
            plain_math=plain_math,
            worksheet=worksheet,
            answers=answers,
            selection=selection,
            front_matter=front_matter,
            pictures=pictures,
            blank=blank,
        )
    )


def render_markdown(trace: Trace, **options) -> str:
    """The whole Markdown document as one string (for notebooks and small traces)."""
    return "".join(iter_markdown(trace, **options))


def notebook_markdown(trace: Trace, max_cells: int = NOTEBOOK_MAX_CELLS) -> str:
    """What Jupyter shows for a trace: the worked solution, with the per-cell part cut after
    ``max_cells`` cells so that a big trace cannot flood the notebook."""
    if len(trace) <= max_cells or not isinstance(trace, Trace):  # a chain, a backward pass
        return render_markdown(trace, front_matter=False)
    text = render_markdown(trace, cells=islice(trace.cells(), max_cells), front_matter=False)
    rest = len(trace) - max_cells
    said = _(
        "The first {shown} of {total} cells are shown ({rest} more): "
        '`trace.cell(k, i, j)` gives any cell, and `write_export(trace, "trace.md")` '
        "(from `convtrace.export`) writes the whole document."
    ).format(shown=max_cells, total=len(trace), rest=rest)
    return text + f"\n*{said}*\n"

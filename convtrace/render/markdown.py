"""The trace as a Markdown worked solution that renders on GitHub, in Jupyter, Obsidian and pandoc.

Matrices are GitHub-flavoured tables (column indices as the header, row indices in the first
column, padding in italics); the by-hand sums are LaTeX math (``$[0 \\cdot 1 + …] = 0$``), the
formulas of :mod:`.formula` in a TeX notation (written fast by :mod:`.formula_text`), or Unicode
text with ``plain_math``. The document is made in chunks (a section or a cell at a time), so a
huge trace streams to its file.

Worksheet mode leaves the products' results, the channel sums and the output cells blank
(``\\_\\_\\_``) for a student to fill in; ``answers`` appends the full solution after a page break.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice

import numpy as np

from ..engine import Cell, CellRow, Trace, windows
from ..numbers import UNICODE, Number
from ..numbers import plain as number_text
from ..task import Task
from .chunks import ending_in_one_newline
from .formula import cell_label, size_formula, uncovered_note
from .formula_text import FormulaText
from .texmath import TEX, tex_number, unicode_to_tex

#: A trace with at least this many cells gets a table of contents.
TOC_MIN_CELLS = 6

#: A notebook shows at most this many cells of a trace (the rest: export the whole document).
NOTEBOOK_MAX_CELLS = 64

#: What a student fills in, as Markdown text (renders as ``___``).
BLANK = "\\_\\_\\_"

#: The page break before the answers: honoured when printing from a browser, Jupyter or
#: Obsidian; invisible on GitHub (the thematic break after it shows where the answers start).
PAGE_BREAK = '<div style="page-break-before: always;"></div>'

PADDING_EXPLAINED = {
    "zeros": "the added border of zeros",
    "reflect": "values mirrored at the edge (the edge itself not repeated)",
    "replicate": "the edge value repeated",
    "circular": "values wrapped around from the opposite side",
}

_ESCAPE = re.compile(r"([\\`*_\[\]<>|$~&#])")
_LINE_START = re.compile(r"^([>+\-=]|\d+[.)])")


def escape(text: str) -> str:
    """User text (titles, names) as literal Markdown: no emphasis, links, math or table cells."""
    text = " ".join(text.split())
    text = _ESCAPE.sub(r"\\\1", text)
    return _LINE_START.sub(r"\\\1", text)


_FORMULA_ESCAPE = re.compile(r"([\\`*_<>|$~])")


def escape_formula(text: str) -> str:
    """A formula of convtrace's own as Markdown text: brackets stay as they are (``\\[`` would
    start display math in Jupyter and Obsidian; ``[a] + [b]`` is no link anywhere)."""
    return _FORMULA_ESCAPE.sub(r"\\\1", text)


def slug(heading: str) -> str:
    """The anchor GitHub and pandoc both give a heading made of letters, digits and ``[, ]``."""
    kept = re.sub(r"[^\w\- ]", "", heading.lower())
    return kept.replace(" ", "-")


def cell_anchor(k: int, i: int, j: int, one_d: bool = False) -> str:
    """The anchor of a cell's heading (``o[k, i, j]``, or ``o[k, j]`` for a 1-D signal)."""
    return slug(f"o[{k}, {j}]" if one_d else f"o[{k}, {i}, {j}]")


def table(
    values: Sequence[Sequence[Number]] | None,
    shape: tuple[int, int] | None = None,
    *,
    italic: Callable[[int, int], bool] | None = None,
    blank: bool = False,
) -> str:
    """A matrix as a GFM table: header = column indices, first column = row indices (bold).

    ``italic(r, c)`` marks cells (padding); ``blank`` writes ``\\_\\_\\_`` instead of the values.
    """
    rows, cols = shape if shape is not None else (len(values), len(values[0]))
    lines = [
        "|   | " + " | ".join(str(c) for c in range(cols)) + " |",
        "|--:|" + "--:|" * cols,
    ]
    for r in range(rows):
        if blank:
            cells = [BLANK] * cols
        else:
            cells = [number_text(v) for v in values[r]]
            if italic is not None:
                cells = [f"*{t}*" if italic(r, c) else t for c, t in enumerate(cells)]
        lines.append(f"| **{r}** | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n\n"


def hyperparameter_items(
    task: Task, m: Callable[[str], str], escape: Callable[[str], str]
) -> list[str]:
    """The hyperparameters as list items; ``m`` writes Unicode math, ``escape`` user text."""
    rows, cols = task.axes
    names = ", ".join(escape(n) for n in task.channel_names)
    items = []
    if task.one_d:
        items.append(f"input signal {m(f'L₁×D₁ = {cols.size}×{task.channels}')} (channels {names})")
    else:
        items.append(
            "input volume "
            + m(f"W₁×H₁×D₁ = {cols.size}×{rows.size}×{task.channels}")
            + f" (channels {names})"
        )
    items.append(f"number of filters {m(f'K = {len(task.filters)}')}")
    fh, fw = task.kernel_size
    if task.one_d or fh == fw:
        items.append(f"filter size {m(f'F = {fw}')}")
    else:
        items.append(f"filter size {m(f'F = {fh}×{fw}')} (rows by columns)")
    if task.one_d or rows.stride == cols.stride:
        items.append(f"stride {m(f's = {cols.stride}')}")
    else:
        items.append(f"stride {m(f's = {rows.stride}, {cols.stride}')} (rows, columns)")
    top, bottom, left, right = task.padding
    mode = "zero" if task.padding_mode == "zeros" else task.padding_mode
    if task.one_d:
        pad = m(f"P = {left}") if left == right else f"{left} on the left, {right} on the right"
    elif top == bottom == left == right:
        pad = m(f"P = {top}")
    else:
        pad = f"{top} top, {bottom} bottom, {left} left, {right} right"
    rule = f" (padding \u201c{task.padding_rule}\u201d)" if task.padding_rule else ""
    items.append(f"{mode} padding {pad}{rule}")
    if task.padding_mode != "zeros":
        items[-1] += f": {PADDING_EXPLAINED[task.padding_mode]}"
    dh, dw = task.dilation
    if (dh, dw) != (1, 1):
        d = f"d = {dw}" if task.one_d or dh == dw else f"d = {dh}, {dw}"
        items.append(f"dilation {m(d)}")
    if task.groups != 1:
        items.append(
            f"groups: {task.groups} (each filter sees {task.channels // task.groups}"
            f" of the {task.channels} channels)"
        )
    if task.flip:
        items.append(f"kernels rotated by {m('180°')} first (true convolution)")
    return items


def output_size_lines(
    trace: Trace, m: Callable[[str], str], escape: Callable[[str], str]
) -> list[str]:
    """The output-size formulas with the numbers put in, one paragraph each."""
    task = trace.task
    rows, cols = task.axes
    lines = []
    same = not task.one_d and (
        rows.size,
        rows.kernel,
        rows.stride,
        rows.pad_before,
        rows.pad_after,
        rows.dilation,
    ) == (cols.size, cols.kernel, cols.stride, cols.pad_before, cols.pad_after, cols.dilation)
    axes = [] if same else ([cols] if task.one_d else [rows, cols])
    if same:
        symbols, numbers = size_formula(rows, UNICODE)
        symbols = symbols.replace("H\u2082 =", "H\u2082 = W\u2082 =", 1)
        lines.append(m(f"{symbols} = {numbers}"))
    for axis in axes:
        symbols, numbers = size_formula(axis, UNICODE)
        lines.append(m(f"{symbols} = {numbers}"))
    k, h_out, w_out = trace.shape
    lines.append(m(f"D₂ = K = {k}"))
    if task.one_d:
        lines.append(f"Output volume {m(f'L₂×D₂ = {w_out}×{k}')}.")
    else:
        lines.append(f"Output volume {m(f'W₂×H₂×D₂ = {w_out}×{h_out}×{k}')}.")
    for axis in task.axes:
        note = uncovered_note(axis)
        if note:
            lines.append(f"Note: {escape(note)}.")
    return lines


def selected_cells(
    cells: Iterable[Cell] | None, *, twice: bool
) -> Sequence[Cell] | Iterable[Cell] | None:
    """The cells to write: ``None`` (all, made lazily), a sequence as it is, and an iterator as
    it is (one pass, no table of contents) unless the document reads it twice (answers)."""
    if cells is None or isinstance(cells, Sequence):
        return cells
    return list(cells) if twice else cells


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _span(positions: range, dash: str) -> str:
    first, last = positions.start, positions[-1]
    return str(first) if first == last else f"{first}{dash}{last}"


class WhereText:
    """``Filter w0, row 0, column 0; window: padded rows 0–2, columns 0–2`` for each cell, the
    pieces per row, column and filter written once (a big export asks for them many times)."""

    def __init__(self, trace: Trace, escape: Callable[[str], str], dash: str) -> None:
        self.trace = trace
        self.dash = dash
        self.filters = [escape(f.name) for f in trace.task.filters]
        rows, cols = trace.axes
        one_d = trace.task.one_d
        steps = []
        if rows.dilation > 1 and not one_d:
            steps.append(f"{_ordinal(rows.dilation)} row")
        if cols.dilation > 1:
            steps.append(f"{_ordinal(cols.dilation)} {'position' if one_d else 'column'}")
        self.dilation = f" (dilation: every {' and every '.join(steps)})" if steps else ""
        self._rows: dict[int, str] = {}
        self._cols: dict[int, str] = {}

    def _row(self, i: int) -> str:
        text = self._rows.get(i)
        if text is None:
            span = self.trace.axes[0].window_positions(i)
            s = "s" if len(span) > 1 else ""
            text = self._rows[i] = f"row {i}", f"padded row{s} {_span(span, self.dash)}"
        return text

    def _col(self, j: int) -> str:
        text = self._cols.get(j)
        if text is None:
            span = self.trace.axes[1].window_positions(j)
            s = "s" if len(span) > 1 else ""
            what = "position" if self.trace.task.one_d else "column"
            text = self._cols[j] = f"{what} {j}", f"padded {what}{s} {_span(span, self.dash)}"
        return text

    def __call__(self, cell: Cell) -> str:
        col, col_window = self._col(cell.col)
        if self.trace.task.one_d:
            where = f"{col}; window: {col_window}"
        else:
            row, row_window = self._row(cell.row)
            where = f"{row}, {col}; window: {row_window}, {col_window[len('padded ') :]}"
        return f"Filter {self.filters[cell.filter]}, {where}{self.dilation}"


class MarkdownWriter:
    """Writes one trace as Markdown, chunk by chunk (see :func:`iter_markdown`)."""

    def __init__(
        self,
        trace: Trace,
        *,
        cells: Iterable[Cell] | None = None,
        plain_math: bool = False,
        worksheet: bool = False,
        answers: bool = False,
    ) -> None:
        self.trace = trace
        self.task = trace.task
        self.plain_math = plain_math
        self.worksheet = worksheet
        self.answers = answers and worksheet
        self.cells = selected_cells(cells, twice=self.answers)
        self.formulas = FormulaText(UNICODE) if plain_math else FormulaText(TEX, tex=True)
        self.where = WhereText(trace, escape, "\u2013")
        self.names = {name: escape(name) for name in self.task.channel_names}

    # -- small pieces -------------------------------------------------------------------------

    def math(self, unicode: str) -> str:
        """Unicode math (``W₁×H₁ = 5×5``) as ``$W_1 \\times H_1 = 5 \\times 5$`` or as it is."""
        if self.plain_math:
            return escape_formula(unicode)
        return f"${unicode_to_tex(unicode)}$"

    def cell_indices(self) -> Iterator[tuple[int, int, int]]:
        if self.cells is not None:
            for cell in self.cells:
                yield cell.filter, cell.row, cell.col
            return
        k_count, h_out, w_out = self.trace.shape
        for k in range(k_count):
            for i in range(h_out):
                for j in range(w_out):
                    yield k, i, j

    def cell_count(self) -> int | None:
        """How many cells the per-cell part has (``None``: unknown, cells from an iterator)."""
        if self.cells is None:
            return len(self.trace)
        return len(self.cells) if isinstance(self.cells, Sequence) else None

    # -- the document -------------------------------------------------------------------------

    def __iter__(self) -> Iterator[str]:
        yield self.title()
        if (self.cell_count() or 0) >= TOC_MIN_CELLS:
            yield from self.contents()
        yield self.hyperparameters()
        yield self.output_size()
        yield from self.volumes()
        yield from self.filters()
        yield "## Cell by cell\n\n"
        if self.worksheet:
            yield (
                "Work out each product, each channel's sum and the output value, and write them "
                f"in the blanks ({BLANK}).\n\n"
            )
        yield from self.cell_sections(blank=self.worksheet)
        yield self.output_section(blank=self.worksheet)
        if self.answers:
            yield f"{PAGE_BREAK}\n\n---\n\n## Answers\n\n"
            yield from self.cell_sections(blank=False)
            yield self.output_section(blank=False, heading="### Output volume")

    def cell_sections(self, *, blank: bool) -> Iterator[str]:
        """Every cell's section: given cells one by one, the whole trace a row at a time."""
        if self.cells is not None:
            for cell in self.cells:
                yield self.cell_section(cell, blank=blank)
            return
        rows = _RowWriter(self, blank=blank)
        for block in self.trace.rows():
            yield rows.sections(block)

    def title(self) -> str:
        task = self.task
        title = task.title or "Convolution trace"
        if task.title is None and task.source:
            title += f" ({task.source})"
        text = f"# {escape(title)}{' (worksheet)' if self.worksheet else ''}\n\n"
        if task.description:
            text += escape(task.description) + "\n\n"
        return text

    def contents(self) -> Iterator[str]:
        lines = ["## Contents\n", "- [Hyperparameters](#hyperparameters)"]
        lines.append("- [Output size](#output-size)")
        lines.append("- [Input volume](#input-volume)")
        if any(self.task.padding):
            lines.append("- [Padded input](#padded-input)")
        lines.append("- [Filters](#filters)")
        lines.append("- [Cell by cell](#cell-by-cell)")
        yield "\n".join(lines) + "\n"
        names = [escape(f.name) for f in self.task.filters]
        one_d = self.task.one_d
        what = "position" if one_d else "col"
        row_key = None
        links: list[str] = []
        for k, i, j in self.cell_indices():
            if (k, i) != row_key:
                if links:
                    yield " · ".join(links) + "\n"
                row_key, links = (k, i), []
                yield f"  - filter {names[k]}: " if one_d else f"  - filter {names[k]}, row {i}: "
            links.append(f"[{what} {j}](#{cell_anchor(k, i, j, one_d)})")
        if links:
            yield " · ".join(links) + "\n"
        tail = "- [Output volume](#output-volume)\n"
        if self.answers:
            tail += "- [Answers](#answers)\n"
        yield tail + "\n"

    def hyperparameters(self) -> str:
        items = hyperparameter_items(self.task, self.math, escape)
        return "## Hyperparameters\n\n" + "".join(f"- {item}\n" for item in items) + "\n"

    def output_size(self) -> str:
        lines = output_size_lines(self.trace, self.math, escape)
        return "## Output size\n\n" + "\n\n".join(lines) + "\n\n"

    def volumes(self) -> Iterator[str]:
        trace, task = self.trace, self.task
        yield "## Input volume\n\n"
        for c, name in enumerate(task.channel_names):
            yield f"Channel **{escape(name)}**\n\n" + table(task.x[c].tolist())
        if not any(task.padding):
            return
        top, bottom, left, right = task.padding
        if task.one_d:
            sides = self.math(f"P = {left}") if left == right else f"left {left}, right {right}"
        elif top == bottom == left == right:
            sides = self.math(f"P = {top}")
        else:
            sides = f"top {top}, bottom {bottom}, left {left}, right {right}"
        mode = "Zero" if task.padding_mode == "zeros" else task.padding_mode.capitalize()
        explained = PADDING_EXPLAINED[task.padding_mode]
        counted = "positions" if task.one_d else "rows and columns"
        yield (
            f"## Padded input\n\n{mode} padding {sides}. Padding in *italics*: {explained}. "
            f"Windows are counted in these padded {counted}.\n\n"
        )
        for c, name in enumerate(task.channel_names):
            yield f"Channel **{escape(name)}**, padded\n\n" + table(
                trace.padded[c].tolist(), italic=trace.is_padding
            )

    def filters(self) -> Iterator[str]:
        trace, task = self.trace, self.task
        yield "## Filters\n\n"
        for k, f in enumerate(task.filters):
            names = [task.channel_names[c] for c in task.channels_of(k)]
            line = f"Filter **{escape(f.name)}**, bias {self.math(f'b = {number_text(f.bias)}')}"
            if task.groups != 1:
                plural = "s" if len(names) > 1 else ""
                line += f", sees channel{plural} {', '.join(escape(n) for n in names)}"
            yield line + "\n\n"
            for c, name in enumerate(names):
                yield f"{escape(f.name)}, channel **{escape(name)}**\n\n" + table(
                    f.weights[c].tolist()
                )
                if task.flip:
                    yield (
                        f"{escape(f.name)}, channel **{escape(name)}**, rotated by "
                        f"{self.math('180°')} (as it slides)\n\n"
                        + table(trace.kernels[k, c].tolist())
                    )

    def cell_section(self, cell: Cell, *, blank: bool) -> str:
        # The formulas hold only digits, signs, brackets and the notation's symbols: nothing to
        # escape in Markdown. In math mode they go between dollars as they are.
        formulas, dollar = self.formulas, "" if self.plain_math else "$"
        label = cell_label(cell)
        parts = [f"### {label}\n\n", self.where(cell), ".\n\n"]
        for step in cell.channels:
            name = self.names[step.name]
            if blank:
                products = " + ".join(
                    "[" + " + ".join([BLANK] * len(row)) + "]" for row in step.weights
                )
                parts.append(
                    f"- **{name}**: {dollar}{formulas.channel(step, result=False)}{dollar}"
                    f" = {products} = {BLANK}\n"
                )
            else:
                parts.append(f"- **{name}**: {dollar}{formulas.channel(step)}{dollar}\n")
        if blank:
            sums = " + ".join([BLANK] * len(cell.channels))
            parts.append(
                f"- channel sums + bias: {self.math(label)} = {sums} + "
                f"{self.math(UNICODE.factor(cell.bias))} = {BLANK}\n\n"
            )
        else:
            parts.append(
                f"- channel sums + bias: {dollar}{label} = {formulas.total(cell)}{dollar}\n\n"
            )
        return "".join(parts)

    def output_section(self, *, blank: bool, heading: str = "## Output volume") -> str:
        trace = self.trace
        shape = "×".join(str(s) for s in trace.shape)
        parts = [f"{heading}\n\n", f"{self.math(shape)} (filters, rows, columns).\n\n"]
        for k, f in enumerate(self.task.filters):
            parts.append(f"Output **o[{k}]** (filter {escape(f.name)})\n\n")
            h, w = trace.shape[1:]
            parts.append(table(trace.output[k].tolist(), (h, w), blank=blank))
        return "".join(parts)


class _At:
    """Where a cell is, for :class:`WhereText` (which reads only these three)."""

    __slots__ = ("col", "filter", "row")

    def __init__(self, filter: int, row: int, col: int) -> None:
        self.filter, self.row, self.col = filter, row, col


class _RowWriter:
    """:meth:`MarkdownWriter.cell_section` for a whole :class:`CellRow` at once (issue 7).

    The same bytes as the per-cell path, which stays the reference (the tests compare them):
    every distinct number is written once per row by the same :class:`Notation` calls, the
    window values from the padded rows the row's windows cover, and each channel's formula
    fills a template in which the filter's weights are already written. No :class:`Cell` is
    made; a 128×128×3×8 trace (131,072 cells) is written two to three times faster.
    """

    #: Number texts kept between rows; cleared past this many (bounded memory).
    MEMO_LIMIT = 1 << 16

    def __init__(self, writer: MarkdownWriter, *, blank: bool) -> None:
        self.writer = writer
        self.blank = blank
        self.plain = writer.plain_math
        self.notation = UNICODE if self.plain else TEX
        self.memo: dict[tuple[str, Number], str] = {}
        self.templates: dict[int, list[str]] = {}
        self.one_d = writer.trace.task.one_d

    # -- numbers ------------------------------------------------------------------------------

    def text(self, value: Number, factor: bool) -> str:
        """A number as the formula tokens write it (TeX exponents in math mode)."""
        key = ("f" if factor else "n", value)
        text = self.memo.get(key)
        if text is None:
            n = self.notation
            text = n.factor(value) if factor else n.number(value)
            if not self.plain:
                text = tex_number(text)
            if len(self.memo) > self.MEMO_LIMIT:
                self.memo.clear()
            self.memo[key] = text
        return text

    def texts(self, values: np.ndarray, factor: bool) -> list:
        """Nested lists of :meth:`text`, shaped as ``values``, one call per distinct value."""
        distinct, inverse = np.unique(values, return_inverse=True)
        table = np.array([self.text(v, factor) for v in distinct.tolist()], dtype=object)
        return table[inverse.reshape(values.shape)].tolist()

    def number_texts(self, values: np.ndarray) -> tuple[list, list]:
        """Sums as numbers and as factors (``(−5)``), without the memo: they rarely repeat."""
        n = self.notation
        if self.plain:
            numbers = [[n.number(v) for v in row] for row in values.tolist()]
        else:
            numbers = [[tex_number(n.number(v)) for v in row] for row in values.tolist()]
        minus = n.minus
        factors = [[f"({t})" if t.startswith(minus) else t for t in row] for row in numbers]
        return numbers, factors

    def window_texts(self, block: CellRow) -> np.ndarray:
        """The row's windows as texts (Cg × n × Fh × Fw): the padded rows they cover, written
        once, cut into windows exactly as the engine cuts the numbers (``engine.windows``)."""
        trace = self.writer.trace
        rows = trace.axes[0]
        channels = slice(block.channels.start, block.channels.stop)
        band = trace.padded[channels, block.top : block.top + rows.span]
        texts = np.array(self.texts(band, True), dtype=object)
        return windows(texts, trace.task)[:, 0][:, list(block.cols)]

    # -- formulas -----------------------------------------------------------------------------

    def template(self, block: CellRow) -> list[str]:
        """Per channel, the formula with the weights written in and ``%s`` for window values."""
        k = block.filter
        if k not in self.templates:
            times = self.notation.times.replace("%", "%%")
            templates = []
            for kernel in block.weights.tolist():
                rows = []
                for row in kernel:
                    slots = [f"%s{times}{self.text(w, True).replace('%', '%%')}" for w in row]
                    rows.append("[" + " + ".join(slots) + "]")
                templates.append(" + ".join(rows))
            self.templates = {k: templates}
        return self.templates[k]

    def sections(self, block: CellRow) -> str:
        writer, blank = self.writer, self.blank
        dollar = "" if self.plain else "$"
        n = len(block)
        if not n:
            return ""
        channel_count, _, fh, fw = block.windows.shape
        windows = self.window_texts(block).reshape(channel_count, n, fh * fw).tolist()
        templates = self.template(block)
        names = [f"- **{writer.names[name]}**: " for name in block.names]
        k, i = block.filter, block.row
        if blank:
            products = " + ".join("[" + " + ".join([BLANK] * fw) + "]" for _ in range(fh))
            sums_blank = " + ".join([BLANK] * channel_count)
            bias = writer.math(UNICODE.factor(block.bias))
        else:
            sums, later = self.number_texts(block.sums)
            values = self.number_texts(block.values[None])[0][0]
            bias = self.text(block.bias, True)
        parts = []
        for m, j in enumerate(block.cols):
            label = f"o[{k}, {j}]" if self.one_d else f"o[{k}, {i}, {j}]"  # as cell_label
            parts.append(f"### {label}\n\n{writer.where(_At(k, i, j))}.\n\n")
            for c in range(channel_count):
                formula = templates[c] % tuple(windows[c][m])
                if blank:
                    parts.append(f"{names[c]}{dollar}{formula}{dollar} = {products} = {BLANK}\n")
                else:
                    parts.append(f"{names[c]}{dollar}{formula} = {sums[c][m]}{dollar}\n")
            if blank:
                parts.append(
                    f"- channel sums + bias: {writer.math(label)} = {sums_blank} + "
                    f"{bias} = {BLANK}\n\n"
                )
                continue
            total = " + ".join([sums[0][m], *(later[c][m] for c in range(1, channel_count)), bias])
            parts.append(
                f"- channel sums + bias: {dollar}{label} = {total} = {values[m]}{dollar}\n\n"
            )
        return "".join(parts)


def iter_markdown(
    trace: Trace,
    *,
    cells: Iterable[Cell] | None = None,
    plain_math: bool = False,
    worksheet: bool = False,
    answers: bool = False,
) -> Iterator[str]:
    """The Markdown document in chunks (a section or a cell each), ending with one newline.

    Args:
        cells: only these cells in the per-cell part (``None``: every cell, made lazily).
        plain_math: sums in Unicode text (``0·(−1)``) instead of LaTeX math.
        worksheet: leave the products' results, channel sums and output values blank.
        answers: with ``worksheet``, append the full solution after a page break.
    """
    yield from ending_in_one_newline(
        MarkdownWriter(
            trace, cells=cells, plain_math=plain_math, worksheet=worksheet, answers=answers
        )
    )


def render_markdown(
    trace: Trace,
    *,
    cells: Iterable[Cell] | None = None,
    plain_math: bool = False,
    worksheet: bool = False,
    answers: bool = False,
) -> str:
    """The whole Markdown document as one string (for notebooks and small traces)."""
    return "".join(
        iter_markdown(
            trace, cells=cells, plain_math=plain_math, worksheet=worksheet, answers=answers
        )
    )


def notebook_markdown(trace: Trace, max_cells: int = NOTEBOOK_MAX_CELLS) -> str:
    """What Jupyter shows for a trace (``Trace._repr_markdown_``): the worked solution, with the
    per-cell part cut after ``max_cells`` cells so that a big trace cannot flood the notebook."""
    if len(trace) <= max_cells:
        return render_markdown(trace)
    text = render_markdown(trace, cells=islice(trace.cells(), max_cells))
    rest = len(trace) - max_cells
    return text + (
        f"\n*The first {max_cells} of {len(trace)} cells are shown ({rest} more): "
        '`trace.cell(k, i, j)` gives any cell, and `write_export(trace, "trace.md")` '
        "(from `convtrace.export`) writes the whole document.*\n"
    )

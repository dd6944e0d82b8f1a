"""The coloured terminal trace, built from rich ``Text`` (never markup: traces are full of ``[``).

Colour only adds meaning (signs, zero products dimmed, the window highlighted, padding dimmed);
every fact is also in the text, so the trace reads the same with NO_COLOR or through a pipe.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence

from rich.cells import cell_len
from rich.columns import Columns
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.rule import Rule
from rich.text import Text

from ..engine import Cell, Trace
from ..numbers import Notation, Number, is_negative, is_zero
from .formula import (
    FLIP_NOTE,
    PADDING_MODE_MEANING,
    Token,
    cell_label,
    cell_total,
    channel_terms,
    dilation_phrase,
    groups_phrase,
    hyperparameters,
    padding_applied,
    padding_sources,
    same_derivation,
    same_rule,
    size_formula,
    span_phrase,
    uncovered_note,
)
from .options_view import COPY_STYLE, dilated_kernel, framed_matrix

STYLES = {
    "op": "",
    "bracket": "bold",
    "x": "cyan",
    "w": "magenta",
    "sum": "bold",
    "bias": "yellow",
    "value": "bold green",
    "label": "bold",
}
PADDING_STYLE = "dim"
WINDOW_STYLE = "bold reverse"
HEADING_STYLE = "bold blue"
NEGATIVE_STYLE = "red"

#: A cell's picture of the padded input is drawn only up to this many rows.
PICTURE_MAX_ROWS = 16

#: Rows and columns of context around the window when only a neighbourhood of it is drawn.
PICTURE_CONTEXT = 2

StyleAt = Callable[[int, int], str | None]


def _around(span: range, size: int, context: int) -> range:
    """The rows (or columns) of ``span`` with ``context`` more on each side, within ``size``."""
    return range(max(0, span[0] - context), min(size, span[-1] + context + 1))


def tokens_text(tokens: Iterable[Token]) -> Text:
    text = Text()
    for token in tokens:
        style = STYLES.get(token.role, "")
        if token.role == "value" and token.negative:
            style = "bold red"
        elif token.negative and token.role in ("w", "sum", "bias"):
            style = f"{style} {NEGATIVE_STYLE}".strip()
        if token.zero:
            style = "dim"
        text.append(token.text, style=style or None)
    return text


def _split_before_plus(tokens: Sequence[Token], level: int) -> list[list[Token]]:
    """Pieces of a formula, each starting at a `` + `` or `` = `` at bracket depth ``level``."""
    groups: list[list[Token]] = [[]]
    depth = 0
    for token in tokens:
        if token.role == "bracket":
            depth += 1 if token.text == "[" else -1
        if token.text in (" + ", " = ") and depth == level and groups[-1]:
            groups.append([])
        groups[-1].append(token)
    return groups


def formula_lines(label: Text, tokens: Sequence[Token], width: int) -> Text:
    """``label`` then the formula; too long for ``width``, it breaks before a `` + `` between
    brackets (or terms) and goes on under the formula's start, as one writes it on paper. A
    single bracket too long for a line of its own breaks between its products, the rest
    indented under its first number."""
    indent = label.cell_len
    text = label.copy()
    used = indent

    def place(group: list[Token], margin: int) -> None:
        nonlocal used
        size = sum(len(token.text) for token in group)
        if used + size > width and used > margin:
            text.append("\n" + " " * margin)
            used = margin
            if group[0].text in (" + ", " = "):
                group = [Token(group[0].text.lstrip(), group[0].role), *group[1:]]
                size -= 1
        text.append_text(tokens_text(group))
        used += size

    for group in _split_before_plus(tokens, 0):
        size = sum(len(token.text) for token in group)
        if size <= width - indent or not any(t.role == "bracket" for t in group):
            place(group, indent)
            continue
        for piece in _split_before_plus(group, 1):  # between the products inside the bracket
            place(piece, indent + 1)
    return text


def matrix_text(
    values: Sequence[Sequence[Number]],
    notation: Notation,
    title: str | None = None,
    style_at: StyleAt | None = None,
    signed: bool = False,
    marked: Callable[[int, int], bool] | None = None,
    max_width: int | None = None,
) -> Text:
    """A matrix as right-aligned columns, optionally styled cell by cell, with a title line.

    ``marked`` cells are enclosed in brackets, ``0 [1  2] 3``, as a window is boxed by hand:
    that shows the window where there is no colour to highlight it. A matrix wider than
    ``max_width`` is printed in bands of columns (``cols 0–15``, ``cols 16–31``, …), so that no
    number is ever cut off.
    """
    cells = [[notation.number(v) for v in row] for row in values]
    width = max((len(c) for row in cells for c in row), default=1)
    n_cols = len(cells[0]) if cells else 0
    per_band = n_cols
    if max_width is not None and n_cols * (width + 2) > max_width:
        per_band = max(1, (max_width - 1) // (width + 2))
    text = Text(no_wrap=True, overflow="crop")
    if title:
        text.append(title, style="bold")
    for first in range(0, n_cols, per_band):
        band = range(first, min(first + per_band, n_cols))
        if per_band < n_cols:
            text.append(f"\ncols {band.start}\u2013{band[-1]}", style="dim")
        for r, row in enumerate(cells):
            if r or title or per_band < n_cols:
                text.append("\n")
            inside = {c: bool(marked and marked(r, c)) for c in band}
            for c in band:
                if marked is not None:
                    before = inside[c - 1] if c > band.start else False
                    if c == band.start:
                        text.append("[" if inside[c] else " ")
                    elif inside[c] and not before:
                        text.append(" [")
                    elif before and not inside[c]:
                        text.append("] ")
                    else:
                        text.append("  ")
                elif c > band.start:
                    text.append("  ")
                style = style_at(r, c) if style_at else None
                if signed and not style:
                    value = values[r][c]
                    style = (
                        NEGATIVE_STYLE
                        if is_negative(value)
                        else ("dim" if is_zero(value) else None)
                    )
                text.append(row[c].rjust(width), style=style)
            if marked is not None:
                text.append("]" if inside[band[-1]] else " ")
    return text


def matrix_width(values: Sequence[Sequence[Number]], notation: Notation) -> int:
    cells = [notation.number(v) for row in values for v in row]
    width = max((len(c) for c in cells), default=1)
    return len(values[0]) * (width + 2) - 2 if values else 0


def heading(title: str) -> Rule:
    return Rule(Text(title, style=HEADING_STYLE), align="left", style="blue")


class TraceView:
    """A trace as rich renderables, section by section: ``console.print(TraceView(trace))``.

    ``cells`` limits the per-cell part (``None``: every cell); ``quiet`` shows only the output.
    For long traces prefer :func:`print_trace`, which writes one section at a time.
    """

    def __init__(
        self,
        trace: Trace,
        *,
        cells: Iterable[Cell] | None = None,
        quiet: bool = False,
        ascii: bool = False,
        plain: bool = False,
    ) -> None:
        self.trace = trace
        self.cells = cells
        self.quiet = quiet
        self.notation = Notation.pick(ascii)
        self.plain = plain  # no colour: mark windows with [ ] instead of highlighting them
        self.width = 100  # set from the console by sections()
        self._framed = True  # whether the padded input could be drawn with the input boxed

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from self.sections(options.max_width)

    def sections(self, width: int = 100) -> Iterator[RenderableType]:
        self.width = width
        if self.quiet:
            yield self.output_section()
            return
        yield from self.setup_sections()
        cells = self.trace.cells() if self.cells is None else self.cells
        for cell in cells:
            yield self.cell_section(cell, width)
        yield self.output_section()

    # -- the parts --------------------------------------------------------------------------

    def setup_sections(self) -> Iterator[RenderableType]:
        task, n = self.trace.task, self.notation
        title = task.title or "Convolution trace"
        yield heading(title + (f"  ({task.source})" if task.source and not task.title else ""))
        if task.description:
            yield Text(task.description, style="italic")
        yield Text(" · ".join(hyperparameters(task, n)))
        yield self.size_section()
        yield heading("Input signal" if task.one_d else "Input volume")
        yield self.channels(self.trace.task.x, "input")
        if any(task.padding):
            mode = "Zero" if task.padding_mode == "zeros" else task.padding_mode.capitalize()
            top, bottom, left, right = task.padding
            if task.one_d:
                sides = f"P = {left}" if left == right else f"left {left}, right {right}"
            elif top == bottom == left == right:
                sides = f"P = {top}"
            else:
                sides = f"top {top}, bottom {bottom}, left {left}, right {right}"
            yield heading(f"{mode}-padded {'signal' if task.one_d else 'input'} ({sides})")
            yield self.padded_channels()
            yield self.padding_legend()
        yield heading("Filters")
        for note in (groups_phrase(task), FLIP_NOTE if task.flip else None):
            if note:
                yield Text(note)
        for k, _ in enumerate(task.filters):
            yield self.filter_section(k)

    def size_section(self) -> RenderableType:
        task, n = self.trace.task, self.notation
        rows, cols = task.axes
        lines = []
        formulas = [cols] if task.one_d else [rows, cols]
        top, bottom, left, right = task.padding
        symmetric = left == right if task.one_d else top == bottom == left == right
        plain_padding = symmetric and task.padding_mode == "zeros"
        if task.padding_rule or (any(task.padding) and not plain_padding):
            lines.append(padding_applied(task))
            if task.padding_rule == "same":
                lines += [f"  {line}" for line in same_rule(n, task.one_d)]
                lines += [f"  {same_derivation(axis, n)}" for axis in formulas]
        if not task.one_d and (
            rows.size,
            rows.kernel,
            rows.stride,
            rows.pad_before,
            rows.pad_after,
            rows.dilation,
        ) == (cols.size, cols.kernel, cols.stride, cols.pad_before, cols.pad_after, cols.dilation):
            symbols, numbers = size_formula(rows, n)
            symbols = symbols.replace("H\u2082 =", "H\u2082 = W\u2082 =", 1)
            lines += self._formula_lines(symbols, numbers)
            formulas = []
        for axis in formulas:
            symbols, numbers = size_formula(axis, n)
            lines += self._formula_lines(symbols, numbers)
        k, h_out, w_out = self.trace.shape
        lines.append(f"D\u2082 = K = {k}")
        if task.one_d:
            lines.append(f"output volume L\u2082×D\u2082 = {w_out}×{k}")
        else:
            lines.append(f"output volume W\u2082×H\u2082×D\u2082 = {w_out}×{h_out}×{k}")
        for axis in task.axes:
            note = uncovered_note(axis)
            if note:
                lines.append(f"note: {note}")
        return Group(heading("Output size"), *(Text(line) for line in lines))

    def _formula_lines(self, symbols: str, numbers: str) -> list[str]:
        """``symbols = numbers`` on one line, or, too long for the width, the numbers on the
        next line under the first ``=``, so a formula never breaks in the middle."""
        line = f"{symbols} = {numbers}"
        if len(line) <= self.width:
            return [line]
        indent = " " * symbols.rindex(" = ", 0, symbols.index("(") if "(" in symbols else None)
        return [symbols, f"{indent} = {numbers}"]

    def channels(
        self,
        volume,
        kind: str,
        style_for: Callable[[int], StyleAt] | None = None,
        marked_for: Callable[[int], Callable[[int, int], bool] | None] | None = None,
    ):
        names = self.trace.task.channel_names
        items = []
        for c, name in enumerate(names):
            style_at = (
                style_for(c) if style_for else (self._padding_style if kind == "padded" else None)
            )
            marked = marked_for(c) if marked_for else None
            items.append(
                matrix_text(
                    volume[c].tolist(),
                    self.notation,
                    name,
                    style_at,
                    marked=marked,
                    max_width=self.width,
                )
            )
        return Columns(items, padding=(0, 4))

    def _padding_style(self, r: int, c: int) -> str | None:
        if not self.trace.is_padding(r, c):
            return None
        return PADDING_STYLE if self.trace.task.padding_mode == "zeros" else COPY_STYLE

    def padded_channels(self) -> RenderableType:
        """The padded input with the original input boxed: outside the box is padding."""
        trace = self.trace
        items = []
        for c, name in enumerate(trace.task.channel_names):
            framed = framed_matrix(
                trace.padded[c].tolist(),
                trace.task.padding,
                self.notation,
                name,
                self._padding_style,
                max_width=self.width,
            )
            if framed is None:  # too wide for a frame: bands of columns, padding styled only
                self._framed = False
                return self.channels(trace.padded, "padded")
            items.append(framed)
        return Columns(items, padding=(0, 4))

    def padding_legend(self) -> Text:
        """What the padding holds, and for copies where each padded row and column comes from
        (a padded value at row r, col c copies the input at r's and c's sources)."""
        task = self.trace.task
        mode = task.padding_mode
        style = "dimmed" if mode == "zeros" else "dimmed italic"
        if self._framed:
            where = "outside the box" if self.plain else f"outside the box ({style})"
        else:  # printed in bands, without a frame
            where = "the border rows and columns" if self.plain else style
        text = Text()  # Text(…, style=) would dim the whole legend, not just its label
        text.append(f"{where}: ", style="dim")
        name = "zero" if mode == "zeros" else mode
        text.append(f"{name} padding, {PADDING_MODE_MEANING[mode]}")
        sources = padding_sources(self.trace.source_rows, self.trace.source_cols, task)
        if sources:
            text.append("\ncopied from: ", style="dim")
            text.append(("\n" + " " * len("copied from: ")).join(sources))
            if len(sources) > 1:
                text.append("\n" + " " * len("copied from: "))
                text.append("a corner copies the input at its row's and its column's source")
        return text

    def filter_section(self, k: int) -> RenderableType:
        trace, n = self.trace, self.notation
        task = trace.task
        f = task.filters[k]
        channel_names = [task.channel_names[c] for c in task.channels_of(k)]
        title = Text(f"{f.name}", style="bold")
        title.append(f"   bias b = {n.number(f.bias)}")
        if task.groups != 1:
            plural = "s" if len(channel_names) > 1 else ""
            title.append(f"   sees channel{plural} {', '.join(channel_names)}")
        items = []
        for c, name in enumerate(channel_names):
            items.append(
                matrix_text(
                    f.weights[c].tolist(),
                    n,
                    f"{f.name} · {name}",
                    signed=True,
                    max_width=self.width,
                )
            )
            if task.flip:
                items.append(
                    matrix_text(
                        trace.kernels[k, c].tolist(), n, f"rotated 180° · {name}", signed=True
                    )
                )
            if task.dilation != (1, 1):
                dh, dw = task.dilation
                d = dw if task.one_d or dh == dw else f"{dh},{dw}"
                what = "rotated, dilated" if task.flip else "dilated"
                items.append(
                    dilated_kernel(
                        trace.kernels[k, c].tolist(), task.dilation, n, f"{what} d = {d} · {name}"
                    )
                )
        return Group(title, Columns(items, padding=(0, 4)), Text(""))

    def window_picture(self, cell: Cell, width: int) -> RenderableType | None:
        """The padded input with the cell's window highlighted (boxed with [ ] without colour).

        Too tall (over :data:`PICTURE_MAX_ROWS` rows) or too wide for the line, it shows a
        neighbourhood of the window instead, a few rows and columns around it, with a dim note
        saying which part of the padded input that is: every cell still shows where it sits.
        """
        trace = self.trace
        rows, cols = trace.axes
        _, height, breadth = trace.padded.shape
        r_span = rows.window_positions(cell.row)
        c_span = cols.window_positions(cell.col)
        row_view, col_view = range(height), range(breadth)
        if height > PICTURE_MAX_ROWS:
            row_view = _around(r_span, height, PICTURE_CONTEXT)
        rows_shown = trace.padded[0][row_view.start : row_view.stop]
        # each number takes at least 3 columns: past that, skip measuring (cost stays per window)
        if 3 * breadth > width or matrix_width(rows_shown.tolist(), self.notation) + 2 > width:
            for context in range(PICTURE_CONTEXT, -1, -1):
                col_view = _around(c_span, breadth, context)
                crop = trace.padded[0][
                    row_view.start : row_view.stop, col_view.start : col_view.stop
                ]
                if matrix_width(crop.tolist(), self.notation) + 2 <= width:
                    break
        inside_rows = {r - row_view.start for r in r_span}
        inside_cols = {c - col_view.start for c in c_span}
        channels = [step.index for step in cell.channels]

        def inside(c: int, r: int, col: int) -> bool:
            return c in channels and r in inside_rows and col in inside_cols

        def style_for(c: int) -> StyleAt:
            def style_at(r: int, col: int) -> str | None:
                if inside(c, r, col):
                    return WINDOW_STYLE
                return self._padding_style(r + row_view.start, col + col_view.start)

            return style_at

        def marked_for(c: int):
            return (lambda r, col: inside(c, r, col)) if self.plain else None

        volume = trace.padded[:, row_view.start : row_view.stop, col_view.start : col_view.stop]
        picture = self.channels(volume, "padded", style_for, marked_for)
        if (len(row_view), len(col_view)) == (height, breadth):
            return picture
        if trace.task.one_d:
            shown = f"padded {span_phrase('position', col_view)} of {breadth} shown"
        else:
            shown = (
                f"padded {span_phrase('row', row_view)}, {span_phrase('col', col_view)} "
                f"of {height}\u00d7{breadth} shown"
            )
        return Group(Text(shown, style="dim"), picture)

    def cell_section(self, cell: Cell, width: int = 100) -> RenderableType:
        n = self.notation
        rows, cols = self.trace.axes
        parts: list[RenderableType] = []
        title = f"{cell_label(cell)}   filter {cell.filter_name} · row {cell.row} · col {cell.col}"
        if cell.one_d:
            title = f"{cell_label(cell)}   filter {cell.filter_name} · position {cell.col}"
        parts.append(heading(title))
        r_span = rows.window_positions(cell.row)
        c_span = cols.window_positions(cell.col)
        where = Text()
        where.append("window: ", style="dim")
        if self.trace.task.one_d:
            where.append(f"padded {span_phrase('position', c_span)}")
        else:
            where.append(f"padded {span_phrase('row', r_span)}, {span_phrase('col', c_span)}")
        skipping = dilation_phrase(self.trace.task)
        if skipping:
            where.append(f", {skipping} (dilation)")
        if self.trace.task.groups > 1:
            seen = ", ".join(step.name for step in cell.channels)
            where.append(f"; filter {cell.filter_name} sees {seen} (groups)")
        parts.append(where)
        picture = self.window_picture(cell, width)
        if picture is not None:
            parts.append(picture)
        # display width, not characters: 日本語 or an emoji takes two columns per character
        label_width = max(cell_len(step.name) for step in cell.channels)
        for step in cell.channels:
            padding = " " * (label_width - cell_len(step.name) + 2)
            label = Text(f"{step.name}{padding}", style="bold")
            parts.append(formula_lines(label, channel_terms(step, n), width))
        label = Text(f"{cell_label(cell)} = ", style="bold")
        parts.append(formula_lines(label, cell_total(cell, n), width))
        return Group(*parts)

    def output_section(self) -> RenderableType:
        trace, n = self.trace, self.notation
        k, _, _ = trace.shape
        items = []
        for f in range(k):
            name = trace.task.filters[f].name
            items.append(
                matrix_text(
                    trace.output[f].tolist(),
                    n,
                    f"o[{f}]  ({name})",
                    signed=True,
                    max_width=self.width,
                )
            )
        shape = "×".join(str(s) for s in trace.shape)
        if trace.task.one_d:  # K signals of length L₂
            shape = f"{k}×{trace.shape[2]}"
        return Group(heading(f"Output volume ({shape})"), Columns(items, padding=(0, 4)))


#: What ``--ascii`` turns the trace's remaining Unicode into: rules and boxes, ×, subscripts,
#: dashes and the `` · `` separator (formulas already use the ASCII :class:`Notation`).
ASCII_TABLE = str.maketrans(
    {
        **dict.fromkeys("─━═╌┄", "-"),
        **dict.fromkeys("│┃║╎┆", "|"),
        **dict.fromkeys("┌┐└┘├┤┬┴┼╭╮╰╯", "+"),
        **{chr(0x2080 + d): str(d) for d in range(10)},  # H₂ → H2
        "–": "-",
        "—": "-",
        "−": "-",
        "×": "x",
        "·": "|",
        "⌊": "floor(",
        "⌋": ")",
        "⌈": "ceil(",
        "⌉": ")",
        "→": "->",
        "←": "<-",
        "…": "...",
        "°": " deg",
    }
)


def emit(console: Console, renderable: RenderableType, ascii: bool = False) -> None:
    """Print ``renderable``; with ``ascii``, every character rich draws (rules, boxes) and the
    text's symbols are turned into ASCII in one place, after rendering, styles kept."""
    if not ascii:
        console.print(renderable)
        return
    from rich.segment import Segment, Segments

    segments = [
        segment
        if segment.control
        else Segment(segment.text.translate(ASCII_TABLE), segment.style, segment.control)
        for segment in console.render(renderable)
    ]
    # floor( and -> are longer than ⌊ and →: such a line may run a few columns past the width
    # rather than lose its end (the rest keeps its width, so columns stay aligned)
    console.print(Segments(segments), end="", crop=False)


def print_trace(
    console: Console,
    trace: Trace,
    *,
    cells: Iterable[Cell] | None = None,
    quiet: bool = False,
    ascii: bool = False,
) -> None:
    """Print ``trace`` one section at a time, so a long trace streams instead of piling up."""
    plain = console.color_system is None or console.no_color
    view = TraceView(trace, cells=cells, quiet=quiet, ascii=ascii, plain=plain)
    for section in view.sections(console.width):
        emit(console, section, ascii)

"""The worked solution in the terminal: every block of the outline as lines of styled text.

Colour only adds meaning (signs, zero products dimmed, the window highlighted, padding dimmed);
every fact is also in the text, so the trace reads the same with NO_COLOR or through a pipe,
where the window is boxed in ``[ ]``. ``--ascii`` is a notation (:data:`~convtrace.numbers.ASCII`)
chosen before anything is written: formulas, rules and frames come out in ASCII as they are made.
Lines are laid out here (:mod:`.lines`) and handed to rich as segments, a section at a time.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.segment import Segment

from .. import language
from ..engine import Cell, Trace
from ..language import N_, _
from ..numbers import Notation
from ..solution import words as w
from ..solution.blocks import (
    Cells,
    Facts,
    Formulas,
    Heading,
    Legend,
    Matrices,
    Matrix,
    Paragraph,
    Picture,
)
from ..solution.cells import CellWork, cell_rows, shown_part
from ..solution.document import Options, in_ascii, outline
from .breaking import (
    break_formula,
    split_plain,
    split_products,
    split_tokens,
    tokens_line,
    wrap,
)
from .lines import Block, Line, Output, heading, plain_width, side_by_side
from .pictures import (
    COPY_STYLE,
    PADDING_STYLE,
    dilated_block,
    framed_block,
    matrix_block,
    matrix_width,
    streamed_matrix,
    styled_row,
    texts,
)

#: A cell's picture of the padded input is drawn only up to this many rows.
PICTURE_MAX_ROWS = 16

#: Rows and columns of context around the window when only a neighbourhood of it is drawn.
PICTURE_CONTEXT = 2

#: Matrices with more values than this are written a few rows at a time (``-q`` on a photo).
STREAM_VALUES = 1 << 16

#: Lines gathered before they are written (a few sections at a time, not one write per line).
EMIT_LINES = 400

HOW_TO_SEE = N_("--all prints it, --export trace.md writes it")
HOW_TO_SEE_OUTPUT = N_("-q or --all prints it, --export trace.md writes it")
#: ``-q`` on a screen, for an output too big to read there
HOW_TO_SEE_QUIET = N_(
    "--heatmap draws it, --summary sums it up, --all prints it, "
    "--export out.json writes it (or redirect -q to a file)"
)


def _around(span: range, size: int, context: int) -> range:
    """The rows (or columns) of ``span`` with ``context`` more on each side, within ``size``."""
    return range(max(0, span[0] - context), min(size, span[-1] + context + 1))


class TraceView:
    """A trace's worked solution for a terminal: ``console.print(TraceView(trace))`` or, for
    long traces, :func:`print_trace`, which writes one section at a time.

    ``cells`` limits the per-cell part (``None``: every cell); ``quiet`` shows only the output;
    ``plain``: no colour, so windows are boxed with ``[ ]``; ``everything``: print volumes too
    big to read on a screen (else they are named); ``selection``: ``filters``/``rows``/``cols``.
    """

    def __init__(
        self,
        trace: Trace,
        *,
        cells: Iterable[Cell] | None = None,
        quiet: bool = False,
        ascii: bool = False,
        plain: bool = False,
        everything: bool = True,
        selection: dict | None = None,
    ) -> None:
        self.trace = in_ascii(trace) if ascii else trace
        self.notation = Notation.pick(ascii)
        self.plain = plain
        self.rule = "-" if ascii else "\u2500"
        self.width = 100
        self.options = Options(
            math=self.notation,
            text=self.notation,
            screen=True,
            everything=everything,
            quiet=quiet,
            cells=cells,
            selection=selection,
            contents=False,
        )
        self._padded_texts: list[list[list[str]]] | None = None
        self._padded_rows: list[list[str]] = []
        self._cell_width = 1
        self._rows: dict[tuple, Line] = {}
        self._picture: Picture | None = None

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        output = Output(console)
        output.colour = output.colour and not self.plain
        for lines in self.sections(options.max_width):
            for line in lines:
                for text, style in line:
                    yield Segment(text, output.style(style) if output.colour else None)
                yield Segment.line()

    def sections(self, width: int = 100) -> Iterator[list[Line]]:
        """The trace as sections of lines, each ready to print."""
        self.width = width
        for block in outline(self.trace, self.options):
            if getattr(block, "only", None) == "document":
                continue
            if isinstance(block, Cells):
                self.use_picture(block.picture)
                for row in block.rows():
                    for work in row:
                        yield self.cell_section(work, width)
            elif isinstance(block, Matrices) and self.is_big(block):
                for matrix in block.items:
                    yield from streamed_matrix(matrix, self.notation, width, self.plain)
            else:
                yield self.block(block)

    def use_picture(self, picture: Picture | None) -> None:
        """Draw the next cells' windows in ``picture`` (None: the trace's padded input)."""
        if picture is self._picture:
            return
        self._picture = picture
        self._padded_texts = None
        self._rows = {}

    def picture(self) -> Picture:
        """What the windows are drawn in: the Cells block's picture, or the padded input."""
        if self._picture is None:
            task = self.trace.task
            self._picture = Picture(
                self.trace.padded,
                task.channel_names,
                task.padding,
                task.padding_mode != "zeros",
                task.one_d,
            )
        return self._picture

    @staticmethod
    def is_big(block: Matrices) -> bool:
        """Matrices too big to lay out in memory at once: they are written a band at a time."""
        return sum(m.values.size for m in block.items) > STREAM_VALUES and not any(
            m.inside is not None or m.holes is not None for m in block.items
        )

    # -- blocks -----------------------------------------------------------------------------

    def block(self, block) -> list[Line]:
        n, width = self.notation, self.width
        if isinstance(block, Heading):
            return heading(block.short or block.text, width, self.rule)
        if isinstance(block, Paragraph):
            style = {"description": "italic", "note": None}.get(block.role)
            return [[(line, style)] for line in wrap(block.text, width)]
        if isinstance(block, Facts):
            text = n.separator.join(f.short or f.math or f.name for f in block.facts)
            return [[(text, None)]]
        if isinstance(block, Formulas):
            return [[(line, None)] for s, m in block.lines for line in self.formula(s, m)]
        if isinstance(block, Matrices):
            return self.matrices(block)
        return []

    def formula(self, symbols: str, numbers: str) -> list[str]:
        """``symbols = numbers`` on one line, or, too long for the width, the numbers on the
        next line under the first ``=``, so a formula never breaks in the middle."""
        line = f"{symbols} = {numbers}"
        if len(line) <= self.width:
            return [line]
        indent = " " * symbols.rindex(" = ", 0, symbols.index("(") if "(" in symbols else None)
        return [symbols, f"{indent} = {numbers}"]

    def matrices(self, block: Matrices) -> list[Line]:
        if block.hidden is not None:
            how = HOW_TO_SEE_OUTPUT if block.output else HOW_TO_SEE
            if self.options.quiet:
                how = HOW_TO_SEE_QUIET
            said = _("({what}: too big to print here; {how})").format(what=block.hidden, how=_(how))
            return [[(said, "dim")]]
        framed = True
        blocks = []
        for matrix in block.items:
            picture = self.matrix(matrix) if matrix.inside is None else self.framed(matrix)
            if picture is None:
                framed = False
                picture = self.matrix(matrix)
            blocks.append(picture)
        lines = side_by_side(blocks, self.width)
        if block.legend is not None:
            lines += self.legend(block.legend, framed)
        return lines

    def padding_style(self, copies: bool) -> str:
        return COPY_STYLE if copies else PADDING_STYLE

    def matrix(self, matrix: Matrix) -> Block:
        n = self.notation
        cells = texts(matrix.values, n)
        if matrix.holes is not None:
            return dilated_block(cells, matrix.holes, n, matrix.label)
        style_at = None
        if matrix.inside is not None:
            style_at = self._padding_at(matrix)
        marks = matrix.marked
        return matrix_block(
            cells,
            matrix.label,
            style_at=style_at,
            signed=n if matrix.signed else None,
            marked=None if marks is None else lambda r, c: bool(marks[r, c]),
            max_width=self.width,
            plain=self.plain,
        )

    def _padding_at(self, matrix: Matrix):
        top, bottom, left, right = matrix.inside
        rows, cols = matrix.values.shape
        style = self.padding_style(matrix.copies)

        def style_at(r: int, c: int) -> str | None:
            inside = top <= r < rows - bottom and left <= c < cols - right
            return None if inside else style

        return style_at

    def framed(self, matrix: Matrix) -> Block | None:
        cells = texts(matrix.values, self.notation)
        return framed_block(
            cells,
            matrix.inside,
            self.notation,
            matrix.label,
            self._padding_at(matrix),
            max_width=self.width,
        )

    def legend(self, legend: Legend, framed: bool) -> list[Line]:
        """What the padding holds, and for copies where each padded row and column comes from
        (a padded value at row r, col c copies the input at r's and c's sources)."""
        zeros = legend.meaning == w.padding_meaning_of("zeros")
        style = _("dimmed") if zeros else _("dimmed italic")
        if framed:
            box = _("outside the box")
            where = box if self.plain else _("{where} ({style})").format(where=box, style=style)
        else:  # printed in bands, without a frame
            where = _("the border rows and columns") if self.plain else style
        lines: list[Line] = [[(f"{where}: ", "dim"), (f"{legend.name}, {legend.meaning}", None)]]
        if legend.lines:
            label = _("copied from: ")
            lines.append([(label, "dim"), (legend.lines[0], None)])
            lines += [[(" " * len(label) + line, None)] for line in legend.lines[1:]]
            if legend.note:
                lines.append([(" " * len(label) + legend.note, None)])
        return lines

    # -- a cell -----------------------------------------------------------------------------

    def cell_lines(self, cell: Cell, width: int = 100) -> list[Line]:
        """The section of one engine :class:`~convtrace.engine.Cell` (the check report's)."""
        (work,) = next(cell_rows(self.trace, self.notation, self.notation, [cell]))
        return self.cell_section(work, width)

    def cell_section(self, work: CellWork, width: int = 100) -> list[Line]:
        lines: list[Line] = heading(f"{work.label}   {work.title}", width, self.rule)
        if work.window is not None:
            own = getattr(work, "picture", None)  # a cell drawn in a picture of its own
            if own is not None:
                self.use_picture(own)
            lines.append([(_("window: ") if own is None else "", "dim"), (work.window_line, None)])
            for note in getattr(work, "notes", ()):
                lines += [[(line, "dim")] for line in wrap(note, width)]
            lines += self.window_picture(work, width)
        elif work.window_line:
            lines.append([(work.window_line, "dim")])
        work_lines = work.lines
        label_width = max((cell_len(line.name) for line in work_lines if not line.lead), default=0)
        colour = not self.plain
        for line in work_lines:
            if line.lead:
                label = [(line.lead, "bold")]
            else:
                label = [(line.name + " " * (label_width - cell_len(line.name) + 2), "bold")]
            if colour:
                pieces = [tokens_line(g) for g in split_tokens(line.tokens(), 0)]
                inner = split_products
            else:
                pieces = [[(g, None)] for g in line.groups()]
                inner = split_plain
            lines += break_formula(label, pieces, width, inner if line.breaks_inside else None)
        return lines

    def padded_texts(self) -> list[list[list[str]]]:
        if self._padded_texts is None:
            self._padded_texts = texts(self.picture().padded, self.notation)
            width = max((len(t) for ch in self._padded_texts for r in ch for t in r), default=1)
            self._cell_width = width
            self._padded_rows = [
                ["  ".join(t.rjust(width) for t in row) for row in channel]
                for channel in self._padded_texts
            ]
        return self._padded_texts

    def plain_picture(self, c, name, row_view, col_view, rows_in, marks) -> Block:
        """One channel of the window picture without colour: each row a slice of the padded
        row's text, the window's runs of columns boxed in ``[ ]``."""
        width = self._cell_width
        step = width + 2
        start = col_view.start * step
        length = len(col_view) * step - 2
        runs = []
        if marks:
            columns = sorted(m for m in marks if 0 <= m < len(col_view))
            first = previous = columns[0]
            for m in columns[1:]:
                if m != previous + 1:
                    runs.append((first, previous))
                    first = m
                previous = m
            runs.append((first, previous))
        lines: list[Line] = [[(name, "bold")]]
        for r in row_view:
            text = " " + self._padded_rows[c][r][start : start + length] + " "
            if runs and r - row_view.start in rows_in:
                chars = list(text)
                for first, last in runs:
                    chars[first * step] = "["
                    chars[last * step + width + 1] = "]"
                text = "".join(chars)
            lines.append([(text, None)])
        return Block(lines, [plain_width(name)] + [length + 2] * len(row_view))

    def colour_picture(self, c, name, row_view, col_view, rows_in, window, style_at) -> Block:
        """One channel of the window picture in colour, each row's pieces made once for every
        cell that shows the same row the same way (the rows around a window repeat)."""
        every = self.padded_texts()[c]
        cache = self._rows
        if len(cache) > 4096:
            cache.clear()
        width = self._cell_width
        lines: list[Line] = [[(name, "bold")]]
        view = (col_view.start, col_view.stop)
        for r in row_view:
            cols = frozenset(window) if window and r - row_view.start in rows_in else None
            key = (c, r, view, cols)
            line = cache.get(key)
            if line is None:
                row = every[r][view[0] : view[1]]
                span = ({r - row_view.start}, cols) if cols else None
                at = r - row_view.start

                def style(_r, col, at=at):
                    return style_at(at, col)

                line = styled_row(
                    row, 0, range(len(row)), width, style, None, None, span and ({0}, cols)
                )
                cache[key] = line
            lines.append(line)
        row_width = len(col_view) * (width + 2) - 2
        return Block(lines, [plain_width(name)] + [row_width] * len(row_view))

    def window_picture(self, work: CellWork, width: int) -> list[Line]:
        """The padded input with the cell's window highlighted (boxed with [ ] without colour).

        Too tall (over :data:`PICTURE_MAX_ROWS` rows) or too wide for the line, it shows a
        neighbourhood of the window instead, a few rows and columns around it, with a dim note
        saying which part of the padded input that is: every cell still shows where it sits.
        """
        picture = self.picture()
        r_span, c_span = work.window
        __, height, breadth = picture.padded.shape
        every = self.padded_texts()
        row_view, col_view = range(height), range(breadth)
        if height > PICTURE_MAX_ROWS:
            row_view = _around(r_span, height, PICTURE_CONTEXT)
        extra = 2 if self.plain else 0
        first = every[0][row_view.start : row_view.stop]
        if 3 * breadth > width or matrix_width(first) + extra > width:
            for context in range(PICTURE_CONTEXT, -1, -1):
                col_view = _around(c_span, breadth, context)
                crop = [row[col_view.start : col_view.stop] for row in first]
                if matrix_width(crop) + extra <= width:
                    break
        inside_cols = {c - col_view.start for c in c_span}
        seen = set(work.channel_indices)
        top, bottom, left, right = picture.inside
        pad_style = self.padding_style(picture.copies)

        def style_at(r: int, c: int) -> str | None:
            r += row_view.start
            c += col_view.start
            inside = top <= r < height - bottom and left <= c < breadth - right
            return None if inside else pad_style

        rows_in = {r - row_view.start for r in r_span}
        blocks = []
        for c, name in enumerate(picture.names):
            if self.plain:
                marks = inside_cols if c in seen else None
                blocks.append(self.plain_picture(c, name, row_view, col_view, rows_in, marks))
                continue
            window = inside_cols if c in seen else None
            blocks.append(
                self.colour_picture(c, name, row_view, col_view, rows_in, window, style_at)
            )
        lines = side_by_side(blocks, width)
        if (len(row_view), len(col_view)) == (height, breadth):
            return lines
        note = shown_part(row_view, col_view, height, breadth, picture, self.notation)
        return [[(note, "dim")], *lines]


def print_trace(
    console: Console,
    trace: Trace,
    *,
    cells: Iterable[Cell] | None = None,
    quiet: bool = False,
    ascii: bool = False,
    everything: bool = True,
    selection: dict | None = None,
) -> None:
    """Print ``trace`` one section at a time, so a long trace streams instead of piling up."""
    with language.in_ascii(ascii):
        _print_sections(console, trace, cells, quiet, ascii, everything, selection)


def _print_sections(console, trace, cells, quiet, ascii, everything, selection) -> None:
    output = Output(console)
    view = TraceView(
        trace,
        cells=cells,
        quiet=quiet,
        ascii=ascii,
        plain=not output.colour,
        everything=everything,
        selection=selection,
    )
    pending: list[Line] = []
    for section in view.sections(console.width):
        pending += section
        if len(pending) >= EMIT_LINES:
            output.emit(pending)
            pending = []
    if pending:
        output.emit(pending)

"""One screen of the walkthrough: a rich renderable for a :class:`State` of a :class:`Trace`.

Top to bottom: where the cell is; each padded input channel with the window highlighted (the
window before it underlined, so the stride shows); each channel's kernel, the products laid out
like the window, and their sum; the channel sums plus the bias; the output volume filling in;
the keys. Lines are ``rich.text.Text`` (never markup: traces are full of ``[``), cropped, never
wrapped, so a frame is exactly the terminal's size. A volume larger than the screen is shown
through a viewport around the window, and the screen says so.

Every number comes from the engine's :class:`~convtrace.engine.Cell`; only ``--fine``'s running
sums are added up here (for display: a channel's last running sum is the engine's sum).
"""

from __future__ import annotations

import copy
import textwrap
from dataclasses import dataclass

from rich import box as boxes
from rich.console import Console, ConsoleOptions, RenderResult
from rich.panel import Panel
from rich.segment import Segment
from rich.text import Text

from ..engine import Cell, Trace
from ..language import _
from ..numbers import Notation
from ..render.pictures import PADDING_STYLE, WINDOW_STYLE
from ..solution.cells import padded, span_phrase
from ..solution.formula import Formulas
from ..solution.outline import in_ascii
from ..solution.words import cell_label, compact_facts
from .chrome import Chrome
from .layout import (
    FOCUS_STYLE,
    GAP,
    HINT_STYLE,
    MESSAGE_STYLE,
    MIN_SIZE,
    OUTPUT_ROWS_MAX,
    PREVIOUS_STYLE,
    beside,
    grid_width,
    matrix_text,
    span,
    text_lines,
    viewport,
    width_of,
)
from .output import OutputVolume
from .products import Products
from .state import State, Walk


@dataclass(frozen=True)
class Frame:
    """The screen for ``state``: ``console.update_screen(view.frame(state))``."""

    view: StepView
    state: State

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        height = options.height or console.height
        line_options = options.update(width=width, height=None, no_wrap=True, overflow="crop")
        view = self.view
        if view.plain is None:  # as the console can show it: boxed windows without colour
            view = copy.copy(view)
            view.plain = console.color_system is None or console.no_color
        rendered = [
            console.render_lines(line, line_options, pad=True)[0]
            for line in view.lines(self.state, width, height)
        ]
        if self.state.help:
            rendered = self._overlay(view, console, line_options, rendered, width, height)
        lines = Segment.set_shape(rendered, width, height)
        for n, line in enumerate(lines):
            if n:
                yield Segment.line()
            yield from line

    def _overlay(self, view, console, options, lines, width, height):
        """The help box drawn over the middle of the frame."""
        help_text = view.help_text()
        box_width = min(width, max(line.cell_len for line in help_text.split("\n")) + 4)
        panel = Panel(
            help_text,
            title="keys",
            title_align="left",
            width=box_width,
            box=boxes.ASCII if view.ascii else boxes.ROUNDED,
            safe_box=view.ascii,
        )
        box = console.render_lines(panel, options.update(width=box_width))
        lines = list(lines) + [[Segment(" " * width)]] * max(0, height - len(lines))
        top = max(0, (min(height, len(lines)) - len(box)) // 2)
        left = max(0, (width - box_width) // 2)
        for n, box_line in enumerate(box[: height - top]):
            row = lines[top + n]
            before, __, after = Segment.divide(row, [left, left + box_width, width])
            lines[top + n] = [*before, *box_line, *after]
        return lines


class StepView(Products, OutputVolume, Chrome):
    """Frames of the walkthrough for one trace: ``view.frame(state)`` is a rich renderable.

    ``plain`` (no colour): windows are boxed with ``[ ]`` and the words say what colour would;
    ``None`` decides by the console the frame is printed on. ``auto``: the --auto interval, for
    the status line.
    """

    def __init__(
        self,
        trace: Trace,
        walk: Walk,
        *,
        ascii: bool = False,
        plain: bool | None = None,
        auto: float | None = None,
    ) -> None:
        self.trace = in_ascii(trace) if ascii else trace
        self.walk = walk
        self.notation = Notation.pick(ascii)
        self.ascii = ascii
        self.plain = plain
        self.auto = auto
        self.blank = "." if ascii else "·"
        self._formulas = Formulas(self.notation)
        self._cells: dict[tuple[int, int, int], Cell] = {}
        n = self.notation
        self.number_width = width_of(trace.padded, n)
        self.weight_width = width_of(trace.kernels, n)
        self.output_width = max(width_of(trace.output, n), 1)
        self.product_width: int | None = None
        if trace.task.is_integer and trace.padded.size and trace.kernels.size:
            x, w = trace.padded, trace.kernels
            corners = [int(a) * int(b) for a in (x.min(), x.max()) for b in (w.min(), w.max())]
            self.product_width = max(len(n.number(v)) for v in corners)

    def frame(self, state: State) -> Frame:
        return Frame(self, state)

    def cell(self, where: tuple[int, int, int]) -> Cell:
        if where not in self._cells:
            if len(self._cells) > 16:
                self._cells.clear()
            self._cells[where] = self.trace.cell(*where)
        return self._cells[where]

    # -- the whole screen -------------------------------------------------------------------

    def lines(self, state: State, width: int, height: int) -> list[Text]:
        """The frame's lines, at most ``height``, each at most ``width`` cells wide."""
        if width < MIN_SIZE[0] or height < MIN_SIZE[1]:
            return self._too_small(width, height)
        trace = self.trace
        cell = self.cell(state.position)
        rows_axis, cols_axis = trace.axes
        win_rows = rows_axis.window_positions(cell.row)
        win_cols = cols_axis.window_positions(cell.col)
        channels = cell.channels

        # Columns: one per channel, as many channels side by side as fit.
        kernel_blocks = [self.kernel_block(state, cell, c) for c in range(len(channels))]
        block_width = max(w for __, w in kernel_blocks)
        marked = self.plain
        nw = self.number_width
        padded_cols = trace.padded.shape[2]
        padded_rows = trace.padded.shape[1]
        want_cols = min(padded_cols, win_cols[-1] - win_cols[0] + 3)
        min_width = max(block_width, grid_width(want_cols, nw, marked))
        per_page = 1
        for count in range(len(channels), 0, -1):
            if (width - GAP * (count - 1)) // count >= min_width:
                per_page = count
                break
        room = (width - GAP * (per_page - 1)) // per_page
        show_cols = max(1, min(padded_cols, (room - (2 if marked else 0) + 2) // (nw + 2)))
        column = max(block_width, grid_width(show_cols, nw, marked), len(self._panel_title(0)))
        column = min(column, width)
        page_start = (min(state.channel, len(channels) - 1) // per_page) * per_page
        shown = range(page_start, min(len(channels), page_start + per_page))

        # Rows: what is left after the fixed parts goes to the padded input. The output gives
        # up rows first (down to 3), then the blank lines, then the output again.
        left_lines = self.bottom_left(state, cell)
        left_width = max(line.cell_len for line in left_lines)
        kernel_height = len(kernel_blocks[0][0])
        out_width = self.output_span(width)
        side_by_side = left_width + 4 + out_width <= width

        def free(blanks: int, out_rows: int) -> int:
            bottom = (
                max(len(left_lines), 1 + out_rows)
                if side_by_side
                else len(left_lines) + 1 + out_rows
            )
            # header, window line, note line, padded titles … kernels, bottom, keys
            return height - (3 + 1 + kernel_height + bottom + 1 + blanks)

        out_rows, blanks = min(trace.shape[1], OUTPUT_ROWS_MAX), 3
        least = min(padded_rows, len(win_rows) + 2)
        while free(blanks, out_rows) < padded_rows and out_rows > min(trace.shape[1], 3):
            out_rows -= 1
        while free(blanks, out_rows) < least and blanks:
            blanks -= 1
        while free(blanks, out_rows) < least and out_rows > 1:
            out_rows -= 1
        show_rows = max(1, min(padded_rows, free(blanks, out_rows)))

        view_rows = viewport(padded_rows, win_rows[0], win_rows[-1], show_rows)
        view_cols = viewport(padded_cols, win_cols[0], win_cols[-1], show_cols)

        out: list[Text] = [self._header(cell, width), self._window_line(state, cell)]
        n = self.notation
        notes = []
        if len(view_rows) < padded_rows or len(view_cols) < padded_cols:
            notes.append(
                _("view: padded rows {rows}, cols {cols} of {size}").format(
                    rows=span(view_rows, n),
                    cols=span(view_cols, n),
                    size=n.shape(padded_rows, padded_cols),
                )
            )
        if len(shown) < len(channels):
            notes.append(
                _("channels {span} of {count} (c / C: more)").format(
                    span=n.span(shown[0] + 1, shown[-1] + 1), count=len(channels)
                )
            )
        out.append(Text(n.separator.join(notes), style=MESSAGE_STYLE))
        panels = [(self._padded_panel(state, cell, c, view_rows, view_cols), column) for c in shown]
        out.extend(beside(panels, GAP))
        if blanks > 0:
            out.append(Text())
        out.extend(beside([(kernel_blocks[c][0], column) for c in shown], GAP))
        if blanks > 1:
            out.append(Text())
        content = len(shown) * column + GAP * (len(shown) - 1)
        out.extend(self.bottom(state, left_lines, left_width, out_rows, width, content))
        if blanks > 2:
            out.append(Text())
        out = out[: height - 1]
        out.extend([Text()] * (height - 1 - len(out)))
        out.append(self.status(state, width))
        return out

    def _too_small(self, width: int, height: int) -> list[Text]:
        n = self.notation
        need = n.shape(*MIN_SIZE)
        message = _(
            "The terminal is {size}; the walkthrough needs {need}. Enlarge it, or press q to quit."
        ).format(
            size=n.shape(width, height), need=need
        )  # wrapped to the width it complains about, so it is never cut off
        lines = textwrap.wrap(message, max(1, width), break_on_hyphens=False)
        return [Text(line) for line in lines[: max(1, height)]]

    # -- the parts --------------------------------------------------------------------------

    def _header(self, cell: Cell, width: int) -> Text:
        walk, task = self.walk, self.trace.task
        index = walk.index((cell.filter, cell.row, cell.col)) + 1
        if task.one_d:
            where = _("position {i}").format(i=cell.col)
        else:
            where = _("row {i}, col {j}").format(i=cell.row, j=cell.col)
        text = Text(no_wrap=True, overflow="crop")
        sep = self.notation.separator
        text.append(cell_label(cell.filter, cell.row, cell.col, cell.one_d), style="bold")
        name = _("filter {name}").format(name=cell.filter_name)
        count = _("cell {index} of {count}").format(index=index, count=walk.cells)
        text.append(f"   {name}{sep}{where}{sep}{count}")
        right = sep.join(compact_facts(task, self.notation).split(sep)[2:])
        if text.cell_len + 3 + len(right) <= width:
            text.append(" " * (width - text.cell_len - len(right)))
            text.append(right, style=HINT_STYLE)
        return text

    def _previous(self, cell: Cell) -> tuple[int, int, int] | None:
        """The window one step before: to the left in the row, else above."""
        if cell.col > 0:
            return cell.filter, cell.row, cell.col - 1
        if cell.row > 0:
            return cell.filter, cell.row - 1, cell.col
        return None

    def _window_line(self, state: State, cell: Cell) -> Text:
        rows_axis, cols_axis = self.trace.axes
        r, c = rows_axis.window_positions(cell.row), cols_axis.window_positions(cell.col)
        one_d = self.trace.task.one_d
        n = self.notation
        text = Text(_("window: "), style=HINT_STYLE)
        text.append(
            padded(span_phrase("position", c, n))
            if one_d
            else padded(f"{span_phrase('row', r, n)}, {span_phrase('col', c, n)}")
        )
        before = self._previous(cell)
        if before is None:
            text.append(n.separator + _("its first position"), style=HINT_STYLE)
        else:
            how = _("before") if self.plain else _("before (underlined)")
            if before[2] != cell.col:
                moved = cols_axis.window_positions(before[2])
                said = _("positions {span}") if one_d else _("cols {span}")
                where = said.format(span=span(moved, n))
                stride = cols_axis.stride
            else:
                moved = rows_axis.window_positions(before[1])
                where = _("rows {span}").format(span=span(moved, n))
                stride = rows_axis.stride
            sep = n.separator
            text.append(f"{sep}{how}: {where}{sep}s = {stride}", style=HINT_STYLE)
        return text

    def _panel_title(self, c: int) -> str:
        name = self.trace.task.channel_names[c]
        return f"{name} (padded)" if any(self.trace.task.padding) else name

    def focus(self, state: State) -> tuple[int, int, int] | None:
        number = state.current_product(self.walk)
        return None if number is None else self.walk.product(number)

    def _padded_panel(
        self, state: State, cell: Cell, c: int, view_rows: range, view_cols: range
    ) -> list[Text]:
        trace, n = self.trace, self.notation
        step = cell.channels[c]
        rows_axis, cols_axis = trace.axes
        win_rows = rows_axis.window_positions(cell.row)
        win_cols = cols_axis.window_positions(cell.col)
        inside_rows, inside_cols = set(win_rows), set(win_cols)
        before = self._previous(cell)
        before_rows = set(rows_axis.window_positions(before[1])) if before else set()
        before_cols = set(cols_axis.window_positions(before[2])) if before else set()
        focus = self.focus(state)
        focus_at = None
        if focus is not None and focus[0] == c:
            focus_at = (win_rows[focus[1]], win_cols[focus[2]])
        channel = trace.padded[step.index]
        cells = [
            [
                n.number(v).rjust(self.number_width)
                for v in channel[r, view_cols.start : view_cols.stop].tolist()
            ]
            for r in view_rows
        ]
        r0, c0 = view_rows.start, view_cols.start

        def style_at(r: int, col: int) -> str | None:
            r, col = r + r0, col + c0
            if (r, col) == focus_at:
                return FOCUS_STYLE
            if r in inside_rows and col in inside_cols:
                return WINDOW_STYLE
            if r in before_rows and col in before_cols:
                return PREVIOUS_STYLE
            return PADDING_STYLE if trace.is_padding(r, col) else None

        def marked(r: int, col: int) -> bool:
            return r + r0 in inside_rows and col + c0 in inside_cols

        text = matrix_text(
            cells,
            self._panel_title(step.index),
            style_at,
            marked=marked if self.plain else None,
        )
        lines = text_lines(text)
        if not self.plain:  # fill the gaps too: the window as one block, the one before underlined
            grid = lines[1:]
            for r in view_rows:
                line = grid[r - view_rows.start]
                if r in before_rows:
                    cols = before_cols - (inside_cols if r in inside_rows else set())
                    self._fill(line, cols, view_cols, PREVIOUS_STYLE)
                if r in inside_rows:
                    self._fill(line, inside_cols, view_cols, WINDOW_STYLE)
                if focus_at is not None and r == focus_at[0]:  # stays marked on the block
                    self._fill(line, {focus_at[1]}, view_cols, FOCUS_STYLE)
        return lines

    def _fill(self, line: Text, cols: set[int], view_cols: range, style: str) -> None:
        """Style grid columns ``cols`` of ``line`` as one piece, the gaps between included
        (only where they are side by side: a dilated window keeps its holes)."""
        seen = sorted(c - view_cols.start for c in cols if c in view_cols)
        if not seen or seen[-1] - seen[0] != len(seen) - 1:
            return
        step = self.number_width + 2
        line.stylize(style, seen[0] * step, seen[-1] * step + self.number_width)

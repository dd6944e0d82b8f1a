"""The walkthrough's output volume: filling in as the cells are visited, the current cell
marked, seen through a viewport when it is larger than its part of the screen."""

from __future__ import annotations

from rich.text import Text

from ..language import _
from .layout import (
    CURRENT_CELL_STYLE,
    GAP,
    HINT_STYLE,
    beside,
    grid_width,
    matrix_text,
    signed_style,
    span,
    text_lines,
    viewport,
)
from .state import State


class OutputVolume:
    """The output part of :class:`~.frame.StepView` (a mixin, like :class:`~.products.Products`)."""

    def output_filters(self, width: int) -> list[int]:
        """The output slices shown: all that fit side by side, else the current filter's."""
        k = self.trace.shape[0]
        each = self.output_grid_width(width) + GAP
        if k * each - GAP <= width:
            return list(range(k))
        return []

    def output_grid_width(self, width: int) -> int:
        k, rows, cols = self.trace.shape
        grid = grid_width(cols, self.output_width, self.plain)
        title = len(self.output_title(0))
        if rows > 3 or grid > width:  # it may be seen through a viewport: the title says where
            widest = _("{label} rows {rows}, cols {cols}").format(
                label=f"o[{k - 1}]", rows=f"{rows}-{rows}", cols=f"{cols}-{cols}"
            )
            title = max(title, len(widest))
        return min(width, max(grid, title))

    def output_span(self, width: int) -> int:
        filters = self.output_filters(width) or [0]
        return len(filters) * (self.output_grid_width(width) + GAP) - GAP

    def output_title(self, k: int) -> str:
        name = self.trace.task.filters[k].name
        if self.trace.shape[0] == 1:
            return _("output {label} ({name})").format(label=f"o[{k}]", name=name)
        return f"o[{k}] ({name})"

    def output_grid(self, state: State, k: int, rows: int, room: int) -> list[Text]:
        trace, n = self.trace, self.notation
        h, w = trace.shape[1:]
        ow = self.output_width
        capacity = max(1, (room - (2 if self.plain else 0) + 2) // (ow + 2))
        here = state.position
        current = k == here[0]
        view_rows = viewport(h, here[1], here[1], rows) if current else range(min(h, rows))
        view_cols = viewport(w, here[2], here[2], capacity) if current else range(min(w, capacity))
        complete = state.complete(self.walk)
        values = trace.output[k]
        cells, styles = [], []
        for i in view_rows:
            row, row_styles = [], []
            for j in view_cols:
                value = values[i, j].item()
                if (k, i, j) == here:
                    row.append((n.number(value) if complete else "?").rjust(ow))
                    row_styles.append(CURRENT_CELL_STYLE)
                elif (k, i, j) in state.visited:
                    row.append(n.number(value).rjust(ow))
                    row_styles.append(signed_style(value))
                else:
                    row.append(self.blank.rjust(ow))
                    row_styles.append(HINT_STYLE)
            cells.append(row)
            styles.append(row_styles)
        title = self.output_title(k)
        if len(view_rows) < h or len(view_cols) < w:
            title = _("{label} rows {rows}, cols {cols}").format(
                label=f"o[{k}]", rows=span(view_rows, n), cols=span(view_cols, n)
            )
        marked = None
        if self.plain and current:

            def marked(r: int, c: int) -> bool:
                return (k, view_rows[r], view_cols[c]) == here

        text = matrix_text(
            cells,
            title,
            lambda r, c: styles[r][c],
            marked=marked,
        )
        return text_lines(text)

    def bottom(
        self,
        state: State,
        left_lines: list[Text],
        left_width: int,
        out_rows: int,
        width: int,
        content: int,
    ) -> list[Text]:
        """The total (and --fine's product) on the left, the output volume on the right,
        its right edge under the last channel's (so it stays put as the total changes)."""
        filters = self.output_filters(width) or [state.filter]
        room = self.output_grid_width(width)
        grids = [(self.output_grid(state, k, out_rows, room), room) for k in filters]
        outputs = beside(grids, GAP)
        out_width = self.output_span(width)
        if left_width + 4 + out_width <= width:
            left = max(left_width, min(content, width) - out_width - 4)
            return beside([(left_lines, left), (outputs, out_width)], 4)
        return [*left_lines, *outputs]

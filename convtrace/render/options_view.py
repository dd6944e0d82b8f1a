"""Terminal pictures for the hyperparameters: the padded input framed, the dilated kernel.

Kept apart from :mod:`terminal` so that the trace's general layout and these option-specific
pictures can change independently. Built from rich ``Text`` only, never markup.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.text import Text

from ..numbers import Notation, Number, is_negative, is_zero

#: Padded values that copy an input value (reflect, replicate, circular) look like this; zero
#: padding keeps the plain dimmed style.
COPY_STYLE = "dim italic"
HOLE_STYLE = "dim"


def _frame_chars(notation: Notation) -> tuple[str, str, str, str, str, str]:
    """Vertical, horizontal and the four corners; ASCII where the notation is ASCII."""
    if notation.minus == "-":
        return "|", "-", "+", "+", "+", "+"
    return "\u2502", "\u2500", "\u250c", "\u2510", "\u2514", "\u2518"


def framed_matrix(
    values: Sequence[Sequence[Number]],
    padding: tuple[int, int, int, int],
    notation: Notation,
    title: str | None = None,
    style_at: Callable[[int, int], str | None] | None = None,
    max_width: int | None = None,
) -> Text | None:
    """A padded matrix with the original input boxed, as drawn by hand:

    ::

         6   5   6   7   8   7
           ┌───────────────┐
         2 │ 1   2   3   4 │ 3
           └───────────────┘

    Everything outside the box is padding, with or without colour. ``None`` when it would not
    fit in ``max_width`` (the caller then prints the matrix in bands, unframed).
    """
    top, bottom, left, right = padding
    cells = [[notation.number(v) for v in row] for row in values]
    n_rows, n_cols = len(cells), len(cells[0])
    width = max(len(c) for row in cells for c in row)
    first, last = left, n_cols - right  # the input's columns: [first, last)
    vertical, horizontal, top_left, top_right, bottom_left, bottom_right = _frame_chars(notation)

    def gap(c: int, inside: bool) -> str:
        """The text before column ``c`` (``c == n_cols``: after the last column)."""
        bar = vertical if inside else " "
        if c == first == 0:
            return bar + " "
        if c == last == n_cols:
            return " " + bar
        if c in (first, last):
            return " " + bar + " "
        return "  " if 0 < c < n_cols else ""

    layout = "".join(gap(c, True) + "x" * width for c in range(n_cols)) + gap(n_cols, True)
    if max_width is not None and len(layout) > max_width:
        return None
    left_bar = layout.index(vertical)
    right_bar = layout.rindex(vertical)

    def border(a: str, b: str) -> str:
        return (" " * left_bar + a + horizontal * (right_bar - left_bar - 1) + b).ljust(len(layout))

    text = Text(no_wrap=True, overflow="crop")
    if title:
        text.append(title, style="bold")
    lines = 0
    for r, row in enumerate(cells):
        inside = top <= r < n_rows - bottom
        if r == top:
            text.append(("\n" if title or lines else "") + border(top_left, top_right))
            lines += 1
        text.append("\n" if title or lines else "")
        for c, cell in enumerate(row):
            text.append(gap(c, inside))
            style = style_at(r, c) if style_at else None
            text.append(cell.rjust(width), style=style)
        text.append(gap(n_cols, inside))
        lines += 1
        if r == n_rows - bottom - 1:
            text.append("\n" + border(bottom_left, bottom_right))
    return text


def dilated_kernel(
    weights: Sequence[Sequence[Number]],
    dilation: tuple[int, int],
    notation: Notation,
    title: str | None = None,
) -> Text:
    """The kernel as it lies on the input when dilated: the weights with holes between them.

    ::

         1   ·   0   ·  −1
         2   ·   0   ·  −2

    A hole (``·``, ``.`` in ASCII) is an input cell the window skips.
    """
    dh, dw = dilation
    hole = "." if notation.minus == "-" else "\u00b7"
    fh, fw = len(weights), len(weights[0])
    rows, cols = (fh - 1) * dh + 1, (fw - 1) * dw + 1
    cells = [[notation.number(v) for v in row] for row in weights]
    width = max(max(len(c) for row in cells for c in row), 1)
    text = Text(no_wrap=True, overflow="crop")
    if title:
        text.append(title, style="bold")
    for r in range(rows):
        if r or title:
            text.append("\n")
        for c in range(cols):
            if c:
                text.append("  ")
            if r % dh or c % dw:
                text.append(hole.rjust(width), style=HOLE_STYLE)
                continue
            value = weights[r // dh][c // dw]
            style = "red" if is_negative(value) else ("dim" if is_zero(value) else None)
            text.append(cells[r // dh][c // dw].rjust(width), style=style)
    return text

"""Text layout for the walkthrough's frames: rich ``Text`` lines, cropped, never wrapped.

A frame is exactly the terminal's size, so its parts are laid out here line by line: blocks
side by side, padded to their widths, matrices as right-aligned columns, a viewport that follows
the window across a volume larger than the screen.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import numpy as np
from rich.text import Text

from ..numbers import Notation, Number, is_negative
from ..render.breaking import token_style
from ..render.pictures import NEGATIVE_STYLE
from ..solution.formula import Token

SAMPLE = 50_000  # decimals whose written width is measured to lay out a large volume
PREVIOUS_STYLE = "dim underline"  # the window one step before: the stride, made visible
FOCUS_STYLE = (
    "bold black on yellow not reverse"  # --fine: the product being revealed and its two factors
)
CURRENT_CELL_STYLE = "bold reverse"
HINT_STYLE = "dim"
MESSAGE_STYLE = "bold yellow"
GAP = 3  # columns between channels
MIN_SIZE = (40, 12)
KERNEL_ROWS_MAX = 9
OUTPUT_ROWS_MAX = 7

StyleAt = Callable[[int, int], "str | None"]


def tokens_text(tokens: Iterable[Token]) -> Text:
    text = Text()
    for token in tokens:
        text.append(token.text, style=token_style(token))
    return text


def matrix_text(
    cells: Sequence[Sequence[str]],
    title: str | None = None,
    style_at: StyleAt | None = None,
    marked: Callable[[int, int], bool] | None = None,
) -> Text:
    """Written cells as right-aligned columns under a bold title; ``marked`` cells are boxed in
    ``[ ]`` (the window without colour)."""
    width = max((len(c) for row in cells for c in row), default=1)
    text = Text(no_wrap=True, overflow="crop")
    if title:
        text.append(title, style="bold")
    for r, row in enumerate(cells):
        if r or title:
            text.append("\n")
        inside = [bool(marked and marked(r, c)) for c in range(len(row))]
        for c, cell in enumerate(row):
            if marked is not None:
                before = inside[c - 1] if c else False
                if c == 0:
                    text.append("[" if inside[c] else " ")
                elif inside[c] and not before:
                    text.append(" [")
                elif before and not inside[c]:
                    text.append("] ")
                else:
                    text.append("  ")
            elif c:
                text.append("  ")
            text.append(cell.rjust(width), style=style_at(r, c) if style_at else None)
        if marked is not None and row:
            text.append("]" if inside[-1] else " ")
    return text


def viewport(total: int, first: int, last: int, capacity: int) -> range:
    """The positions to show out of ``total`` so that ``first``…``last`` is in view.

    The view moves in jumps of half its free space rather than with every step, so the window
    is seen to travel across it (a view centred on the window would hide the stride).
    """
    if total <= capacity:
        return range(total)
    capacity = max(1, capacity)
    span = last - first + 1
    if span >= capacity:
        return range(first, first + capacity)
    if span + 2 <= capacity and first > 0:  # a margin before the window, where the last one was
        first, span = first - 1, span + 1
    step = max(1, (capacity - span + 1) // 2)
    begin = min((first // step) * step, total - capacity)
    return range(begin, begin + capacity)


def span(values: range, notation: Notation) -> str:
    return notation.span(values[0], values[-1])


def width_of(values, notation: Notation) -> int:
    """The widest number in a numpy array, as written."""
    if values.size == 0:
        return 1
    if values.dtype.kind in "iu":
        return max(len(notation.number(int(values.min()))), len(notation.number(int(values.max()))))
    flat = values.ravel()
    if flat.size > SAMPLE:  # a wider number outside the sample only widens its own frame
        flat = np.concatenate([flat[:: flat.size // SAMPLE + 1], [flat.min(), flat.max()]])
    return max(len(notation.number(v)) for v in flat.tolist())


def text_lines(text: Text) -> list[Text]:
    return list(text.split("\n", allow_blank=True))


def pad(text: Text, width: int) -> Text:
    text = text.copy()
    text.truncate(width, overflow="crop", pad=True)
    return text


def beside(blocks: Sequence[tuple[list[Text], int]], gap: int) -> list[Text]:
    """Blocks of lines side by side, each padded to its width."""
    height = max((len(lines) for lines, _ in blocks), default=0)
    out = []
    for r in range(height):
        line = Text(no_wrap=True, overflow="crop")
        for n, (lines, width) in enumerate(blocks):
            if n:
                line.append(" " * gap)
            line.append_text(pad(lines[r] if r < len(lines) else Text(), width))
        line.rstrip()
        out.append(line)
    return out


def grid_width(columns: int, cell: int, marked: bool) -> int:
    return columns * cell + max(0, columns - 1) * 2 + (2 if marked else 0)


def signed_style(value: Number) -> str | None:
    return NEGATIVE_STYLE if is_negative(value) else None

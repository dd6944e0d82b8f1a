"""Matrices for the terminal as blocks of styled lines: plain, framed, dilated, with a window.

A matrix is right-aligned columns two spaces apart under a bold title; wider than the line, it
comes in bands of columns (``cols 0–15``, ``cols 16–31``). Without colour a window is boxed in
``[ ]`` as one boxes it by hand; with colour it is highlighted as one solid block, the gaps
between its numbers included. The padded input is drawn with the original input framed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from ..numbers import Notation
from .lines import Block, Line, plain_width

NEGATIVE_STYLE = "red"
PADDING_STYLE = "dim"
COPY_STYLE = "dim italic"  # padding that copies input values (reflect, replicate, circular)
WINDOW_STYLE = "bold reverse"
HOLE_STYLE = "dim"
TITLE_STYLE = "bold"

StyleAt = Callable[[int, int], "str | None"]


def texts(values: np.ndarray, notation: Notation) -> list[list[str]]:
    """The numbers of a matrix as written, each distinct one written once."""
    values = np.asarray(values)
    if values.size == 0:
        return [[] for _ in range(values.shape[0])]
    distinct, inverse = np.unique(values, return_inverse=True)
    table = np.array([notation.number(v) for v in distinct.tolist()] + [""], dtype=object)[:-1]
    return table[inverse.reshape(values.shape)].tolist()


def sign_style(text: str, notation: Notation) -> str | None:
    if text.startswith(notation.minus):
        return NEGATIVE_STYLE
    return "dim" if text == "0" else None


def matrix_block(
    cells: Sequence[Sequence[str]],
    title: str | None = None,
    *,
    style_at: StyleAt | None = None,
    signed: Notation | None = None,
    marked: Callable[[int, int], bool] | None = None,
    window: tuple[set[int], set[int]] | None = None,
    max_width: int | None = None,
    plain: bool = False,
) -> Block:
    """Written numbers as right-aligned columns under ``title`` (see the module docstring).

    ``style_at(r, c)`` styles a cell; ``signed`` colours negative numbers red and zeros dim;
    ``marked(r, c)`` boxes cells in ``[ ]``; ``window`` (rows, cols) highlights them as a block.
    ``plain``: no styles at all (each row is one piece of text, which is much faster).
    """
    width = max((len(c) for row in cells for c in row), default=1)
    n_cols = len(cells[0]) if cells else 0
    per_band = n_cols
    extra = 2 if marked is not None else 0
    if max_width is not None and n_cols * (width + 2) - 2 + extra > max_width:
        per_band = max(1, (max_width - 1 - extra) // (width + 2))
    lines: list[Line] = []
    widths: list[int] = []
    if title:
        lines.append([(title, TITLE_STYLE)])
        widths.append(plain_width(title))
    for first in range(0, n_cols, per_band):
        band = range(first, min(first + per_band, n_cols))
        if per_band < n_cols:
            label = f"cols {band.start}\u2013{band[-1]}"
            lines.append([(label, "dim")])
            widths.append(len(label))
        row_width = len(band) * (width + 2) - 2 + extra
        for r, row in enumerate(cells):
            if plain:
                lines.append([(_plain_row(row, r, band, width, marked), None)])
            else:
                lines.append(styled_row(row, r, band, width, style_at, signed, marked, window))
            widths.append(row_width)
    return Block(lines, widths)


#: Rows of a streamed matrix written at once.
STREAM_ROWS = 64


def streamed_matrix(matrix, notation: Notation, max_width: int, plain: bool):
    """A big matrix as :func:`matrix_block` lays it out (its title, bands of columns, signs
    coloured), in chunks of lines, a few rows at a time: memory stays bounded by a chunk."""
    values = np.asarray(matrix.values)
    rows, n_cols = values.shape
    width = _widest(values, notation)
    per_band = n_cols
    if n_cols * (width + 2) - 2 > max_width:
        per_band = max(1, (max_width - 1) // (width + 2))
    yield [[(matrix.label, TITLE_STYLE)]]
    signed = notation if matrix.signed else None
    for first in range(0, n_cols, per_band):
        band = range(first, min(first + per_band, n_cols))
        if per_band < n_cols:
            yield [[(f"cols {band.start}\u2013{band[-1]}", "dim")]]
        for top in range(0, rows, STREAM_ROWS):
            cells = texts(values[top : top + STREAM_ROWS, band.start : band.stop], notation)
            every = range(len(band))
            if plain:
                yield [[("  ".join(t.rjust(width) for t in row), None)] for row in cells]
            else:
                yield [styled_row(row, 0, every, width, None, signed, None, None) for row in cells]


def _widest(values: np.ndarray, notation: Notation) -> int:
    """How wide the widest number of ``values`` is written (integers from their extremes)."""
    if values.size == 0:
        return 1
    if values.dtype.kind in "iu":
        low, high = int(values.min()), int(values.max())
        return max(len(notation.number(low)), len(notation.number(high)))
    widest = 1
    for top in range(0, values.shape[0], STREAM_ROWS):
        chunk = np.unique(values[top : top + STREAM_ROWS])
        widest = max(widest, max(len(notation.number(v)) for v in chunk.tolist()))
    return widest


def _plain_row(row, r, band, width, marked) -> str:
    if marked is None:
        return "  ".join(row[c].rjust(width) for c in band)
    parts = []
    before = False
    for n, c in enumerate(band):
        inside = marked(r, c)
        if n == 0:
            parts.append("[" if inside else " ")
        elif inside and not before:
            parts.append(" [")
        elif before and not inside:
            parts.append("] ")
        else:
            parts.append("  ")
        parts.append(row[c].rjust(width))
        before = inside
    parts.append("]" if before else " ")
    return "".join(parts)


def styled_row(row, r, band, width, style_at, signed, marked, window) -> Line:
    """One styled row; neighbouring pieces of the same style are joined into one."""
    line: Line = []
    last_style: str | None = None

    def add(text: str, style: str | None) -> None:
        nonlocal last_style
        if line and style == last_style:
            line[-1] = (line[-1][0] + text, style)
        else:
            line.append((text, style))
            last_style = style

    inside = [marked(r, c) for c in band] if marked is not None else None
    in_window = window is not None and r in window[0]
    for n, c in enumerate(band):
        if inside is not None:
            before = inside[n - 1] if n else False
            if n == 0:
                add("[" if inside[n] else " ", None)
            elif inside[n] and not before:
                add(" [", None)
            elif before and not inside[n]:
                add("] ", None)
            else:
                add("  ", None)
        elif n:
            gap_style = None
            if in_window and c in window[1] and c - 1 in window[1]:
                gap_style = WINDOW_STYLE  # the window as one block, gaps included
            add("  ", gap_style)
        text = row[c]
        style = style_at(r, c) if style_at else None
        if in_window and c in window[1]:
            style = WINDOW_STYLE
        elif signed is not None and not style:
            style = sign_style(text, signed)
        add(text.rjust(width), style)
    if inside is not None:
        add("]" if inside[-1] else " ", None)
    return line


def framed_block(
    cells: Sequence[Sequence[str]],
    padding: tuple[int, int, int, int],
    notation: Notation,
    title: str | None = None,
    style_at: StyleAt | None = None,
    max_width: int | None = None,
) -> Block | None:
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
    n_rows, n_cols = len(cells), len(cells[0])
    width = max(len(c) for row in cells for c in row)
    vertical, horizontal, corners = _FRAMES[notation.ascii]
    gaps = _frame_gaps(n_cols, left, n_cols - right, vertical)
    total = sum(len(g) for g in gaps) + n_cols * width
    if max_width is not None and total > max_width:
        return None
    outside = _frame_gaps(n_cols, left, n_cols - right, " ")
    layout = "".join(gaps[c] + "x" * width for c in range(n_cols)) + gaps[n_cols]
    left_bar, right_bar = layout.index(vertical), layout.rindex(vertical)

    def border(a: str, b: str) -> Line:
        text = " " * left_bar + a + horizontal * (right_bar - left_bar - 1) + b
        return [(text.ljust(len(layout)), None)]

    lines: list[Line] = [[(title, TITLE_STYLE)]] if title else []
    for r, row in enumerate(cells):
        if r == top:
            lines.append(border(corners[0], corners[1]))
        bars = gaps if top <= r < n_rows - bottom else outside
        line: Line = []
        for c, text in enumerate(row):
            line.append((bars[c], None))
            line.append((text.rjust(width), style_at(r, c) if style_at else None))
        line.append((bars[n_cols], None))
        lines.append(line)
        if r == n_rows - bottom - 1:
            lines.append(border(corners[2], corners[3]))
    widths = [len(layout)] * len(lines)
    if title:
        widths[0] = plain_width(title)
    return Block(lines, widths)


#: The frame's vertical and horizontal lines and its corners, Unicode and ASCII.
_FRAMES = {False: ("\u2502", "\u2500", "\u250c\u2510\u2514\u2518"), True: ("|", "-", "++++")}


def _frame_gaps(n_cols: int, first: int, last: int, bar: str) -> list[str]:
    """The text before each column (and after the last) of a row, with the frame's ``bar``
    before the input's first column ``first`` and after its last (``last`` is one past it)."""
    gaps = []
    for c in range(n_cols + 1):
        if c == first == 0:
            gaps.append(bar + " ")
        elif c == last == n_cols:
            gaps.append(" " + bar)
        elif c in (first, last):
            gaps.append(" " + bar + " ")
        else:
            gaps.append("  " if 0 < c < n_cols else "")
    return gaps


def dilated_block(
    cells: Sequence[Sequence[str]],
    dilation: tuple[int, int],
    notation: Notation,
    title: str | None = None,
) -> Block:
    """The kernel as it lies on the input when dilated: the weights with holes between them.

    ::

         1   ·   0   ·  −1
         2   ·   0   ·  −2

    A hole (``·``, ``.`` in ASCII) is an input cell the window skips.
    """
    dh, dw = dilation
    hole = "." if notation.ascii else "\u00b7"
    fh, fw = len(cells), len(cells[0])
    rows, cols = (fh - 1) * dh + 1, (fw - 1) * dw + 1
    width = max(max(len(c) for row in cells for c in row), 1)
    lines: list[Line] = [[(title, TITLE_STYLE)]] if title else []
    for r in range(rows):
        line: Line = []
        for c in range(cols):
            if c:
                line.append(("  ", None))
            if r % dh or c % dw:
                line.append((hole.rjust(width), HOLE_STYLE))
                continue
            text = cells[r // dh][c // dw]
            line.append((text.rjust(width), sign_style(text, notation)))
        lines.append(line)
    return Block.of(lines)


def matrix_width(cells: Sequence[Sequence[str]]) -> int:
    width = max((len(c) for row in cells for c in row), default=1)
    return len(cells[0]) * (width + 2) - 2 if cells else 0

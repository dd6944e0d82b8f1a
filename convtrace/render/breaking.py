"""Text and formulas broken into lines of a width, as one writes them on paper.

A formula too long for its line breaks before a `` + `` between kernel rows (or terms) and goes
on under its start; a bracket too long for a line of its own breaks between its products.
Running text breaks between words, never inside one.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence

from ..solution.formula import Token
from .lines import Line, plain_width
from .pictures import NEGATIVE_STYLE

STYLES = {
    "op": None,
    "bracket": "bold",
    "x": "cyan",
    "w": "magenta",
    "sum": "bold",
    "bias": "yellow",
    "value": "bold green",
    "label": "bold",
}


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` columns, broken between words only (never inside one)."""
    lines = []
    for line in text.split("\n"):
        if plain_width(line) <= width:
            lines.append(line)
            continue
        indent = line[: len(line) - len(line.lstrip())]
        lines += textwrap.wrap(
            line,
            width,
            subsequent_indent=indent,
            break_long_words=False,
            break_on_hyphens=False,
        )
    return lines


def role_style(role: str, zero: bool, negative: bool) -> str | None:
    """How the terminal shows a formula's piece: its role's colour, red where negative, dim
    where it belongs to a zero product."""
    if zero:
        return "dim"
    style = STYLES.get(role)
    if negative:
        if role == "value":
            return "bold red"
        if role in ("w", "sum", "bias"):
            return f"{style} {NEGATIVE_STYLE}" if style else NEGATIVE_STYLE
    return style


_STYLE_OF = {
    (role, zero, negative): role_style(role, zero, negative)
    for role in (*STYLES, "blank")
    for zero in (False, True)
    for negative in (False, True)
}


def token_style(token: Token) -> str | None:
    return _STYLE_OF.get((token.role, token.zero, token.negative)) or role_style(*token[1:])


def tokens_line(tokens: Iterable[Token]) -> Line:
    style_of = _STYLE_OF
    return [(text, style_of[(role, zero, negative)]) for text, role, zero, negative in tokens]


def break_formula(label: Line, pieces: Sequence[Line], width: int, inner=None) -> list[Line]:
    """``label`` then the formula's pieces; too long for ``width``, it breaks before a piece
    that starts with `` + `` (between brackets or terms) and goes on under the formula's start,
    as one writes it on paper. A piece too long for a line of its own is broken by ``inner``
    (the products inside a bracket), indented one more."""
    indent = sum(plain_width(t) for t, _ in label)  # a channel name may be wide (日本語)
    if indent + sum(len(t) for piece in pieces for t, _ in piece) <= width:
        return [[*label, *(p for piece in pieces for p in piece)]]  # it fits on one line
    lines: list[Line] = [list(label)]
    used = indent

    def place(piece: Line, margin: int) -> None:
        nonlocal used
        size = sum(len(t) for t, _ in piece)  # formulas: one column per character
        if used + size > width and used > margin:
            lines.append([(" " * margin, None)])
            used = margin
            first = piece[0][0]
            if first.startswith(" "):
                piece = [(first.lstrip(), piece[0][1]), *piece[1:]]
                size -= len(first) - len(first.lstrip())
        lines[-1].extend(piece)
        used += size

    for piece in pieces:
        size = sum(len(t) for t, _ in piece)
        if size <= width - indent or inner is None:
            place(piece, indent)
            continue
        for part in inner(piece):
            place(part, indent + 1)
    return lines


def split_tokens(tokens: Sequence[Token], level: int) -> list[list[Token]]:
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


def split_products(piece: Line) -> list[Line]:
    """A bracket's line cut before each `` + `` inside it (its products)."""
    parts: list[Line] = [[]]
    depth = 0
    for text, style in piece:
        if text == "[":
            depth += 1
        elif text == "]":
            depth -= 1
        if text in (" + ", " = ") and depth == 1 and parts[-1]:
            parts.append([])
        parts[-1].append((text, style))
    return parts


def split_plain(piece: Line) -> list[Line]:
    """A bracket's plain text cut before each `` + `` inside it."""
    text = piece[0][0]
    lead = text[: len(text) - len(text.lstrip())]
    first, _, rest = text.lstrip().partition("[")
    inner = rest.split(" + ")
    parts = [[(lead + first + "[" + inner[0], None)]]
    parts += [[(" + " + item, None)] for item in inner[1:]]
    return parts

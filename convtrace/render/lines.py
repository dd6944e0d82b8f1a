"""Lines of styled text for the terminal, laid out by convtrace and handed to rich as segments.

A trace has hundreds of thousands of numbers; building a rich ``Text`` (with its spans) for each
section and letting rich lay out ``Columns`` costs milliseconds per cell. Here a line is a list of
``(text, style)`` pieces, blocks of lines are put side by side the way ``rich.columns.Columns``
does it, and :func:`emit` gives rich ready ``Segment`` objects (styles parsed once), or, without
colour, one plain string. Widths are display widths (``cell_len``: 日本語 takes two columns).
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.color import ColorSystem
from rich.console import Console
from rich.segment import Segment, Segments
from rich.style import Style

Piece = tuple[str, "str | None"]
Line = list[Piece]

HEADING_STYLE = "bold blue"
RULE_STYLE = "blue"


def width_of(line: Line) -> int:
    return sum(cell_len(text) for text, _ in line)


def plain_width(text: str) -> int:
    return len(text) if text.isascii() else cell_len(text)


@dataclass
class Block:
    """Lines that stay together (a matrix with its title), how wide each is and the widest."""

    lines: list[Line]
    widths: list[int]

    @property
    def width(self) -> int:
        return max(self.widths, default=0)

    @classmethod
    def of(cls, lines: list[Line]) -> Block:
        return cls(lines, [width_of(line) for line in lines])


def side_by_side(blocks: Sequence[Block], width: int, gap: int = 4) -> list[Line]:
    """Blocks in rows of as many as fit in ``width``, ``gap`` columns apart, column widths the
    widest block of each column: the layout of ``rich.columns.Columns``."""
    if not blocks:
        return []
    count = len(blocks)
    while count > 1:
        widths = [0] * count
        fits = True
        for n, block in enumerate(blocks):
            column = n % count
            widths[column] = max(widths[column], block.width)
            used = [w for w in widths if w]
            if sum(used) + gap * (len(used) - 1) > width:
                count = max(1, len(used) - 1)  # one block wider than the line: one a row
                fits = False
                break
        if fits:
            break
    widths = [0] * count
    for n, block in enumerate(blocks):
        widths[n % count] = max(widths[n % count], block.width)
    lines: list[Line] = []
    for start in range(0, len(blocks), count):
        row = blocks[start : start + count]
        height = max(len(block.lines) for block in row)
        for r in range(height):
            line: Line = []
            for n, block in enumerate(row):
                if n:
                    line.append((" " * gap, None))
                if r < len(block.lines):
                    line.extend(block.lines[r])
                    spare = widths[n] - block.widths[r]
                else:
                    spare = widths[n]
                if spare > 0 and n < len(row) - 1:
                    line.append((" " * spare, None))
            lines.append(line)
    return lines


def heading(text: str, width: int, rule: str = "\u2500") -> list[Line]:
    """``Title ─────────``: a section's title and a rule to the end of the line. A title too
    long for the line goes on over more lines, broken between words where it has spaces."""
    size = plain_width(text)
    if size + 2 <= width:
        return [[(text, HEADING_STYLE), (" ", None), (rule * (width - size - 1), RULE_STYLE)]]
    parts = textwrap.wrap(text, max(width, 1), break_on_hyphens=False) or [text]
    return [[(part, HEADING_STYLE)] for part in parts]


_COLOR_SYSTEMS = {
    "standard": ColorSystem.STANDARD,
    "256": ColorSystem.EIGHT_BIT,
    "truecolor": ColorSystem.TRUECOLOR,
    "windows": ColorSystem.WINDOWS,
}


class Output:
    """Writes lines to a rich console: styled text in colour, one plain string without.

    Styles are rendered by rich (``Style.render``) once each and reused for every piece; a
    recording console (SVG and HTML exports) gets rich ``Segment`` objects instead, so that it
    records them.
    """

    def __init__(self, console: Console) -> None:
        self.console = console
        self.colour = not (console.color_system is None or console.no_color)
        self.styles: dict[str, Style] = {}
        self.codes: dict[str | None, tuple[str, str]] = {None: ("", "")}
        self.system = _COLOR_SYSTEMS.get(console.color_system or "", ColorSystem.TRUECOLOR)

    def style(self, name: str | None) -> Style | None:
        if not name:
            return None
        style = self.styles.get(name)
        if style is None:
            style = self.styles[name] = Style.parse(name)
        return style

    def code(self, name: str | None) -> tuple[str, str]:
        """What comes before and after a piece of text in style ``name``, as rich writes it."""
        codes = self.codes.get(name)
        if codes is None:
            rendered = self.style(name).render("\0", color_system=self.system)
            before, _, after = rendered.partition("\0")
            codes = self.codes[name] = (before, after)
        return codes

    def emit(self, lines: Iterable[Line]) -> None:
        if not self.colour:
            text = "\n".join("".join(t for t, _ in line).rstrip() for line in lines)
            self.console.print(Segments([Segment(text + "\n")]), end="", crop=False)
            return
        if not self.console.record:
            code = self.code
            parts = []
            for line in lines:
                while line and not line[-1][1] and not line[-1][0].strip():
                    line = line[:-1]  # no trailing blanks
                for text, name in line:
                    before, after = code(name)
                    parts.append(f"{before}{text}{after}")
                parts.append("\n")
            self.console.print(Segments([Segment("".join(parts))]), end="", crop=False)
            return
        segments = []
        style = self.style
        newline = Segment("\n")
        for line in lines:
            while line and not line[-1][1] and not line[-1][0].strip():
                line = line[:-1]  # no trailing blanks
            segments += [Segment(text, style(name)) for text, name in line]
            segments.append(newline)
        self.console.print(Segments(segments), end="", crop=False)


def plain_lines(lines: Iterable[Line]) -> list[str]:
    """The lines as text without styles (tests, and pictures inside other renderables)."""
    return ["".join(t for t, _ in line).rstrip() for line in lines]

"""The pieces a worked solution is made of, in no syntax at all.

A solution (:mod:`.outline`) is a sequence of these blocks; every renderer knows how to write
each kind, so a new section made of them appears in the terminal, Markdown, LaTeX and the rest
without a change there. Texts are in the notation the outline was made for (Unicode, ASCII or
TeX math); a run's kind tells a renderer what it may need to escape.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

#: A piece of running text: (kind, text). Kinds: ``w`` convtrace's own words, ``s`` own words
#: in bold, ``u`` user text (titles, names: escape it), ``b`` user text in bold, ``m`` math,
#: ``_`` a worksheet's blank (its text is empty: each renderer writes its own blank).
Run = tuple[str, str]

#: What a student fills in.
BLANK: Run = ("_", "")


def words(text: str) -> Run:
    return ("w", text)


def user(text: str) -> Run:
    return ("u", text)


def bold(text: str) -> Run:
    return ("b", text)


def strong(text: str) -> Run:
    return ("s", text)


def math(text: str) -> Run:
    return ("m", text)


_PLACEHOLDER = re.compile(r"(\{\w+\})")


def sentence(template: str, **parts: Run) -> tuple[Run, ...]:
    """A translated sentence as runs: its words as ``w`` runs, each ``{name}`` in it the run
    given for that name (``sentence(_("Filter {name}, bias {bias}"), name=bold(n), …)``), so a
    language can put the pieces in its own order."""
    out: list[Run] = []
    for piece in _PLACEHOLDER.split(template):
        key = piece[1:-1]
        if piece.startswith("{") and key in parts:
            out.append(parts[key])
        elif piece:
            out.append(("w", piece))
    return tuple(out)


def coalesce(runs) -> list[Run]:
    """Neighbouring runs of one kind (not blanks) as one run: ``$a$$ + b$`` becomes ``$a + b$``."""
    merged: list[Run] = []
    for kind, text in runs:
        if merged and kind == merged[-1][0] and kind != "_":
            merged[-1] = (kind, merged[-1][1] + text)
        else:
            merged.append((kind, text))
    return merged


@dataclass(frozen=True)
class Heading:
    """A title (level 1), a section (2) or a cell (3); ``anchor`` for a link to it."""

    runs: tuple[Run, ...]
    level: int = 2
    anchor: str | None = None
    short: str | None = None  # the terminal's heading, where it says more in less room
    only: str | None = None  # "screen" or "document": shown in those media only

    @property
    def text(self) -> str:
        return "".join(text for _, text in self.runs)


@dataclass(frozen=True)
class Paragraph:
    """Running text. ``role``: ``text``, ``note`` (dim, secondary), ``description`` (the
    task's own description, in italics)."""

    runs: tuple[Run, ...]
    role: str = "text"
    only: str | None = None

    @property
    def text(self) -> str:
        return "".join(text for _, text in self.runs)


@dataclass(frozen=True)
class Facts:
    """The hyperparameters: a list in documents, one line in the terminal. ``level``: their
    heading's (a layer's hyperparameters sit one level below the layer's heading)."""

    facts: tuple[Any, ...]  # words.Fact
    level: int = 2


@dataclass(frozen=True)
class Formulas:
    """Display formulas with the numbers put in: each line ``(symbols, numbers)`` means
    ``symbols = numbers`` (a renderer may break before the ``=``)."""

    lines: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Matrix:
    """One labelled matrix. ``label`` is the compact caption (terminal, LaTeX), ``caption`` the
    documents' (runs). ``inside`` marks the input within its padding (top, bottom, left, right
    rows/cols of padding); ``copies``: that padding holds copied values, not zeros. ``signed``
    colours signs; ``holes`` draws a dilated kernel with holes (rows, cols of dilation)."""

    label: str
    values: np.ndarray
    caption: tuple[Run, ...] = ()
    inside: tuple[int, int, int, int] | None = None
    copies: bool = False
    signed: bool = False
    holes: tuple[int, int] | None = None
    marked: np.ndarray | None = None  # True where a cell is marked (a ReLU changed it)


@dataclass(frozen=True)
class Matrices:
    """Matrices shown side by side where they fit (channels of a volume, a filter's kernels)."""

    items: tuple[Matrix, ...]
    #: a volume too large for a screen, named instead (compact terminal views): its note
    hidden: str | None = None
    only: str | None = None
    blank: bool = False  # a worksheet's output: the values left blank
    legend: Legend | None = None  # what the marks in these matrices mean
    output: bool = False  # the output volume (a hidden one says how to see it)


@dataclass(frozen=True)
class Legend:
    """What marked cells mean: ``(how they are marked): zero padding, zeros added around …``.
    Renderers write how they mark them (a box, italics); ``lines`` say where copies come from."""

    name: str  # zero padding
    meaning: str  # zeros added around the input
    lines: tuple[str, ...] = ()
    note: str | None = None  # said once after the lines
    #: documents also say what the padding is and how windows count (one sentence each)
    intro: tuple[Run, ...] = ()
    counted: str = ""


@dataclass(frozen=True)
class Contents:
    """A table of contents (documents only): the sections, then links to every cell."""

    sections: tuple[tuple[str, str], ...]  # (title, anchor)
    cells: Callable[[], Iterator[tuple[int, int, int]]] | None = None
    after: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, eq=False)
class Picture:
    """What a cell's window is shown in on a screen: a (padded) volume, its channels' names,
    the padding around the input in it (top, bottom, left, right) and whether that padding
    copies input values. A convolution's cells default to its trace's padded input."""

    padded: np.ndarray
    names: tuple[str, ...]
    inside: tuple[int, int, int, int] = (0, 0, 0, 0)
    copies: bool = False
    one_d: bool = False


@dataclass(frozen=True)
class Cells:
    """The cell-by-cell part: rows of :class:`~.cells.CellWork`, made as they are written.

    ``blank``: a worksheet, with the parts ``blanks`` names left blank (``words.BLANKS``); its
    lines are then written from ``WorkLine.worksheet(blanks)``.
    ``picture``: what the windows are drawn in (None: the trace's padded input).
    """

    rows: Callable[[], Iterator[Any]]
    blank: bool = False
    blanks: frozenset[str] = frozenset()
    instructions: str | None = None
    pictures: bool = False  # each cell shows its window in the padded input (screens)
    picture: Picture | None = None


@dataclass(frozen=True)
class PictureFile:
    """A picture file beside the document (an output feature map as a PNG), with what it
    shows (``alt``) and a caption that says how its colours map to values."""

    file: str  # relative to the document's folder
    alt: str
    caption: tuple[Run, ...] = ()
    only: str | None = "document"


@dataclass(frozen=True)
class PageBreak:
    """Where a printed worksheet's answers start on a new page."""


Block = (
    Heading
    | Paragraph
    | Facts
    | Formulas
    | Matrices
    | Legend
    | Contents
    | Cells
    | Picture
    | PageBreak
)


@dataclass
class Solution:
    """A worked solution: its blocks in order, and what it was made from."""

    blocks: list[Block] = field(default_factory=list)

    def __iter__(self) -> Iterator[Block]:
        return iter(self.blocks)

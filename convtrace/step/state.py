"""The walkthrough's stepping logic: a frozen :class:`State` and ``next_state(state, key, walk)``.

Pure: no terminal, no clock. The I/O loop feeds key names (see :mod:`.keys`) and, with
``--auto``, a :data:`~.keys.TICK` whenever the interval has passed.

Choices, documented in the README: the walk stops at the first and the last cell (no
wrap-around; a message says so) and likewise at the edges of rows and filters. In ``--fine``
mode each cell has ``P + 2`` sub-steps: 0 shows the window in place, 1 … P reveal the products
one at a time (channel by channel, row by row), and P + 1 adds the channel sums and the bias.
With ``--auto`` any key pauses; space resumes (from the start again when the walk is over).
Esc quits, except while a message is on screen: then it dismisses the message (``q`` quits
always), so that a key pressed to get rid of "that was the last cell" does not end the walk.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..language import _
from .keys import (
    BACKSPACE,
    DOWN,
    END,
    ENTER,
    EOF,
    ESCAPE,
    HOME,
    INTERRUPT,
    LEFT,
    RIGHT,
    SPACE,
    TICK,
    UP,
)

NEXT_KEYS = frozenset({RIGHT, SPACE, "n"})
PREVIOUS_KEYS = frozenset({LEFT, BACKSPACE, "p"})
QUIT_KEYS = frozenset({"q", "Q", ESCAPE, INTERRUPT, EOF})
GOTO_CHARS = frozenset("0123456789,; ")
GOTO_MAX = 40

Position = tuple[int, int, int]


@dataclass(frozen=True)
class Walk:
    """What is walked: the output's shape, the products per cell, and the mode."""

    filters: int
    rows: int
    cols: int
    channels: int = 1  # input channels each filter sees (C / groups)
    kernel: tuple[int, int] = (1, 1)
    fine: bool = False
    auto: bool = False
    one_d: bool = False  # a 1-D signal: cells are typed k,j or j (as --cell takes them)

    @classmethod
    def of(cls, trace, *, fine: bool = False, auto: bool = False) -> Walk:
        k, h, w = trace.shape
        __, cg, fh, fw = trace.kernels.shape
        one_d = bool(trace.task.one_d)
        return cls(k, h, w, int(cg), (int(fh), int(fw)), fine=fine, auto=auto, one_d=one_d)

    @property
    def cell_format(self) -> str:
        """How a cell is typed after ``g``."""
        return _("k,j or j") if self.one_d else _("k,i,j or i,j")

    @property
    def cells(self) -> int:
        return self.filters * self.rows * self.cols

    @property
    def products(self) -> int:
        """Products in one cell: one per kernel weight of every channel."""
        return self.channels * self.kernel[0] * self.kernel[1]

    @property
    def last_sub(self) -> int:
        """The sub-step at which a cell is complete: P + 1 in fine mode, else 0."""
        return self.products + 1 if self.fine else 0

    def index(self, where: Position) -> int:
        """The cell's place in reading order (filter, then row, then column), from 0."""
        k, i, j = where
        return (k * self.rows + i) * self.cols + j

    def position(self, index: int) -> Position:
        k, rest = divmod(index, self.rows * self.cols)
        i, j = divmod(rest, self.cols)
        return k, i, j

    def product(self, number: int) -> tuple[int, int, int]:
        """Product ``number`` (from 0) of a cell → (channel, kernel row, kernel col)."""
        fh, fw = self.kernel
        channel, rest = divmod(number, fh * fw)
        r, c = divmod(rest, fw)
        return channel, r, c


@dataclass(frozen=True)
class State:
    """Where the walk is and what the screen shows besides the cell."""

    filter: int = 0
    row: int = 0
    col: int = 0
    sub: int = 0  # fine sub-step (0 … P + 1); always 0 without --fine
    channel: int = 0  # the channel in focus, when not every channel fits on the screen
    visited: frozenset[Position] = field(default_factory=frozenset)  # cells shown complete
    help: bool = False
    goto: str | None = None  # text typed after `g`, None when not typing
    message: str = ""
    playing: bool = False
    quit: bool = False

    @property
    def position(self) -> Position:
        return self.filter, self.row, self.col

    def complete(self, walk: Walk) -> bool:
        """True when the cell's value is shown (always, without --fine)."""
        return self.sub == walk.last_sub

    def revealed(self, walk: Walk) -> int:
        """How many of the cell's products are shown."""
        return min(self.sub, walk.products) if walk.fine else walk.products

    def current_product(self, walk: Walk) -> int | None:
        """The product just revealed (from 0) in fine mode, else None."""
        if walk.fine and 1 <= self.sub <= walk.products:
            return self.sub - 1
        return None


def start(walk: Walk, where: Position = (0, 0, 0), *, playing: bool = False) -> State:
    """The first state: at ``where`` (``--cell``), playing when ``--auto``."""
    return _arrive(State(playing=playing), walk, where, 0)


def next_state(state: State, key: str, walk: Walk) -> State:
    """The state after ``key`` (a name from :mod:`.keys`, or TICK from the --auto timer)."""
    if key in (INTERRUPT, EOF):
        return replace(state, quit=True)
    if key == TICK:
        return _tick(state, walk)
    if key == ESCAPE and state.message and state.goto is None and not state.help:
        return replace(state, message="")  # Esc dismisses what was said; the next Esc quits
    state = replace(state, message="")
    if state.goto is not None:
        return _typing(state, key, walk)
    if state.help:
        return replace(state, help=False, quit=key in ("q", "Q"))
    if walk.auto and state.playing:
        if key in QUIT_KEYS:
            return replace(state, quit=True)
        return replace(state, playing=False, help=key == "?", message=_("paused · space plays on"))
    if key in QUIT_KEYS:
        return replace(state, quit=True)
    if key == "?":
        return replace(state, help=True)
    if key == SPACE and walk.auto:
        if _at_end(state, walk):
            return replace(_arrive(state, walk, (0, 0, 0), 0), playing=True)
        return replace(state, playing=True)
    if key in NEXT_KEYS:
        return _forward(state, walk)
    if key in PREVIOUS_KEYS:
        return _back(state, walk)
    if key in (DOWN, UP):
        return _row_move(state, walk, 1 if key == DOWN else -1)
    if key in ("f", "F"):
        return _filter_move(state, walk, 1 if key == "f" else -1)
    if key in ("c", "C"):
        step = 1 if key == "c" else -1
        return replace(state, channel=max(0, min(walk.channels - 1, state.channel + step)))
    if key == "g":
        return replace(state, goto="")
    if key == HOME:
        return _arrive(state, walk, (0, 0, 0), 0)
    if key == END:
        return _arrive(state, walk, walk.position(walk.cells - 1), walk.last_sub)
    return replace(state, message=_("unknown key · ? lists the keys"))


def _row_move(state: State, walk: Walk, step: int) -> State:
    row = state.row + step
    if walk.rows == 1:
        return replace(state, message=_("the output has one row"))
    if not 0 <= row < walk.rows:
        said = _("no row below (rows 0–{last})")
        if step < 0:
            said = _("no row above (rows 0–{last})")
        return replace(state, message=said.format(last=walk.rows - 1))
    return _arrive(state, walk, (state.filter, row, state.col), 0)


def _filter_move(state: State, walk: Walk, step: int) -> State:
    k = state.filter + step
    if walk.filters == 1:
        return replace(state, message=_("there is one filter"))
    if not 0 <= k < walk.filters:
        if step > 0:
            said = _("this is the last filter ({count} in all)")
        else:
            said = _("this is the first filter ({count} in all)")
        return replace(state, message=said.format(count=walk.filters))
    return _arrive(state, walk, (k, state.row, state.col), 0)


def parse_goto(text: str, walk: Walk, current_filter: int = 0) -> Position | str:
    """``k,i,j`` or ``i,j`` (in the current filter) → a position, or the reason it is none.

    A 1-D signal has no rows: ``k,j`` or ``j``, as ``--cell`` takes them.
    """
    parts = [p for p in text.replace(";", ",").replace(" ", ",").split(",") if p]
    if walk.one_d and len(parts) in (1, 2):
        parts = [parts[0] if len(parts) == 2 else str(current_filter), "0", parts[-1]]
    if len(parts) == 2:
        parts = [str(current_filter), *parts]
    if not parts:
        return _("nothing typed: type {format}, then Enter").format(format=walk.cell_format)
    if len(parts) != 3:
        return _("type {format}, not {typed}").format(
            format=walk.cell_format, typed=repr(text.strip())
        )
    k, i, j = (int(p) for p in parts)
    for said, value, limit in (
        (_("no cell {cell}: filter {value} is outside 0–{last}"), k, walk.filters),
        (_("no cell {cell}: row {value} is outside 0–{last}"), i, walk.rows),
        (_("no cell {cell}: col {value} is outside 0–{last}"), j, walk.cols),
    ):
        if value >= limit:
            return said.format(cell=f"{k},{i},{j}", value=value, last=limit - 1)
    return k, i, j


# --- the moves ----------------------------------------------------------------------------


def _arrive(state: State, walk: Walk, where: Position, sub: int) -> State:
    """At cell ``where``, sub-step ``sub``; a complete cell joins the visited ones."""
    visited = state.visited
    if sub == walk.last_sub:
        visited = visited | {where}
    moved = replace(state, filter=where[0], row=where[1], col=where[2], sub=sub, visited=visited)
    focus = moved.current_product(walk)
    if focus is not None:
        moved = replace(moved, channel=walk.product(focus)[0])
    return moved


def _at_end(state: State, walk: Walk) -> bool:
    return walk.index(state.position) == walk.cells - 1 and state.sub == walk.last_sub


def _forward(state: State, walk: Walk) -> State:
    if state.sub < walk.last_sub:
        return _arrive(state, walk, state.position, state.sub + 1)
    index = walk.index(state.position)
    if index + 1 == walk.cells:
        return replace(
            state,
            playing=False,
            message=_("that was the last cell ({count} of {count}) · Home starts again").format(
                count=walk.cells
            ),
        )
    return _arrive(state, walk, walk.position(index + 1), 0)


def _back(state: State, walk: Walk) -> State:
    if state.sub > 0:
        return _arrive(state, walk, state.position, state.sub - 1)
    index = walk.index(state.position)
    if index == 0:
        return replace(state, message=_("this is the first cell · → goes on"))
    return _arrive(state, walk, walk.position(index - 1), walk.last_sub)


def _tick(state: State, walk: Walk) -> State:
    if not state.playing or state.help or state.goto is not None:
        return state
    moved = _forward(state, walk)
    if _at_end(moved, walk):
        return replace(moved, playing=False, message=_("the end · space plays it again"))
    return moved


def _typing(state: State, key: str, walk: Walk) -> State:
    text = state.goto or ""
    if key == ESCAPE:
        return replace(state, goto=None)
    if key == BACKSPACE:
        return replace(state, goto=text[:-1] if text else None)
    if key == ENTER:
        target = parse_goto(text, walk, state.filter)
        if isinstance(target, str):
            return replace(state, goto=None, message=target)
        return _arrive(replace(state, goto=None), walk, target, 0)
    char = " " if key == SPACE else key
    if len(char) == 1 and char in GOTO_CHARS and len(text) < GOTO_MAX:
        return replace(state, goto=text + char)
    if len(char) == 1 and char.isprintable():  # refused, but visibly: the prompt says why
        if char in GOTO_CHARS:
            refused = _("too long")
        else:
            refused = _("{char} is not a digit or comma").format(char=repr(char))
        return replace(state, message=refused)
    return state

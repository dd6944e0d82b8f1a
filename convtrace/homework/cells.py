"""The closer look at one wrong cell: what its number matches in the cell's own trace.

A wrong number is held against the right computation of its cell (or the computation of the slip
found for its filter) in named steps, the first that matches wins: a sign error in one product,
the bias left out, a channel's sum left out, one product left out; else an arithmetic slip.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from ..engine import Cell, ChannelStep, Trace
from ..language import _, ngettext
from ..numbers import Notation, Number, clean
from .compare import close
from .slips import Slip
from .words import Position, position_label, signed


@dataclass(frozen=True)
class CellFinding:
    """A closer look at one wrong cell: what its number matches."""

    cell: Position
    given: Number
    expected: Number
    kind: str  # sign, product_left_out, channel_left_out, bias_left_out, arithmetic
    message: str
    product: dict | None = None  # channel, row, col (kernel position), x, w, product
    alternatives: int = 0  # other products that would explain the number as well


@dataclass(frozen=True)
class Look:
    """One wrong number held against one computation of its cell (the right one, or a slip's)."""

    trace: Trace  # the right computation
    position: Position
    given: Number
    expected: Number  # the right value, or the slip's when the cell is outside the right output
    cell: Cell  # the computation looked at
    head: str  # "o[0, 1, 1] is −3, it should be −7: "
    also: str  # " (on top of a computation without the bias (+1))", or ""
    tolerance: float
    notation: Notation

    def matches(self, value: Number) -> bool:
        return bool(close(self.given, value, self.tolerance))

    def finding(self, kind: str, message: str, *product) -> CellFinding:
        """The finding; ``product`` is (step, row, col, value, how many other products fit)."""
        if not product:
            return CellFinding(self.position, self.given, self.expected, kind, message)
        step, r, c, p, others = product
        named = {
            "channel": step.name,
            "row": r,
            "col": c,
            "x": clean(step.window[r][c]),
            "w": clean(step.weights[r][c]),
            "product": clean(p),
        }
        return CellFinding(self.position, self.given, self.expected, kind, message, named, others)

    def products(self, fits: Callable[[Number], bool]):
        """Every non-zero product of the cell (step, row, col, value) for which ``fits``."""
        return [
            (step, r, c, p)
            for step in self.cell.channels
            for r, row in enumerate(step.products)
            for c, p in enumerate(row)
            if p != 0 and fits(p)
        ]

    def where(self, step: ChannelStep, r: int, c: int, others: int, p: Number) -> str:
        """``channel G, kernel row 1, col 0; 3 other products are also −2``."""
        if self.trace.task.one_d:
            place = _("channel {channel}, kernel position {col}")
        else:
            place = _("channel {channel}, kernel row {row}, col {col}")
        place = place.format(channel=step.name, row=r, col=c)
        if not others:
            return place
        also = ngettext(
            "{place}; {count} other product is also {value}",
            "{place}; {count} other products are also {value}",
            others,
        )
        return also.format(place=place, count=others, value=self.notation.number(p))


# --- the steps, in order ---------------------------------------------------------------------


def sign_error(look: Look) -> CellFinding | None:
    """One product taken with the wrong sign: the cell is off by twice that product."""
    value, n = look.cell.value, look.notation
    hits = look.products(lambda p: look.matches(value - 2 * p))
    if not hits:
        return None
    step, r, c, p = hits[0]
    x, w = step.window[r][c], step.weights[r][c]
    message = _(
        "{head}a sign error in one product{also}: {product} taken as {wrong} instead of "
        "{right} ({where})."
    ).format(
        head=look.head,
        also=look.also,
        product=f"{n.factor(x)}{n.times}{n.factor(w)}",
        wrong=signed(-p, n),
        right=signed(p, n),
        where=look.where(step, r, c, len(hits) - 1, p),
    )
    return look.finding("sign", message, step, r, c, p, len(hits) - 1)


def bias_left_out(look: Look) -> CellFinding | None:
    bias = look.cell.bias
    if bias == 0 or not look.matches(look.cell.value - bias):
        return None
    message = _("{head}it matches leaving out the bias ({bias}){also}.").format(
        head=look.head, bias=signed(bias, look.notation), also=look.also
    )
    return look.finding("bias_left_out", message)


def channel_left_out(look: Look) -> CellFinding | None:
    if len(look.cell.channels) < 2:
        return None
    for step in look.cell.channels:
        if step.sum != 0 and look.matches(look.cell.value - step.sum):
            message = _(
                "{head}it matches leaving out channel {channel}'s sum ({sum}){also}."
            ).format(
                head=look.head,
                channel=step.name,
                sum=look.notation.number(step.sum),
                also=look.also,
            )
            return look.finding("channel_left_out", message)
    return None


def product_left_out(look: Look) -> CellFinding | None:
    value, n = look.cell.value, look.notation
    hits = look.products(lambda p: look.matches(value - p))
    if not hits:
        return None
    step, r, c, p = hits[0]
    x, w = step.window[r][c], step.weights[r][c]
    message = _(
        "{head}it matches leaving out one product{also}: {product} = {value} ({where})."
    ).format(
        head=look.head,
        also=look.also,
        product=f"{n.factor(x)}{n.times}{n.factor(w)}",
        value=n.number(p),
        where=look.where(step, r, c, len(hits) - 1, p),
    )
    return look.finding("product_left_out", message, step, r, c, p, len(hits) - 1)


#: The named steps of the closer look, in order: the first that matches is said.
CELL_STEPS: tuple[Callable[[Look], CellFinding | None], ...] = (
    sign_error,
    bias_left_out,
    channel_left_out,
    product_left_out,
)


def arithmetic(label: str, given: Number, expected: Number, right: bool, n: Notation) -> str:
    """Nothing matched: the difference, and the trace to compare with."""
    difference = clean(given - expected)
    if right:
        said = _(
            "{cell} is {given}, it should be {expected} (off by {difference}): an arithmetic "
            "slip; compare with its trace."
        )
    else:
        said = _(
            "{cell} is {given}, that computation gives {expected} (off by {difference}): an "
            "arithmetic slip; compare with its trace."
        )
    return said.format(
        cell=label,
        given=n.number(given),
        expected=n.number(expected),
        difference=signed(difference, n),
    )


# --- the look --------------------------------------------------------------------------------


def explain_cell(
    trace: Trace,
    position: Position,
    given: Number,
    bases: Sequence[Slip | None],
    tolerance: float,
    notation: Notation,
) -> CellFinding:
    """What the one wrong number matches, on top of the slip found for its filter if any.

    ``bases`` are the computations to hold the number against, in order: the slip's (when one
    was found) and then the right one (``None``).
    """
    n = notation
    given = clean(given.item() if isinstance(given, np.generic) else given)
    inside = all(0 <= p < size for p, size in zip(position, trace.shape, strict=True))
    right_cell = trace.cell(*position) if inside else None
    label = position_label(position, trace.task.one_d)
    expected: Number = 0
    for base in bases:
        cell = base.cell(*position) if base is not None else right_cell
        if cell is None:
            continue
        expected = right_cell.value if right_cell is not None else cell.value
        look = Look(
            trace,
            position,
            given,
            expected,
            cell,
            _head(label, given, expected, right_cell is not None, n),
            _on_top(base, position),
            tolerance,
            n,
        )
        for step in CELL_STEPS:
            found = step(look)
            if found is not None:
                return found
    message = arithmetic(label, given, expected, right_cell is not None, n)
    return CellFinding(position, given, expected, "arithmetic", message)


def _head(label: str, given: Number, expected: Number, right: bool, n: Notation) -> str:
    if right:
        said = _("{cell} is {given}, it should be {expected}: ")
    else:
        said = _("{cell} is {given}, that computation gives {expected}: ")
    return said.format(cell=label, given=n.number(given), expected=n.number(expected))


def _on_top(base: Slip | None, position: Position) -> str:
    """`` (on top of a computation without the bias (+1))``: the slip the look starts from."""
    if base is None:
        return ""
    what = base.describe((position[0],))[0]
    if base.kind == "offset":
        return _(" (on top of every cell being {what})").format(what=what)
    return _(" (on top of {what})").format(what=what)

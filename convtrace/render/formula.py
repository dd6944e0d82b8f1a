"""The by-hand formulas as tokens: every renderer styles the same tokens its own way.

A token is a piece of text with a role (a window value, a weight, an operator, a sum …); the
terminal colours roles, Markdown and LaTeX write them with their own :class:`Notation`. Nothing
here computes: the numbers come from the :class:`~convtrace.engine.Cell`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..engine import Cell, ChannelStep
from ..numbers import Notation, Number, is_negative, is_zero
from ..task import Axis, Task

SUBSCRIPT = {"1": "\u2081", "2": "\u2082"}


@dataclass(frozen=True)
class Token:
    text: str
    role: str = "op"  # op, bracket, x (window value), w (weight), sum, bias, value, label
    zero: bool = False  # part of a product that is zero: renderers may dim it
    negative: bool = False


def _num(value: Number, role: str, notation: Notation, *, factor: bool = True, zero=False):
    text = notation.factor(value) if factor else notation.number(value)
    return Token(text, role, zero=zero, negative=is_negative(value))


def channel_terms(step: ChannelStep, notation: Notation, *, result: bool = True) -> list[Token]:
    """``[0·1 + 0·0 + 0·(−1)] + [0·0 + …] + … = 0``: one bracket per kernel row."""
    tokens: list[Token] = []
    for r, (window_row, weight_row) in enumerate(zip(step.window, step.weights, strict=True)):
        if r:
            tokens.append(Token(" + "))
        tokens.append(Token("[", "bracket"))
        for c, (x, w) in enumerate(zip(window_row, weight_row, strict=True)):
            if c:
                tokens.append(Token(" + "))
            zero = is_zero(step.products[r][c])
            tokens.append(_num(x, "x", notation, zero=zero))
            tokens.append(Token(notation.times, "op", zero=zero))
            tokens.append(_num(w, "w", notation, zero=zero))
        tokens.append(Token("]", "bracket"))
    if result:
        tokens.append(Token(" = "))
        tokens.append(_num(step.sum, "sum", notation, factor=False))
    return tokens


def cell_total(cell: Cell, notation: Notation, *, result: bool = True) -> list[Token]:
    """``0 + 7 + (−5) + 1 = 3``: the channel sums plus the bias."""
    tokens: list[Token] = []
    for n, step in enumerate(cell.channels):
        if n:
            tokens.append(Token(" + "))
        tokens.append(_num(step.sum, "sum", notation, factor=n > 0))
    tokens.append(Token(" + "))
    tokens.append(_num(cell.bias, "bias", notation))
    if result:
        tokens.append(Token(" = "))
        tokens.append(_num(cell.value, "value", notation, factor=False))
    return tokens


def plain(tokens: list[Token]) -> str:
    return "".join(token.text for token in tokens)


def cell_label(cell: Cell) -> str:
    return f"o[{cell.filter}, {cell.row}, {cell.col}]"


def _is_seed_form(axis: Axis) -> bool:
    return axis.symmetric and axis.dilation == 1


def size_formula(axis: Axis, notation: Notation, *, one_d: bool = False) -> tuple[str, str]:
    """The output-size formula for one axis, in symbols and with the numbers put in.

    The seed's form ``(H₁ − F + 2P)/s + 1`` where padding is symmetric and there is no dilation,
    else the general ``⌊(H₁ + P_top + P_bottom − d·(F − 1) − 1)/s⌋ + 1``.
    """
    n, m, t = notation.number, notation.minus, notation.times
    name = axis.name
    one = SUBSCRIPT["1"]
    two = SUBSCRIPT["2"]
    whole = axis.remainder == 0
    lo, hi = ("", "") if whole else ("\u230a", "\u230b")
    if _is_seed_form(axis):
        symbols = f"{name}{two} = {lo}({name}{one} {m} F + 2P)/s{hi} + 1"
        numbers = (
            f"{lo}({n(axis.size)} {m} {n(axis.kernel)} + 2{t}{n(axis.pad_before)})"
            f"/{n(axis.stride)}{hi} + 1"
        )
    else:
        before, after = ("P_left", "P_right") if name in ("W", "L") else ("P_top", "P_bottom")
        symbols = (
            f"{name}{two} = \u230a({name}{one} + {before} + {after} {m} d{t}(F {m} 1) {m} 1)"
            "/s\u230b + 1"
        )
        numbers = (
            f"\u230a({n(axis.size)} + {n(axis.pad_before)} + {n(axis.pad_after)} {m} "
            f"{n(axis.dilation)}{t}({n(axis.kernel)} {m} 1) {m} 1)/{n(axis.stride)}\u230b + 1"
        )
        lo, hi = "\u230a", "\u230b"
    numbers += f" = {lo}{n(axis.numerator)}/{n(axis.stride)}{hi} + 1 = {n(axis.out)}"
    return symbols, numbers


def uncovered_note(axis: Axis) -> str | None:
    """Which input rows/columns no window reads, in words, or None when every one is read."""
    if not axis.uncovered:
        return None
    what = {"H": "row", "W": "column", "L": "sample"}[axis.name]
    items = ", ".join(str(i) for i in axis.uncovered)
    plural = "s" if len(axis.uncovered) > 1 else ""
    verb = "are" if plural else "is"
    return f"input {what}{plural} {items} {verb} read by no window" + (
        f" ({axis.numerator} is not a multiple of s = {axis.stride}; the rest is dropped, "
        "as PyTorch does)"
        if axis.remainder
        else ""
    )


def hyperparameters(task: Task, notation: Notation) -> list[str]:
    """Short ``name = value`` phrases for the hyperparameters, defaults left out where unused."""
    rows, cols = task.axes
    k = len(task.filters)
    fh, fw = task.kernel_size
    x = notation.times
    if task.one_d:
        phrases = [
            f"input L{SUBSCRIPT['1']}×D{SUBSCRIPT['1']} = {cols.size}×{task.channels} "
            f"({', '.join(task.channel_names)})"
        ]
        phrases += [f"K = {k}", f"F = {fw}", f"s = {cols.stride}"]
        pads = (cols.pad_before, cols.pad_after)
        phrases.append(
            f"P = {pads[0]}" if pads[0] == pads[1] else f"P = {pads[0]} left, {pads[1]} right"
        )
    else:
        phrases = [
            f"input W{SUBSCRIPT['1']}×H{SUBSCRIPT['1']}×D{SUBSCRIPT['1']} = "
            f"{cols.size}×{rows.size}×{task.channels} ({', '.join(task.channel_names)})",
            f"K = {k}",
            f"F = {fh}" if fh == fw else f"F = {fh}×{fw}",
            f"s = {rows.stride}"
            if rows.stride == cols.stride
            else f"s = {rows.stride},{cols.stride}",
        ]
        top, bottom, left, right = task.padding
        if top == bottom == left == right:
            phrases.append(f"P = {top}")
        else:
            phrases.append(f"P = {top} top, {bottom} bottom, {left} left, {right} right")
    del x
    if task.padding_rule:
        phrases[-1] += f" ({task.padding_rule!r})"
    if task.padding_mode != "zeros":
        phrases.append(f"padding mode {task.padding_mode}")
    dh, dw = task.dilation
    if (dh, dw) != (1, 1):
        phrases.append(f"d = {dw}" if task.one_d or dh == dw else f"d = {dh},{dw}")
    if task.groups != 1:
        phrases.append(f"groups = {task.groups}")
    if task.flip:
        phrases.append("kernels flipped (true convolution)")
    return phrases

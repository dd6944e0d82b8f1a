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
    """``o[0, 1, 2]`` (filter, row, col); ``o[0, 3]`` (filter, position) for a 1-D signal."""
    if cell.one_d:
        return f"o[{cell.filter}, {cell.col}]"
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
        phrases[-1] += f' ("{task.padding_rule}")'
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


# --- the hyperparameters in words (issue 3): shared by every renderer ------------------------


def ordinal(n: int) -> str:
    """``2nd``, ``3rd``, ``11th``: for "every 2nd row"."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def padding_applied(task: Task) -> str:
    """The padding actually applied on each side, with the rule that chose it:
    ``padding "same": top 0, bottom 1, left 1, right 1``."""
    top, bottom, left, right = task.padding
    if task.one_d:
        sides = f"left {left}, right {right}"
    else:
        sides = f"top {top}, bottom {bottom}, left {left}, right {right}"
    name = f'padding "{task.padding_rule}"' if task.padding_rule else "padding"
    mode = "" if task.padding_mode == "zeros" else f" ({task.padding_mode})"
    if not any(task.padding):
        return f"{name}: none ({sides})"
    return f"{name}{mode}: {sides}"


def same_rule(notation: Notation, one_d: bool = False) -> tuple[str, str]:
    """TensorFlow's "same" rule in symbols for one axis (rows; columns alike), in two lines."""
    m, t = notation.minus, notation.times
    name, one, two = ("L" if one_d else "H"), SUBSCRIPT["1"], SUBSCRIPT["2"]
    odd = "right" if one_d else "bottom/right"
    return (
        f"rule: {name}{two} = \u2308{name}{one}/s\u2309 and "
        f"P = ({name}{two} {m} 1){t}s + d{t}(F {m} 1) + 1 {m} {name}{one} (0 if negative),",
        f"      split in half; an odd one goes {odd}",
    )


def same_derivation(axis: Axis, notation: Notation) -> str:
    """How "same" chose an axis's padding, with the numbers put in:
    ``rows: H₂ = ⌈3/1⌉ = 3, P = (3 − 1)·1 + 1·(2 − 1) + 1 − 3 = 1 → top 0, bottom 1``."""
    n, m, t = notation.number, notation.minus, notation.times
    two = SUBSCRIPT["2"]
    before, after = ("left", "right") if axis.name in ("W", "L") else ("top", "bottom")
    what = {"H": "rows", "W": "cols", "L": "samples"}[axis.name]
    raw = (axis.out - 1) * axis.stride + axis.span - axis.size
    text = (
        f"{what}: {axis.name}{two} = \u2308{n(axis.size)}/{n(axis.stride)}\u2309 = {n(axis.out)}, "
        f"P = ({n(axis.out)} {m} 1){t}{n(axis.stride)} + {n(axis.dilation)}{t}({n(axis.kernel)} "
        f"{m} 1) + 1 {m} {n(axis.size)} = {n(raw)}"
    )
    if raw < 0:
        text += " < 0, so 0"
    return text + f" \u2192 {before} {axis.pad_before}, {after} {axis.pad_after}"


PADDING_MODE_MEANING = {
    "zeros": "zeros added around the input",
    "reflect": "the input mirrored at its edge, the edge itself not repeated",
    "replicate": "the edge value repeated",
    "circular": "the input wrapped around: values from the opposite side",
}


def _indices(values) -> str:
    return ", ".join(str(int(v)) for v in values)


def padding_sources(source_rows, source_cols, task: Task) -> list[str]:
    """Where the padded rows and columns come from, one line per axis, from the trace's index
    maps: ``top row ← input row 1 · bottom row ← input row 1``, ``left cols ← input cols 2, 1``.
    A padded value at (r, c) copies input (row of r, col of c), corners included. Empty for
    zero padding."""
    if task.padding_mode == "zeros":
        return []
    top, bottom, left, right = task.padding
    rows_n, cols_n = len(source_rows), len(source_cols)
    col = "position" if task.one_d else "col"
    axes = [
        [("top", "row", source_rows[:top]), ("bottom", "row", source_rows[rows_n - bottom :])],
        [("left", col, source_cols[:left]), ("right", col, source_cols[cols_n - right :])],
    ]
    lines = []
    for axis in axes[1:] if task.one_d else axes:
        parts = []
        for side, what, sources in axis:
            if len(sources):
                plural = "s" if len(sources) > 1 else ""
                parts.append(
                    f"{side} {what}{plural} \u2190 input {what}{plural} {_indices(sources)}"
                )
        if parts:
            lines.append(" \u00b7 ".join(parts))
    return lines


def groups_phrase(task: Task) -> str | None:
    """``groups = 2: f0 sees R, G · f1 sees B, A`` (None without groups)."""
    if task.groups == 1:
        return None
    per_group = task.channels // task.groups
    kind = (
        "depthwise: one input channel per group"
        if per_group == 1
        else f"{task.groups} groups of {per_group} channels"
    )
    seen = " · ".join(
        f"{f.name} sees {', '.join(task.channel_names[c] for c in task.channels_of(k))}"
        for k, f in enumerate(task.filters)
    )
    return f"groups = {task.groups} ({kind}): {seen}"


FLIP_NOTE = (
    "flip: true convolution, each kernel rotated 180° before it slides (as "
    "scipy.signal.convolve2d does); the default, cross-correlation, slides it as given (as "
    "PyTorch's conv2d does)"
)


def dilation_phrase(task: Task) -> str | None:
    """``every 2nd row and every 3rd column`` (None without dilation)."""
    dh, dw = task.dilation
    if task.one_d:
        return f"every {ordinal(dw)} position" if dw > 1 else None
    parts = []
    if dh > 1:
        parts.append(f"every {ordinal(dh)} row")
    if dw > 1:
        parts.append(f"every {ordinal(dw)} column")
    return " and ".join(parts) or None


def span_phrase(word: str, span: range) -> str:
    """``row 3`` for a one-wide span, ``rows 2–4`` otherwise: "rows 0–0" reads as a typo."""
    if len(span) == 1:
        return f"{word} {span[0]}"
    return f"{word}s {span[0]}\u2013{span[-1]}"

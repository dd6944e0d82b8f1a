"""What a worked solution says, in words and in math, written once for every renderer.

Each phrase takes the :class:`~convtrace.numbers.Notation` it is written in: Unicode for the
terminal, ASCII for ``--ascii``, TeX for math in Markdown and LaTeX. Renderers add their syntax
(colour, ``$…$``, ``**bold**``) around these texts; they never word a phrase themselves.

Two registers exist where the media differ: the terminal's compact ``cols``/``col`` and a
document's ``columns``/``column`` (``short=``). Both are decided here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .. import language
from ..language import N_, _, ngettext, pgettext
from ..numbers import UNICODE, Notation, Number
from ..task import Axis, Task
from .padding_words import (
    CORNER_NOTE,
    PADDING_MEANING,
    PADDING_NAME,
    left_right,
    padding_meaning_of,
    padding_name,
    padding_sources,
    side_list,
)

DEFAULT_TITLE = N_("Convolution trace")

FLIP_NOTE = N_(
    "flip: true convolution, each kernel rotated 180{deg} before it slides (as "
    "scipy.signal.convolve2d does); the default, cross-correlation, slides it as given (as "
    "PyTorch's conv2d does)"
)


def title(task: Task) -> str:
    """The task's title, or ``Convolution trace (seed.json)``."""
    if task.title:
        return task.title
    return f"{_(DEFAULT_TITLE)} ({task.source})" if task.source else _(DEFAULT_TITLE)


def ordinal(n: int) -> str:
    """``2nd``, ``3rd``, ``11th``: for "every 2nd row" (German ``2.``, from the catalog)."""
    if language.current() != "en":
        return pgettext("ordinal number", "{n}th").format(n=n)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# --- shapes and labels ----------------------------------------------------------------------


def volume_shape(n: Notation, width: int, height: int, depth: int, one_d: bool = False) -> str:
    """``5×5×3`` as the lecture writes a volume: W×H×D (L×D for a 1-D signal)."""
    return n.shape(width, depth) if one_d else n.shape(width, height, depth)


def output_size(trace, n: Notation) -> str:
    """``3×3×1``: the output volume as W₂×H₂×D₂ (L₂×D₂ for a signal)."""
    k, h, w = trace.shape
    return n.shape(w, k) if trace.task.one_d else n.shape(w, h, k)


def output_shape(trace, n: Notation) -> str:
    """The output volume's size, W₂×H₂×D₂ (L₂×D₂ for a signal), with its symbols:
    ``W₂×H₂×D₂ = 3×3×1``."""
    k, h, w = trace.shape
    if trace.task.one_d:
        return f"{n.sub('L', 2)}{n.cross}{n.sub('D', 2)} = {n.shape(w, k)}"
    symbols = n.cross.join(n.sub(s, 2) for s in "WHD")
    return f"{symbols} = {n.shape(w, h, k)}"


def input_shape(task: Task, n: Notation) -> str:
    """``W₁×H₁×D₁ = 5×5×3`` (``L₁×D₁ = 9×1`` for a signal)."""
    rows, cols = task.axes
    if task.one_d:
        return f"{n.sub('L', 1)}{n.cross}{n.sub('D', 1)} = {n.shape(cols.size, task.channels)}"
    symbols = n.cross.join(n.sub(s, 1) for s in "WHD")
    return f"{symbols} = {n.shape(cols.size, rows.size, task.channels)}"


def cell_label(filter: int, row: int, col: int, one_d: bool = False, symbol: str = "o") -> str:
    """``o[0, 1, 2]`` (filter, row, col); ``o[0, 3]`` (filter, position) for a 1-D signal;
    ``symbol`` names the output (``o2`` for layer 2's in a chain)."""
    return f"{symbol}[{filter}, {col}]" if one_d else f"{symbol}[{filter}, {row}, {col}]"


def output_label(k: int, name: str, symbol: str = "o") -> str:
    """``o[0]  (w0)``: one filter's output map."""
    return f"{symbol}[{k}]  ({name})"


def bias_phrase(bias: Number, n: Notation) -> str:
    return f"b = {n.number(bias)}"


# --- hyperparameters ------------------------------------------------------------------------


@dataclass(frozen=True)
class Fact:
    """One hyperparameter: its name, its math, and a note (``stride``, ``s = 2``, ``rows, cols``).

    The terminal writes the compact form (``s = 2``), documents the full one (``stride s = 2``).
    """

    name: str
    math: str | None = None
    note: str = ""  # said after the math, in parentheses
    short: str | None = None  # the compact form, where it is not just the math


def facts(task: Task, n: Notation) -> list[Fact]:
    """The hyperparameters, defaults left out where unused."""
    rows, cols = task.axes
    names = ", ".join(task.channel_names)
    items = [
        Fact(
            _("input signal") if task.one_d else _("input volume"),
            input_shape(task, n),
            _("channels {names}").format(names=names),
            short=_("input {shape} ({names})").format(shape=input_shape(task, n), names=names),
        ),
        Fact(_("number of filters"), f"K = {len(task.filters)}"),
    ]
    fh, fw = task.kernel_size
    if task.one_d or fh == fw:
        items.append(Fact(_("filter size"), f"F = {fw}"))
    else:
        items.append(Fact(_("filter size"), f"F = {n.shape(fh, fw)}", _("rows by columns")))
    if task.one_d or rows.stride == cols.stride:
        items.append(Fact(_("stride"), f"s = {cols.stride}"))
    else:
        items.append(
            Fact(
                _("stride"),
                f"s = {rows.stride}, {cols.stride}",
                _("rows, columns"),
                short=f"s = {rows.stride},{cols.stride}",
            )
        )
    items.append(padding_fact(task, n))
    dh, dw = task.dilation
    if (dh, dw) != (1, 1):
        same = task.one_d or dh == dw
        items.append(
            Fact(
                _("dilation"),
                f"d = {dw}" if same else f"d = {dh}, {dw}",
                short=None if same else f"d = {dh},{dw}",
            )
        )
    if task.groups != 1:
        per_group = task.channels // task.groups
        items.append(
            Fact(
                _(
                    "groups: {groups} (each filter sees {per_group} of the {channels} channels)"
                ).format(groups=task.groups, per_group=per_group, channels=task.channels),
                short=f"groups = {task.groups}",
            )
        )
    if task.flip:
        items.append(
            Fact(
                _("kernels rotated by 180\u00b0 first (true convolution)"),
                short=_("kernels flipped (true convolution)"),
            )
        )
    return items


def padding_sides(task: Task, n: Notation) -> str:
    """``P = 1``, or ``top 0, bottom 1, left 1, right 1`` (``left 0, right 1`` for a signal)."""
    top, bottom, left, right = task.padding
    if task.one_d:
        return f"P = {left}" if left == right else left_right(n, left, right)
    if top == bottom == left == right:
        return f"P = {top}"
    return side_list(n, top, bottom, left, right)


def padding_fact(task: Task, n: Notation) -> Fact:
    """``zero padding P = 1``; ``reflect padding top 0, …`` (the rule and the mode as notes)."""
    mode = "zero" if task.padding_mode == "zeros" else task.padding_mode
    sides = padding_sides(task, n)
    notes = []
    if task.padding_rule:
        notes.append(_("padding \u201c{rule}\u201d").format(rule=task.padding_rule))
    if task.padding_mode != "zeros":
        notes.append(padding_meaning_of(task.padding_mode))
    bare = sides.startswith("P")
    short = sides if bare else _("padding {sides}").format(sides=sides)
    if task.padding_rule:
        short += f' ("{task.padding_rule}")'
    if task.padding_mode != "zeros":
        short += n.separator + _("padding mode {mode}").format(mode=mode)
    name = padding_name(task.padding_mode)
    if bare:
        return Fact(name, sides, "; ".join(notes), short=short)
    return Fact(f"{name} {sides}", None, "; ".join(notes), short=short)


def compact_facts(task: Task, n: Notation) -> str:
    """The hyperparameters on one line: ``input W₁×H₁×D₁ = 5×5×3 (R, G, B) · K = 1 · …``."""
    return n.separator.join(f.short or f.math or f.name for f in facts(task, n))


__all__ = ["CORNER_NOTE", "PADDING_MEANING", "PADDING_NAME", "padding_sources"]


# --- padding --------------------------------------------------------------------------------


def padding_applied(task: Task) -> str:
    """The padding actually applied on each side, with the rule that chose it:
    ``padding "same": top 0, bottom 1, left 1, right 1``."""
    top, bottom, left, right = task.padding
    if task.one_d:
        sides = left_right(UNICODE, left, right)
    else:
        sides = side_list(UNICODE, top, bottom, left, right)
    if task.padding_rule:
        name = _('padding "{rule}"').format(rule=task.padding_rule)
    else:
        name = _("padding")
    mode = "" if task.padding_mode == "zeros" else f" ({task.padding_mode})"
    if not any(task.padding):
        return _("{name}: none ({sides})").format(name=name, sides=sides)
    return f"{name}{mode}: {sides}"


def padded_title(task: Task, n: Notation) -> str:
    """``Zero-padded input (P = 1)``."""
    one_d = task.one_d
    text = _("{Mode}-padded signal ({sides})") if one_d else _("{Mode}-padded input ({sides})")
    mode = "Zero" if task.padding_mode == "zeros" else task.padding_mode.capitalize()
    return text.format(Mode=mode, sides=padding_sides(task, n))


def padding_meaning(task: Task) -> str:
    """``zero padding, zeros added around the input``."""
    mode = task.padding_mode
    return f"{padding_name(mode)}, {padding_meaning_of(mode)}"


def counted_in_padded(task: Task) -> str:
    if task.one_d:
        return _("Windows are counted in these padded positions.")
    return _("Windows are counted in these padded rows and columns.")


# --- the output size ------------------------------------------------------------------------


def _is_seed_form(axis: Axis) -> bool:
    return axis.symmetric and axis.dilation == 1


def size_formula(axis: Axis, n: Notation) -> tuple[str, str]:
    """The output-size formula for one axis, in symbols and with the numbers put in.

    The seed's form ``(H₁ − F + 2P)/s + 1`` where padding is symmetric and there is no dilation,
    else the general ``⌊(H₁ + P_top + P_bottom − d·(F − 1) − 1)/s⌋ + 1``.
    """
    m, t = n.minus, n.times
    name = axis.name
    h1, h2 = n.sub(name, 1), n.sub(name, 2)
    whole = axis.remainder == 0
    floor = (lambda text: text) if whole else n.floored
    if _is_seed_form(axis):
        symbols = f"{h2} = {floor(f'({h1} {m} F + 2P)/s')} + 1"
        numbers = (
            floor(
                f"({n.number(axis.size)} {m} {n.number(axis.kernel)} + 2{t}"
                f"{n.number(axis.pad_before)})/{n.number(axis.stride)}"
            )
            + " + 1"
        )
    else:
        before, after = ("left", "right") if name in ("W", "L") else ("top", "bottom")
        p_before, p_after = n.sub("P", before), n.sub("P", after)
        symbols = (
            f"{h2} = "
            + n.floored(f"({h1} + {p_before} + {p_after} {m} d{t}(F {m} 1) {m} 1)/s")
            + " + 1"
        )
        numbers = (
            n.floored(
                f"({n.number(axis.size)} + {n.number(axis.pad_before)} + "
                f"{n.number(axis.pad_after)} {m} {n.number(axis.dilation)}{t}"
                f"({n.number(axis.kernel)} {m} 1) {m} 1)/{n.number(axis.stride)}"
            )
            + " + 1"
        )
        floor = n.floored
    numbers += (
        f" = {floor(f'{n.number(axis.numerator)}/{n.number(axis.stride)}')} + 1"
        f" = {n.number(axis.out)}"
    )
    return symbols, numbers


def same_axes(a: Axis, b: Axis) -> bool:
    """Whether two axes share every term of the size formula (then it is said once)."""
    keys = ("size", "kernel", "stride", "pad_before", "pad_after", "dilation")
    return all(getattr(a, k) == getattr(b, k) for k in keys)


def size_lines(task: Task, n: Notation) -> list[tuple[str, str]]:
    """The size formula per axis as (symbols, numbers); one line when both axes agree."""
    rows, cols = task.axes
    if task.one_d:
        return [size_formula(cols, n)]
    if same_axes(rows, cols):
        symbols, numbers = size_formula(rows, n)
        h2 = n.sub("H", 2)
        return [(symbols.replace(f"{h2} =", f"{h2} = {n.sub('W', 2)} =", 1), numbers)]
    return [size_formula(rows, n), size_formula(cols, n)]


def depth_line(trace, n: Notation) -> str:
    return f"{n.sub('D', 2)} = K = {trace.shape[0]}"


def uncovered_note(axis: Axis) -> str | None:
    """Which input rows/columns no window reads, in words, or None when every one is read."""
    if not axis.uncovered:
        return None
    items = ", ".join(str(i) for i in axis.uncovered)
    count = len(axis.uncovered)
    if axis.name == "H":
        text = ngettext(
            "input row {items} is read by no window",
            "input rows {items} are read by no window",
            count,
        )
    elif axis.name == "W":
        text = ngettext(
            "input column {items} is read by no window",
            "input columns {items} are read by no window",
            count,
        )
    else:
        text = ngettext(
            "input sample {items} is read by no window",
            "input samples {items} are read by no window",
            count,
        )
    text = text.format(items=items)
    if axis.remainder:
        text += " " + _(
            "({numerator} is not a multiple of s = {stride}; the rest is dropped, as PyTorch does)"
        ).format(numerator=axis.numerator, stride=axis.stride)
    return text


def same_rule(n: Notation, one_d: bool = False) -> tuple[str, str]:
    """TensorFlow's "same" rule in symbols for one axis (rows; columns alike), in two lines."""
    m, t = n.minus, n.times
    name = "L" if one_d else "H"
    h1, h2 = n.sub(name, 1), n.sub(name, 2)
    rule = _("rule: {size} and {padding} (0 if negative),").format(
        size=f"{h2} = {n.ceiled(f'{h1}/s')}",
        padding=f"P = ({h2} {m} 1){t}s + d{t}(F {m} 1) + 1 {m} {h1}",
    )
    if one_d:
        split = _("split in half; an odd one goes right")
    else:
        split = _("split in half; an odd one goes bottom/right")
    return (rule, "      " + split)


def same_derivation(axis: Axis, n: Notation) -> str:
    """How "same" chose an axis's padding, with the numbers put in:
    ``rows: H₂ = ⌈3/1⌉ = 3, P = (3 − 1)·1 + 1·(2 − 1) + 1 − 3 = 1 → top 0, bottom 1``."""
    num, m, t = n.number, n.minus, n.times
    what = {"H": _("rows"), "W": _("cols"), "L": _("samples")}[axis.name]
    raw = (axis.out - 1) * axis.stride + axis.span - axis.size
    text = (
        f"{what}: {n.sub(axis.name, 2)} = {n.ceiled(f'{num(axis.size)}/{num(axis.stride)}')}"
        f" = {num(axis.out)}, P = ({num(axis.out)} {m} 1){t}{num(axis.stride)} + "
        f"{num(axis.dilation)}{t}({num(axis.kernel)} {m} 1) + 1 {m} {num(axis.size)} = {num(raw)}"
    )
    if raw < 0:
        text += " < 0, " + _("so 0")
    if axis.name in ("W", "L"):
        sides = left_right(n, axis.pad_before, axis.pad_after)
    else:
        sides = _("top {top}, bottom {bottom}").format(top=axis.pad_before, bottom=axis.pad_after)
    return text + f" {n.arrow} {sides}"


def padding_needs_saying(task: Task) -> bool:
    """Whether the padding applied is worth a line of its own (a rule, sides or a mode)."""
    top, bottom, left, right = task.padding
    symmetric = left == right if task.one_d else top == bottom == left == right
    plain_padding = symmetric and task.padding_mode == "zeros"
    return bool(task.padding_rule) or (any(task.padding) and not plain_padding)


# --- filters --------------------------------------------------------------------------------


def groups_phrase(task: Task, n: Notation) -> str | None:
    """``groups = 2 (2 groups of 2 channels): f0 sees R, G · f1 sees B, A`` (None without)."""
    if task.groups == 1:
        return None
    per_group = task.channels // task.groups
    kind = (
        _("depthwise: one input channel per group")
        if per_group == 1
        else _("{groups} groups of {per_group} channels").format(
            groups=task.groups, per_group=per_group
        )
    )
    seen = n.separator.join(
        _("{name} sees {channels}").format(
            name=f.name, channels=", ".join(task.channel_names[c] for c in task.channels_of(k))
        )
        for k, f in enumerate(task.filters)
    )
    return f"groups = {task.groups} ({kind}): {seen}"


def flip_note(n: Notation) -> str:
    return _(FLIP_NOTE).format(deg=n.degree)


def sees_phrase(names: Sequence[str]) -> str:
    """``sees channels R, G`` for a filter of a grouped convolution."""
    text = ngettext("sees channel {names}", "sees channels {names}", len(names))
    return text.format(names=", ".join(names))


def dilation_word(task: Task, n: Notation) -> str:
    dh, dw = task.dilation
    return str(dw) if task.one_d or dh == dw else f"{dh},{dw}"


# --- worksheets -----------------------------------------------------------------------------

#: What a worksheet can leave blank (``--blank``), in the order a student works, each with what
#: the instructions ask for.
BLANKS = {
    "size": N_("the output size"),
    "windows": N_("each window's position"),
    "factors": N_("each window's values"),
    "products": N_("each product"),
    "sums": N_("each channel's sum"),
    "output": N_("the output value"),
}

#: Left blank unless ``--blank`` says otherwise: everything a student computes, the size formula
#: included (the window positions and their values are read off, not computed).
DEFAULT_BLANKS = ("size", "products", "sums", "output")


def instructions(blanks) -> str:
    """``Work out the output size, each product, … and write them in the blanks.``"""
    asked = [_(what) for name, what in BLANKS.items() if name in blanks]
    if len(asked) == 1:
        listed = asked[0]
    else:
        listed = _("{items} and {last}").format(items=", ".join(asked[:-1]), last=asked[-1])
    return _("Work out {listed}, and write them in the blanks.").format(listed=listed)


def blank_names() -> str:
    """``size, windows, factors, products, sums, output``."""
    return ", ".join(BLANKS)

"""The small phrases the diagnosis builds its sentences from, written once.

Shared by the slips (:mod:`.slips`), the per-cell look (:mod:`.cells`) and the report, so that a
bias is ``b₀`` and a cell ``o[0, 1, 2]`` in every sentence.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..language import _, ngettext
from ..numbers import UNICODE, Notation, Number

SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")

Position = tuple[int, int, int]


def bias_name(k: int, notation: Notation = UNICODE) -> str:
    """``b₀`` for filter 0, as the lecture note writes it (``b0`` in ASCII)."""
    return "b" + (str(k) if notation.minus == "-" else str(k).translate(SUBSCRIPTS))


def signed(value: Number, notation: Notation = UNICODE) -> str:
    """``+1``, ``−2``: a change written with its sign."""
    text = notation.number(value)
    return text if text.startswith(notation.minus) or text == "0" else "+" + text


def and_list(items: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c`` (and nothing for no items)."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return _("{items} and {last}").format(items=", ".join(items[:-1]), last=items[-1])


def position_label(position: Position, one_d: bool = False) -> str:
    """``o[0, 1, 2]``, or ``o[0, 3]`` for a 1-D signal, as the trace labels its cells."""
    k, i, j = position
    return f"o[{k}, {j}]" if one_d else f"o[{k}, {i}, {j}]"


def padding_text(padding: tuple[int, int, int, int], one_d: bool) -> str:
    """``1``, or each side when they differ."""
    top, bottom, left, right = padding
    if one_d:
        if left == right:
            return str(left)
        return _("{left} left, {right} right").format(left=left, right=right)
    if top == bottom == left == right:
        return str(top)
    return _("top {top}, bottom {bottom}, left {left}, right {right}").format(
        top=top, bottom=bottom, left=left, right=right
    )


def stride_text(stride: tuple[int, int], one_d: bool) -> str:
    """``2``, or ``2,1`` when the axes differ."""
    sh, sw = stride
    return str(sw) if one_d or sh == sw else f"{sh},{sw}"


def shift_words(dr: int, dc: int, task):
    """A window-shift slip's ``describe``: (what the computation is, the question to ask)."""
    parts = []
    if dr:
        parts.append(_("one row lower") if dr > 0 else _("one row higher"))
    if dc and task.one_d:
        parts.append(_("one sample further right") if dc > 0 else _("one sample further left"))
    elif dc:
        parts.append(_("one column further right") if dc > 0 else _("one column further left"))
    where = parts[0] if len(parts) == 1 else and_list(parts)
    padded = any(task.padding)
    if task.one_d:
        if padded:
            start = _("The first window starts at position 0 of the padded input, ")
        else:
            start = _("The first window starts at position 0 of the input, ")
    elif padded:
        start = _("The first window starts at row 0, column 0 of the padded input, ")
    else:
        start = _("The first window starts at row 0, column 0 of the input, ")

    def describe(filters):
        stride = stride_text(task.stride, task.one_d)
        return (
            _("a computation with every window {where}").format(where=where),
            start + _("the next ones s = {stride} further on.").format(stride=stride),
        )

    return describe


def exercise_line(quiz) -> str:
    """``Exercise (seed 3): input 6×6×1, 1 filter 3×3×1, stride 1, padding 0 → output 4×4×1``
    (a signal: ``signal 8×1``, ``filter 3×1``, ``output 8×1``; dilation and a padding mode
    only when the exercise has them; a chain's layers after the convolution before its output)."""
    task = quiz.task
    if hasattr(task, "layers"):  # a chain: the convolution as a single quiz says it
        from ..numbers import UNICODE
        from ..solution.layer_words import layer_title

        what = exercise_task(quiz.trace.layers[0].task)
        c, h, w = task.output_shape
        steps = " → ".join(layer_title(layer, UNICODE) for layer in task.layers[1:])
        what = f"{what} → {steps}"
        out = f"{w}×{h}×{c}"
    else:
        what = exercise_task(task)
        rows, cols = task.axes
        k = len(task.filters)
        out = f"{cols.out}×{k}" if task.one_d else f"{cols.out}×{rows.out}×{k}"
    said = _("Exercise (seed {seed}): {task} → output {output}")
    return said.format(seed=quiz.seed, task=what, output=out)


def exercise_task(task) -> str:
    """``input 6×6×1, 1 filter 3×3×1, stride 1, padding 0``: a convolution's exercise."""
    rows, cols = task.axes
    k, c = len(task.filters), task.channels
    fh, fw = task.kernel_size
    filters = ngettext("{count} filter", "{count} filters", k).format(count=k)
    if task.one_d:
        what = _("signal {size}, {filters} {kernel}")
        size, kernel = f"{cols.size}×{c}", f"{fw}×{c}"
    else:
        what = _("input {size}, {filters} {kernel}")
        size, kernel = f"{rows.size}×{cols.size}×{c}", f"{fh}×{fw}×{c}"
    what = what.format(size=size, filters=filters, kernel=kernel)
    padding = _("padding {padding}").format(padding=cols.pad_before)
    if task.padding_mode != "zeros":
        padding += f" ({task.padding_mode})"
    if task.dilation != (1, 1):
        padding = _("{padding}, dilation {dilation}").format(
            padding=padding, dilation=cols.dilation
        )
    return _("{task}, stride {stride}, {padding}").format(
        task=what, stride=cols.stride, padding=padding
    )

"""The classic slips, one small function each, in one ordered table.

A slip function takes the task to change (the right one, or another slip's result when two slips
are made at once) and returns :class:`Change` objects: the task as the slip computes it, and the
words for it. Nothing here computes a number of its own: :func:`candidate_slips` runs every
changed task through the engine, so a slip's cell has a trace like any right cell.

The order of :data:`SLIPS` and :data:`PAIRS` is the order of preference: when two slips explain
an answer equally well, the first one is named.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from ..engine import Cell, Trace, run
from ..errors import InputError
from ..language import _
from ..numbers import UNICODE, Notation, Number, clean
from ..task import Filter, Task, build_task
from .words import and_list, bias_name, padding_text, shift_words, signed, stride_text

#: ``describe(filters)`` → (what the computation is, the question to ask the student).
Describe = Callable[[Sequence[int]], tuple[str, str]]


@dataclass(frozen=True, eq=False)
class Slip:
    """One classic slip: the task as the slip computes it, traced by the engine.

    ``view`` says how the slip's output lines up with the student's grid: ``same``; ``crop``
    (the top-left part, for a stride ignored while the output size was right); ``transpose``.
    ``describe(filters)`` gives (what the computation is, the question to ask the student).
    """

    kind: str
    trace: Trace
    describe: Describe
    view: str = "same"
    crop: tuple[int, int] | None = None

    @cached_property
    def output(self) -> np.ndarray:
        out = self.trace.output
        if self.view == "transpose":
            return out.transpose(0, 2, 1)
        if self.view == "crop" and self.crop is not None:
            return out[:, : self.crop[0], : self.crop[1]]
        return out

    @property
    def paired(self) -> bool:
        """Two slips at once (``padding_forgotten+stride_ignored``)."""
        return "+" in self.kind

    def cell(self, k: int, i: int, j: int) -> Cell:
        """The slip's own computation of the cell the student wrote at (k, i, j)."""
        if self.view == "transpose":
            return self.trace.cell(k, j, i)
        return self.trace.cell(k, i, j)


@dataclass(frozen=True, eq=False)
class Change:
    """What a slip function returns: the task as the slip computes it, and how to say it.

    ``task`` is None when the slip cannot be computed for this task (a shift with no row left to
    drop). ``view`` is the :class:`Slip`'s. ``pairs`` is False for a change that is two slips
    already (one channel without the bias), so that it is not paired once more.
    """

    kind: str
    task: Task | None
    describe: Describe
    view: str = "same"
    pairs: bool = True


#: A slip function: (task to change, the right trace, notation) → its changes, [] if it does not
#: apply (no bias to forget, stride 1 already …).
SlipFunction = Callable[[Task, Trace, Notation], list[Change]]


# --- changing a task -------------------------------------------------------------------------


def _rebuild(task: Task, **changes) -> Task | None:
    """The task with some parts changed, validated by :func:`build_task`; None if impossible."""
    x = changes.get("x", task.x)
    names = changes.get("channel_names", task.channel_names)
    filters = changes.get("filters", task.filters)
    stride = changes.get("stride", task.stride)
    padding = changes.get("padding", task.padding)
    groups = changes.get("groups", task.groups)
    flip = changes.get("flip", task.flip)
    one_d = task.one_d
    try:
        return build_task(
            x,
            names,
            filters,
            stride=stride[1] if one_d else list(stride),
            padding=[padding[2], padding[3]] if one_d else list(padding),
            padding_mode=task.padding_mode,
            dilation=task.dilation[1] if one_d else list(task.dilation),
            groups=groups,
            flip=flip,
            one_d=one_d,
        )
    except InputError:
        return None


def _biases(task: Task) -> list[Number]:
    return [f.bias for f in task.filters]


def _with_biases(task: Task, biases: Sequence[Number]) -> tuple[Filter, ...]:
    return tuple(
        Filter(f.name, f.weights, b, f.kernel_names)
        for f, b in zip(task.filters, biases, strict=True)
    )


def _per_group(task: Task) -> int:
    return task.channels // task.groups


# --- the slips, one function each ------------------------------------------------------------


def bias_forgotten(task: Task, right: Trace, n: Notation) -> list[Change]:
    """Every cell without its bias."""
    biases = _biases(task)
    if not any(biases):
        return []

    def describe(filters):
        if len(filters) == 1:
            k = filters[0]
            what = _("a computation without the bias ({bias})").format(bias=signed(biases[k], n))
        else:
            listed = ", ".join(f"{bias_name(k, n)} = {n.number(biases[k])}" for k in filters)
            what = _("a computation without the biases ({biases})").format(biases=listed)
        names = and_list([bias_name(k, n) for k in filters])
        return what, _("Did you forget to add {biases}?").format(biases=names)

    modified = _rebuild(task, filters=_with_biases(task, [0] * len(biases)))
    return [Change("bias_forgotten", modified, describe)]


def bias_per_channel(task: Task, right: Trace, n: Notation) -> list[Change]:
    """The bias added to each channel's sum instead of once per cell."""
    biases, per_group = _biases(task), _per_group(task)
    if not any(biases) or per_group < 2:
        return []

    def describe(filters):
        names = and_list([bias_name(k, n) for k in filters])
        return (
            _("a computation that adds the bias once per channel ({count} times)").format(
                count=per_group
            ),
            _("Add {biases} once per output cell, after summing the {count} channel sums.").format(
                biases=names, count=per_group
            ),
        )

    repeated = _with_biases(task, [b * per_group for b in biases])
    return [Change("bias_per_channel", _rebuild(task, filters=repeated), describe)]


def bias_twice(task: Task, right: Trace, n: Notation) -> list[Change]:
    """Every cell off by exactly +b (with two channels, that is the slip above)."""
    biases = _biases(task)
    if not any(biases):
        return []

    def describe(filters):
        names = and_list([bias_name(k, n) for k in filters])
        extra = and_list([signed(biases[k], n) for k in filters])
        return (
            _("a computation that adds the bias twice ({extra} more)").format(extra=extra),
            _("Did you add the bias {biases} twice?").format(biases=names),
        )

    doubled = [2 * b for b in biases]
    return [Change("bias_twice", _rebuild(task, filters=_with_biases(task, doubled)), describe)]


def padding_forgotten(task: Task, right: Trace, n: Notation) -> list[Change]:
    """The windows slide over the input itself, without its border."""
    if not any(task.padding):
        return []
    padding = padding_text(task.padding, task.one_d)
    rule = f" ({task.padding_rule!r})" if task.padding_rule else ""

    def describe(filters):
        hint = _("Did you forget to pad the input with {mode} padding first?")
        if task.padding_mode == "zeros":
            hint = _("Did you forget to pad the input with zeros first?")
        what = _("a computation without the padding (P = 0 instead of {padding}{rule})")
        return what.format(padding=padding, rule=rule), hint.format(mode=task.padding_mode)

    return [Change("padding_forgotten", _rebuild(task, padding=(0, 0, 0, 0)), describe)]


def stride_ignored(task: Task, right: Trace, n: Notation) -> list[Change]:
    """Windows moved by 1: the whole stride-1 output, or its part at the right output size."""
    if task.stride == (1, 1):
        return []
    s = stride_text(task.stride, task.one_d)
    stride_one = _rebuild(task, stride=(1, 1))
    if stride_one is None:
        return []

    def full(filters):
        return (
            _("a computation with stride 1 instead of {stride}").format(stride=s),
            _("Did you move the window by 1 instead of s = {stride}?").format(stride=s),
        )

    def cropped(filters):
        return (
            _(
                "windows moved by 1 instead of {stride} (the stride ignored), "
                "compared at the same positions"
            ).format(stride=s),
            _("Each step moves the window by s = {stride}, not by 1.").format(stride=s),
        )

    return [
        Change("stride_ignored", stride_one, full),
        Change("stride_ignored", stride_one, cropped, view="crop"),
    ]


def kernel_flipped(task: Task, right: Trace, n: Notation) -> list[Change]:
    """The kernel rotated 180°, or not rotated when the task is a true convolution."""

    def describe(filters):
        if task.flip:
            return (
                _("a computation with the kernels as written, not rotated"),
                _("This task is a true convolution: rotate each kernel 180° before sliding it."),
            )
        return (
            _("a computation with the kernels rotated 180° (true convolution)"),
            _(
                "A CNN layer slides each kernel as written (cross-correlation): "
                "did you flip the kernel?"
            ),
        )

    return [Change("kernel_flipped", _rebuild(task, flip=not task.flip), describe)]


def channel_only(task: Task, right: Trace, n: Notation) -> list[Change]:
    """One channel's sum taken for the cell (with its bias, then also without it)."""
    per_group = _per_group(task)
    if per_group < 2:
        return []
    changes = []
    for c in range(per_group):
        picked = [g * per_group + c for g in range(task.groups)]
        name = _("{channel} of each group").format(channel=c)
        name = task.channel_names[c] if task.groups == 1 else name
        others = [task.channel_names[i] for i in range(per_group) if i != c and task.groups == 1]
        single = tuple(Filter(f.name, f.weights[c : c + 1], f.bias) for f in task.filters)
        x = task.x[picked]
        names = tuple(task.channel_names[i] for i in picked)

        def only(filters, name=name, others=others):
            if others:
                hint = _("Did you forget to add the other channels' sums ({channels})?").format(
                    channels=and_list(others)
                )
            else:
                hint = _("Did you forget to add the other channels' sums?")
            return _("a computation with channel {channel} only").format(channel=name), hint

        def only_no_bias(filters, name=name):
            return (
                _("channel {channel}'s sum alone, without the other channels and the bias").format(
                    channel=name
                ),
                _("Each output cell is the sum over all channels, plus the bias."),
            )

        alone = _rebuild(task, x=x, channel_names=names, filters=single)
        changes.append(Change("channel_only", alone, only))
        if any(_biases(task)):
            unbiased = tuple(Filter(f.name, f.weights, 0) for f in single)
            without = _rebuild(task, x=x, channel_names=names, filters=unbiased)
            changes.append(Change("channel_only", without, only_no_bias, pairs=False))
    return changes


def transposed(task: Task, right: Trace, n: Notation) -> list[Change]:
    """The right values, rows and columns swapped."""
    if task.one_d:
        return []

    def describe(filters):
        return (
            _("the right values with rows and columns swapped (the output transposed)"),
            _(
                "Output row i holds the windows of row i, left to right: "
                "did you fill the output column by column?"
            ),
        )

    return [Change("transposed", task, describe, view="transpose")]


def window_shifted(task: Task, right: Trace, n: Notation) -> list[Change]:
    """Every window one row and/or column further (zero padding only)."""
    if task.padding_mode != "zeros":
        return []
    directions = [(0, 1), (0, -1)]
    if not task.one_d:
        directions = [(1, 0), (-1, 0), *directions, (1, 1), (-1, -1), (1, -1), (-1, 1)]
    return [
        Change("window_shifted", _shifted(task, dr, dc), shift_words(dr, dc, task))
        for dr, dc in directions
    ]


def _shifted(task: Task, dr: int, dc: int) -> Task | None:
    """The task whose windows all start one row/column further (zero padding only).

    Moving every window by +1 row is padding ``top − 1, bottom + 1`` (the padded size, and so
    the output size, stay the same); where there is no padding left to take, the input's first
    row is dropped instead.
    """
    x = task.x
    top, bottom, left, right = task.padding
    for shift, axis in ((dr, 1), (dc, 2)):
        if not shift:
            continue
        before, after = (top, bottom) if axis == 1 else (left, right)
        before, after = before - shift, after + shift
        if x.shape[axis] < 2 and (before < 0 or after < 0):
            return None
        if before < 0:  # no padding to take away: drop the first row/column instead
            x = x[:, 1:] if axis == 1 else x[:, :, 1:]
            before = 0
        if after < 0:
            x = x[:, :-1] if axis == 1 else x[:, :, :-1]
            after = 0
        if axis == 1:
            top, bottom = before, after
        else:
            left, right = before, after
    return _rebuild(task, x=np.ascontiguousarray(x), padding=(top, bottom, left, right))


#: Every single slip, most common first (ties go to the first).
SLIPS: tuple[SlipFunction, ...] = (
    bias_forgotten,
    bias_per_channel,
    bias_twice,
    padding_forgotten,
    stride_ignored,
    kernel_flipped,
    channel_only,
    transposed,
    window_shifted,
)


# --- two slips at once -----------------------------------------------------------------------

#: Two slips made together, tried after the single ones, in this order: every pair of padding,
#: stride, flip, channel and bias. One channel without the bias is :func:`channel_only`'s own
#: second change ("channel R's sum alone, without the other channels and the bias").
PAIRS: tuple[tuple[SlipFunction, SlipFunction], ...] = (
    (padding_forgotten, bias_forgotten),
    (stride_ignored, bias_forgotten),
    (padding_forgotten, stride_ignored),
    (kernel_flipped, bias_forgotten),
    (padding_forgotten, kernel_flipped),
    (stride_ignored, kernel_flipped),
    (padding_forgotten, channel_only),
    (stride_ignored, channel_only),
    (kernel_flipped, channel_only),
)


def both(first: Describe, second: Describe) -> Describe:
    """Two slips at once: "a computation without the padding (…) and without the bias (…)"."""

    def describe(filters):
        what_a, hint_a = first(filters)
        what_b, hint_b = second(filters)
        rest = what_b.removeprefix(_("a computation "))
        return _("{first} and {second}").format(first=what_a, second=rest), f"{hint_a} {hint_b}"

    return describe


def paired(
    first: SlipFunction, second: SlipFunction, task: Task, right: Trace, n: Notation
) -> list[Change]:
    """``second`` applied to each task ``first`` makes: both slips, only where both apply."""
    changes = []
    made: dict[int, tuple[Task, list[Change]]] = {}  # the stride's two views share one task
    for a in first(task, right, n):
        if a.task is None or not a.pairs:
            continue
        if id(a.task) not in made:
            made[id(a.task)] = (a.task, [b for b in second(a.task, right, n) if b.pairs])
        for b in made[id(a.task)][1]:
            view = "crop" if "crop" in (a.view, b.view) else "same"
            kind = f"{a.kind}+{b.kind}"
            changes.append(Change(kind, b.task, both(a.describe, b.describe), view, pairs=False))
    return changes


# --- running them ----------------------------------------------------------------------------


def candidate_slips(trace: Trace, notation: Notation = UNICODE) -> Iterator[Slip]:
    """Every classic slip and pair that applies to this task, in the order of the tables.

    Each changed task is traced once, however many views of it there are.
    """
    task = trace.task
    traced: dict[int, tuple[Task, Trace]] = {id(task): (task, trace)}
    for change in _changes(task, trace, notation):
        if change.task is None:
            continue
        if id(change.task) not in traced:
            traced[id(change.task)] = (change.task, run(change.task))
        crop = trace.shape[1:] if change.view == "crop" else None
        yield Slip(change.kind, traced[id(change.task)][1], change.describe, change.view, crop)


def _changes(task: Task, trace: Trace, notation: Notation) -> Iterator[Change]:
    for slip in SLIPS:
        yield from slip(task, trace, notation)
    for first, second in PAIRS:
        yield from paired(first, second, task, trace, notation)


def offset_slips(
    trace: Trace,
    given: np.ndarray,
    notation: Notation = UNICODE,
    made: dict[Number, Slip | None] | None = None,
) -> list[Slip]:
    """ "Every cell off by the same amount d": one slip per distinct d, that of a filter being the
    median difference of its cells. It is the task with every bias moved by d, so the engine
    traces it like any other slip; tried after the named slips (bias forgotten is d = −b, bias
    added twice d = +b), which win a tie. ``made``: the slips of earlier answers to the same
    trace by d, used again and added to (a batch of answers shares its offsets).
    """
    made = {} if made is None else made
    difference = given - trace.output
    amounts: list[Number] = []
    for k in range(given.shape[0]):
        d = clean(float(np.median(difference[k])))
        if d and d not in amounts:
            amounts.append(d)
    slips = []
    for d in amounts:
        if d not in made:
            made[d] = _offset(trace, d, notation)
        if made[d] is not None:
            slips.append(made[d])
    return slips


def _offset(trace: Trace, d: Number, n: Notation) -> Slip | None:
    """The task with every bias moved by ``d``, traced; None where that is no task."""
    task = trace.task
    modified = _rebuild(task, filters=_with_biases(task, [f.bias + d for f in task.filters]))
    if modified is None:
        return None

    def off(filters):
        names = and_list([bias_name(k, n) for k in filters])
        biases = and_list([n.number(task.filters[k].bias) for k in filters])
        return (
            _("off by {amount}").format(amount=signed(d, n)),
            _(
                "A slip the cells share: a step common to all of them, such as the bias "
                "({names} = {biases}), or the same mistake repeated in each."
            ).format(names=names, biases=biases),
        )

    return Slip("offset", run(modified), off)

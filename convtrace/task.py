"""The validated task: input volume, filters and hyperparameters, as frozen plain data.

Everything here is already checked: a :class:`Task` that exists can be traced. The
hyperparameters are parsed by :mod:`convtrace.hyperparameters`; :func:`build_task` checks them
against the shapes, step by step, each step naming the place of its error.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np

from .errors import InputError
from .hyperparameters import (
    check_padding_mode,
    parse_flag,
    parse_padding,
    parse_padding_mode,
    parse_pair,
    same_padding,
    whole_number,
)
from .language import _, ngettext
from .numbers import Number

#: Inputs beyond these sizes are refused: a trace of them could not be read by anyone.
MAX_INPUT_VALUES = 1 << 24
MAX_CHANNEL_SUMS = 50_000_000
#: The padded input is built and shown: an input at the size limit may be padded by as much
#: again, no more (a few samples padded by millions is a trace nobody can read either).
MAX_PADDED_VALUES = 2 * MAX_INPUT_VALUES


@dataclass(frozen=True)
class Axis:
    """One spatial axis of the convolution: everything the output-size formula needs."""

    name: str  # "H" (rows) or "W" (columns); "L" for a 1-D signal
    size: int  # H₁
    kernel: int  # F
    stride: int  # s
    pad_before: int
    pad_after: int
    dilation: int  # d

    @property
    def padded(self) -> int:
        return self.size + self.pad_before + self.pad_after

    @property
    def span(self) -> int:
        """How many padded positions one (dilated) window spans: d·(F − 1) + 1."""
        return self.dilation * (self.kernel - 1) + 1

    @property
    def numerator(self) -> int:
        """H₁ + P_before + P_after − d·(F − 1) − 1, the part the stride divides."""
        return self.padded - self.span

    @property
    def out(self) -> int:
        return self.numerator // self.stride + 1

    @property
    def remainder(self) -> int:
        """Positions left over at the end; PyTorch drops them (floor), as convtrace does."""
        return self.numerator % self.stride

    @property
    def symmetric(self) -> bool:
        return self.pad_before == self.pad_after

    def window_positions(self, index: int) -> range:
        """The padded positions the window of output position ``index`` reads."""
        start = index * self.stride
        return range(start, start + self.span, self.dilation)

    @property
    def uncovered(self) -> tuple[int, ...]:
        """Input positions (0-based, unpadded) that no window reads."""
        covered = np.zeros(self.padded, dtype=bool)
        starts = np.arange(self.out) * self.stride
        for tap in range(self.kernel):
            covered[starts + tap * self.dilation] = True
        inside = covered[self.pad_before : self.pad_before + self.size]
        return tuple(int(i) for i in np.flatnonzero(~inside))


@dataclass(frozen=True, eq=False)
class Filter:
    """One filter: a kernel for each input channel it sees, and its bias."""

    name: str
    weights: np.ndarray  # (C/groups) × Fh × Fw
    bias: Number
    kernel_names: tuple[str, ...] | None = None


@dataclass(frozen=True, eq=False)
class Task:
    """A convolution to trace. Build one with :func:`convtrace.load_task` or :func:`build_task`."""

    x: np.ndarray  # C × H × W (H = 1 for a 1-D signal)
    channel_names: tuple[str, ...]
    filters: tuple[Filter, ...]
    stride: tuple[int, int] = (1, 1)
    padding: tuple[int, int, int, int] = (0, 0, 0, 0)  # top, bottom, left, right
    padding_rule: str | None = None  # "same" or "valid" when the padding was asked for by name
    padding_mode: str = "zeros"
    dilation: tuple[int, int] = (1, 1)
    groups: int = 1
    flip: bool = False
    one_d: bool = False
    source: str | None = None
    title: str | None = None
    description: str | None = field(default=None, repr=False)
    #: the task's ``"upstream"`` gradient for ``convtrace grad`` (as written; checked there)
    upstream: np.ndarray | None = field(default=None, repr=False, compare=False)

    @property
    def channels(self) -> int:
        return int(self.x.shape[0])

    @property
    def kernel_size(self) -> tuple[int, int]:
        return tuple(int(n) for n in self.filters[0].weights.shape[1:])  # type: ignore[return-value]

    @property
    def weights(self) -> np.ndarray:
        """All filters' kernels as one K × (C/groups) × Fh × Fw array."""
        return np.stack([f.weights for f in self.filters])

    @property
    def biases(self) -> np.ndarray:
        return np.array([f.bias for f in self.filters], dtype=self.x.dtype)

    @property
    def is_integer(self) -> bool:
        return self.x.dtype.kind in "iu"

    @property
    def is_exact(self) -> bool:
        """Exact fractions (``--exact``): an object array of ``Fraction`` values."""
        return self.x.dtype == object

    @property
    def axes(self) -> tuple[Axis, Axis]:
        top, bottom, left, right = self.padding
        (fh, fw), (sh, sw), (dh, dw) = self.kernel_size, self.stride, self.dilation
        __, h, w = self.x.shape
        return (
            Axis("H", h, fh, sh, top, bottom, dh),
            Axis("L" if self.one_d else "W", w, fw, sw, left, right, dw),
        )

    @property
    def output_shape(self) -> tuple[int, int, int]:
        rows, cols = self.axes
        return (len(self.filters), rows.out, cols.out)

    def channels_of(self, k: int) -> range:
        """The input channels filter ``k`` sees (all of them unless groups > 1)."""
        per_group = self.channels // self.groups
        group = k // (len(self.filters) // self.groups)
        return range(group * per_group, (group + 1) * per_group)


# --- the task --------------------------------------------------------------------------------


class _Options(NamedTuple):
    """The hyperparameters parsed, before they meet the shapes."""

    stride: tuple[int, int]
    dilation: tuple[int, int]
    padding: tuple[int, int, int, int] | str
    mode: str
    groups: int
    flip: bool


def build_task(
    x: np.ndarray,
    channel_names: Sequence[str],
    filters: Sequence[Filter],
    *,
    stride: Any = 1,
    padding: Any = 0,
    padding_mode: Any = "zeros",
    dilation: Any = 1,
    groups: Any = 1,
    flip: Any = False,
    one_d: bool = False,
    places: Mapping[str, str] | None = None,
    source: str | None = None,
    title: str | None = None,
    description: str | None = None,
) -> Task:
    """Check the hyperparameters against the shapes and return the :class:`Task`.

    ``places`` names where each hyperparameter came from (``{"stride": "--stride"}``), so an
    error points at the file's key or at the option the user typed.
    """
    places = dict(places or {})

    def where(key: str) -> str:
        return places.get(key, key)

    try:
        options = _parse_options(
            stride, dilation, padding, padding_mode, groups, flip, where, one_d
        )
        _check_input_size(x)
        _check_kernel_shapes(filters)
        _check_kernel_counts(x, filters, options.groups, where("groups"), one_d)
        pads, rule = _resolve_padding(options, x.shape, filters[0].weights.shape[1:], one_d)
        check_padding_mode(options.mode, pads, *x.shape[1:], where("padding_mode"), rule, one_d)
        x, cast = _common_type(x, filters)
        task = Task(
            x=x,
            channel_names=tuple(channel_names),
            filters=cast,
            stride=options.stride,
            padding=pads,
            padding_rule=rule,
            padding_mode=options.mode,
            dilation=options.dilation,
            groups=options.groups,
            flip=options.flip,
            one_d=one_d,
            source=source,
            title=title,
            description=description,
        )
        _check_trace_size(task, where)
        _check_overflow(task)
    except InputError as error:
        if source:
            error.within(source)
        raise
    return task


def _parse_options(stride, dilation, padding, padding_mode, groups, flip, where, one_d) -> _Options:
    """Each hyperparameter on its own, in the order the user reads them in the file."""
    return _Options(
        stride=parse_pair(stride, where("stride"), 1, one_d),
        dilation=parse_pair(dilation, where("dilation"), 1, one_d),
        padding=parse_padding(padding, where("padding"), one_d),
        mode=parse_padding_mode(padding_mode, where("padding_mode")),
        groups=whole_number(groups, where("groups"), 1),
        flip=parse_flag(flip, where("flip")),
    )


def _check_input_size(x: np.ndarray) -> None:
    c, h, w = x.shape
    if x.size > MAX_INPUT_VALUES:
        raise InputError(
            _(
                "{shape} = {count} values is too large to trace by hand; "
                "crop a patch (say 64×64) and trace that"
            ).format(shape=f"{c}×{h}×{w}", count=f"{x.size:,}"),
            place="input",
        )


def _check_kernel_shapes(filters: Sequence[Filter]) -> None:
    """At least one filter, and all of one size (a layer's kernels are)."""
    if not filters:
        raise InputError(_("there is no filter to convolve with"), place="filters")
    kernel_shape = filters[0].weights.shape[1:]
    for k, f in enumerate(filters):
        if f.weights.shape[1:] != kernel_shape:
            size = "×".join(map(str, f.weights.shape[1:]))
            first = "×".join(map(str, kernel_shape))
            raise InputError(
                _(
                    "kernels are {size}, but {name}'s are {first}; "
                    "all filters of a layer have the same size"
                ).format(size=size, name=filters[0].name, first=first),
                place=f"filters[{k}]",
            )


def _check_kernel_counts(
    x: np.ndarray, filters: Sequence[Filter], groups: int, groups_place: str, one_d: bool
) -> None:
    """The groups divide the channels and the filters, and each filter has one kernel per
    channel it sees; the likely mistakes behind a wrong count are named."""
    c, h, w = x.shape
    if c % groups or len(filters) % groups:
        raise InputError(
            _(
                "groups = {groups} must divide both the input channels ({channels}) "
                "and the number of filters ({filters})"
            ).format(groups=groups, channels=c, filters=len(filters)),
            place=groups_place,
        )
    per_group = c // groups
    for k, f in enumerate(filters):
        count = f.weights.shape[0]
        if count == per_group:
            continue
        if one_d and per_group == 1 and f.kernel_names is None:
            raise InputError(
                _(
                    "{name}'s kernel is 2-D ({shape}), but the input is 1-D (one row of "
                    "{width} samples); give the input as a matrix of several rows, or the "
                    "kernel as one row"
                ).format(name=f.name, shape=f"{count}×{f.weights.shape[2]}", width=w),
                place=f"filters[{k}]",
            )
        if groups == 1:
            seen = ngettext(
                "the input's {count} channel", "the input's {count} channels", c
            ).format(count=c)
        else:
            seen = ngettext(
                "{count} channel (groups = {groups})",
                "{count} channels (groups = {groups})",
                per_group,
            ).format(count=per_group, groups=groups)
        hint = _("a filter needs one kernel per input channel")
        if groups == 1 and count == w and c != w:
            hint = _(
                "is the input written rows × cols × channels ({shape})? "
                "convtrace wants channels first: one matrix per channel"
            ).format(shape=f"{c}×{h}×{w}")
        said = ngettext(
            "{name} has {count} kernel, but it sees {seen}; {hint}",
            "{name} has {count} kernels, but it sees {seen}; {hint}",
            count,
        )
        raise InputError(
            said.format(name=f.name, count=count, seen=seen, hint=hint), place=f"filters[{k}]"
        )


def _resolve_padding(
    options: _Options, shape: tuple[int, ...], kernel: tuple[int, ...], one_d: bool
) -> tuple[tuple[int, int, int, int], str | None]:
    """The padding on each side, and the rule it came from ("same", "valid") if any."""
    if not isinstance(options.padding, str):
        return options.padding, None
    if options.padding == "valid":
        return (0, 0, 0, 0), "valid"
    (__, h, w), (fh, fw) = shape, kernel
    (sh, sw), (dh, dw) = options.stride, options.dilation
    top, bottom = (0, 0) if one_d else same_padding(h, fh, sh, dh)
    left, right = same_padding(w, fw, sw, dw)
    return (top, bottom, left, right), "same"


def _common_type(x: np.ndarray, filters: Sequence[Filter]) -> tuple[np.ndarray, tuple[Filter, ...]]:
    """The input and filters in one dtype (see :func:`_common_dtype`), contiguous."""
    dtype = _common_dtype(x, [f.weights for f in filters], [f.bias for f in filters])
    cast = tuple(
        Filter(
            f.name,
            np.ascontiguousarray(f.weights, dtype=dtype),
            _python(f.bias, dtype),
            f.kernel_names,
        )
        for f in filters
    )
    return np.ascontiguousarray(x, dtype=dtype), cast


def _common_dtype(x: np.ndarray, weights: Sequence[np.ndarray], biases: Sequence[Number]):
    """int64 when every number is whole: given as integers (exact up to 2⁶³; the overflow check
    guards the sums), or as floats below 2⁵³ (beyond that a float is no longer exact)."""
    if any(np.asarray(v).dtype == object for v in (x, *weights)):
        return object  # exact fractions (--exact): kept as they are
    for values in (x, *weights, biases):
        a = np.asarray(values)
        if a.dtype.kind in "iu":
            continue
        a = a.astype(float, copy=False).ravel()
        head = a[:1024]  # a decimal input shows a fraction at once: no pass over all of it
        if not _whole(head) or not _whole(a):
            return np.float64
    return np.int64


def _whole(a: np.ndarray) -> bool:
    """Whether every value is a whole number that a float holds exactly (below 2⁵³)."""
    return bool(np.all(np.floor(a) == a) and np.all(np.abs(a) < 2**53))


def _check_trace_size(task: Task, where) -> None:
    """Every axis has an output, and the trace and the padded input fit in memory; a padding
    that makes them too large is named as the cause."""
    for axis in task.axes:
        if axis.out < 1:
            raise InputError(_too_large(axis))
    k_count, h_out, w_out = task.output_shape
    sums = k_count * (task.channels // task.groups) * h_out * w_out
    if sums > MAX_CHANNEL_SUMS:
        _blame_padding(task, where("padding"))
        raise InputError(
            _(
                "the trace would hold {count} channel sums; crop the input or use fewer filters"
            ).format(count=f"{sums:,}"),
            place="input",
        )
    rows, cols = task.axes
    if task.channels * rows.padded * cols.padded > MAX_PADDED_VALUES:
        if task.padding_rule == "same":
            dilated = any(d > 1 for d in task.dilation)
            raise InputError(
                _same_too_large(task), place=where("dilation" if dilated else "padding")
            )
        raise _padding_too_large(task, where("padding"))


def _blame_padding(task: Task, place: str) -> None:
    """Too many channel sums because of the padding (``--padding 99999999``)? Say so."""
    per_group = task.channels // task.groups
    unpadded = len(task.filters) * per_group
    for axis in task.axes:
        unpadded *= max(1, (axis.size - axis.span) // axis.stride + 1)
    if unpadded > MAX_CHANNEL_SUMS:
        return  # the input and filters are too many even without padding
    raise _padding_too_large(task, place)


def _padding_too_large(task: Task, place: str) -> InputError:
    rows, cols = task.axes
    size = f"{cols.size}" if task.one_d else f"{rows.size}×{cols.size}"
    padded = f"{cols.padded:,}" if task.one_d else f"{rows.padded:,}×{cols.padded:,}"
    biggest = max(task.padding)
    return InputError(
        _(
            "padding {padding} makes the {size} input {padded}, too large to trace; "
            "pad at most a few rows and columns (or use 'same')"
        ).format(padding=f"{biggest:,}", size=size, padded=padded),
        place=place,
    )


def _same_too_large(task: Task) -> str:
    """ "same" keeps the output's size, but pads for the whole span of a dilated kernel."""
    rows, cols = task.axes
    size = f"{cols.size}" if task.one_d else f"{rows.size}×{cols.size}"
    padded = f"{cols.padded:,}" if task.one_d else f"{rows.padded:,}×{cols.padded:,}"
    spans = f"{cols.span:,}" if task.one_d else f"{rows.span:,}×{cols.span:,}"
    return (
        f'"same" pads the {size} input to {padded} here, too large to trace: the '
        f"{'dilated ' if max(task.dilation) > 1 else ''}kernel spans {spans}; "
        "use a smaller dilation or kernel"
    )


def _python(value: Number, dtype) -> Number:
    if dtype is object:
        return value
    return int(value) if np.dtype(dtype).kind in "iu" else float(value)


def _too_large(axis: Axis) -> str:
    what = {"H": "rows", "W": "columns", "L": "samples"}[axis.name]
    span = f"{axis.kernel} {what}"
    if axis.dilation > 1:
        span = f"{axis.span} {what} ({axis.kernel} taps at dilation {axis.dilation})"
    padded = (
        f"{axis.padded} ({axis.size} + {axis.pad_before} + {axis.pad_after} padding)"
        if axis.pad_before or axis.pad_after
        else f"{axis.padded}"
    )
    return (
        f"the kernel spans {span}, but the padded input has only {padded}; "
        "use a smaller kernel or dilation, or more padding"
    )


def _check_overflow(task: Task) -> None:
    if not task.is_integer:
        return
    fh, fw = task.kernel_size
    terms = (task.channels // task.groups) * fh * fw
    biggest_x = int(np.abs(task.x).max(initial=0))
    biggest_w = max(int(np.abs(f.weights).max(initial=0)) for f in task.filters)
    biggest_b = max(abs(int(f.bias)) for f in task.filters)
    if biggest_x * biggest_w * terms + biggest_b >= 2**63:
        raise InputError(
            _(
                "the numbers are so large that the sums could overflow 64-bit integers; "
                "scale them down"
            ),
            place="input",
        )

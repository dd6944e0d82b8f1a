"""Mistake diagnosis: recompute the task the way students typically get it wrong.

Each classic slip (bias forgotten or added twice, every cell off by the same amount, padding
forgotten, stride ignored, kernel flipped, one channel only, output transposed, window shifted
…) is a modified :class:`~convtrace.task.Task` run through the same engine, never arithmetic of
its own. The slip whose numbers match the student's
in more cells than the correct computation does is reported, per filter; cells that are still
unexplained get a closer look at their own trace: a sign error in one product, a product or a
channel left out, the bias left out, or else an arithmetic slip.

A slip is only claimed for a filter when it explains more cells than the plain comparison (the
correct computation) does, more than half of the filter's wrong cells ("fully or in most
cells"), and at least two of them (one cell matching is a coincidence, not a pattern) unless the
filter has only one wrong cell. An answer of another shape is explained only by a slip that
matches more than half of its cells.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from ..engine import Cell, Trace, run
from ..errors import InputError
from ..numbers import UNICODE, Notation, Number, clean
from ..task import Filter, Task, build_task
from .compare import TOLERANCE, close

#: At most this many wrong cells get the closer, per-product look (each costs a trace cell).
MAX_CELL_ANALYSES = 200

SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")

Position = tuple[int, int, int]


def bias_name(k: int, notation: Notation = UNICODE) -> str:
    """``b₀`` for filter 0, as the lecture note writes it (``b0`` in ASCII)."""
    return "b" + (str(k) if notation.minus == "-" else str(k).translate(SUBSCRIPTS))


def signed(value: Number, notation: Notation = UNICODE) -> str:
    """``+1``, ``−2``: a change written with its sign."""
    text = notation.number(value)
    return text if text.startswith(notation.minus) or text == "0" else "+" + text


def _and(items: Sequence[str]) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


# --- slips -----------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Slip:
    """One classic slip: the task as the slip computes it, traced by the engine.

    ``view`` says how the slip's output lines up with the student's grid: ``same``; ``crop``
    (the top-left part, for a stride ignored while the output size was right); ``transpose``.
    ``describe(filters)`` gives (what the computation is, the question to ask the student).
    """

    kind: str
    trace: Trace
    describe: Callable[[Sequence[int]], tuple[str, str]]
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

    def cell(self, k: int, i: int, j: int) -> Cell:
        """The slip's own computation of the cell the student wrote at (k, i, j)."""
        if self.view == "transpose":
            return self.trace.cell(k, j, i)
        return self.trace.cell(k, i, j)


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


def _with_biases(task: Task, biases: Sequence[Number]) -> tuple[Filter, ...]:
    return tuple(
        Filter(f.name, f.weights, b, f.kernel_names)
        for f, b in zip(task.filters, biases, strict=True)
    )


def _padding_text(padding: tuple[int, int, int, int], one_d: bool) -> str:
    top, bottom, left, right = padding
    if one_d:
        return str(left) if left == right else f"{left} left, {right} right"
    if top == bottom == left == right:
        return str(top)
    return f"top {top}, bottom {bottom}, left {left}, right {right}"


def _stride_text(stride: tuple[int, int], one_d: bool) -> str:
    sh, sw = stride
    return str(sw) if one_d or sh == sw else f"{sh},{sw}"


def candidate_slips(trace: Trace, notation: Notation = UNICODE) -> Iterator[Slip]:
    """Every classic slip that applies to this task, most common first (ties go to the first)."""
    task = trace.task
    n = notation
    per_group = task.channels // task.groups
    biases = [f.bias for f in task.filters]

    def slip(kind, modified, describe, **view) -> Slip | None:
        if modified is None:
            return None
        return Slip(kind, run(modified), describe, **view)

    # bias forgotten
    if any(biases):

        def no_bias(filters):
            if len(filters) == 1:
                k = filters[0]
                what = f"a computation without the bias ({signed(biases[k], n)})"
            else:
                listed = ", ".join(f"{bias_name(k, n)} = {n.number(biases[k])}" for k in filters)
                what = f"a computation without the biases ({listed})"
            return what, f"Did you forget to add {_and([bias_name(k, n) for k in filters])}?"

        yield slip(
            "bias_forgotten", _rebuild(task, filters=_with_biases(task, [0] * len(biases))), no_bias
        )

    # bias added once per channel
    if any(biases) and per_group > 1:

        def per_channel(filters):
            names = _and([bias_name(k, n) for k in filters])
            return (
                f"a computation that adds the bias once per channel ({per_group} times)",
                f"Add {names} once per output cell, after summing the {per_group} channel sums.",
            )

        repeated = [b * per_group for b in biases]
        yield slip(
            "bias_per_channel", _rebuild(task, filters=_with_biases(task, repeated)), per_channel
        )

    # bias added twice (every cell off by exactly +b; with two channels, that is the slip above)
    if any(biases):

        def twice(filters):
            names = _and([bias_name(k, n) for k in filters])
            extra = _and([signed(biases[k], n) for k in filters])
            return (
                f"a computation that adds the bias twice ({extra} more)",
                f"Did you add the bias {names} twice?",
            )

        yield slip(
            "bias_twice", _rebuild(task, filters=_with_biases(task, [2 * b for b in biases])), twice
        )

    # padding forgotten
    if any(task.padding):
        padding_text = _padding_text(task.padding, task.one_d)
        rule = f" ({task.padding_rule!r})" if task.padding_rule else ""
        what_pad = "zeros" if task.padding_mode == "zeros" else f"{task.padding_mode} padding"

        def no_padding(filters):
            return (
                f"a computation without the padding (P = 0 instead of {padding_text}{rule})",
                f"Did you forget to pad the input with {what_pad} first?",
            )

        yield slip("padding_forgotten", _rebuild(task, padding=(0, 0, 0, 0)), no_padding)

    # stride ignored
    if task.stride != (1, 1):
        s = _stride_text(task.stride, task.one_d)
        stride_one = _rebuild(task, stride=(1, 1))

        def stride_full(filters):
            return (
                f"a computation with stride 1 instead of {s}",
                f"Did you move the window by 1 instead of s = {s}?",
            )

        def stride_crop(filters):
            return (
                f"windows moved by 1 instead of {s} (the stride ignored), "
                "compared at the same positions",
                f"Each step moves the window by s = {s}, not by 1.",
            )

        if stride_one is not None:
            stride_trace = run(stride_one)
            yield Slip("stride_ignored", stride_trace, stride_full)
            yield Slip(
                "stride_ignored",
                stride_trace,
                stride_crop,
                view="crop",
                crop=trace.shape[1:],
            )

    # kernel flipped, or not flipped when it should be
    def flipped(filters):
        if task.flip:
            return (
                "a computation with the kernels as written, not rotated",
                "This task is a true convolution: rotate each kernel 180° before sliding it.",
            )
        return (
            "a computation with the kernels rotated 180° (true convolution)",
            "A CNN layer slides each kernel as written (cross-correlation): "
            "did you flip the kernel?",
        )

    yield slip("kernel_flipped", _rebuild(task, flip=not task.flip), flipped)

    # channels not summed: one channel only
    if per_group > 1:
        for c in range(per_group):
            picked = [g * per_group + c for g in range(task.groups)]
            name = task.channel_names[c] if task.groups == 1 else f"{c} of each group"
            others = [
                task.channel_names[i] for i in range(per_group) if i != c and task.groups == 1
            ]
            single = tuple(Filter(f.name, f.weights[c : c + 1], f.bias) for f in task.filters)
            x = task.x[picked]
            names = tuple(task.channel_names[i] for i in picked)

            def only(filters, name=name, others=others):
                rest = f" ({_and(others)})" if others else ""
                return (
                    f"a computation with channel {name} only",
                    f"Did you forget to add the other channels' sums{rest}?",
                )

            def only_no_bias(filters, name=name):
                return (
                    f"channel {name}'s sum alone, without the other channels and the bias",
                    "Each output cell is the sum over all channels, plus the bias.",
                )

            yield slip(
                "channel_only",
                _rebuild(task, x=x, channel_names=names, filters=single),
                only,
            )
            if any(biases):
                yield slip(
                    "channel_only",
                    _rebuild(
                        task,
                        x=x,
                        channel_names=names,
                        filters=tuple(Filter(f.name, f.weights, 0) for f in single),
                    ),
                    only_no_bias,
                )

    # rows and columns swapped
    if not task.one_d:

        def transposed(filters):
            return (
                "the right values with rows and columns swapped (the output transposed)",
                "Output row i holds the windows of row i, left to right: "
                "did you fill the output column by column?",
            )

        yield Slip("transposed", trace, transposed, view="transpose")

    # window shifted by one
    if task.padding_mode == "zeros":
        directions = [(0, 1), (0, -1)]
        if not task.one_d:
            directions = [(1, 0), (-1, 0), *directions, (1, 1), (-1, -1), (1, -1), (-1, 1)]
        for dr, dc in directions:
            yield slip("window_shifted", _shifted(task, dr, dc), _shift_words(dr, dc, task))

    # a slip that changes the output's size, with the bias forgotten as well: an answer of
    # another size gets no help from the per-cell look, so the two are tried together
    if any(biases):
        zero = _with_biases(task, [0] * len(biases))
        if any(task.padding):
            yield slip(
                "padding_forgotten+bias_forgotten",
                _rebuild(task, padding=(0, 0, 0, 0), filters=zero),
                _both(no_padding, no_bias),
            )
        if task.stride != (1, 1):
            yield slip(
                "stride_ignored+bias_forgotten",
                _rebuild(task, stride=(1, 1), filters=zero),
                _both(stride_full, no_bias),
            )


def offset_slips(trace: Trace, given: np.ndarray, notation: Notation = UNICODE) -> list[Slip]:
    """ "Every cell off by the same amount d": one slip per distinct d, that of a filter being the
    median difference of its cells. It is the task with every bias moved by d, so the engine
    traces it like any other slip; tried after the named slips (bias forgotten is d = −b, bias
    added twice d = +b), which win a tie.
    """
    task, n = trace.task, notation
    difference = given - trace.output
    amounts: list[Number] = []
    for k in range(given.shape[0]):
        d = clean(float(np.median(difference[k])))
        if d and d not in amounts:
            amounts.append(d)
    slips = []
    for d in amounts:
        modified = _rebuild(task, filters=_with_biases(task, [f.bias + d for f in task.filters]))
        if modified is None:
            continue

        def off(filters, d=d):
            names = _and([bias_name(k, n) for k in filters])
            biases = _and([n.number(task.filters[k].bias) for k in filters])
            return (
                f"off by {signed(d, n)}",
                f"A slip the cells share: a step common to all of them, such as the bias "
                f"({names} = {biases}), or the same mistake repeated in each.",
            )

        slips.append(Slip("offset", run(modified), off))
    return slips


def _both(first, second) -> Callable[[Sequence[int]], tuple[str, str]]:
    """Two slips at once: "a computation without the padding (…) and without the bias (…)"."""

    def describe(filters):
        what_a, hint_a = first(filters)
        what_b, hint_b = second(filters)
        return f"{what_a} and {what_b.removeprefix('a computation ')}", f"{hint_a} {hint_b}"

    return describe


def _shift_words(dr: int, dc: int, task: Task) -> Callable[[Sequence[int]], tuple[str, str]]:
    parts = []
    if dr:
        parts.append("one row " + ("lower" if dr > 0 else "higher"))
    if dc:
        which = "sample" if task.one_d else "column"
        parts.append(f"one {which} further " + ("right" if dc > 0 else "left"))
    where = " and ".join(parts)
    padded = " padded" if any(task.padding) else ""
    start = "position 0" if task.one_d else "row 0, column 0"

    def describe(filters):
        return (
            f"a computation with every window {where}",
            f"The first window starts at {start} of the{padded} input, "
            f"the next ones s = {_stride_text(task.stride, task.one_d)} further on.",
        )

    return describe


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


# --- findings --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """A slip that explains (part of) the answer."""

    kind: str
    filters: tuple[int, ...]  # the filters it is claimed for
    matched: int  # cells of those filters whose numbers match the slip
    total: int  # cells of those filters
    cells: tuple[Position, ...]  # the wrong cells it explains
    what: str
    hint: str
    message: str
    slip: Slip = field(repr=False, compare=False)


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
class Diagnosis:
    findings: tuple[Finding, ...] = ()
    cells: tuple[CellFinding, ...] = ()
    unanalysed: int = 0  # wrong cells beyond MAX_CELL_ANALYSES

    @property
    def empty(self) -> bool:
        return not self.findings and not self.cells

    @property
    def kinds(self) -> list[str]:
        return [f.kind for f in self.findings] + [c.kind for c in self.cells]

    def lines(self) -> list[str]:
        return [f.message for f in self.findings] + [c.message for c in self.cells]


def position_label(position: Position, one_d: bool = False) -> str:
    """``o[0, 1, 2]``, or ``o[0, 3]`` for a 1-D signal, as the trace labels its cells."""
    k, i, j = position
    return f"o[{k}, {j}]" if one_d else f"o[{k}, {i}, {j}]"


def _finding(slip: Slip, filters, given, right, tolerance, task: Task) -> Finding:
    matches = close(given[list(filters)], slip.output[list(filters)], tolerance)
    matched, total = int(matches.sum()), int(matches.size)
    cells = []
    for index in np.argwhere(matches):
        position = (int(filters[index[0]]), int(index[1]), int(index[2]))
        if right is None or not right[position]:
            cells.append(position)
    what, hint = slip.describe(filters)
    scope = ""
    if right is not None and len(filters) < len(task.filters):
        scope = " of " + _and([task.filters[k].name for k in filters])
    if slip.kind == "offset":
        count = f"All {total}" if matched == total else f"{matched} of {total}"
        message = f"{count} cells{scope} are {what}. {hint}"
    else:
        message = f"{matched} of {total} cells{scope} match {what}. {hint}"
    return Finding(
        slip.kind, tuple(filters), matched, total, tuple(cells), what, hint, message, slip
    )


def diagnose(
    trace: Trace,
    given: np.ndarray,
    tolerance: float = TOLERANCE,
    notation: Notation = UNICODE,
) -> Diagnosis:
    """Which classic slips explain ``given`` (K × H × W), and what each wrong cell matches."""
    expected = trace.output
    task = trace.task
    if given.shape == expected.shape and close(given, expected, tolerance).all():
        return Diagnosis()
    slips = _distinct(candidate_slips(trace, notation), expected)
    if given.shape == expected.shape:
        slips += offset_slips(trace, given, notation)
        right = close(given, expected, tolerance)
        chosen: dict[int, Slip] = {}
        for k in range(given.shape[0]):
            plain = int(right[k].sum())
            wrong_here = int((~right[k]).sum())
            best, best_score = None, plain
            for s in slips:
                if s.output.shape != given.shape:
                    continue
                matches = close(given[k], s.output[k], tolerance)
                score = int(matches.sum())
                explains = int((matches & ~right[k]).sum())
                if s.kind == "offset" and (explains < 2 or score * 2 <= matches.size):
                    continue  # "every cell off by d" needs most cells, and more than one
                if (
                    score > best_score
                    and explains >= min(2, wrong_here)
                    and explains * 2 > wrong_here
                ):
                    best, best_score = s, score
            if best is not None:
                chosen[k] = best
        findings = []
        for s in dict.fromkeys(chosen.values()):
            filters = tuple(k for k, c in chosen.items() if c is s)
            findings.append(_finding(s, filters, given, right, tolerance, task))
        explained = {cell for f in findings for cell in f.cells}
        remaining = [
            (int(k), int(i), int(j))
            for k, i, j in np.argwhere(~right)
            if (int(k), int(i), int(j)) not in explained
        ]
        bases = {k: [chosen[k], None] if k in chosen else [None] for k in range(given.shape[0])}
    else:
        candidates = [s for s in slips if s.output.shape == given.shape]
        best, best_score = None, given.size // 2  # more than half of the cells, at least
        for s in candidates:
            score = int(close(given, s.output, tolerance).sum())
            if score > best_score:
                best, best_score = s, score
        if best is None:
            return Diagnosis()
        finding = _finding(best, tuple(range(given.shape[0])), given, None, tolerance, task)
        findings = [finding]
        remaining = [
            (int(k), int(i), int(j))
            for k, i, j in np.argwhere(~close(given, best.output, tolerance))
        ]
        bases = {k: [best] for k in range(given.shape[0])}
    cells = []
    for position in remaining[:MAX_CELL_ANALYSES]:
        cells.append(
            _explain_cell(trace, position, given[position], bases[position[0]], tolerance, notation)
        )
    return Diagnosis(tuple(findings), tuple(cells), max(len(remaining) - MAX_CELL_ANALYSES, 0))


def _distinct(slips: Iterator[Slip | None], expected: np.ndarray) -> list[Slip]:
    """Drop impossible slips, slips that change nothing, and repeats of an earlier slip."""
    kept: list[Slip] = []
    for s in slips:
        if s is None:
            continue
        out = s.output
        if out.shape == expected.shape and np.array_equal(out, expected):
            continue
        if any(
            k.output.shape == out.shape and np.array_equal(k.output, out) and k.kind == s.kind
            for k in kept
        ):
            continue
        kept.append(s)
    return kept


def _explain_cell(
    trace: Trace,
    position: Position,
    given: Number,
    bases: Sequence[Slip | None],
    tolerance: float,
    notation: Notation,
) -> CellFinding:
    """What the one wrong number matches, on top of the slip found for its filter if any."""
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
        value = cell.value
        also = "" if base is None else f" (on top of {base.describe((position[0],))[0]})"
        if base is not None and base.kind == "offset":
            also = f" (on top of every cell being {base.describe((position[0],))[0]})"
        if right_cell is not None:
            expected = right_cell.value
            head = f"{label} is {n.number(given)}, it should be {n.number(expected)}: "
        else:
            expected = value
            head = f"{label} is {n.number(given)}, that computation gives {n.number(value)}: "

        def matches(v: Number) -> bool:
            return bool(close(given, v, tolerance))

        # a sign error in one product
        hits = []
        for step in cell.channels:
            for r, row in enumerate(step.products):
                for c, p in enumerate(row):
                    if p != 0 and matches(value - 2 * p):
                        hits.append((step, r, c, p))
        if hits:
            step, r, c, p = hits[0]
            x, w = step.window[r][c], step.weights[r][c]
            where = _kernel_place(trace, step.name, r, c) + _others(len(hits) - 1, p, n)
            message = (
                f"{head}a sign error in one product{also}: {n.factor(x)}{n.times}{n.factor(w)} "
                f"taken as {signed(-p, n)} instead of {signed(p, n)} ({where})."
            )
            return CellFinding(
                position,
                given,
                expected,
                "sign",
                message,
                _product(step, r, c, x, w, p),
                len(hits) - 1,
            )
        # the bias left out in this cell
        if cell.bias != 0 and matches(value - cell.bias):
            message = f"{head}it matches leaving out the bias ({signed(cell.bias, n)}){also}."
            return CellFinding(position, given, expected, "bias_left_out", message)
        # a channel's sum left out
        if len(cell.channels) > 1:
            for step in cell.channels:
                if step.sum != 0 and matches(value - step.sum):
                    message = (
                        f"{head}it matches leaving out channel {step.name}'s sum "
                        f"({n.number(step.sum)}){also}."
                    )
                    return CellFinding(position, given, expected, "channel_left_out", message)
        # a product left out
        hits = [
            (step, r, c, p)
            for step in cell.channels
            for r, row in enumerate(step.products)
            for c, p in enumerate(row)
            if p != 0 and matches(value - p)
        ]
        if hits:
            step, r, c, p = hits[0]
            x, w = step.window[r][c], step.weights[r][c]
            where = _kernel_place(trace, step.name, r, c) + _others(len(hits) - 1, p, n)
            message = (
                f"{head}it matches leaving out one product{also}: "
                f"{n.factor(x)}{n.times}{n.factor(w)} = {n.number(p)} ({where})."
            )
            return CellFinding(
                position,
                given,
                expected,
                "product_left_out",
                message,
                _product(step, r, c, x, w, p),
                len(hits) - 1,
            )
    difference = clean(given - expected)
    should = "it should be" if right_cell is not None else "that computation gives"
    message = (
        f"{label} is {n.number(given)}, {should} {n.number(expected)} "
        f"(off by {signed(difference, n)}): an arithmetic slip; compare with its trace."
    )
    return CellFinding(position, given, expected, "arithmetic", message)


def _others(count: int, product: Number, notation: Notation) -> str:
    """``; 3 other products are also −2``: the slip cannot tell which of equal products it was."""
    if not count:
        return ""
    plural = count > 1
    return (
        f"; {count} other product{'s' if plural else ''} {'are' if plural else 'is'} "
        f"also {notation.number(product)}"
    )


def _kernel_place(trace: Trace, channel: str, r: int, c: int) -> str:
    if trace.task.one_d:
        return f"channel {channel}, kernel position {c}"
    return f"channel {channel}, kernel row {r}, col {c}"


def _product(step, r, c, x, w, p) -> dict:
    return {
        "channel": step.name,
        "row": r,
        "col": c,
        "x": clean(x),
        "w": clean(w),
        "product": clean(p),
    }

"""The backward pass of a convolution: the gradients of L = Σ G ⊙ output, traced by hand.

G is the upstream gradient ∂L/∂output (all ones by default: L is then the output's sum).

* ∂L/∂b_k = Σ G_k.
* ∂L/∂W[k, c]: the padded input channel c correlated with G_k, G's values spread by the stride
  (the correlation's dilation) and the kernel's dilation as its stride. It is traced as a
  convolution of its own (:attr:`GradTrace.weights_trace`): one filter per (channel, filter)
  pair, G_k its kernel, groups = C, so every weight's gradient is a cell with its window.
* ∂L/∂X: G zero-inserted by the stride, padded by d·(F − 1), convolved with the kernels rotated
  by 180° (the transposed convolution of G), then cropped by the padding
  (:attr:`GradTrace.input_trace`). With a padding mode other than zeros the convolution gives
  the gradient of the whole padded input, and each padded value's gradient goes back to the
  input cell it copied (:meth:`GradTrace.folds`).

Both auxiliary convolutions are :class:`~convtrace.task.Task` objects traced by the conv engine,
so their numbers are exact as the forward pass's are. Nothing here formats text.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from ..errors import InputError
from ..exact import python_number
from ..language import _, ngettext
from ..task import Filter, Task, build_task
from . import run
from .trace import Trace


@dataclass(frozen=True)
class Fold:
    """Input cell ``x[channel, row, col]`` whose value the padding copied: its gradient is the
    sum of the padded positions' gradients that hold it (``sources``: (row, col) padded)."""

    channel: int
    row: int
    col: int
    sources: tuple[tuple[int, int], ...]
    terms: tuple[Any, ...]
    value: Any


@dataclass(frozen=True, eq=False)
class GradTrace:
    """A traced backward pass: the forward trace, the upstream gradient and the gradients."""

    forward: Trace
    upstream: np.ndarray  # K × H₂ × W₂
    given: bool  # False: all ones, L is the output's sum
    weights_trace: Trace  # see the module docstring
    input_trace: Trace
    grad_bias: tuple[Any, ...]
    grad_weights: np.ndarray  # K × (C/groups) × Fh × Fw, for the weights as written
    grad_input: np.ndarray  # C × H × W
    #: True: ``input_trace`` gives ∂L/∂(padded input), folded back onto the input
    folded: bool = False
    index: int = 1  # the layer's number in its chain

    @property
    def task(self) -> Task:
        return self.forward.task

    @property
    def output(self) -> np.ndarray:
        return self.forward.output

    @property
    def shape(self) -> tuple[int, int, int]:
        return self.forward.shape

    def __len__(self) -> int:
        return len(self.grad_bias) + int(self.grad_weights.size) + int(self.grad_input.size)

    def weight_filter(self, k: int, m: int) -> int:
        """The filter of :attr:`weights_trace` that makes ∂L/∂W[k, m] (m: k's m-th channel)."""
        return _filter(self.task, k, m)

    def weight_position(self, u: int, v: int) -> tuple[int, int]:
        """Where weight (u, v) (as written) is in :attr:`weights_trace`'s output."""
        if not self.task.flip:
            return u, v
        fh, fw = self.task.kernel_size
        return fh - 1 - u, fw - 1 - v

    def folds(self) -> Iterator[Fold]:
        """The input cells the padding copied, with the padded positions holding each."""
        if not self.folded:
            return
        rows, cols = self.forward.source_rows, self.forward.source_cols
        grad = self.input_trace.output
        c_count, h, w = self.task.x.shape
        for c in range(c_count):
            for i in range(h):
                at_rows = np.flatnonzero(rows == i).tolist()
                for j in range(w):
                    at_cols = np.flatnonzero(cols == j).tolist()
                    if len(at_rows) * len(at_cols) < 2:
                        continue
                    sources = tuple((r, q) for r in at_rows for q in at_cols)
                    terms = tuple(
                        grad[c, r, q].item() if grad.dtype != object else grad[c, r, q]
                        for r, q in sources
                    )
                    yield Fold(c, i, j, sources, terms, python_number(self.grad_input[c, i, j]))


def upstream_for(task: Task, given: np.ndarray | None, place: str = "upstream") -> np.ndarray:
    """G shaped like the output (K × H₂ × W₂): ``given`` checked, or all ones."""
    shape = task.output_shape
    if given is None:
        return np.ones(shape, dtype=object if task.is_exact else np.int64)
    g = np.asarray(given)
    if g.ndim == 2 and shape[0] == 1:
        g = g[None]
    if g.ndim == 1 and shape[:2] == (1, 1):
        g = g[None, None]
    if task.one_d and g.ndim == 3 and g.shape[1] != 1 and g.shape[2] == 1 and shape[2] != 1:
        g = g[:, :, 0][:, None]
    if tuple(g.shape) != shape:
        k, h, w = shape
        expected = f"{k}×{w}" if task.one_d else f"{k}×{h}×{w}"
        rows, cols = task.axes
        formula = (
            f"{cols.name}₂ = {cols.out}"
            if task.one_d
            else (f"{rows.name}₂ = {rows.out}, {cols.name}₂ = {cols.out}")
        )
        got = "×".join(str(n) for n in g.shape) or _("one number")
        message = ngettext(
            "the upstream gradient is {got}, but the output is {expected} ({k} filter, "
            "{formula} by the size formula); give one number per output cell",
            "the upstream gradient is {got}, but the output is {expected} ({k} filters, "
            "{formula} by the size formula); give one number per output cell",
            k,
        )
        raise InputError(
            message.format(got=got, expected=expected, k=k, formula=formula),
            source=task.source,
            place=place,
        )
    if task.is_exact:
        from ..exact import fractions_of

        return fractions_of(g)
    if g.dtype == object:
        g = g.astype(np.float64)
    if (
        g.dtype.kind == "f"
        and task.is_integer
        and np.all(g == np.round(g))
        and np.all(np.abs(g) < 2**53)
    ):
        g = g.astype(np.int64)
    return g


def _common(task: Task, g: np.ndarray) -> np.ndarray:
    """G in a dtype the auxiliary tasks can share with the input and the weights."""
    if task.is_exact:
        return g.astype(object)
    if task.is_integer and g.dtype.kind in "iu":
        return g.astype(np.int64)
    return g.astype(np.float64)


def weights_task(trace: Trace, g: np.ndarray) -> Task:
    """The padded input (cut to the rows and cols a window reads) ⋆ G: one filter per channel c
    and filter k that sees c, G_k its kernel, dilated by the stride, strided by the dilation."""
    task = trace.task
    rows, cols = task.axes
    used_h = rows.stride * (rows.out - 1) + rows.span
    used_w = cols.stride * (cols.out - 1) + cols.span
    x = np.ascontiguousarray(trace.padded[:, :used_h, :used_w])
    per = len(task.filters) // task.groups
    filters = []
    for c in range(task.channels):
        group = c // (task.channels // task.groups)
        for k in range(group * per, (group + 1) * per):
            name = f"{task.filters[k].name}/{task.channel_names[c]}"
            filters.append(Filter(name, np.ascontiguousarray(g[k][None]), 0))
    return _aux_task(
        x, task.channel_names, filters, task, task.dilation, task.stride, task.channels
    )


def input_task(trace: Trace, g: np.ndarray, *, folded: bool) -> Task:
    """G zero-inserted by the stride, padded by d·(F − 1) (less the padding, unless
    ``folded``), with every kernel (as it slides) rotated by 180°: one filter per input
    channel, a kernel per filter of its group."""
    task = trace.task
    rows, cols = task.axes
    k_count, h2, w2 = g.shape
    (sh, sw) = task.stride
    z = np.zeros((k_count, (h2 - 1) * sh + 1, (w2 - 1) * sw + 1), dtype=g.dtype)
    z[:, ::sh, ::sw] = g
    top, bottom, left, right = (0, 0, 0, 0) if folded else task.padding
    pads = [
        rows.span - 1 - top,
        rows.span - 1 + rows.remainder - bottom,
        cols.span - 1 - left,
        cols.span - 1 + cols.remainder - right,
    ]
    __, hz, wz = z.shape
    z = z[:, max(0, -pads[0]) : hz - max(0, -pads[1]), max(0, -pads[2]) : wz - max(0, -pads[3])]
    pads = [max(0, p) for p in pads]
    per_c = task.channels // task.groups
    per_k = k_count // task.groups
    rotated = trace.kernels[:, :, ::-1, ::-1]
    filters = []
    for c in range(task.channels):
        group, m = divmod(c, per_c)
        ks = range(group * per_k, (group + 1) * per_k)
        weights = np.ascontiguousarray(np.stack([rotated[k, m] for k in ks]))
        filters.append(Filter(task.channel_names[c], weights, 0))
    names = tuple(f.name for f in task.filters)
    return _aux_task(z, names, filters, task, (1, 1), task.dilation, task.groups, pads)


def _aux_task(x, names, filters, task: Task, stride, dilation, groups, pads=(0, 0, 0, 0)) -> Task:
    one_d = task.one_d
    return build_task(
        np.ascontiguousarray(x),
        names,
        filters,
        stride=stride[1] if one_d else list(stride),
        dilation=dilation[1] if one_d else list(dilation),
        padding=list(pads[2:]) if one_d else list(pads),
        groups=groups,
        one_d=one_d,
    )


def run_grad(trace: Trace, upstream: np.ndarray | None = None, *, index: int = 1) -> GradTrace:
    """The backward pass of the traced convolution ``trace`` for the upstream gradient
    ``upstream`` (K × H₂ × W₂, or None: all ones)."""
    task = trace.task
    g = _common(task, upstream_for(task, upstream))
    bias = tuple(python_number(v) for v in (g.sum(axis=(1, 2)) if g.dtype != object else _sums(g)))
    w_trace = run(weights_task(trace, g))
    fh, fw = task.kernel_size
    grad_w = np.stack(
        [
            np.stack(
                [
                    w_trace.output[_filter(task, k, m)][:fh, :fw]
                    for m in range(len(task.channels_of(k)))
                ]
            )
            for k in range(len(task.filters))
        ]
    )
    if task.flip:
        grad_w = np.ascontiguousarray(grad_w[:, :, ::-1, ::-1])
    folded = task.padding_mode != "zeros" and any(task.padding)
    x_trace = run(input_task(trace, g, folded=folded))
    grad_x = x_trace.output
    if folded:
        c, h, w = task.x.shape
        grad_x = np.zeros((c, h, w), dtype=x_trace.output.dtype)
        if grad_x.dtype == object:
            grad_x[...] = 0
        rows, cols = trace.source_rows, trace.source_cols
        for r, i in enumerate(rows.tolist()):
            for q, j in enumerate(cols.tolist()):
                grad_x[:, i, j] = grad_x[:, i, j] + x_trace.output[:, r, q]
    return GradTrace(
        trace, g, upstream is not None, w_trace, x_trace, bias, grad_w, grad_x, folded, index
    )


def _filter(task: Task, k: int, m: int) -> int:
    """The auxiliary filter of :func:`weights_task` for filter k's m-th channel."""
    per = len(task.filters) // task.groups
    return task.channels_of(k)[m] * per + k % per


def _sums(g: np.ndarray) -> list:
    return [sum(g[k].ravel().tolist(), Fraction(0)) for k in range(g.shape[0])]

"""Transposed convolution (PyTorch's ``conv_transpose2d``/``1d``), traced two ways.

*Direct*: the same numbers as an ordinary convolution (a real :class:`~convtrace.task.Task`,
traced by the conv engine) over the input with s − 1 zeros inserted between its values, padded
by d·(F − 1) − P on each side (and output_padding more at the bottom and right), with every
kernel rotated 180°. *Scatter*: each input value times its kernels, added into the output at
its place (rows i·s − P …), the running output kept after each step. Both are computed here;
the direct trace gives the output.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from ..layers import Transpose, TransposeAxis
from ..task import Filter, Task, build_task
from .arithmetic import decimal_places
from .trace import Trace


@dataclass(frozen=True, eq=False)
class ScatterStep:
    """Input value ``x[channel, row, col]`` times filter ``filter``'s kernel for that channel,
    added at output rows ``top…`` and columns ``left…`` (every d-th; before cropping the padding,
    ``top``/``left`` may be negative: those rows fall in the cropped padding)."""

    number: int  # 0-based, in reading order
    channel: int
    row: int
    col: int
    filter: int
    value: object
    kernel: np.ndarray  # Fh × Fw, as written
    added: np.ndarray  # value · kernel
    top: int
    left: int
    running: np.ndarray  # the output of this filter after the step (cropped, K's map)


def zero_inserted(x: np.ndarray, stride: tuple[int, int]) -> np.ndarray:
    """``x`` with s − 1 zeros between neighbouring values along each axis."""
    c, h, w = x.shape
    sh, sw = stride
    out = np.zeros((c, (h - 1) * sh + 1, (w - 1) * sw + 1), dtype=x.dtype)
    out[:, ::sh, ::sw] = x
    return out


def direct_task(layer: Transpose, x: np.ndarray, names: tuple[str, ...]) -> Task:
    """The convolution that gives the same output (see the module docstring). Where the padding
    P is more than d·(F − 1), the zero-inserted input is cropped by the rest instead."""
    z = zero_inserted(x, layer.stride)
    (before_h, after_h), (before_w, after_w) = (a.direct_padding for a in layer.axes(x.shape))
    _, hz, wz = z.shape
    z = z[:, max(0, -before_h) : hz - max(0, -after_h), max(0, -before_w) : wz - max(0, -after_w)]
    filters = tuple(
        Filter(f.name, np.ascontiguousarray(f.weights[:, ::-1, ::-1]), f.bias, f.kernel_names)
        for f in layer.filters
    )
    pads = [max(0, before_h), max(0, after_h), max(0, before_w), max(0, after_w)]
    return build_task(
        np.ascontiguousarray(z),
        names,
        filters,
        stride=1,
        padding=pads[2:] if layer.one_d else pads,
        dilation=layer.dilation[1] if layer.one_d else list(layer.dilation),
        groups=layer.groups,
        one_d=layer.one_d,
    )


def _scaled(values: np.ndarray) -> tuple[np.ndarray, float]:
    """Decimals as whole numbers and their scale (1 for whole numbers and fractions)."""
    if values.dtype == object or values.dtype.kind in "iu":
        return values, 1.0
    places = decimal_places(values)
    if places is None:
        return values, 1.0
    return np.round(values * 10.0**places), 10.0**places


@dataclass(frozen=True, eq=False)
class TransposeTrace:
    """A traced transposed convolution: the direct view's conv :class:`Trace`, and the scatter
    steps on demand (:meth:`steps`)."""

    layer: Transpose
    x: np.ndarray
    channel_names: tuple[str, ...]
    direct: Trace
    index: int = 1

    @property
    def output(self) -> np.ndarray:
        return self.direct.output

    @property
    def shape(self) -> tuple[int, int, int]:
        return self.direct.shape

    def __len__(self) -> int:
        return int(self.x.size) * (len(self.layer.filters) // self.layer.groups)

    @property
    def axes(self) -> tuple[TransposeAxis, TransposeAxis]:
        return self.layer.axes(self.x.shape)

    @cached_property
    def _biased(self) -> np.ndarray:
        """K × full rows × full cols, each filter's map before any step: its bias."""
        rows, cols = self.axes
        extra_h = max(0, rows.output_padding - rows.padding)
        extra_w = max(0, cols.output_padding - cols.padding)
        k = len(self.layer.filters)
        dtype = self.output.dtype
        full = np.zeros((k, rows.full + extra_h, cols.full + extra_w), dtype=dtype)
        biases = np.array([f.bias for f in self.layer.filters], dtype=dtype)
        return full + biases[:, None, None]

    def _crop(self, full: np.ndarray) -> np.ndarray:
        rows, cols = self.axes
        return full[
            ..., rows.padding : rows.padding + rows.out, cols.padding : cols.padding + cols.out
        ]

    def steps(self, channels=None, rows=None, cols=None) -> Iterator[list[ScatterStep]]:
        """The scatter steps, a row of input cells at a time: for each input channel c, row i
        and column j, each filter of c's group, in that order; every step's running output is
        its filter's map after it (all earlier steps added)."""
        layer = self.layer
        c_count, h, w = self.x.shape
        per_group = c_count // layer.groups
        per_filters = len(layer.filters) // layer.groups
        (sh, sw), (dh, dw) = layer.stride, layer.dilation
        rows_axis, cols_axis = self.axes
        x_n, x_scale = _scaled(self.x)
        w_n, w_scale = _scaled(layer.weights)
        scale = x_scale * w_scale
        full = np.round(self._biased * scale) if scale != 1 else self._biased.copy()
        number = 0
        wanted = (set(channels) if channels is not None else None, rows, cols)
        for c in range(c_count):
            group = c // per_group
            filters = range(group * per_filters, (group + 1) * per_filters)
            for i in range(h):
                row: list[ScatterStep] = []
                for j in range(w):
                    for k in filters:
                        kernel = layer.weights[k, c - group * per_group]
                        kernel_n = w_n[k, c - group * per_group]
                        top, left = i * sh, j * sw
                        span = full[k, top : top + dh * (kernel.shape[0] - 1) + 1 : dh]
                        span[:, left : left + dw * (kernel.shape[1] - 1) + 1 : dw] += (
                            x_n[c, i, j] * kernel_n
                        )
                        if _wanted(wanted, c, i, j):
                            running = self._crop(full[k] / scale if scale != 1 else full[k].copy())
                            row.append(
                                ScatterStep(
                                    number,
                                    c,
                                    i,
                                    j,
                                    k,
                                    self.x[c, i, j].item()
                                    if self.x.dtype != object
                                    else self.x[c, i, j],
                                    kernel,
                                    self.x[c, i, j] * kernel,
                                    top - rows_axis.padding,
                                    left - cols_axis.padding,
                                    running,
                                )
                            )
                        number += 1
                if row:
                    yield row


def _wanted(wanted, c: int, i: int, j: int) -> bool:
    channels, rows, cols = wanted
    return (
        (channels is None or c in channels)
        and (rows is None or i in rows)
        and (cols is None or j in cols)
    )

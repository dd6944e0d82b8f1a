"""Max and average pooling, PyTorch's semantics, with numpy: a :class:`PoolTrace`.

The padded input holds what the pooling pads with: −∞ for a maximum (the padding never wins),
zeros for an average. In ceil mode the last windows may reach past the padded input; those
positions are added at the bottom and right, filled the same way, and an average never counts
them. The output is made at once; the cells' windows a row at a time (:meth:`PoolTrace.rows`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from numpy.lib.stride_tricks import as_strided

from ..layers import Pool, PoolAxis
from .arithmetic import decimal_places


@dataclass(frozen=True, eq=False)
class PoolRow:
    """The cells of channel ``channel`` in output row ``row`` (at columns ``cols``), as arrays:
    ``windows`` n × Fh × Fw, ``values`` n, and for a maximum ``at`` (where in the window the
    first maximum is, a flat index), for an average ``sums`` and ``divisors``."""

    channel: int
    name: str
    row: int
    cols: tuple[int, ...]
    top: int  # where the windows start in the padded input
    lefts: tuple[int, ...]
    windows: np.ndarray
    values: np.ndarray
    at: np.ndarray | None = None
    sums: np.ndarray | None = None
    divisors: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.cols)


@dataclass(frozen=True, eq=False)
class PoolTrace:
    """A traced pooling layer: its input, padded input, output, and every cell on demand."""

    layer: Pool
    x: np.ndarray  # C × H × W
    channel_names: tuple[str, ...]
    padded: np.ndarray  # C × Hp × Wp (padding, and ceil mode's positions past it)
    output: np.ndarray  # C × H₂ × W₂
    axes: tuple[PoolAxis, PoolAxis]
    divisors: np.ndarray | None  # H₂ × W₂ for an average
    index: int = 1  # the layer's number in its chain

    @property
    def shape(self) -> tuple[int, int, int]:
        return tuple(int(n) for n in self.output.shape)  # type: ignore[return-value]

    def __len__(self) -> int:
        return int(self.output.size)

    @property
    def inside(self) -> tuple[int, int, int, int]:
        """Rows and columns of padding around the input: top, bottom, left, right."""
        rows, cols = self.axes
        return (
            rows.padding,
            rows.padding + rows.extra,
            cols.padding,
            cols.padding + cols.extra,
        )

    @property
    def windows(self) -> np.ndarray:
        """C × H₂ × W₂ × Fh × Fw read-only view of every window (stride, dilation)."""
        rows, cols = self.axes
        c, r, q = self.padded.strides
        shape = (self.padded.shape[0], rows.out, cols.out, rows.kernel, cols.kernel)
        strides = (c, r * rows.stride, q * cols.stride, r * rows.dilation, q * cols.dilation)
        return as_strided(self.padded, shape, strides, writeable=False)

    def rows(
        self,
        channels: Iterable[int] | None = None,
        rows: Iterable[int] | None = None,
        cols: Iterable[int] | None = None,
    ) -> Iterator[PoolRow]:
        """The cells of one output row at a time (channel, then row), as numpy arrays."""
        count, h_out, w_out = self.shape
        col_list = tuple(range(w_out) if cols is None else (int(j) for j in cols))
        index = np.asarray(col_list, dtype=np.intp)
        row_axis, col_axis = self.axes
        lefts = tuple(j * col_axis.stride for j in col_list)
        every = self.windows
        maximum = self.layer.kind == "maxpool"
        for c in range(count) if channels is None else channels:
            for i in range(h_out) if rows is None else rows:
                win = every[c, i, index]
                flat = win.reshape(len(col_list), -1)
                yield PoolRow(
                    channel=c,
                    name=self.channel_names[c],
                    row=i,
                    cols=col_list,
                    top=i * row_axis.stride,
                    lefts=lefts,
                    windows=win,
                    values=self.output[c, i, index],
                    at=np.argmax(flat, axis=1) if maximum and len(col_list) else None,
                    sums=None if maximum else _sums(flat, self.x),
                    divisors=None if maximum else self.divisors[i, index],
                )


def _sums(flat: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Each window's sum, exact (whole numbers, fractions, or decimals scaled to whole)."""
    if flat.dtype == object or flat.dtype.kind in "iu":
        return flat.sum(axis=1)
    places = decimal_places(x)
    if places is None:
        return flat.sum(axis=1)
    scale = 10.0**places
    return np.round(flat * scale).sum(axis=1) / scale


def _pad(x: np.ndarray, axes: tuple[PoolAxis, PoolAxis], fill) -> np.ndarray:
    rows, cols = axes
    c, h, w = x.shape
    exact = x.dtype == object
    dtype = object if exact else (np.float64 if isinstance(fill, float) else x.dtype)
    padded = np.full((c, rows.padded, cols.padded), fill, dtype=dtype)
    padded[:, rows.padding : rows.padding + h, cols.padding : cols.padding + w] = x
    return padded


def _average(sums: np.ndarray, divisors: np.ndarray, x: np.ndarray) -> np.ndarray:
    """sum/divisor, exactly: a fraction with ``--exact``, else the float nearest to it."""
    if x.dtype == object:
        out = np.empty(sums.shape, dtype=object)
        flat = out.reshape(-1)
        pairs = zip(
            sums.reshape(-1).tolist(),
            np.broadcast_to(divisors, sums.shape).reshape(-1),
            strict=True,
        )
        flat[:] = [Fraction(s) / int(d) for s, d in pairs]
        return out
    places = None if x.dtype.kind in "iu" else decimal_places(x)
    if places is None:
        return sums / divisors
    scale = 10.0**places  # the sums are scaled whole numbers: one division, correctly rounded
    return np.round(sums * scale) / (divisors * scale)


def run_pool(layer: Pool, x: np.ndarray, names: tuple[str, ...], index: int = 1) -> PoolTrace:
    """Pool ``x`` (C × H × W) as ``layer`` says."""
    axes = layer.axes(tuple(int(n) for n in x.shape))  # type: ignore[arg-type]
    rows, cols = axes
    maximum = layer.kind == "maxpool"
    needs_fill = rows.padding or cols.padding or rows.extra or cols.extra
    fill = float("-inf") if maximum and needs_fill else 0
    padded = _pad(x, axes, fill)
    trace = PoolTrace(layer, x, names, padded, np.empty(0), axes, None, index)
    win = trace.windows
    c_count = x.shape[0]
    if maximum:
        output = win.reshape(c_count, rows.out, cols.out, -1).max(axis=3)
        if output.dtype != x.dtype and x.dtype != object:
            output = output.astype(x.dtype)
        return PoolTrace(layer, x, names, padded, output, axes, None, index)
    include = layer.count_include_pad
    divisors = np.outer(rows.counted(include), cols.counted(include))
    flat = win.reshape(c_count * rows.out * cols.out, -1)
    sums = _sums(flat, x).reshape(c_count, rows.out, cols.out)
    output = _average(sums, divisors, x)
    return PoolTrace(layer, x, names, padded, output, axes, divisors, index)

"""The trace model: a traced convolution and its cells, plain data with numpy inside.

A :class:`Trace` holds the padded input, the kernels as they slide and the output volume; its
per-channel sums are made on first use, and its :class:`Cell` objects a row at a time
(:meth:`Trace.rows` hands out :class:`CellRow` arrays), so a large trace never sits in memory
as Python objects. Nothing here formats text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from ..errors import InputError
from ..language import _
from ..numbers import Number
from ..task import Axis, Task
from .arithmetic import (
    FLOAT_EXACT,
    Arithmetic,
    channel_sums,
    sum_bound,
    window_products,
    window_sums,
    windows,
)

Matrix = tuple[tuple[Number, ...], ...]


@dataclass(frozen=True)
class ChannelStep:
    """One input channel's part of an output cell: window ⊙ weights, summed."""

    index: int  # the input channel
    name: str
    window: Matrix
    weights: Matrix
    products: Matrix
    sum: Number


@dataclass(frozen=True)
class Cell:
    """Output cell ``(filter, row, col)``: its channels' sums plus the bias give ``value``."""

    filter: int
    filter_name: str
    row: int
    col: int
    top: int  # where the window starts in the padded input
    left: int
    channels: tuple[ChannelStep, ...]
    bias: Number
    value: Number
    one_d: bool = False  # a 1-D signal's cell: ``row`` is always 0, ``col`` is the position

    @property
    def sums(self) -> tuple[Number, ...]:
        return tuple(step.sum for step in self.channels)


@dataclass(frozen=True, eq=False)
class CellRow:
    """The cells of filter ``filter`` in output row ``row`` (at columns ``cols``), as arrays.

    ``windows`` and ``products`` are Cg × n × Fh × Fw (n = ``len(cols)``), ``sums`` Cg × n,
    ``values`` n: exactly the numbers the :class:`Cell` objects of that row carry.
    """

    filter: int
    filter_name: str
    row: int
    cols: tuple[int, ...]
    top: int  # where the windows start in the padded input
    lefts: tuple[int, ...]
    channels: range  # the input channels the filter sees
    names: tuple[str, ...]
    windows: np.ndarray
    weights: np.ndarray  # Cg × Fh × Fw, as they slide
    products: np.ndarray
    sums: np.ndarray
    bias: Number
    values: np.ndarray

    def __len__(self) -> int:
        return len(self.cols)


@dataclass(frozen=True, eq=False)
class Trace:
    """A traced convolution: the task, the padded input, the output, and every cell on demand."""

    task: Task
    padded: np.ndarray  # C × Hp × Wp
    source_rows: np.ndarray  # input row each padded row copies; −1 where it is a zero
    source_cols: np.ndarray
    kernels: np.ndarray  # K × (C/groups) × Fh × Fw, as they slide (rotated 180° when flipped)
    output: np.ndarray  # K × H₂ × W₂
    arithmetic: Arithmetic = field(default_factory=Arithmetic, repr=False)

    @cached_property
    def channel_sums(self) -> np.ndarray:
        """K × (C/groups) × H₂ × W₂: each filter's window·kernel sum for each channel it sees.

        Made on first use: the output does not need them, the cells make theirs a row at a
        time, and they are C/groups times the output's size.
        """
        numbers = self.arithmetic
        if numbers.sums is not None:
            return numbers.sums
        task = self.task
        if numbers.padded is None:  # whole numbers, exact in float64 (see sum_bound)
            work = np.float64 if sum_bound(task) < FLOAT_EXACT else np.int64
            win = windows(self.padded.astype(work, copy=False), task)
            return channel_sums(win, self.kernels, task.groups, dtype=np.int64)
        return channel_sums(
            self._scaled_windows,
            numbers.kernels,
            task.groups,
            dtype=np.float64,
            denominator=numbers.denominator,
        )

    def _sums(self, k: int, where: tuple, products: np.ndarray) -> np.ndarray:
        """Filter ``k``'s channel sums at ``where`` (an index into C/groups × H₂ × W₂), whose
        ``products`` the cells show."""
        numbers = self.arithmetic
        if numbers.sums is not None:
            return numbers.sums[k][where]
        if numbers.padded is None:  # whole numbers: their products are exact, so is the sum
            return window_sums(products)
        channels = self.task.channels_of(k)
        sl = slice(channels.start, channels.stop)
        scaled = window_products(self._scaled_windows[sl][where], numbers.kernels[k])
        return window_sums(scaled) / numbers.denominator

    @property
    def axes(self) -> tuple[Axis, Axis]:
        return self.task.axes

    @property
    def shape(self) -> tuple[int, int, int]:
        return tuple(int(n) for n in self.output.shape)  # type: ignore[return-value]

    def __len__(self) -> int:
        return int(self.output.size)

    @cached_property
    def _windows(self) -> np.ndarray:
        """C × H₂ × W₂ × Fh × Fw read-only view of every window (dilation applied)."""
        return windows(self.padded, self.task)

    @cached_property
    def _scaled_windows(self) -> np.ndarray:
        """The same windows of the scaled decimals (see :class:`Arithmetic`)."""
        return windows(self.arithmetic.padded, self.task)

    def is_padding(self, row: int, col: int) -> bool:
        """True where the padded input holds a padded value rather than an input value."""
        top, bottom, left, right = self.task.padding
        rows, cols = self.padded.shape[1:]
        return not (top <= row < rows - bottom and left <= col < cols - right)

    def source_of(self, row: int, col: int) -> tuple[int, int] | None:
        """The input position a padded position copies (``None`` for zero padding)."""
        r, c = int(self.source_rows[row]), int(self.source_cols[col])
        return None if r < 0 or c < 0 else (r, c)

    def cell(self, k: int, i: int, j: int) -> Cell:
        """The cell of filter ``k`` at output row ``i``, column ``j`` (zero-based)."""
        for said, value, limit in (
            (_("filter {value} is outside the output (0 to {last})"), k, self.shape[0]),
            (_("row {value} is outside the output (0 to {last})"), i, self.shape[1]),
            (_("col {value} is outside the output (0 to {last})"), j, self.shape[2]),
        ):
            if not 0 <= value < limit:
                raise InputError(said.format(value=value, last=limit - 1), place="cell")
        return next(self.cells(filters=[k], rows=[i], cols=[j]))

    def rows(
        self,
        filters: Iterable[int] | None = None,
        rows: Iterable[int] | None = None,
        cols: Iterable[int] | None = None,
    ) -> Iterator[CellRow]:
        """The cells of one output row at a time, as numpy arrays (see :class:`CellRow`).

        :meth:`cells` is built on this; writers of big documents read the arrays directly, so
        a large trace is never held as Python objects and its products never all exist at once.
        """
        k_count, h_out, w_out = self.shape
        col_list = tuple(range(w_out) if cols is None else (int(j) for j in cols))
        col_index = np.asarray(col_list, dtype=np.intp)
        every_col = cols is None
        task = self.task
        sh, sw = task.stride
        lefts = tuple(j * sw for j in col_list)
        for k in range(k_count) if filters is None else filters:
            filt = task.filters[k]
            channel_range = task.channels_of(k)
            names = tuple(task.channel_names[c] for c in channel_range)
            kernels = self.kernels[k]
            bias = (
                int(filt.bias)
                if task.is_integer
                else filt.bias
                if task.is_exact
                else float(filt.bias)
            )
            sl = slice(channel_range.start, channel_range.stop)
            for i in range(h_out) if rows is None else rows:
                where = (slice(None), i) if every_col else (slice(None), i, col_index)
                win = self._windows[sl][where]
                products = window_products(win, kernels)
                yield CellRow(
                    filter=k,
                    filter_name=filt.name,
                    row=i,
                    cols=col_list,
                    top=i * sh,
                    lefts=lefts,
                    channels=channel_range,
                    names=names,
                    windows=win,
                    weights=kernels,
                    products=products,
                    sums=self._sums(k, where, products),
                    bias=bias,
                    values=self.output[k, i, col_index],
                )

    def cells(
        self,
        filters: Iterable[int] | None = None,
        rows: Iterable[int] | None = None,
        cols: Iterable[int] | None = None,
    ) -> Iterator[Cell]:
        """Cells in reading order (filter, then row, then column), made a row at a time."""
        weights_of: dict[int, tuple[Matrix, ...]] = {}
        for block in self.rows(filters, rows, cols):
            k = block.filter
            if k not in weights_of:
                weights_of = {k: tuple(_matrix(m) for m in block.weights.tolist())}
            weights = weights_of[k]
            names, channel_range = block.names, block.channels
            win_list = block.windows.tolist()
            products = block.products.tolist()
            sums = block.sums.tolist()
            values = block.values.tolist()
            row, top, bias, name = block.row, block.top, block.bias, block.filter_name
            one_d = self.task.one_d
            for n, (j, left) in enumerate(zip(block.cols, block.lefts, strict=True)):
                steps = tuple(
                    ChannelStep(
                        index=channel_range[c],
                        name=names[c],
                        window=_matrix(win_list[c][n]),
                        weights=weights[c],
                        products=_matrix(products[c][n]),
                        sum=sums[c][n],
                    )
                    for c in range(len(names))
                )
                yield Cell(
                    filter=k,
                    filter_name=name,
                    row=row,
                    col=j,
                    top=top,
                    left=left,
                    channels=steps,
                    bias=bias,
                    value=values[n],
                    one_d=one_d,
                )

    def __iter__(self) -> Iterator[Cell]:
        return self.cells()


def _matrix(rows: list) -> Matrix:
    return tuple(map(tuple, rows))

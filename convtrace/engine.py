"""The arithmetic: padding, windows, products and sums, all with numpy.

:func:`run` computes every channel sum of every output cell at once (vectorised); the
:class:`Trace` then hands out :class:`Cell` objects on demand, a row of cells at a time, so a
large trace never sits in memory as Python objects. Nothing here formats text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from .errors import InputError
from .numbers import Number
from .task import Axis, Task

Matrix = tuple[tuple[Number, ...], ...]

_NUMPY_PAD_MODE = {"reflect": "reflect", "replicate": "edge", "circular": "wrap"}


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
class Trace:
    """A traced convolution: the task, the padded input, the output, and every cell on demand."""

    task: Task
    padded: np.ndarray  # C × Hp × Wp
    source_rows: np.ndarray  # input row each padded row copies; −1 where it is a zero
    source_cols: np.ndarray
    kernels: np.ndarray  # K × (C/groups) × Fh × Fw, as they slide (rotated 180° when flipped)
    channel_sums: np.ndarray  # K × (C/groups) × H₂ × W₂
    output: np.ndarray  # K × H₂ × W₂

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
        for axis_name, value, limit in (
            ("filter", k, self.shape[0]),
            ("row", i, self.shape[1]),
            ("col", j, self.shape[2]),
        ):
            if not 0 <= value < limit:
                raise InputError(
                    f"{axis_name} {value} is outside the output (0 to {limit - 1})", place="cell"
                )
        return next(self.cells(filters=[k], rows=[i], cols=[j]))

    def cells(
        self,
        filters: Iterable[int] | None = None,
        rows: Iterable[int] | None = None,
        cols: Iterable[int] | None = None,
    ) -> Iterator[Cell]:
        """Cells in reading order (filter, then row, then column), made a row at a time."""
        k_count, h_out, w_out = self.shape
        col_list = list(range(w_out) if cols is None else cols)
        col_index = np.asarray(col_list, dtype=np.intp)
        task, integer = self.task, self.task.is_integer
        for k in range(k_count) if filters is None else filters:
            filt = task.filters[k]
            channel_range = task.channels_of(k)
            names = [task.channel_names[c] for c in channel_range]
            kernels = self.kernels[k]
            weights = [_matrix(kernels[c].tolist()) for c in range(len(channel_range))]
            sl = slice(channel_range.start, channel_range.stop)
            for i in range(h_out) if rows is None else rows:
                win = self._windows[sl, i][:, col_index]  # Cg × n × Fh × Fw
                products = (win * kernels[:, None]).tolist()
                win_list = win.tolist()
                sums = self.channel_sums[k, :, i][:, col_index].tolist()
                values = self.output[k, i, col_index].tolist()
                for n, j in enumerate(col_list):
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
                        filter_name=filt.name,
                        row=i,
                        col=j,
                        top=i * task.stride[0],
                        left=j * task.stride[1],
                        channels=steps,
                        bias=int(filt.bias) if integer else float(filt.bias),
                        value=values[n],
                        one_d=task.one_d,
                    )

    def __iter__(self) -> Iterator[Cell]:
        return self.cells()

    def _repr_markdown_(self) -> str:
        """Jupyter shows a trace as its worked solution: Markdown tables and LaTeX math.

        The import is lazy (and the only mention of rendering here) so that the engine stays
        free of the renderers; the Markdown itself is made in ``render/markdown.py``.
        """
        from .render.markdown import notebook_markdown

        return notebook_markdown(self)


def _matrix(rows: list) -> Matrix:
    return tuple(tuple(row) for row in rows)


def source_indices(size: int, before: int, after: int, mode: str) -> np.ndarray:
    """For each padded position along one axis, the input position it copies (−1: a zero)."""
    index = np.arange(size)
    if mode == "zeros":
        return np.pad(index, (before, after), mode="constant", constant_values=-1)
    return np.pad(index, (before, after), mode=_NUMPY_PAD_MODE[mode])


def pad(task: Task) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The padded input and, per axis, where each padded value comes from."""
    top, bottom, left, right = task.padding
    _, h, w = task.x.shape
    rows = source_indices(h, top, bottom, task.padding_mode)
    cols = source_indices(w, left, right, task.padding_mode)
    padded = task.x[:, np.clip(rows, 0, None)][:, :, np.clip(cols, 0, None)]
    if task.padding_mode == "zeros":
        padded[:, rows < 0, :] = 0
        padded[:, :, cols < 0] = 0
    return padded, rows, cols


def windows(padded: np.ndarray, task: Task) -> np.ndarray:
    """C × H₂ × W₂ × Fh × Fw view: for each output position, the input values its kernel meets."""
    rows, cols = task.axes
    view = sliding_window_view(padded, (rows.span, cols.span), axis=(1, 2))
    view = view[:, :: rows.stride, :: cols.stride, :: rows.dilation, :: cols.dilation]
    return view[:, : rows.out, : cols.out]


def channel_sums(win: np.ndarray, kernels: np.ndarray, groups: int) -> np.ndarray:
    """K × (C/groups) × H₂ × W₂: each filter's window·kernel sum for each channel it sees."""
    per_group = win.shape[0] // groups
    filters_per_group = kernels.shape[0] // groups
    parts = []
    for g in range(groups):
        win_g = win[g * per_group : (g + 1) * per_group]
        ker_g = kernels[g * filters_per_group : (g + 1) * filters_per_group]
        parts.append(np.einsum("chwij,kcij->kchw", win_g, ker_g))
    return np.concatenate(parts, axis=0)


def run(task: Task, *, strict: bool = False) -> Trace:
    """Trace ``task``. With ``strict``, a stride that leaves input rows or columns unread is an
    error instead of being floored away as PyTorch does."""
    if strict:
        for axis in task.axes:
            if axis.remainder:
                what = {"H": "rows", "W": "columns", "L": "samples"}[axis.name]
                raise InputError(
                    f"{axis.numerator} is not a multiple of the stride {axis.stride}, so "
                    f"{axis.remainder} padded {what} at the end are never read "
                    "(--strict); change the padding or the stride",
                    source=task.source,
                    place="stride",
                )
    padded, rows, cols = pad(task)
    kernels = task.weights
    if task.flip:
        kernels = kernels[:, :, ::-1, ::-1]
    kernels = np.ascontiguousarray(kernels)
    sums = channel_sums(windows(padded, task), kernels, task.groups)
    output = sums.sum(axis=1) + task.biases[:, None, None]
    return Trace(
        task=task,
        padded=padded,
        source_rows=rows,
        source_cols=cols,
        kernels=kernels,
        channel_sums=sums,
        output=output,
    )

"""The engine: a :class:`~convtrace.task.Task` in, a :class:`Trace` out.

:func:`run` pads the input and computes the output volume (:mod:`.arithmetic`); the
:class:`Trace` (:mod:`.trace`) hands out the cells' windows, products and sums on demand.
"""

from __future__ import annotations

import numpy as np

from ..errors import InputError
from ..task import Task
from .arithmetic import (
    CHUNK_VALUES,
    DECIMAL_PLACES,
    FLOAT_EXACT,
    GEMM_ONE_THREAD,
    Arithmetic,
    add_channels,
    channel_sums,
    correlate,
    decimal_places,
    decimal_scaled,
    output_volume,
    overflow_error,
    pad,
    source_indices,
    sum_bound,
    window_products,
    window_sums,
    windows,
)
from .trace import Cell, CellRow, ChannelStep, Matrix, Trace

__all__ = [
    "CHUNK_VALUES",
    "DECIMAL_PLACES",
    "FLOAT_EXACT",
    "GEMM_ONE_THREAD",
    "Arithmetic",
    "Cell",
    "CellRow",
    "ChannelStep",
    "Matrix",
    "Trace",
    "add_channels",
    "channel_sums",
    "correlate",
    "decimal_places",
    "decimal_scaled",
    "pad",
    "run",
    "source_indices",
    "sum_bound",
    "window_products",
    "window_sums",
    "windows",
]


def _check_stride(task: Task) -> None:
    """``--strict``: a stride that leaves input rows or columns unread is an error."""
    for axis in task.axes:
        if axis.remainder:
            what = {"H": "row", "W": "column", "L": "sample"}[axis.name]
            count = axis.remainder
            last = f"the last {what}" if count == 1 else f"the last {count} {what}s"
            padded = " of the padded input" if axis.pad_before or axis.pad_after else ""
            verb = "is" if count == 1 else "are"
            raise InputError(
                f"{axis.numerator} is not a multiple of the stride {axis.stride}, so "
                f"{last}{padded} {verb} never read (--strict); "
                "change the padding or the stride",
                source=task.source,
                place="stride",
            )


def run(task: Task, *, strict: bool = False) -> Trace:
    """Trace ``task``. With ``strict``, a stride that leaves input rows or columns unread is an
    error instead of being floored away as PyTorch does."""
    if strict:
        _check_stride(task)
    padded, rows, cols = pad(task)
    kernels = task.weights
    if task.flip:
        kernels = kernels[:, :, ::-1, ::-1]
    kernels = np.ascontiguousarray(kernels)
    output, numbers = output_volume(task, padded, kernels)
    if not task.is_integer and not task.is_exact and not np.isfinite(output).all():
        raise overflow_error(task)
    return Trace(
        task=task,
        padded=padded,
        source_rows=rows,
        source_cols=cols,
        kernels=kernels,
        output=output,
        arithmetic=numbers,
    )

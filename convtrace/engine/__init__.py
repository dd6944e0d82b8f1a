"""The engine: a :class:`~convtrace.task.Task` in, a :class:`Trace` out.

:func:`run` pads the input and computes the output volume (:mod:`.arithmetic`); the
:class:`Trace` (:mod:`.trace`) hands out the cells' windows, products and sums on demand.
"""

from __future__ import annotations

import numpy as np

from ..errors import InputError
from ..language import ngettext
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


def _unread(name: str, padded: bool, count: int) -> str:
    """``--strict``'s refusal for one axis, in the chosen language."""
    if name == "H" and not padded:
        return ngettext(
            "{numerator} is not a multiple of the stride {stride}, so the last row is never "
            "read (--strict); change the padding or the stride",
            "{numerator} is not a multiple of the stride {stride}, so the last {count} rows are "
            "never read (--strict); change the padding or the stride",
            count,
        )
    if name == "H":
        return ngettext(
            "{numerator} is not a multiple of the stride {stride}, so the last row of the padded "
            "input is never read (--strict); change the padding or the stride",
            "{numerator} is not a multiple of the stride {stride}, so the last {count} rows of "
            "the padded input are never read (--strict); change the padding or the stride",
            count,
        )
    if name == "W" and not padded:
        return ngettext(
            "{numerator} is not a multiple of the stride {stride}, so the last column is never "
            "read (--strict); change the padding or the stride",
            "{numerator} is not a multiple of the stride {stride}, so the last {count} columns "
            "are never read (--strict); change the padding or the stride",
            count,
        )
    if name == "W":
        return ngettext(
            "{numerator} is not a multiple of the stride {stride}, so the last column of the "
            "padded input is never read (--strict); change the padding or the stride",
            "{numerator} is not a multiple of the stride {stride}, so the last {count} columns "
            "of the padded input are never read (--strict); change the padding or the stride",
            count,
        )
    if not padded:
        return ngettext(
            "{numerator} is not a multiple of the stride {stride}, so the last sample is never "
            "read (--strict); change the padding or the stride",
            "{numerator} is not a multiple of the stride {stride}, so the last {count} samples "
            "are never read (--strict); change the padding or the stride",
            count,
        )
    return ngettext(
        "{numerator} is not a multiple of the stride {stride}, so the last sample of the padded "
        "input is never read (--strict); change the padding or the stride",
        "{numerator} is not a multiple of the stride {stride}, so the last {count} samples of "
        "the padded input are never read (--strict); change the padding or the stride",
        count,
    )


def _check_stride(task: Task) -> None:
    """``--strict``: a stride that leaves input rows or columns unread is an error."""
    for axis in task.axes:
        if axis.remainder:
            count = axis.remainder
            padded = bool(axis.pad_before or axis.pad_after)
            said = _unread(axis.name, padded, count)
            raise InputError(
                said.format(numerator=axis.numerator, stride=axis.stride, count=count),
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

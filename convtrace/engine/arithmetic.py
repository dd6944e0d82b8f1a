"""The arithmetic of a convolution: padding, windows, products and sums, all with numpy.

The output volume is made at once (im2col and BLAS, as a plain numpy convolution does), exactly:
whole numbers in float64 only where every partial sum stays below 2⁵³, else int64; decimals of
up to 15 places as scaled whole numbers, divided once; float sums that cancel to within their
rounding error written 0.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.lib.stride_tricks import as_strided

from ..errors import InputError
from ..language import _
from ..task import Task


@dataclass(frozen=True, eq=False)
class Arithmetic:
    """How a trace's channel sums are made, exactly, when they are read.

    Whole numbers: from the cells' own products (int64), or in bulk by BLAS as the output is.
    Decimals that fit: likewise from the scaled whole numbers ``padded`` and ``kernels``
    (exact below 2⁵³), divided by ``denominator``. Other floats: ``sums``, made at once,
    because their output is added from them after their rounding noise is zeroed.
    """

    denominator: float = 1.0
    padded: np.ndarray | None = None  # C × Hp × Wp, scaled decimals
    kernels: np.ndarray | None = None  # K × (C/groups) × Fh × Fw, scaled decimals
    sums: np.ndarray | None = None  # K × (C/groups) × H₂ × W₂


def source_indices(size: int, before: int, after: int, mode: str) -> np.ndarray:
    """For each padded position along one axis, the input position it copies (−1: a zero)."""
    index = np.arange(-before, size + after)
    if mode == "zeros":
        return np.where((index >= 0) & (index < size), index, -1)
    if mode == "replicate":
        return np.clip(index, 0, size - 1)
    if mode == "circular":
        return index % size
    period = 2 * (size - 1)  # reflect: 0 1 2 1 | 0 1 2 1 | …, the edge not repeated
    if period == 0:
        return np.zeros_like(index)
    index %= period
    return np.where(index < size, index, period - index)


def pad(task: Task) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The padded input and, per axis, where each padded value comes from."""
    top, bottom, left, right = task.padding
    c, h, w = task.x.shape
    rows = source_indices(h, top, bottom, task.padding_mode)
    cols = source_indices(w, left, right, task.padding_mode)
    if task.padding_mode == "zeros":  # one copy into a zeroed frame (indexing copies twice)
        padded = np.zeros((c, len(rows), len(cols)), dtype=task.x.dtype)
        padded[:, top : top + h, left : left + w] = task.x
    else:
        padded = task.x[:, rows][:, :, cols]
    return padded, rows, cols


def windows(padded: np.ndarray, task: Task) -> np.ndarray:
    """C × H₂ × W₂ × Fh × Fw read-only view: for each output position, the input values its
    kernel meets (stride and dilation applied). A band of the padded rows gives the windows
    that fit in it."""
    rows, cols = task.axes
    c, row, col = padded.strides
    fit = [
        max(0, min(axis.out, (size - axis.span) // axis.stride + 1))
        for axis, size in zip(task.axes, padded.shape[1:], strict=True)
    ]
    shape = (padded.shape[0], *fit, rows.kernel, cols.kernel)
    strides = (c, row * rows.stride, col * cols.stride, row * rows.dilation, col * cols.dilation)
    if not padded.flags.c_contiguous or padded.dtype == object:  # no buffer for objects
        return as_strided(padded, shape, strides, writeable=False)
    view = np.ndarray(shape, padded.dtype, buffer=padded, strides=strides)  # 5× as_strided's speed
    view.flags.writeable = False
    return view


#: How many window values one im2col chunk holds (16 MB of float64): bounds the scratch memory
#: of :func:`correlate` whatever the input size.
CHUNK_VALUES = 1 << 21

#: Multiply-adds per matrix product are capped at this: OpenBLAS runs a smaller product on one
#: thread. More threads win little on these thin products and lose much (spinning) when another
#: process holds the other core, as on a student's laptop or a busy CI machine.
GEMM_ONE_THREAD = 1 << 18

#: Below this bound on every partial sum, float64 arithmetic on whole numbers is exact.
FLOAT_EXACT = 2**53


def sum_bound(task: Task) -> int:
    """An upper bound on ``|partial sum|`` of any cell (bias included), in exact integers."""
    weights = task.weights
    terms = weights[0].size  # (C/groups) · Fh · Fw
    biggest_x = int(np.abs(task.x).max(initial=0))
    biggest_w = int(np.abs(weights).max(initial=0))
    biggest_b = int(np.abs(task.biases).max(initial=0))
    return biggest_x * biggest_w * terms + biggest_b


def correlate(
    win: np.ndarray,
    kernels: np.ndarray,
    groups: int,
    biases: np.ndarray,
    *,
    dtype: type,
    denominator: float = 1.0,
) -> np.ndarray:
    """K × H₂ × W₂ outputs: every channel's window·kernel sum plus the bias, by im2col and BLAS.

    The windows are copied, a band of output rows at a time, into a contiguous im2col matrix
    (C/groups·Fh·Fw × rows·W₂) and multiplied with the kernels in the windows' dtype: float64
    for whole numbers whose partial sums all stay below 2⁵³ (then each product and addition is
    exact, in any order) and for scaled decimals, int64 for larger whole numbers (exact: the
    task refused sums that overflow). Each product lands in a small scratch block, where the
    bias is added and the sum divided by ``denominator``, and is then written out as
    ``dtype``: the output is the only large array made.
    """
    c_count, h_out, w_out, fh, fw = win.shape
    k_count = kernels.shape[0]
    per_group = c_count // groups
    filters_per_group = k_count // groups
    depth = per_group * fh * fw
    work = win.dtype
    output = np.empty((k_count, h_out * w_out), dtype=dtype)
    ker = kernels.reshape(k_count, depth).astype(work, copy=False)
    band = max(1, CHUNK_VALUES // max(1, depth * w_out))
    cols = np.empty((per_group, fh, fw, min(band, h_out), w_out), dtype=work)
    step = max(1, GEMM_ONE_THREAD // (filters_per_group * depth))
    scratch = np.empty((filters_per_group, step), dtype=work)
    for g in range(groups):
        ks = slice(g * filters_per_group, (g + 1) * filters_per_group)
        bias = biases[ks, None].astype(work)
        win_g = win[g * per_group : (g + 1) * per_group]
        for top in range(0, h_out, band):
            bottom = min(top + band, h_out)
            part = cols[:, :, :, : bottom - top]
            part[...] = win_g[:, top:bottom].transpose(0, 3, 4, 1, 2)
            size = (bottom - top) * w_out
            im2col = part.reshape(depth, size)
            offset = top * w_out
            for start in range(0, size, step):
                stop = min(start + step, size)
                out = scratch[:, : stop - start]
                np.matmul(ker[ks], im2col[:, start:stop], out=out)
                out += bias
                if denominator != 1:
                    out /= denominator
                output[ks, offset + start : offset + stop] = out
    return output.reshape(k_count, h_out, w_out)


def window_products(win: np.ndarray, kernels: np.ndarray) -> np.ndarray:
    """Windows (C/groups × … × Fh × Fw) times one filter's kernels (C/groups × Fh × Fw)."""
    cg, fh, fw = kernels.shape
    return win * kernels.reshape(cg, *(1,) * (win.ndim - 3), fh, fw)


def window_sums(products: np.ndarray) -> np.ndarray:
    """Products (… × Fh × Fw) summed over the kernel: exact for whole numbers, in any order."""
    return np.einsum("...ij->...", products)


def channel_sums(
    win: np.ndarray,
    kernels: np.ndarray,
    groups: int,
    *,
    dtype: type,
    denominator: float = 1.0,
) -> np.ndarray:
    """K × (C/groups) × H₂ × W₂: each filter's window·kernel sum for each channel it sees.

    The same BLAS path as the output: a channel's sums under every filter of its group are a
    convolution of that channel alone, so the kernels are regrouped one channel per group.
    """
    c_count, h_out, w_out, fh, fw = win.shape
    k_count, per_group = kernels.shape[:2]
    filters_per_group = k_count // groups
    # K × Cg kernels → (C · K/groups) one-channel filters, channel-major, C groups
    single = kernels.reshape(groups, filters_per_group, per_group, fh, fw).transpose(0, 2, 1, 3, 4)
    single = single.reshape(c_count * filters_per_group, 1, fh, fw)
    sums = correlate(
        win,
        single,
        c_count,
        np.zeros(len(single), dtype=kernels.dtype),
        dtype=dtype,
        denominator=denominator,
    )
    sums = sums.reshape(groups, per_group, filters_per_group, h_out, w_out)
    return np.ascontiguousarray(sums.transpose(0, 2, 1, 3, 4)).reshape(
        k_count, per_group, h_out, w_out
    )


def exact_sums(win: np.ndarray, kernels: np.ndarray, groups: int) -> np.ndarray:
    """K × (C/groups) × H₂ × W₂ channel sums of exact fractions (object arrays, ``--exact``):
    each product and sum as a person works it, no rounding anywhere."""
    __, h_out, w_out, __, __ = win.shape
    k_count, per_group = kernels.shape[:2]
    filters_per_group = k_count // groups
    sums = np.empty((k_count, per_group, h_out, w_out), dtype=object)
    for k in range(k_count):
        first = (k // filters_per_group) * per_group
        for c in range(per_group):
            sums[k, c] = np.tensordot(win[first + c], kernels[k, c], axes=([2, 3], [0, 1]))
    return sums


def add_channels(sums: np.ndarray, biases: np.ndarray) -> np.ndarray:
    """K × H₂ × W₂ outputs: the channel sums added in channel order, then the bias."""
    output = sums[:, 0].copy()
    for c in range(1, sums.shape[1]):
        output += sums[:, c]
    output += biases[:, None, None].astype(output.dtype, copy=False)
    return output


#: Decimals with up to this many places (per input, weights, biases) get exact sums; beyond
#: 15 places a float64 no longer tells one decimal from the next.
DECIMAL_PLACES = 15
#: 10**22 is the largest power of ten a float64 holds exactly: the one division stays exact.
_EXACT_DENOMINATOR_PLACES = 22
#: decimal_places reads this many values first: the places they need are a lower bound for
#: all, so the whole array is scanned once in the common case instead of once per place.
_SAMPLE = 1024


def _has_places(values: np.ndarray, places: int) -> bool:
    scale = 10.0**places
    return bool((np.round(values * scale) / scale == values).all())


def decimal_places(values: np.ndarray, most: int = DECIMAL_PLACES) -> int | None:
    """The fewest decimal places ``d`` such that every value is the float of a decimal with
    ``d`` places (``0.12`` → 2), or ``None`` when more than ``most`` would be needed."""
    flat = np.ravel(values)
    with np.errstate(over="ignore", invalid="ignore"):
        fewest = next((d for d in range(most + 1) if _has_places(flat[:_SAMPLE], d)), None)
        if fewest is None or flat.size <= _SAMPLE:  # the sample needs more, or is everything
            return fewest
        return next((d for d in range(fewest, most + 1) if _has_places(flat, d)), None)


def decimal_scaled(padded: np.ndarray, kernels: np.ndarray, task: Task):
    """Decimals as whole numbers (``0.12`` → ``12`` with denominator 100), when the sums can be
    computed exactly that way: ``(padded, kernels, biases, denominator)``, else ``None``.

    By hand, 0.12·1.35 + 4.5·0.87 + … is exact decimal arithmetic. Float arithmetic is not:
    where terms cancel, its rounding errors become visible in 12 digits (a sum of −0.006
    written as −0.00600000000001). Scaled to whole numbers, every product and partial sum is
    exact (below 2⁵³ in float64, as for integer tasks), and the one division at the end gives
    the float nearest to the true decimal sum.
    """
    places_x = decimal_places(task.x)  # the padded values are the input's, or zeros
    places_w = decimal_places(kernels)
    places_b = decimal_places(task.biases)
    if places_x is None or places_w is None or places_b is None:
        return None
    places_x = max(places_x, places_b - places_w)  # the biases share the sums' denominator
    if places_x + places_w > _EXACT_DENOMINATOR_PLACES:
        return None
    padded_n = np.round(padded * 10.0**places_x)
    kernels_n = np.round(kernels * 10.0**places_w)
    biases_n = np.round(task.biases * 10.0 ** (places_x + places_w))
    fh, fw = task.kernel_size
    terms = (task.channels // task.groups) * fh * fw
    biggest = float(np.abs(padded_n).max(initial=0)) * float(
        np.abs(kernels_n).max(initial=0)
    ) * terms + float(np.abs(biases_n).max(initial=0))
    if not biggest < FLOAT_EXACT:
        return None
    return padded_n, kernels_n, biases_n, 10.0 ** (places_x + places_w)


def _zero_where_rounding_noise(
    sums: np.ndarray, padded: np.ndarray, kernels: np.ndarray, task: Task
) -> np.ndarray:
    """Float sums that cancel (0.1 + 0.1 + 0.1 − 0.3) leave rounding noise (2.8e-17) where a
    person writes 0. A sum no larger than the rounding error its terms allow (terms · ε ·
    Σ|products|) is indistinguishable from zero, and becomes 0. Only for decimals that the exact
    path cannot take (1/3, 16+ places, huge scaled values)."""
    fh, fw = task.kernel_size
    terms = (task.channels // task.groups) * fh * fw
    magnitude = channel_sums(
        windows(np.abs(padded), task), np.abs(kernels), task.groups, dtype=np.float64
    )
    noise = np.abs(sums) <= terms * np.finfo(np.float64).eps * magnitude
    sums[noise & np.isfinite(magnitude)] = 0.0
    return sums


def overflow_error(task: Task) -> InputError:
    return InputError(
        _(
            "the numbers are so large that the products or sums overflow 64-bit floats; "
            "scale them down"
        ),
        source=task.source,
        place="input",
    )


def output_volume(
    task: Task, padded: np.ndarray, kernels: np.ndarray
) -> tuple[np.ndarray, Arithmetic]:
    """The output volume, exactly, and how the cells' sums will be made (:class:`Arithmetic`).

    Whole numbers: float64 where every partial sum stays below 2⁵³, else int64. Decimals:
    scaled to whole numbers where they fit. Other floats: the channel sums first, cleaned of
    their rounding noise, then added up in channel order.
    """
    if task.is_exact:
        sums = exact_sums(windows(padded, task), kernels, task.groups)
        return add_channels(sums, task.biases), Arithmetic(sums=sums)
    if task.is_integer:
        work = np.float64 if sum_bound(task) < FLOAT_EXACT else np.int64
        win = windows(padded.astype(work, copy=False), task)
        return correlate(win, kernels, task.groups, task.biases, dtype=np.int64), Arithmetic()
    scaled = decimal_scaled(padded, kernels, task)
    if scaled is not None:
        padded_n, kernels_n, biases_n, denominator = scaled
        win = windows(padded_n, task)
        output = correlate(
            win, kernels_n, task.groups, biases_n, dtype=np.float64, denominator=denominator
        )
        return output, Arithmetic(denominator, padded_n, kernels_n)
    with np.errstate(over="ignore", invalid="ignore"):
        sums = channel_sums(windows(padded, task), kernels, task.groups, dtype=np.float64)
        sums = _zero_where_rounding_noise(sums, padded, kernels, task)
        output = add_channels(sums, task.biases)
    if not np.isfinite(sums).all():
        raise overflow_error(task)
    return output, Arithmetic(sums=sums)

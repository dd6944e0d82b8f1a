"""Numbers in bulk: :func:`numbers.clean` for a whole numpy array at once.

Writers of big documents (JSON, Markdown) turn millions of floats into text; calling
:func:`~convtrace.numbers.clean` on each one costs a microsecond apiece. :func:`clean_array`
gives the same numbers, bit for bit, with a few vectorised operations, and falls back to
:func:`~convtrace.numbers.clean` only for the rare values where the fast route could be wrong.
"""

from __future__ import annotations

import numpy as np

from .numbers import SIGNIFICANT_DIGITS, clean

_LAST_DIGIT = SIGNIFICANT_DIGITS - 1
#: 10**s is an exact float64 for |s| ≤ 22, so scaling by it rounds only once.
_EXACT_POWERS = 22
#: How close to a rounding tie (in units of the last digit) counts as "could be wrong".
_TIE_MARGIN = 1e-3


def clean_array(values: np.ndarray) -> np.ndarray:
    """``values`` with :func:`~convtrace.numbers.clean` applied to every element.

    Integer arrays come back unchanged. For floats, each value is rounded to 12 significant
    digits as ``float(f"{v:.12g}")`` does: the scaled value ``v·10**s`` (an integer part of 12
    digits) is rounded to an integer ``n``, and ``n / 10**s`` is the float nearest to that
    decimal because both ``n`` and ``10**s`` are exact. The scaling itself may be off by half a
    unit in the last place, so values whose scaled fraction lies near .5 (and the edge cases of
    exponents and digit counts) go through :func:`clean` itself.
    """
    values = np.asarray(values)
    if values.dtype.kind in "iub":
        return values
    if values.dtype == object:  # exact fractions (--exact): each kept exact, ints where whole
        out = np.empty(values.shape, dtype=object)
        out.reshape(-1)[:] = [clean(v) for v in values.reshape(-1).tolist()]
        return out
    v = values.astype(np.float64, copy=False)
    out = np.zeros(v.shape, dtype=np.float64)  # clean(±0.0) is 0.0
    nonzero = v != 0
    if not nonzero.any():
        return out
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        magnitude = np.abs(v)
        exponent = np.floor(np.log10(np.where(nonzero, magnitude, 1.0)))
        scale = _LAST_DIGIT - exponent  # decimal places that keep 12 significant digits
        safe = nonzero & np.isfinite(v) & (np.abs(scale) <= _EXACT_POWERS)
        power = 10.0 ** np.where(safe, np.abs(scale), 0.0)
        up = scale >= 0
        scaled = np.where(up, v * power, v / power)
        digits = np.round(scaled)
        candidate = np.where(up, digits / power, digits * power)
        fraction = np.abs(np.abs(scaled - digits) - 0.5)
        count = np.abs(digits)
        good = (
            safe
            & (fraction > _TIE_MARGIN)
            & (count >= 10.0**_LAST_DIGIT)
            & (count < 10.0**SIGNIFICANT_DIGITS)
        )
    out[good] = candidate[good]
    slow = nonzero & ~good
    if slow.any():
        out[slow] = [clean(x) for x in v[slow].tolist()]
    return out

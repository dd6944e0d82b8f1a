"""When a student's number counts as right: the one comparison that checking and diagnosis share.

A cell is right when ``|given − expected| ≤ tolerance + RELATIVE·|expected|``. The default
``TOLERANCE = 0.005`` accepts answers rounded to two decimals; the tiny relative part only absorbs
float noise (``0.13 − 0.125`` is ``0.0050000000000000044`` in binary floating point).
"""

from __future__ import annotations

from typing import Any

import numpy as np

#: Absolute tolerance: answers rounded to 2 decimals are right.
TOLERANCE = 0.005
#: The types of a single number (numpy's included).
SCALARS = (int, float, np.number)
#: Relative tolerance, only to absorb binary float noise in big decimals.
RELATIVE = 1e-12  # float noise only: 1000001 vs 1000000 must stay wrong


def close(given: Any, expected: Any, tolerance: float = TOLERANCE) -> np.ndarray:
    """Cell by cell: is the given value right within ``tolerance`` (see the module docstring)?

    Two single numbers are compared in plain floats (the same doubles numpy would use).
    """
    if isinstance(given, SCALARS) and isinstance(expected, SCALARS):
        g, e = float(given), float(expected)
        return np.bool_(abs(g - e) <= tolerance + RELATIVE * abs(e) + 1e-12)
    g = np.asarray(given, dtype=float)
    e = np.asarray(expected, dtype=float)
    return np.abs(g - e) <= tolerance + RELATIVE * np.abs(e) + 1e-12

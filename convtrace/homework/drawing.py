"""The numbers of an exercise, drawn from the quiz's generator: the input, the weights and the
biases within their ranges (in steps of 10^−decimals), or weights as fractions with small
denominators, and how the task file writes them."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

#: The input's, the weights' and the biases' (low, high) ranges.
Ranges = tuple[tuple[int, int], tuple[int, int], tuple[int, int]]


def draw_numbers(
    rng: np.random.Generator, sizes, ranges: Ranges, decimals: int, signal: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The input (c × h × h, or c × h for a signal), the weights (k × c × f × f, or k × c × f)
    and the biases (k), in that order; with ``decimals``, steps of 10^−decimals."""
    c, h, f, k = sizes
    scale = 10**decimals
    (x_low, x_high), (w_low, w_high), (b_low, b_high) = ranges
    x = rng.integers(x_low * scale, x_high * scale + 1, size=(c, h) if signal else (c, h, h))
    w = rng.integers(w_low * scale, w_high * scale + 1, size=(k, c, f) if signal else (k, c, f, f))
    # the bias is a step of the exercise: never 0 when the range offers anything else
    bias_values = [v for v in range(b_low * scale, b_high * scale + 1) if v] or [0]
    b = rng.choice(bias_values, size=k)
    if decimals:
        return tuple(np.round(a / scale, decimals) for a in (x, w, b))  # type: ignore[return-value]
    return x, w, b


#: A fraction weight's denominators: halves, thirds and quarters, worked by hand.
DENOMINATORS = (2, 3, 4)


def fraction_weights(rng: np.random.Generator, shape, weights: tuple[int, int]) -> np.ndarray:
    """Weights ``n/q`` within their range, ``q`` one of :data:`DENOMINATORS` for each (an
    object array of ``Fraction``; whole ones are whole numbers)."""
    low, high = weights
    q = rng.choice(DENOMINATORS, size=shape)
    n = rng.integers(low * q, high * q + 1)
    out = np.empty(shape, dtype=object)
    for at in np.ndindex(*shape):
        out[at] = Fraction(int(n[at]), int(q[at]))
    return out


def written(value: Any) -> Any:
    """A number as the task file writes it: a fraction as ``"3/4"``, a whole one as a number."""
    if isinstance(value, Fraction):
        return value.numerator if value.denominator == 1 else str(value)
    return value


def written_all(values: Any) -> Any:
    return [written_all(v) for v in values] if isinstance(values, list) else written(values)

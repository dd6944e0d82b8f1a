"""Exact arithmetic: ``--exact`` keeps every number a fraction (Python's ``Fraction``).

Numbers may be written as fractions (``"1/9"``) wherever a number goes; the loaders read them as
``Fraction`` objects. :class:`Exactness` then decides, once per task, how its numbers are kept:
exactly, every value a ``Fraction`` in an object array (the engine multiplies and adds them as
they are, so a 3×3 box blur's sum is ``5/3``), or as the decimals and integers the engine computes
with otherwise (a fraction becomes the float nearest to it).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from fractions import Fraction
from typing import Any

import numpy as np

#: ``1/9``, ``-3/4``, ``+2/3``: a fraction as a task file may write it (in quotes).
FRACTION = re.compile(r"^\s*([+-]?\d+)\s*/\s*(\d+)\s*$")


def python_number(value: Any) -> Any:
    """A numpy scalar as the Python number it holds; a ``Fraction`` (an exact array's element)
    and a Python number as they are."""
    return value.item() if isinstance(value, np.generic) else value


def parse_fraction(text: str) -> Fraction | None:
    """``"1/9"`` → ``Fraction(1, 9)``; None for text that is no fraction (or divides by 0)."""
    match = FRACTION.match(text)
    if match is None or int(match[2]) == 0:
        return None
    return Fraction(int(match[1]), int(match[2]))


def to_fraction(value: Any) -> Fraction:
    """A number as the fraction it was written as: ``0.1`` is 1/10 (its shortest decimal),
    not the binary float's 3602879701896397/36028797018963968."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, float | np.floating):
        return Fraction(repr(float(value)))
    return Fraction(int(value))


def is_exact(values: np.ndarray) -> bool:
    """Whether an array holds exact fractions (an object array) rather than machine numbers."""
    return np.asarray(values).dtype == object


def fractions_of(values: np.ndarray) -> np.ndarray:
    """Every value of ``values`` as a ``Fraction``, in an object array of the same shape."""
    a = np.asarray(values)
    out = np.empty(a.shape, dtype=object)
    flat = out.reshape(-1)
    flat[:] = [to_fraction(v) for v in a.reshape(-1).tolist()]
    return out


def machine_numbers(values: np.ndarray) -> np.ndarray:
    """An object array (fractions given without ``--exact``) as float64; others unchanged."""
    a = np.asarray(values)
    return a.astype(np.float64) if a.dtype == object else a


class Exactness:
    """How a task keeps its numbers: exactly (``on``) or as machine numbers."""

    def __init__(self, on: bool = False) -> None:
        self.on = on

    def volume(self, values: np.ndarray) -> np.ndarray:
        return fractions_of(values) if self.on else machine_numbers(values)

    def number(self, value: Any) -> Any:
        if self.on:
            return to_fraction(value)
        return float(value) if isinstance(value, Fraction) else value

    def filters(self, filters: Sequence[Any]) -> list[Any]:
        """Filters with their weights and bias kept as this says."""
        return [
            replace(f, weights=self.volume(f.weights), bias=self.number(f.bias)) for f in filters
        ]

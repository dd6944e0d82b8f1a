"""How a number is written, the same way in every renderer.

Integers stay integers (``3``, never ``3.0``); decimals show at most 12 significant digits so
that float noise (``0.30000000000000004``) never reaches a worked solution; negative numbers use
the typographic minus and, as factors, stand in parentheses: ``0·(−1)``.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

Number = int | float

SIGNIFICANT_DIGITS = 12


@dataclass(frozen=True)
class Notation:
    """The symbols a renderer writes; ``ascii=True`` suits terminals without Unicode."""

    minus: str = "\u2212"
    times: str = "\u00b7"
    ellipsis: str = "\u2026"

    @classmethod
    def pick(cls, ascii: bool = False) -> Notation:
        return ASCII if ascii else UNICODE

    def number(self, value: Number) -> str:
        """``value`` as a person writes it: ``3``, ``−0.25``, ``1.5``."""
        text = plain(value)
        if text.startswith("-"):
            return self.minus + text[1:]
        return text

    def factor(self, value: Number) -> str:
        """A number inside a product: negative ones go in parentheses, ``(−1)``."""
        text = self.number(value)
        if is_negative(value):
            return f"({text})"
        return text

    def product(self, a: Number, b: Number) -> str:
        return f"{self.factor(a)}{self.times}{self.factor(b)}"


UNICODE = Notation()
ASCII = Notation(minus="-", times="*", ellipsis="...")


def clean(value: Number) -> Number:
    """A Python number without float noise: integral floats stay floats, rounded to 12 digits."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    value = float(value)
    if not math.isfinite(value):
        return value
    if value == 0:
        return 0.0
    return float(f"{value:.{SIGNIFICANT_DIGITS}g}")


@functools.lru_cache(maxsize=1 << 16, typed=True)  # traces repeat their numbers (issue 7)
def plain(value: Number) -> str:
    """ASCII text of ``value``: ints as ints, decimals without noise or exponent where sensible."""
    if isinstance(value, bool):
        value = int(value)
    if isinstance(value, int):
        return str(value)
    value = float(value)
    if not math.isfinite(value):
        return str(value)
    if value == 0:
        return "0"
    rounded = float(f"{value:.{SIGNIFICANT_DIGITS}g}")
    if rounded.is_integer() and abs(rounded) < 1e15:
        return str(int(rounded))
    text = f"{rounded:.{SIGNIFICANT_DIGITS}g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        exponent_value = int(exponent)
        if -7 <= exponent_value < 0:
            text = f"{rounded:.{SIGNIFICANT_DIGITS - exponent_value}f}".rstrip("0").rstrip(".")
        else:
            text = f"{mantissa}e{exponent_value}"
    return text


def is_negative(value: Number) -> bool:
    """True for numbers written with a minus (not for −0.0 or values that round to zero)."""
    return plain(value).startswith("-")


def is_zero(value: Number) -> bool:
    return plain(value) == "0"

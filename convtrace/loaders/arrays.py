"""Numbers and matrices from JSON-like data, checked at numpy's speed.

A matrix is validated over the whole array at once: the kinds of its values, its shape, that
every number is finite and fits 64-bit arithmetic. Only when a check fails is the data walked
value by value, to name the place of the error (``input.R[2][1]``); the walk is also the
definition of what is accepted, so both ways give the same array or the same error.
"""

from __future__ import annotations

import math
from fractions import Fraction
from itertools import chain
from typing import Any

import numpy as np

from ..errors import InputError, describe
from ..exact import parse_fraction
from ..language import _, ngettext
from ..task import MAX_INPUT_VALUES

#: The Python types a JSON reader makes of numbers; anything else (bools, numpy scalars, text,
#: null) goes the slow way, which refuses or accepts it value by value.
_PLAIN_NUMBERS = frozenset({int, float})
_ROWS = frozenset({list, tuple})
_INT64_LIMIT = 2**63


def as_number(value: Any, place: str) -> int | float | Fraction:
    """A finite number that fits 64-bit arithmetic, or an error naming ``place``; a fraction
    written as text (``"1/9"``) is a ``Fraction``."""
    if isinstance(value, str | Fraction):
        fraction = parse_fraction(value) if isinstance(value, str) else value
        if fraction is not None:
            return fraction
        if isinstance(value, str) and value.replace(" ", "").endswith("/0"):
            raise InputError(_("{value!r} divides by zero").format(value=value), place=place)
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise InputError(_("{value} is not a number").format(value=describe(value)), place=place)
    if isinstance(value, float | np.floating) and not math.isfinite(value):
        raise InputError(
            _("{value} is not allowed; every value must be a finite number").format(value=value),
            place=place,
        )
    if isinstance(value, int) and abs(value) >= _INT64_LIMIT:
        raise InputError(
            _("{value} is too large for 64-bit arithmetic").format(value=value), place=place
        )
    return value


def as_array(value: Any, place: str, ndim: int) -> np.ndarray:
    """A 1-D list or a 2-D matrix (``ndim``) of finite numbers."""
    if isinstance(value, np.ndarray):
        if value.dtype.kind == "f" and value.dtype.itemsize < 8:
            # float32 0.1 is 0.100000001490116…: take the decimal it was written as
            value = value.astype(str).astype(np.float64)
        numeric = (value.dtype.kind in "iu" and _within_int64(value)) or (
            value.dtype.kind == "f" and bool(np.isfinite(value).all())
        )
        if numeric and value.ndim == ndim and value.size:
            check_size(value.size, place)
            return value
        value = value.tolist()
    if ndim == 1:
        expected = _("expected a list of numbers, got {value}")
    else:
        expected = _("expected a matrix (a list of rows), got {value}")
    if not isinstance(value, list | tuple):
        raise InputError(expected.format(value=describe(value)), place=place)
    if not value:
        raise InputError(_("is empty"), place=place)
    if ndim == 2 and isinstance(value[0], list | tuple):
        check_size(len(value) * len(value[0]), place)
    whole = _checked_at_once(value, ndim)
    if whole is not None:
        return whole
    if ndim == 1:
        return np.array([as_number(v, f"{place}[{i}]") for i, v in enumerate(value)])
    return _walk_rows(value, place)


def _checked_at_once(value: list | tuple, ndim: int) -> np.ndarray | None:
    """The array of ``value`` if every check passes over the whole of it, else ``None``.

    Plain ints and floats only (a bool would pass as 1 in numpy, a numpy scalar is left to
    the walk); a rectangular shape of ``ndim`` dimensions, not empty; finite; and ints within
    64-bit range (numpy would quietly turn 2⁶⁴ into a float). A float array made of big ints
    is also left to the walk, which tells an int of 2⁶³ from a float of 1e19.
    """
    if ndim == 1:
        kinds = set(map(type, value))
    else:
        if not _ROWS.issuperset(map(type, value)) or not value[0]:
            return None
        kinds = set(map(type, chain.from_iterable(value)))
    if not _PLAIN_NUMBERS.issuperset(kinds):
        return None
    try:
        array = np.array(value)
    except (ValueError, OverflowError):  # ragged rows
        return None
    if array.ndim != ndim:
        return None
    if array.dtype == np.int64:  # from Python ints: only −2⁶³ fits int64 but not the rules
        return array if array.min() != -_INT64_LIMIT else None
    if array.dtype != np.float64 or not np.isfinite(array).all():
        return None
    if int in kinds and np.abs(array).max() >= _INT64_LIMIT:
        return None
    return array


def _within_int64(array: np.ndarray) -> bool:
    """Whether every whole number has a 64-bit negative too (uint64 beyond 2⁶³ would wrap)."""
    return not array.size or (int(array.max()) < _INT64_LIMIT and int(array.min()) > -_INT64_LIMIT)


def _walk_rows(value: list | tuple, place: str) -> np.ndarray:
    """The matrix, row by row and value by value: the first problem is named by its place."""
    width = None
    rows = []
    for r, row in enumerate(value):
        if not isinstance(row, list | tuple):
            said = _("row {row} is {value}, not a list of numbers")
            raise InputError(said.format(row=r, value=describe(row)), place=place)
        if not row:
            raise InputError(_("row {row} is empty").format(row=r), place=place)
        if width is None:
            width = len(row)
        elif len(row) != width:
            said = ngettext(
                "row {row} has {count} number, expected {width}",
                "row {row} has {count} numbers, expected {width}",
                len(row),
            )
            raise InputError(said.format(row=r, count=len(row), width=width), place=place)
        rows.append([as_number(v, f"{place}[{r}][{c}]") for c, v in enumerate(row)])
    return np.array(rows)


def check_size(values: int, place: str) -> None:
    """Refuse more values than anyone could trace by hand, before reading them."""
    if values > MAX_INPUT_VALUES:
        raise InputError(
            _(
                "{count} values is too large to trace by hand; "
                "crop a patch (say 64×64) and trace that"
            ).format(count=f"{values:,}"),
            place=place,
        )


def nesting_depth(value: Any) -> int:
    """How deeply lists nest, following first elements: 1 for [1, 2], 2 for [[1, 2]], …"""
    if isinstance(value, np.ndarray):
        return value.ndim
    depth = 0
    while isinstance(value, list | tuple):
        depth += 1
        if not value:
            break
        value = value[0]
    return depth


def shape_text(a: np.ndarray) -> str:
    """``3×3``: an array's shape as the messages write it."""
    return "×".join(str(n) for n in a.shape)

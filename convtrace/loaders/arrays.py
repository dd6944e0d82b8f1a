"""Numbers and matrices from JSON-like data, checked value by value so that an error names
its place (``input.R[2][1]``)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..errors import InputError, describe
from ..task import MAX_INPUT_VALUES

_INT64_LIMIT = 2**63


def as_number(value: Any, place: str) -> int | float:
    """A finite number that fits 64-bit arithmetic, or an error naming ``place``."""
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise InputError(f"{describe(value)} is not a number", place=place)
    if isinstance(value, float | np.floating) and not math.isfinite(value):
        raise InputError(
            f"{value} is not allowed; every value must be a finite number", place=place
        )
    if isinstance(value, int) and abs(value) >= _INT64_LIMIT:
        raise InputError(f"{value} is too large for 64-bit arithmetic", place=place)
    return value


def as_array(value: Any, place: str, ndim: int) -> np.ndarray:
    """A 1-D list or a 2-D matrix (``ndim``) of finite numbers."""
    if isinstance(value, np.ndarray):
        if value.dtype.kind == "f" and value.dtype.itemsize < 8:
            # float32 0.1 is 0.100000001490116…: take the decimal it was written as
            value = value.astype(str).astype(np.float64)
        numeric = value.dtype.kind in "iu" or (
            value.dtype.kind == "f" and bool(np.isfinite(value).all())
        )
        if numeric and value.ndim == ndim and value.size:
            check_size(value.size, place)
            return value
        value = value.tolist()
    what = "a list of numbers" if ndim == 1 else "a matrix (a list of rows)"
    if not isinstance(value, list | tuple):
        raise InputError(f"expected {what}, got {describe(value)}", place=place)
    if not value:
        raise InputError("is empty", place=place)
    if ndim == 2 and isinstance(value[0], list | tuple):
        check_size(len(value) * len(value[0]), place)
    if ndim == 1:
        return np.array([as_number(v, f"{place}[{i}]") for i, v in enumerate(value)])
    return _walk_rows(value, place)


def _walk_rows(value: list | tuple, place: str) -> np.ndarray:
    """The matrix, row by row and value by value: the first problem is named by its place."""
    width = None
    rows = []
    for r, row in enumerate(value):
        if not isinstance(row, list | tuple):
            raise InputError(f"row {r} is {describe(row)}, not a list of numbers", place=place)
        if not row:
            raise InputError(f"row {r} is empty", place=place)
        if width is None:
            width = len(row)
        elif len(row) != width:
            raise InputError(
                f"row {r} has {len(row)} number{'s' if len(row) != 1 else ''}, expected {width}",
                place=place,
            )
        rows.append([as_number(v, f"{place}[{r}][{c}]") for c, v in enumerate(row)])
    return np.array(rows)


def check_size(values: int, place: str) -> None:
    """Refuse more values than anyone could trace by hand, before reading them."""
    if values > MAX_INPUT_VALUES:
        raise InputError(
            f"{values:,} values is too large to trace by hand; "
            "crop a patch (say 64×64) and trace that",
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

"""The numbers of an input volume or a kernel: what is accepted, what is refused and where.

Matrices are validated over whole arrays; these tests hold that fast way to the rules a person
reads in the messages: plain finite numbers that fit 64-bit arithmetic, rectangular rows, the
first problem named by its place in reading order.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import convtrace
from convtrace.errors import InputError
from convtrace.loaders import arrays as arrays_module
from convtrace.loaders import as_array, task_from_data

LIMIT = 2**63


def reference(value, ndim):
    """What the rules say, written out naively: the array, or the message of the first problem
    in reading order (a row's length before its numbers)."""

    def number(v, place):
        if isinstance(v, bool) or not isinstance(v, int | float):
            words = {True: "true", False: "false", None: "null"}
            what = (
                f"the text {v!r}"
                if isinstance(v, str)
                else "a list"
                if isinstance(v, list)
                else "an object"
                if isinstance(v, dict)
                else words[v]
            )
            return f"{place}: {what} is not a number"
        if isinstance(v, float) and not math.isfinite(v):
            return f"{place}: {v} is not allowed; every value must be a finite number"
        if isinstance(v, int) and abs(v) >= LIMIT:
            return f"{place}: {v} is too large for 64-bit arithmetic"
        return None

    if ndim == 1:
        problems = (number(v, f"m[{i}]") for i, v in enumerate(value))
        return next((p for p in problems if p), None) or np.array(value)
    width = len(value[0])
    for r, row in enumerate(value):
        if not row:
            return f"m: row {r} is empty"
        if len(row) != width:
            return (
                f"m: row {r} has {len(row)} number{'s' if len(row) != 1 else ''}, expected {width}"
            )
        problems = (number(v, f"m[{r}][{c}]") for c, v in enumerate(row))
        problem = next((p for p in problems if p), None)
        if problem:
            return problem
    return np.array(value)


def outcome(value, ndim):
    try:
        return as_array(value, "m", ndim)
    except InputError as error:
        return str(error)


def same(got, expected):
    if isinstance(expected, str):
        assert got == expected
    else:
        assert isinstance(got, np.ndarray), got
        assert got.dtype == expected.dtype
        assert got.shape == expected.shape
        assert np.array_equal(got, expected)


values = st.one_of(
    st.integers(-9, 9),
    st.integers(-9, 9),
    st.floats(-5, 5, allow_nan=False),
    st.sampled_from(
        [
            True,
            False,
            None,
            "2",
            2**53 + 1,
            2**63 - 1,
            2**63,
            -(2**63),
            -(2**63) + 1,
            2**64,
            10**30,
            1e19,
            9.3e18,
            math.nan,
            math.inf,
            -math.inf,
            [1],
            {},
        ]
    ),
)
plain = st.one_of(st.integers(-(2**70), 2**70), st.floats(allow_nan=False, allow_infinity=False))


@st.composite
def matrices(draw, items):
    """Mostly rectangular matrices, sometimes with a short, long or empty row."""
    rows, cols = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    matrix = [draw(st.lists(items, min_size=cols, max_size=cols)) for _ in range(rows)]
    if draw(st.integers(0, 5)) == 0:
        matrix[draw(st.integers(0, rows - 1))] = draw(st.lists(items, max_size=5))
    return matrix


@settings(max_examples=300, deadline=None)
@given(matrix=st.one_of(matrices(values), matrices(plain)))
def test_a_matrix_is_checked_as_the_rules_say(matrix):
    same(outcome(matrix, 2), reference(matrix, 2))


@settings(max_examples=200, deadline=None)
@given(signal=st.lists(st.one_of(values, plain), min_size=1, max_size=6))
def test_a_signal_is_checked_as_the_rules_say(signal):
    same(outcome(signal, 1), reference(signal, 1))


@pytest.mark.parametrize(
    ("matrix", "message"),
    [
        ([[1, True]], "m[0][1]: true is not a number"),
        ([[-(2**63), 1]], f"m[0][0]: {-(2**63)} is too large for 64-bit arithmetic"),
        ([[1, 2**63]], f"m[0][1]: {2**63} is too large for 64-bit arithmetic"),
        ([[1.5, 2**64]], f"m[0][1]: {2**64} is too large for 64-bit arithmetic"),
        ([[1, 2], [3, math.nan]], "m[1][1]: nan is not allowed; every value must be a finite"),
        ([[1, 2], [3]], "m: row 1 has 1 number, expected 2"),
        ([[1, 2], [3, "4"]], "m[1][1]: the text '4' is not a number"),
    ],
)
def test_refused_values_are_named_by_place(matrix, message):
    with pytest.raises(InputError) as error:
        as_array(matrix, "m", 2)
    assert str(error.value).startswith(message), str(error.value)


def test_numbers_near_the_limits_keep_their_type():
    ints = as_array([[2**63 - 1, -(2**63) + 1]], "m", 2)
    assert ints.dtype == np.int64 and ints.tolist() == [[2**63 - 1, -(2**63) + 1]]
    floats = as_array([[2**63 - 1, 1.5]], "m", 2)  # an int below 2⁶³ beside a float: float64
    assert floats.dtype == np.float64 and floats.tolist() == [[9.223372036854776e18, 1.5]]
    assert as_array([[1e300, -1e300]], "m", 2).tolist() == [[1e300, -1e300]]


def test_valid_matrices_are_not_walked_value_by_value(monkeypatch):
    """Loading at numpy's speed: a valid volume is checked whole; the walk (one Python call
    per value) only runs to name the place of an error that exists."""

    def walked(value, place):
        raise AssertionError(f"walked to {place}")

    monkeypatch.setattr(arrays_module, "as_number", walked)
    rng = np.random.default_rng(0)
    data = {
        "input": {c: rng.integers(0, 256, (40, 50)).tolist() for c in "RGB"},
        "filters": [{"weights": rng.uniform(-1, 1, (3, 3, 3)).round(2).tolist()}] * 2,
        "padding": 1,
    }
    data["filters"] = [{"name": f"f{k}", **f} for k, f in enumerate(data["filters"])]
    task = task_from_data(data)
    assert task.x.shape == (3, 40, 50)
    assert task.x.tolist() == [data["input"][c] for c in "RGB"]
    signal = task_from_data({"input": [1, 2, 3, 4], "filter": [1, -1]})
    assert signal.x.tolist() == [[[1, 2, 3, 4]]]
    with pytest.raises(AssertionError, match=r"walked to input.G\[0\]\[0\]"):
        task_from_data({**data, "input": {**data["input"], "G": [[True] * 50] * 40}})


def test_float32_arrays_keep_the_decimals_they_were_written_as():
    trace = convtrace.trace(np.float32([[0.1, 0.2], [0.3, 0.4]]), [[[1, 1], [1, 1]]])
    assert trace.cell(0, 0, 0).channels[0].window == ((0.1, 0.2), (0.3, 0.4))
    assert trace.output.tolist() == [[[1.0]]]

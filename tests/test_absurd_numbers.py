"""Absurd numbers (a stride of 10³⁰, a dilation of 1e308, a padding of millions) get one clear
line naming the file and the place, exit status 2, never a traceback."""

from __future__ import annotations

import numpy as np
import pytest

import convtrace
from convtrace.errors import InputError
from tests.test_bad_input import assert_one_line_error, invoke, output_of, write

X2 = [[1, 2], [3, 4]]


def test_huge_padding_is_named_as_the_cause(seed_path, tmp_path):
    result = invoke("run", seed_path, "--padding", "99999999")
    assert_one_line_error(result, "--padding: padding 99,999,999 makes the 5×5 input")
    assert "convtrace: --padding" in result.stderr
    data = {"input": X2, "filter": [[1]], "padding": 99_999_999}
    path = write(tmp_path, "t.json", data)
    assert_one_line_error(invoke("run", path), f"{path}: padding: padding 99,999,999")


CASES = {
    "stride 10³⁰ (the issue's)": (
        {"stride": 10**30},
        "stride: must be at most 16,777,216 (no input is longer), got " + "1" + "0" * 30,
    ),
    "dilation 1e308 with same (the issue's)": (
        {"dilation": [2, 1e308], "padding": "same"},
        "dilation[1]: must be at most 16,777,216 (no input is longer), got 1e+308",
    ),
    "stride as a float": ({"stride": 1e30}, "stride: must be at most 16,777,216"),
    "stride and padding 1e30": ({"stride": 1e30, "padding": 1e30}, "stride: must be at most"),
    "dilation 2²⁴ + 1": ({"dilation": 2**24 + 1}, "dilation: must be at most 16,777,216"),
    "padding 1e308": ({"padding": [1e308, 1]}, "padding[0]: 1e+308 is far too large"),
    "padding −1e308": ({"padding": -1e308}, "padding: must be 0 or more, got -1e+308"),
    "padding 10³⁰": ({"padding": 10**30}, "padding: " + "1" + "0" * 30 + " is far too large"),
    "groups 1e308": ({"groups": 1e308}, "groups: 1e+308 is far too large"),
    "padding beyond the stride's reach": (
        {"stride": 2**24, "padding": 10_000_000},
        "padding: padding 10,000,000 makes the 2×2 input 20,000,002×20,000,002, too large",
    ),
    "same with a dilation of millions": (
        {"filter": [[1, 2, 3]], "dilation": 2**24, "padding": "same"},
        'dilation: "same" pads the 2×2 input to 2×33,554,434 here, too large to trace: the '
        "dilated kernel spans 1×33,554,433; use a smaller dilation or kernel",
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_absurd_hyperparameters_are_one_line(tmp_path, case):
    changes, message = CASES[case]
    path = write(tmp_path, "t.json", {"input": X2, "filter": [[1]], **changes})
    assert_one_line_error(invoke("run", path), f"{path}: {message}")


@pytest.mark.parametrize("option", ["--stride", "--dilation"])
def test_absurd_options_are_one_line(seed_path, option):
    result = invoke("run", seed_path, option, "99999999999999999999999")
    assert_one_line_error(result, f"{option}: must be at most 16,777,216")


def test_the_largest_stride_still_works(tmp_path):
    path = write(tmp_path, "t.json", {"input": X2, "filter": [[1]], "stride": 2**24})
    assert output_of(invoke("run", path, "--format", "json")) == [[[1]]]


def test_a_number_of_thousands_of_digits_is_one_line(tmp_path):
    path = write(tmp_path, "t.json", '{"input": [[' + "9" * 5000 + ']], "filter": [[1]]}')
    assert_one_line_error(invoke("run", path), f"{path}: holds a whole number of thousands")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"input": [[1e999]], "filter": [[1]]}', "input[0][0]: inf is not allowed"),
        ('{"input": [[' + str(2**63) + ']], "filter": [[1]]}', "is too large for 64-bit"),
        ('{"input": [[-9223372036854775808]], "filter": [[1]]}', "is too large for 64-bit"),
        ('{"input": [[1e300]], "filter": [[1e300]]}', "overflow 64-bit floats"),
        ('{"input": [[4611686018427387904]], "filter": [[4]]}', "overflow 64-bit integers"),
    ],
)
def test_absurd_values_are_one_line(tmp_path, text, message):
    path = write(tmp_path, "t.json", text)
    assert_one_line_error(invoke("run", path), f"{path}: ", message)


def test_numpy_integers_beyond_int64_are_refused_not_wrapped():
    with pytest.raises(InputError, match="is too large for 64-bit arithmetic"):
        convtrace.trace(np.array([[2**63]], dtype=np.uint64), [[[1]]])

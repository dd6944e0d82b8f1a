"""Messages for bad hyperparameters and options: JSON's words (``true``, ``an object``), right
plurals, and the place the user typed (the option, not the file)."""

from __future__ import annotations

import pytest

from convtrace import load_task
from convtrace.engine import run as run_engine
from convtrace.errors import InputError
from tests.test_bad_input import assert_one_line_error, invoke, write

X2 = [[1, 2], [3, 4]]


@pytest.mark.parametrize(
    ("data", "args", "fragment"),
    [
        ({"input": X2, "filter": [[1]]}, ["--bias", "1", "--bias", "2"], "2 biases for 1 filter;"),
        (
            {"input": [X2, X2], "filters": [[[[1]]]]},
            [],
            "w0 has 1 kernel, but it sees the input's 2 channels",
        ),
        (
            {"input": X2, "filters": [[[[1]], [[1]]]]},
            [],
            "w0 has 2 kernels, but it sees the input's 1 channel;",
        ),
        (
            {"input": X2, "filter": [[1]], "stride": True},
            [],
            "stride: expected a whole number, got true",
        ),
        ({"input": X2, "filter": [[1]], "padding": {"top": 1}}, [], "got an object"),
        ({"input": X2, "filter": [[1]], "flip": 1}, [], "flip: expected true or false, got 1"),
        ({"input": [[1, 2, 3]] * 3, "filter": [[1]], "stride": 2}, ["--strict"], None),
    ],
)
def test_messages_speak_json_and_plurals(tmp_path, data, args, fragment):
    path = write(tmp_path, "t.json", data)
    result = invoke("run", path, *args)
    if fragment is None:  # --strict on 3 columns with stride 2: nothing left over
        assert result.exit_code == 0, result.output
        return
    assert_one_line_error(result, fragment)


def test_strict_says_one_padded_row(tmp_path):
    path = write(tmp_path, "t.json", {"input": [[1, 2], [3, 4]], "filter": [[1]], "stride": 2})
    result = invoke("run", path, "--strict")
    assert_one_line_error(result, "the last row is never read")


@pytest.mark.parametrize(
    ("args", "start"),
    [
        (["--stride", "0"], "convtrace: --stride: must be 1 or more, got 0"),
        (["--padding", "-1"], "convtrace: --padding: "),
        (["--dilation", "x"], "convtrace: --dilation: "),
        (["--cell", "9,9,9"], "convtrace: --cell: filter 9 is outside the output"),
        (["--cell", "9,9"], "convtrace: --cell: "),
    ],
)
def test_option_errors_name_the_option_not_the_file(seed_path, args, start):
    result = invoke("run", seed_path, *args)
    assert_one_line_error(result)
    assert result.stderr.startswith(start), result.stderr


def test_the_library_cell_error_keeps_its_own_place(seed_path):
    trace = run_engine(load_task(seed_path))
    with pytest.raises(InputError) as error:
        trace.cell(9, 9, 9)
    assert error.value.place == "cell"


@pytest.mark.parametrize(
    ("key", "value"), [("stride", "2"), ("padding", "1"), ("dilation", "1,2"), ("groups", "1")]
)
def test_numbers_as_text_are_refused_in_json(tmp_path, key, value):
    path = write(tmp_path, "t.json", {"input": X2, "filter": [[1]], key: value})
    assert_one_line_error(invoke("run", path), f"{path}: {key}: ", "the text")


def test_padding_rules_as_text_still_work_in_json(tmp_path):
    path = write(tmp_path, "t.json", {"input": X2, "filter": [[1, 1]], "padding": "same"})
    assert invoke("run", path, "-q").exit_code == 0

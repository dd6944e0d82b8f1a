"""Bad input: one clear line naming the file and the place, exit status 2, never a traceback."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from convtrace.cli import main

GOOD_INPUT = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
GOOD_FILTER = [[1, 0], [0, 1]]


def invoke(*args, stdin=None):
    """``convtrace ARGS`` (paths may be Path objects), with ``stdin`` as standard input."""
    return CliRunner().invoke(main, [str(a) for a in args], input=stdin)


def write(tmp_path, name, content):
    """A file in ``tmp_path``: text as it is, anything else as JSON."""
    path = tmp_path / name
    text = content if isinstance(content, str) else json.dumps(content)
    path.write_text(text, encoding="utf-8")
    return path


def output_of(result):
    """The output volume of a successful ``--format json`` run."""
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["output"]


def run_file(tmp_path, content, *args, name="task.json"):
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return CliRunner().invoke(main, ["run", str(path), *args]), path


def assert_one_line_error(result, *fragments):
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


CASES = {
    "invalid JSON": ('{"input": [[1, 2]], ', ["task.json", "not valid JSON", "line 1"]),
    "ragged rows": (
        {"input": {"R": [[1, 2, 3], [4, 5]], "G": GOOD_INPUT}, "filter": [GOOD_FILTER] * 2},
        ["task.json: input.R: row 1 has 2 numbers, expected 3"],
    ),
    "ragged kernel rows": (
        {
            "input": {"R": GOOD_INPUT, "G": GOOD_INPUT},
            "filters": [{"weights": {"R": GOOD_FILTER, "G": [[1, 0], [0]]}}],
        },
        ["task.json: filters[0].weights.G: row 1 has 1 number, expected 2"],
    ),
    "empty input": ({"input": [], "filter": GOOD_FILTER}, ["task.json: input: is empty"]),
    "empty row": ({"input": [[]], "filter": GOOD_FILTER}, ["input", "empty"]),
    "empty filters": ({"input": GOOD_INPUT, "filters": []}, ["filters: is empty"]),
    "text instead of a number": (
        {"input": [[1, "2", 3], [4, 5, 6]], "filter": GOOD_FILTER},
        ["task.json: input[0][1]: the text '2' is not a number"],
    ),
    "null": ({"input": [[1, None]], "filter": [[1]]}, ["input[0][1]: null is not a number"]),
    "NaN": ('{"input": [[1, NaN]], "filter": [[1]]}', ["input[0][1]", "finite"]),
    "Infinity": ('{"input": [[1, 2]], "filter": [[Infinity]]}', ["filter[0][0]", "finite"]),
    "boolean": ({"input": [[1, True]], "filter": [[1]]}, ["input[0][1]: true is not a number"]),
    "channel count": (
        {"input": [GOOD_INPUT, GOOD_INPUT], "filters": [[GOOD_FILTER]]},
        ["filters[0]", "1 kernel", "2 channels"],
    ),
    "filters of different sizes": (
        {"input": GOOD_INPUT, "filters": [GOOD_FILTER, [[1, 2, 3]] * 3]},
        ["filters[1]", "3×3", "2×2"],
    ),
    "kernel larger than the padded input": (
        {"input": [[1, 2], [3, 4]], "filter": [[1] * 3] * 3},
        ["task.json", "kernel spans 3 rows", "padded input has only 2"],
    ),
    "stride below 1": (
        {"input": GOOD_INPUT, "filter": GOOD_FILTER, "stride": 0},
        ["task.json: stride: must be 1 or more, got 0"],
    ),
    "negative padding": (
        {"input": GOOD_INPUT, "filter": GOOD_FILTER, "padding": -1},
        ["task.json: padding: must be 0 or more, got -1"],
    ),
    "unknown keys": (
        {"input": GOOD_INPUT, "filter": GOOD_FILTER, "strides": 2, "colour": 1},
        ["unknown keys", "'strides' (did you mean 'stride'?)", "'colour'"],
    ),
    "unknown filter key": (
        {"input": GOOD_INPUT, "filters": [{"weights": GOOD_FILTER, "b": 1}]},
        ["filters[0]", "unknown key 'b'"],
    ),
    "no filters": ({"input": GOOD_INPUT}, ["task.json", '"filters"']),
    "no input": ({"filter": GOOD_FILTER}, ["task.json", '"input"']),
    "not an object": ([1, 2, 3], ["task.json", "expected an object"]),
    "too deep": ({"input": [[[[1]]]], "filter": [[1]]}, ["input", "nested 4 deep"]),
    "absurd size": (
        '{"input": {"R": [' + ",".join(["[" + "0," * 4099 + "0]"] * 4100) + ']}, "filter": [[1]]}',
        ["task.json: input.R", "too large to trace", "crop a patch"],
    ),
    "groups": (
        {"input": [GOOD_INPUT] * 3, "filters": [[GOOD_FILTER]] * 2, "groups": 2},
        ["groups", "must divide"],
    ),
    "reflect too large": (
        {"input": GOOD_INPUT, "filter": GOOD_FILTER, "padding": 3, "padding_mode": "reflect"},
        ["padding_mode", "reflect", "PyTorch"],
    ),
    "channels last": (
        {"input": [[[1, 2, 3]] * 4] * 4, "filters": [[[[1]]] * 3]},
        ["filters[0]", "rows × cols × channels", "channels first"],
    ),
    "bias twice": (
        {"input": GOOD_INPUT, "filters": [{"weights": GOOD_FILTER, "bias": 1}], "bias": 2},
        ["task.json: bias: give each bias either in its filter or in the top-level"],
    ),
    "top-level bias count": (
        {"input": GOOD_INPUT, "filters": [GOOD_FILTER] * 2, "bias": [1, 2, 3]},
        ["task.json: bias: 3 biases for 2 filters"],
    ),
    "bias beside filters that are not a list": (
        {"input": GOOD_INPUT, "filters": 5, "bias": 1},
        ["task.json: filters: expected a list of filters, got 5"],
    ),
    "bad padding word": (
        {"input": GOOD_INPUT, "filter": GOOD_FILTER, "padding": "full"},
        ["padding", "'full'"],
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_bad_task_files(tmp_path, case):
    content, fragments = CASES[case]
    result, _ = run_file(tmp_path, content)
    assert_one_line_error(result, *fragments)


def test_missing_file(tmp_path):
    result = CliRunner().invoke(main, ["run", str(tmp_path / "nope.json")])
    assert_one_line_error(result, "nope.json: no such file")


def test_bad_option_values(tmp_path):
    result, _ = run_file(tmp_path, {"input": GOOD_INPUT, "filter": GOOD_FILTER}, "--stride", "0")
    assert_one_line_error(result, "--stride: must be 1 or more")
    result, _ = run_file(tmp_path, {"input": GOOD_INPUT, "filter": GOOD_FILTER}, "--padding", "x")
    assert_one_line_error(result, "--padding")
    result, _ = run_file(tmp_path, {"input": GOOD_INPUT, "filter": GOOD_FILTER}, "--cell", "5,0,0")
    assert_one_line_error(result, "filter 5 is outside the output")


def test_csv_errors(tmp_path):
    kernel = tmp_path / "k.csv"
    kernel.write_text("1,0\n0,1\n", encoding="utf-8")
    ragged = tmp_path / "x.csv"
    ragged.write_text("1,2,3\n4,5\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["run", "--input", str(ragged), "--kernel", str(kernel)])
    assert_one_line_error(result, "x.csv: line 2: 2 numbers, expected 3")
    words = tmp_path / "w.csv"
    words.write_text("1,2\n3,four\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["run", "--input", str(words), "--kernel", str(kernel)])
    assert_one_line_error(result, "w.csv: line 2, column 2: 'four' is not a number")
    empty = tmp_path / "e.csv"
    empty.write_text("\n\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["run", "--input", str(empty), "--kernel", str(kernel)])
    assert_one_line_error(result, "e.csv: has no numbers")


def test_csv_task_file_is_explained(tmp_path):
    result, _ = run_file(tmp_path, "1,2\n3,4\n", name="x.csv")
    assert_one_line_error(result, "x.csv", "--input")


def test_bias_count(tmp_path):
    result, _ = run_file(
        tmp_path, {"input": GOOD_INPUT, "filters": [GOOD_FILTER] * 3}, "--bias", "1", "--bias", "2"
    )
    assert_one_line_error(result, "--bias: 2 biases for 3 filters")


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["run", "TASK", "--format", "xyz"], "Invalid value for '--format'"),
        (["run", "TASK", "--groups", "x"], "Invalid value for '--groups'"),
        (["run", "--bogus"], "No such option '--bogus'"),
        (["frob"], "No such command 'frob'"),
        (["run"], "give a task file"),
    ],
)
def test_misused_options_get_one_line_too(seed_path, args, fragment):
    args = [str(seed_path) if a == "TASK" else a for a in args]
    result = CliRunner().invoke(main, args)
    assert_one_line_error(result, fragment, "--help')")

"""The JSON reader every command uses: nesting too deep for the parser, keys given twice,
standard input; each problem one line naming the file and the place."""

from __future__ import annotations

import pytest

from convtrace.loaders import read_json
from tests.test_bad_input import assert_one_line_error, invoke, output_of, write

SEED_OUTPUT = [[[3, 7, 4], [17, -7, 1], [14, 25, 13]]]


DEEP = "[" * 100_000 + "]" * 100_000


@pytest.mark.parametrize("where", ["task", "input", "kernel"])
def test_deeply_nested_json_is_one_line(tmp_path, where):
    deep = write(tmp_path, "deep.json", '{"input": ' + DEEP + ', "filter": [[1]]}')
    good = write(tmp_path, "k.csv", "1\n")
    args = {
        "task": ["run", deep],
        "input": ["run", "--input", deep, "--kernel", good],
        "kernel": ["run", "--input", good, "--kernel", deep],
    }[where]
    result = invoke(*args)
    assert_one_line_error(result, f"{deep}: not valid JSON: nested too deeply")


def test_deeply_nested_answer_is_one_line(tmp_path, seed_path):
    deep = write(tmp_path, "deepans.json", DEEP)
    result = invoke("check", seed_path, deep)
    assert_one_line_error(result, f"{deep}: not valid JSON: nested too deeply")


def test_a_repeated_key_is_refused_with_its_path(tmp_path):
    path = write(tmp_path, "t.json", '{"input": [[1]], "input": [[2]], "filter": [[1]]}')
    assert_one_line_error(invoke("run", path), f"{path}: input: the key 'input' is given twice")
    nested = '{"input": [[1]], "filters": [{"weights": {"R": [[1]], "R": [[2]]}}]}'
    path = write(tmp_path, "n.json", nested)
    assert_one_line_error(invoke("run", path), f"{path}: filters[0].weights.R: the key 'R'")


def test_a_repeated_key_in_an_answer_is_refused(tmp_path, seed_path):
    answer = write(tmp_path, "a.json", '{"output": [[1]], "output": [[3, 7, 4]]}')
    result = invoke("check", seed_path, answer)
    assert_one_line_error(result, f"{answer}: output: the key 'output' is given twice")


def test_read_json_keeps_ordinary_objects(tmp_path):
    path = write(tmp_path, "t.json", '{"a": {"b": [1, {"c": 2}]}}')
    assert read_json(path) == {"a": {"b": [1, {"c": 2}]}}


def test_task_from_standard_input(seed_path):
    text = seed_path.read_text(encoding="utf-8")
    result = invoke("run", "-", "--format", "json", stdin=text)
    assert output_of(result) == SEED_OUTPUT


def test_bad_standard_input_is_named(tmp_path):
    result = invoke("run", "-", stdin='{"input": ')
    assert_one_line_error(result, "standard input: not valid JSON")

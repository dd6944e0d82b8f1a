"""`convtrace quiz`: random exercises that validate, agree with the engine and repeat by seed."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import convtrace
from convtrace.errors import InputError
from convtrace.homework.quiz import make_quiz, parse_range, task_json
from tests.reference import conv2d


def reference_output(task_data):
    names = list(task_data["input"])
    x = [task_data["input"][n] for n in names]
    weights = [[f["weights"][n] for n in names] for f in task_data["filters"]]
    biases = [f["bias"] for f in task_data["filters"]]
    s, p = task_data["stride"], task_data["padding"]
    return conv2d(x, weights, biases, stride=(s, s), padding=(p, p, p, p))


@settings(max_examples=80, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    size=st.one_of(st.none(), st.integers(3, 8)),
    channels=st.one_of(st.none(), st.integers(1, 4)),
    filters=st.integers(1, 3),
    kernel=st.one_of(st.none(), st.integers(1, 3)),
    stride=st.one_of(st.none(), st.integers(1, 3)),
    padding=st.one_of(st.none(), st.integers(0, 2)),
    allow_floor=st.booleans(),
)
def test_random_quizzes_validate_and_their_answer_key_matches_the_reference(
    tmp_path_factory, seed, size, channels, filters, kernel, stride, padding, allow_floor
):
    try:
        quiz = make_quiz(
            size=size,
            channels=channels,
            filters=filters,
            kernel=kernel,
            stride=stride,
            padding=padding,
            values="-2..5",
            weights="-2..2",
            seed=seed,
            allow_floor=allow_floor,
        )
    except InputError as error:
        # only fixed options that cannot work are refused, and the message says why
        assert None not in (size, kernel, stride, padding) or "give all four" in str(error)
        return
    path = tmp_path_factory.mktemp("quiz") / "task.json"
    path.write_text(quiz.task_json(), encoding="utf-8")
    task = convtrace.load_task(path)  # the file validates
    assert json.loads(path.read_text(encoding="utf-8")) == quiz.data
    trace = convtrace.trace(task)
    assert trace.output.tolist() == reference_output(quiz.data)
    assert quiz.trace.output.tolist() == trace.output.tolist()
    rows, cols = task.axes
    if not allow_floor:
        assert rows.remainder == 0 and cols.remainder == 0  # the size formula comes out whole
    for value, got in ((size, rows.size), (kernel, rows.kernel), (stride, rows.stride)):
        assert value is None or value == got
    assert padding is None or task.padding == (padding,) * 4
    assert channels is None or task.channels == channels
    assert len(task.filters) == filters
    x = np.array(list(quiz.data["input"].values()))
    assert x.min() >= -2 and x.max() <= 5


def test_the_same_seed_gives_the_same_exercise():
    a = make_quiz(seed=7)
    b = make_quiz(seed=7)
    assert a.task_json() == b.task_json()
    assert make_quiz(seed=8).task_json() != a.task_json()


def test_the_issue_options():
    quiz = make_quiz(
        size=5,
        channels=3,
        filters=2,
        kernel=3,
        stride=2,
        padding=1,
        values="0..3",
        weights="-1..1",
        seed=3,
    )
    task = quiz.task
    assert task.x.shape == (3, 5, 5)
    assert task.channel_names == ("R", "G", "B")
    assert [f.name for f in task.filters] == ["w0", "w1"]
    assert task.weights.shape == (2, 3, 3, 3)
    assert task.stride == (2, 2) and task.padding == (1, 1, 1, 1)
    assert set(np.unique(task.x)) <= {0, 1, 2, 3}
    assert set(np.unique(task.weights)) <= {-1, 0, 1}
    assert all(f.bias in (-1, 1) for f in task.filters)  # never a bias of 0 when avoidable
    assert quiz.trace.shape == (2, 3, 3)
    assert quiz.data["title"] == "Exercise: convtrace quiz --seed 3"


def test_floor_needed_is_refused_with_what_would_work():
    with pytest.raises(InputError) as error:
        make_quiz(size=6, kernel=3, stride=2, padding=1, seed=1)
    message = str(error.value)
    assert "(6 − 3 + 2·1)/2 = 5/2 is not whole" in message
    assert "--size 5" in message and "--allow-floor" in message
    quiz = make_quiz(size=6, kernel=3, stride=2, padding=1, seed=1, allow_floor=True)
    assert quiz.trace.shape[1:] == (3, 3)


def test_kernel_larger_than_the_padded_input():
    with pytest.raises(InputError, match="does not fit"):
        make_quiz(size=2, kernel=5, stride=1, padding=0, seed=1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("0..3", (0, 3)), ("-1..1", (-1, 1)), ("−2..2", (-2, 2)), ("4", (4, 4)), ("1:2", (1, 2))],
)
def test_ranges(text, expected):
    assert parse_range(text, "--range") == expected


@pytest.mark.parametrize("text", ["3..1", "a..b", "1..", ""])
def test_bad_ranges(text):
    with pytest.raises(InputError, match="--range"):
        parse_range(text, "--range")


def test_task_json_is_written_for_people():
    text = task_json({"input": [[1, -2], [3, 4]], "filter": [[1, 0], [0, -1]], "stride": 1})
    assert text == (
        "{\n"
        '  "input": [[ 1, -2],\n'
        "            [ 3,  4]],\n"
        '  "filter": [[ 1,  0],\n'
        "             [ 0, -1]],\n"
        '  "stride": 1\n'
        "}\n"
    )

"""The quiz's new options: dilation, padding modes, 1-D signals and decimals. Each exercise
validates as a task file and its answer key agrees with the reference loop; an exercise made
without them is the one the same seed always made."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import convtrace
from convtrace.errors import InputError
from convtrace.homework.quiz import make_quiz, task_json
from tests.reference import conv2d


def reference(task) -> list:
    return conv2d(
        task.x.tolist(),
        [f.weights.tolist() for f in task.filters],
        [f.bias for f in task.filters],
        stride=task.stride,
        padding=task.padding,
        padding_mode=task.padding_mode,
        dilation=task.dilation,
        flip=task.flip,
    )


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    dilation=st.integers(1, 3),
    mode=st.sampled_from(["zeros", "reflect", "replicate", "circular"]),
    signal=st.booleans(),
    decimals=st.integers(0, 2),
    channels=st.one_of(st.none(), st.integers(1, 3)),
)
def test_every_new_option_makes_a_task_the_reference_agrees_with(
    tmp_path_factory, seed, dilation, mode, signal, decimals, channels
):
    try:
        made = make_quiz(
            seed=seed,
            dilation=dilation,
            padding_mode=mode,
            signal=signal,
            decimals=decimals,
            channels=channels,
            filters=2,
        )
    except InputError as error:  # a drawn size too small for this dilation: said, not crashed
        assert "fit these options" in str(error) or "kernel does not fit" in str(error)
        return
    path = tmp_path_factory.mktemp("quiz") / "task.json"
    path.write_text(made.task_json(), encoding="utf-8")
    task = convtrace.load_task(path)
    assert task.one_d == signal and task.padding_mode == mode
    assert task.dilation == ((1 if signal else dilation), dilation)
    if mode != "zeros":  # a padding mode with no padding would show nothing
        assert min(task.padding[2:] if signal else task.padding) >= 1
    cols = task.axes[1]
    assert cols.remainder == 0 and cols.pad_before <= dilation * (cols.kernel - 1)
    assert np.allclose(convtrace.trace(task).output, reference(task), rtol=0, atol=1e-9)
    numbers = [*task.x.ravel().tolist(), *task.weights.ravel().tolist()]
    assert all(round(v, decimals) == v for v in numbers)
    assert all(0 <= v <= 3 for v in task.x.ravel().tolist())


def test_without_the_new_options_the_same_seed_makes_the_same_exercise():
    """Drawn before the options came: the seed-7 exercise, as the README's shows it."""
    made = make_quiz(size=5, channels=3, filters=2, kernel=3, stride=2, padding=1, seed=7)
    assert made.task_json() == make_quiz(
        size=5, channels=3, filters=2, kernel=3, stride=2, padding=1, seed=7, dilation=1,
        padding_mode="zeros", signal=False, decimals=0,
    ).task_json()  # fmt: skip
    assert "dilation" not in made.data and "padding_mode" not in made.data


def test_a_signal_is_written_one_line_per_list():
    made = make_quiz(seed=2, signal=True, size=8, kernel=3, channels=2)
    text = made.task_json()
    data = json.loads(text)
    assert set(data["input"]) == {"c0", "c1"}
    assert f'"c0": {json.dumps(data["input"]["c0"])}' in text  # one line
    assert made.task.one_d and made.trace.shape[1] == 1
    assert "8-sample signal of 2 channels" in data["description"]
    assert task_json({"input": [1, 2], "filter": [1, -1]}) == (
        '{\n  "input": [1, 2],\n  "filter": [1, -1]\n}\n'
    )


def test_decimals_are_steps_of_a_tenth():
    made = make_quiz(seed=4, decimals=1, values="0..1", weights="-1..1")
    values = made.task.x.ravel().tolist()
    assert all(v * 10 == round(v * 10) for v in values) and max(values) <= 1
    assert any(not float(v).is_integer() for v in values)
    assert made.data["filters"][0]["bias"] != 0


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"decimals": 3}, "--decimals: 0 to 2 decimal places, got 3"),
        ({"dilation": 0}, "--dilation: must be 1 or more, got 0"),
        ({"padding_mode": "reflect", "padding": 0}, "--padding-mode: reflect padding needs"),
        ({"padding_mode": "mirror"}, "--padding-mode: 'mirror' is not one of"),
        ({"kernel": 3, "dilation": 2, "padding": 5}, "--padding: 5 is too much for a 3×3"),
        (
            {"size": 6, "kernel": 3, "dilation": 2, "stride": 2, "padding": 0},
            "(H₁ + 2P − d·(F − 1) − 1)/s = (6 + 2·0 − 2·(3 − 1) − 1)/2 = 1/2 is not whole",
        ),
    ],
)
def test_options_that_cannot_make_an_exercise(options, message):
    with pytest.raises(InputError) as error:
        make_quiz(seed=1, **options)
    assert message in str(error.value)


def test_dilation_allows_more_padding():
    """P ≤ d·(F − 1) = 4; (5 + 2·4 − 2·(3 − 1) − 1)/1 + 1 = 9."""
    made = make_quiz(seed=1, kernel=3, dilation=2, padding=4, size=5, stride=1)
    assert made.task.padding == (4, 4, 4, 4) and made.trace.shape[1:] == (9, 9)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), signal=st.booleans(), filters=st.integers(1, 2))
def test_fraction_weights_make_an_exact_key_the_reference_agrees_with(
    tmp_path_factory, seed, signal, filters
):
    from fractions import Fraction

    from convtrace.homework.sheets import write_quiz

    made = make_quiz(seed=seed, fractions=True, signal=signal, filters=filters)
    weights = [v for f in made.task.filters for v in f.weights.ravel().tolist()]
    assert all(isinstance(v, Fraction) and v.denominator in (1, 2, 3, 4) for v in weights)
    assert all(-1 <= v <= 1 for v in weights)  # the weights' range, -1..1
    # the key: exact fractions, as the reference loop computes them from the task file's text
    folder = tmp_path_factory.mktemp("fractions")
    write_quiz(made, folder)
    written = convtrace.load_task(folder / "task.json", exact=True)  # "-3/4" read back
    expected = reference(written)
    assert made.trace.output.tolist() == expected
    assert all(isinstance(v, int | Fraction) for m in expected for row in m for v in row)
    key = (folder / "answer-key.md").read_text(encoding="utf-8")
    odd = [v for m in expected for row in m for v in row if isinstance(v, Fraction)]
    odd = [v for v in odd if v.denominator != 1]
    if odd:  # written as a fraction, never as a rounded decimal
        v = odd[0]
        assert f"{abs(v.numerator)}/{v.denominator}" in key
    assert make_quiz(seed=seed, fractions=True, signal=signal, filters=filters).task_json() == (
        made.task_json()
    )


def test_fractions_or_decimals_not_both():
    with pytest.raises(InputError, match="fractions or decimals: a quiz takes one of them"):
        make_quiz(seed=1, fractions=True, decimals=1)

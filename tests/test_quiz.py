"""`convtrace quiz`: random exercises that validate, agree with the reference and repeat by seed;
the limits of a quiz worked by hand, and folders that cannot be written."""

from __future__ import annotations

import itertools
import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import convtrace
from convtrace.cli import main
from convtrace.errors import InputError
from convtrace.homework.quiz import (
    KERNELS,
    PADDINGS,
    SIZES,
    STRIDES,
    make_quiz,
    parse_range,
    task_json,
)
from tests.conftest import ROOT, SAMPLES
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
        assert_refused_for_its_reason(error, size, kernel, stride, padding, allow_floor)
        return
    path = tmp_path_factory.mktemp("quiz") / "task.json"
    path.write_text(quiz.task_json(), encoding="utf-8")
    task = convtrace.load_task(path)  # the file validates
    assert json.loads(path.read_text(encoding="utf-8")) == quiz.data
    trace = convtrace.trace(task)
    assert trace.output.tolist() == reference_output(quiz.data)
    assert quiz.trace.output.tolist() == trace.output.tolist()
    rows, cols = task.axes
    assert rows.pad_before < rows.kernel  # never a window of padding alone
    if not allow_floor:
        assert rows.remainder == 0 and cols.remainder == 0  # the size formula comes out whole
    for value, got in ((size, rows.size), (kernel, rows.kernel), (stride, rows.stride)):
        assert value is None or value == got
    assert padding is None or task.padding == (padding,) * 4
    assert channels is None or task.channels == channels
    assert len(task.filters) == filters
    x = np.array(list(quiz.data["input"].values()))
    assert x.min() >= -2 and x.max() <= 5


def assert_refused_for_its_reason(error, size, kernel, stride, padding, allow_floor):
    """Only options that cannot make an exercise are refused, each with its own message."""
    message = str(error)
    if padding is not None and kernel is not None and padding >= kernel:  # P ≥ F
        assert error.place == "--padding"
        assert message.startswith(f"--padding: {padding} is too much for a {kernel}×{kernel}")
    elif None not in (size, kernel, stride, padding):
        numerator = size - kernel + 2 * padding
        assert error.place is None
        if numerator < 0:
            assert message.startswith(f"a {kernel}×{kernel} kernel does not fit a {size}×{size}")
        else:
            assert not allow_floor and numerator % stride
            assert f"= {numerator}/{stride} is not whole" in message
    else:
        assert message == "no size, kernel, stride and padding fit these options; give all four"
        for h, f, s, p in itertools.product(
            [size] if size else SIZES,
            [kernel] if kernel else KERNELS,
            [stride] if stride else STRIDES,
            [padding] if padding is not None else PADDINGS,
        ):
            assert p >= f or h - f + 2 * p < 0 or (not allow_floor and (h - f + 2 * p) % s)


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


# --- the command -----------------------------------------------------------------------------

VALUE_LINE = re.compile(r"channel sums \+ bias: \$o\[(\d+), (\d+), (\d+)\] = .* = (-?\d+)\$")
TERMS = re.compile(r"^- \*\*(\w+)\*\*: \$(.+?)(?: = -?\d+)?\$", re.M)


def quiz_cli(*args):
    return CliRunner().invoke(main, ["quiz", *map(str, args)])


@pytest.mark.parametrize("seed", [3, 0, 1, 2, 5, 8, 13, 21, 34, 55])
def test_a_teacher_gets_a_task_a_worksheet_and_an_answer_key_that_agree(tmp_path, seed):
    sheet = tmp_path / "sheet"
    result = quiz_cli("--seed", seed, "-o", sheet)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in sheet.iterdir()) == ["answer-key.md", "task.json", "worksheet.md"]
    assert f"Exercise (seed {seed})" in result.stdout
    assert f"convtrace check {sheet / 'task.json'} ANSWER.csv" in result.stdout
    task = convtrace.load_task(sheet / "task.json")
    data = json.loads((sheet / "task.json").read_text(encoding="utf-8"))
    output = convtrace.trace(task).output
    assert output.tolist() == reference_output(data)
    key = (sheet / "answer-key.md").read_text(encoding="utf-8")
    values = {
        tuple(int(n) for n in m.groups()[:3]): int(m.group(4)) for m in VALUE_LINE.finditer(key)
    }
    assert len(values) == output.size
    for (k, i, j), value in values.items():
        assert output[k, i, j] == value
    worksheet = (sheet / "worksheet.md").read_text(encoding="utf-8")
    assert "\\_\\_\\_" in worksheet
    assert not VALUE_LINE.search(worksheet)  # no answers on the worksheet
    # the worksheet asks for exactly the products the answer key works out
    assert TERMS.findall(worksheet) == TERMS.findall(key)
    assert len(TERMS.findall(key)) == output.size * task.channels


def test_the_same_seed_gives_the_same_files(tmp_path):
    for name in ("a", "b"):
        assert quiz_cli("--seed", 7, "-o", tmp_path / name).exit_code == 0
    for path in (tmp_path / "a").iterdir():
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes(), path.name


def test_the_issue_options_on_the_command_line(tmp_path):
    result = quiz_cli(
        "--size", 5, "--channels", 3, "--filters", 2, "--kernel", 3, "--stride", 2,
        "--padding", 1, "--range", "0..3", "--weights", "-1..1", "--seed", 11, "-o", tmp_path,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "input 5×5×3, 2 filters 3×3×3, stride 2, padding 1 → output 3×3×2" in result.stdout
    task = convtrace.load_task(tmp_path / "task.json")
    assert task.x.shape == (3, 5, 5) and len(task.filters) == 2


def test_default_folder_is_named_after_the_seed(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert quiz_cli("--seed", 5).exit_code == 0
    assert (tmp_path / "quiz-5" / "task.json").exists()


def test_without_a_seed_the_seed_is_told(tmp_path):
    result = quiz_cli("-o", tmp_path)
    assert result.exit_code == 0
    seed = int(re.search(r"Exercise \(seed (\d+)\)", result.stdout).group(1))
    again = quiz_cli("--seed", seed, "-o", tmp_path / "again")
    assert again.exit_code == 0
    assert (tmp_path / "task.json").read_bytes() == (tmp_path / "again" / "task.json").read_bytes()


def test_latex_worksheet_and_answer_key_beside_the_markdown(tmp_path):
    assert quiz_cli("--seed", 3, "-o", tmp_path).exit_code == 0
    result = quiz_cli("--seed", 3, "-o", tmp_path, "--latex")  # same task.json: no conflict
    assert result.exit_code == 0, result.output
    assert (tmp_path / "worksheet.tex").read_text(encoding="utf-8").startswith("\\documentclass")
    assert (tmp_path / "answer-key.tex").exists()


def test_existing_files_need_force(tmp_path):
    assert quiz_cli("--seed", 3, "-o", tmp_path).exit_code == 0
    result = quiz_cli("--seed", 4, "-o", tmp_path)
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"convtrace: {tmp_path / 'task.json'}: exists already; add --force to replace it"
    )
    assert quiz_cli("--seed", 4, "-o", tmp_path, "--force").exit_code == 0
    assert "--seed 4" in (tmp_path / "task.json").read_text(encoding="utf-8")


def test_a_size_formula_that_needs_the_floor_is_refused(tmp_path):
    args = ("--size", 6, "--kernel", 3, "--stride", 2, "--padding", 1, "--seed", 1, "-o", tmp_path)
    result = quiz_cli(*args)
    assert result.exit_code == 2
    assert "(6 − 3 + 2·1)/2 = 5/2 is not whole" in result.stderr
    assert not list(tmp_path.iterdir())
    result = quiz_cli(*args, "--allow-floor")
    assert result.exit_code == 0
    assert "output 3×3×1" in result.stdout


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--range", "3..1"], "--range: 3..1 is empty"),
        (["--weights", "x"], "--weights: 'x' is not a range"),
        (["--size", "0"], "--size: must be 1 or more"),
        (["--padding", "-1"], "--padding: must be 0 or more"),
    ],
)
def test_bad_quiz_options(tmp_path, args, fragment):
    result = quiz_cli(*args, "-o", tmp_path)
    assert result.exit_code == 2
    assert fragment in result.stderr


def test_the_quiz_round_trip_through_check(tmp_path):
    assert quiz_cli("--seed", 9, "-o", tmp_path).exit_code == 0
    output = reference_output(json.loads((tmp_path / "task.json").read_text(encoding="utf-8")))
    answer = tmp_path / "answer.csv"
    answer.write_text(
        "\n\n".join("\n".join(",".join(map(str, row)) for row in m) for m in output),
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["check", str(tmp_path / "task.json"), str(answer)])
    assert result.exit_code == 0, result.output


def test_readme_quiz_examples_are_what_quiz_prints(tmp_path, monkeypatch):
    readme = (SAMPLES.parent / "README.md").read_text(encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    start = readme.index("```text\n", readme.index("convtrace quiz --seed 3 -o sheet/")) + 8
    assert (
        quiz_cli("--seed", 3, "-o", "sheet/").stdout == readme[start : readme.index("```", start)]
    )
    result = quiz_cli(
        "--size", 5, "--channels", 3, "--filters", 2, "--kernel", 3, "--stride", 2,
        "--padding", 1, "--range", "0..3", "--weights", "-1..1", "--seed", 7, "-o", "sheet7/",
    )  # fmt: skip
    assert result.stdout.splitlines()[0] in readme
    result = quiz_cli("--size", 6, "--kernel", 3, "--stride", 2, "--padding", 1, "--seed", 1)
    assert result.stderr.strip() in readme


# --- a folder that cannot be made or written -------------------------------------------------


def one_line_error(result, *parts):
    """Exit status 2, one line on stderr naming the place, no traceback."""
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("convtrace: ")
    for part in parts:
        assert part in lines[0]
    return lines[0]


def test_quiz_folder_below_a_file(tmp_path):
    afile = tmp_path / "afile"
    afile.write_text("x", encoding="utf-8")
    result = quiz_cli("--seed", 4, "-o", afile / "sub")
    one_line_error(result, f"{afile / 'sub'}: cannot create the folder (not a directory)")


def test_quiz_folder_where_nothing_can_be_made(tmp_path):
    result = quiz_cli("--seed", 4, "-o", "/proc/nope")
    one_line_error(result, "/proc/nope: cannot create the folder (")


def test_quiz_permission_denied(tmp_path, monkeypatch):
    # tests may run as root, where chmod does not stop anyone: the system's refusal is faked
    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "mkdir", refuse)
    result = quiz_cli("--seed", 4, "-o", tmp_path / "new")
    one_line_error(result, "cannot create the folder (permission denied)")


def test_quiz_task_file_not_writable(tmp_path, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "write_text", refuse)
    result = quiz_cli("--seed", 4, "-o", tmp_path / "new")
    one_line_error(result, "task.json: cannot write here (permission denied)")


@pytest.mark.parametrize("name", ["task.json", "worksheet.md", "answer-key.md"])
def test_quiz_file_in_the_way_is_a_folder(tmp_path, name):
    (tmp_path / "q" / name).mkdir(parents=True)
    result = quiz_cli("--seed", 4, "-o", tmp_path / "q", "--force")
    one_line_error(result, f"{name}: ", "is a directory")


# --- limits: what a quiz worked by hand can take ---------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--filters", 1000, "--size", 4], "--filters: at most 8, got 1000"),
        (["--filters", 9], "--filters: at most 8, got 9"),
        (["--channels", 50], "--channels: at most 8, got 50"),
        (["--size", 65], "--size: at most 64, got 65"),
        (["--padding", 5, "--kernel", 3], "--padding: 5 is too much for a 3×3 kernel"),
        (["--padding", 3, "--kernel", 3, "--size", 4], "at most 2 (P = F − 1"),
        (["--padding", 3], "--padding: 3 is too much for the kernels a quiz draws"),
    ],
)
def test_quiz_limits(tmp_path, args, message):
    result = quiz_cli("--seed", 4, "-o", tmp_path / "q", *args)
    one_line_error(result, message)
    assert not (tmp_path / "q").exists()


@pytest.mark.parametrize(
    "args",
    [
        ["--filters", 8, "--channels", 8, "--size", 4],
        ["--padding", 2, "--kernel", 3, "--size", 4],  # P = F − 1: the "full" convolution
        ["--padding", 3, "--kernel", 4],
        ["--padding", 2],
    ],
)
def test_quiz_within_limits(tmp_path, args):
    result = quiz_cli("--seed", 4, "-o", tmp_path / "q", *args)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("seed", range(30))
def test_a_drawn_quiz_never_has_a_window_of_padding_alone(seed):
    task = make_quiz(seed=seed, padding=None if seed % 2 else 1).task
    rows, cols = task.axes
    assert rows.pad_before < rows.kernel and cols.pad_before < cols.kernel


def test_the_description_says_bias_0_when_there_is_none():
    made = make_quiz(seed=4, biases="0..0")
    assert "with bias 0," in made.data["description"]
    assert all(f["bias"] == 0 for f in made.data["filters"])
    assert "with bias," in make_quiz(seed=4).data["description"]


def test_homework_is_an_attribute_of_a_bare_import():
    code = "import convtrace; print(convtrace.homework.make_quiz(size=5, seed=7).seed)"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "7"

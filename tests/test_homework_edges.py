"""QA findings on `convtrace check` and `convtrace quiz`: each test failed before its fix."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from convtrace.cli import main
from tests.conftest import SAMPLES

ROOT = Path(__file__).resolve().parent.parent
SEED = str(SAMPLES / "seed.json")
SEED_OUTPUT = [[3, 7, 4], [17, -7, 1], [14, 25, 13]]


def cli(*args):
    return CliRunner().invoke(main, [*map(str, args)])


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def one_line_error(result, *parts):
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("convtrace: ")
    for part in parts:
        assert part in lines[0]
    return lines[0]


# --- 1. quiz: a folder that cannot be made or written ----------------------------------------


def test_quiz_folder_below_a_file(tmp_path):
    afile = tmp_path / "afile"
    afile.write_text("x", encoding="utf-8")
    result = cli("quiz", "--seed", 4, "-o", afile / "sub")
    one_line_error(result, f"{afile / 'sub'}: cannot create the folder (not a directory)")


def test_quiz_folder_where_nothing_can_be_made(tmp_path):
    result = cli("quiz", "--seed", 4, "-o", "/proc/nope")
    one_line_error(result, "/proc/nope: cannot create the folder (")


def test_quiz_permission_denied(tmp_path, monkeypatch):
    # tests may run as root, where chmod does not stop anyone: the system's refusal is faked
    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "mkdir", refuse)
    result = cli("quiz", "--seed", 4, "-o", tmp_path / "new")
    one_line_error(result, "cannot create the folder (permission denied)")


def test_quiz_task_file_not_writable(tmp_path, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "write_text", refuse)
    result = cli("quiz", "--seed", 4, "-o", tmp_path / "new")
    one_line_error(result, "task.json: cannot write here (permission denied)")


@pytest.mark.parametrize("name", ["task.json", "worksheet.md", "answer-key.md"])
def test_quiz_file_in_the_way_is_a_folder(tmp_path, name):
    (tmp_path / "q" / name).mkdir(parents=True)
    result = cli("quiz", "--seed", 4, "-o", tmp_path / "q", "--force")
    one_line_error(result, f"{name}: ", "is a directory")


# --- 2. check: a tolerance that is not a finite number ---------------------------------------


@pytest.mark.parametrize("tolerance", ["nan", "inf", "1e400", "-inf"])
@pytest.mark.parametrize("fmt", ["text", "json"])
def test_non_finite_tolerance_is_refused(tmp_path, tolerance, fmt):
    answer = write(tmp_path, "right.csv", "3,7,4\n17,-7,1\n14,25,13\n")
    result = cli("check", SEED, answer, "--tolerance", tolerance, "--format", fmt)
    one_line_error(result, "--tolerance: must be a finite number")
    assert result.stdout == ""  # no JSON with NaN in it


def test_non_finite_tolerance_in_the_library():
    from convtrace import trace
    from convtrace.errors import InputError
    from convtrace.homework import check

    with pytest.raises(InputError, match="finite"):
        check(trace(SEED), [SEED_OUTPUT], float("nan"))


# --- 3. every cell off by the same amount ----------------------------------------------------


def plus(d, *changes):
    rows = [[v + d for v in row] for row in SEED_OUTPUT]
    for i, j, v in changes:
        rows[i][j] = v
    return "\n".join(",".join(str(v) for v in row) for row in rows) + "\n"


def verdict(tmp_path, text):
    answer = write(tmp_path, "answer.csv", text)
    result = cli("check", SEED, answer, "--format", "json")
    assert result.exit_code == 1, result.output
    return json.loads(result.stdout)


def test_bias_added_twice(tmp_path):
    # the seed's bias is +1: every cell one too many is the bias added twice
    doc = verdict(tmp_path, plus(1))
    assert [f["slip"] for f in doc["diagnosis"]] == ["bias_twice"]
    assert "Did you add the bias b₀ twice?" in doc["diagnosis"][0]["message"]
    assert doc["cell_diagnosis"] == []  # no per-cell guesses when one slip explains every cell
    assert {w["slip"] for w in doc["wrong"]} == {"bias_twice"}


def test_minus_the_bias_is_still_the_bias_forgotten(tmp_path):
    doc = verdict(tmp_path, plus(-1))
    assert [f["slip"] for f in doc["diagnosis"]] == ["bias_forgotten"]
    assert doc["cell_diagnosis"] == []


def test_a_plain_offset_in_words(tmp_path):
    doc = verdict(tmp_path, plus(3))
    assert [f["slip"] for f in doc["diagnosis"]] == ["offset"]
    assert doc["diagnosis"][0]["message"].startswith("All 9 cells are off by +3.")
    assert doc["cell_diagnosis"] == []
    doc = verdict(tmp_path, plus(-4))
    assert doc["diagnosis"][0]["message"].startswith("All 9 cells are off by −4.")


def test_an_offset_with_one_more_slip(tmp_path):
    doc = verdict(tmp_path, plus(3, (2, 2, 99)))
    assert doc["diagnosis"][0]["message"].startswith("8 of 9 cells are off by +3.")
    assert [c["cell"] for c in doc["cell_diagnosis"]] == [[0, 2, 2]]


def test_an_offset_in_a_few_cells_is_no_pattern(tmp_path):
    # two cells +1, seven right: per-cell looks, never "every cell off"
    doc = verdict(tmp_path, plus(0, (0, 0, 4), (1, 1, -6)))
    assert "offset" not in [f["slip"] for f in doc["diagnosis"]]
    assert "bias_twice" not in [f["slip"] for f in doc["diagnosis"]]
    assert len(doc["cell_diagnosis"]) == 2


def test_an_offset_per_filter():
    from convtrace import trace
    from convtrace.homework import check

    t = trace(
        [[1, 2, 3], [4, 5, 6], [7, 8, 9]],
        [[[[1, 0], [0, -1]]], [[[0, 1], [2, 0]]]],
        bias=[1, -2],
    )
    given = t.output.copy()
    given[0] += 5
    given[1, 0, 0] += 7  # one slip only in the second filter
    diagnosis = check(t, given).diagnosis
    assert [(f.kind, f.filters) for f in diagnosis.findings] == [("offset", (0,))]
    assert [c.cell for c in diagnosis.cells] == [(1, 0, 0)]


@pytest.mark.parametrize("seed", range(40))
def test_no_finding_explains_fewer_cells_than_the_plain_comparison(seed):
    import numpy as np

    from convtrace import trace
    from convtrace.homework import check

    rng = np.random.default_rng(seed)
    t = trace(SEED)
    given = t.output + rng.choice([0, 0, 1, 1, 2, -1], size=t.output.shape)
    result = check(t, given)
    for finding in result.diagnosis.findings:
        plain = int(result.right[list(finding.filters)].sum())
        assert finding.matched > plain, finding.message
        assert len(finding.cells) >= 2


# --- 4. a wrong shape's JSON verdict agrees with itself --------------------------------------


def test_wrong_shape_verdict_counts_nothing(tmp_path):
    answer = write(tmp_path, "short.csv", "3,7,4\n17,-7,1\n")
    result = cli("check", SEED, answer, "--format", "json")
    assert result.exit_code == 2
    doc = json.loads(result.stdout)
    assert doc["verdict"] == "wrong_shape"
    assert doc["cells"] is None
    assert doc["wrong"] == []


def test_wrong_shape_explained_by_a_slip_counts_nothing_either(tmp_path):
    # padding forgotten: 2×2 instead of 3×3, exit 1 with the slip in the diagnosis
    import convtrace

    task = convtrace.load_task(SEED, options={"padding": 0})
    rows = convtrace.trace(task).output[0].tolist()
    text = "\n".join(",".join(str(v) for v in row) for row in rows) + "\n"
    answer = write(tmp_path, "small.csv", text)
    result = cli("check", SEED, answer, "--format", "json")
    assert result.exit_code == 1, result.output
    doc = json.loads(result.stdout)
    assert doc["verdict"] == "wrong_shape"
    assert doc["cells"] is None and doc["wrong"] == []
    assert doc["diagnosis"][0]["slip"] == "padding_forgotten"


def test_right_shape_counts_every_cell(tmp_path):
    doc = verdict(tmp_path, plus(0, (0, 0, 4)))
    assert doc["cells"] == {"total": 9, "right": 8, "wrong": 1}
    assert len(doc["wrong"]) == 1


# --- 5. the report's legend and heading; no arguments ----------------------------------------


def test_no_legend_for_marks_that_are_not_there(tmp_path):
    answer = write(tmp_path, "right.csv", plus(0))
    result = cli("check", SEED, answer, "--no-color")
    assert result.exit_code == 0
    assert "All 9 cells are right." in result.stdout
    assert "a wrong cell" not in result.stdout
    wrong = write(tmp_path, "wrong.csv", plus(0, (0, 0, 4)))
    assert "✗: a wrong cell (tolerance 0.005)" in cli("check", SEED, wrong, "--no-color").stdout


def test_a_signal_is_headed_as_run_heads_it(tmp_path):
    signal = str(SAMPLES / "signal.json")
    answer = write(tmp_path, "sig.csv", "-2,-3,-5,-7,-9,11\n")
    result = cli("check", signal, answer, "--no-color")
    assert result.exit_code == 0, result.output
    assert "Output volume (6×1)" in cli("run", signal, "--no-color").stdout
    assert "Expected and given output (6×1)" in result.stdout
    assert "1×1×6" not in result.stdout


def test_no_arguments_says_both_are_missing():
    result = cli("check")
    one_line_error(result, "give the task and the answer")


def test_one_argument_says_the_answer_is_missing():
    result = cli("check", SEED)
    one_line_error(result, "give the answer file")


# --- 6. quiz limits --------------------------------------------------------------------------


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
    result = cli("quiz", "--seed", 4, "-o", tmp_path / "q", *args)
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
    result = cli("quiz", "--seed", 4, "-o", tmp_path / "q", *args)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("seed", range(30))
def test_a_drawn_quiz_never_has_a_window_of_padding_alone(seed):
    from convtrace.homework import make_quiz

    task = make_quiz(seed=seed, padding=None if seed % 2 else 1).task
    rows, cols = task.axes
    assert rows.pad_before < rows.kernel and cols.pad_before < cols.kernel


def test_the_description_says_bias_0_when_there_is_none():
    from convtrace.homework import make_quiz

    made = make_quiz(seed=4, biases="0..0")
    assert "with bias 0," in made.data["description"]
    assert all(f["bias"] == 0 for f in made.data["filters"])
    assert "with bias," in make_quiz(seed=4).data["description"]


# --- 7. the README's Python examples for check and quiz run ---------------------------------


def readme_python_blocks(first: str, last: str) -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index(first) : text.index(last)]
    return re.findall(r"```python\n(.*?)```", section, re.S)


def test_the_readme_python_examples_for_check_and_quiz_run(monkeypatch):
    blocks = readme_python_blocks("## Checking homework", "## Hyperparameters, one by one")
    assert blocks, "the README shows check and quiz from Python"
    monkeypatch.chdir(ROOT)  # the examples name samples/seed.json
    for block in blocks:
        namespace: dict = {}
        exec(compile(block, "README.md", "exec"), namespace)
        if "result" in namespace:
            result = namespace["result"]
            assert result.status == 1
            assert result.wrong_cells[:2] == [(0, 0, 0), (0, 0, 1)]
            assert result.diagnosis.lines()[0].startswith("9 of 9 cells match a computation")
        if "quiz" in namespace:
            assert namespace["quiz"].trace.output.shape == (1, 3, 3)


def test_homework_is_an_attribute_of_a_bare_import():
    import subprocess
    import sys

    code = "import convtrace; print(convtrace.homework.make_quiz(size=5, seed=7).seed)"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "7"


def test_large_answers_are_not_waved_through_by_the_relative_part(tmp_path):
    """1000000 for 1000001 (the bias forgotten) is wrong, even at --tolerance 0."""
    task = tmp_path / "big.json"
    task.write_text(
        '{"input": [[250, 250], [250, 250]], "filter": [[1000, 1000], [1000, 1000]], "bias": 1}',
        encoding="utf-8",
    )
    answer = tmp_path / "a.csv"
    answer.write_text("1000000\n", encoding="utf-8")
    for extra in ([], ["--tolerance", "0"]):
        result = CliRunner().invoke(main, ["check", str(task), str(answer), *extra])
        assert result.exit_code == 1, result.output

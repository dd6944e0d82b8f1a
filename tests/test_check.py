"""`convtrace check`: reading answers, the tolerance, the report, exit statuses 0/1/2, the JSON
verdict, and the homework package's imports."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import example, given, settings

import convtrace
from convtrace.cli import main
from convtrace.errors import InputError
from convtrace.homework import check, read_answer
from tests.conftest import ROOT, SAMPLES
from tests.reference import conv2d, reference_of
from tests.strategies import tasks, trace_of

SEED = str(SAMPLES / "seed.json")
#: The seed's output as the lecture note works it by hand, and the same without the bias +1
#: (both checked against the reference below).
SEED_OUTPUT = [[3, 7, 4], [17, -7, 1], [14, 25, 13]]
WITHOUT_BIAS = [[2, 6, 3], [16, -8, 0], [13, 24, 12]]


def seed_reference(*, padding=1, stride=2, bias=None):
    """The seed's output by the independent loop, read from the task file without convtrace."""
    data = json.loads((SAMPLES / "seed.json").read_text(encoding="utf-8"))
    names = list(data["input"])
    (f,) = data["filters"]
    return conv2d(
        [data["input"][n] for n in names],
        [[f["weights"][n] for n in names]],
        [f["bias"] if bias is None else bias],
        stride=(stride, stride),
        padding=(padding,) * 4,
    )[0]


def test_the_seed_outputs_worked_by_hand_are_the_reference():
    assert seed_reference() == SEED_OUTPUT
    assert seed_reference(bias=0) == WITHOUT_BIAS


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def csv_of(*matrices, delimiter=","):
    return "\n\n".join(
        "\n".join(delimiter.join(str(v) for v in row) for row in m) for m in matrices
    )


def invoke(*args):
    return CliRunner().invoke(main, ["check", *map(str, args)])


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


def seed_answer(*changes):
    """The seed's right answer as CSV, with (row, col, value) changes."""
    rows = [row[:] for row in SEED_OUTPUT]
    for i, j, v in changes:
        rows[i][j] = v
    return csv_of(rows) + "\n"


# --- the "done when" -----------------------------------------------------------------


def test_a_student_who_forgot_the_bias_is_told_so(tmp_path, seed_path):
    answer = write(tmp_path, "answer.csv", csv_of(WITHOUT_BIAS))
    result = invoke(seed_path, answer, "--no-color")
    assert result.exit_code == 1, result.output
    out = result.stdout
    assert "0 of 9 cells are right; 9 are wrong: o[0, 0, 0], o[0, 0, 1]" in out
    assert "9 of 9 cells match a computation without the bias (+1). Did you forget to add b₀?" in (
        " ".join(out.split())
    )
    # every wrong cell's trace, with the student's number next to it
    assert "o[0, 0, 0] = 0 + 7 + (−5) + 1 = 3" in out
    assert "you wrote 2, the trace gives 3" in out
    assert out.count("you wrote") == 9
    assert "\x1b[" not in out


def test_the_side_by_side_table_marks_wrong_cells_in_text(tmp_path, seed_path):
    given = [row[:] for row in SEED_OUTPUT]
    given[1][1] = -3  # a sign error: 2·(−1) taken as +2
    answer = write(tmp_path, "answer.csv", csv_of(given))
    result = invoke(seed_path, answer, "--no-color")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    table = next(i for i, line in enumerate(lines) if line.startswith("expected o[0]"))
    assert lines[table].split() == ["expected", "o[0]", "(w0)", "yours", "yours", "−", "expected"]
    assert lines[table + 1].split() == ["3", "7", "4", "3", "7", "4", "·", "·", "·"]
    assert lines[table + 2].split() == ["17", "−7", "1", "17", "−3✗", "1", "·", "+4", "·"]
    assert "8 of 9 cells are right; 1 is wrong: o[0, 1, 1]." in result.stdout
    text = " ".join(result.stdout.split())
    assert "a sign error in one product" in text
    assert "a sign error in one product: 2·(−1) taken as +2 instead of −2 (channel G" in text


def test_ascii_marks(tmp_path, seed_path):
    given = [row[:] for row in SEED_OUTPUT]
    given[1][1] = -3
    answer = write(tmp_path, "answer.csv", csv_of(given))
    result = invoke(seed_path, answer, "--ascii", "--no-color")
    assert "-3X" in result.stdout
    assert "yours - expected" in result.stdout
    assert "o[0, 1, 1] = -3 + 6 + (-11) + 1 = -7" in result.stdout
    text = " ".join(result.stdout.split())
    assert "o[0, 1, 1] is -3, it should be -7: a sign error in one product" in text
    assert "2*(-1) taken as +2 instead of -2" in text
    assert "−" not in result.stdout


def test_all_right_exits_0(tmp_path, seed_path):
    answer = write(tmp_path, "answer.csv", csv_of(SEED_OUTPUT))
    result = invoke(seed_path, answer, "--no-color")
    assert result.exit_code == 0, result.output
    assert "All 9 cells are right." in result.stdout
    assert "window" not in result.stdout  # no traces when nothing is wrong


def test_quiet_leaves_out_the_traces(tmp_path, seed_path):
    answer = write(tmp_path, "answer.csv", csv_of(WITHOUT_BIAS))
    result = invoke(seed_path, answer, "-q", "--no-color")
    assert result.exit_code == 1
    assert "Did you forget to add b₀?" in result.stdout
    assert "window:" not in result.stdout


# --- wrong shapes ----------------------------------------------------------------------------


def test_wrong_shape_exits_2_with_the_size_formula(tmp_path, seed_path):
    answer = write(tmp_path, "answer.csv", csv_of([[3, 7, 4], [17, -7, 1]]))
    result = invoke(seed_path, answer)
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0] == (
        f"convtrace: {answer}: your answer is 2×3, the output is 3×3 "
        "(H₂ = W₂ = (H₁ − F + 2P)/s + 1 = (5 − 3 + 2·1)/2 + 1 = 4/2 + 1 = 3)"
    )


def test_padding_forgotten_answer_of_another_size_is_diagnosed(tmp_path, seed_path):
    output = seed_reference(padding=0)
    assert output == [[15, -3], [-17, -1]]  # (5 − 3 + 0)/2 + 1 = 2: a 2×2 answer
    answer = write(tmp_path, "answer.csv", csv_of(output))
    result = invoke(seed_path, answer, "--no-color")
    assert result.exit_code == 1, result.output
    text = " ".join(result.stdout.split())
    assert "Your answer is 2×2, the output is 3×3:" in text
    assert "(5 − 3 + 2·1)/2 + 1 = 4/2 + 1 = 3" in text
    assert "4 of 4 cells match a computation without the padding (P = 0 instead of 1)" in text
    assert "The size formula of that computation: H₂ = W₂ = " in text
    assert "(5 − 3 + 2·0)/2 + 1 = 2/2 + 1 = 2" in text


def test_stride_ignored_answer_of_another_size_is_diagnosed(tmp_path, seed_path):
    output = seed_reference(stride=1)
    assert len(output) == len(output[0]) == 5  # (5 − 3 + 2·1)/1 + 1 = 5
    answer = write(tmp_path, "answer.json", json.dumps(output))
    result = invoke(seed_path, answer, "--no-color")
    assert result.exit_code == 1
    assert "stride 1 instead of 2" in result.stdout


def test_missing_filter_matrix_is_a_wrong_shape(tmp_path):
    answer = write(tmp_path, "answer.csv", csv_of([[0] * 3] * 3))
    result = invoke(SAMPLES / "cs231n.json", answer)
    assert result.exit_code == 2
    assert "your answer has 1 matrix, the output has 2" in result.stderr


def test_filters_without_a_blank_line_get_a_hint(tmp_path):
    answer = write(tmp_path, "answer.csv", csv_of([[0] * 3] * 6))
    result = invoke(SAMPLES / "cs231n.json", answer)
    assert result.exit_code == 2
    assert "separate them with a blank line" in result.stderr


# --- reading answers -------------------------------------------------------------------------


def test_decimal_comma_csv(tmp_path):
    task = write(
        tmp_path,
        "task.json",
        json.dumps({"input": [[0.25, 0.5], [0.75, 1.0]], "filter": [[0.5]], "bias": 0.1}),
    )
    answer = write(tmp_path, "answer.csv", "0,23;0,35\n0,48;0,6\n")
    result = invoke(task, answer, "--no-color")
    assert result.exit_code == 0, result.output  # 0.225 → 0.23 (rounded), 0.35, 0.475 → 0.48
    answer = write(tmp_path, "answer2.csv", "0,2;0,35\n0,48;0,6\n")
    result = invoke(task, answer, "--no-color")
    assert result.exit_code == 1
    assert "o[0, 0, 0] is 0.2, it should be 0.225" in result.stdout


def test_json_answers(tmp_path, seed_path):
    for content in (
        {"output": [SEED_OUTPUT]},
        [SEED_OUTPUT],
        SEED_OUTPUT,
    ):
        answer = write(tmp_path, "answer.json", json.dumps(content))
        assert invoke(seed_path, answer).exit_code == 0


def test_the_run_json_document_is_a_right_answer(tmp_path, seed_path):
    doc = CliRunner().invoke(main, ["run", str(seed_path), "--format", "json"]).stdout
    answer = write(tmp_path, "answer.json", doc)
    assert invoke(seed_path, answer).exit_code == 0


def test_answer_after_input_and_kernel_options(tmp_path):
    answer = write(tmp_path, "answer.csv", csv_of(SEED_OUTPUT))
    result = CliRunner().invoke(
        main,
        [
            "check",
            "--input",
            str(SAMPLES / "seed-input.csv"),
            "--kernel",
            str(SAMPLES / "seed-kernel.csv"),
            "--bias",
            "1",
            "--stride",
            "2",
            "--padding",
            "1",
            answer,
        ],
    )
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("content", "name", "fragment"),
    [
        ("1,2,x\n", "answer.csv", "answer.csv: line 1, column 3: 'x' is not a number"),
        ('{"result": []}', "answer.json", 'expected {"output": …}'),
        ('[[1, 2], [3, "4"]]', "answer.json", "answer.json: [0][1][1]: the text '4' is not a"),
        ("[[1, 2], [3]]", "answer.json", "row 1 has 1 numbers, expected 2"),
        ("", "answer.csv", "has no numbers"),
        ("1,2\n3,4\n\n1,2,3\n", "answer.csv", "different sizes (2×2, 1×3)"),
    ],
)
def test_unusable_answers_exit_2_in_one_line(tmp_path, seed_path, content, name, fragment):
    answer = write(tmp_path, name, content)
    result = invoke(seed_path, answer)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output
    assert fragment in lines[0], lines[0]


def test_missing_answer_file(tmp_path, seed_path):
    result = invoke(seed_path, tmp_path / "nope.csv")
    assert result.exit_code == 2
    assert "nope.csv: no such file" in result.stderr


def test_no_answer_argument_is_a_usage_error(seed_path):
    result = invoke(seed_path)
    assert result.exit_code == 2
    assert "give the answer file" in result.stderr


def test_negative_tolerance(tmp_path, seed_path):
    answer = write(tmp_path, "answer.csv", csv_of(SEED_OUTPUT))
    result = invoke(seed_path, answer, "--tolerance", "-1")
    assert result.exit_code == 2
    assert "--tolerance: must be 0 or more" in result.stderr


def test_read_answer_of_a_1d_task(tmp_path):
    path = write(tmp_path, "a.csv", "1;2;3\n")
    assert read_answer(path, one_d=True).shape == (1, 1, 3)
    path = write(tmp_path, "b.csv", "1;2;3\n4;5;6\n")
    assert read_answer(path, one_d=True).shape == (2, 1, 3)
    path = write(tmp_path, "c.json", "[1, 2, 3]")
    assert read_answer(path, one_d=True).shape == (1, 1, 3)


def test_1d_check():
    t = convtrace.trace([1, 2, 3, 4, 5], [[[1, 0, -1]]], bias=1)
    assert check(t, [[-1, -1, -1]]).status == 0
    result = check(t, [[-2, -2, -2]])
    assert result.diagnosis.findings[0].kind == "bias_forgotten"


# --- JSON verdict ----------------------------------------------------------------------------


def test_json_verdict_for_a_forgotten_bias(tmp_path, seed_path):
    answer = write(tmp_path, "answer.csv", csv_of(WITHOUT_BIAS))
    result = invoke(seed_path, answer, "--format", "json")
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert doc["schema"] == 1
    assert doc["verdict"] == "wrong"
    assert doc["status"] == 1
    assert doc["tolerance"] == 0.005
    assert doc["shape"] == {"expected": [1, 3, 3], "given": [1, 3, 3]}
    assert doc["cells"] == {"total": 9, "right": 0, "wrong": 9}
    assert doc["expected"] == [SEED_OUTPUT]
    assert doc["given"] == [WITHOUT_BIAS]
    assert doc["wrong"][0] == {
        "cell": [0, 0, 0],
        "expected": 3,
        "given": 2,
        "difference": -1,
        "slip": "bias_forgotten",
    }
    (finding,) = doc["diagnosis"]
    assert finding["slip"] == "bias_forgotten"
    assert finding["matched"] == finding["total"] == 9
    assert finding["message"].startswith("9 of 9 cells match a computation without the bias")


def test_json_verdict_right_and_wrong_shape(tmp_path, seed_path):
    answer = write(tmp_path, "answer.csv", csv_of(SEED_OUTPUT))
    doc = json.loads(invoke(seed_path, answer, "--format", "json").stdout)
    assert doc["verdict"] == "right" and doc["wrong"] == [] and doc["diagnosis"] == []
    answer = write(tmp_path, "short.csv", csv_of([[1, 2, 3], [4, 5, 6]]))
    result = invoke(seed_path, answer, "--format", "json")
    assert result.exit_code == 2
    doc = json.loads(result.stdout)
    assert doc["verdict"] == "wrong_shape"
    assert doc["message"].startswith("your answer is 2×3, the output is 3×3")
    assert "your answer is 2×3" in result.stderr


def test_json_verdict_names_the_product_of_a_sign_error(tmp_path, seed_path):
    given = [row[:] for row in SEED_OUTPUT]
    given[1][1] = -3
    answer = write(tmp_path, "answer.csv", csv_of(given))
    doc = json.loads(invoke(seed_path, answer, "--format", "json").stdout)
    (wrong,) = doc["wrong"]
    assert wrong["slip"] == "sign"
    assert wrong["product"]["product"] == -2
    assert set(wrong["product"]) == {"channel", "row", "col", "x", "w", "product"}


# --- properties ------------------------------------------------------------------------------


#: grouped channels: the "one channel only" slip has no other channels to name (an IndexError once)
GROUPED = {
    "x": [[[0, 0, 0]] * 6] * 5
    + [[[0, 4, 0], [0, 0, 0], [0, 3, 0], [0, 0, 0], [0, -2, 1], [0, 0, 0]]],
    "weights": [[[[0], [0], [0]], [[0], [0], [0]]]] * 5 + [[[[0], [0], [0]], [[6], [-9], [-1]]]],
    "biases": [0] * 6,
    "stride": (2, 2),
    "padding": (0, 0, 1, 0),
    "padding_mode": "reflect",
    "dilation": (2, 1),
    "groups": 3,
    "flip": False,
}


@settings(max_examples=60, deadline=None)
@given(tasks())
@example(spec=GROUPED)
def test_any_task_right_answer_is_right_and_diagnosis_never_fails(spec):
    t = trace_of(spec)
    reference = np.array(reference_of(spec))
    assert check(t, reference).status == 0
    wrong = reference + 1
    result = check(t, wrong)
    assert result.status == 1
    plain = int(result.right.sum())
    assert plain == 0
    for finding in result.diagnosis.findings:
        assert finding.matched > 0
    for found in result.diagnosis.cells:
        assert found.message.startswith(f"o[{found.cell[0]}, {found.cell[1]}, {found.cell[2]}]")


def test_check_refuses_a_negative_tolerance_in_the_library(seed_path):
    with pytest.raises(InputError):
        check(convtrace.trace(seed_path), [SEED_OUTPUT], tolerance=-0.1)


def readme_block(after: str) -> str:
    text = (SAMPLES.parent / "README.md").read_text(encoding="utf-8")
    start = text.index("```text\n", text.index(after)) + len("```text\n")
    return text[start : text.index("```", start)]


def test_readme_check_example_is_what_check_prints(tmp_path, monkeypatch):
    (tmp_path / "answer.csv").write_text("2,6,3\n16,-8,0\n13,24,12\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = invoke("seed", "answer.csv", "-q")
    assert result.exit_code == 1
    printed = "\n".join(line.rstrip() for line in result.stdout.splitlines()) + "\n"
    assert printed == readme_block("convtrace check seed answer.csv -q")


@pytest.mark.parametrize("command", ["check", "quiz"])
def test_help_has_an_example(command):
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.stdout
    assert f"convtrace {command} " in result.stdout


def test_a_wide_answer_comes_in_bands_of_columns_never_cropped(console):
    from convtrace.homework.report import print_check

    rng = np.random.default_rng(0)
    x = rng.integers(-5, 6, size=(1, 4, 20)).tolist()
    t = convtrace.trace(x, [[[[1, -1], [2, 0]]]])
    given = np.array(conv2d(x, [[[[1, -1], [2, 0]]]], [0]))
    given[0, 1, 17] += 2
    print_check(console, check(t, given), traces=False)
    text = console.export_text()
    assert "expected o[0]  (w0), cols 0–" in text
    assert "expected o[0]  (w0), col 18" in text
    assert f"{given[0, 1, 17]}✗" in text.replace("−", "-")
    assert all(len(line) <= 100 for line in text.splitlines())


def test_1d_report_labels_cells_as_the_trace_does(tmp_path):
    task = write(tmp_path, "signal.json", json.dumps({"input": [1, 2, 3, 4, 5], "filter": [1, -1]}))
    answer = write(tmp_path, "answer.csv", "-1;-1;-1;0\n")
    result = invoke(task, answer, "--no-color")
    assert result.exit_code == 1
    text = " ".join(result.stdout.split())
    assert "3 of 4 cells are right; 1 is wrong: o[0, 3]." in text
    assert "o[0, 3] is 0, it should be −1" in text
    assert "o[0, 3] = −1 + 0 = −1" in text  # the trace's own label


# --- a tolerance that is not a finite number -------------------------------------------------


@pytest.mark.parametrize("tolerance", ["nan", "inf", "1e400", "-inf"])
@pytest.mark.parametrize("fmt", ["text", "json"])
def test_non_finite_tolerance_is_refused(tmp_path, tolerance, fmt):
    answer = write(tmp_path, "right.csv", "3,7,4\n17,-7,1\n14,25,13\n")
    result = invoke(SEED, answer, "--tolerance", tolerance, "--format", fmt)
    one_line_error(result, "--tolerance: must be a finite number")
    assert result.stdout == ""  # no JSON with NaN in it


def test_non_finite_tolerance_in_the_library():
    with pytest.raises(InputError, match="finite"):
        check(convtrace.trace(SEED), [SEED_OUTPUT], float("nan"))


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
        result = invoke(task, answer, *extra)
        assert result.exit_code == 1, result.output


# --- a wrong shape's JSON verdict agrees with itself -----------------------------------------


def test_wrong_shape_verdict_counts_nothing(tmp_path):
    answer = write(tmp_path, "short.csv", "3,7,4\n17,-7,1\n")
    result = invoke(SEED, answer, "--format", "json")
    assert result.exit_code == 2
    doc = json.loads(result.stdout)
    assert doc["verdict"] == "wrong_shape"
    assert doc["cells"] is None
    assert doc["wrong"] == []


def test_wrong_shape_explained_by_a_slip_counts_nothing_either(tmp_path):
    # padding forgotten: 2×2 instead of 3×3, exit 1 with the slip in the diagnosis
    answer = write(tmp_path, "small.csv", csv_of(seed_reference(padding=0)))
    result = invoke(SEED, answer, "--format", "json")
    assert result.exit_code == 1, result.output
    doc = json.loads(result.stdout)
    assert doc["verdict"] == "wrong_shape"
    assert doc["cells"] is None and doc["wrong"] == []
    assert doc["diagnosis"][0]["slip"] == "padding_forgotten"


def test_right_shape_counts_every_cell(tmp_path):
    result = invoke(SEED, write(tmp_path, "answer.csv", seed_answer((0, 0, 4))), "--format", "json")
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert doc["cells"] == {"total": 9, "right": 8, "wrong": 1}
    assert len(doc["wrong"]) == 1


# --- the report's legend and heading; missing arguments --------------------------------------


def test_no_legend_for_marks_that_are_not_there(tmp_path):
    answer = write(tmp_path, "right.csv", seed_answer())
    result = invoke(SEED, answer, "--no-color")
    assert result.exit_code == 0
    assert "All 9 cells are right." in result.stdout
    assert "a wrong cell" not in result.stdout
    wrong = write(tmp_path, "wrong.csv", seed_answer((0, 0, 4)))
    assert "✗: a wrong cell (tolerance 0.005)" in invoke(SEED, wrong, "--no-color").stdout


def test_a_signal_is_headed_as_run_heads_it(tmp_path):
    signal = str(SAMPLES / "signal.json")
    answer = write(tmp_path, "sig.csv", "-2,-3,-5,-7,-9,11\n")
    result = invoke(signal, answer, "--no-color")
    assert result.exit_code == 0, result.output
    assert "Output volume (6×1)" in CliRunner().invoke(main, ["run", signal, "--no-color"]).stdout
    assert "Expected and given output (6×1)" in result.stdout
    assert "1×1×6" not in result.stdout


def test_no_arguments_says_both_are_missing():
    result = invoke()
    one_line_error(result, "give the task and the answer")


def test_one_argument_says_the_answer_is_missing():
    result = invoke(SEED)
    one_line_error(result, "give the answer file")


# --- the README's Python examples for check and quiz run -------------------------------------


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


# --- the package: its public names ------------------------------------------------------------


def test_the_public_names_stay_where_callers_find_them():
    import importlib

    import convtrace.homework as homework
    from convtrace.homework import answers

    diagnose = importlib.import_module("convtrace.homework.diagnose")  # the function shadows it

    for name in (
        "Check", "check", "read_answer", "diagnose", "Diagnosis", "Finding", "CellFinding",
        "make_quiz", "write_quiz", "Quiz", "TOLERANCE",
    ):  # fmt: skip
        assert hasattr(homework, name), name
    assert homework.TOLERANCE == answers.TOLERANCE == 0.005
    for name in ("position_label", "signed", "bias_name", "candidate_slips", "offset_slips"):
        assert callable(getattr(diagnose, name)), name  # what the report and tools import

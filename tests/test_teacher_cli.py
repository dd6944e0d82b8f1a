"""The teacher's commands: ``quiz --count/--students/--moodle/--blank`` and the new options,
``check`` with many answers, ``--gradebook``, ``--feedback``, ``--class`` and ``--format
gradescope``; bad input in one line naming the file and the place, exit status 2."""

from __future__ import annotations

import csv
import json

import pytest
from click.testing import CliRunner

import convtrace
from convtrace.cli import main
from tests.reference import conv2d


def cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def one_line(result, *parts) -> str:
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("convtrace: "), result.stderr
    for part in parts:
        assert part in lines[0], lines[0]
    return lines[0]


def write_answer(path, task, *, bias=True) -> None:
    out = conv2d(
        task.x.tolist(),
        [f.weights.tolist() for f in task.filters],
        [f.bias if bias else 0 for f in task.filters],
        stride=task.stride,
        padding=task.padding,
    )
    path.write_text(
        "\n\n".join("\n".join(",".join(map(str, r)) for r in m) for m in out) + "\n",
        encoding="utf-8",
    )


@pytest.fixture(scope="module")
def seed_task():
    return convtrace.load_task("seed")


# --- quiz ------------------------------------------------------------------------------------


def test_quiz_count_makes_a_class_set(tmp_path):
    result = cli("quiz", "--count", 4, "--seed", 9, "-o", tmp_path / "a", "--size", 4)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"Class set (seed 9): 4 exercises in {tmp_path / 'a'}"
    assert [line.split()[0] for line in lines[1:5]] == ["01/", "02/", "03/", "04/"]
    assert lines[-1] == f"Grade the answers: convtrace check --class {tmp_path / 'a'} ANSWERS/"
    assert cli("quiz", "--count", 4, "--seed", 9, "-o", tmp_path / "b", "--size", 4).exit_code == 0
    for path in sorted((tmp_path / "a").rglob("*.*")):
        twin = tmp_path / "b" / path.relative_to(tmp_path / "a")
        assert path.read_bytes() == twin.read_bytes(), path  # the same seed, the same files


def test_quiz_students_names_the_folders(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("Name,Email\nAda Lovelace,a@x\nGrace Hopper,g@x\n", encoding="utf-8")
    result = cli("quiz", "--students", roster, "--seed", 1, "-o", tmp_path / "c", "--latex")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "c" / "grace-hopper" / "worksheet.tex").is_file()
    assert (tmp_path / "c" / "answer-key.tex").read_text(encoding="utf-8").startswith("\\doc")
    names = [
        e["name"] for e in json.loads((tmp_path / "c" / "class.json").read_text())["exercises"]
    ]
    assert names == ["Ada Lovelace", "Grace Hopper"]
    one_line(
        cli("quiz", "--students", roster, "--count", 3, "-o", tmp_path / "d"),
        "--count: 3, but the roster names 2 students",
    )
    roster.write_text("id,email\n1,a\n", encoding="utf-8")
    one_line(cli("quiz", "--students", roster, "-o", tmp_path / "e"), "roster.csv: line 1: ")
    roster.write_text("name\n", encoding="utf-8")
    one_line(cli("quiz", "--students", roster, "-o", tmp_path / "e"), "roster.csv: no names")
    assert not (tmp_path / "d").exists() and not (tmp_path / "e").exists()


def test_quiz_moodle_never_replaces_a_file_unasked(tmp_path):
    xml = tmp_path / "quiz.xml"
    xml.write_text("mine", encoding="utf-8")
    one_line(cli("quiz", "--seed", 2, "-o", tmp_path / "q", "--moodle", xml), "--moodle ")
    assert xml.read_text(encoding="utf-8") == "mine" and not (tmp_path / "q").exists()
    result = cli("quiz", "--seed", 2, "-o", tmp_path / "q", "--moodle", xml, "--force")
    assert result.exit_code == 0 and "(1 Cloze question)" in result.stdout
    assert xml.read_text(encoding="utf-8").count('<question type="cloze">') == 1


def test_quiz_new_options_on_the_command_line(tmp_path):
    result = cli(
        "quiz", "--signal", "--dilation", 2, "--padding-mode", "reflect", "--decimals", 1,
        "--size", 9, "--kernel", 3, "--padding", 1, "--stride", 1, "--channels", 1, "--seed", 3,
        "-o", tmp_path,
        "--blank", "all",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "signal 9×1, 1 filter 3×1, stride 1, padding 1 (reflect), dilation 2 → output 7×1" in (
        result.stdout
    )
    sheet = (tmp_path / "worksheet.md").read_text(encoding="utf-8")
    assert "window: padded positions \\_\\_\\_" in sheet
    one_line(cli("quiz", "--blank", "sizes", "-o", tmp_path / "x"), "--blank: 'sizes'")


# --- check: many answers ---------------------------------------------------------------------


def test_check_a_folder_into_a_gradebook(tmp_path, seed_task):
    answers = tmp_path / "answers"
    answers.mkdir()
    write_answer(answers / "ada.csv", seed_task)
    write_answer(answers / "bob.csv", seed_task, bias=False)
    book = tmp_path / "grades.csv"
    result = cli("check", "seed", answers, "--gradebook", book, "--feedback", tmp_path / "fb")
    assert result.exit_code == 1, result.output
    assert result.stdout.splitlines()[0] == "Graded 2 answers:"
    assert "bias_forgotten" in result.stdout.splitlines()[2]
    assert "1 of 2 answers all right; mean score 50.0%." in result.stdout
    assert f"wrote {book} (2 rows" in result.stderr
    rows = list(csv.DictReader(book.read_text(encoding="utf-8").splitlines()))
    assert [(r["cells_right"], r["slip"]) for r in rows] == [("9", ""), ("0", "bias_forgotten")]
    assert sorted(p.name for p in (tmp_path / "fb").iterdir()) == ["ada.md", "bob.md"]
    again = cli("check", "seed", answers, "--gradebook", book)
    one_line(again, f"--gradebook {book}: exists already; add --force to replace it")
    assert cli("check", "seed", answers / "ada.csv", answers / "ada.csv").exit_code == 0


def test_check_batch_as_json(tmp_path, seed_task):
    write_answer(tmp_path / "a.csv", seed_task, bias=False)
    (tmp_path / "b.csv").write_text("1,x\n", encoding="utf-8")
    result = cli("check", "seed", tmp_path, "--format", "json")
    doc = json.loads(result.stdout)
    assert result.exit_code == 1 and doc["schema"] == 1
    assert [a["verdict"] for a in doc["answers"]] == ["wrong", "unreadable"]
    assert doc["answers"][0]["diagnosis"][0]["slip"] == "bias_forgotten"


def test_check_batch_bad_input(tmp_path, seed_task):
    empty = tmp_path / "empty"
    empty.mkdir()
    one_line(cli("check", "seed", empty), f"{empty}: no answers here (files ending .csv")
    write_answer(tmp_path / "a.csv", seed_task)
    one_line(
        cli("check", "seed", tmp_path / "a.csv", "--gradebook", empty),
        f"--gradebook {empty}: is a folder, not a file",
    )
    one_line(
        cli("check", "seed", tmp_path, "--format", "gradescope"),
        "--format gradescope grades one answer",
    )
    one_line(cli("check", "seed", tmp_path / "a.csv", "--per-cell"), "--per-cell and --points")


def test_check_class_matches_answers_by_name(tmp_path):
    roster = tmp_path / "roster.txt"
    roster.write_text("Ada Lovelace\nBob Kahn\n", encoding="utf-8")
    assert cli("quiz", "--students", roster, "--seed", 4, "-o", tmp_path / "class").exit_code == 0
    answers = tmp_path / "answers"
    answers.mkdir()
    write_answer(
        answers / "Ada Lovelace.csv", convtrace.load_task(tmp_path / "class/ada-lovelace/task.json")
    )
    result = cli("check", "--class", tmp_path / "class", answers)
    assert result.exit_code == 1, result.output
    assert "Ada Lovelace" in result.stdout and "no answer" in result.stdout
    (answers / "carol.csv").write_text("1\n", encoding="utf-8")
    one_line(
        cli("check", "--class", tmp_path / "class", answers),
        "1 answer matches no student of",
        "(carol.csv); name each answer after its student's folder, like ada-lovelace.csv",
    )
    one_line(cli("check", "--class", tmp_path / "answers", answers), "no class.json here")
    result = cli("check", "--class", tmp_path / "class", answers, "--stride", 2)
    one_line(result, "--class takes each student's task from the class set")


# --- check: Gradescope -----------------------------------------------------------------------


def test_check_prints_gradescope_results(tmp_path, seed_task):
    write_answer(tmp_path / "a.csv", seed_task, bias=False)
    result = cli("check", "seed", tmp_path / "a.csv", "--format", "gradescope", "--points", 10)
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert set(doc) == {"score", "output", "tests"} and doc["score"] == 0.0
    assert {"name", "score", "max_score", "output"} <= set(doc["tests"][0])
    assert doc["tests"][0]["max_score"] == 10.0
    (tmp_path / "b.csv").write_text("1,x\n", encoding="utf-8")
    result = cli("check", "seed", tmp_path / "b.csv", "--format", "gradescope")
    doc = json.loads(result.stdout)  # an unreadable submission still gets its results
    assert result.exit_code == 1 and doc["score"] == 0.0 and "b.csv" in doc["output"]

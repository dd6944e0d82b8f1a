"""Batch grading: one task traced once for many answers, answers found in folders, matched to a
class set by name, a gradebook row each and a feedback page each. Answers are made from the
reference loop (tests/reference.py), right or with a slip made by hand."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

import convtrace
from convtrace.errors import InputError
from convtrace.homework import grading
from convtrace.homework.classes import make_class_set, read_class, write_class_set
from convtrace.homework.feedback import feedback_page, page_names, write_feedback
from convtrace.homework.grading import Grade, Grader, answer_files, gradebook_csv, match_class
from tests.reference import conv2d


def reference(task, *, bias=True, padding=True) -> list:
    """The output by the naive loop, or as a student computes it without the bias or padding."""
    return conv2d(
        task.x.tolist(),
        [f.weights.tolist() for f in task.filters],
        [f.bias if bias else 0 for f in task.filters],
        stride=task.stride,
        padding=task.padding if padding else (0, 0, 0, 0),
    )


def write_csv(path, volume) -> None:
    text = "\n\n".join("\n".join(",".join(map(str, row)) for row in m) for m in volume)
    path.write_text(text + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def seed():
    return convtrace.trace("seed")


@pytest.fixture
def answers(tmp_path, seed):
    """Four answers to the seed: right, bias forgotten, padding forgotten, one slip."""
    folder = tmp_path / "answers"
    folder.mkdir()
    write_csv(folder / "ada.csv", reference(seed.task))
    write_csv(folder / "bob.csv", reference(seed.task, bias=False))
    write_csv(folder / "cy.csv", reference(seed.task, padding=False))
    one = reference(seed.task)
    one[0][2][2] += 5
    write_csv(folder / "dee.csv", one)
    (folder / "notes.pdf").write_text("not an answer", encoding="utf-8")
    (folder / ".hidden.csv").write_text("1", encoding="utf-8")
    return folder


def test_a_batch_grades_each_answer_by_its_slip(seed, answers):
    grader = Grader(seed)
    files = answer_files([answers])
    assert [p.name for p in files] == ["ada.csv", "bob.csv", "cy.csv", "dee.csv"]
    grades = grading.grade_all(grader, files)
    assert [(g.right, g.total) for g in grades] == [(9, 9), (0, 9), (0, 9), (8, 9)]
    assert [g.slip for g in grades] == ["", "bias_forgotten", "padding_forgotten", "arithmetic"]
    assert grades[2].note.startswith("your answer is 2×2, the output is 3×3")
    assert grades[0].all_right and not grades[3].all_right
    assert grades[3].score == pytest.approx(800 / 9)


def test_the_slips_are_computed_once_for_the_whole_batch(seed, answers, monkeypatch):
    calls = []
    real = grading.known_slips
    monkeypatch.setattr(grading, "known_slips", lambda *a: calls.append(1) or real(*a))
    grades = grading.grade_all(Grader(seed), answer_files([answers]))
    assert [g.slip for g in grades][1] == "bias_forgotten" and len(calls) == 1


def test_an_unreadable_answer_scores_0_and_says_why(tmp_path, seed):
    bad = tmp_path / "eve.csv"
    bad.write_text("1,2,x\n", encoding="utf-8")
    grade = Grader(seed).grade(bad)
    assert (grade.right, grade.total, grade.check) == (0, 9, None)
    assert grade.note.startswith("unreadable: line 1")


def test_the_gradebook_has_a_row_per_answer(seed, answers):
    grades = grading.grade_all(Grader(seed), answer_files([answers]))
    rows = list(csv.DictReader(io.StringIO(gradebook_csv(grades))))
    assert list(rows[0]) == list(grading.GRADEBOOK_COLUMNS)
    assert [(r["cells_right"], r["cells_total"], r["score"]) for r in rows] == [
        ("9", "9", "100.0"),
        ("0", "9", "0.0"),
        ("0", "9", "0.0"),
        ("8", "9", "88.9"),
    ]
    assert rows[1]["slip"] == "bias_forgotten" and rows[1]["file"].endswith("bob.csv")


def test_a_gradebook_is_never_written_over_silently(tmp_path, seed):
    path = tmp_path / "grades.csv"
    path.write_text("mine", encoding="utf-8")
    grades = [Grade("a.csv", 9, 9)]
    with pytest.raises(InputError, match="exists already; add --force"):
        grading.write_gradebook(path, grades)
    assert path.read_text(encoding="utf-8") == "mine"
    grading.write_gradebook(path, grades, force=True)
    assert path.read_text(encoding="utf-8").startswith("file,student,")
    with pytest.raises(InputError, match=r"--gradebook .*: is a folder, not a file"):
        grading.write_gradebook(tmp_path, grades, force=True)


def test_answer_folders_and_files(tmp_path):
    with pytest.raises(InputError, match="no answers here"):
        answer_files([tmp_path])
    with pytest.raises(InputError, match="no such file or folder"):
        answer_files([tmp_path / "nope.csv"])
    (tmp_path / "grades.csv").write_text("x", encoding="utf-8")
    (tmp_path / "a.json").write_text("[]", encoding="utf-8")
    found = answer_files([tmp_path, tmp_path / "a.json"], exclude=[tmp_path / "grades.csv"])
    assert [p.name for p in found] == ["a.json"]  # the gradebook is never an answer, nor twice


def test_feedback_page(seed, answers):
    grader = Grader(seed)
    bob = grader.grade(answers / "bob.csv")
    page = feedback_page(bob, seed)
    assert page.startswith('---\npagetitle: "Feedback: ')
    assert "0 of 9 cells are right (0.0%)" in page
    assert "- 9 of 9 cells match a computation without the bias (+1). Did you forget" in page
    assert page.count("\n### o[0, ") == 9  # every wrong cell worked out
    assert "You wrote **2**; the trace gives **3**." in page
    assert "| **0** | **2** ✗ | **6** ✗ | **3** ✗ |" in page
    ada = feedback_page(grader.grade(answers / "ada.csv"), seed)
    assert "all 9 cells are right" in ada and "### o[" not in ada
    cy = feedback_page(grader.grade(answers / "cy.csv"), seed)
    assert "is 2×2; the output is 3×3" in cy and "without the padding" in cy


def test_feedback_pages_are_checked_before_any_is_written(tmp_path, seed, answers):
    grades = grading.grade_all(Grader(seed), answer_files([answers]))
    graded = [(g, seed) for g in grades]
    out = tmp_path / "feedback"
    out.mkdir()
    (out / "cy.md").write_text("mine", encoding="utf-8")
    with pytest.raises(InputError, match=r"cy\.md: exists already"):
        write_feedback(graded, out)
    assert sorted(p.name for p in out.iterdir()) == ["cy.md"]
    paths = write_feedback(graded, out, force=True)
    assert [p.name for p in paths] == ["ada.md", "bob.md", "cy.md", "dee.md"]
    assert page_names([Grade("x/a.csv", 1, 1), Grade("y/a.json", 1, 1)]) == [
        "a.csv.md",
        "a.json.md",
    ]


def test_a_class_set_matches_answers_by_name(tmp_path):
    from convtrace.homework.roster import Student

    students = [Student("Ada Lovelace", "ada-lovelace", 1), Student("Bob", "bob", 2)]
    folder = tmp_path / "class"
    write_class_set(make_class_set(students=students, seed=4, size=4, kernel=3), folder)
    members = read_class(folder)
    answers = tmp_path / "answers"
    answers.mkdir()
    task = convtrace.load_task(members[0].task)
    write_csv(answers / "Ada Lovelace.csv", reference(task))
    pairs = match_class(members, answer_files([answers]), "class")
    assert [(m.name, p and p.name) for m, p in pairs] == [
        ("Ada Lovelace", "Ada Lovelace.csv"),
        ("Bob", None),
    ]
    graded = grading.grade_class(pairs)
    assert [(g.student, g.all_right, g.note) for g, _ in graded] == [
        ("Ada Lovelace", True, ""),
        ("Bob", False, "no answer"),
    ]
    assert graded[0][0].right == graded[0][0].total == graded[0][1].output.size
    (answers / "zed.csv").write_text("1", encoding="utf-8")
    (answers / "ada_lovelace.json").write_text("[[1]]", encoding="utf-8")
    with pytest.raises(InputError, match="a second answer of Ada Lovelace"):
        match_class(members, answer_files([answers]), "class")
    (answers / "ada_lovelace.json").unlink()
    with pytest.raises(InputError) as error:
        match_class(members, answer_files([answers]), "class")
    assert str(error.value) == (
        "1 answer matches no student of class (zed.csv); name each answer after its student's "
        "folder, like ada-lovelace.csv"
    )


# --- chains: the last layer's output, graded by the layer check -------------------------------


def chain_reference(task, *, relu: bool = True) -> list:
    """A conv → ReLU → 2×2 max pooling chain's output by the naive loops (or with ReLU left out,
    the slip of the same name)."""
    from tests.reference import max_pool2d

    conv = task.layers[0].task
    out = conv2d(
        task.x.tolist(),
        [f.weights.tolist() for f in conv.filters],
        [f.bias for f in conv.filters],
        stride=conv.stride,
        padding=conv.padding,
    )
    if relu:
        out = [[[max(0, v) for v in row] for row in m] for m in out]
    return max_pool2d(out, (2, 2), (2, 2))


def test_a_chain_is_graded_in_a_batch_with_its_slips_and_feedback(tmp_path):
    from click.testing import CliRunner

    from convtrace.cli import main

    task = convtrace.load_task("chain")
    answers = tmp_path / "answers"
    answers.mkdir()
    write_csv(answers / "right.csv", chain_reference(task))
    write_csv(answers / "no-relu.csv", chain_reference(task, relu=False))
    (answers / "shape.csv").write_text("1,2,3\n", encoding="utf-8")
    book, pages = tmp_path / "grades.csv", tmp_path / "feedback"
    result = CliRunner().invoke(
        main, ["check", "chain", str(answers), "--gradebook", str(book), "--feedback", str(pages)]
    )
    assert result.exit_code == 1, result.output
    rows = {Path(r["file"]).name: r for r in csv.DictReader(io.StringIO(book.read_text()))}
    assert (rows["right.csv"]["cells_right"], rows["right.csv"]["slip"]) == ("4", "")
    assert rows["no-relu.csv"]["slip"] == "relu_skipped"
    assert (
        rows["no-relu.csv"]["cells_right"] == "2"
    )  # [[11, −5], [9, −3]] against [[11, 0], [9, 0]]
    assert rows["shape.csv"]["note"] == "your answer is 1×1×3, layer 3's output is 1×2×2"
    page = (pages / "no-relu.md").read_text(encoding="utf-8")
    assert "## What went wrong" in page and "ReLU" in page
    assert "- o3[0, 0, 1]: you wrote **-5**; the trace gives **0**." in page
    assert "### o3[0, 0, 1]" in page and "o3[0, 0, 1] = \\max(" in page  # worked out
    verdicts = CliRunner().invoke(main, ["check", "chain", str(answers), "--format", "json"])
    doc = json.loads(verdicts.stdout)
    assert {Path(a["answer"]).name: a["verdict"] for a in doc["answers"]} == {
        "no-relu.csv": "wrong",
        "right.csv": "right",
        "shape.csv": "wrong_shape",
    }
    assert all(a["layer"] == 3 for a in doc["answers"])


def test_a_class_set_of_chains_is_made_and_graded(tmp_path):
    from click.testing import CliRunner

    from convtrace.cli import main

    folder = tmp_path / "class"
    made = CliRunner().invoke(
        main, ["quiz", "--count", "3", "--seed", "2", "--then", "relu", "--then", "maxpool:2",
               "--size", "6", "-o", str(folder)],
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    members = read_class(folder)
    answers = tmp_path / "answers"
    answers.mkdir()
    for member in members:  # the key of each exercise, by the reference loops
        expected = chain_reference(convtrace.load_task(member.task))
        key = (folder / "answer-key.md").read_text(encoding="utf-8")
        assert f"## {member.name}" in key
        write_csv(answers / f"{Path(member.task).parent.name}.csv", expected)
    graded = CliRunner().invoke(main, ["check", "--class", str(folder), str(answers)])
    assert graded.exit_code == 0, graded.output
    assert "3 of 3 answers all right" in graded.stdout

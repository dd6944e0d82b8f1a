"""The teacher's day, end to end: 30 exercises for a roster, exported to Moodle; a folder of 30
answers (made by the reference loop, some right, some with a known slip) graded into a gradebook
and a feedback page per student; Gradescope's results.json for one of them."""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET

from click.testing import CliRunner

import convtrace
from convtrace.cli import main
from tests.reference import conv2d

NAMES = [
    "Ada Lovelace", "Grace Hopper", "Alan Turing", "Edsger Dijkstra", "Barbara Liskov",
    "Donald Knuth", "Frances Allen", "John Backus", "Katherine Johnson", "Dennis Ritchie",
    "Margaret Hamilton", "Ken Thompson", "Radia Perlman", "Tim Berners-Lee", "Shafi Goldwasser",
    "Leslie Lamport", "Hedy Lamarr", "Niklaus Wirth", "Sophie Wilson", "Claude Shannon",
    "Jean Bartik", "Tony Hoare", "Adele Goldberg", "Vint Cerf", "Lynn Conway", "Bjarne Stroustrup",
    "Anita Borg", "Guido van Rossum", "Fei-Fei Li", "José Núñez",
]  # fmt: skip

#: What each student does, in turn: the slip made by hand, and what the diagnosis must call it.
SLIPS = [
    ("right", ""),
    ("bias", "bias_forgotten"),
    ("padding", "padding_forgotten"),
    ("padding and stride 1", "padding_forgotten+stride_ignored"),
    ("flip", "kernel_flipped"),
]


def answer(task, slip: str) -> list:
    """The output by the naive loop, computed the way the student slipped."""
    stride, padding = task.stride, task.padding
    if "padding" in slip:
        padding = (0, 0, 0, 0)
    if "stride 1" in slip:
        stride = (1, 1)
    return conv2d(
        task.x.tolist(),
        [f.weights.tolist() for f in task.filters],
        [0 if slip == "bias" else f.bias for f in task.filters],
        stride=stride,
        padding=padding,
        flip=slip == "flip",
    )


def csv_text(volume) -> str:
    return "\n\n".join("\n".join(",".join(map(str, r)) for r in m) for m in volume) + "\n"


def test_a_teacher_makes_grades_and_exports_a_class(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    (tmp_path / "roster.csv").write_text(
        "First Name,Last Name,Email\n"
        + "".join(f"{n.split(' ', 1)[0]},{n.split(' ', 1)[1]},x@y\n" for n in NAMES),
        encoding="utf-8",
    )
    made = runner.invoke(
        main,
        ["quiz", "--students", "roster.csv", "--seed", "2024", "-o", "class",
         "--size", "5", "--kernel", "3", "--stride", "2", "--padding", "1", "--channels", "1",
         "--moodle", "quiz.xml"],
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    assert "(30 Cloze questions)" in made.stdout

    # Moodle: one Cloze question per student, a NUMERICAL blank per output cell
    questions = ET.parse(tmp_path / "quiz.xml").getroot().findall("question[@type='cloze']")
    assert [q.find("name/text").text.rsplit(" (seed", 1)[0] for q in questions] == NAMES
    assert all(q.find("questiontext/text").text.count("{1:NUMERICAL:=") == 9 for q in questions)

    # the answers: every fifth student right, the others each with a slip made by hand
    members = json.loads((tmp_path / "class" / "class.json").read_text())["exercises"]
    (tmp_path / "answers").mkdir()
    expected = {}
    for n, member in enumerate(members):
        task = convtrace.load_task(tmp_path / "class" / member["folder"] / "task.json")
        slip, kind = SLIPS[n % len(SLIPS)]
        given = answer(task, slip)
        if slip == "flip" and given == answer(task, "right"):
            kind = ""  # a kernel the same turned round: flipping it is no slip
        expected[member["name"]] = kind
        (tmp_path / "answers" / f"{member['name']}.csv").write_text(csv_text(given))

    graded = runner.invoke(
        main,
        ["check", "--class", "class", "answers", "--gradebook", "grades.csv",
         "--feedback", "feedback"],
    )  # fmt: skip
    assert graded.exit_code == 1, graded.output
    rows = list(csv.DictReader((tmp_path / "grades.csv").read_text().splitlines()))
    assert [r["student"] for r in rows] == NAMES
    assert {r["student"]: r["slip"] for r in rows} == expected
    for row in rows:
        right = expected[row["student"]] == ""
        assert (row["score"] == "100.0") == right and row["cells_total"] == "9"
        if expected[row["student"]] == "padding_forgotten":
            assert row["note"].startswith("your answer is 2×2, the output is 3×3")

    pages = sorted(p.name for p in (tmp_path / "feedback").iterdir())
    assert len(pages) == 30 and "jose-nunez.md" in pages
    grace = (tmp_path / "feedback" / "grace-hopper.md").read_text(encoding="utf-8")
    assert "Did you forget to add b₀?" in grace and "## The wrong cells, worked out" in grace
    paired = (tmp_path / "feedback" / "edsger-dijkstra.md").read_text(encoding="utf-8")
    assert "without the padding" in paired and "stride 1 instead of 2" in paired

    # Gradescope grades one submission at a time
    results = runner.invoke(
        main,
        ["check", "class/grace-hopper/task.json", "answers/Grace Hopper.csv",
         "--format", "gradescope"],
    )  # fmt: skip
    doc = json.loads(results.stdout)
    assert doc["score"] == 0.0 and doc["tests"][0]["max_score"] == 9.0
    assert {"name", "score", "max_score", "output"} <= set(doc["tests"][0])

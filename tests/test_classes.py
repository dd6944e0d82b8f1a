"""Class sets: rosters in the formats the README names, N distinct exercises from one seed, their
files, and the class file that ``check --class`` reads back."""

from __future__ import annotations

import json

import pytest

import convtrace
from convtrace.errors import InputError
from convtrace.homework.classes import make_class_set, read_class, write_class_set
from convtrace.homework.quiz import make_quiz
from convtrace.homework.roster import folder_name, read_roster
from tests.reference import conv2d


def roster(tmp_path, text: str, name: str = "roster.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- rosters ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "name\nAda Lovelace\nGrace Hopper\n",
        "id,Student,email\n1,Ada Lovelace,a@x\n2,Grace Hopper,g@x\n",
        "\ufeffFirst Name;Last Name;SID\nAda;Lovelace;1\nGrace;Hopper;2\n",
        "Ada Lovelace\n\n  Grace   Hopper \n",
        "full_name\tx\nAda Lovelace\t1\n\nGrace Hopper\t2\n",
    ],
    ids=["name", "student-column", "first-last-semicolons", "one-per-line", "tabs"],
)
def test_roster_formats(tmp_path, text):
    students = read_roster(roster(tmp_path, text))
    assert [s.name for s in students] == ["Ada Lovelace", "Grace Hopper"]
    assert [s.folder for s in students] == ["ada-lovelace", "grace-hopper"]


def test_a_name_with_a_comma_needs_the_csv_form(tmp_path):
    students = read_roster(roster(tmp_path, 'name\n"Lovelace, Ada"\n'))
    assert students[0].name == "Lovelace, Ada" and students[0].folder == "lovelace-ada"


def test_folder_names():
    assert folder_name("José Núñez") == "jose-nunez"
    assert folder_name("  O'Brien, Pat ") == "o-brien-pat"
    assert folder_name("李小龍") == "李小龍"
    assert folder_name("a" * 80) == "a" * 60


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "roster.csv: no names: the roster is empty"),
        ("\n \n", "roster.csv: no names: the roster is empty"),
        ("name,email\n", "roster.csv: no names: a header and nothing under it"),
        ("id,email\n1,a@x\n", "roster.csv: line 1: a roster with several columns needs a header"),
        ("name,email\nAda,a\n,b\n", "roster.csv: line 3: no name in 'name'"),
        ("Ada\nGrace\nAda\n", "roster.csv: line 3: 'Ada' is on line 1 already: each student once"),
        ("Ada Lee\nada-lee\n", "roster.csv: line 2: 'ada-lee' and 'Ada Lee' (line 1) would share"),
        ("Ada\n???\n", "roster.csv: line 2: '???' gives no folder name"),
    ],
)
def test_bad_rosters_say_where(tmp_path, text, message):
    path = roster(tmp_path, text)
    with pytest.raises(InputError) as error:
        read_roster(path)
    assert str(error.value).replace(str(tmp_path) + "/", "").startswith(message)


# --- the set ---------------------------------------------------------------------------------


def test_a_class_set_is_distinct_and_reproducible():
    a = make_class_set(count=12, seed=5, size=4, kernel=2, channels=1)
    b = make_class_set(count=12, seed=5, size=4, kernel=2, channels=1)
    assert [e.quiz.task_json() for e in a.exercises] == [e.quiz.task_json() for e in b.exercises]
    numbers = {json.dumps([e.quiz.data["input"], e.quiz.data["filters"]]) for e in a.exercises}
    assert len(numbers) == 12
    assert [e.folder for e in a.exercises][:2] == ["01", "02"]
    # each exercise is also `quiz --seed N` with the same options
    first = a.exercises[0].quiz
    again = make_quiz(seed=first.seed, size=4, kernel=2, channels=1)
    assert again.task_json() == first.task_json()
    assert f"--seed {first.seed}" in first.data["title"]


def test_options_that_allow_too_few_distinct_exercises():
    options = {"size": 2, "kernel": 2, "stride": 1, "padding": 0, "channels": 1}
    options.update(values="0..0", weights="1..1")
    with pytest.raises(InputError, match="--count: these options allow only 1 distinct exercis"):
        make_class_set(count=3, seed=1, biases="1..1", **options)


def test_count_and_roster_must_agree(tmp_path):
    students = read_roster(roster(tmp_path, "Ada\nGrace\n"))
    with pytest.raises(InputError, match="--count: 3, but the roster names 2 students"):
        make_class_set(count=3, students=students, seed=1)
    made = make_class_set(students=students, seed=1)
    assert [e.name for e in made.exercises] == ["Ada", "Grace"]
    assert made.exercises[1].quiz.data["title"].startswith("Exercise for Grace: convtrace quiz")
    for count in (0, 1001):
        with pytest.raises(InputError, match="--count"):
            make_class_set(count=count, seed=1)


def test_the_files_of_a_class_set(tmp_path):
    made = make_class_set(count=3, seed=2, size=4, kernel=3, channels=1)
    paths = write_class_set(made, tmp_path / "class")
    folder = tmp_path / "class"
    assert sorted(p.name for p in folder.iterdir()) == [
        "01",
        "02",
        "03",
        "answer-key.md",
        "class.json",
    ]
    members = read_class(folder)
    assert [(m.name, m.folder) for m in members] == [(e.name, e.folder) for e in made.exercises]
    key = paths["key"].read_text(encoding="utf-8")
    for member in members:
        assert sorted(p.name for p in (folder / member.folder).iterdir()) == [
            "answer-key.md",
            "task.json",
            "worksheet.md",
        ]
        task = convtrace.load_task(member.task)
        weights, biases = [f.weights.tolist() for f in task.filters], [f.bias for f in task.filters]
        out = conv2d(task.x.tolist(), weights, biases, stride=task.stride, padding=task.padding)
        rows = ["| **0** | " + " | ".join(map(str, out[0][0])) + " |"]
        section = key[key.index(f"## {member.name}") :]
        assert rows[0] in section.split("\n## ")[0]  # its output, under its own heading


def test_nothing_is_written_when_a_file_is_in_the_way(tmp_path):
    made = make_class_set(count=2, seed=3)
    (tmp_path / "02").mkdir()
    (tmp_path / "02" / "worksheet.md").write_text("mine", encoding="utf-8")
    with pytest.raises(InputError, match=r"02/worksheet\.md: exists already; add --force"):
        write_class_set(made, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["02"]
    write_class_set(made, tmp_path, force=True)
    assert (tmp_path / "class.json").is_file()
    write_class_set(made, tmp_path, fmt="latex")  # the same set as LaTeX, beside it
    assert (tmp_path / "01" / "worksheet.tex").is_file() and (tmp_path / "answer-key.tex").is_file()


def test_a_folder_that_is_no_class_set(tmp_path):
    with pytest.raises(InputError, match=r"no class\.json here: not a class set"):
        read_class(tmp_path)
    (tmp_path / "class.json").write_text('{"exercises": [{"name": "Ada"}]}', encoding="utf-8")
    with pytest.raises(InputError, match=r"class.json: exercises\[0\]: expected a name and a"):
        read_class(tmp_path)

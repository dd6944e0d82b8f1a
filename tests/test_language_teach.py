"""The teaching side in German: check reports and diagnoses, quizzes and their keys, error
messages and --help, with the same numbers, exit statuses and machine-readable structure as in
English."""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

import convtrace
from convtrace import language
from convtrace.cli import main
from convtrace.homework.grading import Grader, answer_files, grade_all, gradebook_csv
from convtrace.homework.lms import moodle_xml
from convtrace.homework.quiz import make_quiz
from tests.conftest import SAMPLES

SEED = str(SAMPLES / "seed.json")
WITHOUT_BIAS = "2,6,3\n16,-8,0\n13,24,12\n"
RIGHT = "3,7,4\n17,-7,1\n14,25,13\n"
GERMAN = {"LANG": "de_DE.UTF-8"}


def invoke(*args, env=None):
    return CliRunner().invoke(main, [*map(str, args)], env=env)


def answer(tmp_path, text, name="answer.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_lang_from_the_environment_reports_a_check_in_german(tmp_path):
    wrong = invoke("check", SEED, answer(tmp_path, WITHOUT_BIAS), env=GERMAN)
    assert wrong.exit_code == 1
    assert "0 von 9 Zellen sind richtig; 9 sind falsch" in wrong.stdout
    assert "Was schiefgelaufen ist" in wrong.stdout
    assert "passen zu einer Rechnung ohne den Bias (+1). Hast du vergessen, b₀ zu addieren?" in (
        " ".join(wrong.stdout.split())
    )
    right = invoke("check", SEED, answer(tmp_path, RIGHT, "right.csv"), env=GERMAN)
    assert right.exit_code == 0
    assert "Alle 9 Zellen sind richtig." in right.stdout


def test_a_german_check_has_the_english_numbers(tmp_path):
    path = answer(tmp_path, "3,7,4\n17,-7,1\n14,25,12\n")
    english = invoke("check", SEED, path)
    german = invoke("check", SEED, path, "--lang", "de")
    assert english.exit_code == german.exit_code == 1
    assert "o[0, 2, 2] is 12, it should be 13" in english.stdout
    assert "o[0, 2, 2] ist 12, richtig wäre 13" in german.stdout
    numbers = re.compile(r"−?\d+")
    grid = slice(1, 6)  # the expected and given grids, their difference
    assert [numbers.findall(line) for line in english.stdout.splitlines()[grid]] == [
        numbers.findall(line) for line in german.stdout.splitlines()[grid]
    ]


def test_bad_input_in_german_is_one_line_and_exit_2(tmp_path):
    result = invoke("check", SEED, answer(tmp_path, "3,7\n17,-7\n"), "--lang", "de")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "deine Antwort ist 2×2, das Ausgabevolumen ist 3×3" in result.stderr


def test_the_json_verdict_keeps_its_keys_in_german(tmp_path):
    path = answer(tmp_path, WITHOUT_BIAS)
    english = invoke("check", SEED, path, "--format", "json")
    german = invoke("check", SEED, path, "--format", "json", "--lang", "de")
    import json

    en, de = json.loads(english.stdout), json.loads(german.stdout)
    assert list(en) == list(de)
    assert en["expected"] == de["expected"] and en["given"] == de["given"]
    assert de["diagnosis"][0]["slip"] == "bias_forgotten"
    assert "Hast du vergessen" in de["diagnosis"][0]["message"]


def test_the_gradebook_columns_and_numbers_do_not_change_with_the_language(tmp_path):
    folder = tmp_path / "answers"
    folder.mkdir()
    answer(folder, RIGHT, "ada.csv")
    answer(folder, WITHOUT_BIAS, "bob.csv")
    seed = convtrace.trace("seed")

    def book(code):
        with language.speaking(code):
            grades = grade_all(Grader(seed), answer_files([folder]))
            return list(csv.reader(io.StringIO(gradebook_csv(grades))))

    english, german = book("en"), book("de")
    assert english[0] == german[0]
    columns = english[0]
    for en, de in zip(english[1:], german[1:], strict=True):
        for name, a, b in zip(columns, en, de, strict=True):
            if re.fullmatch(r"-?[\d.]+", a):
                assert a == b, name  # a number, never with a decimal comma


def test_moodle_xml_has_the_same_structure_in_german():
    quizzes = [make_quiz(seed=s, padding=1) for s in (1, 2)]

    def xml(code):
        with language.speaking(code):
            return ET.fromstring(moodle_xml([(q.data["title"], q.trace) for q in quizzes]))

    english, german = xml("en"), xml("de")
    assert [e.tag for e in english.iter()] == [e.tag for e in german.iter()]
    assert [e.attrib for e in english.iter()] == [e.attrib for e in german.iter()]
    blank = re.compile(r"\{1:NUMERICAL:=(-?[\d.]+):([\d.]+)")
    for en, de in zip(english.iter("questiontext"), german.iter("questiontext"), strict=True):
        assert blank.findall(en.find("text").text) == blank.findall(de.find("text").text)


def test_a_german_quiz_has_the_english_numbers(tmp_path):
    results = {}
    for code in ("en", "de"):
        folder = tmp_path / code
        result = invoke("quiz", "--seed", 3, "-o", folder, "--lang", code)
        assert result.exit_code == 0, result.output
        results[code] = result
    numbers = re.compile(r"−?\d+(?:[.,]\d+)?")
    for name in ("worksheet.md", "answer-key.md"):
        en = (tmp_path / "en" / name).read_text(encoding="utf-8")
        de = (tmp_path / "de" / name).read_text(encoding="utf-8")
        assert numbers.findall(en.replace("₀", "")) == numbers.findall(de.replace("₀", ""))
    assert "Aufgabe (Seed 3)" in results["de"].stdout


@pytest.mark.parametrize("command", ["run", "check", "quiz"])
def test_help_in_german(command):
    result = invoke(command, "--help", "--lang", "de")
    assert result.exit_code == 0
    assert "Sprache" in result.stdout
    english = invoke(command, "--help")
    assert english.stdout != result.stdout


def test_a_bad_file_is_said_in_german_with_its_place(tmp_path):
    bad = answer(tmp_path, "1,2\n3,x\n", "bad.csv")
    result = invoke("run", "--input", bad, "--kernel", "seed-kernel", env=GERMAN)
    assert result.exit_code == 2
    assert result.stderr == f"convtrace: {bad}: Zeile 2, Spalte 2: 'x' ist keine Zahl\n"
    missing = invoke("run", tmp_path / "nosuch.json", "--lang", "de")
    assert missing.exit_code == 2
    assert missing.stderr.endswith("nosuch.json: Datei nicht gefunden\n")

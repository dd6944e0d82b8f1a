"""Numbers a person reads in the teacher's files follow the language (3,5 and 88,9 % in
German); numbers a machine reads (gradebook CSV, Moodle's answers) never do."""

from __future__ import annotations

import csv
import json
import re

from click.testing import CliRunner

import convtrace
from convtrace import language
from convtrace.cli import main
from convtrace.homework.lms import moodle_xml

#: A 4×4 input and a 2×2 mean kernel: every output value ends in .5.
DECIMAL_TASK = {
    "input": [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12], [13, 14, 15, 16]],
    "filter": [[0.25, 0.25], [0.25, 0.25]],
}


def grade_one(tmp_path, *lang):
    answers = tmp_path / "answers"
    answers.mkdir(exist_ok=True)
    (answers / "ada.csv").write_text("3.5,4.5,5.5\n7.5,8.5,9.5\n11.5,12.5,13\n")
    task = tmp_path / "task.json"
    task.write_text(json.dumps(DECIMAL_TASK))
    out = tmp_path / ("out-" + "".join(lang).strip("-"))
    out.mkdir()
    result = CliRunner().invoke(
        main,
        ["check", str(task), str(answers), "--feedback", str(out / "fb"),
         "--gradebook", str(out / "g.csv"), *lang],
    )  # fmt: skip
    assert result.exit_code == 1, result.output
    return result.stdout, (next((out / "fb").iterdir())).read_text(), (out / "g.csv").read_text()


def test_german_reports_and_feedback_write_decimal_commas(tmp_path):
    said, page, _ = grade_one(tmp_path, "--lang", "de")
    assert "88,9%" in said and "im Mittel 88,9 %" in said
    assert "(88,9 %)" in page
    assert "| 11,5 | 12,5 | **13** ✗ |" in page
    assert "richtig wäre 13,5 (um −0,5 daneben)" in page
    assert "$o[0, 2, 2] = 13{,}5 + 0 = 13{,}5$" in page  # math in TeX, its comma braced


def test_the_gradebook_is_the_same_in_both_languages(tmp_path):
    _, english_page, english = grade_one(tmp_path)
    _, _, german = grade_one(tmp_path, "--lang", "de")
    assert german == english
    assert next(iter(csv.DictReader(english.splitlines())))["score"] == "88.9"
    assert "(88.9%)" in english_page and "3,5" not in english_page


def test_moodle_answers_keep_the_point_while_its_text_takes_the_comma():
    trace = convtrace.trace(DECIMAL_TASK["input"], [[DECIMAL_TASK["filter"]]])
    english = moodle_xml([("Ada", trace)])
    with language.speaking("de"):
        german = moodle_xml([("Ada", trace)])
    answers = re.compile(r"NUMERICAL:=[^:]*:[^#]*")
    assert answers.findall(german) == answers.findall(english)
    assert "NUMERICAL:=3.5:0.005" in german
    assert "<td>0,25</td>" in german and "<td>0.25</td>" in english


def test_the_files_a_quiz_wrote_line_up_in_german(tmp_path):
    result = CliRunner().invoke(
        main, ["quiz", "--seed", "3", "-o", str(tmp_path / "q"), "--lang", "de"]
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("  ")]
    assert [line.split()[0] for line in lines] == ["Aufgabe:", "Arbeitsblatt:", "Lösung:"]
    assert len({line.index(str(tmp_path)) for line in lines}) == 1

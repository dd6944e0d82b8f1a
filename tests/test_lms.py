"""The LMS formats as their documentation gives them: Gradescope's results.json (a ``score`` and
``tests`` of ``name``, ``score``, ``max_score``, ``output``) and Moodle XML with one Cloze
question per exercise, each cell {1:NUMERICAL:=value:tolerance#feedback~%0%wrong:tol#feedback}.
Expected values come from the reference loop, never from convtrace."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

import convtrace
from convtrace.homework import check
from convtrace.homework.lms import cloze_text, gradescope_results, gradescope_unreadable, moodle_xml
from convtrace.homework.quiz import make_quiz
from tests.reference import conv2d


def reference(task, **change) -> list:
    options = {
        "bias": True,
        "padding": task.padding,
        "flip": task.flip,
    }
    options.update(change)
    return conv2d(
        task.x.tolist(),
        [f.weights.tolist() for f in task.filters],
        [f.bias if options["bias"] else 0 for f in task.filters],
        stride=task.stride,
        padding=options["padding"],
        flip=options["flip"],
    )


def assert_results_json(doc):
    """Gradescope's keys and types: a number ``score``; each test a ``name`` (text), ``score``
    and ``max_score`` (numbers) and ``output`` (text)."""
    assert isinstance(doc["score"], float) and isinstance(doc["output"], str)
    assert isinstance(doc["tests"], list) and doc["tests"]
    for test in doc["tests"]:
        assert isinstance(test["name"], str) and isinstance(test["output"], str)
        assert isinstance(test["score"], float) and isinstance(test["max_score"], float)
        assert 0 <= test["score"] <= test["max_score"]
        assert test["status"] in ("passed", "failed")
    assert doc["score"] == pytest.approx(sum(t["score"] for t in doc["tests"]))


@pytest.fixture(scope="module")
def seed():
    return convtrace.trace("seed")


def test_gradescope_per_filter(seed):
    answer = reference(seed.task)
    answer[0][1][1] += 2
    doc = gradescope_results(check(seed, answer))
    assert_results_json(doc)
    (test,) = doc["tests"]
    assert (test["name"], test["score"], test["max_score"]) == ("o[0]  (w0)", 8.0, 9.0)
    assert "o[0, 1, 1]: you wrote -5, the trace gives -7" in test["output"]
    assert doc["score"] == 8.0 and test["status"] == "failed"


def test_gradescope_per_cell_and_points(seed):
    answer = reference(seed.task, bias=False)
    doc = gradescope_results(check(seed, answer), per_cell=True, points=90)
    assert_results_json(doc)
    assert [t["name"] for t in doc["tests"]][:2] == ["o[0, 0, 0]", "o[0, 0, 1]"]
    assert all(t["max_score"] == 10.0 and t["score"] == 0.0 for t in doc["tests"])
    assert "Did you forget to add b₀?" in doc["tests"][0]["output"]
    right = gradescope_results(check(seed, reference(seed.task)), per_cell=True, points=90)
    assert right["score"] == 90.0 and all(t["output"] == "right" for t in right["tests"])


def test_gradescope_wrong_shape_and_unreadable(seed):
    doc = gradescope_results(check(seed, reference(seed.task, padding=(0, 0, 0, 0))))
    assert_results_json(doc)
    assert doc["score"] == 0.0 and doc["tests"][0]["name"] == "output shape"
    assert "without the padding" in doc["tests"][0]["output"]
    unreadable = gradescope_unreadable("answer.csv: line 2: 'x' is not a number", seed)
    assert_results_json(unreadable)
    assert unreadable["tests"][0]["max_score"] == 9.0


CLOZE = re.compile(
    r"\{1:NUMERICAL:=(?P<value>-?[\d.]+):(?P<tol>[\d.]+)#(?P<fb>(?:[^~}\\]|\\.)*)"
    r"(?P<wrong>(?:~%0%-?[\d.]+:[\d.]+#(?:[^~}\\]|\\.)*)*)\}"
)
WRONG = re.compile(r"~%0%(-?[\d.]+):([\d.]+)#((?:[^~}\\]|\\.)*)")


def test_moodle_xml_has_a_cloze_question_per_exercise():
    quizzes = [make_quiz(seed=s, padding=1, channels=2, filters=2) for s in (1, 2, 3)]
    text = moodle_xml([(q.data["title"], q.trace) for q in quizzes], category="week 3")
    root = ET.fromstring(text)
    assert root.tag == "quiz"
    category, *questions = root.findall("question")
    assert category.get("type") == "category"
    assert category.find("category/text").text == "$course$/top/week 3"
    assert [q.get("type") for q in questions] == ["cloze"] * 3
    for made, question in zip(quizzes, questions, strict=True):
        assert question.find("name/text").text == made.data["title"]
        html = question.find("questiontext/text").text
        assert question.find("questiontext").get("format") == "html"
        blanks = CLOZE.findall(html)
        task = made.task
        right = reference(task)
        cells = [v for plane in right for row in plane for v in row]
        assert len(blanks) == len(cells) == len(re.findall(r"\{1:NUMERICAL:", html))
        assert [float(b[0]) for b in blanks] == cells
        assert all(b[1] == "0.005" for b in blanks)
        # the wrong answers: what the reference gives without the bias, the padding or the flip
        slips = {
            "Did you forget to add b": reference(task, bias=False),
            "Did you forget to pad the input with zeros first?": reference(task, padding=(0,) * 4),
            "did you flip the kernel?": reference(task, flip=True),
        }
        _, h, w = made.trace.shape
        for n, (_, _, _, wrong) in enumerate(blanks):
            position = (n // (h * w), n // w % h, n % w)
            offered = {float(v): fb for v, _, fb in WRONG.findall(wrong)}
            for words, values in slips.items():
                plane = values[position[0]]
                if position[1] >= len(plane) or position[2] >= len(plane[0]):
                    continue  # no padding: a smaller output
                value = plane[position[1]][position[2]]
                if value == cells[n]:
                    assert value not in offered  # never a right answer marked 0 %
                else:
                    assert value in offered, (words, position)
            assert all(any(words in fb for words in slips) for fb in offered.values())


def test_cloze_text_escapes_what_moodle_reads():
    assert cloze_text('a}b#c~d/e"f\\g<h') == 'a\\}b\\#c\\~d\\/e\\"f\\\\g&lt;h'


def test_a_fraction_exercise_in_moodle_answers_in_decimals():
    from fractions import Fraction

    quiz = make_quiz(seed=5, fractions=True, size=4, kernel=2, stride=2, padding=0)
    xml = moodle_xml([("fractions", quiz.trace)])
    value = Fraction(quiz.trace.output[0, 0, 0])
    assert value.denominator > 1  # −15/4 for this seed
    blank = re.search(r"\{1:NUMERICAL:=([^:]+):0\.005#Right: o\[0, 0, 0\] = ([^.~]+)\.", xml)
    assert blank, xml[:400]
    assert float(blank.group(1)) == pytest.approx(float(value), abs=1e-9)  # NUMERICAL: a decimal
    said = str(value).replace("/", "\\/")  # the feedback keeps the fraction (Cloze escapes "/")
    assert blank.group(2).replace("−", "-") == said

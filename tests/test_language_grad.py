"""The backward pass in German (``--lang de``): the same numbers as in English, in German
sentences; the JSON unchanged; and a catalog whose translations keep every placeholder."""

from __future__ import annotations

import json
import re
import string

import pytest
from click.testing import CliRunner

from convtrace import language
from convtrace.cli import main
from scripts import catalog

NUMBER = re.compile(r"[−-]?\d+(?:\.\d+)?")

TASK = {
    "input": [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11], [12, 13, 14, 15]],
    "filter": [[1, 2], [3, 4]],
    "bias": 0.5,
    "upstream": [[1, 0, 2], [0, -1, 0], [0, 0, 3]],
}


def run(*args: str, lang: str | None = None):
    extra = ["--lang", lang] if lang else []
    return CliRunner().invoke(main, [*args, *extra])


def numbers(text: str, *, comma: bool = False) -> list[str]:
    """Every number of ``text`` in order, a decimal comma (``0,5``) read as a point."""
    if comma:
        text = re.sub(r"(\d),(\d)", r"\1.\2", text)
    return NUMBER.findall(text)


def both(*args: str):
    english, german = run(*args), run(*args, lang="de")
    assert english.exit_code == german.exit_code == 0, german.output
    return english.output, german.output


def write(tmp_path, name: str, doc) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(doc), encoding="utf-8")
    return str(path)


def test_the_backward_pass_in_german_has_the_numbers_of_the_english_one():
    english, german = both("grad", "seed", "--no-color")
    for sentence in (
        "Backward Pass: ",
        "Es wurde kein Upstream-Gradient angegeben",
        "Gradient der Biases",
        "Gradient der Gewichte",
        "Gradient der Eingabe",
        "Filter w0 · Kanal R · Zeile 0 · Spalte 0",
        "Zeilen 0–4 (jede 2.), Spalten 0–4 (jede 2.), mit Padding gezählt",
        "um 180° gedreht",
        "Gradienten",
    ):
        assert sentence in german, sentence
    for sentence in ("Gradient of the weights", "the sum of the output", "filter w0"):
        assert sentence in english and sentence not in german
    assert numbers(german, comma=True) == numbers(english)


def test_a_chain_goes_back_in_german_with_the_same_numbers():
    english, german = both("grad", "chain", "--no-color", "--all")
    assert "Schicht 2 rückwärts: ReLU" in german
    assert "G wird aufgehalten" in german and "G geht durch" in german
    assert numbers(german, comma=True) == numbers(english)


def test_the_matrix_view_in_german():
    english, german = both("grad", "seed", "--view", "matrix", "--no-color")
    assert "Die Convolution als Matrixprodukt" in german
    assert "Die Convolution-Matrix C: Y = C·vec(X) + b" in german
    assert "Auch der Gradient der Gewichte ist ein Matrixprodukt" in german
    assert "The convolution as a matrix product" not in german
    assert numbers(german, comma=True) == numbers(english)


@pytest.mark.parametrize(("answer", "status"), [([5], 0), ([4], 1)])
def test_check_of_a_bias_gradient_reports_in_german_with_the_same_exit_code(
    tmp_path, answer, status
):
    task = write(tmp_path, "t.json", TASK)
    given = write(tmp_path, "a.json", answer)
    args = ("check", task, given, "--of", "grad-bias", "--no-color")
    english, german = run(*args), run(*args, lang="de")
    assert english.exit_code == german.exit_code == status, german.output
    assert "Prüfung von grad-bias in" in german.output
    assert "erwartet [0]" in german.output and "deine Antwort [0]" in german.output
    if status:
        assert "Diagnose: kein einzelner typischer Fehler" in german.output
    else:
        assert "Jede Zelle ist richtig." in german.output
    assert numbers(german.output, comma=True) == numbers(english.output)


def _keys_and_numbers(value, path="") -> list:
    if isinstance(value, dict):
        return [x for k, v in value.items() for x in [f"{path}/{k}", *_keys_and_numbers(v, k)]]
    if isinstance(value, list):
        return [x for v in value for x in _keys_and_numbers(v, path)]
    return [value] if isinstance(value, int | float) else []


def test_the_json_of_grad_is_the_same_in_german(tmp_path):
    task = write(tmp_path, "t.json", TASK)
    english, german = both("grad", task, "--format", "json")
    assert _keys_and_numbers(json.loads(german)) == _keys_and_numbers(json.loads(english))


def test_a_german_error_of_the_upstream_gradient_keeps_its_numbers(tmp_path):
    task = write(tmp_path, "t.json", {**TASK, "upstream": [[1, 2], [3, 4]]})
    english, german = run("grad", task), run("grad", task, lang="de")
    assert english.exit_code == german.exit_code != 0
    assert "der Upstream-Gradient ist 1×2×2, die Ausgabe aber 1×3×3 (1 Filter" in german.output
    assert numbers(german.output, comma=True) == numbers(english.output)


def _fields(text: str) -> list[str]:
    return sorted(f for _, f, _, _ in string.Formatter().parse(text) if f is not None)


def test_every_german_translation_of_the_backward_pass_keeps_its_placeholders():
    entries = catalog.read_po(catalog.po_path("de", "grad")).values()
    assert len(entries) > 100
    for entry in entries:
        for translated in entry.strings:
            assert _fields(translated) == _fields(entry.msgid), entry.msgid


def test_the_backward_pass_has_a_catalog_of_its_own():
    package = catalog.PACKAGE
    for name in ("solution/grad_words.py", "engine/im2col.py", "solution/matrix_view.py"):
        assert catalog.part_of(package / name) == "grad"
    assert catalog.part_of(package / "cli/grad.py") == "grad"
    assert catalog.part_of(package / "homework/grading.py") == "homework"
    assert catalog.part_of(package / "solution/words.py") == "solution"


def test_german_lists_of_decimals_are_separated_by_semicolons():
    from convtrace.solution import grad_words as gw

    assert gw.listed(["0.5", "1"]) == "0.5, 1"
    with language.speaking("de"):
        assert gw.listed(["0,5", "1"]) == "0,5; 1"


def test_the_walkthrough_speaks_german():
    import io

    from rich.console import Console

    import convtrace
    from convtrace.engine import run as run_task
    from convtrace.engine.grad import run_grad
    from convtrace.step.grad import GradStepView, grad_walk
    from convtrace.step.state import start

    with language.speaking("de"):
        trace = run_grad(run_task(convtrace.load_task("seed")))
        walk = grad_walk(trace)
        view = GradStepView(trace, walk, plain=True)
        console = Console(file=io.StringIO(), width=80, height=24, color_system=None)
        console.print(view.frame(start(walk)))
        screen = console.file.getvalue()
        small = view.lines(start(walk), 20, 5)
    assert screen.startswith("Gradient der Biases · Schritt 1 von 103")
    assert "Filter w0" in screen
    assert small[0].plain == "Terminal vergrößern (mindestens 40×12)"

"""The worked solution in German: the seed's golden file, the same numbers as in English, the
decimal comma where a person reads numbers and never where a machine does."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.console import Console

import convtrace
from convtrace import language
from convtrace.cli import main
from convtrace.step.frame import StepView
from convtrace.step.keys import RIGHT
from convtrace.step.state import Walk, next_state, start
from tests.conftest import SAMPLES

GOLDEN = Path(__file__).parent / "golden"

#: A number as either language writes it: ``−0.25``, ``0,25``, ``1/9`` (a decimal mark only
#: between digits, so ``(0, 1)`` stays two numbers).
NUMBER = re.compile(r"[−-]?[0-9]+(?:[.,][0-9]+)?(?:/[0-9]+)?")


def run(*args: str, env: dict[str, str] | None = None) -> str:
    result = CliRunner().invoke(main, ["run", *args], env=env)
    assert result.exit_code == 0, result.output
    return result.stdout


def numbers(text: str) -> list[str]:
    """Every number of a text, the decimal comma read as a point, ``{,}`` (TeX) too."""
    text = text.replace("{,}", ",")
    return [m.replace(",", ".") for m in NUMBER.findall(text)]


def test_the_seed_in_german_matches_the_golden_file():
    """tests/golden/seed-de.txt was read line by line against the lecture note."""
    text = run("seed", "--lang", "de", "--no-color")
    assert text == (GOLDEN / "seed-de.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "args",
    [
        ["seed"],
        ["pooling"],
        ["seed", "--then", "relu", "--then", "maxpool:2"],
        ["seed", "--then", "leaky_relu:0.1", "--then", "avgpool:2"],
        ["rect", "--padding", "same", "--padding-mode", "reflect", "--dilation", "2"],
    ],
    ids=" ".join,
)
def test_the_german_trace_has_the_english_numbers(args):
    english = run(*args, "--no-color")
    german = run(*args, "--no-color", "--lang", "de")
    assert german != english
    assert numbers(german) == numbers(english)


def test_german_writes_a_decimal_comma_unless_told_not_to():
    german = run("pooling", "--no-color", "--lang", "de")
    assert "≈ 0,666666666667" in german and "0.666" not in german
    points = run("pooling", "--no-color", "--lang", "de", "--no-decimal-comma")
    assert "≈ 0.666666666667" in points and "0,666" not in points
    assert "Ausgabegröße" in points


def test_lists_of_decimals_are_separated_by_semicolons():
    text = run("seed", "--then", "leaky_relu:0.1", "--then", "maxpool:2", "--lang", "de")
    assert re.search(r"max\(−?[0-9,]+; ", text)
    assert "max(" in run("seed", "--then", "relu", "--then", "maxpool:2") and "; " not in (
        run("seed", "--then", "relu", "--then", "maxpool:2", "--cell", "0,0,0")
    )


def test_the_environment_chooses_german():
    text = run("seed", "--no-color", env={"LANG": "de_DE.UTF-8"})
    assert "Eingabevolumen" in text and "Ausgabegröße" in text
    assert "Input volume" in run("seed", "--no-color", env={"LANG": "C"})


def test_markdown_and_latex_exports_in_german(tmp_path):
    md, tex = tmp_path / "p.md", tmp_path / "p.tex"
    run("pooling", "--lang", "de", "--export", str(md))
    run("pooling", "--lang", "de", "--export", str(tex))
    markdown, latex = md.read_text(encoding="utf-8"), tex.read_text(encoding="utf-8")
    assert "## Layer 1: Average-Pooling 3×3, Stride 2" in markdown
    assert "0{,}666666666667" in markdown  # math in $…$ is TeX
    assert "0{,}666666666667" in latex and "0,666" not in latex
    assert "Eingabe mit Padding" in latex
    seed = tmp_path / "seed.md"
    run("seed", "--lang", "de", "--export", str(seed))
    assert "## Eingabevolumen" in seed.read_text(encoding="utf-8")


@pytest.mark.parametrize("sample", ["seed", "pooling"])
def test_json_does_not_change_with_the_language(sample):
    english = run(sample, "--format", "json")
    assert run(sample, "--format", "json", "--lang", "de") == english
    assert "0.666666666667" in run("pooling", "--format", "json", "--lang", "de")


def test_the_step_walkthrough_speaks_german():
    trace = convtrace.trace(SAMPLES / "seed.json")
    walk = Walk.of(trace)
    with language.speaking("de"):
        console = Console(width=80, height=24, file=io.StringIO(), color_system=None, record=True)
        state = next_state(start(walk), RIGHT, walk)
        console.print(StepView(trace, walk, plain=True, auto=0.5).frame(state))
        text = console.export_text()
        assert "Filter w0 · Zeile 0, Spalte 1 · Zelle 2 von 9" in text
        assert "Fenster: Zeilen 0–2, Spalten 2–4 (mit Padding) · davor: Spalten 0–2" in text
        assert "nächste Zelle" in text and "beenden" in text
        assert next_state(start(walk), "f", walk).message == "es gibt nur einen Filter"


def test_no_message_has_two_german_translations_in_two_catalogs():
    """A language's catalogs are read as one: a message translated twice would get one of
    them by chance (``pgettext`` tells two meanings apart)."""
    from scripts import catalog

    seen: dict = {}
    clashes = []
    for po in sorted((catalog.LOCALE / "de" / "LC_MESSAGES").glob("*.po")):
        for entry in catalog.read_po(po).values():
            first = seen.setdefault(entry.key, (po.name, entry.strings))
            if first[1] != entry.strings:
                clashes.append((entry.key, first, (po.name, entry.strings)))
    assert clashes == []


def test_ascii_writes_german_in_ascii_letters():
    text = run("pooling", "--lang", "de", "--ascii", "--no-color")
    assert text.isascii()
    assert "Ausgabegroesse" in text and "mitgezaehlt" in text
    assert "0,666666666667" in text

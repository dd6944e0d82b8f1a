"""Bad input said in German with ``--lang de``: one line, the place kept, exit status 2."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from convtrace.cli import main


def german_error(*args: object) -> str:
    result = CliRunner().invoke(main, [str(arg) for arg in args] + ["--lang", "de"])
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    return lines[0]


def task(tmp_path, layers: list) -> str:
    path = tmp_path / "task.json"
    path.write_text(json.dumps({"input": [[1, 2, 3], [4, 5, 6], [7, 8, 9]], "layers": layers}))
    return str(path)


def test_an_unknown_layer_type_with_its_guess(tmp_path):
    path = task(tmp_path, [{"type": "maxpol", "size": 2}])
    assert german_error("run", path) == (
        f"convtrace: {path}: layers[0].type: unbekannter Layer-Typ 'maxpol' "
        "(meintest du 'maxpool'?); bekannte Typen sind conv, relu, leaky_relu, maxpool, "
        "avgpool, conv_transpose"
    )


def test_a_bad_named_kernel_with_its_guesses():
    line = german_error("run", "--input", "seed-input", "--kernel", "sobel-q")
    assert line == (
        "convtrace: --kernel: 'sobel-q' ist weder eine Datei noch ein benannter Kernel "
        "(meintest du 'sobel-x' oder 'sobel-y'?); convtrace kernels listet die Namen auf"
    )


def test_a_missing_image_file(tmp_path):
    pytest.importorskip("PIL")
    missing = tmp_path / "nope.png"
    line = german_error("run", "--image", missing, "--kernel", "sobel-x")
    assert line == f"convtrace: {missing}: Datei nicht gefunden"


def test_too_much_pooling_padding_names_the_place(tmp_path):
    path = task(tmp_path, [{"type": "maxpool", "size": 2, "padding": 2}])
    assert german_error("run", path) == (
        f"convtrace: {path}: layers[0].padding: Padding 2 ist mehr als die Hälfte der 2 Zeilen "
        "des Fensters; PyTorch erlaubt höchstens 1 (Padding ≤ Größe/2)"
    )


def test_same_padding_that_reflect_cannot_give():
    line = german_error(
        "run", "rect", "--padding", "same", "--padding-mode", "reflect", "--dilation", "9"
    )
    assert line.startswith("convtrace: --padding-mode: „same“ braucht hier oben ein Padding von")
    assert "Reflect-Padding muss kleiner sein als die 3 Zeilen der Eingabe" in line


def test_a_then_option_that_is_not_key_value():
    line = german_error("run", "seed", "--then", "maxpool:2,foo")
    assert line == "convtrace: --then maxpool:2,foo: 'foo' ist nicht SCHLÜSSEL=WERT"


def test_file_and_option_refusals_in_german(tmp_path):
    """Messages raised as plain literals once, and a ``language._("…")`` call the catalog
    tool did not extract."""
    answer = tmp_path / "a.json"
    answer.write_text("[[3, 7, 4], [17, -7, 1], [14, 25, 13]]", encoding="utf-8")
    (tmp_path / "g.csv").write_text("", encoding="utf-8")
    assert german_error("run", "seed", "--save-output", tmp_path / "x.jpg").endswith(
        "x.jpg: Bilder werden als PNG geschrieben: nenne die Datei ….png"
    )
    assert german_error("check", "seed", answer, "--layer", "1", "--of", "grad-input") == (
        "convtrace: --layer: gehört zur Ausgabe, nicht zu --of"
    )
    assert german_error("check", "seed", answer, "--gradebook", tmp_path / "g.csv").endswith(
        "g.csv: gibt es schon; füge --force hinzu, um sie zu ersetzen"
    )


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["check"], "gib die Aufgabe und die Antwort an: convtrace check TASK.json ANSWER"),
        (["check", "seed"], "gib die Antwortdatei an: convtrace check TASK.json ANSWER"),
        (["run"], "gib eine Aufgabendatei (TASK.json) an oder --input FILE mit --kernel FILE"),
        (["quiz", "--backward", "--then", "relu"], "--backward erstellt Aufgaben zu den"),
        (
            ["check", "seed", "a.csv", "b.csv", "--format", "gradescope"],
            "--format gradescope bewertet",
        ),
    ],
)
def test_usage_errors_in_german(args, said):
    """Usage errors once raised with English literals."""
    assert said in german_error(*args)

"""The lecture note's worked example, as a person checks it against the note."""

from __future__ import annotations

import json

from click.testing import CliRunner

import convtrace
from convtrace.cli import main
from convtrace.render.terminal import print_trace
from tests.conftest import SAMPLES

SEED_OUTPUT = [[[3, 7, 4], [17, -7, 1], [14, 25, 13]]]


def test_seed_output(seed_path):
    assert convtrace.trace(seed_path).output.tolist() == SEED_OUTPUT


def test_seed_channel_sums_of_the_first_two_cells(seed_path):
    trace = convtrace.trace(seed_path)
    # the note: 0 + 7 − 5 + 1 → 3 and 3 + 2 + 1 + 1 → 7
    assert trace.cell(0, 0, 0).sums == (0, 7, -5)
    assert trace.cell(0, 0, 1).sums == (3, 2, 1)
    assert trace.cell(0, 0, 0).bias == 1


def cell_text(seed_path, console, k, i, j, ascii=False):
    trace = convtrace.trace(seed_path)
    print_trace(console, trace, cells=[trace.cell(k, i, j)], ascii=ascii)
    return console.export_text()


def test_trace_text_of_cell_0_0_0(seed_path, console):
    text = cell_text(seed_path, console, 0, 0, 0)
    assert "R  [0·1 + 0·0 + 0·(−1)] + [0·0 + 1·0 + 1·0] + [0·(−1) + 2·0 + 0·1] = 0" in text
    assert "G  [0·0 + 0·(−1) + 0·0] + [0·(−1) + 2·4 + 0·(−1)] + [0·0 + 1·(−1) + 0·0] = 7" in text
    assert (
        "B  [0·(−1) + 0·(−1) + 0·(−1)] + [0·(−1) + 0·8 + 0·(−1)] + [0·(−1) + 2·(−1) + 3·(−1)] = −5"
        in text
    )
    assert "o[0, 0, 0] = 0 + 7 + (−5) + 1 = 3" in text
    assert "window: padded rows 0–2, cols 0–2" in text


def test_trace_text_of_cell_0_0_1(seed_path, console):
    text = cell_text(seed_path, console, 0, 0, 1)
    assert "R  [0·1 + 0·0 + 0·(−1)] + [1·0 + 0·0 + 2·0] + [0·(−1) + 3·0 + 3·1] = 3" in text
    assert "G  [0·0 + 0·(−1) + 0·0] + [0·(−1) + 1·4 + 1·(−1)] + [0·0 + 1·(−1) + 3·0] = 2" in text
    assert (
        "B  [0·(−1) + 0·(−1) + 0·(−1)] + [0·(−1) + 1·8 + 2·(−1)] + [3·(−1) + 2·(−1) + 0·(−1)] = 1"
        in text
    )
    assert "o[0, 0, 1] = 3 + 2 + 1 + 1 = 7" in text
    # the window boxed in the padded R channel, as drawn by hand, since there is no colour
    assert " 0  0 [0  0  0] 0  0 " in text


def test_ascii_notation(seed_path, console):
    text = cell_text(seed_path, console, 0, 0, 0, ascii=True)
    assert "R  [0*1 + 0*0 + 0*(-1)] + [0*0 + 1*0 + 1*0] + [0*(-1) + 2*0 + 0*1] = 0" in text
    assert "o[0, 0, 0] = 0 + 7 + (-5) + 1 = 3" in text


def test_size_formula_with_numbers(seed_path, console):
    print_trace(console, convtrace.trace(seed_path))
    text = console.export_text()
    assert "H₂ = W₂ = (H₁ − F + 2P)/s + 1 = (5 − 3 + 2·1)/2 + 1 = 4/2 + 1 = 3" in text
    assert "D₂ = K = 1" in text


def test_cli_json_output(seed_path):
    result = CliRunner().invoke(main, ["run", str(seed_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["output"] == SEED_OUTPUT
    assert len(doc["cells"]) == 9
    first = doc["cells"][0]
    assert [ch["sum"] for ch in first["channels"]] == [0, 7, -5]
    assert first["channels"][1]["products"] == [[0, 0, 0], [0, 8, 0], [0, -1, 0]]
    assert first["value"] == 3


def test_csv_and_json_give_the_same_trace(seed_path):
    runner = CliRunner()
    from_json = runner.invoke(main, ["run", str(seed_path), "--format", "json"])
    from_csv = runner.invoke(
        main,
        [
            "run",
            "--input",
            str(SAMPLES / "seed-input.csv"),
            "--kernel",
            str(SAMPLES / "seed-kernel.csv"),
            "--bias",
            "1",
            "--stride",
            "2",
            "--padding",
            "1",
            "--format",
            "json",
        ],
    )
    assert from_csv.exit_code == 0, from_csv.output
    a, b = json.loads(from_json.stdout), json.loads(from_csv.stdout)
    a.pop("title")
    assert a == b


def test_terminal_trace_from_the_cli(seed_path):
    result = CliRunner().invoke(main, ["run", str(seed_path), "--no-color"])
    assert result.exit_code == 0
    assert "o[0, 2, 1] = " in result.stdout
    assert result.stdout.rstrip().endswith("14  25  13")
    assert "\x1b[" not in result.stdout


def test_quiet_shows_only_the_output(seed_path):
    result = CliRunner().invoke(main, ["run", str(seed_path), "-q"])
    assert result.exit_code == 0
    assert "Output volume" in result.stdout
    assert "window" not in result.stdout


def test_override_stride_from_the_command_line(seed_path):
    result = CliRunner().invoke(main, ["run", str(seed_path), "--stride", "1", "--format", "json"])
    doc = json.loads(result.stdout)
    assert len(doc["output"][0]) == 5


def test_top_level_bias_applies_to_every_filter():
    trace = convtrace.trace(SAMPLES / "single-channel.json")
    data = json.loads((SAMPLES / "single-channel.json").read_text(encoding="utf-8"))
    data["bias"] = 10
    from convtrace.loaders import task_from_data

    biased = convtrace.trace(task_from_data(data))
    assert (biased.output - trace.output == 10).all()

"""``quiz --then``: chain exercises with their keys, reproducible, readable back as tasks."""

from __future__ import annotations

import json

from click.testing import CliRunner

import convtrace
from convtrace.cli import main
from convtrace.homework import make_quiz
from tests.examples import chain_answer


def test_a_chain_quiz_is_a_chain_whose_layers_fit():
    made = make_quiz(seed=3, then=["relu", "maxpool:2"])
    assert [type(layer).__name__ for layer in made.task.layers] == ["Conv", "Activation", "Pool"]
    assert made.trace.output.tolist() == chain_answer(made.task, 3)
    assert made.data["description"].endswith("; then relu, then maxpool 2.")
    again = make_quiz(seed=3, then=["relu", "maxpool:2"])
    assert again.task_json() == made.task_json()  # the same seed, the same exercise


def test_quiz_then_writes_the_files_and_the_key_checks(tmp_path):
    folder = tmp_path / "sheet"
    result = CliRunner().invoke(
        main, ["quiz", "--seed", "3", "--then", "relu", "--then", "maxpool:2", "-o", str(folder)]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        "Exercise (seed 3): input 6×6×1, 1 filter 3×3×1, stride 1, padding 0 → ReLU → "
        "max pooling 2×2, stride 2 → output 2×2×1"
    )
    task = convtrace.load_task(folder / "task.json")
    assert hasattr(task, "layers")
    worksheet = (folder / "worksheet.md").read_text(encoding="utf-8")
    assert "## Layer 3: max pooling 2×2, stride 2" in worksheet and "\\_\\_\\_" in worksheet
    key = convtrace.trace(folder / "task.json").output.tolist()
    answer = tmp_path / "answer.json"
    answer.write_text(json.dumps({"output": key}), encoding="utf-8")
    checked = CliRunner().invoke(main, ["check", str(folder / "task.json"), str(answer)])
    assert checked.exit_code == 0, checked.output


def test_a_chain_that_cannot_fit_says_so():
    result = CliRunner().invoke(
        main,
        [
            "quiz",
            "--size",
            "4",
            "--kernel",
            "3",
            "--stride",
            "1",
            "--padding",
            "0",
            "--then",
            "maxpool:3",
            "-o",
            "x",
        ],
    )
    assert result.exit_code == 2
    assert "the window spans 3 rows, larger than its padded input's 2" in result.stderr

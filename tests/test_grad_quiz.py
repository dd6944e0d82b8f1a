"""``quiz --backward``: a gradient exercise, its worksheet and key, checked by ``check --of``."""

from __future__ import annotations

import json

import numpy as np
from click.testing import CliRunner

from convtrace.cli import main


def test_a_backward_quiz_has_an_upstream_a_worksheet_and_a_key(tmp_path):
    folder = tmp_path / "grad-sheet"
    result = CliRunner().invoke(main, ["quiz", "--seed", "3", "--backward", "-o", str(folder)])
    assert result.exit_code == 0, result.output
    assert "--of grad-weights" in result.stdout
    task = json.loads((folder / "task.json").read_text(encoding="utf-8"))
    g = np.array(task["upstream"])
    assert g.shape == (1, 4, 4) and np.abs(g).max() <= 2
    sheet = (folder / "worksheet.md").read_text(encoding="utf-8")
    assert "Compute the gradients of L = Σ G ⊙ o" in sheet and "\\_\\_\\_" in sheet
    key = (folder / "answer-key.md").read_text(encoding="utf-8")
    assert "### ∂L/∂W[0, 0, 0, 0]" in key and "Gradient of the input" in key
    # the key's numbers are what grad computes, and check --of accepts them
    doc = json.loads(
        CliRunner().invoke(main, ["grad", str(folder / "task.json"), "--format", "json"]).stdout
    )
    answer = tmp_path / "a.json"
    answer.write_text(json.dumps(doc["grad_input"]), encoding="utf-8")
    checked = CliRunner().invoke(
        main, ["check", str(folder / "task.json"), str(answer), "--of", "grad-input"]
    )
    assert checked.exit_code == 0, checked.output
    again = CliRunner().invoke(main, ["quiz", "--seed", "3", "--backward", "-o", str(folder)])
    assert again.exit_code == 2  # files in the way, without --force


def test_backward_takes_one_exercise_of_one_convolution():
    result = CliRunner().invoke(main, ["quiz", "--backward", "--count", "3"])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1

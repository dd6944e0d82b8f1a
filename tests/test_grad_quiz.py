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


def test_backward_takes_a_single_convolution():
    result = CliRunner().invoke(main, ["quiz", "--backward", "--then", "relu"])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "--backward makes exercises of a single convolution's gradients" in result.stderr


def test_a_class_set_of_gradient_exercises_is_made_and_graded(tmp_path):
    import convtrace
    from convtrace.homework.classes import read_class
    from convtrace.homework.grad_check import slips
    from tests.reference import conv2d_grad

    folder = tmp_path / "class"
    made = CliRunner().invoke(
        main, ["quiz", "--backward", "--count", "3", "--seed", "2", "-o", str(folder)]
    )
    assert made.exit_code == 0, made.output
    assert "convtrace check --class" in made.stdout and "--of grad-weights" in made.stdout
    assert json.loads((folder / "class.json").read_text(encoding="utf-8"))["options"]["backward"]
    key = (folder / "answer-key.md").read_text(encoding="utf-8")
    answers = tmp_path / "answers"
    answers.mkdir()
    for n, member in enumerate(read_class(folder)):
        task = convtrace.load_task(member.task)
        g = np.array(task.upstream)
        grad_x, grad_w, grad_b = conv2d_grad(  # the key, by the independent loop
            task.x.tolist(), task.weights.tolist(), g.tolist(), stride=task.stride,
            padding=task.padding, dilation=task.dilation,
        )  # fmt: skip
        assert f"∂L/∂b = [{grad_b[0]}]".replace("-", "−") in key
        assert convtrace.backward(task).grad_weights.tolist() == grad_w  # the key's ∂L/∂W
        answer = answers / f"{member.task.parent.name}.json"
        if n == 1:  # the kernel not rotated: the slip the gradebook should name
            trace = convtrace.backward(task)
            wrong = dict(slips(trace, "grad-input"))["kernel_not_rotated"]()
            answer.write_text(json.dumps({"grad_input": wrong.tolist()}), encoding="utf-8")
        else:
            answer.write_text(json.dumps({"grad_input": grad_x}), encoding="utf-8")
    book = tmp_path / "grades.csv"
    graded = CliRunner().invoke(
        main,
        ["check", "--class", str(folder), str(answers), "--of", "grad-input", "--gradebook",
         str(book)],
    )  # fmt: skip
    assert graded.exit_code == 1, graded.output
    rows = book.read_text(encoding="utf-8").splitlines()[1:]
    assert [row.split(",")[5] for row in rows] == ["", "kernel_not_rotated", ""]
    refused = CliRunner().invoke(
        main, ["check", "--class", str(folder), str(answers), "--of", "grad-input", "--feedback",
               str(tmp_path / "pages")],
    )  # fmt: skip
    assert refused.exit_code == 2 and "--feedback writes pages for output answers" in refused.stderr

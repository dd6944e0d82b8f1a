"""``check --of grad-input | grad-weights | grad-bias``: right answers, the slips of the
backward pass named, bad answers in one line with exit status 2."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
from click.testing import CliRunner

from convtrace.cli import main
from convtrace.engine import run
from convtrace.engine.grad import run_grad

PUBLISHED = {
    "input": [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11], [12, 13, 14, 15]],
    "filter": [[1, 2], [3, 4]],
    "upstream": [[1, 0, 2], [0, -1, 0], [0, 0, 3]],
}


def write(tmp_path, name, doc) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(doc), encoding="utf-8")
    return str(path)


def check(*args):
    return CliRunner().invoke(main, ["check", *args, "--no-color"])


def _grads(doc, **change):
    from convtrace.loaders import model_from_data

    task = model_from_data(doc)
    task = dataclasses.replace(task, **change) if change else task
    g = np.array(doc["upstream"])[None] if "upstream" in doc else None
    return run_grad(run(task), g)


def test_a_right_gradient_exits_0(tmp_path):
    task = write(tmp_path, "t.json", PUBLISHED)
    grads = _grads(PUBLISHED)
    answer = write(tmp_path, "a.json", {"grad_input": grads.grad_input.tolist()})
    result = check(task, answer, "--of", "grad-input")
    assert result.exit_code == 0, result.output
    said = " ".join(result.stdout.split())  # the temporary path's length moves the line breaks
    assert "16 of 16 right" in said and "Every cell is right." in said


def test_the_kernel_not_rotated_is_named(tmp_path):
    task = write(tmp_path, "t.json", PUBLISHED)
    slipped = _grads(PUBLISHED, flip=True).grad_input  # the kernel slid as if rotated
    answer = write(tmp_path, "a.json", slipped.tolist())
    result = check(task, answer, "--of", "grad-input")
    assert result.exit_code == 1
    assert "Diagnosis: the kernels were not rotated by 180°" in result.stdout
    assert "∂L/∂x[0, 0, 0]" in result.stdout  # a wrong cell's work


def test_a_missing_upstream_factor_is_named(tmp_path):
    task = write(tmp_path, "t.json", PUBLISHED)
    ones = run_grad(run(_grads(PUBLISHED).task))  # G = 1 everywhere
    answer = write(tmp_path, "a.json", ones.grad_weights.tolist())
    result = check(task, answer, "--of", "grad-weights", "--format", "json")
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert doc["slip"] == "upstream_forgotten" and doc["of"] == "grad-weights"
    result = check(task, write(tmp_path, "b.json", [9]), "--of", "grad-bias", "--format", "json")
    assert json.loads(result.stdout)["slip"] == "upstream_forgotten"


def test_the_strides_zeros_left_out_is_named(tmp_path):
    doc = {"input": np.arange(25).reshape(5, 5).tolist(), "filter": [[1, 2], [3, 4]], "stride": 2}
    doc["upstream"] = [[1, 2], [3, 4]]
    task = write(tmp_path, "t.json", doc)
    grads = _grads(doc)
    slipped = np.zeros((1, 5, 5), dtype=int)
    g = np.array(doc["upstream"])
    k = np.array(doc["filter"])
    for i in range(2):  # G convolved as it is: each value's kernel one cell after the last
        for j in range(2):
            slipped[0, i : i + 2, j : j + 2] += g[i, j] * k
    assert not np.array_equal(slipped, grads.grad_input)
    answer = write(tmp_path, "a.json", slipped.tolist())
    result = check(task, answer, "--of", "grad-input", "--format", "json")
    assert json.loads(result.stdout)["slip"] == "stride_zeros_left_out"


def test_bad_answers_are_one_line_exit_2(tmp_path):
    task = write(tmp_path, "t.json", PUBLISHED)
    for answer, message in (
        ([[1, 2], [3, 4]], "the answer is 2×2, but grad-input is 1×4×4"),
        ([[1, "x"], [3, 4]], "answer[0][1]"),
    ):
        result = check(task, write(tmp_path, "a.json", answer), "--of", "grad-input")
        assert result.exit_code == 2, result.output
        assert result.stderr.count("\n") == 1 and message in result.stderr
    result = check("box-mean", write(tmp_path, "a.json", [[1]]), "--of", "grad-weights")
    assert result.exit_code == 2
    assert "grad-weights: the task has no convolution weights to check" in result.stderr

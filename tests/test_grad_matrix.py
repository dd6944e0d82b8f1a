"""``--view matrix``: im2col and the convolution matrix C, their products checked against the
trace (and Cᵀ·vec(G) against the backward pass) over every hyperparameter."""

from __future__ import annotations

import numpy as np
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from convtrace.cli import main
from convtrace.engine import run
from convtrace.engine.im2col import matrix_trace
from convtrace.task import Filter, build_task
from tests.grad_cases import grad_case
from tests.strategies import option_tasks

SMALL = {"input": [[0, 1, 2], [3, 4, 5], [6, 7, 8]], "filter": [[1, 2], [3, 4]]}


def test_the_first_row_of_c():
    task = build_task(
        np.arange(9).reshape(1, 3, 3), ["c0"], [Filter("w0", np.array([[[1, 2], [3, 4]]]), 0)]
    )
    view = matrix_trace(run(task))
    assert view.matrix[0].tolist() == [1, 2, 0, 3, 4, 0, 0, 0, 0]
    assert view.groups[0].x_col[:, 0].tolist() == [0, 1, 3, 4]


@settings(max_examples=40, deadline=None)
@given(option_tasks(), st.integers(0, 1 << 16))
def test_the_products_are_the_convolution_and_its_gradient(spec, seed):
    task, g, grad = grad_case(spec, seed)
    trace = grad.forward
    view = matrix_trace(trace, grad)
    k, h2, w2 = trace.shape
    y = np.zeros((k, h2 * w2), dtype=trace.output.dtype)
    for group in view.groups:
        y[list(group.filters)] = group.product
    assert np.array_equal(y + task.biases[:, None], trace.output.reshape(k, -1))
    if view.matrix is not None:
        vec = view.matrix @ task.x.ravel() + np.repeat(task.biases, h2 * w2)
        assert np.array_equal(vec, trace.output.ravel())
        assert np.array_equal(view.matrix.T @ g.ravel(), grad.grad_input.ravel())


def test_run_and_grad_show_the_matrix_view(tmp_path):
    path = tmp_path / "t.json"
    import json

    path.write_text(json.dumps(SMALL), encoding="utf-8")
    result = CliRunner().invoke(main, ["run", str(path), "--view", "matrix", "--no-color"])
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "W (rows: w0)    X_col\n1  2  3  4      0  1  3  4" in text
    assert "1  2  0  3  4  0  0  0  0    0         27" in text
    assert "Columns of X_col, left to right, are the windows of output cells (0, 0)" in text
    result = CliRunner().invoke(main, ["grad", str(path), "--view", "matrix", "--no-color"])
    assert result.exit_code == 0, result.output
    assert "Cᵀ·vec(G)" in result.stdout and "G·X_colᵀ" in result.stdout
    result = CliRunner().invoke(main, ["run", "seed", "--view", "matrix", "--no-color"])
    assert "at most 64 cells; this one has 75" in result.stdout

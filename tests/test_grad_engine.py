"""The backward pass against an independent loop (tests/reference.py), over every
hyperparameter with random upstream gradients; the published cases by hand."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import convtrace
from convtrace.engine import run
from convtrace.engine.grad import run_grad
from convtrace.errors import InputError
from convtrace.task import Filter, build_task
from tests.grad_cases import grad_case
from tests.reference import conv2d_grad
from tests.strategies import option_tasks


def _published():
    x = np.arange(16).reshape(1, 4, 4)
    return build_task(x, ["c0"], [Filter("w0", np.array([[[1, 2], [3, 4]]]), 0)])


def test_the_published_case():
    g = np.zeros((1, 3, 3), dtype=int)
    g[0, 0, 0] = 1
    trace = run_grad(run(_published()), g)
    assert trace.grad_weights.tolist() == [[[[0, 1], [4, 5]]]]
    want = np.zeros((1, 4, 4), dtype=int)
    want[0, :2, :2] = [[1, 2], [3, 4]]
    assert trace.grad_input.tolist() == want.tolist()
    assert trace.grad_bias == (1,)


def test_the_seed_by_default_sums_the_output():
    trace = run_grad(run(convtrace.load_task("seed")))
    assert not trace.given
    assert trace.grad_bias == (9,)
    # each weight's gradient is the sum of the input values it met (checked against torch in
    # tests/test_grad_torch.py); integers stay integers
    assert trace.grad_weights.dtype.kind == "i"
    assert trace.grad_weights[0, 0].tolist() == [[5, 8, 5], [11, 6, 11], [5, 8, 5]]


def _reference(task, g):
    x = task.x.tolist()
    weights = task.weights.tolist()
    return conv2d_grad(
        x,
        weights,
        g.tolist(),
        stride=task.stride,
        padding=task.padding,
        padding_mode=task.padding_mode,
        dilation=task.dilation,
        groups=task.groups,
        flip=task.flip,
    )


def test_the_library_traces_a_backward_pass_from_a_file_and_a_given_gradient(tmp_path):
    assert convtrace.backward("seed").grad_bias == (9,)
    g = [[1, 0, -2], [0, 3, 0], [2, 0, 1]]
    task = convtrace.load_task("seed")
    grad_x, grad_w, grad_b = _reference(task, np.array([g]))
    given = convtrace.backward(task, np.array(g))
    assert given.grad_input.tolist() == grad_x and given.grad_weights.tolist() == grad_w
    assert list(given.grad_bias) == grad_b == [5]
    (tmp_path / "g.csv").write_text("1,0,-2\n0,3,0\n2,0,1\n", encoding="utf-8")
    assert convtrace.backward("seed", tmp_path / "g.csv").grad_input.tolist() == grad_x
    chain = convtrace.backward("chain")  # last layer first: pooling, ReLU, the convolution
    assert [type(step).__name__ for step in chain.steps] == ["LayerGrad", "LayerGrad", "GradTrace"]
    with pytest.raises(InputError, match=r"upstream\[0\]\[1\]: the text 'a' is not a number"):
        convtrace.backward("seed", [[1, "a", 0]])
    with pytest.raises(InputError, match="the upstream gradient is 1×1×2, but the output is 1×3×3"):
        convtrace.backward("seed", [[1, 0]])


@settings(max_examples=50, deadline=None)
@given(option_tasks(), st.integers(0, 1 << 16))
def test_gradients_are_the_loops(spec, seed):
    task, g, trace = grad_case(spec, seed)
    grad_x, grad_w, grad_b = _reference(task, g)
    assert trace.grad_input.tolist() == grad_x
    assert trace.grad_weights.tolist() == grad_w
    assert list(trace.grad_bias) == grad_b


@settings(max_examples=25, deadline=None)
@given(option_tasks(one_d=True), st.integers(0, 1 << 16))
def test_signal_gradients_are_the_loops(spec, seed):
    task, g, trace = grad_case(spec, seed)
    grad_x, grad_w, grad_b = _reference(task, g)
    assert trace.grad_input.tolist() == grad_x
    assert trace.grad_weights.tolist() == grad_w
    assert list(trace.grad_bias) == grad_b


def test_a_copying_padding_folds_back():
    task = convtrace.load_task("rect", options={"padding": 1, "padding_mode": "reflect"})
    trace = run_grad(run(task))
    assert trace.folded
    folds = list(trace.folds())
    assert folds and all(len(f.sources) > 1 for f in folds)
    for fold in folds:
        assert sum(fold.terms) == trace.grad_input[fold.channel, fold.row, fold.col]


def test_exact_fractions_stay_exact():
    task = convtrace.load_task("box-blur", exact=True)
    trace = run_grad(run(task))
    assert trace.grad_input.dtype == object
    assert str(trace.grad_input[0, 2, 2]) == "1"


def test_an_upstream_of_the_wrong_shape_says_the_shape_expected():
    with pytest.raises(InputError, match=r"is 1×2×2, but the output is 1×3×3"):
        run_grad(run(_published()), np.zeros((1, 2, 2)))

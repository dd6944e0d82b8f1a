"""The backward pass against torch.autograd over every hyperparameter (and the 1-D form), with
random upstream gradients: ∂L/∂x, ∂L/∂W and ∂L/∂b of L = Σ G ⊙ conv(x). Skipped without torch."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import convtrace
from convtrace.engine import run
from convtrace.engine.grad import run_grad
from tests.grad_cases import grad_case
from tests.strategies import option_tasks

torch = pytest.importorskip(
    "torch", reason="PyTorch is not importable; `pip install torch` to run the torch proofs"
)
F = torch.nn.functional
torch.set_num_threads(1)
MODES = {
    "zeros": "constant",
    "reflect": "reflect",
    "replicate": "replicate",
    "circular": "circular",
}


def torch_grads(task, g):
    """(∂L/∂x, ∂L/∂W as written, ∂L/∂b) by autograd, for the task's convolution."""
    one_d = task.one_d
    x = torch.tensor(task.x.astype(float), dtype=torch.float64, requires_grad=True)
    w = torch.tensor(task.weights.astype(float), dtype=torch.float64, requires_grad=True)
    b = torch.tensor(task.biases.astype(float), dtype=torch.float64, requires_grad=True)
    kernel = torch.flip(w, dims=(-2, -1)) if task.flip else w
    top, bottom, left, right = task.padding
    padded = F.pad(x[None], (left, right, top, bottom), mode=MODES[task.padding_mode])
    if one_d:
        out = F.conv1d(
            padded[:, :, 0], kernel[:, :, 0], b, task.stride[1], 0, task.dilation[1], task.groups
        )[:, :, None]
    else:
        out = F.conv2d(padded, kernel, b, task.stride, 0, task.dilation, task.groups)
    upstream = torch.tensor(np.asarray(g, dtype=float), dtype=torch.float64)
    (out[0] * upstream).sum().backward()
    return x.grad.numpy(), w.grad.numpy(), b.grad.numpy()


def _agrees(trace, task, g):
    grad_x, grad_w, grad_b = torch_grads(task, g)
    assert np.allclose(np.asarray(trace.grad_input, dtype=float), grad_x, rtol=1e-9, atol=1e-9)
    assert np.allclose(np.asarray(trace.grad_weights, dtype=float), grad_w, rtol=1e-9, atol=1e-9)
    assert np.allclose(np.asarray(trace.grad_bias, dtype=float), grad_b)


@settings(max_examples=50, deadline=None)
@given(option_tasks(), st.integers(0, 1 << 16), st.booleans())
def test_gradients_are_torchs(spec, seed, decimals):
    task, g, trace = grad_case(spec, seed, decimals)
    _agrees(trace, task, g)


@settings(max_examples=25, deadline=None)
@given(option_tasks(one_d=True, same=True), st.integers(0, 1 << 16))
def test_signal_gradients_are_torchs(spec, seed):
    task, g, trace = grad_case(spec, seed)
    _agrees(trace, task, g)


def test_the_seed_agrees_with_torch():
    task = convtrace.load_task("seed")
    trace = run_grad(run(task))
    _agrees(trace, task, np.ones(task.output_shape))
    assert trace.grad_bias == (9,)
    assert trace.grad_weights[0, 1].tolist() == [[3, 7, 3], [9, 19, 9], [3, 7, 3]]


CHAIN_LAYERS = [
    [{"type": "relu"}, {"type": "maxpool", "size": 2, "stride": 2}],
    [{"type": "leaky_relu", "slope": 0.25}, {"type": "avgpool", "size": 2, "stride": 1}],
    [{"type": "maxpool", "size": 3, "stride": 2, "padding": 1}, {"type": "relu"}],
    [{"type": "avgpool", "size": 3, "stride": 2, "padding": 1, "count_include_pad": False}],
]


@pytest.mark.parametrize("after", CHAIN_LAYERS)
@pytest.mark.parametrize("seed", [0, 1])
def test_chain_gradients_are_torchs(after, seed):
    from convtrace.engine.chain import run_chain
    from convtrace.engine.grad_chain import run_grad_chain
    from convtrace.loaders import model_from_data

    rng = np.random.default_rng(seed)
    x = rng.integers(-3, 4, (2, 6, 6))
    w = rng.integers(-2, 3, (2, 2, 3, 3))
    conv = {"type": "conv", "filters": w.tolist(), "bias": [1, -1], "padding": 1}
    chain = model_from_data({"input": x.tolist(), "layers": [conv, *after]})
    forward = run_chain(chain)
    g = rng.integers(-2, 3, forward.output.shape)
    back = run_grad_chain(forward, g)
    xt = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    wt = torch.tensor(w, dtype=torch.float64, requires_grad=True)
    out = F.conv2d(xt[None], wt, torch.tensor([1.0, -1.0], dtype=torch.float64), padding=1)
    for layer in after:
        if layer["type"] == "relu":
            out = F.relu(out)
        elif layer["type"] == "leaky_relu":
            out = F.leaky_relu(out, layer["slope"])
        elif layer["type"] == "maxpool":
            out = F.max_pool2d(out, layer["size"], layer["stride"], layer.get("padding", 0))
        else:
            out = F.avg_pool2d(
                out,
                layer["size"],
                layer["stride"],
                layer.get("padding", 0),
                count_include_pad=layer.get("count_include_pad", True),
            )
    (out[0] * torch.tensor(g, dtype=torch.float64)).sum().backward()
    conv_step = back.steps[-1]
    assert np.allclose(np.asarray(back.grad_input, dtype=float), xt.grad.numpy())
    assert np.allclose(np.asarray(conv_step.grad_weights, dtype=float), wt.grad.numpy())

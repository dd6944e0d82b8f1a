"""Proof against PyTorch for the layers: max_pool2d, avg_pool2d, relu, leaky_relu and
conv_transpose2d over every option (and their 1-D forms), with the weight layout the trace
describes (PyTorch's C_in × C_out/groups × F × F). Skipped without torch."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.layer_strategies import chain_of, pools, small, tenths, transposes, volumes

torch = pytest.importorskip(
    "torch", reason="PyTorch is not importable; `pip install torch` to run the torch proofs"
)
F = torch.nn.functional
torch.set_num_threads(1)


def tensor(value) -> torch.Tensor:
    return torch.tensor(value, dtype=torch.float64)


def torch_weight(weights, c_in: int, groups: int) -> torch.Tensor:
    """Filters (one per output channel, one kernel per input channel of its group) as PyTorch's
    conv_transpose weight: C_in × C_out/groups × Fh × Fw, weight[c, k] = filter k's kernel c."""
    k_out = len(weights)
    per_group, per_filters = c_in // groups, k_out // groups
    fh, fw = len(weights[0][0]), len(weights[0][0][0])
    w = np.zeros((c_in, per_filters, fh, fw))
    for k in range(k_out):
        g = k // per_filters
        for c in range(per_group):
            w[g * per_group + c, k - g * per_filters] = weights[k][c]
    return tensor(w)


@settings(max_examples=60, deadline=None)
@given(pools())
def test_pooling_is_torchs(case):
    doc, spec = case
    x = tensor(spec["x"])[None]
    if doc["layers"][0]["type"] == "maxpool":
        want = F.max_pool2d(
            x, spec["size"], spec["stride"], spec["padding"], spec["dilation"], spec["ceil_mode"]
        )
    else:
        want = F.avg_pool2d(
            x,
            spec["size"],
            spec["stride"],
            spec["padding"],
            spec["ceil_mode"],
            spec["count_include_pad"],
        )
    got = chain_of(doc).output
    assert got.shape == tuple(want.shape[1:])
    assert np.allclose(got, want[0].numpy(), rtol=1e-12, atol=0)


@settings(max_examples=40, deadline=None)
@given(volumes(tenths), st.sampled_from([0.01, 0.1, 0.2, 1.5, -0.5]))
def test_activations_are_torchs(x, slope):
    relu = chain_of({"input": x, "layers": [{"type": "relu"}]}).output
    assert np.array_equal(relu, F.relu(tensor(x)).numpy())
    leaky = chain_of({"input": x, "layers": [{"type": "leaky_relu", "slope": slope}]}).output
    assert np.allclose(leaky, F.leaky_relu(tensor(x), slope).numpy(), rtol=1e-15, atol=0)


@settings(max_examples=60, deadline=None)
@given(transposes())
def test_transposed_convolution_is_torchs(case):
    doc, spec = case
    c_in = len(spec["x"])
    want = F.conv_transpose2d(
        tensor(spec["x"])[None],
        torch_weight(spec["weights"], c_in, spec["groups"]),
        tensor(spec["biases"]),
        spec["stride"],
        spec["padding"],
        spec["output_padding"],
        spec["groups"],
        spec["dilation"],
    )[0].numpy()
    for view in ("scatter", "direct"):
        got = chain_of(doc, view=view).output
        assert np.array_equal(got, want)


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_one_dimensional_layers_are_torchs(data):
    c = data.draw(st.integers(1, 2))
    length = data.draw(st.integers(2, 8))
    x = [data.draw(st.lists(small, min_size=length, max_size=length)) for _ in range(c)]
    size = data.draw(st.integers(1, min(3, length)))
    stride = data.draw(st.integers(1, 3))
    padding = data.draw(st.integers(0, size // 2))
    ceil = data.draw(st.booleans())
    kernel = data.draw(st.lists(small, min_size=2, max_size=2))
    layers = [
        {"type": "maxpool", "size": size, "stride": stride, "padding": padding, "ceil_mode": ceil},
        {"type": "conv_transpose", "filter": {f"c{i}": kernel for i in range(c)}, "stride": 2},
        {"type": "avgpool", "size": 2, "ceil_mode": True},
    ]
    trace = chain_of({"input": {f"c{i}": row for i, row in enumerate(x)}, "layers": layers})
    t = tensor(x)[None]
    pooled = F.max_pool1d(t, size, stride, padding, 1, ceil)
    weight = tensor([[kernel] for _ in range(c)])  # C_in × 1 × F
    up = F.conv_transpose1d(pooled, weight, stride=2)
    down = F.avg_pool1d(up, 2, ceil_mode=True)
    for layer, want in zip(trace.layers, (pooled, up, down), strict=True):
        assert np.allclose(layer.output[:, 0], want[0].numpy(), rtol=1e-12, atol=0)

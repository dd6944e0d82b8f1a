"""Proof against PyTorch: every combination of the options gives ``torch.nn.functional.conv2d``'s
numbers (``conv1d`` for signals), through the Python API and through ``run --format json``.

PyTorch is a test-only reference, never a dependency: without it this module is skipped. The
tensors are float64, so integer tasks must match exactly (every value here is far below 2⁵³).
"""

from __future__ import annotations

import itertools
import json
import tempfile
import warnings
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import convtrace
from convtrace.cli import main
from tests.strategies import MODES, decimals, option_tasks, tf_same_padding

torch = pytest.importorskip(
    "torch", reason="PyTorch is not importable; `pip install torch` to run the torch proofs"
)
F = torch.nn.functional
torch.set_num_threads(1)  # tiny tensors: threads only contend (a loaded CI machine slows 4×)

# --- PyTorch's answer --------------------------------------------------------------------------


def _tensor(value) -> torch.Tensor:
    return torch.tensor(value, dtype=torch.float64)


def torch_output(spec) -> np.ndarray:
    """What PyTorch computes for ``spec``: K × H₂ × W₂ (K × L₂ for a signal), as float64.

    Explicit padding goes through ``F.pad`` with the padding mode ("constant" for zeros), then
    an unpadded ``conv2d``; "same" at stride 1 is PyTorch's own ``padding="same"`` (the module,
    which also knows the padding modes); "same" at a larger stride (which PyTorch refuses) is
    TensorFlow's rule, from its documentation, then ``F.pad``.
    """
    one_d = spec["one_d"]
    x = _tensor(spec["x"])[None]  # 1 × C × H × W (1 × C × L)
    w = _tensor(spec["weights"])  # K × Cg × Fh × Fw (K × Cg × F)
    b = _tensor(spec["biases"])
    if spec["flip"]:  # true convolution: the kernel rotated 180° before it slides
        w = torch.flip(w, dims=(-1,) if one_d else (-2, -1))
    (sh, sw), (dh, dw), groups, mode = (
        spec["stride"],
        spec["dilation"],
        spec["groups"],
        spec["padding_mode"],
    )
    stride, dilation = (sw, dw) if one_d else ((sh, sw), (dh, dw))
    conv = F.conv1d if one_d else F.conv2d
    if spec["padding"] == "same" and (sh, sw) == (1, 1):
        layer_type = torch.nn.Conv1d if one_d else torch.nn.Conv2d
        layer = layer_type(
            x.shape[1],
            w.shape[0],
            tuple(w.shape[2:]),
            padding="same",
            padding_mode=mode,
            dilation=dilation,
            groups=groups,
            dtype=torch.float64,
        )
        with torch.no_grad(), warnings.catch_warnings():
            # PyTorch notes that an even kernel makes it copy the input; that is expected here
            warnings.filterwarnings("ignore", "Using padding='same'", UserWarning)
            layer.weight.copy_(w)
            layer.bias.copy_(b)
            out = layer(x)
        return out[0].numpy()
    if spec["padding"] == "same":
        left, right = tf_same_padding(x.shape[-1], w.shape[-1], sw, dw)
        top, bottom = (0, 0) if one_d else tf_same_padding(x.shape[-2], w.shape[-2], sh, dh)
    else:
        top, bottom, left, right = spec["padding"]
    pads = (left, right) if one_d else (left, right, top, bottom)
    x = F.pad(x, pads, mode="constant" if mode == "zeros" else mode)
    out = conv(x, w, b, stride=stride, dilation=dilation, groups=groups)
    return out[0].numpy()


# --- convtrace's answer ------------------------------------------------------------------------


def _input(spec):
    if spec["one_d"]:  # several signals are named channels (a list of lists is a matrix)
        return {f"c{i}": signal for i, signal in enumerate(spec["x"])}
    return spec["x"]


def _filters(spec):
    return [{"weights": w, "bias": b} for w, b in zip(spec["weights"], spec["biases"], strict=True)]


def _padding(spec):
    """The shortest form a person would write: 1, [rows, cols] or all four sides."""
    if spec["padding"] == "same":
        return "same"
    top, bottom, left, right = spec["padding"]
    if spec["one_d"]:
        return left if left == right else [left, right]
    if top == bottom and left == right:
        return top if top == left else [top, left]
    return [top, bottom, left, right]


def _pair(spec, key):
    if spec["one_d"]:
        return spec[key][1]
    rows, cols = spec[key]
    return rows if rows == cols else [rows, cols]


def api_output(spec) -> np.ndarray:
    trace = convtrace.trace(
        _input(spec),
        _filters(spec),
        stride=_pair(spec, "stride"),
        padding=_padding(spec),
        padding_mode=spec["padding_mode"],
        dilation=_pair(spec, "dilation"),
        groups=spec["groups"],
        flip=spec["flip"],
    )
    return trace.output[:, 0] if spec["one_d"] else trace.output


def cli_document(spec, *, in_file: bool) -> dict:
    """``convtrace run TASK.json --format json`` with the options in the file or as flags."""
    task = {"input": _input(spec), "filters": _filters(spec)}
    options = {
        "stride": _pair(spec, "stride"),
        "padding": _padding(spec),
        "padding_mode": spec["padding_mode"],
        "dilation": _pair(spec, "dilation"),
        "groups": spec["groups"],
        "flip": spec["flip"],
    }
    args = []
    if in_file:
        task.update(options)
    else:
        for key, value in options.items():
            flag = "--" + key.replace("_", "-")
            if key == "flip":
                args.append("--flip" if value else "--no-flip")
            elif isinstance(value, list):
                args += [flag, ",".join(str(v) for v in value)]
            else:
                args += [flag, str(value)]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "task.json"
        path.write_text(json.dumps(task), encoding="utf-8")
        result = CliRunner().invoke(main, ["run", str(path), "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def assert_same(ours, theirs, exact: bool = True):
    ours = np.asarray(ours, dtype=np.float64)
    assert ours.shape == theirs.shape
    if exact:
        assert ours.tolist() == theirs.tolist()
    else:
        np.testing.assert_allclose(ours, theirs, rtol=1e-9, atol=1e-9)


# --- every combination ---------------------------------------------------------------------

#: (padding mode, strided, asymmetric padding, dilated, grouped, flipped): 4 × 2⁵ = 128.
COMBINATIONS = list(itertools.product(MODES, *[(False, True)] * 5))


def _id(combo) -> str:
    mode, *flags = combo
    names = ("stride", "asym", "dil", "groups", "flip")
    on = [name for name, flag in zip(names, flags, strict=True) if flag]
    return "-".join([mode, *on]) if on else mode


def _combination(combo, **extra):
    mode, strided, asymmetric, dilated, grouped, flip = combo
    return option_tasks(
        mode=mode,
        strided=strided,
        asymmetric=asymmetric,
        dilated=dilated,
        grouped=grouped,
        flip=flip,
        **extra,
    )


@pytest.mark.parametrize("combo", COMBINATIONS, ids=_id)
@settings(max_examples=15, deadline=None)
@given(data=st.data())
def test_conv2d_every_combination(combo, data):
    spec = data.draw(_combination(combo), label="task")
    assert_same(api_output(spec), torch_output(spec))


@pytest.mark.parametrize("combo", COMBINATIONS, ids=_id)
@settings(max_examples=8, deadline=None)
@given(data=st.data())
def test_conv1d_every_combination(combo, data):
    spec = data.draw(_combination(combo, one_d=True), label="task")
    assert_same(api_output(spec), torch_output(spec))


# --- "same" ----------------------------------------------------------------------------------


@pytest.mark.parametrize("one_d", [False, True], ids=["2d", "1d"])
@pytest.mark.parametrize("mode", MODES)
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_same_at_stride_1_is_pytorchs_same(mode, one_d, data):
    """PyTorch's own ``padding="same"`` (odd total padding: the extra one at the end)."""
    spec = data.draw(option_tasks(mode=mode, strided=False, same=True, one_d=one_d), label="task")
    ours = api_output(spec)
    size = np.shape(spec["x"])[1:]
    assert ours.shape[1:] == size
    assert_same(ours, torch_output(spec))


@pytest.mark.parametrize("one_d", [False, True], ids=["2d", "1d"])
@pytest.mark.parametrize("mode", MODES)
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_same_at_a_larger_stride_is_tensorflows_rule(mode, one_d, data):
    """Output ⌈H/s⌉ × ⌈W/s⌉; the odd extra row/column of padding at the bottom/right."""
    spec = data.draw(option_tasks(mode=mode, strided=True, same=True, one_d=one_d), label="task")
    trace = convtrace.trace(
        _input(spec),
        _filters(spec),
        stride=_pair(spec, "stride"),
        padding="same",
        padding_mode=mode,
        dilation=_pair(spec, "dilation"),
        groups=spec["groups"],
        flip=spec["flip"],
    )
    (sh, sw), (dh, dw) = spec["stride"], spec["dilation"]
    fw = len(spec["weights"][0][0]) if one_d else len(spec["weights"][0][0][0])
    w = len(spec["x"][0]) if one_d else len(spec["x"][0][0])
    top, bottom, left, right = trace.task.padding
    assert (left, right) == tf_same_padding(w, fw, sw, dw)
    assert trace.shape[2] == -(-w // sw)
    if not one_d:
        h, fh = len(spec["x"][0]), len(spec["weights"][0][0])
        assert (top, bottom) == tf_same_padding(h, fh, sh, dh)
        assert trace.shape[1] == -(-h // sh)
    assert right - left in (0, 1) and bottom - top in (0, 1)
    ours = trace.output[:, 0] if one_d else trace.output
    assert_same(ours, torch_output(spec))


# --- decimals, and the command line ------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(option_tasks(values=decimals))
def test_decimals_match_conv2d(spec):
    assert_same(api_output(spec), torch_output(spec), exact=False)


@settings(max_examples=50, deadline=None)
@given(option_tasks(values=decimals, one_d=True))
def test_decimal_signals_match_conv1d(spec):
    assert_same(api_output(spec), torch_output(spec), exact=False)


@pytest.mark.parametrize("in_file", [False, True], ids=["flags", "file-keys"])
@pytest.mark.parametrize("one_d", [False, True], ids=["2d", "1d"])
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_cli_json_output_matches(one_d, in_file, data):
    spec = data.draw(option_tasks(one_d=one_d), label="task")
    doc = cli_document(spec, in_file=in_file)
    assert_same(doc["output"], torch_output(spec))


@pytest.mark.parametrize("one_d", [False, True], ids=["2d", "1d"])
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_cli_json_same_matches(one_d, data):
    spec = data.draw(option_tasks(one_d=one_d, same=True), label="task")
    doc = cli_document(spec, in_file=False)
    assert_same(doc["output"], torch_output(spec))
    assert doc["hyperparameters"]["padding_rule"] == "same"


@settings(max_examples=40, deadline=None)
@given(option_tasks(values=decimals))
def test_cli_json_decimals_match(spec):
    doc = cli_document(spec, in_file=False)
    assert_same(doc["output"], torch_output(spec), exact=False)

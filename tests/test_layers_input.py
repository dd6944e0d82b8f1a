"""Chains from task files and --then: what is accepted, and bad input as one line naming the file
and the place, with exit status 2."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from convtrace.cli import main
from convtrace.layers import Activation, Conv, Pool, Transpose
from convtrace.loaders import model_from_data, then_layer
from tests.conftest import SAMPLES

X = [[1, 2], [3, 4]]


def refused(tmp_path, doc, *options) -> str:
    path = tmp_path / "t.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    result = CliRunner().invoke(main, ["run", str(path), "-q", *options])
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and result.stdout == ""
    return lines[0].replace(str(path), "t.json")


@pytest.mark.parametrize(
    ("layers", "options", "expected"),
    [
        (
            [{"type": "maxpol", "size": 2}],
            (),
            "t.json: layers[0].type: unknown layer type 'maxpol' (did you mean 'maxpool'?)",
        ),
        (
            [{"type": "maxpool", "size": 3}],
            (),
            "t.json: layers[0].size: the window spans 3 rows, larger than its padded input's 2",
        ),
        (
            [{"type": "avgpool", "size": 3, "padding": 2}],
            (),
            "t.json: layers[0].padding: padding 2 is more than half the window's 3 rows; "
            "PyTorch allows at most 1",
        ),
        (
            [{"type": "relu", "filters": [[[1]]]}],
            (),
            "t.json: layers[0].filters: ReLU has no weights or bias; remove 'filters'",
        ),
        (
            [{"type": "leaky_relu", "bias": 1}],
            (),
            "t.json: layers[0].bias: leaky ReLU has no weights or bias",
        ),
        (
            [{"type": "conv_transpose", "filter": [[1]], "stride": 2, "output_padding": 2}],
            (),
            "t.json: layers[0].output_padding: output_padding 2 must be smaller than the stride "
            "(2) or the dilation (1), as PyTorch requires",
        ),
        (
            [{"type": "maxpool", "size": 2}, {"type": "conv", "filter": [[1, 1], [1, 1]]}],
            (),
            "t.json: layers[1]: the kernel spans 2 rows, but the padded input has only 1; use a "
            "smaller kernel or dilation, or more padding (its input is layer 1's output, 1×1×1)",
        ),
        (
            [{"type": "relu"}, {"type": "conv", "filter": [[[1]], [[1]]]}],
            (),
            "t.json: layers[1].filters[0]: w0 has 2 kernels, but it sees the input's 1 channel",
        ),
        (
            [{"type": "avgpool", "size": 2, "dilation": 2}],
            (),
            "t.json: layers[0].dilation: average pooling takes no dilation",
        ),
        ([{"type": "relu"}], ("--stride", "2"), "--stride: the task has layers"),
        ([], (), "t.json: layers: is empty; give at least one layer"),
    ],
)
def test_bad_layers_are_one_line_naming_the_place(tmp_path, layers, options, expected):
    line = refused(tmp_path, {"input": X, "layers": layers}, *options)
    assert line.startswith(f"convtrace: {expected}"), line


@pytest.mark.parametrize(
    ("then", "expected"),
    [
        ("maxpol:2", "--then maxpol:2: unknown layer type 'maxpol' (did you mean 'maxpool'?)"),
        ("maxpool:5", "--then maxpool:5: the window spans 5 rows, larger than its padded input"),
        ("maxpool:2,strde=1", "--then maxpool:2,strde=1: unknown key 'strde' (did you mean"),
        ("conv", '--then conv: a convolution needs its filters: write it in the task\'s "layers"'),
    ],
)
def test_bad_then_layers_name_the_option(tmp_path, then, expected):
    line = refused(tmp_path, {"input": X, "filter": [[1]]}, "--then", then)
    assert line.startswith(f"convtrace: {expected}"), line


def test_a_conv_key_beside_layers_says_where_it_belongs(tmp_path):
    line = refused(tmp_path, {"input": X, "stride": 2, "layers": [{"type": "relu"}]})
    assert line.startswith("convtrace: t.json: stride: 'stride' beside \"layers\"")


def test_view_needs_a_chain(tmp_path):
    line = refused(tmp_path, {"input": X, "filter": [[1]]}, "--view", "direct")
    assert line == 'convtrace: --view goes with a conv_transpose layer (a task with "layers")'


def test_a_fraction_over_zero_is_refused(tmp_path):
    line = refused(tmp_path, {"input": X, "filter": [["1/0"]]})
    assert line == "convtrace: t.json: filter[0][0]: '1/0' divides by zero"


@pytest.mark.parametrize(
    ("text", "layer"),
    [
        ("relu", {"type": "relu"}),
        ("leaky_relu:0.2", {"type": "leaky_relu", "slope": 0.2}),
        ("maxpool:2", {"type": "maxpool", "size": 2}),
        ("maxpool:3,stride=2,padding=1", {"type": "maxpool", "size": 3, "stride": 2, "padding": 1}),
        ("avgpool:2,ceil_mode", {"type": "avgpool", "size": 2, "ceil_mode": True}),
        (
            "avgpool:3,count_include_pad=false",
            {"type": "avgpool", "size": 3, "count_include_pad": False},
        ),
        ("maxpool:2x3,stride=1x2", {"type": "maxpool", "size": [2, 3], "stride": [1, 2]}),
        ("leaky_relu:1/10", {"type": "leaky_relu", "slope": "1/10"}),
    ],
)
def test_then_writes_the_layer_a_task_file_would(text, layer):
    assert then_layer(text) == layer


def test_a_chain_holds_each_layer_and_its_shapes():
    chain = model_from_data(
        {
            "input": [[1, 2, 3], [4, 5, 6], [7, 8, 9]],
            "layers": [
                {"type": "conv", "filter": [[1, 0], [0, 1]], "bias": 1},
                {"type": "leaky_relu"},
                {"type": "maxpool", "size": 2, "stride": 1},
                {"type": "conv_transpose", "filters": [[[1]], [[2]]], "stride": 2},
            ],
        }
    )
    conv, leaky, pool, up = chain.layers
    assert isinstance(conv, Conv) and conv.task.filters[0].bias == 1
    assert leaky == Activation("leaky_relu", 0.01)  # PyTorch's default slope
    assert isinstance(pool, Pool) and pool.stride == (1, 1) and pool.count_include_pad
    assert isinstance(up, Transpose) and len(up.filters) == 2
    assert chain.shapes == ((1, 3, 3), (1, 2, 2), (1, 2, 2), (1, 1, 1), (2, 1, 1))
    assert chain.names_after(3) == ("w0", "w1")


def test_a_task_without_layers_is_still_a_task():
    task = model_from_data({"input": X, "filter": [[1]]})
    assert hasattr(task, "filters") and task.output_shape == (1, 2, 2)


def test_the_seed_then_layers_keeps_its_convolution_first():
    seed = json.loads((SAMPLES / "seed.json").read_text(encoding="utf-8"))
    chain = model_from_data(seed, then=["relu", "maxpool:2"])
    assert [type(layer).__name__ for layer in chain.layers] == ["Conv", "Activation", "Pool"]
    assert chain.output_shape == (1, 1, 1)

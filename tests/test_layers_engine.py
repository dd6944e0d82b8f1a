"""The layer engines against tests/reference.py's loops and literals a person checked: pooling
over every option, ReLU and leaky ReLU, the transposed convolution both ways, exact fractions."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings

import convtrace
from tests import reference
from tests.layer_strategies import chain_of, pools, tenths, transposes, volumes

SEED_OUTPUT = [[3, 7, 4], [17, -7, 1], [14, 25, 13]]


def test_the_seed_then_relu_then_max_pool_is_17():
    trace = convtrace.trace("seed", then=["relu", "maxpool:2"])
    assert [layer.output.tolist() for layer in trace.layers] == [
        [SEED_OUTPUT],
        [[[3, 7, 4], [17, 0, 1], [14, 25, 13]]],
        [[[17]]],
    ]
    assert trace.output.dtype.kind == "i"  # integers stay integers through every layer


@pytest.mark.parametrize(
    ("stride", "expected"),
    [
        (1, [[0, 0, 1], [0, 4, 6], [4, 12, 9]]),
        (2, [[0, 0, 0, 1], [0, 0, 2, 3], [0, 2, 0, 3], [4, 6, 6, 9]]),
    ],
)
def test_the_published_transposed_convolutions(stride, expected):
    x = [[0, 1], [2, 3]]
    doc = {"input": x, "layers": [{"type": "conv_transpose", "filter": x, "stride": stride}]}
    for view in ("scatter", "direct"):
        trace = chain_of(doc, view=view)
        layer = trace.layers[0]
        assert layer.output.tolist() == [expected]
        last = [step for row in layer.steps() for step in row][-1]
        assert last.running.tolist() == expected  # the scatter's last running output


@settings(max_examples=60, deadline=None)
@given(pools())
def test_pooling_is_the_reference_loop(case):
    doc, spec = case
    out = chain_of(doc).output
    layer = doc["layers"][0]
    if layer["type"] == "maxpool":
        want = reference.max_pool2d(
            spec["x"],
            spec["size"],
            spec["stride"],
            spec["padding"],
            spec["dilation"],
            spec["ceil_mode"],
        )
    else:
        want = reference.avg_pool2d(
            spec["x"],
            spec["size"],
            spec["stride"],
            spec["padding"],
            spec["ceil_mode"],
            spec["count_include_pad"],
        )
        want = [[[float(v) for v in row] for row in plane] for plane in want]
    assert out.tolist() == want  # exact: a quotient of whole numbers is correctly rounded


@settings(max_examples=40, deadline=None)
@given(pools("avgpool"))
def test_exact_average_pooling_is_the_reference_fraction(case):
    doc, spec = case
    out = chain_of(doc, exact=True).output
    want = reference.avg_pool2d(
        spec["x"],
        spec["size"],
        spec["stride"],
        spec["padding"],
        spec["ceil_mode"],
        spec["count_include_pad"],
    )
    assert out.tolist() == want
    assert all(isinstance(v, Fraction) for v in out.reshape(-1))


@settings(max_examples=40, deadline=None)
@given(pools("avgpool", values=tenths))
def test_average_pooling_of_decimals_has_no_binary_noise(case):
    doc, _ = case
    out = chain_of(doc).output
    exact = chain_of(doc, exact=True).output
    assert out.tolist() == [[[float(v) for v in row] for row in plane] for plane in exact]


@settings(max_examples=40, deadline=None)
@given(volumes(tenths), tenths)
def test_relu_and_leaky_relu_are_the_reference(x, slope):
    relu = chain_of({"input": x, "layers": [{"type": "relu"}]})
    assert relu.output.tolist() == reference.leaky_relu(x, 0)
    leaky = chain_of({"input": x, "layers": [{"type": "leaky_relu", "slope": slope}]})
    exact = [
        [
            [float(Fraction(str(slope)) * Fraction(str(v))) if v < 0 else v for v in row]
            for row in plane
        ]
        for plane in x
    ]
    assert leaky.output.tolist() == exact  # 0.1·(−7) is −0.7, not −0.7000000000000001
    assert np.array_equal(leaky.layers[0].changed, np.array(x) < 0)


@settings(max_examples=60, deadline=None)
@given(transposes())
def test_transposed_convolution_is_the_reference_both_ways(case):
    doc, spec = case
    want = reference.conv_transpose2d(
        spec["x"],
        spec["weights"],
        spec["biases"],
        stride=spec["stride"],
        padding=spec["padding"],
        output_padding=spec["output_padding"],
        dilation=spec["dilation"],
        groups=spec["groups"],
    )
    layer = chain_of(doc).layers[0]
    assert layer.output.tolist() == want  # the direct view: an ordinary convolution
    final = {}
    for row in layer.steps():
        for step in row:
            final[step.filter] = step.running
    for k, plane in enumerate(want):  # the scatter view's last running output, per filter
        assert (
            final.get(k, np.full((len(plane), len(plane[0])), spec["biases"][k])).tolist() == plane
        )


def test_the_direct_view_is_a_real_conv_task():
    trace = convtrace.trace("upsample")
    direct = trace.layers[0].direct
    assert isinstance(direct, convtrace.Trace)
    assert direct.task.x[0].tolist() == [[0, 0, 1], [0, 0, 0], [2, 0, 3]]  # zeros inserted
    assert direct.task.padding == (1, 1, 1, 1)  # d·(F − 1) − P = 1
    assert direct.task.filters[0].weights[0].tolist() == [[3, 2], [1, 0]]  # rotated 180°


def test_exact_box_blur_is_five_thirds():
    trace = convtrace.trace("box-blur", exact=True)
    assert trace.output[0, 0, 0] == Fraction(5, 3)
    assert trace.output.tolist()[0][1] == [1, Fraction(11, 9), Fraction(16, 9)]
    floats = convtrace.trace("box-blur")
    assert floats.output[0, 0, 0] == pytest.approx(5 / 3)


def test_a_chain_of_every_layer_type_runs_one_into_the_next():
    doc = {
        "input": [[1, -2, 3, 0], [0, 4, -1, 2], [3, 1, 0, -3], [2, 0, 1, 1]],
        "layers": [
            {"type": "conv", "filter": [[1, 0], [0, -1]], "bias": 1, "padding": 1},
            {"type": "leaky_relu", "slope": 0.5},
            {"type": "avgpool", "size": 2},
            {"type": "conv_transpose", "filter": [[1, 1], [1, 1]], "stride": 2},
            {"type": "maxpool", "size": 3, "stride": 2, "padding": 1},
            {"type": "relu"},
        ],
    }
    trace = chain_of(doc)
    shapes = [layer.output.shape for layer in trace.layers]
    assert shapes == [(1, 5, 5), (1, 5, 5), (1, 2, 2), (1, 4, 4), (1, 2, 2), (1, 2, 2)]
    x = np.array(doc["input"])[None]
    conv = reference.conv2d(x.tolist(), [[[[1, 0], [0, -1]]]], [1], padding=(1, 1, 1, 1))
    assert trace.layers[0].output.tolist() == conv
    leaky = reference.leaky_relu(conv, 0.5)
    assert trace.layers[1].output.tolist() == leaky
    avg = reference.avg_pool2d(leaky, (2, 2), (2, 2))
    assert trace.layers[2].output.tolist() == [[[float(v) for v in r] for r in p] for p in avg]

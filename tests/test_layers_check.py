"""``check`` on chains: the final output by default, ``--layer N`` for one layer, and the slips
of pooling and ReLU (or of an earlier layer, carried through) named as for a convolution."""

from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner

from convtrace.cli import main
from tests import reference

X = [
    [3, 1, 0, 2, 5, 6],
    [4, 2, 1, 1, 4, 7],
    [5, 4, 0, 4, 1, 2],
    [1, 2, 2, 1, 3, 4],
    [6, 3, 1, 0, 5, 2],
    [3, 1, 0, 1, 3, 3],
]
K = [[1, 0, -1], [1, 0, -1], [1, 0, -1]]
DOC = {
    "input": X,
    "layers": [
        {"type": "conv", "filter": K, "bias": 1},
        {"type": "relu"},
        {"type": "maxpool", "size": 2},
    ],
}


def conv(bias=1):
    return reference.conv2d([X], [[K]], [bias])


def relu(volume):
    return reference.leaky_relu(volume, 0)


def pool(volume, stride=2):
    return reference.max_pool2d(volume, (2, 2), (stride, stride))


def check(tmp_path, answer, *options):
    task = tmp_path / "task.json"
    task.write_text(json.dumps(DOC), encoding="utf-8")
    path = tmp_path / "answer.json"
    path.write_text(json.dumps({"output": answer}), encoding="utf-8")
    return CliRunner().invoke(main, ["check", str(task), str(path), "--no-color", *options])


def test_the_final_output_right_is_status_0(tmp_path):
    result = check(tmp_path, pool(relu(conv())))
    assert result.exit_code == 0, result.output
    assert "All 4 cells are right." in result.stdout


def test_negatives_kept_is_the_relu_not_applied(tmp_path):
    result = check(tmp_path, conv(), "--layer", "2")
    assert result.exit_code == 1, result.output
    assert "cells match the ReLU not applied (the negative values kept)" in result.stdout
    assert "o2[0, 0, 2] = max(0, −8) = 0" in result.stdout  # the wrong cell's trace


def test_max_over_overlapping_windows_is_the_stride_ignored(tmp_path):
    overlapping = np.array(pool(relu(conv()), stride=1))[:, :2, :2].tolist()
    result = check(tmp_path, overlapping, "--format", "json")
    doc = json.loads(result.stdout)
    assert doc["layer"] == 3 and doc["verdict"] == "wrong"
    assert [d["slip"] for d in doc["diagnosis"]] == ["pool_stride_ignored"]


def test_a_slip_in_an_earlier_layer_is_carried_through(tmp_path):
    result = check(tmp_path, pool(relu(conv(bias=0))), "-q")
    assert result.exit_code == 1, result.output
    text = " ".join(result.stdout.split())
    assert "match a slip in layer 1: a computation without the bias (+1)" in text
    assert "(then layers 2–3 as they are)" in text


def test_average_instead_of_max(tmp_path):
    relu_out = relu(conv())
    averaged = reference.avg_pool2d(relu_out, (2, 2), (2, 2))
    result = check(tmp_path, [[[float(v) for v in r] for r in p] for p in averaged], "-q")
    assert "the average of each window instead of its maximum" in " ".join(result.stdout.split())


def test_a_convolution_layer_is_checked_with_the_convolution_slips(tmp_path):
    result = check(tmp_path, conv(bias=0), "--layer", "1", "-q")
    assert result.exit_code == 1
    assert "match a computation without the bias (+1)" in " ".join(result.stdout.split())


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (("--layer", "4"), "convtrace: --layer: there is no layer 4 (layers 1 to 3)"),
        ((), "answer.json: your answer is 1×3×3, layer 3's output is 1×2×2"),
    ],
)
def test_bad_layer_checks_are_one_line(tmp_path, options, expected):
    result = check(tmp_path, [[1, 2, 3], [4, 5, 6], [7, 8, 9]], *options)
    assert result.exit_code == 2
    assert expected in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_layer_goes_with_chains(tmp_path):
    result = CliRunner().invoke(main, ["check", "seed", "x.csv", "--layer", "1"])
    assert result.exit_code == 2
    assert result.stderr.startswith("convtrace: --layer: goes with a task of several layers")

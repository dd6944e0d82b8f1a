"""``convtrace code``: the numpy snippet (and the PyTorch one, where torch imports) run and give
the trace's numbers, for every sample and random tasks and chains over every option."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import convtrace
from convtrace.cli import main
from convtrace.code import torch_code
from convtrace.code_numpy import numpy_code
from convtrace.engine.chain import run_chain
from convtrace.loaders import model_from_data
from tests.conftest import SAMPLES
from tests.layer_strategies import pools, transposes
from tests.strategies import document_of, option_tasks

HAS_TORCH = importlib.util.find_spec("torch") is not None
SAMPLE_NAMES = sorted(p.stem for p in SAMPLES.glob("*.json") if p.stem != "big")


def run_snippet(code: str):
    namespace: dict = {}
    exec(compile(code, "<snippet>", "exec"), namespace)  # the user pastes it; so do we
    out = namespace["out"]
    return out.numpy() if hasattr(out, "numpy") else np.asarray(out)


def expected(trace) -> np.ndarray:
    out = trace.output
    return out[:, 0] if out.shape[1] == 1 and trace.task.one_d else out


def agrees(model, trace, exact: bool = False) -> None:
    want = expected(trace)
    got = run_snippet(numpy_code(model))
    if exact:
        assert got.tolist() == want.tolist()  # fractions, exactly
    else:
        assert np.allclose(got.astype(float), want.astype(float), rtol=1e-9, atol=1e-12)
    if HAS_TORCH:
        assert np.allclose(run_snippet(torch_code(model)), want.astype(float), rtol=1e-9)


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_every_sample_computes_the_same(name, capsys):
    model = convtrace.load_task(name)
    agrees(model, convtrace.trace(model))


def test_chains_and_exact_fractions_compute_the_same(capsys):
    chain = convtrace.load_task("seed", then=["relu", "maxpool:2"])
    agrees(chain, convtrace.trace(chain))
    exact = convtrace.load_task("box-blur", exact=True, then=["avgpool:2,ceil_mode"])
    agrees(exact, convtrace.trace(exact), exact=True)


@settings(max_examples=40, deadline=None)
@given(option_tasks(one_d=False) | option_tasks(one_d=True))
def test_convolutions_with_every_option_compute_the_same(spec):
    doc = document_of(spec)
    if spec["one_d"]:  # channels of a signal by name: a list of lists would be a matrix
        doc["input"] = {f"c{i}": row for i, row in enumerate(spec["x"])}
        for f in doc["filters"]:
            f["weights"] = {f"k{i}": kernel for i, kernel in enumerate(f["weights"])}
    model = model_from_data(doc)
    agrees(model, convtrace.trace(model))


@settings(max_examples=40, deadline=None)
@given(st.one_of(pools(), transposes()), st.sampled_from([[], [{"type": "relu"}]]))
def test_layers_with_every_option_compute_the_same(case, more):
    doc, _ = case
    doc = {**doc, "layers": [*doc["layers"], *more]}
    model = model_from_data(doc)
    agrees(model, run_chain(model))


def test_the_command_prints_both_snippets():
    result = CliRunner().invoke(main, ["code", "upsample"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# PyTorch\nimport torch\n")
    assert "F.conv_transpose2d(x, w1, b1, stride=(2, 2)" in result.stdout
    assert "# C_in × C_out/groups × F × F" in result.stdout
    assert "\n# numpy\nimport numpy as np\n" in result.stdout
    only = CliRunner().invoke(main, ["code", "seed", "--only", "numpy"])
    assert only.stdout.startswith("# numpy\n") and "torch" not in only.stdout

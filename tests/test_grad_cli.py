"""``convtrace grad`` on the command line: the trace, JSON, --upstream, and bad input in one
line with exit status 2. The literals were checked by hand and against torch (test_grad_torch)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from convtrace.cli import main

PUBLISHED = {
    "input": [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11], [12, 13, 14, 15]],
    "filter": [[1, 2], [3, 4]],
}


def grad(*args: str) -> str:
    result = CliRunner().invoke(main, ["grad", *args, "--no-color"])
    assert result.exit_code == 0, result.output
    return result.stdout


def task_file(tmp_path, doc, name="t.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(doc), encoding="utf-8")
    return str(path)


def test_grad_seed_traces_bias_weights_and_input():
    text = grad("seed")
    for line in (
        "No upstream gradient was given, so G = ∂L/∂o is all ones and L = Σ o, the sum of the "
        "output.",
        "∂L/∂b[0] = Σ G[0] = 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 = 9",
        "∂L/∂W[0, 0, 0, 0]   filter w0 · channel R · row 0 · col 0",
        "window: padded rows 0–4 (every 2), cols 0–4 (every 2)",
        "∂L/∂W[0, 0, 0, 0] = [0·1 + 0·1 + 0·1] + [0·1 + 0·1 + 3·1] + [0·1 + 1·1 + 1·1] = 5",
        "∂L/∂x[2, 4, 4]   channel B · row 4 · col 4",
        "∂L/∂b = [9]",
    ):
        assert line in text, line
    assert "transposed convolution of G" in text
    assert "scatter view" in text


def test_json_has_the_gradients_and_the_cells():
    doc = json.loads(grad("seed", "--format", "json"))
    assert doc["grad_bias"] == [9]
    assert doc["grad_weights"][0][0] == [[5, 8, 5], [11, 6, 11], [5, 8, 5]]
    assert len(doc["grad_input"]) == 3 and len(doc["grad_input"][0]) == 5
    cells = doc["cells"]
    assert len(cells["weights"]) == 27 and len(cells["input"]) == 75
    first = cells["weights"][0]
    assert first["window"] == [[0, 0, 0], [0, 0, 3], [0, 1, 1]] and first["value"] == 5


def test_the_published_case_with_an_upstream_in_the_task(tmp_path):
    doc = {**PUBLISHED, "upstream": [[1, 0, 0], [0, 0, 0], [0, 0, 0]]}
    out = json.loads(grad(task_file(tmp_path, doc), "--format", "json"))
    assert out["grad_weights"] == [[[[0, 1], [4, 5]]]]
    assert out["grad_input"] == [[[1, 2, 0, 0], [3, 4, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]]
    assert out["loss"] == "sum(upstream * output)"
    text = grad(task_file(tmp_path, doc), "-q")
    assert "∂L/∂W[0, 0]  (w0 · c0)\n0  1\n4  5" in text


def test_upstream_from_a_csv_file(tmp_path):
    path = tmp_path / "g.csv"
    path.write_text("1,0,0\n0,0,0\n0,0,0\n", encoding="utf-8")
    out = json.loads(
        grad(task_file(tmp_path, PUBLISHED), "--upstream", str(path), "--format", "json")
    )
    assert out["grad_bias"] == [1]
    assert out["grad_input"][0][0] == [1, 2, 0, 0]


def test_a_copying_padding_sends_gradient_back():
    text = grad("rect", "--padding", "1", "--padding-mode", "reflect")
    assert "Gradients sent back by the padding" in text
    assert "∂L/∂x_pad" in text


def test_ascii():
    result = CliRunner().invoke(main, ["grad", "seed", "--ascii", "--no-color"])
    assert result.exit_code == 0
    assert "dL/dW[0, 0, 0, 0] = [0*1 + 0*1 + 0*1]" in result.stdout
    assert result.stdout.isascii()


@pytest.mark.parametrize(
    ("upstream", "message"),
    [
        (
            [[1, 0], [0, 0]],
            "upstream: the upstream gradient is 1×2×2, but the output is 1×3×3 (1 filter, "
            "H₂ = 3, W₂ = 3 by the size formula); give one number per output cell",
        ),
        ([[1, "a", 0], [0, 0, 0], [0, 0, 0]], "upstream"),
    ],
)
def test_a_bad_upstream_is_one_line_exit_2(tmp_path, upstream, message):
    doc = {**PUBLISHED, "upstream": upstream}
    result = CliRunner().invoke(main, ["grad", task_file(tmp_path, doc)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and message in result.stderr
    assert "Traceback" not in result.stderr


def test_a_transposed_convolution_is_refused_in_one_line():
    result = CliRunner().invoke(main, ["grad", "upsample"])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1


def test_a_chain_goes_back_layer_by_layer():
    text = grad("chain")
    order = [
        text.index("Layer 3 backward: max pooling"),
        text.index("Layer 2 backward: ReLU"),
        text.index("Layer 1 backward: convolution"),
    ]
    assert order == sorted(order)
    assert "∂L/∂o3[0, 0, 0]   G = 1 · to ∂L/∂o2[0, 0, 0], the maximum 11" in text
    assert "∂L/∂o1[0, 0, 2] = 1·0 = 0" in text


@pytest.mark.parametrize("sample", ["seed", "chain"])
def test_every_export_writes_the_gradient_cells(tmp_path, sample):
    cells = {"seed": ("W[0, 0, 0, 0]", "x[2, 4, 4]"), "chain": ("o3[0, 0, 0]", "o1[0, 0, 2]")}
    for name in ("g.md", "g.tex", "g.json", "g.html", "g.svg", "g.txt"):
        path = tmp_path / name
        result = CliRunner().invoke(main, ["grad", sample, "--export", str(path)])
        assert result.exit_code == 0, result.output
        text = path.read_text(encoding="utf-8")
        if name == "g.json":
            assert "grad_bias" in json.dumps(json.loads(text))
        elif name == "g.svg":  # rich's recording: a character per <text>, the labels survive
            assert "∂L/∂" in text and text.rstrip().endswith("</svg>")
        else:
            first, last = cells[sample]
            assert first in text and last in text, name
    markdown = grad("seed", "--format", "md")
    assert "### ∂L/∂W[0, 0, 0, 0]" in markdown
    again = CliRunner().invoke(main, ["grad", "seed", "--export", str(tmp_path / "g.md")])
    assert again.exit_code == 2  # no --force: the file stays


def test_a_chains_json_goes_back_layer_by_layer():
    doc = json.loads(grad("chain", "--format", "json"))
    assert [layer["layer"] for layer in doc["layers"]] == [3, 2, 1]
    assert doc["layers"][0]["routes"][0]["to"] == [[0, 0]]
    assert doc["layers"][-1]["grad_bias"] == [2]


def test_exact_fractions_and_a_bad_upstream_csv(tmp_path):
    text = grad("box-blur", "--exact", "-q")
    assert "1/9  2/9  1/3  2/9  1/9" in text
    bad = tmp_path / "g.csv"
    bad.write_text("1,x,0\n0,0,0\n0,0,0\n", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["grad", task_file(tmp_path, PUBLISHED), "--upstream", str(bad)]
    )
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "'x' is not a number" in result.stderr


def test_latex_writes_a_gradients_total_over_filters_and_a_pooling_chains_matrices():
    # cs231n: two filters, so each ∂L/∂x cell is the sum of two filters' parts (1 + 1 here,
    # each the weights that met x[0, 0, 0]; the numbers are checked against torch elsewhere)
    latex = grad("cs231n", "--format", "latex")
    assert "\\partial L/\\partial x[0, 0, 0] &= 1 + 1 = 2" in latex
    pooling = grad("pooling", "--format", "latex")  # a chain with no convolution to go back to
    assert pooling.rstrip().endswith("\\end{document}")


def test_exact_gradients_are_the_same_numbers_as_fractions():
    plain = json.loads(grad("cs231n", "--format", "json"))
    exact = json.loads(grad("cs231n", "--format", "json", "--exact"))
    for key in ("grad_input", "grad_weights", "grad_bias"):
        assert exact[key] == plain[key]
    assert "∂L/∂x[0, 0, 0] = 1 + 1 = 2" in grad("cs231n", "--exact")

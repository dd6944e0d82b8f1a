"""Chains in every renderer: the terminal, JSON, Markdown and LaTeX, --cell L:…, --exact and
--precision; the literals were checked by hand against the engines' numbers."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import convtrace
from convtrace.cli import main
from convtrace.render.chain_json import iter_chain_json
from convtrace.render.latex import render_latex
from convtrace.render.markdown import render_markdown

BOX = [[3, 3, 2, 1, 0], [0, 0, 1, 3, 1], [3, 1, 2, 2, 3], [2, 0, 0, 2, 2], [2, 0, 0, 0, 1]]


def run(*args: str) -> str:
    result = CliRunner().invoke(main, ["run", *args, "--no-color"])
    assert result.exit_code == 0, result.output
    return result.stdout


def task_file(tmp_path, doc) -> str:
    path = tmp_path / "t.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return str(path)


def test_the_seed_chain_traces_all_three_layers_and_ends_in_17():
    text = run("seed", "--then", "relu", "--then", "maxpool:2")
    for line in (
        "Layer 1: convolution",
        "o1[0, 0, 0] = 0 + 7 + (−5) + 1 = 3",
        "Layer 2: ReLU",
        "o2[0, 1, 1] = max(0, −7) = 0",
        "Layer 3: max pooling 2×2, stride 2",
        "H₂ = W₂ = ⌊(H₁ + 2P − F)/s⌋ + 1 = ⌊(3 + 2·0 − 2)/2⌋ + 1 = ⌊1/2⌋ + 1 = 1",
        "o3[0, 0, 0] = max(3, 7, [17], 0) = 17",
        "Marked: 1 of 9 cells changed (the negative ones, set to 0).",
    ):
        assert line in text, line
    # the pool cell's window in its input, boxed; the ReLU's change boxed before and after
    assert "[ 3   7]  4\n[17   0]  1\n 14  25  13" in text
    assert " 17 [−7]  1      17 [ 0]  1" in text
    assert text.rstrip().endswith("o3[0]  (w0)\n17")
    document = json.loads(run("seed", "--then", "relu", "--then", "maxpool:2", "--format", "json"))
    assert document["output"] == [[[17]]]
    assert [layer["type"] for layer in document["layers"]] == ["conv", "relu", "maxpool"]
    assert document["layers"][2]["cells"][0]["max_at"] == [1, 0]
    assert document["layers"][1]["changed"] == 1


def test_cells_of_a_layer_are_picked_with_their_layer():
    text = run("chain", "--cell", "3:0,1,0", "--cell", "2:0,0,2")
    assert "o3[0, 1, 0] = max([9], 4, 7, 4) = 9" in text
    assert "o2[0, 0, 2] = max(0, −9) = 0" in text
    assert "o1[0, 0, 0]" not in text and "o3[0, 0, 0]" not in text
    assert "Output of layer 1 (4×4×1)" in text  # every layer's output is still shown
    # a convolution's own cells, layer 1's: the seed's first cell, worked as the lecture does
    seed = run("seed", "--then", "relu", "--cell", "1:0,0,0")
    assert "o1[0, 0, 0] = 0 + 7 + (−5) + 1 = 3" in seed


def test_average_pooling_writes_the_sum_over_the_divisor(tmp_path):
    path = task_file(
        tmp_path, {"input": BOX, "layers": [{"type": "avgpool", "size": 3, "stride": 1}]}
    )
    cell = "o1[0, 0, 0] = (3 + 3 + 2 + 0 + 0 + 1 + 3 + 1 + 2)/9 = 15/9"
    assert f"{cell} ≈ 1.67" in run(path, "--cell", "1:0,0,0", "--precision", "2")
    assert f"{cell} ≈ 1.66666666667" in run(path, "--cell", "1:0,0,0")
    assert f"{cell} = 5/3" in run(path, "--cell", "1:0,0,0", "--exact")
    assert "o1[0, 0, 1] = (3 + 2 + 1 + 0 + 1 + 3 + 1 + 2 + 2)/9 = 15/9 ≈ 1.67" in run(
        path, "--cell", "1:0,0,1", "--precision", "2"
    )


def test_the_divisor_is_explained_where_padding_or_ceil_mode_changes_it():
    text = run("pooling", "--cell", "0,0,2", "--cell", "0,0,0")
    assert "Divided by 6, not 9: the window's 3 past the padded input (ceil mode) are not" in text
    assert "o1[0, 0, 2] = (0 + 0 + 0 + 1 + 0 + 0 + 3 + 0 + 0)/6 = 4/6 ≈ 0.666666666667" in text
    assert "o1[0, 0, 0] = (0 + 0 + 0 + 0 + 3 + 3 + 0 + 0 + 0)/9 = 6/9" in text
    assert "H₂ = W₂ = ⌈(H₁ + 2P − F)/s⌉ + 1 = ⌈(4 + 2·1 − 3)/2⌉ + 1 = ⌈3/2⌉ + 1 = 3" in text
    assert "Ceil mode: the last row at the bottom and the last column at the right lie" in (
        text.replace("\n", " ")
    )


def test_max_pooling_pads_with_minus_infinity(tmp_path):
    doc = {"input": [[-1, -2], [-3, -4]], "layers": [{"type": "maxpool", "size": 2, "padding": 1}]}
    text = run(task_file(tmp_path, doc), "--cell", "0,0,0")
    assert "o1[0, 0, 0] = max(−∞, −∞, −∞, [−1]) = −1" in text
    assert "−∞ padding" in text
    assert "max(-inf, -inf, -inf, [-1]) = -1" in run(task_file(tmp_path, doc), "--ascii")


def test_the_transposed_convolution_both_ways():
    scatter = run("upsample")
    for line in (
        "H₂ = W₂ = (H₁ − 1)·s − 2P + d·(F − 1) + output_padding + 1",
        "= (2 − 1)·2 − 2·0 + 1·(2 − 1) + 0 + 1 = 4",
        "weight[c, k] is the kernel filter k has for input channel c",
        "w0  2·[[0, 1], [2, 3]] = [[0, 2], [4, 6]]",
        "o1[0] = [[0, 0, 0, 1], [0, 0, 2, 3], [0, 2, 0, 3], [4, 6, 6, 9]]",
        "The scatter view and the direct view give the same numbers",
    ):
        assert line in scatter.replace("\n", " ") or line in scatter, line
    assert "[0  2] 0  0\n[4  6] 0  0" in scatter  # step 3's block in the running output
    direct = run("upsample", "--view", "direct")
    assert "Zero-inserted input, padded" in direct
    assert "c0  [0·3 + 0·2] + [0·1 + 3·0] = 0" in direct  # the kernel rotated 180°
    assert "o1[0, 3, 3] = 9 + 0 = 9" in direct
    assert "The scatter view and the direct view give the same numbers" in direct


def test_exact_box_blur_shows_five_thirds():
    text = run("box-blur", "--exact", "--cell", "0,0,0")
    assert "[3·(1/9) + 3·(1/9) + 2·(1/9)]" in text
    assert "o[0, 0, 0] = 5/3 + 0 = 5/3" in text
    assert " 5/3   5/3   5/3" in text
    assert "1.66666666667" in run("box-blur", "-q") and "1.67" in run(
        "box-blur", "-q", "--precision", "2"
    )
    document = json.loads(run("box-blur", "--exact", "--format", "json"))
    assert document["output"][0][0] == ["5/3", "5/3", "5/3"]


@pytest.fixture(scope="module")
def chain():
    return convtrace.trace("chain")


def test_markdown_and_latex_write_every_layer(chain):
    md = render_markdown(chain)
    assert "## Layer 2: ReLU" in md and "### Hyperparameters" in md
    assert "- ReLU: $o2[0, 0, 2] = \\max(0, -9) = 0$" in md
    assert "- maximum: $o3[0, 0, 0] = \\max(\\boxed{11}, 0, 7, 2) = 11$" in md
    assert "| **0** | 11 | 0 | **0** | **0** |" in md  # the ReLU's changes in bold
    tex = render_latex(chain)
    assert "o3[0, 0, 0] &= \\max(\\boxed{11}, 0, 7, 2) = 11" in tex
    assert "\\mathbf{0}" in tex
    plain = render_markdown(chain, plain_math=True)
    assert "- maximum: o3\\[0, 0, 0\\] = max([11], 0, 7, 2) = 11" in plain or (
        "- maximum: o3[0, 0, 0] = max([11], 0, 7, 2) = 11" in plain
    )


def test_a_chain_worksheet_leaves_every_cell_blank(chain):
    md = render_markdown(chain, worksheet=True, answers=True)
    assert "- ReLU: $o2[0, 0, 2] = \\max(0, -9)$ = \\_\\_\\_" in md
    assert "- maximum: $o3[0, 0, 0] = \\max(\\boxed{11}, 0, 7, 2)$ = \\_\\_\\_" in md
    answers = md.split("## Answers", 1)[1]
    assert "$o3[0, 0, 0] = \\max(\\boxed{11}, 0, 7, 2) = 11$" in answers


def test_the_chain_json_document(chain):
    doc = json.loads("".join(iter_chain_json(chain)))
    assert doc["schema"] == 1 and doc["output"] == chain.output.tolist()
    conv, relu, pool = doc["layers"]
    assert conv["output"] == relu["input"]["values"]
    assert pool["cells"][0] == {
        "channel": 0,
        "row": 0,
        "col": 0,
        "window_origin": [0, 0],
        "window": [[11, 0], [7, 2]],
        "max_at": [0, 0],
        "value": 11,
    }
    average = json.loads(run("pooling", "--format", "json"))["layers"][0]["cells"][2]
    assert average["sum"] == 4 and average["divisor"] == 6


def test_every_export_of_a_chain_writes(chain, tmp_path):
    for name in ("t.md", "t.tex", "t.html", "t.svg", "t.json", "t.txt"):
        result = CliRunner().invoke(main, ["run", "chain", "--export", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
        assert (tmp_path / name).read_text(encoding="utf-8").endswith("\n")

"""The hyperparameters as a user meets them: flip against scipy, invalid combinations refused in
one line, and the terminal trace telling a student what each option did."""

from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import convtrace
from convtrace.cli import main
from convtrace.render.terminal import print_trace
from tests.strategies import MODES, option_tasks
from tests.test_bad_input import assert_one_line_error

# --- flip: true convolution, as scipy.signal.convolve2d --------------------------------------

NUMPY_PAD = {"zeros": "constant", "reflect": "reflect", "replicate": "edge", "circular": "wrap"}


def scipy_convolution(spec) -> np.ndarray:
    """Per filter: Σ over its channels of ``convolve2d(padded, dilated kernel, "valid")``,
    subsampled by the stride, plus the bias. convolve2d rotates the kernel itself."""
    signal = pytest.importorskip("scipy.signal")
    x = np.array(spec["x"])
    weights = np.array(spec["weights"])
    if spec["one_d"]:
        x, weights = x[:, None, :], weights[:, :, None, :]
    top, bottom, left, right = spec["padding"]
    padded = np.pad(x, ((0, 0), (top, bottom), (left, right)), mode=NUMPY_PAD[spec["padding_mode"]])
    (sh, sw), (dh, dw) = spec["stride"], spec["dilation"]
    k_count, per_group, fh, fw = weights.shape
    filters_per_group = k_count // spec["groups"]
    out = []
    for k in range(k_count):
        group = k // filters_per_group
        total = 0
        for c in range(per_group):
            dilated = np.zeros(((fh - 1) * dh + 1, (fw - 1) * dw + 1), dtype=weights.dtype)
            dilated[::dh, ::dw] = weights[k, c]
            channel = padded[group * per_group + c]
            total = total + signal.convolve2d(channel, dilated, mode="valid")
        out.append(total[::sh, ::sw] + spec["biases"][k])
    return np.array(out)


@pytest.mark.parametrize("one_d", [False, True], ids=["2d", "1d"])
@pytest.mark.parametrize("mode", MODES)
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_flip_is_scipy_convolve2d(mode, one_d, data):
    spec = data.draw(option_tasks(mode=mode, flip=True, one_d=one_d), label="task")
    x = {f"c{i}": s for i, s in enumerate(spec["x"])} if one_d else spec["x"]
    top, bottom, left, right = spec["padding"]
    trace = convtrace.trace(
        x,
        [{"weights": w, "bias": b} for w, b in zip(spec["weights"], spec["biases"], strict=True)],
        stride=spec["stride"][1] if one_d else list(spec["stride"]),
        padding=[left, right] if one_d else [top, bottom, left, right],
        padding_mode=mode,
        dilation=spec["dilation"][1] if one_d else list(spec["dilation"]),
        groups=spec["groups"],
        flip=True,
    )
    assert trace.output.tolist() == scipy_convolution(spec).tolist()


# --- invalid combinations: one line, exit 2 ----------------------------------------------------

X3 = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
K2 = [[1, 0], [0, 1]]
SIGNAL = [1, 2, 3, 4, 5]


def run_task(tmp_path, task, *args):
    path = tmp_path / "task.json"
    path.write_text(json.dumps(task), encoding="utf-8")
    return CliRunner().invoke(main, ["run", str(path), *args])


INVALID = {
    "kernel larger than the padded input": (
        {"input": X3, "filter": [[1] * 2] * 4, "padding": [0, 0, 1, 1]},
        [],
        ["task.json: the kernel spans 4 rows, but the padded input has only 3;"],
    ),
    "asymmetric padding still too small": (
        {"input": X3, "filter": [[1] * 6]},
        ["--padding", "0,0,1,1"],
        ["kernel spans 6 columns", "only 5 (3 + 1 + 1 padding)"],
    ),
    "dilation makes the span too large": (
        {"input": X3, "filter": K2},
        ["--dilation", "3"],
        ["kernel spans 4 rows (2 taps at dilation 3)", "only 3"],
    ),
    "groups do not divide the channels": (
        {"input": [X3, X3, X3], "filters": [[K2]] * 2},
        ["--groups", "2"],
        ["--groups: groups = 2 must divide both the input channels (3)"],
    ),
    "groups do not divide the filters": (
        {"input": [X3, X3], "filters": [[K2]] * 3},
        ["--groups", "2"],
        ["number of filters (3)"],
    ),
    "a grouped filter with a kernel per input channel": (
        {"input": [X3, X3], "filters": [[K2, K2]] * 2, "groups": 2},
        [],
        ["filters[0]: w0 has 2 kernels, but it sees 1 channel (groups = 2)"],
    ),
    "reflect padding as large as the input": (
        {"input": X3, "filter": K2, "padding": [0, 3, 0, 0], "padding_mode": "reflect"},
        [],
        ["padding_mode: reflect padding of 3 on the bottom is too much", "3 rows", "PyTorch"],
    ),
    "circular padding larger than the input": (
        {"input": X3, "filter": K2},
        ["--padding", "0,0,4,0", "--padding-mode", "circular"],
        ["--padding-mode: circular padding of 4 on the left", "only once"],
    ),
    "same that reflect cannot give": (
        {"input": [[1, 2]], "filter": [[1, 2, 3, 4, 5]]},
        ["--padding", "same", "--padding-mode", "reflect"],
        ['"same" needs padding 2 on the left here', "smaller than the input's 2 columns"],
    ),
    "same that circular cannot give": (
        {"input": [[1, 2]], "filter": [[1, 1, 1]]},
        ["--padding", "same", "--padding-mode", "circular", "--dilation", "4"],
        ['"same" needs padding 4 on the left here', "only once"],
    ),
    "1-D padding as four numbers": (
        {"input": SIGNAL, "filter": [1, -1]},
        ["--padding", "0,1,1,2"],
        ["--padding: a 1-D signal takes one number or [left, right], got 4"],
    ),
    "1-D stride per axis": (
        {"input": SIGNAL, "filter": [1, -1], "stride": [2, 1]},
        [],
        ["stride: expected one number for a 1-D signal, got 2"],
    ),
    "1-D reflect too large": (
        {"input": [1, 2], "filter": [1]},
        ["--padding", "2", "--padding-mode", "reflect"],
        ["reflect padding of 2 on the left", "2 samples"],
    ),
    "1-D kernel longer than the signal": (
        {"input": [1, 2], "filter": [1, 1, 1]},
        [],
        ["the kernel spans 3 samples, but the padded input has only 2"],
    ),
    "padding word with numbers": (
        {"input": X3, "filter": K2},
        ["--padding", "same,1"],
        ["--padding: 'same,1' is not a whole number"],
    ),
    "three strides": ({"input": X3, "filter": K2}, ["--stride", "2,1,1"], ["--stride", "got 3"]),
    "padding mode in the file": (
        {"input": X3, "filter": K2, "padding_mode": "mirror"},
        [],
        ["padding_mode: expected one of zeros, reflect, replicate, circular, got 'mirror'"],
    ),
    "1-D cell without the filter": (
        {"input": SIGNAL, "filters": [[1, -1], [1, 1]]},
        ["--cell", "2"],
        ["--cell: '2' is not K,J (filter, position)"],
    ),
}


@pytest.mark.parametrize("case", INVALID, ids=list(INVALID))
def test_invalid_combinations(tmp_path, case):
    task, args, fragments = INVALID[case]
    assert_one_line_error(run_task(tmp_path, task, *args), *fragments)


@pytest.mark.parametrize(
    ("task", "args"),
    [
        ({"input": X3, "filter": K2, "padding": 2, "padding_mode": "reflect"}, []),  # size − 1
        ({"input": X3, "filter": K2, "padding": 3, "padding_mode": "circular"}, []),  # = size
        ({"input": X3, "filter": K2, "padding": 7, "padding_mode": "replicate"}, []),
        ({"input": [[1, 2]], "filter": [[1] * 9] * 5}, ["--padding", "same"]),
        ({"input": SIGNAL, "filter": [1, 2, 3]}, ["--padding", "same", "--stride", "2"]),
    ],
    ids=["reflect size-1", "circular = size", "replicate > size", "same big kernel", "1-D same"],
)
def test_edge_combinations_work(tmp_path, task, args):
    result = run_task(tmp_path, task, *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["output"]


def test_same_keeps_the_size_even_for_a_kernel_larger_than_the_input(tmp_path):
    result = run_task(tmp_path, {"input": [[1, 2]], "filter": [[1] * 9] * 5}, "--padding", "same")
    doc_result = run_task(
        tmp_path, {"input": [[1, 2]], "filter": [[1] * 9] * 5}, "--padding", "same", "-q"
    )
    assert result.exit_code == doc_result.exit_code == 0
    assert 'padding "same": top 2, bottom 2, left 4, right 4' in result.stdout
    assert "Output volume (2×1×1)" in doc_result.stdout  # W₂×H₂×D₂


# --- the terminal trace ---------------------------------------------------------------------

A = [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]]
SOBEL_ROWS = [[1, 0, -1], [2, 0, -2]]


def words(text: str) -> str:
    """The text with line breaks and runs of spaces as single spaces (for wrapped lines)."""
    return " ".join(text.split())


def text_of(console, trace, cells=(), **options):
    print_trace(console, trace, cells=[trace.cell(*c) for c in cells], **options)
    return console.export_text()


def test_same_states_the_padding_on_each_side_and_how_it_was_found(console):
    trace = convtrace.trace(A, [SOBEL_ROWS], padding="same")
    text = text_of(console, trace)
    assert 'padding "same": top 0, bottom 1, left 1, right 1\n' in text
    assert (
        "  rule: H₂ = ⌈H₁/s⌉ and P = (H₂ − 1)·s + d·(F − 1) + 1 − H₁ (0 if negative),\n"
        "        split in half; an odd one goes bottom/right\n"
        "  rows: H₂ = ⌈3/1⌉ = 3, P = (3 − 1)·1 + 1·(2 − 1) + 1 − 3 = 1 → top 0, bottom 1\n"
        "  cols: W₂ = ⌈4/1⌉ = 4, P = (4 − 1)·1 + 1·(3 − 1) + 1 − 4 = 2 → left 1, right 1\n"
    ) in text
    assert "Zero-padded input (top 0, bottom 1, left 1, right 1)" in text
    assert "Output volume W₂×H₂×D₂ = 4×3×1." in text


def test_same_at_stride_2_follows_tensorflow(console):
    trace = convtrace.trace([list(range(5))] * 5, [[[1, 1], [1, 1]]], padding="same", stride=2)
    text = text_of(console, trace)
    assert 'padding "same": top 0, bottom 1, left 0, right 1' in text
    assert "  rows: H₂ = ⌈5/2⌉ = 3, P = (3 − 1)·2 + 1·(2 − 1) + 1 − 5 = 1 → top 0, bottom 1" in text
    assert "Output volume W₂×H₂×D₂ = 3×3×1." in text


def test_valid_says_there_is_no_padding(console):
    text = text_of(console, convtrace.trace(A, [SOBEL_ROWS], padding="valid"))
    assert 'padding "valid": none (top 0, bottom 0, left 0, right 0)' in text


def test_reflect_padding_is_boxed_with_its_sources(console):
    trace = convtrace.trace(A, [SOBEL_ROWS], padding=1, padding_mode="reflect")
    text = text_of(console, trace)
    assert "Reflect-padded input (P = 1)" in text
    picture = (
        "c0\n"
        " 6    5   6   7   8    7\n"
        "   ┌────────────────┐\n"
        " 2 │  1   2   3   4 │  3\n"
        " 6 │  5   6   7   8 │  7\n"
        "10 │  9  10  11  12 │ 11\n"
        "   └────────────────┘\n"
        " 6    5   6   7   8    7\n"
    )
    assert picture in text
    assert (
        "outside the box: reflect padding, the input mirrored at its edge, the edge itself not "
        "repeated\n"
    ) in text
    assert (
        "copied from: top row ← input row 1 · bottom row ← input row 1\n"
        "             left col ← input col 1 · right col ← input col 2\n"
        "             a corner copies the input at its row's and its column's source\n"
    ) in text


@pytest.mark.parametrize(
    ("mode", "sources"),
    [
        ("replicate", "top rows ← input rows 0, 0 left cols ← input cols 0, 0"),
        ("circular", "top rows ← input rows 1, 2 left cols ← input cols 2, 3"),
        ("reflect", "top rows ← input rows 2, 1 left cols ← input cols 2, 1"),
    ],
)
def test_copy_modes_name_their_sources(console, mode, sources):
    trace = convtrace.trace(A, [[[1]]], padding=[2, 0, 2, 0], padding_mode=mode)
    text = text_of(console, trace)
    assert f"copied from: {sources}" in words(text)
    assert "padding (" + mode + "): top 2, bottom 0, left 2, right 0" in text


def test_copied_padding_is_styled_apart_in_colour():
    import io

    from rich.console import Console

    console = Console(width=100, file=io.StringIO(), color_system="truecolor", record=True)
    trace = convtrace.trace(A, [[[1]]], padding=1, padding_mode="replicate")
    print_trace(console, trace)
    coloured = console.file.getvalue()
    assert "\x1b[2;3m" in coloured  # dim italic: a copied value
    assert "\x1b[0mreplicate padding, the edge value repeated" in coloured  # only the label dim
    assert "outside the box (dimmed italic): replicate padding" in console.export_text()


def test_ascii_frame(console):
    trace = convtrace.trace([[1, 2], [3, 4]], [[[1]]], padding=[1, 0, 0, 1])
    text = text_of(console, trace, ascii=True)
    assert "c0\n  0  0   0\n+------+\n| 1  2 | 0\n| 3  4 | 0\n+------+\n" in text


def test_dilation_shows_the_kernel_with_holes_and_the_skipped_cells(console):
    trace = convtrace.trace(A, [SOBEL_ROWS], padding=1, dilation=2)
    text = text_of(console, trace, cells=[(0, 0, 0)])
    kernel = "dilated d = 2 · c0\n 1   ·   0   ·  −1\n ·   ·   ·   ·   ·\n 2   ·   0   ·  −2\n"
    assert all(line in text for line in kernel.splitlines())
    assert (
        "window: padded rows 0–2, cols 0–4, every 2nd row and every 2nd column (dilation)" in text
    )
    assert "[ 0]  0 [ 0]  0 [ 0]  0\n  0   1   2   3   4   0\n[ 0]  5 [ 6]  7 [ 8]  0\n" in text
    assert (
        "H₂ = ⌊(H₁ + P_top + P_bottom − d·(F − 1) − 1)/s⌋ + 1\n"
        "   = ⌊(3 + 1 + 1 − 2·(2 − 1) − 1)/1⌋ + 1 = ⌊2/1⌋ + 1 = 3\n"
    ) in text
    assert "c0  [0·1 + 0·0 + 0·(−1)] + [0·2 + 6·0 + 8·(−2)] = −16" in text


def test_dilation_per_axis_in_words(console):
    trace = convtrace.trace(A, [SOBEL_ROWS], padding=1, dilation=[2, 1])
    text = text_of(console, trace, cells=[(0, 0, 0)])
    assert "window: padded rows 0–2, cols 0–2, every 2nd row (dilation)" in text
    assert "dilated d = 2,1 · c0" in text


def test_groups_say_which_channels_each_filter_sees(console):
    x = {"R": X3, "G": X3, "B": X3, "A": X3}
    filters = [{"name": "f0", "weights": [K2, K2]}, {"name": "f1", "weights": [K2, K2]}]
    trace = convtrace.trace(x, filters, groups=2)
    text = text_of(console, trace, cells=[(1, 0, 0)])
    assert "groups = 2 (2 groups of 2 channels): f0 sees R, G · f1 sees B, A" in text
    assert "Filter f1, bias b = 0, sees channels B, A" in text
    assert "window: padded rows 0–1, cols 0–1; filter f1 sees B, A (groups)" in text
    assert "\nB  [1·1 + 2·0] + [4·0 + 5·1] = 6\nA  " in text


def test_depthwise_is_named(console):
    trace = convtrace.trace([X3, X3], [[K2], [K2]], groups=2)
    assert "groups = 2 (depthwise: one input channel per group)" in text_of(console, trace)


def test_flip_shows_the_rotated_kernel_and_says_what_it_means(console):
    trace = convtrace.trace(A, [SOBEL_ROWS], flip=True)
    text = text_of(console, trace, cells=[(0, 0, 0)])
    assert (
        "w0 · c0       rotated 180° · c0\n 1   0  −1    −2   0   2\n 2   0  −2    −1   0   1"
        in ("\n".join(line.rstrip() for line in text.splitlines()))
    )
    assert "flip: true convolution, each kernel rotated 180° before it slides" in text
    assert "cross-correlation" in text
    assert "c0  [1·(−2) + 2·0 + 3·2] + [5·(−1) + 6·0 + 7·1] = 6" in text


def test_signals_have_positions_not_rows(console):
    trace = convtrace.trace([1, 2, 3, 4, 5, 6], [[1, 0, -1]], padding=1)
    text = text_of(console, trace, cells=[(0, 0, 3)])
    assert "o[0, 3]   filter w0 · position 3" in text
    assert "window: padded positions 3–5" in text
    assert "o[0, 3] = −2 + 0 = −2" in text
    assert "row" not in text.replace("arrow", "")
    assert "Input signal" in text and "Zero-padded signal (P = 1)" in text
    assert "Output volume (6×1) ─" in text  # L₂×D₂
    assert text.rstrip().endswith("o[0]  (w0)\n−2  −2  −2  −2  −2   5")
    assert "padding:" not in text  # symmetric zero padding: "P = 1" says it all


def test_signal_cells_from_the_command_line(tmp_path):
    task = {"input": SIGNAL, "filters": [[1, -1], [1, 1]], "padding_mode": "circular"}
    result = run_task(tmp_path, task, "--cell", "1,2", "--padding", "1", "--no-color")
    assert result.exit_code == 0, result.stderr
    assert "o[1, 2]   filter w1 · position 2" in result.stdout
    assert "o[1, 2] = 5 + 0 = 5" in result.stdout
    assert "copied from: left position ← input position 4 · right position ← input position 0" in (
        words(result.stdout)
    )


def test_a_padded_input_too_wide_for_a_frame_comes_in_bands(console):
    x = np.arange(900).reshape(30, 30).tolist()
    trace = convtrace.trace(x, [[[1]]], padding=1, padding_mode="circular")
    text = text_of(console, trace)
    assert "cols 0–" in text and "┌" not in text
    assert "the border rows and columns: circular padding" in text
    assert "copied from: top row ← input row 29 · bottom row ← input row 0" in text

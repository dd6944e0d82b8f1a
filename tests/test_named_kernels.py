"""Named kernels: the library's matrices are the textbooks' (literals below, copied from the
sources named), a name works as --kernel and in task files, one filter for every channel or one
per channel with --depthwise, and a misspelt name gets "did you mean"."""

from __future__ import annotations

import json

import numpy as np
import pytest

from convtrace import kernels as library
from tests.conftest import SAMPLES
from tests.reference import conv2d
from tests.test_bad_input import assert_one_line_error, invoke, output_of, write

#: name → (matrix, divisor), copied by hand: identity, the three edge-detection kernels (the
#: lecture's w0, w1, w2), sharpen, box blur and the 3×3 and 5×5 Gaussians from Wikipedia's
#: "Kernel (image processing)"; Sobel, Prewitt and Scharr from their Wikipedia pages, which
#: print them for a true convolution, so here rotated by 180° (cross-correlation, as the
#: test below checks for Sobel); emboss and outline from setosa.io's "Image Kernels" page.
TEXTBOOK = {
    "identity": ([[0, 0, 0], [0, 1, 0], [0, 0, 0]], 1),
    "box-blur": ([[1, 1, 1], [1, 1, 1], [1, 1, 1]], 9),
    "gaussian-3x3": ([[1, 2, 1], [2, 4, 2], [1, 2, 1]], 16),
    "gaussian-5x5": (
        [
            [1, 4, 6, 4, 1],
            [4, 16, 24, 16, 4],
            [6, 24, 36, 24, 6],
            [4, 16, 24, 16, 4],
            [1, 4, 6, 4, 1],
        ],
        256,
    ),
    "sharpen": ([[0, -1, 0], [-1, 5, -1], [0, -1, 0]], 1),
    "laplacian-4": ([[0, -1, 0], [-1, 4, -1], [0, -1, 0]], 1),
    "laplacian-8": ([[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]], 1),
    "edge": ([[1, 0, -1], [0, 0, 0], [-1, 0, 1]], 1),
    "sobel-x": ([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], 1),
    "sobel-y": ([[-1, -2, -1], [0, 0, 0], [1, 2, 1]], 1),
    "prewitt-x": ([[-1, 0, 1], [-1, 0, 1], [-1, 0, 1]], 1),
    "prewitt-y": ([[-1, -1, -1], [0, 0, 0], [1, 1, 1]], 1),
    "scharr-x": ([[-3, 0, 3], [-10, 0, 10], [-3, 0, 3]], 1),
    "scharr-y": ([[-3, -10, -3], [0, 0, 0], [3, 10, 3]], 1),
    "emboss": ([[-2, -1, 0], [-1, 1, 1], [0, 1, 2]], 1),
    "outline": ([[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]], 1),
}

#: The lecture note's three kernels, as the seed's filter w0 holds them (R, G, B).
SEED = json.loads((SAMPLES / "seed.json").read_text(encoding="utf-8"))


def test_the_library_is_the_textbooks():
    assert list(library.KERNELS) == list(TEXTBOOK)
    for name, (matrix, divisor) in TEXTBOOK.items():
        kernel = library.KERNELS[name]
        assert [list(row) for row in kernel.matrix] == matrix, name
        assert kernel.divisor == divisor, name
        assert np.array_equal(kernel.weights, np.array(matrix) / divisor), name
        assert kernel.what.endswith(".") and kernel.what.count(". ") == 0, name  # one sentence


def test_the_lecture_kernels_are_the_seeds():
    weights = SEED["filters"][0]["weights"]
    for name, channel in (("edge", "R"), ("laplacian-4", "G"), ("laplacian-8", "B")):
        assert [list(row) for row in library.KERNELS[name].matrix] == weights[channel]
    assert library.find("w0").name == "edge" and library.find("w2").name == "laplacian-8"


def test_derivatives_point_the_way_their_sentences_say():
    ramp = np.tile(np.arange(5), (5, 1))  # brighter to the right
    for name in ("sobel-x", "prewitt-x", "scharr-x"):
        out = conv2d([ramp.tolist()], [[library.KERNELS[name].matrix]], [0])
        assert np.all(np.array(out) > 0), name
    for name in ("sobel-y", "prewitt-y", "scharr-y"):
        out = conv2d([ramp.T.tolist()], [[library.KERNELS[name].matrix]], [0])
        assert np.all(np.array(out) > 0), name
    # the textbook convolution form is the same matrix rotated by 180°
    convolution_gx = [[1, 0, -1], [2, 0, -2], [1, 0, -1]]
    assert np.array_equal(np.rot90(convolution_gx, 2), library.KERNELS["sobel-x"].matrix)
    x = [list(row) for row in SEED["input"]["R"]]  # … so that matrix with --flip is the same
    sobel = [[list(row) for row in library.KERNELS["sobel-x"].matrix]]
    assert conv2d([x], [[convolution_gx]], [0], flip=True) == conv2d([x], [sobel], [0])
    step = [[0, 0, 9, 9, 9]] * 5  # a straight vertical edge: w0 does not see it
    assert conv2d([step], [[library.KERNELS["edge"].matrix]], [0]) == [[[0, 0, 0]] * 3]


@pytest.mark.parametrize("typed", ["sobel-x", "Sobel_X", "SOBEL X", "sobelx"])
def test_a_name_is_found_however_it_is_written(typed):
    assert library.find(typed).name == "sobel-x"


def test_kernel_names_as_options_are_one_filter_for_every_channel(tmp_path):
    result = invoke("run", "--input", "seed-input", "--kernel", "sobel-x", "--padding", "1",
                    "--format", "json")  # fmt: skip
    sobel = [list(row) for row in library.KERNELS["sobel-x"].matrix]
    x = list(SEED["input"].values())
    assert output_of(result) == conv2d(x, [[sobel] * 3], [0], padding=(1, 1, 1, 1))
    doc = json.loads(result.stdout)
    assert doc["filters"][0]["name"] == "sobel-x"


def test_kernel_names_in_task_files(tmp_path):
    x = [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12], [13, 14, 15, 16]]
    k = library.KERNELS
    cases = {
        "bare": ({"input": x, "filter": "laplacian-4"}, [[k["laplacian-4"].matrix]], [0]),
        "object": (
            {"input": x, "filters": [{"weights": "sobel-y", "bias": 1}, "sobel-x"]},
            [[k["sobel-y"].matrix], [k["sobel-x"].matrix]],
            [1, 0],
        ),
        "decimals": ({"input": x, "filter": "gaussian-3x3"}, [[k["gaussian-3x3"].weights]], [0]),
    }
    for name, (task, weights, biases) in cases.items():
        out = output_of(invoke("run", write(tmp_path, f"{name}.json", task), "--format", "json"))
        assert np.allclose(out, conv2d([x], np.array(weights).tolist(), biases)), name


def test_depthwise_gives_one_filter_per_channel():
    result = invoke("run", "--input", "seed-input", "--kernel", "sobel-x", "--depthwise",
                    "--format", "json")  # fmt: skip
    doc = json.loads(result.stdout)
    assert [f["name"] for f in doc["filters"]] == ["sobel-x R", "sobel-x G", "sobel-x B"]
    assert doc["hyperparameters"]["groups"] == 3
    sobel = [list(row) for row in library.KERNELS["sobel-x"].matrix]
    x = list(SEED["input"].values())
    assert doc["output"] == [conv2d([c], [[sobel]], [0])[0] for c in x]
    result = invoke("run", "--input", "seed-input", "--kernel", "sobel-x", "--depthwise",
                    "--groups", "3")  # fmt: skip
    assert_one_line_error(result, "--depthwise sets the groups itself")


def test_an_unknown_name_says_the_nearest(tmp_path):
    result = invoke("run", "--input", "seed-input", "--kernel", "sobl-x")
    assert_one_line_error(
        result, "--kernel: 'sobl-x' is no file and no named kernel (did you mean 'sobel-x'?)",
        "convtrace kernels",
    )  # fmt: skip
    task = write(tmp_path, "t.json", {"input": [[1, 2], [3, 4]], "filter": {"weights": "gaus"}})
    assert_one_line_error(invoke("run", task), "t.json: filter.weights: 'gaus' is no named kernel")
    assert_one_line_error(invoke("run", "--input", "seed-input", "--kernel", "k.csv"),
                          "k.csv: no such file")  # fmt: skip


def test_a_named_kernel_needs_a_2d_input(tmp_path):
    task = write(tmp_path, "s.json", {"input": [1, 2, 3, 4], "filter": "sobel-x"})
    assert_one_line_error(invoke("run", task), "sobel-x is a 2-D kernel; the input is a 1-D signal")


def test_kernels_lists_every_kernel_with_its_matrix():
    result = invoke("kernels")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "cross-correlation" in text and "--depthwise" in text
    for name, kernel in library.KERNELS.items():
        assert f"\n{name}  " in text
        assert kernel.what.split()[0] in text
    assert "1/16 × 2  4  2" in text
    assert max(len(line) for line in text.splitlines()) <= 100
    one = invoke("kernels", "laplacian-4", "--ascii")
    assert one.stdout.splitlines()[0] == "laplacian-4  3x3  (also: laplacian, w1)"
    assert " 0  -1   0" in one.stdout and one.stdout.isascii()
    assert_one_line_error(invoke("kernels", "sobel-q"), "did you mean")


def test_depthwise_goes_into_a_chain_before_its_activation_and_pooling():
    from tests.reference import avg_pool2d

    result = invoke("run", "--input", "seed-input", "--kernel", "sobel-x", "--depthwise",
                    "--then", "relu", "--then", "avgpool:2", "--format", "json")  # fmt: skip
    assert result.exit_code == 0, result.output
    sobel = [list(row) for row in library.KERNELS["sobel-x"].matrix]
    maps = [conv2d([c], [[sobel]], [0])[0] for c in SEED["input"].values()]  # one per channel
    relu = [[[max(0, v) for v in row] for row in m] for m in maps]
    assert json.loads(result.stdout)["output"] == avg_pool2d(relu, (2, 2), (2, 2))


def test_a_kernel_named_like_a_sample_is_the_kernel_and_exact_fractions_stay_exact():
    """``--kernel box-blur`` once read the box-blur sample (a task file, refused as a kernel),
    and under --exact its weights were 1/9's binary float (``23333333333333331/5000…``)."""
    from fractions import Fraction

    result = invoke("run", "--input", "seed-input", "--kernel", "box-blur", "--exact",
                    "--format", "json")  # fmt: skip
    assert result.exit_code == 0, result.output
    ninth = [[Fraction(1, 9)] * 3] * 3
    x = list(SEED["input"].values())
    expected = conv2d(x, [[ninth] * len(x)], [0])  # the same matrix on every channel
    got = json.loads(result.stdout)["output"]
    assert [[[Fraction(v) for v in row] for row in m] for m in got] == expected
    assert got[0][0][0] == "34/9"
    plain = output_of(invoke("run", "--input", "seed-input", "--kernel", "box-blur", "--format",
                             "json"))  # fmt: skip
    assert np.allclose(plain, np.array(expected, dtype=float))

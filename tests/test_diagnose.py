"""Mistake diagnosis: a wrong answer made by a classic slip, or by two at once, is diagnosed as
that slip or pair; an answer nothing explains is said to be so.

The wrong answers are computed here with the independent reference (tests/reference.py), from
random tasks (seeded numpy generators, so a failure names its seed), or from the seed's output
worked by hand, never with the code under test.
"""

from __future__ import annotations

import copy
import json

import numpy as np
import pytest
from click.testing import CliRunner

import convtrace
from convtrace.cli import main
from convtrace.homework import check, diagnose
from tests.conftest import SAMPLES
from tests.reference import conv2d

SEEDS = range(int(__import__("os").environ.get("DIAG_SEEDS", 25)))

#: The seed's output as the lecture note works it by hand (checked against the reference below).
SEED_OUTPUT = [[3, 7, 4], [17, -7, 1], [14, 25, 13]]


def seed_reference(*, padding=1, stride=2):
    """The seed's output by the independent loop, read from the task file without convtrace."""
    data = json.loads((SAMPLES / "seed.json").read_text(encoding="utf-8"))
    names = list(data["input"])
    weights = [[f["weights"][n] for n in names] for f in data["filters"]]
    biases = [f["bias"] for f in data["filters"]]
    x = [data["input"][n] for n in names]
    return np.array(conv2d(x, weights, biases, stride=(stride, stride), padding=(padding,) * 4))


def test_the_seed_output_worked_by_hand_is_the_reference():
    assert seed_reference().tolist() == [SEED_OUTPUT]


def random_spec(seed: int, **force):
    """A random task with generic numbers (coincidences between slips are then unlikely)."""
    rng = np.random.default_rng(seed)
    spec = {
        "channels": int(rng.integers(2, 4)),
        "filters": int(rng.integers(1, 3)),
        "size": (int(rng.integers(5, 8)), int(rng.integers(5, 8))),
        "kernel": int(rng.integers(2, 4)),
        "stride": int(rng.integers(1, 3)),
        "padding": int(rng.integers(0, 2)),
        "flip": False,
    }
    spec.update(force)
    c, (h, w), f = spec["channels"], spec["size"], spec["kernel"]
    spec["x"] = rng.integers(-9, 10, size=(c, h, w)).tolist()
    spec["weights"] = rng.integers(-4, 5, size=(spec["filters"], c, f, f)).tolist()
    spec["biases"] = [int(b) for b in rng.choice([-3, -2, -1, 1, 2, 3], size=spec["filters"])]
    return spec


def trace_of(spec):
    return convtrace.trace(
        spec["x"],
        [{"weights": w, "bias": b} for w, b in zip(spec["weights"], spec["biases"], strict=True)],
        stride=spec["stride"],
        padding=spec["padding"],
        flip=spec["flip"],
    )


def reference(spec, **changes):
    s = {**spec, **changes}
    p = s["padding"]
    return np.array(
        conv2d(
            s["x"],
            s["weights"],
            s["biases"],
            stride=(s["stride"], s["stride"]),
            padding=(p, p, p, p),
            flip=s["flip"],
        )
    )


def shifted(spec, dr: int, dc: int):
    """Every window one row/column further, by the definition: read the zero-extended padded
    input at (i·s + dr, j·s + dc)."""
    p, s = spec["padding"], spec["stride"]
    ring = p + 1
    x = np.pad(np.array(spec["x"]), ((0, 0), (ring, ring), (ring, ring)))
    x = x[:, 1 + dr :, 1 + dc :]
    out = np.array(conv2d(x.tolist(), spec["weights"], spec["biases"], stride=(s, s)))
    expected = reference(spec)
    return out[:, : expected.shape[1], : expected.shape[2]]


def diagnosed(spec, given):
    result = check(trace_of(spec), np.asarray(given))
    assert result.status == 1, result.diagnosis.lines()
    return result


def assert_slip(result, kind, *fragments):
    findings = result.diagnosis.findings
    assert findings, result.diagnosis.lines()
    assert findings[0].kind == kind, result.diagnosis.lines()
    assert not result.diagnosis.cells, result.diagnosis.lines()  # the slip explains everything
    for fragment in fragments:
        assert fragment in findings[0].message, findings[0].message


# --- correct answers -------------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_a_correct_answer_is_correct(seed):
    spec = random_spec(seed)
    result = check(trace_of(spec), reference(spec))
    assert result.status == 0
    assert result.all_right
    assert result.diagnosis.empty


def test_two_decimal_rounding_is_right_and_a_third_decimal_off_is_not():
    t = convtrace.trace([[0.125, 0.5], [0.25, 1.0]], [[[1]]])
    assert check(t, [[0.13, 0.5], [0.25, 1]]).status == 0
    assert check(t, [[0.12, 0.5], [0.25, 1]]).status == 0
    assert check(t, [[0.14, 0.5], [0.25, 1]]).status == 1
    assert check(t, [[0.14, 0.5], [0.25, 1]], tolerance=0.02).status == 0


# --- each slip -------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_bias_forgotten(seed):
    spec = random_spec(seed)
    given = reference(spec, biases=[0] * spec["filters"])
    result = diagnosed(spec, given)
    assert_slip(result, "bias_forgotten", "without the bias", "Did you forget to add b₀")
    assert result.diagnosis.findings[0].matched == given.size


def test_bias_forgotten_in_one_filter_only():
    spec = random_spec(3, filters=2)
    given = reference(spec)
    given[1] = reference(spec, biases=[spec["biases"][0], 0])[1]
    result = diagnosed(spec, given)
    assert_slip(result, "bias_forgotten", "of w1", "Did you forget to add b₁?")
    assert result.diagnosis.findings[0].filters == (1,)


@pytest.mark.parametrize("seed", SEEDS)
def test_bias_added_once_per_channel(seed):
    spec = random_spec(seed)
    given = reference(spec, biases=[b * spec["channels"] for b in spec["biases"]])
    assert_slip(diagnosed(spec, given), "bias_per_channel", "once per channel")


@pytest.mark.parametrize("seed", SEEDS)
def test_padding_forgotten_gives_a_smaller_answer_that_is_diagnosed(seed):
    spec = random_spec(seed, padding=1)
    given = reference(spec, padding=0)
    assert given.shape != reference(spec).shape or seed < 0  # the shapes differ here
    result = diagnosed(spec, given)
    assert not result.shape_matches
    assert_slip(result, "padding_forgotten", "without the padding (P = 0 instead of 1)")


@pytest.mark.parametrize("seed", SEEDS)
def test_stride_ignored_whole_stride_one_output(seed):
    spec = random_spec(seed, stride=2)
    given = reference(spec, stride=1)
    assert_slip(diagnosed(spec, given), "stride_ignored", "stride 1 instead of 2")


@pytest.mark.parametrize("seed", SEEDS)
def test_stride_ignored_at_the_positions_of_the_right_size(seed):
    spec = random_spec(seed, stride=2)
    right = reference(spec)
    given = reference(spec, stride=1)[:, : right.shape[1], : right.shape[2]]
    assert_slip(diagnosed(spec, given), "stride_ignored", "moved by 1 instead of 2")


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("flip", [False, True])
def test_kernel_flipped_or_not_flipped(seed, flip):
    spec = random_spec(seed, flip=flip)
    given = reference(spec, flip=not flip)
    words = "as written, not rotated" if flip else "rotated 180°"
    assert_slip(diagnosed(spec, given), "kernel_flipped", words)


@pytest.mark.parametrize("seed", SEEDS)
def test_one_channel_only(seed):
    spec = random_spec(seed)
    c = seed % spec["channels"]
    single = {
        "channels": 1,
        "x": [spec["x"][c]],
        "weights": [[kernels[c]] for kernels in spec["weights"]],
    }
    given = reference(spec, **single)
    assert_slip(diagnosed(spec, given), "channel_only", f"channel c{c} only")


@pytest.mark.parametrize("seed", SEEDS)
def test_one_channel_without_the_bias(seed):
    spec = random_spec(seed)
    c = seed % spec["channels"]
    single = {
        "x": [spec["x"][c]],
        "weights": [[kernels[c]] for kernels in spec["weights"]],
        "biases": [0] * spec["filters"],
    }
    given = reference(spec, **single)
    assert_slip(diagnosed(spec, given), "channel_only", f"channel c{c}'s sum alone")


@pytest.mark.parametrize("seed", SEEDS)
def test_output_transposed(seed):
    spec = random_spec(seed)
    given = reference(spec).transpose(0, 2, 1)
    assert_slip(diagnosed(spec, given), "transposed", "rows and columns swapped")


DIRECTIONS = {
    (1, 0): "one row lower",
    (-1, 0): "one row higher",
    (0, 1): "one column further right",
    (0, -1): "one column further left",
    (1, 1): "one row lower and one column further right",
    (-1, -1): "one row higher and one column further left",
}


@pytest.mark.parametrize("seed", range(10))
@pytest.mark.parametrize("direction", list(DIRECTIONS))
def test_window_shifted_by_one(seed, direction):
    spec = random_spec(seed)
    given = shifted(spec, *direction)
    assert_slip(diagnosed(spec, given), "window_shifted", DIRECTIONS[direction])


def products_of(trace, k, i, j):
    cell = trace.cell(k, i, j)
    return [
        (step.name, r, c, p)
        for step in cell.channels
        for r, row in enumerate(step.products)
        for c, p in enumerate(row)
        if p
    ]


@pytest.mark.parametrize("seed", SEEDS)
def test_sign_error_in_one_product_is_named(seed):
    spec = random_spec(seed)
    trace = trace_of(spec)
    rng = np.random.default_rng(1000 + seed)
    k, h, w = trace.shape
    position = (int(rng.integers(k)), int(rng.integers(h)), int(rng.integers(w)))
    products = products_of(trace, *position)
    *_, p = products[int(rng.integers(len(products)))]
    given = reference(spec)
    given[position] -= 2 * p
    result = diagnosed(spec, given)
    assert not result.diagnosis.findings
    (found,) = result.diagnosis.cells
    assert found.cell == position
    assert found.kind == "sign"
    assert found.product["product"] == p  # this product, or one of the same value
    assert "a sign error in one product" in found.message
    assert f"taken as {'+' if p < 0 else '−'}{abs(p)}" in found.message


def test_sign_error_message_names_cell_channel_and_kernel_position(seed_path):
    given = np.array([SEED_OUTPUT])
    given[0, 1, 1] += 4  # 2·(−1) in G (kernel row 1, col 0) taken as +2; others match too
    (found,) = check(convtrace.trace(seed_path), given).diagnosis.cells
    assert found.message == (
        "o[0, 1, 1] is −3, it should be −7: a sign error in one product: 2·(−1) taken as +2 "
        "instead of −2 (channel G, kernel row 1, col 0; 3 other products are also −2)."
    )


@pytest.mark.parametrize("seed", SEEDS)
def test_arithmetic_slip_in_one_cell(seed):
    spec = random_spec(seed)
    given = reference(spec).astype(float)
    given[0, 0, 0] += 0.5  # matches no slip: products and sums are whole
    result = diagnosed(spec, given)
    assert not result.diagnosis.findings
    (found,) = result.diagnosis.cells
    assert found.kind == "arithmetic"
    assert "off by +0.5" in found.message


def test_bias_left_out_in_a_single_cell_is_not_a_global_slip(seed_path):
    given = np.array([SEED_OUTPUT])
    given[0, 2, 2] -= 1  # 13 − 1: the bias +1 left out
    diagnosis = check(convtrace.trace(seed_path), given).diagnosis
    assert not diagnosis.findings  # one cell is no pattern
    assert diagnosis.cells[0].kind == "bias_left_out"


@pytest.mark.parametrize("seed", SEEDS)
def test_never_a_slip_that_explains_fewer_cells_than_the_plain_comparison(seed):
    spec = random_spec(seed)
    trace = trace_of(spec)
    rng = np.random.default_rng(seed)
    given = reference(spec).astype(float)
    wrong = rng.random(given.shape) < 0.4
    given[wrong] += rng.integers(1, 50, size=int(wrong.sum()))
    result = check(trace, given)
    right = int(result.right.sum())
    for finding in result.diagnosis.findings:
        filters = list(finding.filters)
        assert finding.matched > int(result.right[filters].sum())
        assert finding.matched <= finding.total
    assert right == int((~wrong).sum())


def test_slip_plus_sign_error_in_one_cell():
    spec = random_spec(4)
    trace = trace_of(spec)
    given = reference(spec, biases=[0] * spec["filters"])
    *_, p = products_of(trace, 0, 0, 0)[0]
    given[0, 0, 0] -= 2 * p
    result = diagnosed(spec, given)
    assert result.diagnosis.findings[0].kind == "bias_forgotten"
    (found,) = result.diagnosis.cells
    assert found.kind == "sign"
    assert "on top of a computation without the bias" in found.message


def test_the_task_is_not_changed_by_the_diagnosis():
    spec = random_spec(5)
    before = copy.deepcopy(spec)
    trace = trace_of(spec)
    x = trace.task.x.copy()
    check(trace, reference(spec, biases=[0] * spec["filters"])).diagnosis  # noqa: B018
    assert np.array_equal(trace.task.x, x)
    assert spec == before


@pytest.mark.parametrize("seed", SEEDS)
def test_random_noise_is_not_blamed_on_a_slip(seed):
    spec = random_spec(seed)
    rng = np.random.default_rng(seed)
    right = reference(spec)
    given = right + rng.integers(-3, 4, size=right.shape)
    result = check(trace_of(spec), given)
    for finding in result.diagnosis.findings:
        wrong = int((~result.right[list(finding.filters)]).sum())
        assert len(finding.cells) * 2 > wrong, finding.message


def test_transposed_answer_of_a_non_square_output():
    spec = random_spec(2, size=(5, 7), stride=1, padding=0, kernel=3)
    right = reference(spec)
    assert right.shape[1] != right.shape[2]
    result = diagnosed(spec, right.transpose(0, 2, 1))
    assert not result.shape_matches
    assert_slip(result, "transposed")


def test_1d_signal_padding_forgotten():
    t = convtrace.trace([1, 2, 3, 4, 5, 6], [[[1, -2, 1]]], bias=2, padding=1)
    # a straight line has no second difference: every window gives 0, plus the bias
    no_padding = conv2d([[[1, 2, 3, 4, 5, 6]]], [[[[1, -2, 1]]]], [2])
    assert no_padding == [[[2, 2, 2, 2]]]
    result = check(t, no_padding[0])
    assert result.status == 1
    assert result.diagnosis.findings[0].kind == "padding_forgotten"


@pytest.mark.parametrize(
    ("options", "as_reference"),
    [
        ({"dilation": 2}, {"dilation": (2, 2)}),
        ({"groups": 2}, {"groups": 2}),
        (
            {"padding": 1, "padding_mode": "reflect"},
            {"padding": (1,) * 4, "padding_mode": "reflect"},
        ),
        ({"stride": [2, 1], "padding": [1, 0]}, {"stride": (2, 1), "padding": (1, 1, 0, 0)}),
    ],
)
def test_bias_forgotten_with_other_hyperparameters(options, as_reference):
    rng = np.random.default_rng(5)
    x = rng.integers(-5, 6, size=(2, 7, 7)).tolist()
    weights = [
        rng.integers(-3, 4, size=(2 // options.get("groups", 1), 3, 3)).tolist() for _ in range(2)
    ]
    t = convtrace.trace(x, [{"weights": w} for w in weights], bias=[2, -3], **options)
    without = np.array(conv2d(x, weights, [0, 0], **as_reference))
    assert without.shape == t.shape
    result = check(t, without)
    assert result.diagnosis.kinds == ["bias_forgotten"]
    assert "b₀ and b₁" in result.diagnosis.findings[0].message


@pytest.mark.parametrize("seed", SEEDS)
def test_padding_and_bias_both_forgotten(seed):
    spec = random_spec(seed, padding=1)
    given = reference(spec, padding=0, biases=[0] * spec["filters"])
    result = diagnosed(spec, given)
    assert not result.shape_matches
    assert_slip(
        result,
        "padding_forgotten+bias_forgotten",
        "without the padding (P = 0 instead of 1) and without the bias",
        "Did you forget to add b₀",
    )


@pytest.mark.parametrize("seed", SEEDS)
def test_stride_and_bias_both_forgotten(seed):
    spec = random_spec(seed, stride=2)
    given = reference(spec, stride=1, biases=[0] * spec["filters"])
    assert_slip(diagnosed(spec, given), "stride_ignored+bias_forgotten", "stride 1 instead of 2")


# --- every cell off by the same amount -------------------------------------------------------


def plus(d, *changes):
    """The seed's right answer as CSV, every cell moved by d, then (row, col, value) changes."""
    rows = [[v + d for v in row] for row in SEED_OUTPUT]
    for i, j, v in changes:
        rows[i][j] = v
    return "\n".join(",".join(str(v) for v in row) for row in rows) + "\n"


def verdict(tmp_path, text):
    """The JSON verdict of `convtrace check` on the seed for this answer."""
    answer = tmp_path / "answer.csv"
    answer.write_text(text, encoding="utf-8")
    seed = str(SAMPLES / "seed.json")
    result = CliRunner().invoke(main, ["check", seed, str(answer), "--format", "json"])
    assert result.exit_code == 1, result.output
    return json.loads(result.stdout)


def test_bias_added_twice(tmp_path):
    # the seed's bias is +1: every cell one too many is the bias added twice
    doc = verdict(tmp_path, plus(1))
    assert [f["slip"] for f in doc["diagnosis"]] == ["bias_twice"]
    assert "Did you add the bias b₀ twice?" in doc["diagnosis"][0]["message"]
    assert doc["cell_diagnosis"] == []  # no per-cell guesses when one slip explains every cell
    assert {w["slip"] for w in doc["wrong"]} == {"bias_twice"}


def test_minus_the_bias_is_still_the_bias_forgotten(tmp_path):
    doc = verdict(tmp_path, plus(-1))
    assert [f["slip"] for f in doc["diagnosis"]] == ["bias_forgotten"]
    assert doc["cell_diagnosis"] == []


def test_a_plain_offset_in_words(tmp_path):
    doc = verdict(tmp_path, plus(3))
    assert [f["slip"] for f in doc["diagnosis"]] == ["offset"]
    assert doc["diagnosis"][0]["message"].startswith("All 9 cells are off by +3.")
    assert doc["cell_diagnosis"] == []
    doc = verdict(tmp_path, plus(-4))
    assert doc["diagnosis"][0]["message"].startswith("All 9 cells are off by −4.")


def test_an_offset_with_one_more_slip(tmp_path):
    doc = verdict(tmp_path, plus(3, (2, 2, 99)))
    assert doc["diagnosis"][0]["message"].startswith("8 of 9 cells are off by +3.")
    assert [c["cell"] for c in doc["cell_diagnosis"]] == [[0, 2, 2]]


def test_an_offset_in_a_few_cells_is_no_pattern(tmp_path):
    # two cells +1, seven right: per-cell looks, never "every cell off"
    doc = verdict(tmp_path, plus(0, (0, 0, 4), (1, 1, -6)))
    assert "offset" not in [f["slip"] for f in doc["diagnosis"]]
    assert "bias_twice" not in [f["slip"] for f in doc["diagnosis"]]
    assert len(doc["cell_diagnosis"]) == 2


def test_an_offset_per_filter():
    x = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
    weights = [[[[1, 0], [0, -1]]], [[[0, 1], [2, 0]]]]
    t = convtrace.trace(x, weights, bias=[1, -2])
    given = np.array(conv2d([x], weights, [1, -2]))
    given[0] += 5
    given[1, 0, 0] += 7  # one slip only in the second filter
    diagnosis = check(t, given).diagnosis
    assert [(f.kind, f.filters) for f in diagnosis.findings] == [("offset", (0,))]
    assert [c.cell for c in diagnosis.cells] == [(1, 0, 0)]


@pytest.mark.parametrize("seed", range(40))
def test_no_finding_explains_fewer_cells_than_the_plain_comparison(seed):
    rng = np.random.default_rng(seed)
    t = convtrace.trace(SAMPLES / "seed.json")
    given = np.array([SEED_OUTPUT]) + rng.choice([0, 0, 1, 1, 2, -1], size=t.shape)
    result = check(t, given)
    for finding in result.diagnosis.findings:
        plain = int(result.right[list(finding.filters)].sum())
        assert finding.matched > plain, finding.message
        assert len(finding.cells) >= 2


# --- two slips at once -----------------------------------------------------------------------


def one_channel(spec, c):
    """The reference's changes for "channel c only": that channel's input and kernels alone."""
    return {"x": [spec["x"][c]], "weights": [[kernels[c]] for kernels in spec["weights"]]}


#: kind → (the reference's changes for both slips, words of the finding)
PAIRS = {
    "padding_forgotten+stride_ignored": (
        lambda spec: {"padding": 0, "stride": 1},
        "without the padding (P = 0 instead of 1) and with stride 1 instead of 2",
    ),
    "kernel_flipped+bias_forgotten": (
        lambda spec: {"flip": True, "biases": [0] * spec["filters"]},
        "with the kernels rotated 180° (true convolution) and without the bias",
    ),
    "padding_forgotten+bias_forgotten": (
        lambda spec: {"padding": 0, "biases": [0] * spec["filters"]},
        "without the padding (P = 0 instead of 1) and without the bias",
    ),
    "stride_ignored+bias_forgotten": (
        lambda spec: {"stride": 1, "biases": [0] * spec["filters"]},
        "with stride 1 instead of 2 and without the bias",
    ),
    "padding_forgotten+kernel_flipped": (
        lambda spec: {"padding": 0, "flip": True},
        "without the padding (P = 0 instead of 1) and with the kernels rotated 180°",
    ),
    "stride_ignored+kernel_flipped": (
        lambda spec: {"stride": 1, "flip": True},
        "with stride 1 instead of 2 and with the kernels rotated 180°",
    ),
    "padding_forgotten+channel_only": (
        lambda spec: {"padding": 0, **one_channel(spec, 1)},
        "without the padding (P = 0 instead of 1) and with channel c1 only",
    ),
    "stride_ignored+channel_only": (
        lambda spec: {"stride": 1, **one_channel(spec, 1)},
        "with stride 1 instead of 2 and with channel c1 only",
    ),
    "kernel_flipped+channel_only": (
        lambda spec: {"flip": True, **one_channel(spec, 1)},
        "with the kernels rotated 180° (true convolution) and with channel c1 only",
    ),
    # the bias with one channel: channel_only's own "sum alone, without … the bias"
    "channel_only": (
        lambda spec: {**one_channel(spec, 1), "biases": [0] * spec["filters"]},
        "channel c1's sum alone, without the other channels and the bias",
    ),
}


def pair_spec(seed):
    """A task where every slip of the pairs applies: padding 1, stride 2, a bias, channels, and
    no kernel that a 180° rotation leaves as it is (there the flip would change nothing)."""
    for attempt in range(100):
        spec = random_spec(100 * seed + attempt, padding=1, stride=2)
        kernels = np.array(spec["weights"])
        if all((k != k[::-1, ::-1]).any() for k in kernels.reshape(-1, *kernels.shape[2:])):
            return spec
    raise AssertionError("no task without a symmetric kernel")


@pytest.mark.parametrize("seed", range(10))
@pytest.mark.parametrize("kind", list(PAIRS))
def test_two_slips_at_once_are_named_as_that_pair(seed, kind):
    spec = pair_spec(seed)
    changes, words = PAIRS[kind]
    given = reference(spec, **changes(spec))
    diagnosis = diagnose(trace_of(spec), given)
    assert [f.kind for f in diagnosis.findings] == [kind], diagnosis.lines()
    assert not diagnosis.cells and not diagnosis.unexplained, diagnosis.lines()
    (finding,) = diagnosis.findings
    assert finding.matched == finding.total == given.size
    assert words in finding.message, finding.message


@pytest.mark.parametrize("kind", list(PAIRS))
def test_two_slips_at_once_through_the_command(tmp_path, kind):
    spec = pair_spec(2)
    changes, words = PAIRS[kind]
    given = reference(spec, **changes(spec))
    task = tmp_path / "task.json"
    filters = [
        {"weights": w, "bias": b} for w, b in zip(spec["weights"], spec["biases"], strict=True)
    ]
    task.write_text(
        json.dumps({"input": spec["x"], "filters": filters, "stride": 2, "padding": 1}),
        encoding="utf-8",
    )
    answer = tmp_path / "answer.json"
    answer.write_text(json.dumps(given.tolist()), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(task), str(answer), "-q", "--no-color"])
    assert result.exit_code == 1, result.output
    text = " ".join(result.stdout.split())
    assert words in text, text
    assert "an arithmetic slip" not in text and "alone or paired" not in text
    doc = CliRunner().invoke(main, ["check", str(task), str(answer), "--format", "json"]).stdout
    assert [f["slip"] for f in json.loads(doc)["diagnosis"]] == [kind]


@pytest.mark.parametrize("seed", range(10))
def test_two_slips_at_once_at_the_positions_of_the_right_size(seed):
    spec = pair_spec(seed)
    right = reference(spec)
    given = reference(spec, stride=1, flip=True)[:, : right.shape[1], : right.shape[2]]
    diagnosis = diagnose(trace_of(spec), given)
    assert [f.kind for f in diagnosis.findings] == ["stride_ignored+kernel_flipped"]
    assert "windows moved by 1 instead of 2 (the stride ignored), compared at the same " in (
        diagnosis.findings[0].message
    )
    assert not diagnosis.cells


#: The seed's output with the padding forgotten and stride 1: (5 − 3 + 0)/1 + 1 = 3, so 3×3 like
#: the right output (checked against the reference in the test).
SEED_NO_PADDING_STRIDE_1 = [[15, 5, -3], [1, -7, 11], [-17, -6, -1]]


def test_the_seed_with_padding_forgotten_and_stride_1_is_named_as_that_pair(tmp_path, seed_path):
    assert seed_reference(padding=0, stride=1).tolist() == [SEED_NO_PADDING_STRIDE_1]
    answer = tmp_path / "answer.csv"
    answer.write_text(
        "\n".join(",".join(map(str, row)) for row in SEED_NO_PADDING_STRIDE_1), encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["check", str(seed_path), str(answer), "--no-color"])
    assert result.exit_code == 1, result.output
    text = " ".join(result.stdout.split())
    assert "1 of 9 cells are right; 8 are wrong" in text
    assert (
        "What went wrong ─" in result.stdout
        and "9 of 9 cells match a computation without the padding (P = 0 instead of 1) and with "
        "stride 1 instead of 2. Did you forget to pad the input with zeros first? Did you move "
        "the window by 1 instead of s = 2?"
        in text
    )
    assert " is 15, it should be 3" not in text  # no one-cell guesses any more
    assert "leaving out" not in text and "arithmetic slip" not in text


def test_a_pair_needs_two_cells():
    # a 1×1 output 1·1 + 1 = 2; flipped and without the bias it is 5·1 = 5, which no single slip
    # gives: one cell matching one of so many pairs is no pattern
    t = convtrace.trace([[1, 2], [3, 5]], [[[[1, 0], [0, 0]]]], bias=1)
    assert conv2d([[[1, 2], [3, 5]]], [[[[1, 0], [0, 0]]]], [0], flip=True) == [[[5]]]
    diagnosis = check(t, [[5]]).diagnosis
    assert not diagnosis.findings
    assert diagnosis.lines() == [
        "o[0, 0, 0] is 5, it should be 2 (off by +3): an arithmetic slip; compare with its trace."
    ]


def test_pairs_only_where_both_slips_apply():
    from convtrace.homework.slips import candidate_slips

    # stride 1, no padding, no bias, one channel: only the flip applies, so there is no pair
    t = convtrace.trace([[1, 2, 0], [3, 4, 1], [0, 2, 2]], [[[[1, 0], [2, -1]]]])
    kinds = {s.kind for s in candidate_slips(t)}
    assert kinds == {"kernel_flipped", "transposed", "window_shifted"}


def test_each_changed_task_is_traced_once(monkeypatch, seed_path):
    from convtrace.homework import slips

    calls = []
    real = slips.run
    monkeypatch.setattr(slips, "run", lambda task: calls.append(task) or real(task))
    trace = convtrace.trace(seed_path)
    made = list(slips.candidate_slips(trace))
    assert len(calls) == len({id(s.trace) for s in made if s.trace is not trace})
    assert len(calls) == 35  # on the seed: 20 single slips and 15 pairs
    pair = [s for s in made if s.kind == "stride_ignored+bias_forgotten"]
    assert [s.view for s in pair] == ["same", "crop"] and pair[0].trace is pair[1].trace


# --- when nothing explains the answer ---------------------------------------------------------


def test_an_answer_nothing_explains_is_said_so_in_one_sentence(tmp_path, seed_path):
    answer = tmp_path / "answer.csv"
    answer.write_text("5,0,9\n2,4,-1\n8,8,8\n", encoding="utf-8")  # no cell of 3 7 4 / 17 −7 1 …
    result = CliRunner().invoke(main, ["check", str(seed_path), str(answer), "-q", "--no-color"])
    assert result.exit_code == 1, result.output
    said = " ".join(result.stdout.split("What went wrong", 1)[1].split()[1:])
    assert said == (
        "No classic slip, alone or paired with another, explains the 9 wrong cells: compare "
        "each with its trace."
    )


def test_only_the_filter_nothing_explains_is_named():
    spec = random_spec(3, filters=2)
    given = reference(spec, biases=[0, 0])
    given[1] = np.arange(given[1].size).reshape(given[1].shape) * 100 + 7  # nothing like w1
    diagnosis = check(trace_of(spec), given).diagnosis
    assert [(f.kind, f.filters) for f in diagnosis.findings] == [("bias_forgotten", (0,))]
    wrong = given[1].size
    assert diagnosis.unexplained == (
        f"No classic slip, alone or paired with another, explains the {wrong} wrong cells of "
        "w1: compare each with its trace."
    )
    assert not diagnosis.cells
    assert diagnosis.lines()[1] == diagnosis.unexplained


@pytest.mark.parametrize("seed", SEEDS)
def test_noise_gets_one_sentence_or_a_finding_never_a_list_of_coincidences(seed):
    spec = random_spec(seed)
    rng = np.random.default_rng(seed)
    right = reference(spec)
    given = right + rng.integers(1, 4, size=right.shape) * rng.choice([-1, 1], size=right.shape)
    diagnosis = check(trace_of(spec), given).diagnosis
    explained = {k for f in diagnosis.findings for k in f.filters}
    if len(explained) < spec["filters"]:
        assert diagnosis.unexplained.startswith("No classic slip, alone or paired with another")
    assert all(c.cell[0] in explained for c in diagnosis.cells)


def test_a_mostly_right_answer_keeps_the_closer_look(seed_path):
    given = np.array([SEED_OUTPUT])
    given[0, 0, 0] += 4
    given[0, 1, 2] += 10
    diagnosis = check(convtrace.trace(seed_path), given).diagnosis
    assert not diagnosis.unexplained
    assert [c.cell for c in diagnosis.cells] == [(0, 0, 0), (0, 1, 2)]


def test_another_shape_nothing_gives_is_said_so(seed_path):
    diagnosis = check(convtrace.trace(seed_path), [[1, 2, 3], [4, 5, 6]]).diagnosis
    assert diagnosis.lines() == [
        "No classic slip, alone or paired with another, gives an answer of this size."
    ]

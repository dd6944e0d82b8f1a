"""The engine against independent references: a naive loop, scipy and (where present) torch."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import convtrace
from tests.reference import reference_of as reference
from tests.strategies import decimals, tasks
from tests.strategies import trace_of as run_task


@settings(max_examples=300, deadline=None)
@given(tasks())
def test_output_matches_the_naive_loop(spec):
    trace = run_task(spec)
    assert trace.output.tolist() == reference(spec)


@settings(max_examples=100, deadline=None)
@given(tasks())
def test_every_cell_adds_up(spec):
    """Each cell's products are window × weights, they sum to the channel sums, plus the bias."""
    trace = run_task(spec)
    for cell in trace.cells():
        for step in cell.channels:
            products = np.array(step.window) * np.array(step.weights)
            assert products.tolist() == [list(r) for r in step.products]
            assert sum(sum(r) for r in step.products) == step.sum
        assert sum(cell.sums) + cell.bias == cell.value
        assert trace.output[cell.filter, cell.row, cell.col] == cell.value


@settings(max_examples=100, deadline=None)
@given(tasks(values=decimals))
def test_decimals_match_the_naive_loop(spec):
    trace = run_task(spec)
    np.testing.assert_allclose(trace.output, np.array(reference(spec)), rtol=1e-9, atol=1e-9)


@settings(max_examples=100, deadline=None)
@given(tasks(options=False))
def test_zero_padded_strided_case_matches_scipy(spec):
    signal = pytest.importorskip("scipy.signal")
    trace = run_task(spec)
    top = spec["padding"][0]
    sh = spec["stride"][0]
    for k, (kernels, bias) in enumerate(zip(spec["weights"], spec["biases"], strict=True)):
        total = 0
        for c, kernel in enumerate(kernels):
            x = np.pad(np.array(spec["x"][c]), top)
            total = total + signal.correlate2d(x, np.array(kernel), mode="valid")
        expected = (total + bias)[::sh, ::sh]
        assert trace.output[k].tolist() == expected.tolist()


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.integers(-9, 9), min_size=3, max_size=12),
    st.lists(st.integers(-9, 9), min_size=1, max_size=3),
    st.booleans(),
)
def test_1d_signals_match_numpy(signal, kernel, flip):
    trace = convtrace.trace(signal, [kernel], flip=flip)
    expected = (
        np.convolve(signal, kernel, "valid") if flip else np.correlate(signal, kernel, "valid")
    )
    assert trace.output[:, 0].tolist() == [expected.tolist()]  # 1-D: K × 1 × L inside


def test_cells_are_lazy_and_in_reading_order(seed_path):
    trace = convtrace.trace(seed_path)
    cells = trace.cells()
    first = next(cells)
    assert (first.filter, first.row, first.col) == (0, 0, 0)
    order = [(c.filter, c.row, c.col) for c in trace.cells()]
    assert order == [(0, i, j) for i in range(3) for j in range(3)]


def test_python_numbers_come_out(seed_path):
    cell = convtrace.trace(seed_path).cell(0, 1, 2)
    assert type(cell.value) is int
    assert all(type(v) is int for row in cell.channels[0].products for v in row)


def test_strict_refuses_a_stride_that_leaves_rows_unread():
    with pytest.raises(convtrace.InputError, match="not a multiple of the stride"):
        convtrace.trace(
            np.ones((6, 6), dtype=int).tolist(), [[[1, 1], [1, 1]]], stride=3, strict=True
        )


def test_uncovered_rows_are_named():
    trace = convtrace.trace(np.ones((6, 6), dtype=int).tolist(), [[[1, 1], [1, 1]]], stride=4)
    rows, _ = trace.axes
    assert rows.out == 2
    assert rows.uncovered == (2, 3)


@pytest.mark.parametrize(
    "signal, kernel, bias, expected",
    [
        # a 9-place bias used to push the whole task onto float sums: 2.77555756156e-17
        ([0.1, 0.1, 0.1, -0.3, 0.7], [1, 1, 1, 1], 0.123456789, [0.123456789, 0.723456789]),
        ([0.1, 0.1, 0.1, -0.3], [1, 1, 1, 1], 1e-10, [1e-10]),
        ([0.1, 0.1, 0.1, -0.3], [1, 1, 1, 1.0000000001], 0, [-3e-11]),
        # too big for exact decimal sums: the float sum's cancellation noise is still a zero
        ([0.1, 0.1, 0.1, -0.3, 99999999.99999999], [1, 1, 1, 1], 0, [0.0, 99999999.9]),
        ([0.1, 0.1, 0.1, -0.3, 1 / 3], [1, 1, 1, 1], 0, [0.0, 0.233333333333]),
    ],
)
def test_cancelling_decimals_give_clean_sums(signal, kernel, bias, expected):
    from convtrace.numbers import clean

    trace = convtrace.trace(signal, [kernel], bias=bias)
    assert [clean(v) for v in trace.output[0, 0].tolist()] == expected
    assert clean(trace.cell(0, 0, 0).channels[0].sum) == clean(expected[0] - bias)


def reference_channel_sums(spec) -> list:
    """K × (C/groups) × H₂ × W₂ from the naive loop: each channel convolved on its own."""
    per_group = len(spec["x"]) // spec["groups"]
    filters_per_group = len(spec["weights"]) // spec["groups"]
    sums = []
    for k, kernels in enumerate(spec["weights"]):
        first = (k // filters_per_group) * per_group
        sums.append(
            [
                reference({**spec, "x": [spec["x"][first + c]], "weights": [[kernel]],
                           "biases": [0], "groups": 1})[0]
                for c, kernel in enumerate(kernels)
            ]
        )  # fmt: skip
    return sums


@settings(max_examples=150, deadline=None)
@given(tasks())
def test_channel_sums_match_the_naive_loop_channel_by_channel(spec):
    """The bulk channel sums (made on first use) and each cell's own, made with its row."""
    trace = run_task(spec)
    expected = reference_channel_sums(spec)
    assert trace.channel_sums.tolist() == expected
    assert trace.channel_sums.dtype == np.int64
    for cell in trace.cells():
        assert list(cell.sums) == [expected[cell.filter][c][cell.row][cell.col]
                                   for c in range(len(cell.sums))]  # fmt: skip


@settings(max_examples=100, deadline=None)
@given(tasks(values=decimals))
def test_decimal_channel_sums_match_the_naive_loop_and_the_cells(spec):
    trace = run_task(spec)
    np.testing.assert_allclose(
        trace.channel_sums, np.array(reference_channel_sums(spec)), rtol=1e-9, atol=1e-9
    )
    for block in trace.rows():  # the cells' sums are the bulk sums, bit for bit
        assert np.array_equal(block.sums, trace.channel_sums[block.filter, :, block.row])


def test_decimal_sums_are_exact_where_floats_are_not():
    """0.1·3 − 0.3 is 5.55e-17 in floats; by hand (and here) it is 0, per channel and in all."""
    trace = convtrace.trace([[0.1, 0.1, 0.1], [-0.3, 0.2, 0.7]], [[[1, 1, 1], [1, 0, 0]]])
    assert trace.output.tolist() == [[[0.0]]]
    assert trace.channel_sums.tolist() == [[[[0.0]]]]
    assert trace.cell(0, 0, 0).sums == (0.0,)


def test_decimal_places_reads_past_the_first_values():
    """The first values only bound the places from below: a later value can need more."""
    from convtrace.engine import decimal_places

    values = np.full(5000, 0.5)
    assert decimal_places(values) == 1
    values[4321] = 0.125
    assert decimal_places(values) == 3
    values[4999] = 1 / 3
    assert decimal_places(values) is None
    assert decimal_places(np.array([1.0, 2.0])) == 0
    assert decimal_places(np.array([])) == 0


def test_banded_outputs_are_what_the_channel_sums_add_up_to(monkeypatch):
    """A 40×40×3 input with 4 filters cut into many im2col bands and matrix products: the
    output the engine makes at once is the naive loop's, and the channel sums add up to it."""
    from convtrace.engine import arithmetic as engine

    monkeypatch.setattr(engine, "CHUNK_VALUES", 500)  # bands of 1 or 2 output rows
    monkeypatch.setattr(engine, "GEMM_ONE_THREAD", 1000)  # 9 columns per product
    rng = np.random.default_rng(3)
    x = rng.integers(-9, 10, (3, 40, 40))
    w = rng.integers(-9, 10, (4, 3, 3, 3))
    spec = {
        "x": x.tolist(), "weights": w.tolist(), "biases": [1, -2, 3, 0], "stride": (1, 2),
        "padding": (1, 1, 1, 1), "padding_mode": "zeros", "dilation": (1, 1), "groups": 1,
        "flip": False,
    }  # fmt: skip
    trace = run_task(spec)
    assert trace.output.tolist() == reference(spec)
    sums = trace.channel_sums
    assert np.array_equal(sums.sum(axis=1) + np.array([1, -2, 3, 0])[:, None, None], trace.output)


def test_windows_of_a_band_of_padded_rows_are_the_windows_that_fit_in_it():
    from convtrace.engine import windows

    trace = convtrace.trace(np.arange(48).reshape(3, 4, 4), [[[[1, 2], [3, 4]]] * 3], padding=1)
    every = windows(trace.padded, trace.task)
    band = windows(trace.padded[:, 2:5], trace.task)  # padded rows 2–4: output rows 2 and 3
    assert band.shape == (3, 2, 5, 2, 2)
    assert np.array_equal(band, every[:, 2:4])
    assert not band.flags.writeable
    assert windows(trace.padded[:, 2:3], trace.task).shape[1] == 0  # no window fits in one row

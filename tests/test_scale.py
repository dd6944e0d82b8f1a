"""Scale: the fast paths (im2col engine, row blocks, bulk number cleaning, streamed writers) give
exactly what the simple paths give, memory stays bounded, and the package starts light.

No timing asserts here: ``benchmarks/bench.py`` measures speed.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import tracemalloc
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import convtrace
from convtrace.bulk import clean_array
from convtrace.engine import arithmetic as engine
from convtrace.numbers import clean
from convtrace.render.json_doc import iter_json
from tests.reference import conv2d
from tests.strategies import decimals, tasks
from tests.test_engine import reference, run_task


def digest(pieces) -> str:
    """SHA-256 of a streamed document, without holding it."""
    h = hashlib.sha256()
    for piece in pieces:
        h.update(piece.encode("utf-8"))
    return h.hexdigest()


def random_trace(c, h, w, k, *, kind="int", seed=0, **options):
    rng = np.random.default_rng(seed)
    if kind == "int":
        x, weights = rng.integers(-9, 10, (c, h, w)), rng.integers(-9, 10, (k, c, 3, 3))
        biases = rng.integers(-9, 10, k)
    else:  # two decimal places, like marks in a homework sheet
        x = np.round(rng.uniform(-5, 5, (c, h, w)), 2)
        weights = np.round(rng.uniform(-5, 5, (k, c, 3, 3)), 2)
        biases = np.round(rng.uniform(-5, 5, k), 2)
    filters = [
        {"weights": wk, "bias": bk}
        for wk, bk in zip(weights.tolist(), biases.tolist(), strict=True)
    ]
    return convtrace.trace(x.tolist(), filters, **options)


# --- bulk cleaning -----------------------------------------------------------------------------

EDGES = [
    0.0,
    -0.0,
    5e-324,
    -1e-320,
    1.7976931348623157e308,
    0.1 + 0.2,
    1e22,
    1e23,
    1e-22,
    1e-23,
    9.9999999999995,
    99999999999.95,
    0.5e-11,
    123456789012.5,
    1234567890125e-13,
    -0.00600000000001,
    2.0**53,
    float("inf"),
]


def same_bits(a, b) -> bool:
    return np.array_equal(np.asarray(a, dtype=np.float64).view(np.int64), b.view(np.int64))


def test_clean_array_edges():
    values = np.array(EDGES)
    assert same_bits([clean(v) for v in EDGES], clean_array(values))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(allow_nan=False, allow_infinity=False), min_size=1, max_size=50))
def test_clean_array_is_clean_bit_for_bit(values):
    assert same_bits([clean(v) for v in values], clean_array(np.array(values)))


def test_clean_array_on_many_products():
    rng = np.random.default_rng(7)
    products = np.round(rng.uniform(-5, 5, 20_000), 2) * np.round(rng.uniform(-5, 5, 20_000), 3)
    spread = rng.standard_normal(20_000) * 10.0 ** rng.integers(-30, 30, 20_000)
    for values in (products, spread, products.reshape(100, 200)):
        expected = np.array([clean(v) for v in values.ravel().tolist()]).reshape(values.shape)
        assert same_bits(expected, clean_array(values))


def test_clean_array_leaves_integers_alone():
    values = np.array([[1, -2], [3, 2**60]])
    assert clean_array(values) is values


# --- the engine --------------------------------------------------------------------------------


@settings(max_examples=100, deadline=None)
@given(tasks())
def test_tiny_chunks_give_the_same_trace(spec):
    """One output row per im2col band and one column per matrix product (the chunked path)
    against one band and one product for everything."""
    whole = run_task(spec)
    original = engine.CHUNK_VALUES, engine.GEMM_ONE_THREAD
    engine.CHUNK_VALUES = engine.GEMM_ONE_THREAD = 1
    try:
        banded = run_task(spec)
    finally:
        engine.CHUNK_VALUES, engine.GEMM_ONE_THREAD = original
    assert np.array_equal(whole.channel_sums, banded.channel_sums)
    assert np.array_equal(whole.output, banded.output)
    assert whole.channel_sums.dtype == banded.channel_sums.dtype == np.int64


big_ints = st.integers(min_value=-(2**26), max_value=2**26)


@settings(max_examples=60, deadline=None)
@given(tasks(values=big_ints))
def test_sums_beyond_float_precision_stay_exact(spec):
    """Products near 2⁵² take numpy's int64 path; the naive loop works in Python ints."""
    trace = run_task(spec)
    assert trace.output.dtype == np.int64
    assert trace.output.tolist() == reference(spec)
    for cell in trace.cells(filters=[0], rows=[0]):
        for step in cell.channels:
            assert sum(sum(r) for r in step.products) == step.sum


def test_the_int64_path_is_taken_and_exact():
    x = [[2**40 + 1, -(2**40) + 3], [7, 2**40 - 5]]
    w = [[[2**18 + 1, -3], [5, 2**18 - 1]]]
    trace = convtrace.trace(x, w, padding=1)
    assert engine.sum_bound(trace.task) >= engine.FLOAT_EXACT
    expected = conv2d(
        [x], [w], [0], stride=(1, 1), padding=(1, 1, 1, 1), padding_mode="zeros",
        dilation=(1, 1), groups=1, flip=False,
    )  # fmt: skip
    assert trace.output.tolist() == expected


@pytest.mark.parametrize(
    ("x", "w"),
    [
        ([[2**31]], [[[2**32]]]),  # one product of exactly 2⁶³
        ([[2**30, 2**30], [2**30, 2**30]], [[[2**31, 2**31], [2**31, 2**31]]]),  # 4 · 2⁶¹
        ([[-(2**40)]], [[[2**23]]]),
    ],
)
def test_int64_overflow_is_reported(x, w):
    with pytest.raises(convtrace.InputError, match="overflow 64-bit integers"):
        convtrace.trace(x, w)


def test_the_largest_exact_sum_is_allowed():
    trace = convtrace.trace([[2**31 - 1]], [[[2**32]]], bias=2**32 - 1)
    assert trace.output.tolist() == [[[(2**31 - 1) * 2**32 + 2**32 - 1]]]
    assert trace.output[0, 0, 0] == 2**63 - 1


def test_float_overflow_is_reported():
    with pytest.raises(convtrace.InputError, match="overflow 64-bit floats"):
        convtrace.trace([[1e200, 0.5]], [[[1e200, 1.0]]])


@settings(max_examples=50, deadline=None)
@given(tasks())
def test_row_blocks_hold_what_the_cells_hold(spec):
    trace = run_task(spec)
    cells = iter(trace.cells())
    for block in trace.rows():
        for n, j in enumerate(block.cols):
            cell = next(cells)
            assert (cell.filter, cell.row, cell.col) == (block.filter, block.row, j)
            assert cell.value == block.values[n]
            for c, step in enumerate(cell.channels):
                assert step.products == tuple(map(tuple, block.products[c, n].tolist()))
                assert step.sum == block.sums[c, n]
    assert next(cells, None) is None


# --- given cells are written as rows of one: the same document as the whole trace -------------


@settings(max_examples=100, deadline=None)
@given(tasks(), st.data())
def test_json_fast_path_matches_the_per_cell_path(spec, data):
    trace = run_task(spec)
    assert "".join(iter_json(trace)) == "".join(iter_json(trace, trace.cells()))
    k, h, w = trace.shape
    filters = data.draw(st.lists(st.integers(0, k - 1), min_size=1, max_size=k, unique=True))
    rows = range(data.draw(st.integers(0, h - 1)), h)
    cols = data.draw(st.lists(st.integers(0, w - 1), max_size=w, unique=True))
    assert "".join(iter_json(trace, filters=filters, rows=rows, cols=cols)) == "".join(
        iter_json(trace, trace.cells(filters, rows, cols))
    )


@settings(max_examples=100, deadline=None)
@given(tasks(values=decimals))
def test_json_fast_path_matches_with_decimals(spec):
    trace = run_task(spec)
    assert "".join(iter_json(trace)) == "".join(iter_json(trace, trace.cells()))


def test_json_fast_path_for_1d_signals():
    trace = convtrace.trace([0.5, -1.25, 3, 2.75, -0.1], [[1.5, -2], [0.25, 1]], padding=1)
    fast = "".join(iter_json(trace))
    assert fast == "".join(iter_json(trace, trace.cells()))
    assert json.loads(fast)["cells"][0]["channels"][0]["window"] == [0.0, 0.5]


def test_json_export_streams_in_bounded_memory():
    """The cells of a 6 MB document are written while Python holds about one row of them."""
    trace = random_trace(3, 32, 32, 8, padding=1)
    pieces = iter_json(trace)
    for piece in pieces:  # the header (it holds the output volume, which is small)
        if piece.endswith('"cells": ['):
            break
    size = 0
    tracemalloc.start()
    try:
        for piece in pieces:
            size += len(piece)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert size > 5_000_000
    assert peak < 500_000


# --- start-up ----------------------------------------------------------------------------------


def python(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    return done.stdout.strip()


def test_import_and_version_do_not_load_numpy_or_rich():
    code = (
        "import sys, convtrace, convtrace.cli; "
        "print(convtrace.__version__, 'numpy' in sys.modules, 'rich' in sys.modules, "
        "'importlib.metadata' in sys.modules)"
    )
    version, numpy_loaded, rich_loaded, metadata_loaded = python(code).split()
    assert version == convtrace.__version__
    assert (numpy_loaded, rich_loaded, metadata_loaded) == ("False", "False", "False")


def test_lazy_names_still_work():
    assert python("import convtrace; print(convtrace.trace([[1, 2], [3, 4]], [[[1]]]).shape)") == (
        "(1, 2, 2)"
    )
    assert set(convtrace.__all__) <= set(dir(convtrace))
    for name in convtrace.__all__:
        assert getattr(convtrace, name) is not None
    with pytest.raises(AttributeError):
        convtrace.no_such_name  # noqa: B018


# --- the Markdown writer: given cells read as the trace's own ---------------------------------

MARKDOWN_MODES = [
    {},
    {"plain_math": True},
    {"worksheet": True, "answers": True},
    {"worksheet": True, "answers": True, "plain_math": True},
]


@settings(max_examples=60, deadline=None)
@given(tasks(), st.sampled_from(MARKDOWN_MODES))
def test_markdown_row_path_matches_the_per_cell_path(spec, mode):
    from convtrace.render.markdown import iter_markdown

    trace = run_task(spec)
    assert "".join(iter_markdown(trace, **mode)) == "".join(
        iter_markdown(trace, cells=list(trace.cells()), **mode)
    )


@settings(max_examples=60, deadline=None)
@given(tasks(values=decimals), st.sampled_from(MARKDOWN_MODES))
def test_markdown_row_path_matches_with_decimals(spec, mode):
    from convtrace.render.markdown import iter_markdown

    trace = run_task(spec)
    assert "".join(iter_markdown(trace, **mode)) == "".join(
        iter_markdown(trace, cells=list(trace.cells()), **mode)
    )


def test_markdown_row_path_for_1d_signals_and_big_numbers():
    from convtrace.render.markdown import iter_markdown

    for trace in (
        convtrace.trace([0.5, -1.25, 3, 2.75, -0.1], [[1.5, -2], [0.25, 1]], padding=1),
        convtrace.trace([[1e-9, -2.5e12], [3.25, 4]], [[[1e-8, -1], [2, 1e20]]], padding=1),
    ):
        for mode in MARKDOWN_MODES:
            assert "".join(iter_markdown(trace, **mode)) == "".join(
                iter_markdown(trace, cells=list(trace.cells()), **mode)
            )


# --- decimals: exact sums --------------------------------------------------------------------


def exact(value) -> Fraction:
    """The decimal a float stands for (``0.1`` → 1/10): what a person computes with."""
    return Fraction(repr(float(value)))


@settings(max_examples=100, deadline=None)
@given(tasks(values=decimals))
def test_decimal_sums_are_the_exact_sums_rounded_once(spec):
    """Every channel sum and output is the float nearest to the exact decimal result."""
    trace = run_task(spec)
    as_fractions = {
        **spec,
        "x": [[[exact(v) for v in row] for row in m] for m in spec["x"]],
        "weights": [[[[exact(v) for v in r] for r in m] for m in f] for f in spec["weights"]],
        "biases": [exact(b) for b in spec["biases"]],
    }
    expected = reference(as_fractions)
    assert trace.output.tolist() == [[[float(v) for v in row] for row in m] for m in expected]
    for cell in trace.cells():
        for step in cell.channels:
            total = sum(
                exact(x) * exact(w)
                for xs, ws in zip(step.window, step.weights, strict=True)
                for x, w in zip(xs, ws, strict=True)
            )
            assert step.sum == float(total)


def test_cancelling_decimals_show_no_float_noise():
    trace = convtrace.trace([[0.1, 0.2, -0.3]], [[[1, 1, 1]]], bias=0.006)
    assert trace.output.tolist() == [[[0.006]]]
    assert trace.cell(0, 0, 0).channels[0].sum == 0.0


def test_non_decimal_floats_still_work():
    third = 1 / 3
    trace = convtrace.trace([[third, 2 * third], [1.0, third]], [[[3, 3], [0.5, 3]]])
    assert engine.decimal_places(np.array([third])) is None
    np.testing.assert_allclose(trace.output, [[[1 / 3 * 3 + 2 + 0.5 + 1]]], rtol=1e-12)


def test_whole_numbers_beyond_float_precision_stay_exact_integers():
    """Integers given as integers stay int64 up to the overflow check, not floats past 2⁵³."""
    trace = convtrace.trace([[2**53 + 1, 1], [3, 2**58]], [[[1, 1], [0, 2]]])
    assert trace.output.dtype == np.int64
    assert trace.output.tolist() == [[[2**53 + 2 + 2**59]]]
    assert trace.cell(0, 0, 0).channels[0].window[0][0] == 2**53 + 1
    assert convtrace.trace([[2.0**53, 1.0]], [[[1, 1]]]).output.dtype == np.float64

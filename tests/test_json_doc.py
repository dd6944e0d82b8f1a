"""`--format json`: every cell's place, window, products, sums and value, checked independently."""

from __future__ import annotations

import json

from hypothesis import given, settings

import convtrace
from convtrace.render.json_doc import iter_json
from tests.reference import reference_of
from tests.strategies import tasks
from tests.strategies import trace_of as run_task


def document(trace, **selection) -> dict:
    return json.loads("".join(iter_json(trace, **selection)))


@settings(max_examples=60, deadline=None)
@given(tasks())
def test_every_cell_says_where_its_window_starts(spec):
    """The window of output (i, j) starts at padded row i·s_rows and column j·s_cols."""
    trace = run_task(spec)
    sh, sw = spec["stride"]
    expected = reference_of(spec)
    doc = document(trace)
    assert len(doc["cells"]) == len(trace)
    for cell in doc["cells"]:
        k, i, j = cell["filter"], cell["row"], cell["col"]
        assert cell["window_origin"] == [i * sh, j * sw]
        assert cell["value"] == expected[k][i][j]
        assert sum(step["sum"] for step in cell["channels"]) + cell["bias"] == cell["value"]


def test_unequal_strides_are_not_mixed_up():
    x = [[r * 10 + c for c in range(9)] for r in range(7)]
    trace = convtrace.trace(x, [[[1, 0], [0, 1]]], stride=[2, 3])
    doc = document(trace)
    by_place = {(c["row"], c["col"]): c for c in doc["cells"]}
    assert by_place[(2, 1)]["window_origin"] == [4, 3]
    assert by_place[(2, 1)]["channels"][0]["window"] == [[43, 44], [53, 54]]
    assert by_place[(2, 1)]["value"] == 43 + 54


def test_a_selection_of_cells_keeps_their_places():
    x = [[r * 10 + c for c in range(9)] for r in range(7)]
    trace = convtrace.trace(x, [[[1, 0], [0, 1]]], stride=[2, 3])
    doc = document(trace, rows=[2], cols=[1, 2])
    assert [c["window_origin"] for c in doc["cells"]] == [[4, 3], [4, 6]]

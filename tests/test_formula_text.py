"""The fast formula text is the token builders' text, byte for byte, for every kind of task."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import convtrace
from convtrace.numbers import ASCII, UNICODE
from convtrace.render import formula_text
from convtrace.render.formula import cell_total, channel_terms, plain
from convtrace.render.formula_text import FormulaText
from convtrace.render.texmath import TEX, tex_tokens
from tests.strategies import decimals, tasks
from tests.test_export_markdown import run_task

NOTATIONS = [(UNICODE, False, plain), (ASCII, False, plain), (TEX, True, tex_tokens)]


@settings(max_examples=80, deadline=None)
@given(st.one_of(tasks(), tasks(values=decimals)), st.sampled_from(NOTATIONS), st.booleans())
def test_fast_text_is_the_token_builders_text(spec, notation, result):
    notation, tex, join = notation
    trace = run_task(spec)
    fast = FormulaText(notation, tex=tex)
    for cell in trace.cells():
        for step in cell.channels:
            assert fast.channel(step, result=result) == join(
                channel_terms(step, notation, result=result)
            )
        assert fast.total(cell, result=result) == join(cell_total(cell, notation, result=result))


def test_exponents_and_braces_in_tex():
    trace = convtrace.trace([[1e-9, 2.5e-12]], [[[1e-9, -3e20]]], bias=1e-9)
    fast = FormulaText(TEX, tex=True)
    cell = trace.cell(0, 0, 0)
    expected = tex_tokens(channel_terms(cell.channels[0], TEX))
    assert "10^{-9}" in expected
    assert fast.channel(cell.channels[0]) == expected
    assert fast.total(cell) == tex_tokens(cell_total(cell, TEX))


def test_the_cache_stays_bounded(monkeypatch):
    monkeypatch.setattr(formula_text, "CACHE_SIZE", 4)
    trace = convtrace.trace([[0.1 * n for n in range(12)]], [[[1.5, -2.5]]])
    fast = FormulaText(UNICODE)
    for cell in trace.cells():
        assert fast.channel(cell.channels[0]) == plain(channel_terms(cell.channels[0], UNICODE))
    assert len(fast._factors) <= 4


def test_falls_back_to_the_token_builders_when_they_change(monkeypatch, seed_path):
    """Should formula.py ever write a formula differently, the exports follow it, not us."""

    def changed(step, notation, *, result=True):
        tokens = channel_terms(step, notation, result=result)
        return [*tokens[:-1], type(tokens[-1])("changed")] if result else tokens

    monkeypatch.setattr(formula_text, "channel_terms", changed)
    trace = convtrace.trace(seed_path)
    fast = FormulaText(UNICODE)
    step = trace.cell(0, 0, 0).channels[0]
    assert fast.channel(step).endswith(" = changed")
    assert fast.channel(trace.cell(0, 1, 1).channels[0]).endswith(" = changed")

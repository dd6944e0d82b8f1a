"""The terminal trace keeps every number visible, whatever the width."""

from __future__ import annotations

import io

import numpy as np
from rich.console import Console

import convtrace
from convtrace.numbers import UNICODE
from convtrace.render.terminal import print_trace


def render(trace, width, **options):
    console = Console(width=width, file=io.StringIO(), color_system=None, record=True)
    print_trace(console, trace, **options)
    return console.export_text()


def test_wide_matrices_come_in_bands_of_columns_not_cut_off():
    x = np.arange(20 * 30).reshape(20, 30) - 300
    trace = convtrace.trace(x.tolist(), [[[1, 0], [0, -1]]])
    text = render(trace, 80, cells=[trace.cell(0, 0, 0)])
    assert "cols 0–" in text
    for value in (-300, 299, -1, 0):  # first, last and a few in between
        assert UNICODE.number(value) in text.split()
    assert max(len(line) for line in text.splitlines()) <= 80


def test_long_formulas_break_between_brackets(seed_path):
    trace = convtrace.trace(seed_path)
    text = render(trace, 60, cells=[trace.cell(0, 2, 2)])
    assert "B  [2·(−1) + 2·(−1) + 0·(−1)] + [0·(−1) + 1·8 + 0·(−1)]\n" in text
    assert "\n   + [0·(−1) + 0·(−1) + 0·(−1)] = 4\n" in text


def test_colour_highlights_and_plain_boxes(seed_path):
    trace = convtrace.trace(seed_path)
    console = Console(width=100, file=io.StringIO(), color_system="truecolor", record=True)
    print_trace(console, trace, cells=[trace.cell(0, 0, 0)])
    coloured = console.file.getvalue()
    assert "\x1b[" in coloured
    assert "[0  0  0]" not in console.export_text()  # highlighted, not boxed, with colour


def test_a_cell_section_on_its_own_breaks_at_the_width_it_is_given(seed_path):
    from convtrace.render.lines import plain_lines
    from convtrace.render.terminal import TraceView

    trace = convtrace.trace(seed_path)
    lines = TraceView(trace, plain=True).cell_lines(trace.cell(0, 2, 2), 60)
    assert "\n   + [0·(−1) + 0·(−1) + 0·(−1)] = 4\n" in "\n".join(plain_lines(lines)) + "\n"


def test_a_bracket_too_long_for_a_line_breaks_between_its_products():
    row = [0.25 * i for i in range(12)]
    kernel = [0.125, -0.25, 0.375, -0.5, 0.625, -0.75, 0.875, -1.125, 1.25]
    trace = convtrace.trace([row] * 3, [[kernel]])
    text = render(trace, 80, cells=[trace.cell(0, 0, 0)])
    lines = text.splitlines()
    first = next(n for n, line in enumerate(lines) if line.startswith("c0  ["))
    assert lines[first].endswith("+ 1.25·(−0.75)")
    assert lines[first + 1] == "     + 1.5·0.875 + 1.75·(−1.125) + 2·1.25] = 1.28125"


def test_the_summary_never_cuts_a_number():
    """At 80 columns the statistics of long decimals do not fit a table: every figure still
    appears whole (issue: `−893.…`, `994,1…`)."""
    from convtrace.numbers import UNICODE
    from convtrace.render.summary import print_summary
    from tests.reference import conv2d

    rng = np.random.default_rng(0)
    x = rng.uniform(-1000, 1000, (3, 12, 12)).round(3)
    w = rng.uniform(-5, 5, (4, 3, 3, 3)).round(3)
    trace = convtrace.trace(x, [{"weights": k, "bias": 1.25} for k in w], padding=1)
    expected = conv2d(x.tolist(), w.tolist(), [1.25] * 4, padding=(1, 1, 1, 1))
    for width in (80, 60):
        console = Console(width=width, file=io.StringIO(), color_system=None, record=True)
        print_summary(console, trace)
        text = console.export_text()
        words = text.split()
        assert max(len(line) for line in text.splitlines()) <= width
        for plane in expected:
            values = [v for row in plane for v in row]
            for extreme in (min(values), max(values)):
                assert UNICODE.number(round(extreme, 9)) in words
        assert "…" not in text

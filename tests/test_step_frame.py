"""Frames of the walkthrough, rendered into a recording console of a terminal's size."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

import convtrace
from convtrace.step.frame import StepView, viewport
from convtrace.step.keys import RIGHT
from convtrace.step.state import State, Walk, next_state, start
from tests.conftest import SAMPLES
from tests.reference import reference_of
from tests.strategies import tasks
from tests.strategies import trace_of as run_task

SEED_OUTPUT = [[3, 7, 4], [17, -7, 1], [14, 25, 13]]


@pytest.fixture(scope="module")
def seed():
    return convtrace.trace(SAMPLES / "seed.json")


def render(trace, state: State, walk: Walk, *, width=80, height=24, color=False, ascii=False):
    """The frame as the terminal shows it, line by line (trailing blanks dropped)."""
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        color_system="truecolor" if color else None,
        record=True,
    )
    view = StepView(trace, walk, plain=not color, ascii=ascii, auto=0.8)
    console.print(view.frame(state))
    text = console.export_text()
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    assert len(lines) == height, "the frame fills the screen exactly"
    assert max(len(line) for line in lines) <= width
    return [line.rstrip() for line in lines]


def walk_to(walk: Walk, where=(0, 0, 0), keys=()) -> State:
    state = start(walk, where)
    for key in keys:
        state = next_state(state, key, walk)
    return state


# Read and judged: the lecture note's second cell at 80×24 without colour (the window boxed).
SEED_CELL_0_0_1 = """\
o[0, 0, 1]   filter w0 · row 0, col 1 · cell 2 of 9        F = 3 · s = 2 · P = 1
window: padded rows 0–2, cols 2–4 · before: cols 0–2 · s = 2

R (padded)                G (padded)                B (padded)
 0  0 [0  0  0] 0  0       0  0 [0  0  0] 0  0       0  0 [0  0  0] 0  0
 0  1 [1  0  2] 0  0       0  2 [0  1  1] 3  0       0  0 [0  1  2] 0  0
 0  2 [0  3  3] 0  0       0  1 [0  1  3] 0  0       0  2 [3  2  0] 3  0
 0  0  2  2  3  1  0       0  1  2  3  3  3  0       0  3  1  0  2  0  0
 0  1  1  2  1  0  0       0  3  0  0  0  2  0       0  1  0  1  2  2  0
 0  0  1  2  2  0  0       0  1  0  2  3  3  0       0  2  2  3  0  1  0
 0  0  0  0  0  0  0       0  0  0  0  0  0  0       0  0  0  0  0  0  0

R kernel     products     G kernel     products     B kernel     products
 1   0  −1    0   0   0    0  −1   0    0   0   0   −1  −1  −1    0   0   0
 0   0   0    0   0   0   −1   4  −1    0   4  −1   −1   8  −1    0   8  −2
−1   0   1    0   0   3    0  −1   0    0  −1   0   −1  −1  −1   −3  −2   0
             sum = 3                   sum = 2                   sum = 1

o[0, 0, 1] = 3 + 2 + 1 + 1 = 7                             output o[0] (w0)
                                                             3 [ 7]  ·
                                                             ·   ·   ·
                                                             ·   ·   ·

→ next cell  ← back  ↓↑ row  g go to  Home/End  ? help  q quit"""


def test_seed_second_cell_frame(seed):
    walk = Walk.of(seed)
    state = walk_to(walk, keys=[RIGHT])
    assert "\n".join(render(seed, state, walk)) == SEED_CELL_0_0_1


@pytest.mark.parametrize("index", range(9))
def test_every_seed_cell_fits_80x24_and_shows_its_value(seed, index):
    walk = Walk.of(seed)
    state = walk_to(walk, keys=[RIGHT] * index)
    i, j = divmod(index, 3)
    lines = render(seed, state, walk)
    text = "\n".join(lines)
    value = SEED_OUTPUT[i][j]
    total = f"o[0, {i}, {j}] = "
    line = next(line for line in lines if line.startswith(total))
    assert line.split("    ")[0].endswith(f"= {value}".replace("-", "−"))
    assert f"cell {index + 1} of 9" in lines[0]
    cell = seed.cell(0, i, j)
    for step in cell.channels:
        assert f"sum = {step.sum}".replace("-", "−") in text


def test_the_output_fills_in_as_the_walk_goes(seed):
    walk = Walk.of(seed)
    state = walk_to(walk, keys=[RIGHT] * 8)
    lines = render(seed, state, walk)
    grid = [line[55:].strip() for line in lines[19:22]]
    assert grid == ["3   7   4", "17  −7   1", "14  25 [13]"]
    back = next_state(state, "home", walk)
    grid = [line[55:].strip() for line in render(seed, back, walk)[19:22]]
    assert grid == ["[ 3]  7   4", "17  −7   1", "14  25  13"]  # visited cells stay filled


def test_only_visited_cells_are_filled(seed):
    walk = Walk.of(seed)
    state = walk_to(walk, keys=["end"])
    grid = [line[55:].strip() for line in render(seed, state, walk)[19:22]]
    assert grid == ["3   ·   ·", "·   ·   ·", "·   · [13]"]


def test_the_row_above_is_the_window_before_at_the_start_of_a_row(seed):
    walk = Walk.of(seed)
    lines = render(seed, walk_to(walk, (0, 1, 0)), walk)
    assert "window: padded rows 2–4, cols 0–2 · before: rows 0–2 · s = 2" in lines[1]
    first = render(seed, walk_to(walk), walk)
    assert "its first position" in first[1]


def test_colour_highlights_the_window_and_underlines_the_one_before(seed):
    walk = Walk.of(seed)
    view = StepView(seed, walk, plain=False)
    lines = view.lines(walk_to(walk, (0, 0, 1)), 80, 24)
    row = lines[5]  # padded row 1 of R: 0  1  1  0  2  0  0
    assert row.plain.startswith("0  1  1  0  2  0  0")
    console = Console(width=80, color_system="truecolor", file=io.StringIO())

    def style(offset):
        return row.get_style_at_offset(console, offset)

    for offset in (0, 1, 3):  # cols 0–1, the gap included: only the window before
        assert style(offset).underline and not style(offset).reverse
    for offset in (6, 8, 9, 12):  # cols 2–4, gaps included: the window, one block
        assert style(offset).reverse and not style(offset).underline
    assert not style(15).underline and not style(15).reverse  # col 5: neither


def test_plain_frames_mark_the_window_with_brackets_in_ascii(seed):
    walk = Walk.of(seed)
    lines = render(seed, walk_to(walk, (0, 1, 1)), walk, ascii=True)
    text = "\n".join(lines)
    assert " 0  2 [0  3  3] 0  0" in text
    assert "o[0, 1, 1] = -3 + 6 + (-11) + 1 = -7" in text
    assert "-> next cell  <- back" in lines[-1]


def test_colour_frame_fits_too(seed):
    walk = Walk.of(seed)
    lines = render(seed, walk_to(walk, (0, 2, 1)), walk, color=True)
    assert any("o[0, 2, 1] = " in line and line.split("    ")[0].endswith("= 25") for line in lines)


# --- --fine ---------------------------------------------------------------------------------


def test_fine_mode_before_the_first_product(seed):
    walk = Walk.of(seed, fine=True)
    lines = render(seed, walk_to(walk, (0, 0, 1)), walk)
    text = "\n".join(lines)
    assert "o[0, 0, 1] = ? + ? + ? + 1 = ?" in text
    assert "the window is in place" in text
    assert "→ next product" in lines[-1]
    products = lines[13:16]
    assert all(line[13:23].split() == ["·", "·", "·"] for line in products)


def test_fine_mode_reveals_products_with_the_running_sum(seed):
    walk = Walk.of(seed, fine=True)
    state = walk_to(walk, (0, 0, 1), keys=[RIGHT] * 14)  # product 14: G, kernel row 1, col 1
    lines = render(seed, state, walk)
    text = "\n".join(lines)
    assert "product 14 of 27: G, kernel row 1, col 1" in text
    assert "1·4 = 4 · G so far: 4" in text
    assert "o[0, 0, 1] = 3 + 4… + ? + 1 = ?" in text
    # R complete, G up to its centre, B not begun; "?" in the output until the cell is done
    assert lines[13][13:23].split() == ["0", "0", "0"]
    assert lines[14][39:49].split() == ["0", "4", "·"]
    assert lines[14][65:75].split() == ["·", "·", "·"]
    assert "sum = 3" in lines[16] and "sum = 4…" in lines[16] and "sum = ?" in lines[16]
    assert "[ ?]" in text


def test_fine_mode_complete_cell(seed):
    walk = Walk.of(seed, fine=True)
    state = walk_to(walk, (0, 0, 1), keys=[RIGHT] * 28)
    text = "\n".join(render(seed, state, walk))
    assert "o[0, 0, 1] = 3 + 2 + 1 + 1 = 7" in text
    assert "all 27 products are in" in text
    assert "[ 7]" in text


# --- overlays, sizes, other tasks ----------------------------------------------------------


def test_help_overlay_lists_the_keys(seed):
    walk = Walk.of(seed)
    state = next_state(start(walk), "?", walk)
    text = "\n".join(render(seed, state, walk))
    for words in ("next cell", "previous", "go to a cell", "first / last cell", "quit", "Esc"):
        assert words in text
    assert "o[0, 0, 0]" in text  # drawn over the frame, which stays around it


def test_status_line_shows_go_to_typing_and_messages(seed):
    walk = Walk.of(seed)
    typing = walk_to(walk, keys=["g", "1", ","])
    assert render(seed, typing, walk)[-1].startswith("go to cell (k,i,j or i,j): 1,_")
    stopped = walk_to(walk, keys=["left"])
    assert render(seed, stopped, walk)[-1].startswith("this is the first cell")


def test_auto_mode_status(seed):
    walk = Walk.of(seed, auto=True)
    assert "a step every 0.8 s" in render(seed, start(walk, playing=True), walk)[-1]
    paused = next_state(start(walk, playing=True), "x", walk)
    assert "paused · space plays" in render(seed, paused, walk)[-1]


def test_a_terminal_too_small_says_so(seed):
    walk = Walk.of(seed)
    lines = render(seed, start(walk), walk, width=30, height=10)
    assert lines[0].startswith("The terminal is 30×10")


def test_a_larger_volume_shows_a_viewport_and_says_so():
    x = [[[(r * 31 + c) % 19 - 9 for c in range(30)] for r in range(30)] for _ in range(3)]
    trace = convtrace.trace(x, [[[[1, 0, -1]] * 3] * 3], padding=1)
    walk = Walk.of(trace)
    state = walk_to(walk, (0, 14, 20))
    lines = render(trace, state, walk)
    text = "\n".join(lines)
    assert "view: padded rows" in lines[2] and "of 32×32" in lines[2]
    assert "[" in text  # the window is in view
    assert f"= {trace.output[0, 14, 20]}".replace("-", "−") in text
    assert "o[0] rows" in text  # the output volume through a viewport too


def test_many_channels_are_paged():
    x = [[[c + r for r in range(5)]] * 5 for c in range(8)]
    trace = convtrace.trace(x, [[[[1, 1], [1, 1]]] * 8])
    walk = Walk.of(trace)
    lines = render(trace, start(walk), walk)
    assert "channels 1–3 of 8 (c / C: more)" in lines[2]
    later = next_state(next_state(next_state(start(walk), "c", walk), "c", walk), "c", walk)
    assert "channels 4–6 of 8" in render(trace, later, walk)[2]


def test_a_1d_signal():
    trace = convtrace.trace([1, 2, 3, 4, 5, 6, 7, 8], [[[1, 0, -1]]], padding=1)
    walk = Walk.of(trace)
    lines = render(trace, walk_to(walk, (0, 0, 3)), walk)
    assert "filter w0 · position 3 · cell 4 of 8" in lines[0]
    assert "window: padded positions 3–5 · before: positions 2–4 · s = 1" in lines[1]


def test_viewport_keeps_the_window_in_view_and_moves_in_jumps():
    assert viewport(7, 2, 4, 10) == range(7)
    assert viewport(32, 0, 2, 9) == range(0, 9)
    views = [viewport(32, first, first + 2, 9) for first in range(30)]
    for first, view in enumerate(views):
        assert view.start <= first and first + 2 < view.stop and len(view) == 9
    assert len({v.start for v in views}) < 12  # the view jumps, it does not follow every step


@settings(max_examples=40, deadline=None)
@given(tasks(), st.integers(0, 10_000), st.booleans(), st.sampled_from([(80, 24), (100, 30)]))
def test_any_task_any_cell_fits_the_screen_and_shows_the_reference_value(spec, n, fine, size):
    trace = run_task(spec)
    walk = Walk.of(trace, fine=fine)
    where = walk.position(n % walk.cells)
    state = start(walk, where)
    if fine:
        state = next_state(state, "end", walk)
        where = state.position
    lines = render(trace, state, walk, width=size[0], height=size[1])
    k, i, j = where
    value = reference_of(spec)[k][i][j]
    total = next(line for line in lines if line.startswith(f"o[{k}, {i}, {j}] = "))
    assert total.split("    ")[0].endswith(f" = {value}".replace("-", "−"))


def test_readme_shows_the_frame_as_it_is():
    readme = (SAMPLES.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Step through it", 1)[1].split("\n## ", 1)[0]
    shown = section.split("```text\n", 1)[1].split("\n```", 1)[0]
    assert shown == SEED_CELL_0_0_1


def test_the_keys_line_fits_by_leaving_out_what_help_lists():
    trace = convtrace.trace(SAMPLES / "cs231n.json")
    walk = Walk.of(trace, fine=True, auto=True)
    paused = next_state(start(walk, playing=True), "x", walk)
    paused = next_state(paused, RIGHT, walk)  # the message is gone
    line = render(trace, paused, walk, ascii=True)[-1]
    assert line.startswith("paused | space plays")
    assert line.endswith("? help  q quit")


def test_a_view_without_a_plain_setting_follows_the_console(seed):
    walk = Walk.of(seed)
    view = StepView(seed, walk)
    state = walk_to(walk, (0, 0, 1))
    console = Console(width=80, height=24, file=io.StringIO(), color_system=None, record=True)
    console.print(view.frame(state))
    assert " 0  0 [0  0  0] 0  0" in console.export_text()
    console = Console(width=80, height=24, file=io.StringIO(), color_system="256", record=True)
    console.print(view.frame(state))
    assert "before (underlined): cols 0–2" in console.export_text()

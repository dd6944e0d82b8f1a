"""The walkthrough's stepping logic, key by key, without a terminal."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from convtrace.step.keys import (
    BACKSPACE,
    DOWN,
    END,
    ENTER,
    EOF,
    ESCAPE,
    HOME,
    INTERRUPT,
    LEFT,
    RIGHT,
    SPACE,
    TICK,
    UP,
)
from convtrace.step.state import State, Walk, next_state, parse_goto, start

SEED = Walk(filters=1, rows=3, cols=3, channels=3, kernel=(3, 3))
TWO = Walk(filters=2, rows=3, cols=3, channels=3, kernel=(3, 3))  # like samples/cs231n.json
FINE = Walk(filters=1, rows=3, cols=3, channels=3, kernel=(3, 3), fine=True)


def press(state: State, walk: Walk, *keys: str) -> State:
    for key in keys:
        state = next_state(state, key, walk)
    return state


def test_the_walk_starts_at_the_first_cell_which_counts_as_visited():
    state = start(SEED)
    assert state.position == (0, 0, 0)
    assert state.visited == {(0, 0, 0)}
    assert state.complete(SEED)
    assert not state.help and state.goto is None and not state.quit


@pytest.mark.parametrize("key", [RIGHT, SPACE, "n"])
def test_next_keys_move_one_cell_in_reading_order(key):
    state = press(start(SEED), SEED, key)
    assert state.position == (0, 0, 1)
    state = press(state, SEED, key, key)  # the end of the row wraps to the next row
    assert state.position == (0, 1, 0)
    assert state.visited == {(0, 0, 0), (0, 0, 1), (0, 0, 2), (0, 1, 0)}


@pytest.mark.parametrize("key", [LEFT, "p", BACKSPACE])
def test_previous_keys_move_back(key):
    state = press(start(SEED, (0, 1, 0)), SEED, key)
    assert state.position == (0, 0, 2)
    assert press(state, SEED, key).position == (0, 0, 1)


def test_all_nine_cells_forward_and_back():
    state = start(SEED)
    seen = [state.position]
    for _ in range(8):
        state = press(state, SEED, RIGHT)
        seen.append(state.position)
    assert seen == [(0, i, j) for i in range(3) for j in range(3)]
    assert len(state.visited) == 9
    for _ in range(8):
        state = press(state, SEED, LEFT)
    assert state.position == (0, 0, 0)
    assert len(state.visited) == 9  # visited cells stay filled in


def test_the_walk_stops_at_the_last_cell_and_says_so():
    state = press(start(SEED), SEED, END)
    assert state.position == (0, 2, 2)
    stopped = press(state, SEED, RIGHT)
    assert stopped.position == (0, 2, 2)
    assert "last cell" in stopped.message
    assert press(stopped, SEED, LEFT).message == ""  # a message lasts one key


def test_the_walk_stops_at_the_first_cell_and_says_so():
    state = press(start(SEED), SEED, LEFT)
    assert state.position == (0, 0, 0)
    assert "first cell" in state.message


def test_home_and_end():
    state = press(start(SEED), SEED, END)
    assert state.position == (0, 2, 2)
    assert press(state, SEED, HOME).position == (0, 0, 0)
    assert press(start(TWO), TWO, END).position == (1, 2, 2)


def test_rows_down_and_up_keep_the_column_and_stop_at_the_edges():
    state = press(start(SEED, (0, 0, 2)), SEED, DOWN)
    assert state.position == (0, 1, 2)
    state = press(state, SEED, DOWN)
    assert state.position == (0, 2, 2)
    below = press(state, SEED, DOWN)
    assert below.position == (0, 2, 2) and "no row below" in below.message
    above = press(start(SEED, (0, 0, 1)), SEED, UP)
    assert above.position == (0, 0, 1) and "no row above" in above.message
    assert press(state, SEED, UP).position == (0, 1, 2)


def test_filters_next_and_previous():
    state = press(start(TWO, (0, 1, 2)), TWO, "f")
    assert state.position == (1, 1, 2)
    last = press(state, TWO, "f")
    assert last.position == (1, 1, 2) and "last filter" in last.message
    assert press(state, TWO, "F").position == (0, 1, 2)
    first = press(start(TWO), TWO, "F")
    assert first.position == (0, 0, 0) and "first filter" in first.message
    assert "one filter" in press(start(SEED), SEED, "f").message


def test_next_crosses_from_one_filter_to_the_next():
    state = press(start(TWO, (0, 2, 2)), TWO, RIGHT)
    assert state.position == (1, 0, 0)
    assert press(state, TWO, LEFT).position == (0, 2, 2)


def test_go_to_a_cell_typed_as_k_i_j_or_i_j():
    state = press(start(TWO), TWO, "g")
    assert state.goto == ""
    state = press(state, TWO, "1", ",", "2", ",", "0")
    assert state.goto == "1,2,0"
    state = press(state, TWO, ENTER)
    assert state.position == (1, 2, 0) and state.goto is None
    # i,j stays in the current filter
    assert press(state, TWO, "g", "0", ",", "1", ENTER).position == (1, 0, 1)
    assert press(start(SEED), SEED, "g", "2", SPACE, "1", ENTER).position == (0, 2, 1)


def test_go_to_editing_cancelling_and_mistakes():
    typing = press(start(SEED), SEED, "g", "1", "2", BACKSPACE)
    assert typing.goto == "1"
    assert press(typing, SEED, "x", "q").goto == "1"  # other keys do nothing while typing
    assert press(typing, SEED, ESCAPE).goto is None
    assert not press(typing, SEED, ESCAPE).quit
    assert press(start(SEED), SEED, "g", BACKSPACE).goto is None
    wrong = press(start(SEED), SEED, "g", "5", ",", "0", ENTER)
    assert wrong.position == (0, 0, 0) and wrong.goto is None
    assert "row 5 is outside 0–2" in wrong.message
    assert "k,i,j" in press(start(SEED), SEED, "g", "1", ENTER).message


def test_parse_goto():
    assert parse_goto("0,1,2", SEED) == (0, 1, 2)
    assert parse_goto(" 1 , 2 ", SEED) == (0, 1, 2)
    assert parse_goto("1;2", TWO, current_filter=1) == (1, 1, 2)
    assert parse_goto("1,0,0", SEED) == "no cell 1,0,0: filter 1 is outside 0–0"
    assert parse_goto("0,0,3", SEED) == "no cell 0,0,3: col 3 is outside 0–2"
    assert "k,i,j" in parse_goto("", SEED)
    assert "k,i,j" in parse_goto("1,2,3,4", SEED)


def test_help_opens_and_any_key_closes_it_but_q_quits():
    state = press(start(SEED), SEED, "?")
    assert state.help
    closed = press(state, SEED, RIGHT)
    assert not closed.help and closed.position == (0, 0, 0)  # the key only closed the help
    assert press(state, SEED, "q").quit


@pytest.mark.parametrize("key", ["q", "Q", ESCAPE, INTERRUPT, EOF])
def test_quit_keys(key):
    assert press(start(SEED), SEED, key).quit


@pytest.mark.parametrize(
    ("keys", "said"),
    [
        ([LEFT], "this is the first cell · → goes on"),
        (["x"], "unknown key · ? lists the keys"),
        (["f"], "there is one filter"),
        (["g", "0", ",", "9", ENTER], "no cell 0,0,9: col 9 is outside 0–2"),
    ],
)
def test_escape_after_a_message_dismisses_it_and_a_second_one_quits(keys, said):
    told = press(start(SEED), SEED, *keys)
    assert told.message == said
    dismissed = press(told, SEED, ESCAPE)
    assert not dismissed.quit and dismissed.message == ""
    assert (dismissed.position, dismissed.visited) == (told.position, told.visited)
    assert press(dismissed, SEED, ESCAPE).quit


def test_q_quits_even_with_a_message_on_screen():
    told = press(start(SEED, (0, 2, 2)), SEED, RIGHT)
    assert "last cell" in told.message
    assert press(told, SEED, "q").quit
    assert press(told, SEED, INTERRUPT).quit


def test_escape_after_pausing_dismisses_the_pause_message():
    paused = press(start(AUTO, playing=True), AUTO, RIGHT)
    assert not paused.playing and paused.message == "paused · space plays on"
    dismissed = press(paused, AUTO, ESCAPE)
    assert not dismissed.quit and dismissed.message == "" and not dismissed.playing
    assert press(dismissed, AUTO, ESCAPE).quit


def test_unknown_keys_say_where_the_keys_are():
    state = press(start(SEED), SEED, "x")
    assert not state.quit and state.position == (0, 0, 0)
    assert "?" in state.message


def test_channel_focus_moves_and_stops_at_the_ends():
    state = press(start(SEED), SEED, "c", "c", "c", "c")
    assert state.channel == 2
    assert press(state, SEED, "C", "C", "C").channel == 0


# --- --fine ---------------------------------------------------------------------------------


def test_fine_mode_reveals_one_product_at_a_time():
    state = start(FINE)
    assert state.sub == 0 and state.revealed(FINE) == 0
    assert not state.complete(FINE) and state.visited == frozenset()
    state = press(state, FINE, RIGHT)
    assert state.current_product(FINE) == 0 and state.revealed(FINE) == 1
    for _ in range(26):
        state = press(state, FINE, RIGHT)
    assert state.revealed(FINE) == 27 and state.current_product(FINE) == 26
    assert state.channel == 2  # the product's channel is in focus
    state = press(state, FINE, RIGHT)
    assert state.complete(FINE) and state.visited == {(0, 0, 0)}
    state = press(state, FINE, RIGHT)
    assert state.position == (0, 0, 1) and state.sub == 0


def test_fine_mode_back_goes_to_the_previous_cell_complete():
    state = press(start(FINE, (0, 0, 1)), FINE, LEFT)
    assert state.position == (0, 0, 0) and state.complete(FINE)
    assert press(state, FINE, LEFT).sub == FINE.products


def test_fine_mode_product_order_is_channel_then_row_then_column():
    assert FINE.product(0) == (0, 0, 0)
    assert FINE.product(5) == (0, 1, 2)
    assert FINE.product(9) == (1, 0, 0)
    assert FINE.product(26) == (2, 2, 2)


def test_fine_mode_end_shows_the_last_cell_complete_and_moves_start_fresh():
    state = press(start(FINE), FINE, END)
    assert state.position == (0, 2, 2) and state.complete(FINE)
    assert "last cell" in press(state, FINE, RIGHT).message
    assert press(start(FINE), FINE, DOWN).sub == 0


# --- --auto ---------------------------------------------------------------------------------

AUTO = Walk(filters=1, rows=3, cols=3, channels=3, kernel=(3, 3), auto=True)


def test_ticks_advance_only_while_playing():
    state = start(AUTO, playing=True)
    state = press(state, AUTO, TICK)
    assert state.position == (0, 0, 1)
    paused = press(state, AUTO, "x")
    assert not paused.playing and paused.position == (0, 0, 1) and "paused" in paused.message
    assert press(paused, AUTO, TICK).position == (0, 0, 1)
    assert press(paused, AUTO, RIGHT).position == (0, 0, 2)  # paused, keys step as usual
    resumed = press(paused, AUTO, SPACE)
    assert resumed.playing and resumed.position == (0, 0, 1)


def test_any_key_pauses_without_acting_but_q_quits():
    playing = start(AUTO, playing=True)
    assert press(playing, AUTO, RIGHT).position == (0, 0, 0)
    assert not press(playing, AUTO, RIGHT).playing
    assert press(playing, AUTO, "q").quit
    helped = press(playing, AUTO, "?")
    assert helped.help and not helped.playing


def test_auto_stops_at_the_end_and_space_plays_again_from_the_start():
    state = start(AUTO, playing=True)
    for _ in range(8):
        state = press(state, AUTO, TICK)
    assert state.position == (0, 2, 2) and not state.playing
    assert "end" in state.message
    again = press(state, AUTO, SPACE)
    assert again.position == (0, 0, 0) and again.playing


def test_ticks_are_ignored_while_help_or_go_to_are_open():
    state = start(AUTO, playing=True)
    state = State(playing=True, help=True, visited=state.visited)
    assert press(state, AUTO, TICK).position == (0, 0, 0)


# --- properties -----------------------------------------------------------------------------

KEYS = [RIGHT, LEFT, UP, DOWN, HOME, END, SPACE, BACKSPACE, "n", "p", "f", "F", "c", "C", "?"]


@st.composite
def walks(draw):
    return Walk(
        filters=draw(st.integers(1, 3)),
        rows=draw(st.integers(1, 4)),
        cols=draw(st.integers(1, 4)),
        channels=draw(st.integers(1, 3)),
        kernel=(draw(st.integers(1, 3)), draw(st.integers(1, 3))),
        fine=draw(st.booleans()),
    )


@settings(max_examples=200, deadline=None)
@given(walks(), st.lists(st.sampled_from(KEYS), max_size=40))
def test_any_keys_keep_the_walk_inside_the_output(walk, keys):
    state = start(walk)
    for key in keys:
        state = next_state(state, key, walk)
        k, i, j = state.position
        assert 0 <= k < walk.filters and 0 <= i < walk.rows and 0 <= j < walk.cols
        assert 0 <= state.sub <= walk.last_sub
        assert 0 <= state.channel < walk.channels
        assert state.position in state.visited or not state.complete(walk)
        assert not state.quit


@settings(max_examples=100, deadline=None)
@given(walks(), st.data())
def test_next_then_previous_comes_back(walk, data):
    places = walk.cells * (walk.last_sub + 1)  # every (cell, sub-step) the walk stops at
    assume(places >= 2)  # a walk of one place has no next
    steps = data.draw(st.integers(0, places - 2), label="steps")  # leaves a next to go to
    state = start(walk)
    for _ in range(steps):
        state = next_state(state, RIGHT, walk)
    where = (state.position, state.sub)
    moved = next_state(state, RIGHT, walk)
    assert moved.message == "" and (moved.position, moved.sub) != where
    back = next_state(moved, LEFT, walk)
    assert (back.position, back.sub) == where


@settings(max_examples=50, deadline=None)
@given(walks())
def test_next_at_the_last_place_stays_and_says_so(walk):
    last = next_state(start(walk), END, walk)
    moved = next_state(last, RIGHT, walk)
    assert (moved.position, moved.sub) == (last.position, last.sub)
    assert f"that was the last cell ({walk.cells} of {walk.cells})" in moved.message


def test_walk_index_and_position_are_inverse():
    for index in range(TWO.cells):
        assert TWO.index(TWO.position(index)) == index


def test_a_1d_signal_takes_cells_as_k_j_or_j():
    signal = Walk(filters=2, rows=1, cols=6, one_d=True)
    assert parse_goto("4", signal, current_filter=1) == (1, 0, 4)
    assert parse_goto("0,5", signal, current_filter=1) == (0, 0, 5)
    assert parse_goto("1,0,2", signal) == (1, 0, 2)
    assert "k,j or j" in parse_goto("", signal)
    assert "one row" in press(start(signal), signal, DOWN).message

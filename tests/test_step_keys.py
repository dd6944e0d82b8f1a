"""Key decoding: the escape sequences terminals send, in their common dialects."""

from __future__ import annotations

import pytest

from convtrace.step.keys import (
    BACKSPACE,
    DOWN,
    END,
    ENTER,
    ESCAPE,
    HOME,
    INTERRUPT,
    LEFT,
    RIGHT,
    SPACE,
    UNKNOWN,
    UP,
    decode,
    split_keys,
)


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("\x1b[C", RIGHT),
        ("\x1bOC", RIGHT),  # application cursor mode (SS3)
        ("\x1b[1;5C", RIGHT),  # with a modifier (Ctrl+→)
        ("\x1b[D", LEFT),
        ("\x1bOD", LEFT),
        ("\x1b[A", UP),
        ("\x1b[B", DOWN),
        ("\x1b[H", HOME),
        ("\x1bOH", HOME),
        ("\x1b[1~", HOME),  # Linux console, tmux, screen
        ("\x1b[7~", HOME),  # rxvt
        ("\x1b[F", END),
        ("\x1bOF", END),
        ("\x1b[4~", END),
        ("\x1b[8~", END),
        ("\x1b", ESCAPE),
        ("\r", ENTER),
        ("\n", ENTER),
        ("\x7f", BACKSPACE),
        ("\x08", BACKSPACE),
        (" ", SPACE),
        ("\x03", INTERRUPT),
        ("q", "q"),
        ("F", "F"),
        ("?", "?"),
        ("7", "7"),
        ("\x1b[5~", UNKNOWN),  # Page Up: not a walkthrough key
        ("\x1b[Z", UNKNOWN),
        ("\x01", UNKNOWN),
    ],
)
def test_decode(raw, name):
    assert decode(raw) == name


@pytest.mark.parametrize(
    ("raw", "name"),
    [("\xe0M", RIGHT), ("\xe0K", LEFT), ("\xe0H", UP), ("\xe0P", DOWN), ("\x00G", HOME)],
)
def test_decode_windows_console_keys(raw, name):
    assert decode(raw, windows=True) == name


def test_e_grave_is_a_letter_outside_windows():
    assert decode("\xe0") == "\xe0"


def test_several_keys_in_one_read():
    keys, tail = split_keys("\x1b[C\x1b[Cn\x1bOD q")
    assert keys == [RIGHT, RIGHT, "n", LEFT, SPACE, "q"]
    assert tail == ""


def test_a_sequence_cut_short_waits_for_the_rest():
    keys, tail = split_keys("n\x1b[")
    assert keys == ["n"] and tail == "\x1b["
    keys, tail = split_keys(tail + "B")
    assert keys == [DOWN] and tail == ""
    keys, tail = split_keys("\x1b")
    assert keys == [] and tail == "\x1b"


def test_when_nothing_more_comes_a_lone_escape_is_the_escape_key():
    assert split_keys("\x1b", final=True) == ([ESCAPE], "")
    assert split_keys("\x1b\x1b", final=True) == ([ESCAPE, ESCAPE], "")
    assert split_keys("\x1b[1", final=True) == ([UNKNOWN], "")

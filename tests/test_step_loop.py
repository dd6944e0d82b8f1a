"""The I/O loop with a scripted keyboard and a console that is a terminal but writes to memory."""

from __future__ import annotations

import io
import time

from rich.console import Console
from rich.text import Text

import convtrace
from convtrace.step.frame import StepView
from convtrace.step.loop import _loop, is_interactive
from convtrace.step.state import Walk, start
from tests.conftest import SAMPLES


class Keyboard:
    """Hands out the scripted batches of keys, one per read; then q."""

    def __init__(self, *batches: list[str]) -> None:
        self.batches = list(batches)
        self.timeouts: list[float] = []

    def read(self, timeout: float) -> list[str]:
        self.timeouts.append(timeout)
        keys = self.batches.pop(0) if self.batches else ["q"]
        if not keys:
            time.sleep(0.001)  # a quiet read takes its time
        return keys


class Spy:
    """Stands in for the StepView: records the states it is asked to draw."""

    def __init__(self) -> None:
        self.drawn = []

    def frame(self, state):
        self.drawn.append(state)
        return Text(f"cell {state.position}")


def terminal() -> Console:
    console = Console(
        file=io.StringIO(), force_terminal=True, width=80, height=24, color_system=None
    )
    console.set_alt_screen(True)
    return console


def run_loop(walk, state, keyboard, auto=None):
    spy = Spy()
    _loop(terminal(), keyboard, spy, walk, state, auto, [False])
    return [s.position for s in spy.drawn]


def test_each_key_batch_is_drawn_once_and_q_ends_the_loop():
    walk = Walk(1, 3, 3, 3, (3, 3))
    keys = Keyboard(["right", "right"], [], ["left"], ["q", "right"])
    drawn = run_loop(walk, start(walk), keys)
    assert drawn == [(0, 0, 0), (0, 0, 2), (0, 0, 1)]  # a quiet read draws nothing
    assert keys.batches == []


def test_auto_ticks_move_on_and_a_key_pauses():
    walk = Walk(1, 3, 3, 3, (3, 3), auto=True)
    keys = Keyboard([], [], ["x"], [], [], ["q"])
    drawn = run_loop(walk, start(walk, playing=True), keys, auto=1e-6)
    assert drawn == [(0, 0, 0), (0, 0, 1), (0, 0, 2), (0, 0, 2)]  # the pause redraws the status
    assert all(timeout <= 0.25 for timeout in keys.timeouts)


def test_the_loop_redraws_when_resumed_after_ctrl_z():
    walk = Walk(1, 3, 3, 3, (3, 3))
    resumed = [False]

    class Suspending(Keyboard):
        def read(self, timeout):
            if len(self.timeouts) == 1:
                resumed[0] = True  # as the SIGTSTP handler does on `fg`
            return super().read(timeout)

    spy = Spy()
    _loop(terminal(), Suspending([], [], ["q"]), spy, walk, start(walk), None, resumed)
    assert len(spy.drawn) == 2 and resumed == [False]


def test_the_real_frames_go_to_the_terminal():
    trace = convtrace.trace(SAMPLES / "seed.json")
    walk = Walk.of(trace)
    console = terminal()
    _loop(console, Keyboard(["right"]), StepView(trace, walk), walk, start(walk), None, [False])
    written = console.file.getvalue()
    assert "cell 2 of 9" in written and "o[0, 0, 1] = 3 + 2 + 1 + 1 = 7" in written
    assert "\x1b[1;1H" in written  # drawn in place, line by line, not scrolled


def test_is_interactive_wants_both_ends_to_be_a_terminal():
    class Stream:
        def __init__(self, tty):
            self.tty = tty

        def isatty(self):
            return self.tty

    assert is_interactive(Stream(True), Stream(True))
    assert not is_interactive(Stream(True), Stream(False))
    assert not is_interactive(Stream(False), Stream(True))
    assert not is_interactive(object(), Stream(True))

"""The thin I/O loop of the walkthrough: read keys, feed the state machine, redraw.

Everything that decides lives in :mod:`.state` (what a key does) and :mod:`.frame` (what the
screen shows); this module only talks to the terminal. The screen is drawn on the alternate
screen and overwritten in place, line by line, so it does not flicker; the terminal's modes
are restored on every way out (``q``, Esc, Ctrl-C, SIGTERM, an error) and while Ctrl-Z has
the walk stopped.
"""

from __future__ import annotations

import codecs
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO

from rich.console import Console

from .. import language
from ..engine import Trace
from .chain import ChainStepView, chain_walk
from .frame import StepView
from .grad import GradStepView, grad_walk
from .keys import EOF, TICK, split_keys
from .state import Position, State, Walk, next_state, start

#: How long the rest of an escape sequence may take to arrive after its ESC.
ESCAPE_WAIT = 0.05
#: How often the loop looks at the terminal's size while waiting for a key.
RESIZE_POLL = 0.25


def is_interactive(stdin: IO | None = None, stdout: IO | None = None) -> bool:
    """True when both standard input (keys) and output (the screen) are a terminal."""
    stdin = sys.stdin if stdin is None else stdin
    stdout = sys.stdout if stdout is None else stdout
    try:
        return stdin.isatty() and stdout.isatty()
    except (AttributeError, ValueError):  # a closed or replaced stream
        return False


class _PosixKeys:
    """Keys from a POSIX terminal in cbreak mode (no echo, no line buffering; Ctrl-C stays
    a signal, so Python raises KeyboardInterrupt)."""

    def __init__(self, stream: IO) -> None:
        self.fd = stream.fileno()
        self.decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self.saved: list | None = None

    def __enter__(self) -> _PosixKeys:
        import termios

        self.saved = termios.tcgetattr(self.fd)
        self.take()
        return self

    def __exit__(self, *exc: object) -> None:
        self.give_back()

    def take(self) -> None:
        import tty

        tty.setcbreak(self.fd)

    def give_back(self) -> None:
        import termios

        if self.saved is not None:
            termios.tcsetattr(self.fd, termios.TCSADRAIN, self.saved)

    def _ready(self, timeout: float) -> bool:
        import select

        readable, _, _ = select.select([self.fd], [], [], max(0.0, timeout))
        return bool(readable)

    def read(self, timeout: float) -> list[str]:
        """The keys pressed within ``timeout`` seconds (none when it passes quietly)."""
        if not self._ready(timeout):
            return []
        data = os.read(self.fd, 1024)
        if not data:
            return [EOF]
        keys, tail = split_keys(self.decoder.decode(data))
        while tail:
            if self._ready(ESCAPE_WAIT):
                more = os.read(self.fd, 1024)
                if not more:
                    break
                new, tail = split_keys(tail + self.decoder.decode(more))
                keys += new
            else:
                break
        if tail:
            keys += split_keys(tail, final=True)[0]
        return keys


class _WindowsKeys:
    """Keys from a Windows console through msvcrt (not exercised by the test suite)."""

    def __enter__(self) -> _WindowsKeys:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def take(self) -> None:
        return None

    def give_back(self) -> None:
        return None

    def read(self, timeout: float) -> list[str]:
        import msvcrt

        deadline = time.monotonic() + timeout
        while not msvcrt.kbhit():  # type: ignore[attr-defined]
            if time.monotonic() >= deadline:
                return []
            time.sleep(0.02)
        char = msvcrt.getwch()  # type: ignore[attr-defined]
        if char in "\x00\xe0":
            char += msvcrt.getwch()  # type: ignore[attr-defined]
        return split_keys(char, final=True, windows=True)[0]


def _enter_screen(console: Console) -> None:
    console.set_alt_screen(True)
    console.show_cursor(False)


def _leave_screen(console: Console) -> None:
    console.show_cursor(True)
    console.set_alt_screen(False)
    console.file.flush()


@contextmanager
def _screen(console: Console) -> Iterator[None]:
    """The alternate screen with the cursor hidden, restored however the block ends."""
    _enter_screen(console)
    try:
        yield
    finally:
        _leave_screen(console)


@contextmanager
def _suspendable(console: Console, reader) -> Iterator[list[bool]]:
    """Ctrl-Z: give the terminal back while stopped and take it again on ``fg`` (POSIX).

    Yields a flag the handler sets on resuming, so the loop redraws the screen.
    """
    import signal

    resumed = [False]
    if not hasattr(signal, "SIGTSTP"):
        yield resumed
        return

    def suspend(signum, frame):
        _leave_screen(console)
        reader.give_back()
        signal.signal(signal.SIGTSTP, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGTSTP)  # stopped here until SIGCONT
        signal.signal(signal.SIGTSTP, suspend)
        reader.take()
        _enter_screen(console)
        resumed[0] = True

    try:
        previous = signal.signal(signal.SIGTSTP, suspend)
    except ValueError:  # not the main thread
        yield resumed
        return
    try:
        yield resumed
    finally:
        signal.signal(signal.SIGTSTP, previous)


def walk(
    trace: Trace,
    console: Console,
    *,
    fine: bool = False,
    auto: float | None = None,
    begin: Position = (0, 0, 0),
    ascii: bool = False,
    stdin: IO | None = None,
) -> int:
    """Run the walkthrough until the user quits; the exit status (0, or 130 after Ctrl-C)."""
    stdin = sys.stdin if stdin is None else stdin
    chain = hasattr(trace, "layers")  # a chain: every layer's cells, one long row of steps
    backward = hasattr(trace, "grad_input")  # grad --step: the gradient cells, likewise
    if backward:
        plan = grad_walk(trace, auto=auto is not None)
    elif chain:
        plan = chain_walk(trace, auto=auto is not None)
    else:
        plan = Walk.of(trace, fine=fine, auto=auto is not None)
    state = start(plan, begin, playing=auto is not None)
    plain = console.color_system is None or console.no_color
    if not console.is_terminal:  # e.g. TTY_COMPATIBLE=0: the caller checked it is a terminal
        console = Console(
            force_terminal=True,
            color_system=None if plain else "auto",
            no_color=console.no_color,
            highlight=False,
        )
    kind = GradStepView if backward else ChainStepView if chain else StepView
    view = kind(trace, plan, ascii=ascii, plain=plain, auto=auto)
    reader = _WindowsKeys() if os.name == "nt" else _PosixKeys(stdin)
    try:
        with (
            language.in_ascii(ascii),
            _ending_signals(),
            reader,
            _screen(console),
            _suspendable(console, reader) as resumed,
        ):
            _loop(console, reader, view, plan, state, auto, resumed)
    except KeyboardInterrupt:
        return 130
    return 0


@contextmanager
def _ending_signals() -> Iterator[None]:
    """SIGTERM and SIGHUP end the walk like Ctrl-C does, through the ``finally`` blocks that
    give the terminal back (by default they would kill the process and leave it raw)."""
    import signal

    names = [name for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    saved = {}

    def stop(signum, frame):
        raise SystemExit(128 + signum)

    try:
        for name in names:
            saved[name] = signal.signal(getattr(signal, name), stop)
    except ValueError:  # not the main thread: leave the signals alone
        pass
    try:
        yield
    finally:
        for name, handler in saved.items():
            signal.signal(getattr(signal, name), handler)


def _draw(console: Console, frame) -> None:
    """Overwrite the screen in place; a console without an alternate screen (the legacy
    Windows console) is cleared and printed instead."""
    if console.is_alt_screen:
        console.update_screen(frame)
    else:
        console.clear()
        console.print(frame, end="")


def _loop(console, reader, view: StepView, plan: Walk, state: State, auto, resumed) -> None:
    size = console.size
    _draw(console, view.frame(state))
    due = time.monotonic() + (auto or 0)
    while not state.quit:
        wait = RESIZE_POLL
        if auto and state.playing:
            wait = min(wait, due - time.monotonic())
        keys = reader.read(wait)
        before = state
        for key in keys:
            state = next_state(state, key, plan)
            if state.quit:
                return
        if auto and state.playing:
            now = time.monotonic()
            if not before.playing:  # resumed: a full interval before the next step
                due = now + auto
            elif now >= due:
                state = next_state(state, TICK, plan)
                due = now + auto
        if state != before or console.size != size or resumed[0]:
            size, resumed[0] = console.size, False
            _draw(console, view.frame(state))

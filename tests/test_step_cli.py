"""`convtrace run --step` from the command line: the checks, and the real thing in tmux."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import convtrace.step
from convtrace.cli import main
from tests.conftest import ROOT


def invoke(*args):
    return CliRunner().invoke(main, ["run", *args])


def test_step_needs_an_interactive_terminal(seed_path):
    result = invoke(str(seed_path), "--step")
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert "--step needs an interactive terminal" in lines[0]
    assert "--cell" in lines[0]


@pytest.mark.parametrize("option", [["--fine"], ["--auto", "0.5"]])
def test_fine_and_auto_go_with_step(seed_path, option):
    result = invoke(str(seed_path), *option)
    assert result.exit_code == 2
    assert result.stderr.strip() == "convtrace: --fine and --auto go with --step"


@pytest.mark.parametrize(
    "option",
    [
        ["--format", "json"],
        ["-q"],
        ["--cell", "0,0,0", "--cell", "0,1,1"],
        ["--export", "seed.md"],
        ["--format", "md"],
    ],
)
def test_step_shows_one_cell_at_a_time(seed_path, option):
    result = invoke(str(seed_path), "--step", *option)
    assert result.exit_code == 2
    assert "--step shows one cell at a time" in result.stderr


def test_auto_needs_a_positive_interval(seed_path):
    result = invoke(str(seed_path), "--step", "--auto", "0")
    assert result.exit_code == 2
    assert "--auto" in result.stderr


def test_step_hands_over_to_the_walkthrough(seed_path, monkeypatch):
    calls = []

    def fake_walk(trace, console, **options):
        calls.append((trace.output.tolist(), options))
        return 130

    monkeypatch.setattr(convtrace.step, "is_interactive", lambda: True)
    monkeypatch.setattr(convtrace.step, "walk", fake_walk)
    result = invoke(str(seed_path), "--step", "--fine", "--auto", "0.8", "--cell", "1,2", "--ascii")
    assert result.exit_code == 130  # the walkthrough's own status (Ctrl-C)
    [(output, options)] = calls
    assert output == [[[3, 7, 4], [17, -7, 1], [14, 25, 13]]]
    assert options == {"fine": True, "auto": 0.8, "begin": (0, 1, 2), "ascii": True}


def test_run_help_documents_step():
    result = CliRunner().invoke(main, ["run", "--help"])
    assert "--step" in result.stdout and "--fine" in result.stdout and "--auto" in result.stdout
    assert "--step --fine" in result.stdout  # in the Example block


# --- the real program in a real terminal (tmux) ----------------------------------------------

TMUX = shutil.which("tmux")
SHELL = shutil.which("bash") or shutil.which("sh")
PROMPT = "PROMPT$ "


class Tmux:
    """One detached tmux server of our own (its own socket), 80×24, running a plain shell."""

    def __init__(self, socket: Path) -> None:
        self.base = [TMUX, "-u", "-f", os.devnull, "-S", str(socket)]
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(socket.parent),
            "TERM": "xterm-256color",
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "PS1": PROMPT,
        }

    def __call__(self, *args: str) -> str:
        done = subprocess.run(
            [*self.base, *args], env=self.env, capture_output=True, text=True, timeout=20
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def start(self) -> None:
        shell = [SHELL, "--norc", "--noprofile"] if SHELL.endswith("bash") else [SHELL]
        self("new-session", "-d", "-s", "walk", "-x", "80", "-y", "24", "-c", str(ROOT), *shell)

    def screen(self) -> str:
        return self("capture-pane", "-p", "-t", "walk")

    def flag(self, name: str) -> str:
        return self("display-message", "-p", "-t", "walk", f"#{{{name}}}").strip()

    def keys(self, *keys: str) -> None:
        self("send-keys", "-t", "walk", *keys)

    def type(self, text: str) -> None:
        self("send-keys", "-t", "walk", "-l", text)

    def wait_for(self, *texts: str, shows=None, timeout: float = 15.0) -> str:
        """Poll the screen until every text is on it and ``shows(screen)`` holds.

        A bounded wait instead of fixed sleeps; it also rides out a capture taken while a
        frame is half drawn.
        """
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if all(text in screen for text in texts) and (shows is None or shows(screen)):
                return screen
            if time.monotonic() > deadline:
                pytest.fail(f"screen never showed {texts!r} {shows or ''}; it shows:\n{screen}")
            time.sleep(0.05)


@pytest.fixture
def tmux(tmp_path):
    if TMUX is None or SHELL is None:
        pytest.skip(
            "tmux is not installed (CI installs it in .ci/run); the end-to-end test needs it"
        )
    session = Tmux(tmp_path / "tmux.sock")
    session.start()
    try:
        yield session
    finally:
        subprocess.run([*session.base, "kill-server"], env=session.env, capture_output=True)


SEED = [[3, 7, 4], [17, -7, 1], [14, 25, 13]]


def cell(index: int):
    """A check that the screen shows seed cell ``index`` (reading order), header and total."""
    i, j = divmod(index, 3)

    def shows(screen: str) -> bool:
        lines = screen.splitlines()
        total = next((line for line in lines if line.startswith(f"o[0, {i}, {j}] =")), "")
        value = f"= {SEED[i][j]}".replace("-", "−")
        header = f"o[0, {i}, {j}]   filter w0 · row {i}, col {j} · cell {index + 1} of 9"
        return lines[0].startswith(header) and total.split("    ")[0].endswith(value)

    shows.__name__ = f"cell {index} with its value"
    return shows


def test_walk_the_seed_in_tmux(tmux, seed_path):
    tmux.wait_for(PROMPT.rstrip())  # capture-pane drops trailing blanks
    tmux.type(f"{sys.executable} -m convtrace run samples/seed.json --step; echo EXIT=$?")
    tmux.keys("Enter")
    screen = tmux.wait_for("o[0, 0, 0] = 0 + 7 + (−5) + 1 = 3", "? help", shows=cell(0))
    assert tmux.flag("alternate_on") == "1"
    assert "R (padded)" in screen and "B kernel" in screen

    forward = ["Right", "Space", "n", "Right", "Right", "Space", "n", "Right"]
    for index, key in enumerate(forward, start=1):
        tmux.keys(key)
        screen = tmux.wait_for(shows=cell(index))
    # the whole output volume, filled in
    screen = tmux.wait_for("3   7   4", "17  −7   1", "14  25  13", shows=cell(8))

    for index, key in zip(range(7, -1, -1), ["Left", "p", "BSpace"] * 3, strict=False):
        tmux.keys(key)
        tmux.wait_for(shows=cell(index))

    tmux.keys("End")
    tmux.wait_for(shows=cell(8))
    tmux.keys("Right")
    tmux.wait_for("that was the last cell", shows=cell(8))
    tmux.keys("Home")
    tmux.wait_for(shows=cell(0))
    tmux.keys("Down")
    tmux.wait_for(shows=cell(3))
    tmux.keys("Up")
    tmux.wait_for(shows=cell(0))
    tmux.keys("g")
    tmux.type("1,1")
    tmux.wait_for("go to cell (k,i,j or i,j): 1,1")
    tmux.keys("Enter")
    tmux.wait_for(shows=cell(4))
    tmux.keys("?")
    tmux.wait_for("go to a cell: type k,i,j or i,j", "any key closes the help")
    tmux.keys("x")  # any key closes the help

    def no_help(screen: str) -> bool:
        return cell(4)(screen) and "go to a cell" not in screen

    tmux.wait_for("? help", shows=no_help)

    tmux.keys("q")
    screen = tmux.wait_for("EXIT=0")
    assert "cell 5 of 9" not in screen  # the walkthrough's screen is gone
    assert tmux.flag("alternate_on") == "0"
    assert tmux.flag("cursor_flag") == "1"  # the cursor is visible again
    assert "Traceback" not in screen
    tmux.type("echo RESTORED")  # echo and line editing are back: the shell reads a line
    tmux.keys("Enter")
    screen = tmux.wait_for(f"{PROMPT}echo RESTORED\nRESTORED")


def test_ctrl_c_leaves_the_terminal_clean(tmux):
    tmux.wait_for(PROMPT.rstrip())  # capture-pane drops trailing blanks
    tmux.type(f"{sys.executable} -m convtrace run samples/seed.json --step --fine; echo EXIT=$?")
    tmux.keys("Enter")
    tmux.wait_for("cell 1 of 9", "the window is in place")
    tmux.keys("Right")
    tmux.wait_for("product 1 of 27: R, kernel row 0, col 0")
    tmux.keys("C-c")
    screen = tmux.wait_for("EXIT=130")
    assert "Traceback" not in screen and "KeyboardInterrupt" not in screen
    assert tmux.flag("alternate_on") == "0"
    assert tmux.flag("cursor_flag") == "1"
    tmux.type("echo RESTORED")
    tmux.keys("Enter")
    tmux.wait_for(f"{PROMPT}echo RESTORED\nRESTORED")


def test_sigterm_leaves_the_terminal_clean(tmux, tmp_path):
    pid_file = tmp_path / "pid"
    tmux.wait_for(PROMPT.rstrip())
    command = f"{sys.executable} -m convtrace run samples/seed.json --step"
    tmux.type(f"sh -c 'echo $$ > {pid_file}; exec {command}'; echo EXIT=$?")
    tmux.keys("Enter")
    tmux.wait_for(shows=cell(0))
    os.kill(int(pid_file.read_text(encoding="utf-8")), signal.SIGTERM)
    screen = tmux.wait_for("EXIT=143")
    assert "Traceback" not in screen
    assert tmux.flag("alternate_on") == "0" and tmux.flag("cursor_flag") == "1"


def test_ctrl_z_gives_the_terminal_back_and_fg_takes_it_again(tmux):
    if not SHELL.endswith("bash"):
        pytest.skip("job control (fg) is tested with bash")
    tmux.wait_for(PROMPT.rstrip())
    tmux.type(f"set -m; {sys.executable} -m convtrace run samples/seed.json --step")
    tmux.keys("Enter")
    tmux.wait_for(shows=cell(0))
    tmux.keys("Right")
    tmux.wait_for(shows=cell(1))
    tmux.keys("C-z")
    screen = tmux.wait_for("Stopped")
    assert tmux.flag("alternate_on") == "0" and tmux.flag("cursor_flag") == "1"
    assert "cell 2 of 9" not in screen
    tmux.type("fg")
    tmux.keys("Enter")
    tmux.wait_for(shows=cell(1))  # drawn again where the walk was
    assert tmux.flag("alternate_on") == "1"
    tmux.keys("Right")
    tmux.wait_for(shows=cell(2))
    tmux.keys("q")
    tmux.wait_for(f"{PROMPT}fg", shows=lambda screen: screen.rstrip().endswith(PROMPT.rstrip()))
    assert tmux.flag("alternate_on") == "0"

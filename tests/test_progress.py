"""Long work shows a bar on a terminal's stderr and nowhere else, costs the writers nothing in
bytes, and Ctrl-C stops it with exit status 130, one line, the target untouched and no
temporary file left behind."""

from __future__ import annotations

import fcntl
import io
import json
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time

import numpy as np
from rich.console import Console

import convtrace
from convtrace.export import write_export
from convtrace.progress import Bar, NoProgress, shown, tracker

COMMAND = [sys.executable, "-m", "convtrace"]


def child_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "NO_COLOR", "FORCE_COLOR")}
    env["TERM"] = "xterm-256color"
    return env


def with_terminal_stderr(args: list[str], cwd) -> tuple[int, bytes, bytes]:
    """Run convtrace with stderr on a pseudo-terminal and stdout in a pipe: (status, what the
    terminal got, stdout)."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 120, 0, 0))
    child = subprocess.Popen(
        [*COMMAND, *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=follower,
        cwd=cwd,
        env=child_env(),
    )
    os.close(follower)
    seen = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(leader, 1 << 16)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            seen += chunk
        elif child.poll() is not None:
            break
    out = child.stdout.read()
    child.stdout.close()
    os.close(leader)
    return child.wait(), seen, out


def test_the_bar_is_drawn_on_a_terminal_and_nowhere_else(tmp_path):
    status, terminal, out = with_terminal_stderr(["run", "big", "--export", "a.md"], tmp_path)
    assert status == 0 and out == b""
    text = terminal.decode()
    assert "writing a.md" in text and "/16,384 cells" in text and "\u2501" in text  # ━
    assert text.rstrip().endswith("convtrace: wrote a.md (9.7 MB)")
    status, terminal, _ = with_terminal_stderr(
        ["run", "big", "--export", "b.md", "--no-progress"], tmp_path
    )
    assert status == 0 and "cells" not in terminal.decode()
    piped = subprocess.run(
        [*COMMAND, "run", "big", "--export", "c.md"],
        capture_output=True, text=True, cwd=tmp_path, env=child_env(), check=True,
    )  # fmt: skip
    assert piped.stderr == "convtrace: wrote c.md (9.7 MB)\n"
    assert (tmp_path / "a.md").read_bytes() == (tmp_path / "c.md").read_bytes()


def test_a_bar_only_where_a_person_watches(monkeypatch):
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("CI", raising=False)
    assert shown(Terminal()) and not shown(io.StringIO()) and not shown(None)
    monkeypatch.setenv("CI", "true")
    assert not shown(Terminal())
    assert isinstance(tracker("x", 10, on=False), NoProgress)
    assert isinstance(tracker("x", 0, on=True), NoProgress)  # nothing to count


def test_the_bar_counts_every_cell_and_changes_no_byte(tmp_path):
    trace = convtrace.trace(np.arange(3 * 20 * 20).reshape(3, 20, 20) % 7, [np.ones((3, 3, 3))])
    console = Console(file=io.StringIO(), force_terminal=True, width=120)
    with Bar("writing", len(trace) * 2, console=console) as bar:
        write_export(trace, tmp_path / "a.md", progress=bar, worksheet=True, answers=True)
    assert bar.progress.tasks[0].completed == 2 * len(trace)  # the worksheet, then the answers
    write_export(trace, tmp_path / "b.md", worksheet=True, answers=True)
    assert (tmp_path / "a.md").read_bytes() == (tmp_path / "b.md").read_bytes()


def test_the_bar_reads_the_size_of_the_file_it_watches(tmp_path):
    bar = Bar("writing", 1, console=Console(file=io.StringIO(), force_terminal=True))
    assert bar.written() is None
    with open(tmp_path / "f", "wb") as out:
        out.write(b"x" * 1234)
        out.flush()
        bar.watch(out)
        assert bar.written() == 1234
    assert bar.written() == 1234  # closed: the size it had last


def interrupted_export(tmp_path, *extra: str) -> subprocess.CompletedProcess:
    """``run task --export out.md`` sent SIGINT once its temporary file exists."""
    rng = np.random.default_rng(0)
    task = {
        "input": rng.integers(-9, 10, (3, 96, 96)).tolist(),
        "filters": [rng.integers(-9, 10, (3, 3, 3)).tolist() for _ in range(4)],
        "padding": 1,
    }
    (tmp_path / "task.json").write_text(json.dumps(task), encoding="utf-8")
    child = subprocess.Popen(
        [*COMMAND, "run", "task.json", "--export", "out.md", *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path, env=child_env(),
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while not any(p.name.endswith(".part") for p in tmp_path.iterdir()):
        assert child.poll() is None, child.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.002)
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=30)
    return subprocess.CompletedProcess(child.args, child.returncode, out, err)


def test_ctrl_c_leaves_no_file_behind(tmp_path):
    done = interrupted_export(tmp_path)
    assert done.returncode == 130, done.stderr
    assert done.stderr == "convtrace: interrupted; no file was left half-written\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["task.json"]


def test_ctrl_c_leaves_the_old_file_as_it_was(tmp_path):
    (tmp_path / "out.md").write_text("the old export\n", encoding="utf-8")
    done = interrupted_export(tmp_path, "--force")
    assert done.returncode == 130 and "Traceback" not in done.stderr
    assert (tmp_path / "out.md").read_text(encoding="utf-8") == "the old export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.md", "task.json"]

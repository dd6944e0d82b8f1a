"""QA findings on the terminal trace, ``run``'s options and the --step walkthrough."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner
from rich.console import Console

import convtrace
from convtrace.cli import main
from convtrace.render.terminal import print_trace
from tests.conftest import ROOT, SAMPLES


def render(trace, width=100, **options):
    console = Console(width=width, file=io.StringIO(), color_system=None, record=True)
    print_trace(console, trace, **options)
    return console.export_text()


def write_task(tmp_path, x, kernel, name="task.json", **more):
    path = tmp_path / name
    data = {"input": x, "filters": [{"weights": kernel, "bias": 0}], **more}
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


# --- 2: the reader leaving early is not an error, whatever the output ------------------------


def closed_pipe_status(*args: str) -> tuple[int, str]:
    """Run convtrace writing into a pipe whose reader has already gone (as `| head -1` does
    once it has its line): every write fails with EPIPE, deterministically."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "convtrace", *args],
            stdout=write_end,
            stderr=subprocess.PIPE,
            cwd=ROOT,
            timeout=60,
            check=False,
        )
    finally:
        os.close(write_end)
    return done.returncode, done.stderr.decode()


@pytest.mark.parametrize(
    "args",
    [
        ("run", "samples/seed.json"),
        ("run", "samples/seed.json", "--no-color"),
        ("run", "samples/seed.json", "--summary"),
        ("run", "samples/seed.json", "--format", "json"),
        ("run", "samples/seed.json", "--format", "md"),
    ],
)
def test_a_closed_pipe_exits_0_quietly(args):
    assert closed_pipe_status(*args) == (0, "")


def test_check_into_a_closed_pipe_does_not_read_as_a_wrong_answer(tmp_path):
    answer = tmp_path / "right.csv"
    answer.write_text("3,7,4\n17,-7,1\n14,25,13\n", encoding="utf-8")
    assert closed_pipe_status("check", "samples/seed.json", str(answer)) == (0, "")


def test_head_minus_one_through_a_shell(tmp_path):
    status = tmp_path / "status"  # PIPESTATUS is bash only: the first status goes to a file
    script = (
        f'("{sys.executable}" -m convtrace run samples/seed.json; echo $? > "{status}") '
        "| head -1 > /dev/null"
    )
    subprocess.run(["sh", "-c", script], cwd=ROOT, check=True, timeout=60)
    assert status.read_text(encoding="utf-8").strip() == "0"

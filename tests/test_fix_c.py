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
from tests.conftest import ROOT


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


# --- 4: options that would be ignored or repeated ---------------------------------------------


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_cell_with_summary_is_one_line_error(seed_path):
    result = invoke("run", seed_path, "--cell", "0,0,0", "--summary")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert "--summary" in result.stderr and "--cell" in result.stderr


def test_the_same_cell_twice_is_shown_once_in_order(seed_path):
    result = invoke("run", seed_path, "--cell", "0,1,1", "--cell", "0,0,0", "--cell", "0,1,1")
    assert result.exit_code == 0
    headings = [line for line in result.stdout.splitlines() if "   filter " in line]
    assert [line.split("]")[0] for line in headings] == ["o[0, 1, 1", "o[0, 0, 0"]


@pytest.mark.parametrize(
    "option, message",
    [
        ("--force", "--force goes with --export FILE"),
        ("--plain-math", "--plain-math goes with --format md or --export FILE.md"),
        ("--fragment", "--fragment goes with --format latex or --export FILE.tex"),
    ],
)
def test_export_only_options_say_what_they_need(seed_path, option, message):
    result = invoke("run", seed_path, option)
    assert result.exit_code == 2
    assert message + " (see" in result.stderr


# --- 5: wide characters in names keep the label column straight ---------------------------


def test_wide_channel_names_line_up_by_display_width(tmp_path):
    path = tmp_path / "wide.json"
    data = {
        "input": {"ä€🙂": [[1, 2]], "日本語チャンネル": [[1, 1]], "x": [[0, 3]]},
        "filters": [{"weights": {"ä€🙂": [[1]], "日本語チャンネル": [[1]], "x": [[2]]}}],
    }
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    trace = convtrace.trace(str(path))
    text = render(trace, cells=[trace.cell(0, 0, 0)])
    from rich.cells import cell_len

    columns = {
        cell_len(line[: line.index("[")])
        for line in text.splitlines()
        if "] = " in line and not line.startswith("o[")
    }
    assert len(columns) == 1 and len(text.split("] = ")) == 5, text


# --- 6: a one-wide window names one row, not "rows 0–0" ----------------------------------


def test_one_row_window_says_row_not_rows(tmp_path):
    trace = convtrace.trace(write_task(tmp_path, [[1, 2, 3, 4]], [[1, -1]]))
    text = render(trace, cells=[trace.cell(0, 0, 2)])
    assert "window: padded row 0, cols 2–3" in text
    column = convtrace.trace(write_task(tmp_path, [[1], [2], [3]], [[1], [-1]]))
    assert "window: padded rows 1–2, col 0" in render(column, cells=[column.cell(0, 1, 0)])


def test_one_wide_1d_window_says_position(tmp_path):
    trace = convtrace.trace(write_task(tmp_path, [1, 2, 3], [2]))
    assert "window: padded position 1\n" in render(trace, cells=[trace.cell(0, 0, 1)])

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


# --- 1: every cell shows where its window sits, however big the input ---------------------


def boxed_rows(text: str) -> list[str]:
    return [
        line for line in text.splitlines() if "] " in line and not line.startswith(("o[", "c0  ["))
    ]


def test_a_tall_input_shows_the_window_in_a_cropped_neighbourhood(tmp_path):
    x = [[r * 5 + c for c in range(5)] for r in range(40)]
    path = write_task(tmp_path, x, [[1, 0, -1]] * 3, padding=1)
    result = invoke("run", path, "--cell", "0,38,2")  # a pipe: no colour, boxed with [ ]
    assert result.exit_code == 0
    assert "padded rows 36–41, cols 0–6 of 42×7 shown" in result.stdout
    assert boxed_rows(result.stdout) == [
        "   0  185 [186  187  188] 189    0",
        "   0  190 [191  192  193] 194    0",
        "   0  195 [196  197  198] 199    0",
    ]
    assert "   0    0    0    0    0    0    0\n" in result.stdout  # context: the bottom padding


def test_a_wide_input_shows_the_window_in_a_cropped_neighbourhood(tmp_path):
    x = [[r * 30 + c for c in range(30)] for r in range(3)]
    trace = convtrace.trace(write_task(tmp_path, x, [[1, 0, -1]] * 3, padding=1))
    text = render(trace, 80, cells=[trace.cell(0, 1, 14)])
    assert "padded rows 0–4, cols 12–18 of 5×32 shown" in text
    assert boxed_rows(text) == [
        " 11  12 [13  14  15] 16  17",
        " 41  42 [43  44  45] 46  47",
        " 71  72 [73  74  75] 76  77",
    ]
    assert max(len(line) for line in text.splitlines()) <= 80


def test_a_long_signal_shows_its_window_in_context(tmp_path):
    trace = convtrace.trace(write_task(tmp_path, list(range(60)), [1, 0, -1], dilation=2))
    text = render(trace, 80, cells=[trace.cell(0, 0, 20)])
    assert "padded positions 18–26 of 60 shown" in text
    assert " 18  19 [20] 21 [22] 23 [24] 25  26\n" in text


def test_a_picture_that_fits_is_drawn_whole(seed_path):
    trace = convtrace.trace(seed_path)
    text = render(trace, cells=[trace.cell(0, 1, 1)])
    assert "shown" not in text
    pictured = [line for line in boxed_rows(text) if "·" not in line]
    assert [line.count("[") for line in pictured] == [3, 3, 3]  # R, G, B side by side
    assert " 0  0  0  0  0  0  0 " in text  # the whole 7×7 padded input, borders and all


# --- 7: the --step go-to prompt and a terminal too small ---------------------------------


def step_frame(trace, state, walk, width=80, height=24):
    from convtrace.step.frame import StepView

    console = Console(width=width, height=height, file=io.StringIO(), record=True)
    console.print(StepView(trace, walk, plain=True).frame(state))
    return [line.rstrip() for line in console.export_text().split("\n")]


def test_letters_typed_after_g_are_refused_visibly(seed_path):
    from convtrace.step.keys import ENTER
    from convtrace.step.state import Walk, next_state, start

    trace = convtrace.trace(seed_path)
    walk = Walk.of(trace)
    state = next_state(start(walk), "g", walk)
    for key in "abc":
        state = next_state(state, key, walk)
    assert state.goto == "" and "'c' is not a digit" in state.message
    prompt = [line for line in step_frame(trace, state, walk) if "go to cell" in line]
    assert "'c' is not a digit" in prompt[0]
    state = next_state(state, ENTER, walk)
    assert "nothing" in state.message and "'nothing'" not in state.message


def test_the_too_small_message_wraps_instead_of_being_cut_off(seed_path):
    from convtrace.step.state import Walk, start

    trace = convtrace.trace(seed_path)
    walk = Walk.of(trace)
    lines = step_frame(trace, start(walk), walk, width=30, height=10)
    assert max(len(line) for line in lines) <= 30
    said = " ".join(line for line in lines if line)
    assert "The terminal is 30×10; the walkthrough needs 40×12." in said
    assert "press q to quit." in said


# --- 3: --ascii means ASCII ----------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("samples/seed.json",),
        ("samples/seed.json", "--summary"),
        ("samples/seed.json", "--cell", "0,1,1", "--color-test"),
        ("samples/rect.json", "--padding", "same", "--padding-mode", "reflect", "--dilation", "2"),
        ("samples/rect.json", "--padding", "2", "--flip", "--stride", "2"),
        ("samples/signal.json",),
        ("samples/depthwise.json",),
    ],
)
def test_ascii_output_is_ascii(args, monkeypatch):
    if "--color-test" in args:  # colour on: styles stay, the characters are still ASCII
        monkeypatch.setenv("FORCE_COLOR", "1")
        args = args[:-1]
    result = CliRunner().invoke(
        main, ["run", *(str(ROOT / a) if a.startswith("samples/") else a for a in args), "--ascii"]
    )
    assert result.exit_code == 0, result.stderr
    result.stdout.encode("ascii")  # raises on any character outside ASCII
    assert "W2xH2xD2" in result.stdout or "L2xD2" in result.stdout or "--summary" in args


def test_ascii_keeps_numbers_and_boxes_in_place(seed_path):
    plain = invoke("run", seed_path, "--cell", "0,1,1").stdout
    ascii = invoke("run", seed_path, "--cell", "0,1,1", "--ascii").stdout
    assert "  +---------------+  " in ascii and "0 | 1  1  0  2  0 | 0" in ascii
    assert [len(line) for line in ascii.splitlines()] == [
        len(line) for line in plain.splitlines()
    ]  # one character for one: every column stays where it was


def test_step_frames_with_ascii_are_ascii(seed_path):
    from convtrace.step.frame import StepView
    from convtrace.step.keys import RIGHT
    from convtrace.step.state import Walk, next_state, start

    trace = convtrace.trace(seed_path)
    for fine in (False, True):
        walk = Walk.of(trace, fine=fine)
        state = start(walk)
        for _ in range(3):
            console = Console(width=100, height=30, file=io.StringIO(), record=True)
            console.print(StepView(trace, walk, plain=True, ascii=True).frame(state))
            console.export_text().encode("ascii")
            state = next_state(state, RIGHT, walk)
        console = Console(width=100, height=30, file=io.StringIO(), record=True)
        console.print(
            StepView(trace, walk, plain=True, ascii=True).frame(next_state(state, "?", walk))
        )
        console.export_text().encode("ascii")  # the help, too


def test_check_ascii_report_is_ascii(tmp_path, seed_path):
    answer = tmp_path / "wrong.csv"
    answer.write_text("3,7,4\n17,-7,1\n14,25,12\n", encoding="utf-8")
    result = invoke("check", seed_path, answer, "--ascii")
    assert result.exit_code == 1
    result.stdout.encode("ascii")
    assert "it should be 13" in result.stdout and "-----" in result.stdout


def test_blocks_wider_than_the_line_stand_one_a_row():
    """A first block wider than the line once made the layout divide by zero (grad big
    --dilation 2 --stride 1 --export o.txt)."""
    from convtrace.render.lines import Block, side_by_side

    wide, narrow = Block.of([[("x" * 30, None)]]), Block.of([[("y" * 5, None)]])
    lines = side_by_side([wide, narrow, narrow], width=20)
    assert ["".join(text for text, _ in line) for line in lines] == ["x" * 30, "y" * 5, "y" * 5]


def test_the_summary_of_exact_fractions():
    result = CliRunner().invoke(main, ["run", "box-blur", "--exact", "--summary"])
    assert result.exit_code == 0, result.output
    # the box blur's 3×3 windows of the sample: the least sum 7, the most 16, over 9
    row = next(line for line in result.stdout.splitlines() if line.startswith("0 w0"))
    assert row.split()[3:8] == ["7/9", "(2,", "1)", "16/9", "(1,"]

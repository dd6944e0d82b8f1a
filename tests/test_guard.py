"""Big traces in the terminal: --rows/--cols/--filter pick cells, --summary sums up, and more than
a few hundred cells to a terminal asks first (or fails with a hint where nobody can answer)."""

from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner

import convtrace
from convtrace.cli import guard, main
from convtrace.render.summary import filter_stats
from convtrace.selection import parse_range
from tests.reference import conv2d


def big_doc() -> dict:
    """20×20 input, two filters, padding 1: 800 cells, more than the terminal limit."""
    rng = np.random.default_rng(4)
    return {
        "input": {"R": rng.integers(-9, 10, (20, 20)).tolist()},
        "filters": [
            {"name": "edge", "weights": [[[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]], "bias": 0},
            {"name": "blur", "weights": [[[1, 1, 1], [1, 1, 1], [1, 1, 1]]], "bias": -2},
        ],
        "padding": 1,
    }


def big_reference() -> list:
    """The big task's output from the naive loop (K × H₂ × W₂ nested lists)."""
    doc = big_doc()
    weights = [f["weights"] for f in doc["filters"]]
    biases = [f["bias"] for f in doc["filters"]]
    return conv2d([doc["input"]["R"]], weights, biases, padding=(1, 1, 1, 1))


def minus(value: int) -> str:
    """A number as the trace writes it: −3, not -3."""
    return str(value).replace("-", "−")


@pytest.fixture
def big_task(tmp_path):
    path = tmp_path / "big.json"
    path.write_text(json.dumps(big_doc()), encoding="utf-8")
    return path


@pytest.fixture
def terminal(monkeypatch):
    """Pretend stdout is a screen; ``terminal(stdin=…)`` says whether someone can answer."""

    def set_terminal(stdin: bool) -> None:
        monkeypatch.setattr(guard, "stdout_is_terminal", lambda: True)
        monkeypatch.setattr(guard, "stdin_is_terminal", lambda: stdin)

    return set_terminal


def run(*args, input=None):
    return CliRunner().invoke(main, ["run", *map(str, args)], input=input)


def cells_of(result):
    assert result.exit_code == 0, result.output
    return [(c["filter"], c["row"], c["col"]) for c in json.loads(result.stdout)["cells"]]


# --- picking cells -----------------------------------------------------------------------------


def test_rows_cols_and_filter_pick_cells(big_task):
    picked = cells_of(
        run(big_task, "--filter", "blur", "--rows", "2..3", "--cols", "18..", "--format", "json")
    )
    assert picked == [(1, 2, 18), (1, 2, 19), (1, 3, 18), (1, 3, 19)]


def test_filters_by_index_and_name_in_the_order_given(big_task):
    picked = cells_of(
        run(big_task, "--filter", "1", "--filter", "edge", "--rows", "0", "--cols", "..0",
            "--format", "json")
    )  # fmt: skip
    assert picked == [(1, 0, 0), (0, 0, 0)]


def test_selected_cells_in_the_terminal(big_task):
    result = run(big_task, "--filter", "edge", "--rows", "4", "--cols", "5..6", "--no-color")
    assert result.exit_code == 0, result.output
    assert "o[0, 4, 5]" in result.stdout and "o[0, 4, 6]" in result.stdout
    assert "o[0, 4, 7]" not in result.stdout and "o[1, " not in result.stdout
    value = big_reference()[0][4][6]  # one channel, bias 0: the channel sum is the value
    assert f"o[0, 4, 6] = {minus(value)} + 0 = {minus(value)}" in result.stdout.splitlines()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--rows", "3..1"], "--rows: '3..1' ends before it starts"),
        (["--rows", "0..20"], "--rows: 20 is outside the output (0 to 19; zero-based)"),
        (["--cols", "a..b"], "--cols: 'a..b' is not a range like 2..5"),
        (["--cols", ".."], "--cols: '..' is not a range"),
        (["--filter", "sharpen"], "no filter is called 'sharpen' (the filters: edge, blur)"),
        (["--filter", "2"], "filter 2 does not exist (0 to 1"),
    ],
)
def test_bad_selections_are_one_line_errors(big_task, args, message):
    result = run(big_task, *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_a_signal_has_no_rows_to_pick():
    result = run("signal", "--rows", "0..1")
    assert result.exit_code == 2
    assert "--rows: a 1-D signal has no rows; use --cols for positions" in result.stderr
    assert "Traceback" not in result.output


def test_cell_does_not_mix_with_ranges(big_task):
    result = run(big_task, "--cell", "0,1,1", "--rows", "1")
    assert result.exit_code == 2
    assert "--cell picks its cells itself" in result.stderr


def test_parse_range_forms():
    assert parse_range("2..4", 10, "--rows") == range(2, 5)
    assert parse_range(" 7.. ", 10, "--rows") == range(7, 10)
    assert parse_range("..1", 10, "--rows") == range(0, 2)
    assert parse_range("5", 10, "--rows") == range(5, 6)


# --- the summary -------------------------------------------------------------------------------


def test_summary_of_the_seed(seed_path):
    result = run(seed_path, "--summary", "--no-color")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Output volume W₂×H₂×D₂ = 3×3×1." in out
    # seed output [[3, 7, 4], [17, −7, 1], [14, 25, 13]]: min −7 at (1, 1), max 25 at (2, 1)
    row = next(line for line in out.splitlines() if line.startswith("0 w0"))
    expected = "0 w0 1 −7 (1, 1) 25 (2, 1) 8.5556 1 0 8"  # bias, min, max, mean, < 0, = 0, > 0
    assert row.split() == expected.split()
    assert "14  25  13" in out  # a small output volume is shown too
    assert "window" not in out


def test_summary_of_a_big_trace_leaves_out_the_matrices(big_task):
    result = run(big_task, "--summary", "--no-color")
    assert result.exit_code == 0, result.output
    assert "Output statistics (800 values)" in result.stdout
    assert "20×20 each, are not shown" in result.stdout


def test_filter_stats_match_numpy(big_task):
    trace = convtrace.trace(str(big_task))
    expected = np.array(big_reference())
    for s in filter_stats(trace):
        out = expected[s.filter]
        assert (s.minimum, s.maximum) == (out.min(), out.max())
        assert out[s.minimum_at] == s.minimum and out[s.maximum_at] == s.maximum
        assert s.mean == pytest.approx(out.mean())
        assert (s.negatives, s.zeros, s.positives) == (
            (out < 0).sum(),
            (out == 0).sum(),
            (out > 0).sum(),
        )


def test_summary_is_for_the_terminal(seed_path):
    result = run(seed_path, "--summary", "--format", "json")
    assert result.exit_code == 2
    assert "--summary is a terminal view" in result.stderr


# --- the question ------------------------------------------------------------------------------


def test_a_terminal_without_anyone_to_answer_gets_the_hint(big_task, terminal):
    terminal(stdin=False)
    result = run(big_task)
    assert result.exit_code == 2
    assert "this trace has 800 cells, too many for a terminal" in result.stderr
    assert "--rows A..B" in result.stderr and "--all" in result.stderr
    assert result.stdout == ""


def test_declining_shows_the_summary(big_task, terminal):
    terminal(stdin=True)
    result = run(big_task, "--no-color", input="n\n")
    assert result.exit_code == 0, result.output
    assert "800 cells (about 3,200 lines). Print them all? [y/N]" in result.stderr
    assert "showing the summary instead" in result.stderr
    assert "Output statistics" in result.stdout
    assert "o[0, 0, 0]" not in result.stdout


def test_agreeing_prints_everything(big_task, terminal):
    terminal(stdin=True)
    result = run(big_task, "--no-color", input="y\n")
    assert result.exit_code == 0, result.output
    assert "o[1, 19, 19]" in result.stdout


def test_all_skips_the_question(big_task, terminal):
    terminal(stdin=False)
    result = run(big_task, "--all", "--no-color")
    assert result.exit_code == 0, result.output
    assert "o[1, 19, 19]" in result.stdout


def test_a_narrow_selection_needs_no_question(big_task, terminal):
    terminal(stdin=False)
    assert run(big_task, "--rows", "0..6", "--no-color").exit_code == 0  # 280 cells
    assert run(big_task, "--rows", "0..7", "--no-color").exit_code == 2  # 320 cells
    assert run(big_task, "-q").exit_code == 0
    assert run(big_task, "--cell", "0,1,1").exit_code == 0


def test_a_pipe_or_file_gets_the_whole_trace(big_task):
    """CliRunner's stdout is no terminal: redirected output is a deliberate choice."""
    result = run(big_task, "--no-color")
    assert result.exit_code == 0, result.output
    assert result.stdout.count("o[") >= 800
    assert result.stderr == ""


def test_the_readme_summary_excerpt_is_what_convtrace_prints():
    from tests.conftest import ROOT, SAMPLES

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    excerpt = readme.split("`--summary` on the CS231n sample:")[1].split("```text\n")[1]
    excerpt = excerpt.split("```")[0]
    result = run(SAMPLES / "cs231n.json", "--summary", "--no-color")
    assert result.exit_code == 0, result.output
    for line in excerpt.splitlines():
        if not line.endswith("─"):  # headings are rules as wide as the terminal
            assert line in result.stdout.splitlines()


# --- volumes too big for a screen --------------------------------------------------------------


def wide_input() -> list:
    return np.random.default_rng(5).integers(0, 10, (40, 40)).tolist()


@pytest.fixture
def wide_task(tmp_path):
    """40×40 input: its matrices (and the output's) are too big to print on a screen."""
    doc = {"input": wide_input(), "filters": [[[1, 0], [0, -1]]]}
    path = tmp_path / "wide.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def test_a_screen_is_spared_big_volumes(wide_task, terminal):
    terminal(stdin=False)
    result = run(wide_task, "--cell", "0,3,4", "--no-color")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "(input 40×40×1: too big to print here; --all prints it" in out
    assert "(output volume 39×39×1: too big to print here; -q or --all prints it" in out
    [expected] = conv2d([wide_input()], [[[[1, 0], [0, -1]]]], [0])  # one filter, one channel
    value = expected[3][4]
    assert f"o[0, 3, 4] = {minus(value)} + 0 = {minus(value)}" in out.splitlines()
    assert len(out.splitlines()) < 30


def test_all_and_redirected_output_get_the_volumes(wide_task, terminal):
    redirected = run(wide_task, "--cell", "0,3,4", "--no-color")  # CliRunner: not a terminal
    terminal(stdin=False)
    forced = run(wide_task, "--cell", "0,3,4", "--no-color", "--all")
    for result in (redirected, forced):
        assert result.exit_code == 0, result.output
        assert "too big to print here" not in result.stdout
        assert len(result.stdout.splitlines()) > 80
    assert forced.stdout == redirected.stdout


def test_the_compact_view_changes_nothing_of_a_small_trace(seed_path, console):
    from rich.console import Console

    from convtrace.render.terminal import print_trace

    trace = convtrace.trace(seed_path)
    other = Console(width=100, file=console.file.__class__(), color_system=None, record=True)
    print_trace(console, trace)
    print_trace(other, trace, everything=False)
    assert console.export_text() == other.export_text()


def test_quiet_on_a_screen_points_to_the_views_of_a_big_output(wide_task, terminal):
    """-q on a terminal with an output too big to read there says how to see it instead."""
    terminal(stdin=False)
    out = run(wide_task, "-q", "--no-color").stdout
    assert "(output volume 39×39×1: too big to print here; --heatmap draws it" in out
    assert len(out.splitlines()) < 5
    assert len(run(wide_task, "-q", "--no-color", "--all").stdout.splitlines()) > 39

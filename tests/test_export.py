"""``convtrace run … --export FILE``: formats, atomic writes, --force, standard output."""

from __future__ import annotations

import json
import os
import re

import pytest
from click.testing import CliRunner

import convtrace
from convtrace import Trace
from convtrace.cli import main
from convtrace.errors import InputError
from convtrace.export import EXTENSIONS, FORMATS, format_for, write_export
from convtrace.render.markdown import render_markdown

ALL_EXTENSIONS = ["md", "tex", "html", "term.html", "svg", "json", "txt"]


def invoke(*args, env=None):
    return CliRunner().invoke(main, ["run", *map(str, args)], env=env)


def export(tmp_path, seed_path, name, *options):
    path = tmp_path / name
    result = invoke(seed_path, "--export", path, *options)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    return path


def test_format_follows_the_extension():
    assert format_for("a/trace.md") == "md"
    assert format_for("TRACE.TEX") == "latex"
    assert format_for("t.htm") == "html"
    assert set(EXTENSIONS.values()) == set(FORMATS)
    with pytest.raises(InputError, match=r"trace\.pdf: cannot tell the format"):
        format_for("trace.pdf")


def test_markdown_export_is_the_rendered_document(tmp_path, seed_path):
    path = export(tmp_path, seed_path, "seed.md")
    assert path.read_text(encoding="utf-8") == render_markdown(convtrace.trace(seed_path))


@pytest.mark.parametrize("ext", ALL_EXTENSIONS)
def test_exports_are_deterministic_plain_and_end_with_a_newline(tmp_path, seed_path, ext):
    first = export(tmp_path, seed_path, f"a.{ext}").read_bytes()
    # a different terminal, colour settings and width must not change a byte
    env = {"COLUMNS": "57", "FORCE_COLOR": "1", "NO_COLOR": "1", "TERM": "xterm-256color"}
    result = invoke(seed_path, "--export", tmp_path / f"b.{ext}", env=env)
    assert result.exit_code == 0, result.output
    assert (tmp_path / f"b.{ext}").read_bytes() == first
    assert first.endswith(b"\n") and not first.endswith(b"\n\n")
    assert b"\x1b" not in first
    first.decode("utf-8")


def test_json_export_is_the_json_format(tmp_path, seed_path):
    path = export(tmp_path, seed_path, "seed.json")
    printed = invoke(seed_path, "--format", "json").stdout
    assert path.read_text(encoding="utf-8") == printed
    assert json.loads(printed)["output"] == [[[3, 7, 4], [17, -7, 1], [14, 25, 13]]]


def test_format_overrides_the_extension(tmp_path, seed_path):
    path = export(tmp_path, seed_path, "notes.txt", "--format", "md")
    assert "\n# Convolution by hand" in path.read_text(encoding="utf-8")


def test_format_md_prints_to_standard_output(seed_path):
    result = invoke(seed_path, "--format", "md")
    assert result.exit_code == 0, result.output
    assert result.stdout == render_markdown(convtrace.trace(seed_path))


def test_dash_means_standard_output(seed_path):
    result = invoke(seed_path, "--export", "-", "--format", "md", "--plain-math")
    assert result.exit_code == 0, result.output
    assert result.stdout == render_markdown(convtrace.trace(seed_path), plain_math=True)


def test_an_existing_file_is_kept_without_force(tmp_path, seed_path):
    path = tmp_path / "seed.md"
    path.write_text("my notes\n", encoding="utf-8")
    result = invoke(seed_path, "--export", path)
    assert result.exit_code == 2
    assert result.stderr.strip() == f"convtrace: {path}: exists already; add --force to replace it"
    assert path.read_text(encoding="utf-8") == "my notes\n"
    assert os.listdir(tmp_path) == ["seed.md"]  # no temporary file left behind
    result = invoke(seed_path, "--export", path, "--force")
    assert result.exit_code == 0, result.output
    assert "\n# Convolution by hand" in path.read_text(encoding="utf-8")


def test_force_keeps_the_files_permissions(tmp_path, seed_path):
    path = tmp_path / "seed.md"
    path.write_text("old\n", encoding="utf-8")
    path.chmod(0o640)
    export(tmp_path, seed_path, "seed.md", "--force")
    assert path.stat().st_mode & 0o777 == 0o640


def test_a_new_file_gets_the_usual_permissions(tmp_path, seed_path):
    umask = os.umask(0o022)
    try:
        path = export(tmp_path, seed_path, "seed.md")
    finally:
        os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o644


def test_an_interrupted_export_leaves_no_file(tmp_path, seed_path, monkeypatch):
    """The export dies half-way (here: in the middle of the cells): no file, no temporary."""
    trace = convtrace.trace(seed_path)
    made = 0
    original = Trace.rows  # cells() and the writers' row path both read the trace a row at a time

    def rows_then_interrupt(*args, **kwargs):
        nonlocal made
        for row in original(*args, **kwargs):
            made += 1
            if made == 2:
                raise KeyboardInterrupt
            yield row

    monkeypatch.setattr(Trace, "rows", rows_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_export(trace, tmp_path / "seed.md")
    assert made == 2
    assert os.listdir(tmp_path) == []


def test_an_interrupted_forced_export_keeps_the_old_file(tmp_path, seed_path, monkeypatch):
    trace = convtrace.trace(seed_path)
    path = tmp_path / "seed.md"
    path.write_text("old\n", encoding="utf-8")

    original = Trace.rows

    def broken(*args, **kwargs):
        yield next(original(*args, **kwargs))
        raise OSError("disk full")

    monkeypatch.setattr(Trace, "rows", broken)
    with pytest.raises(InputError, match=r"seed\.md: could not write it: disk full"):
        write_export(trace, path, force=True)
    assert path.read_text(encoding="utf-8") == "old\n"
    assert os.listdir(tmp_path) == ["seed.md"]


def test_a_missing_folder_is_named(tmp_path, seed_path):
    result = invoke(seed_path, "--export", tmp_path / "nowhere" / "seed.md")
    assert result.exit_code == 2
    assert "does not exist" in result.stderr
    assert "Traceback" not in result.output


def test_an_unknown_extension_is_a_clear_error(tmp_path, seed_path):
    result = invoke(seed_path, "--export", tmp_path / "seed.pdf")
    assert result.exit_code == 2
    assert re.search(r"seed\.pdf: cannot tell the format .*--format", result.stderr)
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize(
    "args, message",
    [
        (["--worksheet"], "--worksheet goes with --export FILE or --format md|latex"),
        (["--format", "svg", "--worksheet"], "--worksheet: does not apply to svg exports"),
        (["--format", "md", "--fragment"], "--fragment: does not apply to md exports"),
        (["--format", "md", "--answers"], "--answers: goes with --worksheet"),
    ],
)
def test_options_that_do_not_fit_are_refused(seed_path, args, message):
    result = invoke(seed_path, *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_selected_cells_are_exported(tmp_path, seed_path):
    path = export(tmp_path, seed_path, "cell.md", "--cell", "0,1,2")
    text = path.read_text(encoding="utf-8")
    assert "### o[0, 1, 2]" in text and "### o[0, 0, 0]" not in text


def test_worksheet_with_answers_from_the_cli(tmp_path, seed_path):
    path = export(tmp_path, seed_path, "sheet.md", "--worksheet", "--answers")
    text = path.read_text(encoding="utf-8")
    assert "\\_\\_\\_" in text and "## Answers" in text


def test_terminal_html_is_a_self_contained_page_with_the_trace(tmp_path, seed_path):
    from html.parser import HTMLParser

    text = export(tmp_path, seed_path, "seed.term.html").read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and text.endswith("</html>\n")
    for external in ("<script", "<link", "src=", "url("):
        assert external not in text

    class Text(HTMLParser):
        def __init__(self):
            super().__init__()
            self.parts = []

        def handle_data(self, data):
            self.parts.append(data)

    parser = Text()
    parser.feed(text)
    shown = "".join(parser.parts)
    assert "o[0, 0, 0] = 0 + 7 + (−5) + 1 = 3" in shown
    assert "R  [0·1 + 0·0 + 0·(−1)] + [0·0 + 1·0 + 1·0] + [0·(−1) + 2·0 + 0·1] = 0" in shown
    assert "color: #" in text  # the colours of the terminal, as CSS


def test_svg_is_well_formed_and_fetches_nothing(tmp_path, seed_path):
    import xml.etree.ElementTree as ElementTree

    text = export(tmp_path, seed_path, "seed.svg").read_text(encoding="utf-8")
    root = ElementTree.fromstring(text)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert not re.search(r"url\((?!#)", text)  # only references inside the picture
    assert "http" not in text.replace("http://www.w3.org/2000/svg", "").replace(
        "https://www.textualize.io", ""
    )
    assert "convtrace-matrix" in text  # the fixed unique id
    assert "Convolution&#160;by&#160;hand" in text


def test_text_export_is_the_plain_terminal_trace(tmp_path, seed_path):
    text = export(tmp_path, seed_path, "seed.txt").read_text(encoding="utf-8")
    assert "o[0, 0, 0] = 0 + 7 + (−5) + 1 = 3\n" in text
    assert " 0  0 [0  0  0] 0  0 " in text  # the window boxed, as without colour
    assert all(line == line.rstrip() for line in text.splitlines())
    ascii_text = invoke(seed_path, "--export", "-", "--ascii").stdout
    assert "o[0, 0, 0] = 0 + 7 + (-5) + 1 = 3\n" in ascii_text


def test_quiet_html_shows_only_the_output(seed_path):
    result = invoke(seed_path, "--format", "html", "-q")
    assert result.exit_code == 0, result.output
    body = result.stdout[result.stdout.index("<body") :]
    assert "Output volume" in body and "window" not in body


def test_a_trace_shows_itself_in_a_notebook(seed_path):
    trace = convtrace.trace(seed_path)
    assert trace._repr_markdown_() == render_markdown(trace, front_matter=False)


def test_a_big_trace_in_a_notebook_is_cut_short():
    from convtrace.render.markdown import NOTEBOOK_MAX_CELLS

    trace = convtrace.trace([[1] * 12] * 12, [[[1, 1], [1, 1]]])  # 11 × 11 = 121 cells
    text = trace._repr_markdown_()
    assert text.count("\n### o[") == NOTEBOOK_MAX_CELLS
    assert f"The first {NOTEBOOK_MAX_CELLS} of 121 cells are shown" in text
    assert text.endswith("*\n")


def test_the_engine_does_not_import_the_renderers():
    import subprocess
    import sys

    code = (
        "import sys, convtrace, convtrace.engine; "
        "print(sorted(m for m in sys.modules if m.startswith('convtrace.render') or m == 'rich'))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_cells_from_an_iterator_stream_in_one_pass(seed_path):
    trace = convtrace.trace(seed_path)
    text = render_markdown(trace, cells=trace.cells())
    assert "## Contents" not in text  # the number of cells is not known up front
    assert text.count("\n### o[") == 9
    sheet = render_markdown(trace, cells=trace.cells(), worksheet=True, answers=True)
    assert sheet.count("\n### o[") == 18  # read twice: the worksheet, then the answers


def test_a_huge_svg_is_refused_with_advice(tmp_path):
    trace = convtrace.trace([[1] * 22] * 22, [[[1]]])  # 484 cells
    with pytest.raises(InputError, match=r"^an SVG of 484 cells .* export \.html"):
        write_export(trace, tmp_path / "big.svg")
    assert os.listdir(tmp_path) == []
    write_export(trace, tmp_path / "one.svg", cells=[trace.cell(0, 0, 0)])
    write_export(trace, tmp_path / "quiet.svg", quiet=True)


def test_no_color_gives_black_and_white_html_and_is_harmless_elsewhere(tmp_path, seed_path):
    plain = export(tmp_path, seed_path, "plain.term.html", "--no-color").read_text(encoding="utf-8")
    colour = export(tmp_path, seed_path, "colour.term.html").read_text(encoding="utf-8")
    assert "<span" not in plain and "#000080" in colour  # no colour, no styles
    assert "[0  0  0] 0  0  0  0" in plain  # windows boxed, as without colour in a terminal
    md = export(tmp_path, seed_path, "seed.md", "--no-color").read_text(encoding="utf-8")
    assert md == render_markdown(convtrace.trace(seed_path))


@pytest.mark.parametrize("ext", ["md", "tex"])
def test_big_exports_stream_in_bounded_memory(tmp_path, ext):
    """The document is never held whole: the peak of Python allocations while writing stays a
    small fraction of the file (a non-streaming writer would need at least the file's size)."""
    import tracemalloc

    import numpy as np

    rng = np.random.default_rng(0)
    x = rng.integers(0, 10, size=(2, 60, 60)).tolist()
    filters = [{"weights": rng.integers(-2, 3, size=(2, 3, 3)).tolist()} for _ in range(2)]
    trace = convtrace.trace(x, filters, padding=1)  # 7200 cells
    path = tmp_path / f"big.{ext}"
    write_export(convtrace.trace([[1, 2], [3, 4]], [[[1]]]), tmp_path / f"warm.{ext}")  # imports
    tracemalloc.start()
    try:
        write_export(trace, path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    size = path.stat().st_size
    assert size > 3_000_000
    assert peak < size / 4, (peak, size)


def test_text_export_is_what_a_100_column_terminal_shows(tmp_path, seed_path):
    shown = invoke(seed_path, "--no-color").stdout  # conftest: COLUMNS=100
    exported = export(tmp_path, seed_path, "seed.txt").read_text(encoding="utf-8")
    assert exported == "".join(line.rstrip() + "\n" for line in shown.splitlines())


@pytest.mark.parametrize(
    "args, start",
    [
        (["--format", "latex", "--fragment"], "% convtrace fragment"),
        (["--format", "latex"], "\\documentclass"),
        (["--format", "svg"], "<svg"),
        (["--format", "html"], "<!DOCTYPE html>"),
        (["--export", "-", "--format", "json"], "{\n"),
        (["--export", "-"], "Convolution by hand"),  # text, the default format
    ],
)
def test_every_format_prints_to_standard_output(seed_path, args, start):
    result = invoke(seed_path, *args)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(start)
    assert result.stdout.endswith("\n") and "\x1b" not in result.stdout

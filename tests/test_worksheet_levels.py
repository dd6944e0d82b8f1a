"""Worksheet levels (``--blank``): each part a student works out can be left blank, and the
default no longer gives the output size away. Counts of blanks are worked out by hand for the
seed (5×5×3 input, one 3×3 filter, 3×3 output)."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from click.testing import CliRunner

import convtrace
from convtrace.cli import main
from convtrace.errors import InputError
from convtrace.render.latex import render_latex
from convtrace.render.markdown import BLANK, render_markdown
from convtrace.solution.outline import parse_blanks
from convtrace.solution.words import BLANKS, DEFAULT_BLANKS


@pytest.fixture(scope="module")
def seed():
    return convtrace.trace("seed")


def section(text: str, title: str) -> str:
    start = text.index(f"## {title}\n")
    return text[start : text.index("\n## ", start + 1)]


def cell(text: str, label: str) -> str:
    start = text.index(f"### {label}\n")
    end = text.find("\n### ", start + 1)
    return text[start : end if end > 0 else text.index("\n## ", start)]


def test_the_default_leaves_the_size_formula_blank(seed):
    sheet = render_markdown(seed, worksheet=True)
    size = section(sheet, "Output size")
    assert "$H_2 = W_2 = (H_1 - F + 2P)/s + 1 =$ " + BLANK in size
    assert "$D_2 = K =$ " + BLANK in size
    assert "(5 - 3" not in size and "= 3" not in size  # neither the numbers nor the result
    assert "Output volume $W_2 \\times H_2 \\times D_2 =$ " + BLANK in size
    assert "3 \\times 3 \\times 1" not in sheet  # said nowhere else either
    assert sheet == render_markdown(seed, worksheet=True, blank=DEFAULT_BLANKS)


def test_the_answers_after_a_worksheet_give_the_size(seed):
    text = render_markdown(seed, worksheet=True, answers=True)
    answers = text[text.index("## Answers") :]
    assert "$W_2 \\times H_2 \\times D_2 = 3 \\times 3 \\times 1$." in answers
    assert BLANK not in answers


def test_blank_all_counts_every_blank(seed):
    """3 for the size (H₂ = W₂, D₂, the volume); per cell 2 for the window, per channel
    9 factors, 9 products and the sum, then 3 sums and the value; 9 output cells; the output
    volume's size once more: 3 + 9·(2 + 3·19 + 4) + 9 + 1 = 580; Markdown's instructions show
    the blank once more."""
    sheet = render_markdown(seed, worksheet=True, blank="all")
    assert sheet.count(BLANK) == 580 + 1
    latex = render_latex(seed, worksheet=True, blank="all")
    assert latex.count("\\ctblank") - latex.count("\\providecommand{\\ctblank}") == 580


def test_each_part_alone(seed):
    def sheet(part):
        return cell(
            render_markdown(seed, worksheet=True, blank=part, plain_math=True), "o[0, 0, 1]"
        )

    windows = sheet("windows")
    assert f"window: padded rows {BLANK}, columns {BLANK}." in windows
    assert BLANK not in windows.split("\n- ", 1)[1]  # the sums are written out
    factors = sheet("factors")
    assert f"- **R**: [{BLANK}·1 + {BLANK}·0 + {BLANK}·(−1)] + " in factors
    assert factors.count(BLANK) == 27 and "= 3\n" in factors  # the sums given
    products = sheet("products")
    assert "- **R**: [0·1 + 0·0 + 0·(−1)]" in products
    assert f" = [{BLANK} + {BLANK} + {BLANK}] + " in products and products.count(BLANK) == 27
    sums = sheet("sums")
    assert f"[0·(−1) + 3·0 + 3·1] = {BLANK}\n" in sums  # no product step asked for
    assert f"o[0, 0, 1] = {BLANK} + {BLANK} + {BLANK} + 1 = 7\n" in sums
    output = sheet("output")
    assert f"o[0, 0, 1] = 3 + 2 + 1 + 1 = {BLANK}\n" in output
    assert output.count(BLANK) == 1


def test_only_the_size_blank_gives_the_cells_in_full(seed):
    sheet = render_markdown(seed, worksheet=True, blank="size")
    assert BLANK not in sheet[sheet.index("## Cell by cell") :].split("## Output volume")[0]
    assert "[0 \\cdot (-1) + 2 \\cdot 0 + 0 \\cdot 1] = 0" in sheet


def test_math_never_starts_or_ends_with_a_space(seed):
    """pandoc reads ``$ x$`` as text: every inline math hugs its content."""
    sheet = render_markdown(seed, worksheet=True, blank="all")
    spans = [
        piece
        for line in sheet.splitlines()
        for piece in re.split(r"(?<!\\)\$", line)[1::2]  # the odd pieces are math
    ]
    assert len(spans) > 250
    assert all(span and span == span.strip() for span in spans)
    if shutil.which("pandoc") is None:
        pytest.skip("needs pandoc to read the math back")
    done = subprocess.run(
        ["pandoc", "-f", "markdown", "-t", "json"], input=sheet, capture_output=True, text=True
    )
    assert done.stdout.count('"t":"Math"') == len(spans)  # pandoc reads every span as math


def test_blank_names_are_checked():
    assert parse_blanks("size, Output") == {"size", "output"}
    assert parse_blanks(["size", "sums,output"]) == {"size", "sums", "output"}
    assert parse_blanks(()) == set(DEFAULT_BLANKS)
    assert parse_blanks("all") == set(BLANKS)
    with pytest.raises(InputError, match="--blank: 'sizes' is no part of a worksheet"):
        parse_blanks("sizes")


def test_the_cli_takes_blank_with_a_worksheet_only(tmp_path):
    runner = CliRunner()
    done = runner.invoke(
        main, ["run", "seed", "--export", str(tmp_path / "s.md"), "--worksheet", "--blank", "all"]
    )
    assert done.exit_code == 0, done.stderr
    assert (tmp_path / "s.md").read_text(encoding="utf-8").count(BLANK) == 581
    for args in (["--blank", "size"], ["--format", "md", "--blank", "size"]):
        done = runner.invoke(main, ["run", "seed", *args])
        assert done.exit_code == 2
        assert done.stderr.count("\n") == 1 and "--blank" in done.stderr
        assert "--worksheet" in done.stderr
    done = runner.invoke(main, ["run", "seed", "--format", "md", "--worksheet", "--blank", "x"])
    assert done.exit_code == 2 and done.stderr.startswith("convtrace: --blank: 'x' is no part")

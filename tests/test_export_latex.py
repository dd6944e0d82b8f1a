"""The LaTeX export: read back, converted by pandoc, compiled by TeX where one is installed."""

from __future__ import annotations

import re
import shutil
import subprocess
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings

import convtrace
from convtrace.numbers import plain
from convtrace.render.latex import escape, iter_latex, render_latex
from tests.conftest import tex_engines, tex_missing
from tests.strategies import tasks
from tests.test_export_markdown import expected_tables, reference, run_task

ENGINES = tex_engines()  # an engine and the packages the export loads, not pdflatex alone
TEX_MISSING = tex_missing()


def matrices(text: str) -> list[list[list[str]]]:
    """Every bmatrix as rows of entries, ``\\ctpad{…}`` unwrapped."""
    found = []
    pattern = r"(?:\\text\{([^\n]*?)\} = )?\\begin\{bmatrix\}\n(.*?)\n\\end\{bmatrix\}"
    for label, body in re.findall(pattern, text, re.S):
        rows = [row.split(" & ") for row in body.split(" \\\\\n")]
        rows = [[re.sub(r"\\ctpad\{(.*)\}", r"\1", c) for c in row] for row in rows]
        band = re.search(r", columns (\d+)--\d+$", label or "")
        if band and int(band.group(1)) > 0:  # a later band of a wide matrix: join it on
            found[-1] = [a + b for a, b in zip(found[-1], rows, strict=True)]
        else:
            found.append(rows)
    return found


def cell_blocks(text: str) -> dict[str, list[str]]:
    """Per cell the lines of its align* block, keyed by ``o[k, i, j]``."""
    blocks = {}
    pattern = (
        r"\\subsection\*\{\$\\boldsymbol\{(o\[[\d, ]+\])\}\$\}"
        r".*?\\begin\{align\*\}\n(.*?)\n\\end\{align\*\}"
    )
    for label, body in re.findall(pattern, text, re.S):
        blocks.setdefault(label, body.split(" \\\\\n"))
    return blocks


NUMBER = r"\(?-?[\d.]+\)?"


def number(text: str) -> Fraction:
    return Fraction(text.strip().strip("()"))


def check_formulas(text: str, trace, expected_output) -> int:
    """Every cell's products, sums and value read back from the align* blocks, checked here."""
    pair = re.compile(rf"({NUMBER}) \\cdot ({NUMBER})")
    blocks = cell_blocks(text)
    for label, lines in blocks.items():
        k, i, j = (int(n) for n in re.findall(r"\d+", label))
        cell = trace.cell(k, i, j)
        *channel_lines, total = lines
        # each channel starts with \text{name:}\quad &[, then one line per kernel row ("&+ [")
        # and, where a row is too wide for the page, continuation lines ("&\quad + ")
        per_channel: list[list[str]] = []
        for line in channel_lines:
            if line.startswith("\\text{"):
                per_channel.append([line])
            else:
                assert line.startswith(("&+ [", "&\\quad + ")), line
                per_channel[-1].append(line)
        assert len(per_channel) == len(cell.channels)
        sums = []
        for lines_of, step in zip(per_channel, cell.channels, strict=True):
            assert lines_of[0].startswith(f"\\text{{{escape(step.name)}:}}\\quad &[")
            assert sum(line.startswith("&+ [") for line in lines_of) == len(step.weights) - 1
            formula, result = " ".join(lines_of).rsplit(" = ", 1)
            pairs = [(number(a), number(b)) for a, b in pair.findall(formula)]
            assert [a for a, _ in pairs] == [Fraction(str(v)) for row in step.window for v in row]
            assert [b for _, b in pairs] == [Fraction(str(v)) for row in step.weights for v in row]
            assert number(result) == sum(a * b for a, b in pairs)
            sums.append(number(result))
        assert total.startswith(f"{label} &= ")
        terms, value = total[len(label) + 4 :].rsplit(" = ", 1)
        numbers = [number(t) for t in terms.split(" + ")]
        assert numbers[:-1] == sums
        assert number(value) == sum(numbers) == expected_output[k][i][j]
    return len(blocks)


def test_seed_document(seed_path):
    trace = convtrace.trace(seed_path)
    text = render_latex(trace)
    assert text.startswith("\\documentclass[11pt]{article}\n")
    assert text.endswith("\\end{document}\n")
    assert matrices(text) == expected_tables(trace)
    assert check_formulas(text, trace, [[[3, 7, 4], [17, -7, 1], [14, 25, 13]]]) == 9
    assert "o[0, 0, 0] &= 0 + 7 + (-5) + 1 = 3\n" in text
    assert "\\subsection*{Contents}" in text  # written out: complete after one run
    assert "\\tableofcontents" not in text
    assert "$H_2 = W_2 = (H_1 - F + 2P)/s + 1 = (5 - 3 + 2 \\cdot 1)/2 + 1 = 4/2 + 1 = 3$" in text


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tasks())
def test_every_matrix_and_number_of_any_trace(spec):
    trace = run_task(spec)
    text = render_latex(trace)
    assert matrices(text) == expected_tables(trace)
    assert check_formulas(text, trace, reference(spec)) == len(trace)


def test_fragment_has_no_preamble(seed_path):
    text = render_latex(convtrace.trace(seed_path), fragment=True)
    assert "\\documentclass" not in text and "\\begin{document}" not in text
    assert "\\end{document}" not in text
    assert text.startswith("% convtrace fragment")
    assert text.endswith("\\end{bmatrix}\n\\]\n")


def test_worksheet_boxes_and_answers(seed_path):
    trace = convtrace.trace(seed_path)
    sheet = render_latex(trace, worksheet=True)
    assert "\\newpage" not in sheet
    assert matrices(sheet)[-1] == [["\\ctblank"] * 3] * 3
    assert "o[0, 0, 0] &= \\ctblank + \\ctblank + \\ctblank + 1 = \\ctblank" in sheet
    assert "= 0 \\\\" not in sheet and "= 3\n" not in sheet
    with_answers = render_latex(trace, worksheet=True, answers=True)
    _, answers = with_answers.split("\\newpage\n\\section*{Answers}\n")
    assert "\\ctblank" not in answers
    assert check_formulas(answers, trace, trace.output.tolist()) == 9
    assert matrices(answers)[-1] == [["3", "7", "4"], ["17", "-7", "1"], ["14", "25", "13"]]


def test_user_text_is_escaped():
    trace = convtrace.trace({"R&D": [[1, 2], [3, 4]]}, [{"name": "w_0 100%", "weights": [[[1]]]}])
    text = render_latex(trace)
    assert "\\text{R\\&D}" in text
    assert "\\textbf{w\\_0 100\\%}" in text
    assert escape("5×5 – {x} ~ $") == "5$\\times$5 -- \\{x\\} \\textasciitilde{} \\$"


def test_chunks_stream(seed_path):
    trace = convtrace.trace(seed_path)
    chunks = list(iter_latex(trace))
    assert len(chunks) > 9
    assert "".join(chunks) == render_latex(trace)


# --- real renderers ----------------------------------------------------------------------------


@pytest.mark.skipif(
    shutil.which("pandoc") is None, reason="pandoc is not installed (Debian package pandoc)"
)
@pytest.mark.parametrize(
    "options", [{}, {"worksheet": True, "answers": True}], ids=["solution", "worksheet"]
)
@pytest.mark.parametrize("target", [["html", "--mathml"], ["docx"], ["markdown"]])
def test_pandoc_converts_cleanly(seed_path, tmp_path, options, target):
    source = tmp_path / "seed.tex"
    source.write_text(render_latex(convtrace.trace(seed_path), **options), encoding="utf-8")
    result = subprocess.run(
        [
            "pandoc",
            "--fail-if-warnings",
            "-f",
            "latex",
            "-t",
            *target,
            str(source),
            "-o",
            str(tmp_path / "out"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def compile_tex(engine: str, source, tmp_path) -> str:
    result = subprocess.run(
        [engine, "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", source.name],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        check=False,
        timeout=300,
    )
    log = (tmp_path / source.with_suffix(".log").name).read_text(encoding="utf-8", errors="replace")
    assert result.returncode == 0, log[-3000:]
    assert (tmp_path / source.with_suffix(".pdf").name).read_bytes().startswith(b"%PDF")
    return log


@pytest.mark.skipif(not ENGINES, reason=TEX_MISSING)
@pytest.mark.parametrize("engine", ENGINES or ["pdflatex"])
@pytest.mark.parametrize(
    "options", [{}, {"worksheet": True, "answers": True}], ids=["solution", "worksheet"]
)
def test_the_document_compiles(seed_path, tmp_path, engine, options):
    source = tmp_path / "seed.tex"
    source.write_text(render_latex(convtrace.trace(seed_path), **options), encoding="utf-8")
    log = compile_tex(engine, source, tmp_path)
    assert "Overfull \\hbox" not in log  # nothing runs off the page
    assert "LaTeX Error" not in log


@pytest.mark.skipif(not ENGINES, reason=TEX_MISSING)
def test_the_fragment_compiles_inside_a_document(seed_path, tmp_path):
    (tmp_path / "trace.tex").write_text(
        render_latex(convtrace.trace(seed_path), fragment=True), encoding="utf-8"
    )
    main = tmp_path / "notes.tex"
    main.write_text(
        "\\documentclass{article}\n\\usepackage{amsmath}\n\\begin{document}\n"
        "My notes.\n\\input{trace}\n\\end{document}\n",
        encoding="utf-8",
    )
    compile_tex(ENGINES[0], main, tmp_path)


@pytest.mark.skipif(not ENGINES, reason=TEX_MISSING)
def test_decimals_dilation_and_odd_names_compile(tmp_path):
    trace = convtrace.trace(
        {
            "R&D #1": [[0.5, 1e-9, 2], [3, 4.25, 5], [1, 2, 3]],
            "x_y": [[1, 2, 3], [4, 5, 6], [7, 8, 9]],
        },
        [{"name": "w~0", "weights": [[[1, -0.5]], [[2, 3]]], "bias": -1.5}],
        padding="same",
        dilation=[1, 2],
        padding_mode="reflect",
        flip=True,
    )
    source = tmp_path / "odd.tex"
    source.write_text(render_latex(trace, worksheet=True, answers=True), encoding="utf-8")
    compile_tex(ENGINES[0], source, tmp_path)


def wide_trace():
    signal = [(n * 37) % 1000 - 500 for n in range(40)]  # 40 samples of up to 4 characters
    return convtrace.trace(signal, [[0.25, -0.5, 0.25]], padding=1)


def test_wide_matrices_are_cut_into_bands_of_columns():
    trace = wide_trace()
    text = render_latex(trace).split("\\section*{Padded input}")[0]  # the input's bands
    assert "\\text{c0, columns 0--" in text
    bands = re.findall(r"\\text\{c0, columns (\d+)--(\d+)\}", text)
    assert int(bands[0][0]) == 0 and int(bands[-1][1]) == 39
    # the bands put back together are the input, in order
    assert len(bands) > 1
    joined = matrices(text)[0]  # matrices() puts the bands back together
    assert joined[0] == [plain(v) for v in trace.task.x[0, 0]]


@pytest.mark.skipif(not ENGINES, reason=TEX_MISSING)
def test_wide_matrices_stay_on_the_page(tmp_path):
    source = tmp_path / "wide.tex"
    source.write_text(render_latex(wide_trace(), worksheet=True, answers=True), encoding="utf-8")
    assert "Overfull \\hbox" not in compile_tex(ENGINES[0], source, tmp_path)


def long_kernel_trace():
    x = [[(n * 37) % 100 / 4 - 12 for n in range(24)], [n - 12 for n in range(24)]]
    kernel = [[(-1) ** n * (n + 1) / 8 for n in range(11)]]  # 1 × 11, decimals
    return convtrace.trace(x, [kernel], bias=0.5)


def test_long_kernel_rows_wrap_between_products():
    trace = long_kernel_trace()
    text = render_latex(trace)
    assert "&\\quad + " in text
    assert check_formulas(text, trace, trace.output.tolist()) == len(trace)


@pytest.mark.skipif(not ENGINES, reason=TEX_MISSING)
def test_long_kernel_rows_stay_on_the_page(tmp_path):
    source = tmp_path / "long.tex"
    source.write_text(
        render_latex(long_kernel_trace(), worksheet=True, answers=True), encoding="utf-8"
    )
    assert "Overfull \\hbox" not in compile_tex(ENGINES[0], source, tmp_path)

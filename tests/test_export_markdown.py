"""The Markdown export, read by real renderers: markdown-it-py (GFM tables) and pandoc."""

from __future__ import annotations

import re
import shutil
import subprocess
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from markdown_it import MarkdownIt

import convtrace
from convtrace.numbers import plain
from convtrace.render.markdown import BLANK, iter_markdown, render_markdown
from convtrace.solution.outline import TOC_MIN_CELLS
from tests.conftest import PANDOC_PDF_PACKAGES, ROOT, tex_engines
from tests.reference import reference_of as reference
from tests.strategies import tasks
from tests.strategies import trace_of as run_task

GOLDEN = ROOT / "tests" / "golden"


# --- reading the Markdown back -----------------------------------------------------------------


def parse(text: str):
    return MarkdownIt("commonmark").enable("table").parse(text)


def tables(text: str) -> list[list[list[str]]]:
    """Every table's body as rows of cell texts (header and row-index column dropped)."""
    found, rows, row, in_body = [], [], [], False
    for token in parse(text):
        if token.type == "table_open":
            rows = []
        elif token.type == "tbody_open":
            in_body = True
        elif token.type == "tbody_close":
            in_body = False
        elif token.type == "tr_open":
            row = []
        elif token.type == "inline" and in_body:
            row.append(token.content)
        elif token.type == "tr_close" and in_body:
            rows.append(row[1:])
        elif token.type == "table_close":
            found.append(rows)
    return found


def header_widths(text: str) -> list[int]:
    """How many cells each table's header row has."""
    widths, count, in_head = [], 0, False
    for token in parse(text):
        if token.type == "thead_open":
            in_head, count = True, 0
        elif token.type == "th_open" and in_head:
            count += 1
        elif token.type == "thead_close":
            in_head = False
            widths.append(count)
    return widths


def unitalic(cell: str) -> str:
    return cell[1:-1] if cell.startswith("*") and cell.endswith("*") else cell


def expected_tables(trace) -> list[list[list[str]]]:
    """The matrices the document must show, in order, as the reference writes numbers."""
    task = trace.task

    def rows(matrix):
        return [[plain(v) for v in row] for row in matrix.tolist()]

    expected = [rows(task.x[c]) for c in range(task.channels)]
    if any(task.padding):
        expected += [rows(trace.padded[c]) for c in range(task.channels)]
    for k, f in enumerate(task.filters):
        for c in range(len(task.channels_of(k))):
            expected.append(rows(f.weights[c]))
            if task.flip:
                expected.append(rows(trace.kernels[k, c]))
    expected += [rows(trace.output[k]) for k in range(len(task.filters))]
    return expected


def cell_items(text: str) -> dict[str, list[str]]:
    """Per cell heading (``o[k, i, j]``) the raw source of its list items."""
    items: dict[str, list[str]] = {}
    current, in_item = None, False
    for token in parse(text):
        if token.type == "heading_open":
            current = None
        if (
            token.type == "inline"
            and token.map
            and re.fullmatch(r"o\[\d+, \d+, \d+\]", token.content)
        ):
            current = token.content
            items.setdefault(current, [])
        elif token.type == "list_item_open":
            in_item = True
        elif token.type == "list_item_close":
            in_item = False
        elif token.type == "inline" and in_item and current is not None:
            items[current].append(token.content)
    return items


NUMBER = r"\(?-?[\d.]+(?:e-?\d+)?\)?"


def number(text: str) -> Fraction:
    return Fraction(text.strip("()"))


# --- the seed: golden file, a person read it ---------------------------------------------------


def test_seed_markdown_matches_the_golden_file(seed_path):
    """tests/golden/seed.md was read line by line against the lecture note's numbers."""
    text = render_markdown(convtrace.trace(seed_path))
    assert text == (GOLDEN / "seed.md").read_text(encoding="utf-8")


def test_seed_markdown_shows_the_notes_first_cell(seed_path):
    text = render_markdown(convtrace.trace(seed_path))
    assert (
        "- **R**: $[0 \\cdot 1 + 0 \\cdot 0 + 0 \\cdot (-1)] + [0 \\cdot 0 + 1 \\cdot 0 + "
        "1 \\cdot 0] + [0 \\cdot (-1) + 2 \\cdot 0 + 0 \\cdot 1] = 0$\n" in text
    )
    assert "- channel sums + bias: $o[0, 0, 0] = 0 + 7 + (-5) + 1 = 3$\n" in text
    assert "$H_2 = W_2 = (H_1 - F + 2P)/s + 1 = (5 - 3 + 2 \\cdot 1)/2 + 1 = 4/2 + 1 = 3$" in text


def test_seed_tables_have_the_right_shapes(seed_path):
    trace = convtrace.trace(seed_path)
    text = render_markdown(trace)
    found = tables(text)
    assert [[[unitalic(c) for c in row] for row in t] for t in found] == expected_tables(trace)
    # 3 input channels 5×5, 3 padded 7×7, 3 kernels 3×3, the output 3×3 (+ the index column)
    assert header_widths(text) == [6] * 3 + [8] * 3 + [4] * 3 + [4]
    assert [len(t) for t in found] == [5] * 3 + [7] * 3 + [3] * 3 + [3]


def test_padding_is_in_italics(seed_path):
    trace = convtrace.trace(seed_path)
    padded = tables(render_markdown(trace))[3]  # the padded R channel
    for r, row in enumerate(padded):
        for c, cell in enumerate(row):
            assert cell.startswith("*") == trace.is_padding(r, c), (r, c, cell)


def check_formulas(text: str, trace, expected_output) -> int:
    """Every cell's products, sums, bias and value read back from the Markdown and checked with
    plain arithmetic here (not the engine's); returns how many cells were checked."""
    items = cell_items(text)
    pair = re.compile(rf"({NUMBER}) \\cdot ({NUMBER})")
    for label, lines in items.items():
        k, i, j = (int(n) for n in re.findall(r"\d+", label))
        *channel_lines, total_line = lines
        cell = trace.cell(k, i, j)
        assert len(channel_lines) == len(cell.channels)
        sums = []
        for line, step in zip(channel_lines, cell.channels, strict=True):
            math = line.split("$")[1]
            left, right = math.rsplit(" = ", 1)
            pairs = [(number(a), number(b)) for a, b in pair.findall(left)]
            window = [Fraction(str(v)) for row in step.window for v in row]
            weights = [Fraction(str(v)) for row in step.weights for v in row]
            assert [a for a, _ in pairs] == window
            assert [b for _, b in pairs] == weights
            assert left.count("[") == len(step.weights)  # one bracket per kernel row
            assert number(right) == sum(a * b for a, b in pairs)
            sums.append(number(right))
        math = total_line.split("$")[1]
        assert math.startswith(f"{label} = ")
        terms, value = math[len(label) + 3 :].rsplit(" = ", 1)
        numbers = [number(t) for t in terms.split(" + ")]
        assert numbers[:-1] == sums
        assert number(value) == sum(numbers)
        assert number(value) == expected_output[k][i][j]
    return len(items)


def test_every_number_of_the_seed_is_in_the_formulas(seed_path):
    trace = convtrace.trace(seed_path)
    output = [[[3, 7, 4], [17, -7, 1], [14, 25, 13]]]
    assert check_formulas(render_markdown(trace), trace, output) == 9


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tasks())
def test_every_matrix_and_number_of_any_trace(spec):
    trace = run_task(spec)
    text = render_markdown(trace)
    found = tables(text)
    assert [[[unitalic(c) for c in row] for row in t] for t in found] == expected_tables(trace)
    assert check_formulas(text, trace, reference(spec)) == len(trace)


def test_decimals_are_written_without_noise():
    trace = convtrace.trace([[0.1, 0.2], [0.3, 0.4]], [[[0.1, 0.2], [0.3, 0.4]]])
    text = render_markdown(trace)
    assert "$[0.1 \\cdot 0.1 + 0.2 \\cdot 0.2] + [0.3 \\cdot 0.3 + 0.4 \\cdot 0.4] = 0.3$" in text
    assert "0000000" not in text


# --- options -----------------------------------------------------------------------------------


def test_plain_math_uses_unicode_and_no_dollars(seed_path):
    text = render_markdown(convtrace.trace(seed_path), plain_math=True)
    assert "$" not in text
    assert "- **R**: [0·1 + 0·0 + 0·(−1)] + [0·0 + 1·0 + 1·0] + [0·(−1) + 2·0 + 0·1] = 0\n" in text
    assert "- channel sums + bias: o[0, 0, 0] = 0 + 7 + (−5) + 1 = 3\n" in text
    assert "H₂ = W₂ = (H₁ − F + 2P)/s + 1 = (5 − 3 + 2·1)/2 + 1 = 4/2 + 1 = 3" in text


def test_worksheet_leaves_the_results_blank(seed_path):
    trace = convtrace.trace(seed_path)
    text = render_markdown(trace, worksheet=True)
    assert "(worksheet)" in next(line for line in text.splitlines() if line.startswith("# "))
    assert "Answers" not in text
    items = cell_items(text)
    assert len(items) == 9
    for lines in items.values():
        for line in lines[:-1]:
            math, rest = line.split("$")[1], line.split("$")[2]
            assert " = " not in math  # the factors are given, the sum is not
            assert (
                rest
                == f" = [{BLANK} + {BLANK} + {BLANK}]"
                + f" + [{BLANK} + {BLANK} + {BLANK}]" * 2
                + f" = {BLANK}"
            )
        assert lines[-1].endswith(f" = {BLANK} + {BLANK} + {BLANK} + $1$ = {BLANK}")
    # the output volume is a table of blanks; the input, padding and filters are all there
    output = tables(text)[-1]
    assert output == [[BLANK] * 3] * 3
    assert tables(text)[:-1] == tables(render_markdown(trace))[:-1]


def test_worksheet_with_answers_appends_the_solution(seed_path):
    trace = convtrace.trace(seed_path)
    full = render_markdown(trace)
    text = render_markdown(trace, worksheet=True, answers=True)
    sheet, answers = text.split(
        '<div style="page-break-before: always;"></div>\n\n---\n\n## Answers\n'
    )
    assert BLANK in sheet and BLANK not in answers
    solution = full[full.index("### o[0, 0, 0]") : full.index("## Output volume")]
    assert solution in answers
    assert tables(answers)[-1] == [["3", "7", "4"], ["17", "-7", "1"], ["14", "25", "13"]]


def test_answers_alone_change_nothing(seed_path):
    trace = convtrace.trace(seed_path)
    assert render_markdown(trace, answers=True) == render_markdown(trace)


def test_selected_cells_only(seed_path):
    trace = convtrace.trace(seed_path)
    text = render_markdown(trace, cells=[trace.cell(0, 1, 2)])
    assert list(cell_items(text)) == ["o[0, 1, 2]"]
    assert "## Contents" not in text  # one cell: no table of contents


def test_long_traces_get_a_table_of_contents_with_working_links(seed_path):
    trace = convtrace.trace(seed_path)
    assert len(trace) >= TOC_MIN_CELLS
    text = render_markdown(trace)
    links = re.findall(r"\]\(#([^)]+)\)", text)
    assert "o0-1-2" in links and "output-volume" in links
    assert len([link for link in links if link.startswith("o0-")]) == 9
    anchors = set()
    for token in parse(text):
        if token.type == "inline" and token.map:
            # GitHub's and pandoc's rule for these headings: lower case, punctuation dropped
            anchors.add(re.sub(r"[^\w\- ]", "", token.content.lower()).replace(" ", "-"))
    assert set(links) <= anchors


def test_user_text_cannot_break_the_markdown():
    trace = convtrace.trace(
        {"x|y": [[1, 2], [3, 4]], "*b*": [[5, 6], [7, 8]]},
        [{"name": "[w]_0", "weights": [[[1]], [[1]]]}],
    )
    text = render_markdown(trace)
    assert "Channel **x\\|y**" in text
    assert "Channel **\\*b\\***" in text
    assert "Filter **\\[w\\]\\_0**" in text
    assert [len(t) for t in tables(text)] == [2, 2, 1, 1, 2]


def test_chunks_stream_and_end_with_one_newline(seed_path):
    trace = convtrace.trace(seed_path)
    chunks = list(iter_markdown(trace))
    assert len(chunks) > 9  # at least one chunk per cell
    assert all(chunks)
    assert chunks[-1].endswith("|\n")
    assert "".join(chunks) == render_markdown(trace)


def test_one_d_signal():
    trace = convtrace.trace([1, 2, 3, 4], [[1, -1]])
    text = render_markdown(trace)
    assert "input signal $L_1 \\times D_1 = 4 \\times 1$" in text
    assert "window: padded positions 0–1" in text
    assert [len(t) for t in tables(text)] == [1, 1, 1]


# --- pandoc ------------------------------------------------------------------------------------

needs_pandoc = pytest.mark.skipif(
    shutil.which("pandoc") is None, reason="pandoc is not installed (Debian package pandoc)"
)


def pandoc(text: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["pandoc", "--fail-if-warnings", *args],
        input=text,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )


@needs_pandoc
@pytest.mark.parametrize(
    "options",
    [{}, {"plain_math": True}, {"worksheet": True, "answers": True}],
    ids=["math", "plain-math", "worksheet"],
)
@pytest.mark.parametrize("reader", ["markdown", "gfm"])
def test_pandoc_converts_cleanly(seed_path, options, reader):
    text = render_markdown(convtrace.trace(seed_path), **options)
    result = pandoc(text, "-f", reader, "-t", "html")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.count("<table") == len(tables(text)) >= 10
    if reader == "markdown" and not options.get("plain_math"):
        assert 'class="math inline"' in result.stdout
    for link in re.findall(r"\]\(#([^)]+)\)", text):
        assert f'id="{link}"' in result.stdout


@needs_pandoc
def test_pandoc_reads_the_math_as_latex(seed_path):
    text = render_markdown(convtrace.trace(seed_path))
    result = pandoc(text, "-f", "markdown", "-t", "latex")
    assert result.returncode == 0, result.stderr
    assert "\\(o[0, 0, 0] = 0 + 7 + (-5) + 1 = 3\\)" in result.stdout


@pytest.mark.skipif(
    shutil.which("pandoc") is None or "pdflatex" not in tex_engines(*PANDOC_PDF_PACKAGES),
    reason="needs pandoc, and pdflatex with what pandoc's LaTeX template loads: "
    + ", ".join(PANDOC_PDF_PACKAGES),
)
def test_pandoc_makes_a_pdf(seed_path, tmp_path):
    source = tmp_path / "seed.md"
    source.write_text(
        render_markdown(convtrace.trace(seed_path), worksheet=True, answers=True), encoding="utf-8"
    )
    result = subprocess.run(
        ["pandoc", "--fail-if-warnings", str(source), "-o", str(tmp_path / "seed.pdf")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "seed.pdf").read_bytes().startswith(b"%PDF")


def test_the_readme_excerpt_is_what_the_export_writes(seed_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Export for homework") :]
    excerpt = section[section.index("```markdown\n") + 12 :]
    excerpt = excerpt[: excerpt.index("```\n")]
    assert excerpt.count("\n") >= 8
    assert excerpt in render_markdown(convtrace.trace(seed_path))


def test_titles_and_names_come_out_as_written():
    import html

    data = {
        "title": "A #1 title *with* [a link](x) & <b>tags</b> $5 #",
        "description": "- not a list, 1. not a number",
        "input": {"R&D #1": [[1, 2], [3, 4]]},
        "filters": [{"name": "w_0", "weights": [[[1]]]}],
    }
    trace = convtrace.trace(convtrace.loaders.task_from_data(data))
    page = MarkdownIt("commonmark").enable("table").render(render_markdown(trace))
    assert f"<h1>{html.escape(data['title'], quote=False)}</h1>" in page
    assert f"<p>{data['description']}</p>" in page
    assert "<strong>R&amp;D #1</strong>" in page

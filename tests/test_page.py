"""The web page's data: every number as Python wrote it, the windows, and the formulas the
script builds (re-done here in Python: it only joins strings) equal to the worked solution's."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

import convtrace
from convtrace.export import format_for, write_export
from convtrace.numbers import ASCII, UNICODE
from convtrace.render.page import render_page
from convtrace.render.page_data import fill, joined, runs_html, slots
from convtrace.solution.cells import cell_rows
from convtrace.solution.outline import in_ascii
from tests.conftest import SAMPLES
from tests.reference import reference_of
from tests.strategies import decimals, tasks, trace_of

SEED = json.loads((SAMPLES / "seed.json").read_text(encoding="utf-8"))
SEED_OUTPUT = [[3, 7, 4], [17, -7, 1], [14, 25, 13]]


# --- reading a page back -----------------------------------------------------------------------


def page_data(text: str) -> tuple[dict, list[list]]:
    """The page's data and each cell part's cells."""
    found = re.search(r'<script type="application/json" id="ct-data">(.*?)</script>', text, re.S)
    parts = re.findall(r'class="ct-cells-data">(.*?)</script>', text, re.S)
    return json.loads(found.group(1)), [json.loads(part) for part in parts]


class Tables(HTMLParser):
    """Every ``table.ct-m``: its attributes and its cells as (text, classes) rows."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[tuple[dict, list[list[tuple[str, str]]]]] = []
        self.cell: list[str] | None = None
        self.body = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and attrs.get("class") == "ct-m":
            self.tables.append((attrs, []))
        elif tag == "tbody":
            self.body = True
        elif tag == "tr" and self.body:
            self.tables[-1][1].append([])
        elif tag == "td" and self.body:
            self.cell = [attrs.get("class") or ""]

    def handle_endtag(self, tag):
        if tag == "td" and self.cell is not None:
            classes, *text = self.cell
            self.tables[-1][1][-1].append(("".join(text), classes))
            self.cell = None
        elif tag == "tbody":
            self.body = False

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def tables(text: str, attr: str) -> dict[str, list[list[tuple[str, str]]]]:
    parser = Tables()
    parser.feed(text)
    return {a[attr]: rows for a, rows in parser.tables if attr in a}


def texts(rows) -> list[list[str]]:
    return [[text for text, _ in row] for row in rows]


def shown_lines(data: dict, cell: list) -> list[str]:
    """What the script shows for a cell (``cellHTML`` in page.js, as text, blanks revealed)."""
    _, i, j, t, _, _, sums, others = cell
    rows, cols = data["wr"][i], data["wc"][j]
    lines = []
    for c, (x, _, lead, parts, joint) in enumerate(data["sets"][t]):
        window = [data["pt"][data["pv"][x][r][q]] for r in rows for q in cols]
        lines.append(lead + fill(parts, window) + joint + sums[c])
    lines += [lead + joined(text) for _, lead, text in others]
    return lines


def expected_cells(trace, notation=UNICODE):
    for row in cell_rows(trace, notation, notation):
        yield from row


def check_cells(trace, text: str, notation=UNICODE) -> int:
    """Every cell of the page against the worked solution's own lines; returns the count."""
    data, parts = page_data(text)
    count = 0
    for cells in parts:
        works = list(expected_cells(trace, notation))
        assert len(cells) == len(works)
        for cell, work in zip(cells, works, strict=True):
            assert cell[:3] == [work.filter, work.row, work.col]
            assert cell[4] == work.label and cell[5] == work.where + "."
            assert shown_lines(data, cell) == [line.lead + line.text() for line in work.lines]
            captions = [data["caps"][entry[1]] for entry in data["sets"][cell[3]]]
            captions += [data["caps"][other[0]] for other in cell[7]]
            assert captions == [runs_html(line.caption) for line in work.lines]
            count += 1
    return count


# --- the seed, number by number ----------------------------------------------------------------


def minus(value) -> str:
    return str(value).replace("-", "−")


@pytest.fixture(scope="module")
def seed_page() -> str:
    return render_page(convtrace.trace(SAMPLES / "seed.json"))


def test_the_seeds_tables_hold_its_numbers(seed_page):
    inputs = [rows for attrs, rows in all_tables(seed_page) if len(attrs) == 1][:3]
    assert [texts(rows) for rows in inputs] == [
        [[minus(v) for v in row] for row in SEED["input"][c]] for c in "RGB"
    ]
    padded = tables(seed_page, "data-x")
    for c, name in enumerate("RGB"):
        rows = padded[str(c)]
        assert len(rows) == len(rows[0]) == 7
        for r, row in enumerate(rows):
            for q, (value, classes) in enumerate(row):
                inside = 1 <= r <= 5 and 1 <= q <= 5
                assert value == (minus(SEED["input"][name][r - 1][q - 1]) if inside else "0")
                assert ("ct-p" in classes) == (not inside)
    weights = tables(seed_page, "data-w")
    assert sorted(weights) == ["0,0", "0,1", "0,2"]
    for c, name in enumerate("RGB"):
        kernel = SEED["filters"][0]["weights"][name]
        assert texts(weights[f"0,{c}"]) == [[minus(v) for v in row] for row in kernel]
    assert texts(tables(seed_page, "data-o")["0"]) == [[minus(v) for v in r] for r in SEED_OUTPUT]
    assert 'Filter <strong>w0</strong>, bias <span class="ct-math">b = 1</span>' in seed_page


def all_tables(text: str):
    """Every table in order, with its attributes."""
    parser = Tables()
    parser.feed(text)
    return parser.tables


def test_the_seeds_data_carries_each_number_once_as_python_wrote_it(seed_page):
    data, (cells,) = page_data(seed_page)
    assert sorted(data["pt"]) == sorted({"0", "1", "2", "3"})  # the padded input's values
    padded = [[[data["pt"][v] for v in row] for row in plane] for plane in data["pv"]]
    for c, name in enumerate("RGB"):
        assert [row[1:6] for row in padded[c][1:6]] == [
            [str(v) for v in row] for row in SEED["input"][name]
        ]
    assert data["wr"] == data["wc"] == [[0, 1, 2], [2, 3, 4], [4, 5, 6]]  # stride 2, F = 3
    assert [cell[:3] for cell in cells] == [[0, i, j] for i in range(3) for j in range(3)]
    first, second = cells[0], cells[1]
    assert first[6] == ["0", "7", "−5"] and second[6] == ["3", "2", "1"]
    assert first[7][0][1:] == ["o[0, 0, 0] = ", "0 + 7 + (−5) + 1 = 3"]
    assert second[7][0][1:] == ["o[0, 0, 1] = ", "3 + 2 + 1 + 1 = 7"]
    assert [cell[7][0][2].rsplit(" = ", 1)[1] for cell in cells] == [
        minus(v) for row in SEED_OUTPUT for v in row
    ]
    assert shown_lines(data, first)[:3] == [
        "[0·1 + 0·0 + 0·(−1)] + [0·0 + 1·0 + 1·0] + [0·(−1) + 2·0 + 0·1] = 0",
        "[0·0 + 0·(−1) + 0·0] + [0·(−1) + 2·4 + 0·(−1)] + [0·0 + 1·(−1) + 0·0] = 7",
        "[0·(−1) + 0·(−1) + 0·(−1)] + [0·(−1) + 0·8 + 0·(−1)] + [0·(−1) + 2·(−1) + 3·(−1)] = −5",
    ]
    (template,) = data["sets"]
    assert [entry[0] for entry in template] == [0, 1, 2]  # R, G, B of the padded input
    assert template[0][3][:3] == ["[", "·1", " + "]  # the products' tails apart
    assert check_cells(convtrace.trace(SAMPLES / "seed.json"), seed_page) == 9


def test_the_page_is_self_contained(seed_page):
    assert seed_page.startswith("<!DOCTYPE html>") and seed_page.endswith("</html>\n")
    for external in ("<link", "src=", "url(", "http:", "https:", "@import"):
        assert external not in seed_page
    assert re.findall(r'href="([^"]*)"', seed_page) == [
        f"#{a}"
        for a in (
            "hyperparameters",
            "output-size",
            "input-volume",
            "padded-input",
            "filters",
            "cell-by-cell",
            "output-volume",
        )
    ]
    assert "default-src 'none'" in seed_page  # the browser itself refuses any request
    assert seed_page.count("<script") == 3  # the data, the cells, the script


# --- any task ----------------------------------------------------------------------------------


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tasks())
def test_the_formulas_the_script_builds_are_the_worked_solutions(spec):
    trace = trace_of(spec)
    text = render_page(trace)
    assert check_cells(trace, text) == len(trace)
    output = tables(text, "data-o")
    expected = reference_of(spec)
    for k, plane in enumerate(expected):
        assert texts(output[str(k)]) == [[minus(v) for v in row] for row in plane]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tasks(values=decimals))
def test_decimals_are_the_worked_solutions_texts_too(spec):
    trace = trace_of(spec)
    assert check_cells(trace, render_page(trace)) == len(trace)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tasks())
def test_a_worksheets_blanks_hold_exactly_the_results(spec):
    trace = trace_of(spec)
    text = render_page(trace, worksheet=True, answers=True)
    _, (sheet, answers) = page_data(text)
    assert sheet[0][6] == answers[0][6]  # the channel sums: blanks, filled from the same texts
    assert check_cells(trace, text) == 2 * len(trace)
    for cell in sheet:
        (total,) = cell[7]
        blanks = [s[0] for s in total[2] if isinstance(s, list)]
        sums = [s if n == 0 or not s.startswith("−") else f"({s})" for n, s in enumerate(cell[6])]
        assert blanks == [*sums, joined(total[2]).rsplit(" = ", 1)[1]]


@pytest.mark.parametrize("sample", sorted(SAMPLES.glob("*.json")), ids=lambda p: p.stem)
def test_every_sample(sample):
    trace = convtrace.trace(sample)
    if hasattr(trace, "layers"):  # a chain: every cell written out, each line as it reads
        assert static_cells(trace, render_page(trace)) == sum(len(t) for t in trace.layers)
        return
    assert check_cells(trace, render_page(trace)) == len(trace)


@pytest.mark.parametrize("sample", ["seed", "chain", "rect"])
def test_a_backward_pass_is_a_page_of_every_gradient_cell(sample):
    trace = convtrace.backward(SAMPLES / f"{sample}.json")
    text = render_page(trace)
    assert static_cells(trace, text) == len(trace)
    if sample == "seed":  # checked by hand and against torch (test_grad_torch)
        assert "∂L/∂b[0] = Σ G[0] = 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 = 9" in html.unescape(text)


def static_cells(trace, text: str) -> int:
    """A chain's or a backward pass's page holds each cell with the worked solution's lines."""
    from convtrace.solution.blocks import Cells
    from convtrace.solution.document import Options, outline

    count = 0
    for block in outline(trace, Options(math=UNICODE, text=UNICODE)):
        if isinstance(block, Cells):
            for row in block.rows():
                for work in row:
                    assert f"<h4>{html.escape(work.label)}</h4>" in text
                    for line in work.lines:
                        assert html.escape(line.lead + line.text()) in text
                    count += 1
    assert "<script>" not in text  # nothing to step: the layers are written out
    return count


def test_slots_undo_percent_formatting():
    template = "[%s·1 + %s·(−1)] 5%% + %s"
    values = ("a", "b", "c")
    literals = slots(template)
    assert len(literals) == 4
    assert fill([literals[0], *(x for lit in literals[1:] for x in ("", lit))], values) == (
        template % values
    )


# --- options and other formats -----------------------------------------------------------------


def test_ascii_page_writes_every_symbol_in_ascii(seed_path):
    trace = convtrace.trace(seed_path)
    text = render_page(trace, ascii=True)
    data, _ = page_data(text)
    assert check_cells(in_ascii(trace), text, ASCII) == 9
    body = text[: text.index("<script")]
    assert "−" not in body and "×" not in body
    assert data["sets"][0][0][3][:3] == ["[", "*1", " + "]


def test_quiet_page_is_the_output_alone(seed_path):
    text = render_page(convtrace.trace(seed_path), quiet=True)
    assert "<script" not in text and "<nav" not in text
    assert texts(tables(text, "data-o")["0"]) == [[minus(v) for v in r] for r in SEED_OUTPUT]


def test_picked_cells_and_no_colour(seed_path):
    trace = convtrace.trace(seed_path)
    text = render_page(trace, cells=[trace.cell(0, 1, 2)], no_color=True)
    _, (cells,) = page_data(text)
    assert [cell[:3] for cell in cells] == [[0, 1, 2]]
    assert '<body class="ct ct-plain">' in text


def test_user_text_cannot_break_out_of_the_page():
    evil = "</script><img src=x onerror=alert(1)>&"
    trace = convtrace.trace({evil: [[1, 2], [3, 4]]}, [{"name": evil, "weights": [[[1]]]}])
    text = render_page(trace)
    assert "<img" not in text and text.count("</script>") == 3
    data, (cells,) = page_data(text)
    assert data["caps"][0] == f"<strong>{html.escape(evil)}</strong>"
    assert evil in cells[0][5]  # the sentence names the filter: the script escapes it


def test_a_page_of_2048_cells_stays_small():
    rng = np.random.default_rng(0)
    x = rng.integers(-9, 10, size=(3, 32, 32))
    filters = [{"weights": w, "bias": 1} for w in rng.integers(-3, 4, size=(2, 3, 3, 3))]
    trace = convtrace.trace(x, filters, padding=1)
    size = len(render_page(trace).encode("utf-8"))
    assert len(trace) == 2048
    assert size < 2048 * 5_000_000 / 8192, size  # 5 MB for 8,192 cells, in proportion


def test_html_is_the_page_and_term_html_the_terminal(tmp_path, seed_path):
    assert format_for("a/seed.html") == "html" and format_for("A.TERM.HTML") == "terminal-html"
    trace = convtrace.trace(seed_path)
    write_export(trace, tmp_path / "seed.html")
    assert (tmp_path / "seed.html").read_text(encoding="utf-8") == render_page(trace)
    write_export(trace, tmp_path / "seed.term.html", worksheet=False)
    terminal = (tmp_path / "seed.term.html").read_text(encoding="utf-8")
    assert "<script" not in terminal and "<pre>" in terminal and "color: #" in terminal
    write_export(trace, tmp_path / "sheet.html", worksheet=True, answers=True)
    assert "ct-cells-data" in (tmp_path / "sheet.html").read_text(encoding="utf-8")


def test_a_notebook_shows_the_page_in_a_frame(seed_path):
    trace = convtrace.trace(seed_path)
    shown = trace._repr_html_()
    source = re.fullmatch(r'<iframe srcdoc="([^"]*)".*</iframe>', shown, re.S)
    assert source and html.unescape(source.group(1)) == render_page(trace)
    assert trace._repr_markdown_()  # Markdown stays for frontends without HTML


def test_a_big_trace_in_a_notebook_is_cut_short():
    from convtrace.render.page import notebook_page

    trace = convtrace.trace([[1] * 12] * 12, [[[1, 1], [1, 1]]])  # 121 cells
    shown = notebook_page(trace, max_cells=10)
    source = html.unescape(re.search(r'srcdoc="([^"]*)"', shown).group(1))
    assert len(page_data(source)[1][0]) == 10
    assert "The first 10 of 121 cells are shown" in shown


@pytest.mark.parametrize(
    "shown",
    [
        lambda: convtrace.trace("chain"),
        lambda: convtrace.backward("seed"),
        lambda: convtrace.backward("chain"),
    ],
    ids=["chain", "backward", "chain-backward"],
)
def test_a_notebook_shows_chains_and_backward_passes_as_pages_too(shown):
    from convtrace.render.markdown import render_markdown

    trace = shown()
    source = re.fullmatch(r'<iframe srcdoc="([^"]*)".*</iframe>', trace._repr_html_(), re.S)
    assert source and html.unescape(source.group(1)) == render_page(trace)
    assert trace._repr_markdown_() == render_markdown(trace, front_matter=False)

"""The worked solution as one self-contained, interactive web page.

Syntax only: the blocks come from :mod:`convtrace.solution.outline`. Matrices are real tables
(indices as headers, padding in italics outside a frame); the cell-by-cell part is one cell at a
time, which the page's script (``page.js``) puts together from what :mod:`.page_data` carries:
→/n and ←/p step, Home and End jump, a click on an output cell goes to it, hovering (or
focusing) a product marks its input value and its weight, "show all" lists every cell, and
printing prints them all. On a worksheet the sums are blanks, each with a "reveal" button.

Style and script are inline, the page fetches nothing (its content security policy forbids
it) and works from ``file://``. It streams: the tables, then each row of cells' data.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Iterable, Iterator
from importlib import resources
from itertools import islice

import numpy as np

from .. import language
from ..engine import Cell, Trace
from ..language import N_, _
from ..numbers import ASCII, UNICODE, Notation
from ..solution.blocks import (
    Cells,
    Contents,
    Facts,
    Formulas,
    Heading,
    Legend,
    Matrices,
    Matrix,
    PageBreak,
    Paragraph,
)
from ..solution.document import Options, in_ascii, outline
from ..solution.words import title as title_of
from .page_data import PageData, json_text, runs_html

#: What a student fills in.
BLANK = "___"

#: A notebook's page holds at most this many cells (the output volume is always whole).
NOTEBOOK_MAX_CELLS = 4096

#: The page's own controls, in words (the worked solution's words are the outline's).
CONTROLS = {
    "nav": N_("Step through the cells"),
    "first": N_("first"),
    "previous": N_("previous"),
    "next": N_("next"),
    "last": N_("last"),
    "all": N_("show all cells"),
    "next cell": N_("next cell"),
    "back": N_("previous cell"),
    "ends": N_("first / last cell"),
    "click": N_("click an output cell: go to it"),
    "hover": N_("hover or focus a product: its input value and weight are marked"),
    "reveal": N_("reveal"),
    "script": N_("The cells are shown by the page's script; printing prints them all."),
}

#: Nothing leaves the page: no fetch, no font, no image but ``data:``.
_POLICY = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"


@functools.cache
def asset(name: str) -> str:
    """``page.css`` or ``page.js``, shipped beside this module."""
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def _address(values: np.ndarray) -> tuple[int, tuple[int, ...]]:
    return values.__array_interface__["data"][0], values.shape


def matrix_roles(trace: Trace) -> dict[tuple, str]:
    """The attributes that tell the script what a matrix of the outline is, by the memory it
    views: ``data-x`` where windows are marked (the padded input, or the input when there is
    no padding), ``data-w`` the kernels as they meet the window, ``data-o`` the outputs."""
    task = trace.task
    roles: dict[tuple, str] = {}
    source = trace.padded if any(task.padding) else task.x
    for c in range(source.shape[0]):
        roles.setdefault(_address(source[c]), f'data-x="{c}"')
    for f in range(trace.output.shape[0]):
        roles.setdefault(_address(trace.output[f]), f'data-o="{f}"')
    for k, f in enumerate(task.filters):
        for c in range(trace.kernels.shape[1]):
            roles.setdefault(_address(trace.kernels[k, c]), f'data-w="{k},{c}"')
            if not task.flip:
                roles.setdefault(_address(f.weights[c]), f'data-w="{k},{c}"')
    return roles


def number_texts(values: np.ndarray, n: Notation) -> list[list[str]]:
    """A matrix's numbers as ``n`` writes them, each distinct one written once."""
    distinct, inverse = np.unique(values, return_inverse=True)
    table = np.array([n.number(v) for v in distinct.tolist()] + [""], dtype=object)[:-1]
    return table[inverse.reshape(values.shape)].tolist()


def _openers(rows: int, cols: int, inside: tuple[int, int, int, int] | None):
    """Per row, each cell's ``<td …>``: padding ``ct-p``, the input's edge ``ct-f*``."""
    if inside is None:
        plain = ["<td>"] * cols
        return lambda r: plain
    top, bottom, left, right = inside
    last_row, last_col = rows - 1 - bottom, cols - 1 - right

    def row_of(edges: str) -> list[str]:
        cells = []
        for c in range(cols):
            if c < left or c > last_col:
                cells.append('<td class="ct-p">')
                continue
            classes = list(edges)
            if c == left and left:
                classes.append("ct-fl")
            if c == last_col and right:
                classes.append("ct-fr")
            cells.append(f'<td class="{" ".join(classes)}">' if classes else "<td>")
        return cells

    padding = ['<td class="ct-p">'] * cols
    kinds: dict[tuple[bool, bool], list[str]] = {}

    def opener(r: int) -> list[str]:
        if r < top or r > last_row:
            return padding
        key = (r == top and top > 0, r == last_row and bottom > 0)
        if key not in kinds:
            kinds[key] = row_of(["ct-ft"] * key[0] + ["ct-fb"] * key[1])
        return kinds[key]

    return opener


def table(values: np.ndarray, n: Notation, attrs: str = "", *, inside=None, blank=False) -> str:
    """A matrix as an HTML table: column indices in the header, row indices in the first
    column, padding cells apart (``inside``: the input's place in its padding)."""
    rows, cols = values.shape
    texts = [[BLANK] * cols] * rows if blank else number_texts(values, n)
    opener = _openers(rows, cols, inside)
    head = "".join(f'<th scope="col">{c}</th>' for c in range(cols))
    body = [
        f'<tr><th scope="row">{r}</th>'
        + "".join([o + t + "</td>" for o, t in zip(opener(r), texts[r], strict=True)])
        + "</tr>"
        for r in range(rows)
    ]
    space = " " if attrs else ""
    return (
        f'<table class="ct-m"{space}{attrs}><thead><tr><td></td>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )


class PageWriter:
    """Writes one trace's worked solution as a web page, chunk by chunk."""

    def __init__(
        self,
        trace: Trace,
        *,
        cells: Iterable[Cell] | None = None,
        selection: dict | None = None,
        worksheet: bool = False,
        answers: bool = False,
        quiet: bool = False,
        ascii: bool = False,
        no_color: bool = False,
    ) -> None:
        self.n = ASCII if ascii else UNICODE
        self.trace = in_ascii(trace) if ascii else trace
        self.options = Options(
            math=self.n,
            text=self.n,
            quiet=quiet,
            worksheet=worksheet,
            answers=answers and worksheet,
            cells=cells,
            selection=selection,
        )
        self.plain = no_color
        #: a chain of layers or a backward pass is written out whole: the stepping script knows
        #: one convolution's forward cells
        self.static = not isinstance(self.trace, Trace)
        self.data = None if self.static else PageData(self.trace, self.n)
        self.roles = {} if self.static else matrix_roles(self.trace)

    def __iter__(self) -> Iterator[str]:
        blocks = [
            block
            for block in outline(self.trace, self.options)
            if getattr(block, "only", None) != "screen"
        ]
        stepping = not self.static and any(isinstance(block, Cells) for block in blocks)
        yield self.head()
        if stepping:
            yield self.controls()
        stage = None if self.static else _stage_start(blocks)
        yield '<main class="ct-split">\n<div class="ct-doc">\n' if stage else "<main>\n"
        for at, block in enumerate(blocks):
            if stage and at == stage:
                yield '</div>\n<div class="ct-stage">\n'
            yield from self.write(block)
        yield "</div>\n</main>\n" if stage else "</main>\n"
        if stepping:
            words = {"reveal": _(CONTROLS["reveal"]), "blank": BLANK}
            document = json_text(self.data.document(words))
            yield f'<script type="application/json" id="ct-data">{document}</script>\n'
            yield f"<script>\n{asset('page.js')}</script>\n"
        yield "</body>\n</html>\n"

    def title(self) -> str:
        text = title_of(self.trace.task)
        return _("{title} (worksheet)").format(title=text) if self.options.worksheet else text

    def head(self) -> str:
        body = ' class="ct ct-plain"' if self.plain else ' class="ct"'
        return (
            f'<!DOCTYPE html>\n<html lang="{language.current()}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{_POLICY}">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            '<meta name="generator" content="convtrace">\n'
            f"<title>{html.escape(self.title())}</title>\n"
            f"<style>\n{asset('page.css')}</style>\n</head>\n<body{body}>\n"
        )

    def controls(self) -> str:
        w, n = {key: _(text) for key, text in CONTROLS.items()}, self.n
        kbd = lambda key: f"<kbd>{html.escape(key)}</kbd>"  # noqa: E731
        keys = [
            f"{kbd(n.arrow)} {kbd('n')} {w['next cell']}",
            f"{kbd(n.back_arrow)} {kbd('p')} {w['back']}",
            f"{kbd('Home')} {kbd('End')} {w['ends']}",
            w["click"],
            w["hover"],
        ]
        buttons = [
            ("first", f"{kbd('Home')} {w['first']}"),
            ("prev", f"{html.escape(n.back_arrow)} {w['previous']}"),
            ("next", f"{w['next']} {html.escape(n.arrow)}"),
            ("last", f"{w['last']} {kbd('End')}"),
        ]
        shown = "".join(
            f'<button type="button" data-go="{go}">{label}</button>' for go, label in buttons
        )
        sep = html.escape(n.separator)
        return (
            f'<nav class="ct-controls" aria-label="{w["nav"]}">\n'
            f'<div class="ct-buttons">{shown}'
            '<output class="ct-at" aria-live="polite"></output>'
            f'<label><input type="checkbox" class="ct-show-all"> {w["all"]}</label></div>\n'
            f'<p class="ct-keys">{sep.join(keys)}</p>\n</nav>\n'
        )

    # -- blocks ---------------------------------------------------------------------------

    def write(self, block) -> Iterator[str]:
        if isinstance(block, Heading):
            anchor = f' id="{html.escape(block.anchor)}"' if block.anchor else ""
            level = block.level
            yield f"<h{level}{anchor}>{runs_html(block.runs)}</h{level}>\n"
        elif isinstance(block, Paragraph):
            if block.runs:
                yield self.paragraph(block)
        elif isinstance(block, Facts):
            yield self.facts(block)
        elif isinstance(block, Formulas):
            yield "".join(
                f'<p class="ct-formula"><span class="ct-math">{html.escape(f"{s} = {n}")}'
                "</span></p>\n"
                for s, n in block.lines
            )
        elif isinstance(block, Matrices):
            yield self.matrices(block)
        elif isinstance(block, Contents):
            yield self.contents(block)
        elif isinstance(block, Cells):
            yield from self.static_cells(block) if self.static else self.cells(block)
        elif isinstance(block, PageBreak):
            yield '<div class="ct-page-break"></div>\n'

    def paragraph(self, block: Paragraph) -> str:
        text = runs_html(block.runs)
        if block.role == "description":
            return f'<p class="ct-description"><em>{text}</em></p>\n'
        if block.role == "text":
            return f"<p>{text}</p>\n"
        return f'<p class="ct-{html.escape(block.role)}">{text}</p>\n'

    def facts(self, block: Facts) -> str:
        items = []
        for fact in block.facts:
            text = html.escape(fact.name)
            if fact.math:
                text += f' <span class="ct-math">{html.escape(fact.math)}</span>'
            if fact.note:
                text += f" ({html.escape(fact.note)})"
            items.append(f"<li>{text}</li>")
        return (
            f'<h2 id="hyperparameters">{html.escape(_("Hyperparameters"))}</h2>\n'
            f'<ul class="ct-facts">{"".join(items)}</ul>\n'
        )

    def legend(self, legend: Legend) -> str:
        text = (
            f"{runs_html(legend.intro)} Padding in <em>italics</em>, outside the frame: "
            f"{html.escape(legend.meaning)}."
        )
        if legend.lines:
            text += " Copied from: " + "; ".join(html.escape(line) for line in legend.lines)
            text += f" ({html.escape(legend.note)})." if legend.note else "."
        return f'<p class="ct-legend">{text} {html.escape(legend.counted)}</p>\n'

    def matrices(self, block: Matrices) -> str:
        parts = [self.legend(block.legend)] if block.legend is not None else []
        parts.append('<div class="ct-matrices">')
        for matrix in block.items:
            parts.append(self.matrix(matrix, blank=block.blank))
        parts.append("</div>\n")
        return "".join(parts)

    def matrix(self, matrix: Matrix, *, blank: bool = False) -> str:
        values = matrix.values
        attrs = self.roles.get(_address(values), "")
        caption = runs_html(matrix.caption) if matrix.caption else html.escape(matrix.label)
        shown = table(values, self.n, attrs, inside=matrix.inside, blank=blank)
        return (
            f'<figure class="ct-matrix"><figcaption>{caption}</figcaption>'
            f'<div class="ct-scroll">{shown}</div></figure>'
        )

    def contents(self, block: Contents) -> str:
        links = [*block.sections, *block.after]
        items = "".join(
            f'<li><a href="#{html.escape(anchor)}">{html.escape(title)}</a></li>'
            for title, anchor in links
        )
        return f'<nav class="ct-contents" aria-label="Contents"><ul>{items}</ul></nav>\n'

    def static_cells(self, block: Cells) -> Iterator[str]:
        """Every cell written out (a chain's layers): label, sentence and the lines of work."""
        yield '<section class="ct-cells ct-static">\n'
        if block.instructions:
            yield f'<p class="ct-instructions">{html.escape(block.instructions)}</p>\n'
        for row in block.rows():
            parts = []
            for work in row:
                parts.append(
                    f'<section class="ct-cell"><h4>{html.escape(work.label)}</h4>'
                    f"<p>{html.escape(work.where)}.</p>\n<ul>\n"
                )
                parts += [_work_html(line, block.blank) for line in work.lines]
                parts.append("</ul></section>\n")
            yield "".join(parts)
        yield "</section>\n"

    def cells(self, block: Cells) -> Iterator[str]:
        blank = block.blank
        yield f'<section class="ct-cells" data-blank="{int(blank)}">\n'
        if block.instructions:
            yield f'<p class="ct-instructions">{html.escape(block.instructions)}</p>\n'
        yield (
            f"<noscript><p>{_(CONTROLS['script'])}</p></noscript>\n"
            '<div class="ct-now"></div>\n<div class="ct-all"></div>\n'
            '<script type="application/json" class="ct-cells-data">['
        )
        first = True
        for row in block.rows():
            records = self.data.row(row, blank)
            if not records:
                continue
            chunk = json_text(records)[1:-1]
            yield chunk if first else "," + chunk
            first = False
        yield "]</script>\n</section>\n"


def _work_html(line, blank: bool) -> str:
    """One line of a cell's work as a list item: its caption, then the math (on a worksheet
    its result a blank)."""
    text = line.text(result=not blank)
    math = html.escape(f"{line.lead}{text}" + (f" = {BLANK}" if blank else ""))
    return f'<li>{runs_html(line.caption)}: <span class="ct-math">{math}</span></li>\n'


def _stage_start(blocks: list) -> int | None:
    """Where the stepping part starts (the first cells, with their heading): a wide screen
    shows it beside the rest, in view while the rest scrolls."""
    for at, block in enumerate(blocks):
        if isinstance(block, Cells):
            if at and isinstance(blocks[at - 1], Heading):
                at -= 1
            return at or None
    return None


def iter_page(
    trace: Trace,
    *,
    cells: Iterable[Cell] | None = None,
    selection: dict | None = None,
    worksheet: bool = False,
    answers: bool = False,
    quiet: bool = False,
    ascii: bool = False,
    no_color: bool = False,
) -> Iterator[str]:
    """The page in chunks (a section or a row of cells' data each), ending with one newline.

    Args:
        cells: only these cells in the per-cell part (``None``: every cell, made lazily).
        selection: ``filters``/``rows``/``cols`` of the trace's cells (instead of ``cells``).
        worksheet: the sums as blanks, each with a "reveal" button.
        answers: with ``worksheet``, the full solution after a page break.
        quiet: only the output volume.
        ascii: every symbol in ASCII (``*``, ``-``), the user's text too.
        no_color: marks without colour (the outlines, frames and bold stay).
    """
    yield from PageWriter(
        trace,
        cells=cells,
        selection=selection,
        worksheet=worksheet,
        answers=answers,
        quiet=quiet,
        ascii=ascii,
        no_color=no_color,
    )


def render_page(trace: Trace, **options) -> str:
    """The whole page as one string."""
    return "".join(iter_page(trace, **options))


def notebook_page(trace: Trace, max_cells: int = NOTEBOOK_MAX_CELLS) -> str:
    """What Jupyter shows for a trace: the page in an ``iframe`` (its ``srcdoc``), cut after
    ``max_cells`` cells so that a huge trace cannot swell the notebook."""
    note = ""
    if len(trace) <= max_cells or not isinstance(trace, Trace):  # a chain, a backward pass
        page = render_page(trace)
    else:
        page = render_page(trace, cells=islice(trace.cells(), max_cells))
        said = _(
            "The first {shown} of {total} cells are shown: {code} (from {module}) writes the "
            "whole page."
        ).format(
            shown=max_cells,
            total=len(trace),
            code='<code>write_export(trace, "trace.html")</code>',
            module="<code>convtrace.export</code>",
        )
        note = f"<p><em>{said}</em></p>"
    name = html.escape(title_of(trace.task))
    return (
        f'<iframe srcdoc="{html.escape(page, quote=True)}" title="{name}"'
        ' style="width: 100%; height: 40rem; border: 1px solid #ccc;"'
        ' sandbox="allow-scripts allow-modals"></iframe>' + note
    )

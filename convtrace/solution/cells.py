"""The cell-by-cell part of a worked solution: what each output cell's section says.

:func:`cell_rows` walks a trace a row of cells at a time (or given cells one by one) and hands
out :class:`CellWork` objects: the label, the sentences about where the window is, and the
formulas, all made from the row's :class:`~.formula.RowFormulas` when a renderer asks.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Sequence

from ..engine import Cell, Trace
from ..language import N_, _
from ..numbers import Notation
from ..task import Task
from .blocks import BLANK, Run, sentence
from .formula import Formulas, RowFormulas, Token, row_of
from .words import cell_label, ordinal


def dilation_phrase(task: Task) -> str | None:
    """``every 2nd row and every 3rd column`` (None without dilation)."""
    dh, dw = task.dilation
    if task.one_d:
        return _("every {nth} position").format(nth=ordinal(dw)) if dw > 1 else None
    parts = []
    if dh > 1:
        parts.append(_("every {nth} row").format(nth=ordinal(dh)))
    if dw > 1:
        parts.append(_("every {nth} column").format(nth=ordinal(dw)))
    return _(" and ").join(parts) or None


def span_phrase(word: str, span: range, n: Notation) -> str:
    """``row 3`` for a one-wide span, ``rows 2–4`` otherwise: "rows 0–0" reads as a typo."""
    if len(span) == 1:
        return _(SPAN_ONE[word]).format(first=span[0])
    return _(SPAN_MANY[word]).format(first=span[0], dash=n.dash, last=span[-1])


#: ``row 3``, ``rows 2–4``: a span of the padded input, per word.
SPAN_ONE = {
    "row": N_("row {first}"),
    "col": N_("col {first}"),
    "column": N_("column {first}"),
    "position": N_("position {first}"),
}
SPAN_MANY = {
    "row": N_("rows {first}{dash}{last}"),
    "col": N_("cols {first}{dash}{last}"),
    "column": N_("columns {first}{dash}{last}"),
    "position": N_("positions {first}{dash}{last}"),
}
ONE = {"row": N_("row {i}"), "col": N_("col {i}"), "column": N_("column {i}")}
ONE["position"] = N_("position {i}")


class CellWords:
    """The sentences about where a cell is, the pieces per row, column and filter written once
    (a big export asks for them a hundred thousand times)."""

    def __init__(self, task: Task, n: Notation, user: Callable[[str], str] | None = None) -> None:
        self.task = task
        self.n = n
        #: how the syntax writes the user's own text inside a sentence (Markdown escapes it)
        write = user or (lambda text: text)
        self.names = {f.name: write(f.name) for f in task.filters}
        self.rows, self.cols = task.axes
        self._row: dict[int, tuple[str, str]] = {}
        self._col: dict[tuple[int, bool], tuple[str, str]] = {}
        self.dilation = dilation_phrase(task)

    def row(self, i: int) -> tuple[str, str]:
        """(``row 0``, ``padded rows 0–2``)."""
        words = self._row.get(i)
        if words is None:
            span = self.rows.window_positions(i)
            words = self._row[i] = (
                _(ONE["row"]).format(i=i),
                padded(span_phrase("row", span, self.n)),
            )
        return words

    def col(self, j: int, short: bool) -> tuple[str, str]:
        """(``col 0``, ``padded cols 0–2``); ``column``/``position`` in full."""
        words = self._col.get((j, short))
        if words is None:
            span = self.cols.window_positions(j)
            word = "position" if self.task.one_d else ("col" if short else "column")
            words = self._col[(j, short)] = (
                _(ONE[word]).format(i=j),
                padded(span_phrase(word, span, self.n)),
            )
        return words

    def title(self, filter_name: str, i: int, j: int) -> str:
        """``filter w0 · row 0 · col 0`` (the terminal's heading after the label)."""
        sep = self.n.separator
        name = _("filter {name}").format(name=filter_name)
        if self.task.one_d:
            return name + sep + _(ONE["position"]).format(i=j)
        return name + sep + _(ONE["row"]).format(i=i) + sep + _(ONE["col"]).format(i=j)

    def window(self, i: int, j: int, short: bool = True) -> str:
        """``padded rows 0–2, cols 0–2``."""
        span = self.cols.window_positions(j)
        word = "position" if self.task.one_d else ("col" if short else "column")
        if self.task.one_d:
            return padded(span_phrase(word, span, self.n))
        rows = span_phrase("row", self.rows.window_positions(i), self.n)
        return padded(f"{rows}, {span_phrase(word, span, self.n)}")

    def where(self, filter_name: str, i: int, j: int) -> str:
        """``Filter w0, row 0, column 0; window: padded rows 0–2, columns 0–2`` (documents)."""
        col = self.col(j, False)[0]
        window = self.window(i, j, short=False)
        where = col if self.task.one_d else f"{self.row(i)[0]}, {col}"
        text = _("Filter {name}, {where}; window: {window}").format(
            name=self.names.get(filter_name, filter_name), where=where, window=window
        )
        if self.dilation:
            text += " " + _("(dilation: {phrase})").format(phrase=self.dilation)
        return text

    def where_blank(self, filter_name: str, i: int, j: int) -> list[Run]:
        """:meth:`where` with the window's rows and columns left blank."""
        col = self.col(j, False)[0]
        if self.task.one_d:
            text = _("Filter {name}, {where}; window: padded positions {cols}")
            where = col
        else:
            text = _("Filter {name}, {where}; window: padded rows {rows}, columns {cols}")
            where = f"{self.row(i)[0]}, {col}"
        runs = list(
            sentence(text, name=("u", filter_name), where=("w", where), rows=BLANK, cols=BLANK)
        )
        if self.dilation:
            runs.append(("w", " " + _("(dilation: {phrase})").format(phrase=self.dilation)))
        return runs

    def window_line(self, i: int, j: int, seen: Sequence[str], filter_name: str) -> str:
        """``padded rows 0–2, cols 0–2, every 2nd row (dilation); filter w0 sees R (groups)``:
        the terminal's line after ``window: ``."""
        text = self.window(i, j)
        if self.dilation:
            text += ", " + _("{phrase} (dilation)").format(phrase=self.dilation)
        if self.task.groups > 1:
            text += "; " + _("filter {name} sees {channels} (groups)").format(
                name=filter_name, channels=", ".join(seen)
            )
        return text


def shown_part(rows: range, cols: range, height: int, breadth: int, task: Task, n: Notation):
    """``padded rows 3–9, cols 3–9 of 34×34 shown``: the part of a big input a picture shows."""
    if task.one_d:
        return _("padded {span} of {size} shown").format(
            span=span_phrase("position", cols, n), size=breadth
        )
    return _("padded {span} of {size} shown").format(
        span=f"{span_phrase('row', rows, n)}, {span_phrase('col', cols, n)}",
        size=n.shape(height, breadth),
    )


def padded(span: str) -> str:
    """``padded rows 0–2, cols 0–2``."""
    return _("padded {span}").format(span=span)


class WorkLine:
    """One line of a cell's work: one channel's sum (``kind`` "channel") or the channel sums
    plus the bias ("total").

    Every renderer can write any line from its ``caption`` (how a document introduces it),
    ``lead`` (the math before the formula: ``o[0, 0, 0] = ``), ``name`` (the terminal's label
    where there is no lead) and the formula as ``text``, ``groups`` (where a line may break) or
    ``tokens`` (roles, for colour), and on a worksheet from :meth:`worksheet`; a new kind of
    line appears everywhere without a renderer's change.
    """

    __slots__ = ("caption", "index", "kind", "lead", "name", "work")

    def __init__(self, work: CellWork, kind: str, index: int = 0) -> None:
        self.work = work
        self.kind = kind
        self.index = index
        if kind == "channel":
            self.name = work.names[index]
            self.caption: tuple[tuple[str, str], ...] = (("b", self.name),)
            self.lead = ""
        else:
            self.name = work.label
            self.caption = (("w", _("channel sums + bias")),)
            self.lead = f"{work.label} = "

    @property
    def breaks_inside(self) -> bool:
        """Whether a group too long for a line may break between its products (a bracket)."""
        return self.kind == "channel"

    def text(self, *, result: bool = True) -> str:
        work = self.work
        if not result:
            if self.kind == "channel":
                return work.formulas.channel(self.index, work.m, result=False)
            return work.formulas.total(work.m, result=False)
        return work.formulas.line_texts(self.kind, self.index)[work.m]

    def groups(self) -> list[str]:
        work = self.work
        if self.kind == "channel":
            return work.formulas.channel_groups(self.index, work.m)
        return work.formulas.total_groups(work.m)

    def tokens(self) -> list[Token]:
        work = self.work
        if self.kind == "channel":
            return work.formulas.channel_tokens(self.index, work.m)
        return work.formulas.total_tokens(work.m)

    def worksheet(self, blanks: Collection[str]) -> list[list[Run]]:
        """The line on a worksheet that leaves ``blanks`` blank (``words.BLANKS``), as groups
        of runs (``m`` math, ``w`` words, ``_`` a blank), each group where a line may break;
        a line with a :attr:`lead` has it as its first group."""
        work = self.work
        if self.kind == "channel":
            return work.formulas.worksheet_channel(self.index, work.m, blanks)
        return work.formulas.worksheet_total(work.m, work.label, blanks)


class CellWork:
    """One output cell as a worked solution writes it (see the module docstring)."""

    __slots__ = ("col", "filter", "filter_name", "formulas", "label", "m", "row", "words")

    def __init__(
        self, formulas: RowFormulas, m: int, words: CellWords, one_d: bool, symbol: str = "o"
    ) -> None:
        block = formulas.block
        self.formulas = formulas
        self.m = m
        self.words = words
        self.filter = block.filter
        self.filter_name = block.filter_name
        self.row = block.row
        self.col = block.cols[m]
        self.label = cell_label(self.filter, self.row, self.col, one_d, symbol)

    @property
    def names(self) -> tuple[str, ...]:
        return self.formulas.block.names

    @property
    def lines(self) -> list[WorkLine]:
        """The lines of its work, in order: each channel's sum, then the total."""
        count = self.formulas.channel_count
        return [*(WorkLine(self, "channel", c) for c in range(count)), WorkLine(self, "total")]

    @property
    def channel_indices(self) -> range:
        return self.formulas.block.channels

    @property
    def title(self) -> str:
        """``filter w0 · row 0 · col 0``."""
        return self.words.title(self.filter_name, self.row, self.col)

    @property
    def where(self) -> str:
        """``Filter w0, row 0, column 0; window: padded rows 0–2, columns 0–2``."""
        return self.words.where(self.filter_name, self.row, self.col)

    @property
    def window_line(self) -> str:
        """``padded rows 0–2, cols 0–2`` and what dilation and groups add."""
        return self.words.window_line(self.row, self.col, self.names, self.filter_name)

    @property
    def window(self) -> tuple[range, range]:
        """The padded rows and columns the window reads."""
        rows, cols = self.words.rows, self.words.cols
        return rows.window_positions(self.row), cols.window_positions(self.col)

    def where_blank(self) -> list[Run]:
        """:attr:`where` with the window's position left blank (a worksheet's ``windows``)."""
        return self.words.where_blank(self.filter_name, self.row, self.col)

    @property
    def value(self):
        return self.formulas.block.values[self.m].item()


class RowWork(list):
    """The cells of one row as :class:`CellWork` objects, and the same texts as lists over the
    row: an export writes a whole row of cells with a few string operations, from the same
    formulas the cells give one by one."""

    def __init__(
        self, formulas: RowFormulas, words: CellWords, one_d: bool, symbol: str = "o"
    ) -> None:
        super().__init__(CellWork(formulas, m, words, one_d, symbol) for m in range(formulas.count))
        self.formulas = formulas

    @property
    def labels(self) -> list[str]:
        return [work.label for work in self]

    @property
    def wheres(self) -> list[str]:
        return [work.where for work in self]

    def line_texts(self, line: WorkLine) -> list[str]:
        """The text of ``line`` (one of the first cell's lines) in every cell of the row."""
        return self.formulas.line_texts(line.kind, line.index)


def cell_rows(
    trace: Trace,
    notation: Notation,
    text: Notation,
    cells: Iterable[Cell] | None = None,
    selection: dict | None = None,
    user: Callable[[str], str] | None = None,
    symbol: str = "o",
) -> Iterator[RowWork]:
    """The cells' work, a row at a time: every cell of the trace (or the ``filters``/``rows``/
    ``cols`` that ``selection`` picks) from the engine's row arrays, or the given cells one by
    one. ``notation`` writes the formulas, ``text`` the sentences; ``symbol`` names the output
    (``o2`` in a chain's layer 2)."""
    formulas = Formulas(notation)
    words = CellWords(trace.task, text, user)
    one_d = trace.task.one_d
    if cells is None:
        for block in trace.rows(**(selection or {})):
            yield RowWork(formulas.row(block), words, one_d, symbol)
        return
    for cell in cells:
        yield RowWork(formulas.row(row_of(cell)), words, one_d, symbol)

"""The cell-by-cell part of a worked solution: what each output cell's section says.

:func:`cell_rows` walks a trace a row of cells at a time (or given cells one by one) and hands
out :class:`CellWork` objects: the label, the sentences about where the window is, and the
formulas, all made from the row's :class:`~.formula.RowFormulas` when a renderer asks.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..engine import Cell, Trace
from ..numbers import Notation
from .formula import Formulas, RowFormulas, Token, row_of
from .words import CellWords, cell_label


class CellWork:
    """One output cell as a worked solution writes it (see the module docstring)."""

    __slots__ = ("col", "filter", "filter_name", "formulas", "label", "m", "row", "words")

    def __init__(self, formulas: RowFormulas, m: int, words: CellWords, one_d: bool) -> None:
        block = formulas.block
        self.formulas = formulas
        self.m = m
        self.words = words
        self.filter = block.filter
        self.filter_name = block.filter_name
        self.row = block.row
        self.col = block.cols[m]
        self.label = cell_label(self.filter, self.row, self.col, one_d)

    @property
    def names(self) -> tuple[str, ...]:
        return self.formulas.block.names

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

    def channel(self, c: int, *, result: bool = True) -> str:
        return self.formulas.channel(c, self.m, result=result)

    def channel_groups(self, c: int) -> list[str]:
        return self.formulas.channel_groups(c, self.m)

    def channel_tokens(self, c: int) -> list[Token]:
        return self.formulas.channel_tokens(c, self.m)

    def total(self, *, result: bool = True) -> str:
        return self.formulas.total(self.m, result=result)

    def total_groups(self) -> list[str]:
        return self.formulas.total_groups(self.m)

    def total_tokens(self) -> list[Token]:
        return self.formulas.total_tokens(self.m)

    def blank_products(self, c: int, blank: str) -> str:
        return self.formulas.blank_products(c, blank)

    def blank_total(self, blank: str) -> str:
        return self.formulas.blank_total(blank)

    @property
    def value(self):
        return self.formulas.block.values[self.m].item()


def cell_rows(
    trace: Trace,
    notation: Notation,
    text: Notation,
    cells: Iterable[Cell] | None = None,
    selection: dict | None = None,
) -> Iterator[list[CellWork]]:
    """The cells' work, a row at a time: every cell of the trace (or the ``filters``/``rows``/
    ``cols`` that ``selection`` picks) from the engine's row arrays, or the given cells one by
    one. ``notation`` writes the formulas, ``text`` the sentences."""
    formulas = Formulas(notation)
    words = CellWords(trace.task, text)
    one_d = trace.task.one_d
    if cells is None:
        for block in trace.rows(**(selection or {})):
            row = formulas.row(block)
            yield [CellWork(row, m, words, one_d) for m in range(row.count)]
        return
    for cell in cells:
        yield [CellWork(formulas.row(row_of(cell)), 0, words, one_d)]

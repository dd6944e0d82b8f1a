"""The by-hand formulas of a row of cells: one path for one cell and for a hundred thousand.

``[0·1 + 0·0 + 0·(−1)] + [0·0 + 1·0 + 1·0] + … = 0`` is a kernel's weights with a slot for each
window value. A :class:`Kernel` holds that formula once per kernel, as text with slots (for the
exports, which need speed) and as the same pieces with roles (for the terminal, which colours
window values, weights, zero products and signs). A :class:`RowFormulas` fills the slots for a
:class:`~convtrace.engine.CellRow`, each distinct number written once; a single cell is a row of
one (:func:`row_of`). Nothing here computes: factors, sums and values are the engine's.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import NamedTuple

import numpy as np

from ..engine import Cell, CellRow
from ..numbers import Notation, Number
from .blocks import BLANK, Run

#: Number texts remembered per writer before the memory is cleared (bounded for decimals).
MEMO_LIMIT = 1 << 16


class Token(NamedTuple):
    """A piece of a formula with its role, for renderers that style roles."""

    text: str
    role: str = "op"  # op, bracket, x (window value), w (weight), sum, bias, value, blank
    zero: bool = False  # part of a product that is zero: renderers may dim it
    negative: bool = False


def joined(tokens: Iterable[Token]) -> str:
    return "".join(token.text for token in tokens)


class Numbers:
    """Numbers as a notation writes them, each distinct one written once (a bounded memo)."""

    def __init__(self, notation: Notation) -> None:
        self.notation = notation
        self.factors: dict[Number, str] = {}
        self.plain: dict[Number, str] = {}

    def factor(self, value: Number) -> str:
        text = self.factors.get(value)
        if text is None:
            if len(self.factors) >= MEMO_LIMIT:
                self.factors.clear()
            text = self.factors[value] = self.notation.factor(value)
        return text

    def number(self, value: Number) -> str:
        text = self.plain.get(value)
        if text is None:
            if len(self.plain) >= MEMO_LIMIT:
                self.plain.clear()
            text = self.plain[value] = self.notation.number(value)
        return text

    def factors_of(self, values: np.ndarray) -> np.ndarray:
        """An object array of factor texts shaped like ``values`` (one call per distinct value)."""
        distinct, inverse = np.unique(values, return_inverse=True)
        table = np.array([self.factor(v) for v in distinct.tolist()] + [""], dtype=object)[:-1]
        return table[inverse.reshape(values.shape)]


class Kernel:
    """One kernel's formula with a slot per window value, as text and as role pieces."""

    def __init__(self, weights: list[list[Number]], numbers: Numbers) -> None:
        n = numbers.notation
        self.shape = (len(weights), len(weights[0]))
        self.times = n.times
        self.weight_texts = [[numbers.factor(w) for w in row] for row in weights]
        times = n.times.replace("%", "%%")
        #: per kernel row, ``[%s·1 + %s·0 + %s·(−1)]``
        self.brackets = [
            "[" + " + ".join(f"%s{times}{w.replace('%', '%%')}" for w in row) + "]"
            for row in self.weight_texts
        ]
        self.text = " + ".join(self.brackets)
        self.negative = [[w.startswith((n.minus, "(")) for w in row] for row in self.weight_texts]

    def tokens(self, window: list[str], zero: list[bool], negative: list[bool]) -> list[Token]:
        """The formula's pieces for one window (its texts, which products are zero and which
        window values negative, all in reading order)."""
        tokens: list[Token] = []
        fw = self.shape[1]
        for r, row in enumerate(self.weight_texts):
            if r:
                tokens.append(Token(" + "))
            tokens.append(Token("[", "bracket"))
            for c, w in enumerate(row):
                p = r * fw + c
                if c:
                    tokens.append(Token(" + "))
                z = zero[p]
                tokens.append(Token(window[p], "x", z, negative[p]))
                tokens.append(Token(self.times, "op", z))
                tokens.append(Token(w, "w", z, self.negative[r][c]))
            tokens.append(Token("]", "bracket"))
        return tokens


class Formulas:
    """The formula writer of one notation; ask it for a :class:`RowFormulas` per row."""

    def __init__(self, notation: Notation) -> None:
        self.notation = notation
        self.numbers = Numbers(notation)
        self._kernels: dict[tuple, list[Kernel]] = {}

    def kernels(self, block: CellRow) -> list[Kernel]:
        """The kernels of the block's filter, made once per distinct set of weights."""
        weights = block.weights
        key = (weights.shape, weights.dtype.str, weights.tobytes())
        kernels = self._kernels.get(key)
        if kernels is None:
            if len(self._kernels) > 64:
                self._kernels.clear()
            kernels = [Kernel(w, self.numbers) for w in block.weights.tolist()]
            self._kernels[key] = kernels
        return kernels

    def row(self, block: CellRow) -> RowFormulas:
        return RowFormulas(self, block)


class RowFormulas:
    """The formulas of the cells of one :class:`CellRow`, each made when asked for.

    ``m`` is the cell's index in the row, ``c`` the channel's index among those the filter sees.
    """

    def __init__(self, formulas: Formulas, block: CellRow) -> None:
        self.formulas = formulas
        self.block = block
        self.numbers = formulas.numbers
        self.kernels = formulas.kernels(block)
        channels, n, fh, fw = block.windows.shape
        self.count = n
        self.channel_count = channels
        flat = block.windows.reshape(channels, n, fh * fw)
        self._window_texts = self.numbers.factors_of(flat) if n else None
        self._flat = flat
        number = self.numbers.number
        self.sums = [[number(v) for v in row] for row in block.sums.tolist()]
        self.values = [number(v) for v in block.values.tolist()]
        factor = self.numbers.factor
        self.later_sums = [[factor(v) for v in row] for row in block.sums.tolist()]
        self.bias = factor(block.bias)
        self._texts: dict[int, list[str]] = {}
        self._brackets: dict[int, list[list[str]]] = {}
        self._lines: dict[tuple[str, int], list[str]] = {}

    @property
    def windows(self) -> list:
        """Per channel and cell, the window's values as factors, in reading order."""
        return self._window_texts.tolist() if self._window_texts is not None else []

    # -- text ------------------------------------------------------------------------------

    def channel_texts(self, c: int) -> list[str]:
        """Channel ``c``'s formula without its result, for every cell of the row at once: the
        kernel's text filled in one formatting pass (the exports' speed)."""
        texts = self._texts.get(c)
        if texts is None:
            n = self.count
            if not n:
                return []
            template = "\x00".join([self.kernels[c].text] * n)
            texts = self._texts[c] = (template % tuple(self._window_texts[c].ravel())).split("\x00")
        return texts

    def line_texts(self, kind: str, c: int = 0) -> list[str]:
        """Every cell's text of a line: channel ``c``'s sum with its result, or the total."""
        key = (kind, c)
        texts = self._lines.get(key)
        if texts is None:
            if kind == "channel":
                sums = self.sums[c]
                texts = [f"{t} = {s}" for t, s in zip(self.channel_texts(c), sums, strict=True)]
            else:
                texts = [self.total(m) for m in range(self.count)]
            self._lines[key] = texts
        return texts

    def channel(self, c: int, m: int, *, result: bool = True) -> str:
        """``[0·1 + 0·0 + 0·(−1)] + … = 0``"""
        text = self.channel_texts(c)[m]
        return f"{text} = {self.sums[c][m]}" if result else text

    def channel_groups(self, c: int, m: int) -> list[str]:
        """The channel formula cut where a line may break: before each kernel row's `` + ``
        and before the `` = ``."""
        brackets = self._brackets.get(c)
        if brackets is None:  # every kernel row's bracket for every cell, one pass per row
            kernel = self.kernels[c]
            fw = kernel.shape[1]
            windows = self._window_texts[c]
            brackets = self._brackets[c] = [
                (
                    "\x00".join([bracket] * self.count)
                    % tuple(windows[:, r * fw : (r + 1) * fw].ravel())
                ).split("\x00")
                for r, bracket in enumerate(kernel.brackets)
            ]
        groups = [brackets[0][m], *(" + " + row[m] for row in brackets[1:])]
        groups.append(" = " + self.sums[c][m])
        return groups

    def total(self, m: int, *, result: bool = True) -> str:
        """``0 + 7 + (−5) + 1 = 3``: the channel sums plus the bias."""
        parts = [self.sums[0][m], *(self.later_sums[c][m] for c in range(1, self.channel_count))]
        text = " + ".join([*parts, self.bias])
        return f"{text} = {self.values[m]}" if result else text

    def total_groups(self, m: int) -> list[str]:
        parts = [self.sums[0][m], *(self.later_sums[c][m] for c in range(1, self.channel_count))]
        return [
            parts[0],
            *(" + " + p for p in parts[1:]),
            " + " + self.bias,
            " = " + self.values[m],
        ]

    # -- worksheets ------------------------------------------------------------------------

    def worksheet_channel(self, c: int, m: int, blanks: Collection[str]) -> list[list[Run]]:
        """Channel ``c``'s line on a worksheet, in groups (where a line may break): the window's
        values times the weights (``factors`` blank: ``[___·1 + ___·0]``), the products
        (``products`` blank: ``= [___ + ___] + […]``, else not written), then its sum."""
        kernel = self.kernels[c]
        fh, fw = kernel.shape
        if "factors" in blanks:
            groups = [
                [*([("o", " + ")] if r else []), ("w", "[")]
                + [
                    piece
                    for q, w in enumerate(row)
                    for piece in ([("o", " + ")] if q else []) + [BLANK, ("m", kernel.times + w)]
                ]
                + [("w", "]")]
                for r, row in enumerate(kernel.weight_texts)
            ]
        else:
            formula = self.channel_groups(c, m)[:-1]
            groups = [[("m", formula[0])], *([("o", " + "), ("m", g[3:])] for g in formula[1:])]
        if "products" in blanks:
            bracket = [("w", "["), BLANK, *[("o", " + "), BLANK] * (fw - 1), ("w", "]")]
            groups.append([("o", " = "), *bracket])
            groups += [[("o", " + "), *bracket] for _ in range(fh - 1)]
        groups.append([("o", " = "), BLANK if "sums" in blanks else ("m", self.sums[c][m])])
        return operators_typed(groups)

    def worksheet_total(self, m: int, label: str, blanks: Collection[str]) -> list[list[Run]]:
        """The total's line on a worksheet: ``label``, then ``= ___ + ___ + 1 = ___`` (the sums
        blank with ``sums``, the value with ``output``)."""
        line: list[Run] = [("o", " = ")]
        for c in range(self.channel_count):
            if c:
                line.append(("o", " + "))
            text = self.later_sums[c][m] if c else self.sums[c][m]
            line.append(BLANK if "sums" in blanks else ("m", text))
        line += [("o", " + "), ("m", self.bias), ("o", " = ")]
        line.append(BLANK if "output" in blanks else ("m", self.values[m]))
        return operators_typed([[("m", label)], line])

    # -- tokens ----------------------------------------------------------------------------

    def channel_tokens(self, c: int, m: int, *, result: bool = True) -> list[Token]:
        """:meth:`channel` as role pieces (window values, weights, zero products, signs)."""
        block = self.block
        products = block.products[c, m].reshape(-1)
        window = self._flat[c, m]
        zero = (products == 0).tolist()
        negative = (window < 0).tolist()
        tokens = self.kernels[c].tokens(self._window_texts[c, m].tolist(), zero, negative)
        if result:
            value = block.sums[c, m]
            tokens += [Token(" = "), Token(self.sums[c][m], "sum", negative=bool(value < 0))]
        return tokens

    def total_tokens(self, m: int, *, result: bool = True) -> list[Token]:
        block = self.block
        tokens: list[Token] = []
        for c in range(self.channel_count):
            if c:
                tokens.append(Token(" + "))
            text = self.later_sums[c][m] if c else self.sums[c][m]
            tokens.append(Token(text, "sum", negative=bool(block.sums[c, m] < 0)))
        tokens += [Token(" + "), Token(self.bias, "bias", negative=bool(block.bias < 0))]
        if result:
            value = block.values[m]
            tokens += [Token(" = "), Token(self.values[m], "value", negative=bool(value < 0))]
        return tokens


def operators_typed(groups: list[list[Run]]) -> list[list[Run]]:
    """The operators (kind ``o``) as math (``m``) between two pieces of math, else as words
    (``w``): ``$[0·1] = 0$`` but ``$[0·1]$ = [___ + ___]``, so a blank stands outside math."""
    flat = [run for group in groups for run in group]
    kinds = [kind for kind, _ in flat]
    typed = []
    for n, (kind, text) in enumerate(flat):
        if kind == "o":
            before = next((k for k in reversed(kinds[:n]) if k != "o"), None)
            after = next((k for k in kinds[n + 1 :] if k != "o"), None)
            kind = "m" if before == after == "m" else "w"
        typed.append((kind, text))
    out, start = [], 0
    for group in groups:
        out.append(typed[start : start + len(group)])
        start += len(group)
    return out


def row_of(cell: Cell) -> CellRow:
    """A :class:`CellRow` holding just ``cell``: so one cell's formulas take the row path too."""
    windows = np.array([step.window for step in cell.channels])[:, None]
    weights = np.array([step.weights for step in cell.channels])
    products = np.array([step.products for step in cell.channels])[:, None]
    sums = np.array([[step.sum] for step in cell.channels])
    index = cell.channels[0].index
    return CellRow(
        filter=cell.filter,
        filter_name=cell.filter_name,
        row=cell.row,
        cols=(cell.col,),
        top=cell.top,
        lefts=(cell.left,),
        channels=range(index, index + len(cell.channels)),
        names=tuple(step.name for step in cell.channels),
        windows=windows,
        weights=weights,
        products=products,
        sums=sums,
        bias=cell.bias,
        values=np.array([cell.value]),
    )

"""The cells of layers other than a convolution, as a worked solution writes them.

Each is a :class:`~.cells.CellWork`-like object (``label``, ``title``, ``where``,
``window_line``, ``window``, ``channel_indices``, ``lines``) whose lines are
:class:`FormulaLine` objects of new kinds (``max``, ``mean``, ``relu``, ``leaky``, ``scatter``,
``running``): every renderer writes them from their caption, lead, name, text, groups and
tokens, as it writes a convolution's. Nothing here computes: the numbers are the engines'.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from fractions import Fraction

import numpy as np

from ..engine.activation import ActivationRow, ActivationTrace
from ..engine.pool import PoolRow, PoolTrace
from ..engine.transpose import ScatterStep, TransposeTrace
from ..exact import python_number
from ..language import _
from ..numbers import Notation, exactly
from .blocks import BLANK, Picture
from .cells import padded as padded_words
from .cells import span_phrase
from .formula import Token, operators_typed
from .layer_words import divisor_note, layer_label, output_name


class FormulaLine:
    """One line of a layer cell's work. ``groups`` are its pieces where a line may break (the
    first ``formula`` of them the formula, the rest its result); ``tokens`` the same text with
    roles, for colour."""

    __slots__ = ("caption", "formula", "kind", "lead", "name", "parts", "roles", "work")
    breaks_inside = False

    def __init__(self, work, kind: str, caption, lead: str, name: str, parts, roles, formula=1):
        self.work = work
        self.kind = kind
        self.caption = caption
        self.lead = lead
        self.name = name
        self.parts = parts
        self.roles = roles
        self.formula = formula

    def text(self, *, result: bool = True) -> str:
        return "".join(self.parts if result else self.parts[: self.formula])

    def groups(self) -> list[str]:
        return ["".join(self.parts[: self.formula]), *self.parts[self.formula :]]

    def tokens(self) -> list[Token]:
        return list(self.roles)

    def worksheet(self, blanks) -> list[list[tuple[str, str]]]:
        """The line on a worksheet: its formula given, its result a blank (what every kind of
        line can leave blank)."""
        formula = "".join(self.parts[: self.formula])
        groups = [[("m", self.lead.removesuffix(" = "))]] if self.lead else []
        if self.lead:
            groups.append([("o", " = "), ("m", formula), ("o", " = "), BLANK])
        else:
            groups.append([("m", formula), ("o", " = "), BLANK])
        return operators_typed(groups)


def _value_tokens(texts: Sequence[str], values, n: Notation, mark: int | None, sep: str):
    tokens: list[Token] = []
    for m, (text, value) in enumerate(zip(texts, values, strict=True)):
        if m:
            tokens.append(Token(sep))
        negative = bool(value < 0)
        if m and sep == " + " and text.startswith(n.minus):
            text = f"({text})"  # a negative term after the first, as the sums write it
        if m == mark:
            opening, closing = ("\\boxed{", "}") if n.tex else ("[", "]")
            tokens += [Token(opening), Token(text, "value", negative=negative), Token(closing)]
        else:
            tokens.append(Token(text, "x", negative=negative))
    return tokens


def _joined(tokens: Sequence[Token]) -> str:
    return "".join(t.text for t in tokens)


class LayerWork:
    """What every layer cell has: its label, where it is, and its lines (made when asked)."""

    channel_indices: range = range(0)
    window: tuple[range, range] | None = None
    picture: Picture | None = None  # where the window is drawn, if not the Cells block's
    notes: tuple[str, ...] = ()  # said under the window on a screen (documents: in ``where``)

    def __init__(self, label: str, title: str, where: str, window_line: str = "") -> None:
        self.label = label
        self.title = title
        self.where = where
        self.window_line = window_line
        self._lines: list[FormulaLine] = []

    @property
    def lines(self) -> list[FormulaLine]:
        return self._lines


def _where_words(one_d: bool, name: str, i: int, j: int, n: Notation) -> tuple[str, str]:
    """(``channel w0 · row 1 · col 1``, ``Channel w0, row 1, column 1``)."""
    sep = n.separator
    if one_d:
        return (
            _("channel {name}").format(name=name) + sep + _("position {i}").format(i=j),
            _("Channel {name}, position {j}").format(name=name, j=j),
        )
    return (
        _("channel {name}").format(name=name)
        + sep
        + _("row {i}").format(i=i)
        + sep
        + _("col {i}").format(i=j),
        _("Channel {name}, row {i}, column {j}").format(name=name, i=i, j=j),
    )


# --- pooling ---------------------------------------------------------------------------------


class PoolWork(LayerWork):
    """One cell of a pooling layer: its window and ``max(…) = …`` or ``(… + …)/4 = …``."""

    def __init__(self, trace: PoolTrace, row: PoolRow, m: int, math: Notation, text: Notation):
        one_d = trace.layer.one_d
        c, i, j = row.channel, row.row, row.cols[m]
        rows, cols = trace.axes
        self.window = (rows.window_positions(i), cols.window_positions(j))
        self.channel_indices = range(c, c + 1)
        kind = "max" if trace.layer.kind == "maxpool" else "mean"
        title, where = _where_words(one_d, row.name, i, j, text)
        label = layer_label(trace.index, c, i, j, one_d)
        span = self._span(text, one_d, any(trace.inside))
        note = None
        if kind == "mean":
            note = self._divisor(trace, row, m)
        self.notes = (f"{note[0].upper()}{note[1:]}.",) if note else ()
        window_line = span
        where = _("{where}; window: {span}").format(
            where=where, span=self._span(text, one_d, any(trace.inside), short=False)
        )
        kind_name = _("max pool") if kind == "max" else _("average pool")
        super().__init__(
            label,
            f"{kind_name}{text.separator}{title}",
            where + (f"; {note}" if note else ""),
            window_line,
        )
        values = row.windows[m].reshape(-1)
        texts = [math.number(v) for v in values.tolist()]
        lead = f"{label} = "
        if kind == "max":
            self._lines = [self._max(row, m, texts, values, math, lead)]
        else:
            self._lines = [self._mean(row, m, texts, values, math, lead)]

    def _span(self, n: Notation, one_d: bool, padded: bool, short: bool = True) -> str:
        rows, cols = self.window
        if one_d:
            span = span_phrase("position", cols, n)
        else:
            col = span_phrase("col" if short else "column", cols, n)
            span = f"{span_phrase('row', rows, n)}, {col}"
        return padded_words(span) if padded else span

    @staticmethod
    def _divisor(trace: PoolTrace, row: PoolRow, m: int) -> str | None:
        rows, cols = trace.axes
        full = rows.kernel * cols.kernel
        counted = int(row.divisors[m])
        i, j = row.row, row.cols[m]
        top, left = i * rows.stride, j * cols.stride
        inside_h = min(top + rows.kernel, rows.size + 2 * rows.padding) - top
        inside_w = min(left + cols.kernel, cols.size + 2 * cols.padding) - left
        past = full - inside_h * inside_w
        return divisor_note("avgpool", counted, full, past, trace.layer.count_include_pad)

    def _max(self, row: PoolRow, m: int, texts, values, n: Notation, lead: str) -> FormulaLine:
        at = int(row.at[m])
        name = "\\max" if n.tex else "max"
        body = _value_tokens(texts, values, n, at, n.list_separator)
        result = n.number(python_number(row.values[m]))
        tokens = [Token(f"{name}("), *body, Token(")"), Token(" = "), Token(result, "value")]
        parts = [f"{name}({_joined(body)})", f" = {result}"]
        return FormulaLine(self, "max", (("w", _("maximum")),), lead, "max", parts, tokens)

    def _mean(self, row: PoolRow, m: int, texts, values, n: Notation, lead: str) -> FormulaLine:
        divisor = int(row.divisors[m])
        total = python_number(row.sums[m])
        value = python_number(row.values[m])
        body = _value_tokens(texts, values, n, None, " + ")
        total_text = n.number(total)
        ratio = (
            f"\\tfrac{{{total_text}}}{{{divisor}}}"
            if n.tex and "\\tfrac" not in total_text
            else f"{_factor(total_text)}/{divisor}"
        )
        value_text = n.number(value)
        same = isinstance(value, Fraction) or exactly(value)
        sign = " = " if same else f" {n.approx.strip()} "
        tokens = [
            Token("("),
            *body,
            Token(f")/{divisor}"),
            Token(" = "),
            Token(ratio, "sum"),
            Token(sign),
            Token(value_text, "value"),
        ]
        parts = [f"({_joined(body)})/{divisor}", f" = {ratio}"]
        if ratio != value_text:
            parts.append(f"{sign}{value_text}")
        else:
            tokens = tokens[:-2]
        return FormulaLine(self, "mean", (("w", _("mean")),), lead, "mean", parts, tokens)


def _factor(text: str) -> str:
    return f"({text})" if "/" in text else text


def pool_rows(
    trace: PoolTrace, math: Notation, text: Notation, cells=None
) -> Iterator[list[PoolWork]]:
    """The cells' work, a row at a time (or the given ``(c, i, j)`` cells one by one)."""
    if cells is None:
        for row in trace.rows():
            yield [PoolWork(trace, row, m, math, text) for m in range(len(row))]
        return
    for c, i, j in cells:
        (row,) = trace.rows([c], [i], [j])
        yield [PoolWork(trace, row, 0, math, text)]


# --- activations -----------------------------------------------------------------------------


class ActivationWork(LayerWork):
    """One cell of an activation: ``max(0, −7) = 0``; no window (a cell is its own input)."""

    def __init__(
        self, trace: ActivationTrace, row: ActivationRow, m: int, math: Notation, text: Notation
    ):
        one_d = trace.layer.one_d
        c, i, j = row.channel, row.row, row.cols[m]
        title, where = _where_words(one_d, row.name, i, j, text)
        label = layer_label(trace.index, c, i, j, one_d)
        kind = trace.layer.kind
        caption = "ReLU" if kind == "relu" else _("leaky ReLU")
        super().__init__(label, f"{caption}{text.separator}{title}", where)
        x, y = python_number(row.inputs[m]), python_number(row.values[m])
        x_text, y_text = math.factor(x), math.number(y)
        lead = f"{label} = "
        negative = bool(x < 0)
        if kind == "relu":
            name = "\\max" if math.tex else "max"
            tokens = [
                Token(f"{name}(0{math.list_separator}"),
                Token(math.number(x), "x", negative=negative),
                Token(")"),
                Token(" = "),
                Token(y_text, "value", negative=bool(y < 0)),
            ]
            parts = [f"{name}(0{math.list_separator}{math.number(x)})", f" = {y_text}"]
        elif negative:
            slope = math.factor(trace.layer.slope)
            tokens = [
                Token(slope, "w"),
                Token(math.times),
                Token(x_text, "x", negative=True),
                Token(" = "),
                Token(y_text, "value", negative=bool(y < 0)),
            ]
            parts = [f"{slope}{math.times}{x_text}", f" = {y_text}"]
        else:
            tokens = [Token(y_text, "value")]
            parts = [y_text]
        self._lines = [FormulaLine(self, kind, (("w", caption),), lead, kind, parts, tokens)]


def activation_rows(
    trace: ActivationTrace, math: Notation, text: Notation, cells=None
) -> Iterator[list[ActivationWork]]:
    if cells is None:
        for row in trace.rows():
            yield [ActivationWork(trace, row, m, math, text) for m in range(len(row))]
        return
    for c, i, j in cells:
        (row,) = trace.rows([c], [i], [j])
        yield [ActivationWork(trace, row, 0, math, text)]


# --- transposed convolution: the scatter view --------------------------------------------------


def matrix_text(values: np.ndarray, n: Notation) -> str:
    """A small matrix inside a formula: ``[[0, 1], [2, 3]]`` (a ``bmatrix`` in TeX)."""
    rows = [[n.number(v) for v in row] for row in np.atleast_2d(values).tolist()]
    if n.tex:
        body = " \\\\ ".join(" & ".join(row) for row in rows)
        return f"\\begin{{bmatrix}} {body} \\end{{bmatrix}}"
    sep = n.list_separator  # between numbers; the rows' brackets keep their commas
    return "[" + ", ".join("[" + sep.join(row) + "]" for row in rows) + "]"


class ScatterWork(LayerWork):
    """One step of the scatter view: an input value times a kernel, added at its place."""

    def __init__(self, trace: TransposeTrace, step: ScatterStep, math: Notation, text: Notation):
        layer = trace.layer
        one_d = layer.one_d
        c, i, j, k = step.channel, step.row, step.col, step.filter
        source = "x" if trace.index == 1 else output_name(trace.index - 1)
        fh, fw = step.kernel.shape
        (dh, dw), sep = layer.dilation, text.separator
        rows = range(step.top, step.top + dh * (fh - 1) + 1, dh)
        cols = range(step.left, step.left + dw * (fw - 1) + 1, dw)
        if one_d:
            span = span_phrase("position", cols, text)
            wide = span
        else:
            rows_span = span_phrase("row", rows, text)
            span = f"{rows_span}, {span_phrase('col', cols, text)}"
            wide = f"{rows_span}, {span_phrase('column', cols, text)}"
        name, out = layer.filters[k].name, f"{output_name(trace.index)}[{k}]"
        number = _("{index} of {count}").format(index=step.number + 1, count=len(trace))
        if one_d:
            place = _("position {i}").format(i=j)
        else:
            place = _("row {i}").format(i=i) + sep + _("col {i}").format(i=j)
        title = _("step {number}").format(number=number) + sep
        title += f"{trace.channel_names[c]} {place}{sep}" + _("filter {name}").format(name=name)
        where = _("Step {number}: {channel} value times {name}'s kernel, added at output {span}")
        adds = _("adds into {out} at output {span}").format(out=out, span=span)
        if step.top < 0 or step.left < 0:
            adds += " " + _("(negative: cropped padding)")
        super().__init__(
            f"{source}[{c}, {j}]" if one_d else f"{source}[{c}, {i}, {j}]",
            title,
            where.format(number=number, channel=trace.channel_names[c], name=name, span=wide),
            adds,
        )
        out_h, out_w = step.running.shape
        shown = (range(0, 1) if one_d else _clipped(rows, out_h), _clipped(cols, out_w))
        if len(shown[0]) and len(shown[1]):  # the running output, where this step added
            self.window, self.channel_indices = shown, range(1)
            self.picture = Picture(step.running[None], (out,), one_d=one_d)
        self._lines = self._work(step, math, name, f"{out} = ")

    def _work(self, step: ScatterStep, math: Notation, name: str, lead: str) -> list:
        value = math.factor(step.value)
        kernel, added = matrix_text(step.kernel, math), matrix_text(step.added, math)
        product = [f"{value}{math.times}{kernel}", f" = {added}"]
        tokens = [Token(value, "x"), Token(math.times), Token(kernel, "w"), Token(" = ")]
        running = matrix_text(step.running, math)
        return [
            FormulaLine(self, "scatter", (("b", name),), "", name, product,
                        [*tokens, Token(added, "sum")]),
            FormulaLine(self, "running", (("w", _("running output")),), lead, "running",
                        [running], [Token(running, "value")], formula=0),
        ]  # fmt: skip


def _clipped(span: range, size: int) -> range:
    """The positions of ``span`` within 0 … size − 1 (a step's block, the padding cropped)."""
    kept = [p for p in span if 0 <= p < size]
    if not kept:
        return range(0)
    return range(kept[0], kept[-1] + 1, span.step)


def scatter_rows(trace: TransposeTrace, math: Notation, text: Notation, cells=None):
    if cells is None:
        for row in trace.steps():
            yield [ScatterWork(trace, step, math, text) for step in row]
        return
    for c, i, j in cells:
        for row in trace.steps([c], [i], [j]):
            yield [ScatterWork(trace, step, math, text) for step in row]

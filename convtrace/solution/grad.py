"""The worked solution of a backward pass: ∂L/∂b, ∂L/∂W and ∂L/∂x, each cell traced.

A weight's gradient is a cell of :attr:`~convtrace.engine.grad.GradTrace.weights_trace` (the
padded input ⋆ G), an input cell's a cell of its ``input_trace`` (zero-inserted G ⋆ the rotated
kernels): their formulas come from :mod:`.formula` as a forward cell's do, one bracket per row
of G (of the kernel), negative factors in parentheses. All sentences are in :mod:`.grad_words`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import numpy as np

from ..engine.grad import Fold, GradTrace
from ..engine.trace import Trace
from ..exact import python_number
from ..language import _
from ..numbers import Notation
from . import grad_words as gw
from . import words as w
from .blocks import (
    Block,
    Cells,
    Facts,
    Heading,
    Matrices,
    Matrix,
    PageBreak,
    Paragraph,
    Picture,
    Solution,
    bold,
    user,
)
from .formula import Formulas, RowFormulas, Token
from .layer_cells import FormulaLine
from .outline import Options, Outline


class GradLine(FormulaLine):
    """One line of a gradient cell's work: a layer line whose formula is every part but the
    result, and whose groups are its parts. A bracketed formula may break between its products,
    a plain sum between its terms."""

    __slots__ = ("breaks_inside",)

    def __init__(self, kind: str, caption, lead: str, name: str, parts, roles) -> None:
        super().__init__(None, kind, caption, lead, name, parts, roles, formula=len(parts) - 1)
        self.breaks_inside = kind in ("channel", "total")

    def groups(self) -> list[str]:
        return list(self.parts)


class GradWork:
    """One gradient cell: its label, where it is, its window (or None) and its lines."""

    channel_indices: range = range(0)
    window: tuple[range, range] | None = None
    picture: Picture | None = None
    notes: tuple[str, ...] = ()

    def __init__(self, label: str, title: str, where: str, window_line: str, lines) -> None:
        self.label = label
        self.title = title
        self.where = where
        self.window_line = window_line
        self.lines = lines


def _terms(texts: list[str], values: list, n: Notation) -> tuple[list[str], list[Token]]:
    """``a + b + (−c)``: the parts (one per term) and tokens of a sum of numbers."""
    parts, tokens = [], []
    for m, (text, value) in enumerate(zip(texts, values, strict=True)):
        shown = f"({text})" if m and text.startswith(n.minus) else text
        parts.append((" + " if m else "") + shown)
        if m:
            tokens.append(Token(" + "))
        tokens.append(Token(shown, "sum", negative=bool(value < 0)))
    return parts, tokens


def _result(value, n: Notation) -> tuple[str, list[Token]]:
    text = n.number(value)
    return f" = {text}", [Token(" = "), Token(text, "value", negative=bool(value < 0))]


def _channel_line(formulas: RowFormulas, c: int, m: int, lead: str, name: str) -> GradLine:
    groups = formulas.channel_groups(c, m)
    caption = (("b", name),)
    return GradLine("channel", caption, lead, name, groups, formulas.channel_tokens(c, m))


def _total_line(formulas: RowFormulas, m: int, lead: str, name: str, n: Notation) -> GradLine:
    block = formulas.block
    sums = block.sums[:, m].tolist()
    parts, tokens = _terms([n.number(s) for s in sums], sums, n)
    text, result = _result(python_number(block.values[m]), n)
    caption = (("w", _(gw.TOTAL_CAPTION)),)
    return GradLine("total", caption, lead, name, [*parts, text], tokens + result)


# --- the cells ---------------------------------------------------------------------------------


def bias_works(trace: GradTrace, n: Notation, t: Notation) -> Iterator[list[GradWork]]:
    for k, f in enumerate(trace.task.filters):
        values = trace.upstream[k].ravel().tolist()
        parts, tokens = _terms([n.number(v) for v in values], values, n)
        text, result = _result(trace.grad_bias[k], n)
        label = gw.bias_label(k, t)
        sigma = gw.symbols(n)["sum"]
        lead = f"{gw.bias_label(k, n)} = {sigma} G[{k}] = "
        line = GradLine(
            "bias", (("w", _(gw.BIAS_LINE_CAPTION)),), lead, label, [*parts, text], tokens + result
        )
        yield [GradWork(label, gw.bias_title(f.name), gw.bias_title(f.name), "", [line])]


def weight_works(trace: GradTrace, n: Notation, t: Notation) -> Iterator[list[GradWork]]:
    task = trace.task
    aux = trace.weights_trace
    formulas = Formulas(n)
    fh, fw = task.kernel_size
    rows_axis, cols_axis = aux.task.axes
    for k, f in enumerate(task.filters):
        for m, c in enumerate(task.channels_of(k)):
            f_aux = trace.weight_filter(k, m)
            for u in range(fh):
                row: list[GradWork] = []
                for v in range(fw):
                    au, av = trace.weight_position(u, v)
                    (block,) = aux.rows([f_aux], [au], [av])
                    label = gw.weight_label(k, m, u, v, t, task.one_d)
                    lead = f"{gw.weight_label(k, m, u, v, n, task.one_d)} = "
                    window = (rows_axis.window_positions(au), cols_axis.window_positions(av))
                    where = gw.window_words(*window, t, task.one_d)
                    name = task.channel_names[c]
                    line = _channel_line(formulas.row(block), 0, 0, lead, name)
                    work = GradWork(
                        label,
                        gw.weight_title(f.name, name, u, v, t, task.one_d),
                        f"{gw.weight_title(f.name, name, u, v, t, task.one_d)}; {where}",
                        where,
                        [line],
                    )
                    work.window = window
                    work.channel_indices = range(c, c + 1)
                    row.append(work)
                yield row


def input_works(trace: GradTrace, n: Notation, t: Notation) -> Iterator[list[GradWork]]:
    aux: Trace = trace.input_trace
    task = trace.task
    formulas = Formulas(n)
    rows_axis, cols_axis = aux.task.axes
    for block in aux.rows():
        row_formulas = formulas.row(block)
        c, i = block.filter, block.row
        row: list[GradWork] = []
        for m, j in enumerate(block.cols):
            label = gw.input_label(c, i, j, t, task.one_d, trace.folded)
            lead = f"{gw.input_label(c, i, j, n, task.one_d, trace.folded)} = "
            window = (rows_axis.window_positions(i), cols_axis.window_positions(j))
            where = gw.window_words(*window, t, task.one_d)
            count = row_formulas.channel_count
            lines = [
                _channel_line(row_formulas, q, m, "" if count > 1 else lead, block.names[q])
                for q in range(count)
            ]
            if count > 1:
                lines.append(_total_line(row_formulas, m, lead, label, n))
            title = gw.input_title(task.channel_names[c], i, j, t, task.one_d)
            work = GradWork(label, title, f"{title}; {where}", where, lines)
            work.window = window
            work.channel_indices = block.channels
            row.append(work)
        yield row


def fold_work(trace: GradTrace, fold: Fold, n: Notation, t: Notation) -> GradWork:
    one_d = trace.task.one_d
    c = fold.channel
    label = gw.input_label(c, fold.row, fold.col, t, one_d)
    texts = [n.number(v) for v in fold.terms]
    parts, tokens = _terms(texts, list(fold.terms), n)
    text, result = _result(fold.value, n)
    lead = f"{gw.input_label(c, fold.row, fold.col, n, one_d)} = "
    line = GradLine(
        "fold", (("w", gw.say(gw.INPUT_RESULT, t)),), lead, label, [*parts, text], tokens + result
    )
    count = len(fold.sources)
    title = gw.input_title(trace.task.channel_names[c], fold.row, fold.col, t, one_d)
    sources = gw.fold_sources(fold.sources, t, one_d)
    where = f"{title}; {gw.fold_where(count)} ({sources})"
    return GradWork(label, title, where, gw.say(gw.FOLD_LINE, t, sources=sources), [line])


# --- the outline -------------------------------------------------------------------------------


def _matrices(values: np.ndarray, labels: list[str]) -> Matrices:
    return Matrices(
        tuple(
            Matrix(label, values[q], ((("w", label)),), signed=True)
            for q, label in enumerate(labels)
        )
    )


def _pair(pair: tuple[int, int], one_d: bool, t: Notation) -> str:
    """``2`` for both axes alike (or a signal), ``2×1`` (rows × cols) otherwise."""
    rows, cols = pair
    return str(cols) if one_d or rows == cols else f"{rows}{t.cross}{cols}"


class GradOutline:
    """Builds the :class:`~.blocks.Solution` of a :class:`GradTrace`."""

    def __init__(self, trace: GradTrace, options: Options) -> None:
        self.trace = trace
        self.o = options
        self.n: Notation = options.math
        self.t: Notation = options.text

    def solution(self) -> Solution:
        if self.o.quiet:
            return Solution(self.results())
        if self.o.worksheet:
            return Solution(self.worksheet())
        trace, n, t = self.trace, self.n, self.t
        task = trace.task
        title = gw.say(gw.TITLE, t, title=w.title(task))
        loss = gw.LOSS_GIVEN if trace.given else gw.LOSS_ONES
        blocks: list[Block] = [
            Heading((user(title),), level=1),
            Paragraph((("w", gw.say(loss, t)),)),
            Facts(tuple(w.facts(task, n))),
            Heading((("w", _(gw.FORWARD)),), anchor="forward"),
        ]
        names = [f.name for f in task.filters]
        blocks.append(_matrices(trace.output, [w.output_label(k, s) for k, s in enumerate(names)]))
        blocks.append(Heading((("w", gw.say(gw.UPSTREAM, t)),), anchor="upstream"))
        blocks.append(_matrices(trace.upstream, [f"G[{k}]  ({s})" for k, s in enumerate(names)]))
        blocks += self.bias() + self.weights() + self.input()
        return Solution(blocks)

    def worksheet(self) -> list[Block]:
        """The exercise: the task, G, and the three gradients to fill in."""
        trace, t = self.trace, self.t
        task = trace.task
        forward = Outline(trace.forward, self.o)
        title = gw.say(gw.WORKSHEET_TITLE, t, title=w.title(task))
        names = [f.name for f in task.filters]
        blocks: list[Block] = [
            Heading((user(title),), level=1),
            Paragraph((("w", gw.say(gw.WORKSHEET_TASK, t)),)),
            Facts(tuple(w.facts(task, self.n))),
            *forward.volumes(),
            *forward.filters(),
            Heading((("w", gw.say(gw.UPSTREAM, t)),), anchor="upstream"),
            _matrices(trace.upstream, [f"G[{k}]  ({s})" for k, s in enumerate(names)]),
        ]
        for block in self.results():
            if isinstance(block, Matrices):
                block = dataclasses.replace(block, blank=True)
            elif isinstance(block, Paragraph):
                block = Paragraph((("w", gw.say(gw.WORKSHEET_BIAS, t)),))
            blocks.append(block)
        if self.o.answers:
            blocks += [PageBreak(), Heading((("w", _(gw.ANSWERS)),), anchor="answers")]
            blocks += self.results()
        return blocks

    def bias(self) -> list[Block]:
        return [
            Heading((("w", _(gw.BIAS_HEADING)),), anchor="grad-bias"),
            Paragraph((("w", _(gw.BIAS_SENTENCE)),)),
            Cells(lambda: bias_works(self.trace, self.n, self.t)),
        ]

    def weights(self) -> list[Block]:
        trace, t = self.trace, self.t
        task = trace.task
        stride = _pair(task.stride, task.one_d, t)
        dilation = _pair(task.dilation, task.one_d, t)
        sentence = gw.say(gw.WEIGHTS_SENTENCE, t, stride=stride, dilation=dilation)
        blocks: list[Block] = [
            Heading((("w", _(gw.WEIGHTS_HEADING)),), anchor="grad-weights"),
            Paragraph((("w", sentence),)),
        ]
        if task.flip:
            blocks.append(Paragraph((("w", gw.say(gw.WEIGHTS_FLIP, t)),)))
        forward = trace.forward
        picture = Picture(
            forward.padded,
            task.channel_names,
            task.padding,
            task.padding_mode != "zeros",
            task.one_d,
        )
        blocks.append(Cells(lambda: weight_works(trace, self.n, t), pictures=True, picture=picture))
        return blocks

    def input(self) -> list[Block]:
        trace, n, t = self.trace, self.n, self.t
        task = trace.task
        sh, sw = task.stride
        zeros = _pair((sh - 1, sw - 1), task.one_d, t)
        sentence = gw.INPUT_SENTENCE_STRIDE_1 if (sh, sw) == (1, 1) else gw.INPUT_SENTENCE
        blocks: list[Block] = [
            Heading((("w", _(gw.INPUT_HEADING)),), anchor="grad-input"),
            Paragraph((("w", gw.say(sentence, t, zeros=zeros)),)),
        ]
        if trace.folded:
            blocks.append(Paragraph((("w", gw.say(gw.INPUT_FOLDED, t, mode=task.padding_mode)),)))
        aux = trace.input_trace
        kernels = []
        for c, f in enumerate(aux.task.filters):
            for q, k_name in enumerate(aux.task.channel_names[r] for r in aux.task.channels_of(c)):
                label = f"{k_name} {t.separator.strip()} {task.channel_names[c]}"
                kernels.append(
                    Matrix(
                        label,
                        f.weights[q],
                        (user(k_name), ("w", ", "), bold(task.channel_names[c])),
                        signed=True,
                    )
                )
        blocks.append(Heading((("w", gw.say(gw.INPUT_KERNELS, t)),), level=3))
        blocks.append(Matrices(tuple(kernels)))
        picture = Picture(aux.padded, aux.task.channel_names, aux.task.padding, False, task.one_d)
        blocks.append(Cells(lambda: input_works(trace, n, t), pictures=True, picture=picture))
        if trace.folded:
            blocks.append(Heading((("w", _(gw.FOLD_HEADING)),), level=3))
            blocks.append(Cells(lambda: ([fold_work(trace, fold, n, t)] for fold in trace.folds())))
        return blocks + self.results()

    def results(self) -> list[Block]:
        trace, t = self.trace, self.t
        task = trace.task
        names = [f.name for f in task.filters]
        bias = gw.listed(t.number(v) for v in trace.grad_bias)
        labels = []
        for k, name in enumerate(names):
            labels += [
                f"{gw.say(gw.WEIGHTS_RESULT, t)}[{k}, {m}]  ({name} {t.separator.strip()} "
                f"{task.channel_names[c]})"
                for m, c in enumerate(task.channels_of(k))
            ]
        k, cg, fh, fw = trace.grad_weights.shape
        weights = trace.grad_weights.reshape(k * cg, fh, fw)
        x_labels = [
            f"{gw.say(gw.INPUT_RESULT, t)}[{c}]  ({name})"
            for c, name in enumerate(task.channel_names)
        ]
        return [
            Heading((("w", _(gw.RESULTS)),), anchor="gradients"),
            Paragraph((("w", gw.say(gw.BIAS_RESULT, t, values=bias)),)),
            _matrices(weights, labels),
            _matrices(trace.grad_input, x_labels),
        ]


def grad_outline(trace: GradTrace, options: Options) -> Solution:
    return GradOutline(trace, options).solution()

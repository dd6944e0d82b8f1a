"""The worked solution of a chain's backward pass: one section per layer, last to first.

A pooling or activation layer's cells say where each G value goes (:class:`RouteWork`); a
convolution's section is the single backward pass's own blocks (:mod:`.grad`). All sentences
are in :mod:`.grad_words`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from ..engine.grad import GradTrace
from ..engine.grad_chain import ChainGrad, LayerGrad, Route
from ..layers import LAYER_NAMES
from ..numbers import Notation
from . import grad_words as gw
from . import words as w
from .blocks import Block, Cells, Heading, Matrices, Matrix, Paragraph, Solution, user
from .formula import Token
from .grad import GradLine, GradOutline, GradWork
from .outline import Options


def _symbol(index: int) -> str:
    """The name of layer ``index``'s output (``o2``), or of the input for layer 0 (``x``)."""
    return "x" if index == 0 else f"o{index}"


def _cell(name: str, c: int, i: int, j: int, one_d: bool) -> str:
    return f"{name}[{c}, {j}]" if one_d else f"{name}[{c}, {i}, {j}]"


def route_work(step: LayerGrad, route: Route, n: Notation, t: Notation, one_d: bool) -> GradWork:
    layer = step.trace.layer
    out_name = gw.say(gw.GRAD_OF, n, name=_symbol(step.index))
    in_name = gw.say(gw.GRAD_OF, n, name=_symbol(step.index - 1))
    c, i, j = route.channel, route.row, route.col
    label = _cell(out_name, c, i, j, one_d)
    g_text, share = n.number(route.g), n.number(route.share)
    targets = [_cell(in_name, c, r, q, one_d) for r, q in route.to]
    if layer.kind == "maxpool":
        where = gw.say(gw.ROUTE_MAX, t, target=targets[0], value=t.number(route.value))
    elif layer.kind == "avgpool":
        where = gw.route_mean(route.divisor, len(targets))
    elif route.value > 0:
        where = gw.say(gw.ROUTE_RELU_PASS, t, value=t.number(route.value))
    else:
        stop = gw.ROUTE_RELU_STOP if layer.kind == "relu" else gw.ROUTE_LEAKY_STOP
        where = gw.say(stop, t, value=t.number(route.value), le="<=" if t.ascii else "\u2264")
    if layer.kind == "avgpool":
        formula = f"{g_text}/{route.divisor} = {share}"
    elif layer.kind in ("relu", "leaky_relu"):
        factor = 1 if route.value > 0 else getattr(layer, "slope", 0)
        formula = f"{n.factor(route.g)}{n.times}{n.factor(factor)} = {share}"
    else:
        formula = share
    if layer.kind in ("relu", "leaky_relu"):
        lead = f"{targets[0]} = "
    elif len(targets) <= 2:
        lead = f"{' + '.join(targets)} += " if targets else ""
    else:
        lead = f"{targets[0]} {n.ellipsis} {targets[-1]} += "
    line = GradLine(
        "route",
        (("w", where),),
        lead,
        label,
        [formula],
        [Token(formula, "value", negative=bool(route.share < 0))],
    )
    title = f"G = {g_text}{t.separator}{where}"
    return GradWork(label, title, where, "", [line])


class ChainGradOutline:
    def __init__(self, trace: ChainGrad, options: Options) -> None:
        self.trace = trace
        self.o = options
        self.n: Notation = options.math
        self.t: Notation = options.text

    def solution(self) -> Solution:
        trace, t = self.trace, self.t
        chain = trace.task
        blocks: list[Block] = [Heading((user(gw.say(gw.TITLE, t, title=w.title(chain))),), 1)]
        loss = gw.CHAIN_LOSS_GIVEN if trace.given else gw.CHAIN_LOSS_ONES
        blocks.append(Paragraph((("w", gw.say(loss, t)),)))
        for step in trace.steps:
            blocks += self.step(step) if not self.o.quiet else self.result(step)
        return Solution(blocks)

    def step(self, step) -> list[Block]:
        t = self.t
        layer = self.trace.task.layers[step.index - 1]
        kind = "conv" if isinstance(step, GradTrace) else layer.kind
        heading = gw.say(gw.LAYER_BACK, t, index=step.index, name=LAYER_NAMES[kind])
        blocks: list[Block] = [Heading((("w", heading),), anchor=f"back-{step.index}")]
        if isinstance(step, GradTrace):
            after = step.index + 1
            if after <= len(self.trace.steps):
                blocks.append(Paragraph((("w", gw.say(gw.CONV_BACK, t, after=after)),)))
            inner = GradOutline(step, self.o)
            parts = inner.bias() + inner.weights() + inner.input()
            return blocks + [
                dataclasses.replace(b, level=3) if isinstance(b, Heading) else b for b in parts
            ]
        sentence = {
            "relu": gw.RELU_SENTENCE,
            "leaky_relu": gw.LEAKY_SENTENCE,
            "maxpool": gw.MAXPOOL_SENTENCE,
            "avgpool": gw.AVGPOOL_SENTENCE,
        }[kind]
        slope = t.number(getattr(layer, "slope", 0))
        blocks.append(Paragraph((("w", gw.say(sentence, t, slope=slope)),)))
        blocks.append(self.matrices(step.upstream, step.index))
        one_d = self.trace.task.one_d

        def rows(step=step) -> Iterator[list[GradWork]]:
            for route in step.routes:
                yield [route_work(step, route, self.n, t, one_d)]

        blocks.append(Cells(rows))
        return blocks + self.result(step)

    def matrices(self, values, index: int) -> Matrices:
        name = gw.say(gw.GRAD_OF, self.t, name=_symbol(index))
        return Matrices(
            tuple(
                Matrix(f"{name}[{c}]", values[c], (("w", f"{name}[{c}]"),), signed=True)
                for c in range(values.shape[0])
            )
        )

    def result(self, step) -> list[Block]:
        if isinstance(step, GradTrace):
            return GradOutline(step, self.o).results()
        return [self.matrices(step.grad_input, step.index - 1)]


def chain_grad_outline(trace: ChainGrad, options: Options) -> Solution:
    return ChainGradOutline(trace, options).solution()

"""The backward pass through a chain (conv → ReLU → pooling …), from the last layer back.

Each layer hands the gradient of its input to the layer before it: ReLU passes G where its
input was positive (a leaky ReLU scales the rest by its slope), max pooling routes each G value
to its window's maximum (the first, as PyTorch does), average pooling spreads it over the
window, divided by the window's divisor; a convolution's step is a whole
:class:`~convtrace.engine.grad.GradTrace`. Nothing here formats text.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from ..errors import InputError
from ..exact import python_number
from ..language import _
from ..layers import Chain
from ..task import Task
from . import run
from .activation import ActivationTrace
from .chain import ChainTrace, run_chain
from .grad import GradTrace, run_grad
from .pool import PoolTrace
from .trace import Trace


@dataclass(frozen=True)
class Route:
    """Where the upstream value ``g`` of output cell (channel, row, col) goes: ``to`` the input
    cells (row, col) it reaches, each with ``share`` (g for a maximum, g/divisor for a mean;
    for an activation, the factor is ``share``/``g``)."""

    channel: int
    row: int
    col: int
    g: Any
    to: tuple[tuple[int, int], ...]
    share: Any
    value: Any = None  # the maximum, or the activation's input
    divisor: int = 1


@dataclass(frozen=True, eq=False)
class LayerGrad:
    """The backward step of a pooling or activation layer: G of its output, G of its input."""

    index: int  # the layer's number (1-based)
    trace: PoolTrace | ActivationTrace
    upstream: np.ndarray
    grad_input: np.ndarray
    routes: tuple[Route, ...]


@dataclass(frozen=True, eq=False)
class ChainGrad:
    """A chain's backward pass: ``steps`` from the last layer to the first."""

    forward: ChainTrace
    upstream: np.ndarray
    given: bool
    steps: tuple[LayerGrad | GradTrace, ...]

    @property
    def task(self):
        return self.forward.chain

    @property
    def grad_input(self) -> np.ndarray:
        return self.steps[-1].grad_input

    def __len__(self) -> int:
        return sum(len(s.routes) if isinstance(s, LayerGrad) else len(s) for s in self.steps)


def _zeros_like(x: np.ndarray, exact: bool) -> np.ndarray:
    if exact:
        out = np.empty(x.shape, dtype=object)
        out[...] = Fraction(0)
        return out
    return np.zeros(x.shape, dtype=np.float64 if x.dtype.kind == "f" else x.dtype)


def activation_grad(trace: ActivationTrace, g: np.ndarray, index: int) -> LayerGrad:
    layer = trace.layer
    slope = 0 if layer.kind == "relu" else layer.slope
    positive = trace.x > 0
    factors = np.where(positive, 1, slope)
    if trace.x.dtype != object and g.dtype != object:
        grad = g * factors
        if layer.kind == "relu":
            grad = grad.astype(g.dtype)
    else:
        grad = g * factors
    routes = []
    for (c, i, j), v in np.ndenumerate(g):
        share = grad[c, i, j]
        routes.append(
            Route(
                c,
                i,
                j,
                python_number(v),
                ((i, j),),
                python_number(share),
                python_number(trace.x[c, i, j]),
            )
        )
    return LayerGrad(index, trace, g, grad, tuple(routes))


def pool_grad(trace: PoolTrace, g: np.ndarray, index: int) -> LayerGrad:
    layer = trace.layer
    rows, cols = trace.axes
    exact = g.dtype == object or trace.x.dtype == object
    average = layer.kind == "avgpool"
    grad = _zeros_like(trace.x, exact)
    if average and not exact:
        grad = grad.astype(np.float64)
    __, h, w = trace.x.shape
    routes = []
    for row in trace.rows():
        c, i = row.channel, row.row
        for m, j in enumerate(row.cols):
            v = g[c, i, j]
            r_span, c_span = rows.window_positions(i), cols.window_positions(j)
            if average:
                divisor = int(row.divisors[m])
                share = Fraction(v) / divisor if exact else float(v) / divisor
                to = tuple(
                    (r - rows.padding, q - cols.padding)
                    for r in r_span
                    for q in c_span
                    if 0 <= r - rows.padding < h and 0 <= q - cols.padding < w
                )
                value = None
            else:
                divisor = 1
                at = int(row.at[m])
                r = r_span[at // cols.kernel] - rows.padding
                q = c_span[at % cols.kernel] - cols.padding
                to, share = ((r, q),), v
                value = python_number(trace.x[c, r, q])
            for r, q in to:
                grad[c, r, q] = grad[c, r, q] + share
            routes.append(
                Route(c, i, j, python_number(v), to, python_number(share), value, divisor)
            )
    return LayerGrad(index, trace, g, grad, tuple(routes))


def run_grad_chain(forward: ChainTrace, upstream: np.ndarray | None = None) -> ChainGrad:
    """The backward pass of a traced chain for ``upstream`` (None: all ones)."""
    last = forward.layers[-1]
    shape = last.output.shape
    if upstream is None:
        g = np.ones(shape, dtype=object if forward.chain.exact else np.int64)
        if forward.chain.exact:
            g[...] = Fraction(1)
    else:
        g = _checked(np.asarray(upstream), shape, forward)
    first_g = g
    steps: list[LayerGrad | GradTrace] = []
    for index in range(len(forward.layers), 0, -1):
        trace = forward.layers[index - 1]
        if isinstance(trace, Trace):
            step = run_grad(trace, g, index=index)
        elif isinstance(trace, PoolTrace):
            step = pool_grad(trace, g, index)
        elif isinstance(trace, ActivationTrace):
            step = activation_grad(trace, g, index)
        else:
            raise InputError(
                _(
                    "layer {index} is a transposed convolution; convtrace grad goes back through "
                    "conv, relu, leaky_relu, maxpool and avgpool layers"
                ).format(index=index),
                source=forward.chain.source,
                place="layers",
            )
        steps.append(step)
        g = step.grad_input
    return ChainGrad(forward, first_g, upstream is not None, tuple(steps))


def _checked(g: np.ndarray, shape: tuple[int, ...], forward: ChainTrace) -> np.ndarray:
    if g.ndim == 2 and shape[0] == 1:
        g = g[None]
    if tuple(g.shape) != tuple(shape):
        got = "×".join(str(n) for n in g.shape)
        want = "×".join(str(n) for n in shape)
        raise InputError(
            _(
                "the upstream gradient is {got}, but the chain's output (layer {layer}) is "
                "{want}; give one number per output cell"
            ).format(got=got, layer=len(forward.layers), want=want),
            source=forward.chain.source,
            place="upstream",
        )
    if g.dtype == object and not forward.chain.exact:
        g = g.astype(np.float64)
    return g


def run_backward(
    model: Task | Chain, upstream: np.ndarray | None = None, *, strict: bool = False
) -> GradTrace | ChainGrad:
    """The backward pass of a task (a :class:`~.grad.GradTrace`) or of a chain of layers (a
    :class:`ChainGrad`, last layer first), for ``upstream`` (None: all ones)."""
    if isinstance(model, Chain):
        return run_grad_chain(run_chain(model, strict=strict), upstream)
    return run_grad(run(model, strict=strict), upstream)

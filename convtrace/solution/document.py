"""The worked solution of anything traced: one convolution (:mod:`.outline`) or a chain of
layers (:mod:`.chain`). Renderers ask here, so that they need not know which it is."""

from __future__ import annotations

import dataclasses

from ..engine.chain import ChainTrace
from ..engine.grad import GradTrace
from ..engine.grad_chain import ChainGrad
from ..engine.im2col import MatrixTrace
from ..engine.trace import Trace
from ..numbers import to_ascii
from . import outline as single
from .blocks import Solution
from .chain import ChainOutline, chain_outline
from .grad import grad_outline
from .grad_chain import chain_grad_outline
from .matrix_view import matrix_outline
from .outline import Options

__all__ = ["Options", "in_ascii", "matrix_columns", "outline", "output_blocks"]


def outline(trace, options: Options | None = None, **kwargs) -> Solution:
    """The worked solution of ``trace`` (a :class:`Trace` or a :class:`ChainTrace`) as blocks
    (see :class:`~.outline.Options` for ``kwargs``)."""
    if options is None:
        options = Options(**kwargs)
    if isinstance(trace, ChainTrace):
        return chain_outline(trace, options)
    if isinstance(trace, GradTrace):
        return grad_outline(trace, options)
    if isinstance(trace, ChainGrad):
        return chain_grad_outline(trace, options)
    if isinstance(trace, MatrixTrace):
        return matrix_outline(trace, options)
    return single.outline(trace, options)


def output_blocks(trace, options: Options, *, level: int = 2) -> list:
    """The output volume's heading and matrices, as an answer key lists them: a convolution's
    output, or a chain's last layer's."""
    if isinstance(trace, ChainTrace):
        return ChainOutline(trace, options).output(level=level)
    return single.Outline(trace, options).output(level=level)


def _plain_names(trace):
    """A layer's trace with its channel names (and a layer's filter names) in ASCII."""
    if isinstance(trace, Trace):
        return single.in_ascii(trace)
    names = tuple(map(to_ascii, trace.channel_names))
    return dataclasses.replace(trace, channel_names=names)


def in_ascii(trace):
    """The trace with the user's own text in ASCII, for ``--ascii`` (any kind of trace)."""
    if isinstance(trace, ChainGrad):
        return dataclasses.replace(trace, forward=in_ascii(trace.forward))
    if isinstance(trace, MatrixTrace):
        grad = None if trace.grad is None else in_ascii(trace.grad)
        return dataclasses.replace(trace, trace=single.in_ascii(trace.trace), grad=grad)
    if isinstance(trace, GradTrace):
        return dataclasses.replace(
            trace,
            forward=single.in_ascii(trace.forward),
            weights_trace=single.in_ascii(trace.weights_trace),
            input_trace=single.in_ascii(trace.input_trace),
        )
    if not isinstance(trace, ChainTrace):
        return single.in_ascii(trace)
    chain = trace.chain
    plain = dataclasses.replace(
        chain,
        channel_names=tuple(map(to_ascii, chain.channel_names)),
        title=None if chain.title is None else to_ascii(chain.title),
        description=None if chain.description is None else to_ascii(chain.description),
        source=None if chain.source is None else to_ascii(chain.source),
    )
    return ChainTrace(plain, tuple(_plain_names(layer) for layer in trace.layers), trace.view)


def matrix_columns(trace) -> int:
    """The most columns any matrix of the solution has (LaTeX needs to know beforehand)."""
    if isinstance(trace, ChainGrad):  # a chain of pooling alone has no convolution step
        steps = [matrix_columns(s) for s in trace.steps if isinstance(s, GradTrace)]
        return max([matrix_columns(trace.forward), *steps])
    if isinstance(trace, GradTrace):
        return max(matrix_columns(t) for t in (trace.forward, trace.input_trace))
    if isinstance(trace, MatrixTrace):
        widths = [g.x_col.shape[1] for g in trace.groups] + [
            g.w_rows.shape[1] for g in trace.groups
        ]
        if trace.matrix is not None:
            widths.append(trace.matrix.shape[1])
        return max(widths)
    if isinstance(trace, ChainTrace):
        widths = [layer.output.shape[2] for layer in trace.layers]
        widths += [int(getattr(layer, "padded", layer.output).shape[2]) for layer in trace.layers]
        widths.append(trace.chain.x.shape[2])
        return max(widths)
    return max(trace.padded.shape[2], trace.shape[2])

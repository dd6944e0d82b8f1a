"""A chain of layers, run in turn: a :class:`ChainTrace` holds each layer's trace.

A convolution is the engine's :func:`~convtrace.engine.run` on its task, its input replaced by
the previous layer's output; the other layers have engines of their own (:mod:`.pool`,
:mod:`.activation`, :mod:`.transpose`). Each trace has the layer's input, padded input where it
has one, output, and its cells a row at a time.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..layers import Activation, Chain, Conv, Pool, Transpose
from ..task import Task, build_task
from . import run
from .activation import ActivationTrace, run_activation
from .pool import PoolTrace, run_pool
from .trace import Trace
from .transpose import TransposeTrace, direct_task

LayerTrace = Trace | PoolTrace | ActivationTrace | TransposeTrace


@dataclass(frozen=True, eq=False)
class ChainTrace:
    """A traced chain: ``layers[i]`` is layer i + 1's trace; the output is the last one's."""

    chain: Chain
    layers: tuple[LayerTrace, ...]
    #: how a transposed convolution is traced: "scatter" (each input value's kernel added into
    #: the output) or "direct" (the equivalent convolution); the numbers are the same
    view: str = "scatter"

    @property
    def output(self) -> np.ndarray:
        return self.layers[-1].output

    @property
    def task(self) -> Chain:
        """What was traced (as a single trace's ``task``): title, source, input's names."""
        return self.chain

    @property
    def shape(self) -> tuple[int, int, int]:
        return tuple(int(n) for n in self.output.shape)  # type: ignore[return-value]

    def __len__(self) -> int:
        return sum(len(layer) for layer in self.layers)


def with_input(task: Task, x: np.ndarray, names: tuple[str, ...]) -> Task:
    """``task`` (a layer's convolution) with ``x``, the previous layer's output, as its input."""
    one_d = task.one_d
    top, bottom, left, right = task.padding
    rebuilt = build_task(
        x,
        names,
        task.filters,
        stride=task.stride[1] if one_d else list(task.stride),
        padding=[left, right] if one_d else [top, bottom, left, right],
        padding_mode=task.padding_mode,
        dilation=task.dilation[1] if one_d else list(task.dilation),
        groups=task.groups,
        flip=task.flip,
        one_d=one_d,
        source=task.source,
    )
    return Task(**{**vars(rebuilt), "padding_rule": task.padding_rule})


def run_layer(
    layer, x: np.ndarray, names: tuple[str, ...], index: int, *, first: bool, strict: bool = False
) -> LayerTrace:
    """Layer ``index`` (1-based) on ``x``, whose channels are called ``names``."""
    if isinstance(layer, Conv):
        return run(layer.task if first else with_input(layer.task, x, names), strict=strict)
    if isinstance(layer, Pool):
        return run_pool(layer, x, names, index)
    if isinstance(layer, Activation):
        return run_activation(layer, x, names, index)
    if isinstance(layer, Transpose):
        return TransposeTrace(layer, x, names, run(direct_task(layer, x, names)), index)
    raise TypeError(f"not a layer: {layer!r}")


def run_chain(chain: Chain, *, strict: bool = False, view: str = "scatter") -> ChainTrace:
    """Run every layer of ``chain`` in turn; ``view`` says how a transposed convolution's
    cells are traced (``scatter`` or ``direct``)."""
    traces = []
    x, names = chain.x, chain.channel_names
    for n, layer in enumerate(chain.layers):
        trace = run_layer(layer, x, names, n + 1, first=n == 0, strict=strict)
        traces.append(trace)
        x, names = trace.output, chain.names_after(n)
    return ChainTrace(chain, tuple(traces), view)

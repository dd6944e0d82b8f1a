"""The matrices a chain's document shows, in order, as the reference writes numbers: the
yardstick of the exports' tables (Markdown) and bmatrix displays (LaTeX) for chains."""

from __future__ import annotations

from convtrace.engine.activation import ActivationTrace
from convtrace.engine.pool import PoolTrace
from convtrace.engine.trace import Trace
from convtrace.engine.transpose import TransposeTrace
from convtrace.numbers import plain


def rows(matrix) -> list[list[str]]:
    return [[plain(v) for v in row] for row in matrix.tolist()]


def _conv(index: int, trace: Trace) -> list:
    task = trace.task
    found = [rows(task.x[c]) for c in range(task.channels)] if index == 1 else []
    if any(task.padding):
        found += [rows(trace.padded[c]) for c in range(task.channels)]
    for k, f in enumerate(task.filters):
        for c in range(len(task.channels_of(k))):
            found.append(rows(f.weights[c]))
            if task.flip:
                found.append(rows(trace.kernels[k, c]))
    return found


def chain_tables(trace, view: str = "scatter") -> list[list[list[str]]]:
    """Every matrix of the chain's worked solution, in the order the document shows them."""
    found: list = []
    last = len(trace.layers)
    for index, layer in enumerate(trace.layers, start=1):
        if isinstance(layer, Trace):
            found += _conv(index, layer)
        else:
            if index == 1:
                found += [rows(m) for m in layer.x]
            if isinstance(layer, PoolTrace) and any(layer.inside):
                found += [rows(m) for m in layer.padded]
            if isinstance(layer, TransposeTrace):
                found += [
                    rows(f.weights[c]) for f in layer.layer.filters for c in range(len(f.weights))
                ]
                if view == "direct":
                    direct = layer.direct
                    shown = direct.padded if any(direct.task.padding) else direct.task.x
                    found += [rows(m) for m in shown]
                    found += [rows(m) for f in direct.task.filters for m in f.weights]
            if isinstance(layer, ActivationTrace):
                for c in range(layer.x.shape[0]):
                    found += [rows(layer.x[c]), rows(layer.output[c])]
                continue
        if index < last:
            found += [rows(m) for m in layer.output]
    return found + [rows(m) for m in trace.output]

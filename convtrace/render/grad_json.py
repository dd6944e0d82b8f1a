"""A backward pass as one JSON document: the gradients, and every traced cell.

``"grad_input"`` is channels × rows × cols, ``"grad_weights"`` filters × channels × rows ×
cols, ``"grad_bias"`` one number per filter (a 1-D signal drops the rows, as the forward
document does). ``"cells"`` holds each gradient cell as the trace shows it: a weight's window
of the padded input and the upstream values it meets, an input cell's windows of the
zero-inserted G and the rotated kernels, the products and the sums. Exact fractions are text,
``"5/3"``.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from ..engine.grad import GradTrace
from ..engine.grad_chain import ChainGrad
from ..layers import layer_type
from .json_doc import SCHEMA_VERSION, fraction_text, numbers


def _flat(values: Any, one_d: bool, depth: int) -> Any:
    """Drop the rows of a 1-D task's matrices (``depth``: how deep the matrices sit)."""
    if not one_d:
        return values
    if depth == 0:
        return values[0]
    return [_flat(v, one_d, depth - 1) for v in values]


def weight_cells(trace: GradTrace) -> list[dict[str, Any]]:
    task = trace.task
    one_d = task.one_d
    fh, fw = task.kernel_size
    cells = []
    for k in range(len(task.filters)):
        for m, c in enumerate(task.channels_of(k)):
            f_aux = trace.weight_filter(k, m)
            for u in range(fh):
                for v in range(fw):
                    cell = trace.weights_trace.cell(f_aux, *trace.weight_position(u, v))
                    (step,) = cell.channels
                    doc = {"filter": k, "channel": c, "row": u, "col": v}
                    if one_d:
                        del doc["row"]
                    doc["window"] = _flat(numbers(step.window), one_d, 0)
                    doc["upstream"] = _flat(numbers(step.weights), one_d, 0)
                    doc["products"] = _flat(numbers(step.products), one_d, 0)
                    doc["value"] = numbers(cell.value)
                    cells.append(doc)
    return cells


def input_cells(trace: GradTrace) -> list[dict[str, Any]]:
    one_d = trace.task.one_d
    cells = []
    for cell in trace.input_trace.cells():
        doc: dict[str, Any] = {"channel": cell.filter, "row": cell.row, "col": cell.col}
        if trace.folded:
            doc["padded"] = True
        if one_d:
            del doc["row"]
        doc["terms"] = [
            {
                "filter": step.index,
                "window": _flat(numbers(step.window), one_d, 0),
                "kernel": _flat(numbers(step.weights), one_d, 0),
                "products": _flat(numbers(step.products), one_d, 0),
                "sum": numbers(step.sum),
            }
            for step in cell.channels
        ]
        doc["value"] = numbers(cell.value)
        cells.append(doc)
    return cells


def to_dict(trace: GradTrace) -> dict[str, Any]:
    task = trace.task
    one_d = task.one_d
    doc: dict[str, Any] = {"schema": SCHEMA_VERSION, "kind": "grad"}
    if task.title:
        doc["title"] = task.title
    doc["loss"] = "sum(upstream * output)" if trace.given else "sum(output)"
    doc["output"] = _flat(numbers(trace.output), one_d, 1)
    doc["upstream"] = _flat(numbers(trace.upstream), one_d, 1)
    doc["grad_bias"] = numbers(list(trace.grad_bias))
    doc["grad_weights"] = _flat(numbers(trace.grad_weights), one_d, 2)
    doc["grad_input"] = _flat(numbers(trace.grad_input), one_d, 1)
    doc["cells"] = {
        "bias": [
            {"filter": k, "upstream": _flat(numbers(trace.upstream[k]), one_d, 0), "value": v}
            for k, v in enumerate(numbers(list(trace.grad_bias)))
        ],
        "weights": weight_cells(trace),
        "input": input_cells(trace),
    }
    if trace.folded:
        doc["cells"]["folds"] = [
            {
                "channel": f.channel,
                "row": f.row,
                "col": f.col,
                "sources": [list(s) for s in f.sources],
                "terms": numbers(list(f.terms)),
                "value": numbers(f.value),
            }
            for f in trace.folds()
        ]
    return doc


def chain_dict(trace: ChainGrad) -> dict[str, Any]:
    """A chain's backward pass: ``"grad_input"`` the chain input's, ``"layers"`` each step's,
    from the last layer to the first (a convolution's as :func:`to_dict` writes it)."""
    one_d = trace.task.one_d
    doc: dict[str, Any] = {"schema": SCHEMA_VERSION, "kind": "grad"}
    doc["loss"] = "sum(upstream * output)" if trace.given else "sum(output)"
    doc["upstream"] = _flat(numbers(trace.upstream), one_d, 1)
    doc["grad_input"] = _flat(numbers(trace.grad_input), one_d, 1)
    layers = []
    for step in trace.steps:
        if isinstance(step, GradTrace):
            entry = {k: v for k, v in to_dict(step).items() if k not in ("schema", "kind")}
            layers.append({"layer": step.index, "type": "conv", **entry})
            continue
        layers.append(
            {
                "layer": step.index,
                "type": layer_type(step.trace.layer),
                "upstream": _flat(numbers(step.upstream), one_d, 1),
                "grad_input": _flat(numbers(step.grad_input), one_d, 1),
                "routes": [
                    {
                        "channel": r.channel,
                        "row": r.row,
                        "col": r.col,
                        "g": numbers(r.g),
                        "to": [list(at) for at in r.to],
                        "share": numbers(r.share),
                    }
                    for r in step.routes
                ],
            }
        )
    doc["layers"] = layers
    return doc


def iter_grad_json(trace: GradTrace | ChainGrad):
    doc = chain_dict(trace) if isinstance(trace, ChainGrad) else to_dict(trace)
    yield json.dumps(doc, ensure_ascii=False, default=fraction_text)
    yield "\n"


def write_grad_json(trace: GradTrace | ChainGrad, out: TextIO) -> None:
    for piece in iter_grad_json(trace):
        out.write(piece)

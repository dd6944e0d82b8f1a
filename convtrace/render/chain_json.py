"""A chain's trace as one JSON document: ``"output"`` the last layer's, ``"layers"`` each one's.

A convolution layer's entry is the single-convolution document (:mod:`.json_doc`) without its
schema key; the other layers give their hyperparameters, input, output and cells in the same
spirit (a pooling cell has its window, an average its sum and divisor, a maximum its place).
Exact fractions are written as text, ``"5/3"``, which task files read back.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, TextIO

from ..engine.activation import ActivationTrace
from ..engine.chain import ChainTrace
from ..engine.pool import PoolTrace
from ..engine.trace import Trace
from ..engine.transpose import TransposeTrace
from ..layers import layer_type
from .json_doc import SCHEMA_VERSION, fraction_text, numbers, to_dict


def _flat(matrix: Any, one_d: bool) -> Any:
    return matrix[0] if one_d else matrix


def _volume(values, names, one_d: bool) -> dict[str, Any]:
    c, h, w = values.shape
    return {
        "channels": list(names),
        "shape": [c, w] if one_d else [c, h, w],
        "values": [_flat(m, one_d) for m in numbers(values)],
    }


def _pair(pair, one_d: bool):
    return pair[1] if one_d else list(pair)


def pool_dict(trace: PoolTrace) -> dict[str, Any]:
    layer, one_d = trace.layer, trace.layer.one_d
    doc: dict[str, Any] = {
        "size": _pair(layer.size, one_d),
        "stride": _pair(layer.stride, one_d),
        "padding": _pair(layer.padding, one_d),
        "ceil_mode": layer.ceil_mode,
    }
    if layer.kind == "maxpool":
        doc["dilation"] = _pair(layer.dilation, one_d)
    else:
        doc["count_include_pad"] = layer.count_include_pad
    cells = []
    for row in trace.rows():
        windows = numbers(row.windows)
        for m, j in enumerate(row.cols):
            cell: dict[str, Any] = {
                "channel": row.channel,
                "row": row.row,
                "col": j,
                "window_origin": [row.top, row.lefts[m]],
                "window": _flat(windows[m], one_d),
            }
            if row.at is not None:
                fw = row.windows.shape[2]
                cell["max_at"] = [int(row.at[m]) // fw, int(row.at[m]) % fw]
            else:
                cell["sum"] = numbers(
                    row.sums[m].item() if hasattr(row.sums[m], "item") else row.sums[m]
                )
                cell["divisor"] = int(row.divisors[m])
            cell["value"] = numbers(
                row.values[m].item() if hasattr(row.values[m], "item") else row.values[m]
            )
            cells.append(cell)
    doc["cells"] = cells
    return doc


def transpose_dict(trace: TransposeTrace) -> dict[str, Any]:
    layer, one_d = trace.layer, trace.layer.one_d
    names = trace.channel_names
    return {
        "filters": [
            {
                "name": f.name,
                "bias": numbers(f.bias),
                "channels": [names[c] for c in layer.channels_of(k, len(names))],
                "weights": [_flat(m, one_d) for m in numbers(f.weights)],
            }
            for k, f in enumerate(layer.filters)
        ],
        "stride": _pair(layer.stride, one_d),
        "padding": _pair(layer.padding, one_d),
        "output_padding": _pair(layer.output_padding, one_d),
        "dilation": _pair(layer.dilation, one_d),
        "groups": layer.groups,
        "direct": {k: v for k, v in to_dict(trace.direct).items() if k not in ("schema", "output")},
    }


def layer_dict(index: int, trace) -> dict[str, Any]:
    """One layer's entry of ``"layers"``."""
    if isinstance(trace, Trace):
        doc = {k: v for k, v in to_dict(trace).items() if k != "schema"}
        return {"layer": index, "type": "conv", **doc}
    one_d = trace.layer.one_d
    doc: dict[str, Any] = {"layer": index, "type": layer_type(trace.layer)}
    doc["input"] = _volume(trace.x, trace.channel_names, one_d)
    if isinstance(trace, PoolTrace):
        doc.update(pool_dict(trace))
    elif isinstance(trace, ActivationTrace):
        if trace.layer.kind == "leaky_relu":
            doc["slope"] = numbers(trace.layer.slope)
        doc["changed"] = int(trace.changed.sum())
    elif isinstance(trace, TransposeTrace):
        doc.update(transpose_dict(trace))
    doc["output"] = [_flat(m, one_d) for m in numbers(trace.output)]
    return doc


def iter_chain_json(trace: ChainTrace) -> Iterator[str]:
    """The document in pieces: the header keys, then one layer per line."""
    chain = trace.chain
    head: dict[str, Any] = {"schema": SCHEMA_VERSION}
    if chain.title:
        head["title"] = chain.title
    head["input"] = _volume(chain.x, chain.channel_names, chain.one_d)
    head["exact"] = chain.exact
    head["output"] = [_flat(m, chain.one_d) for m in numbers(trace.output)]
    yield "{\n"
    for key, value in head.items():
        text = json.dumps(value, ensure_ascii=False, default=fraction_text)
        yield f"  {json.dumps(key)}: {text},\n"
    yield '  "layers": [\n'
    for n, layer in enumerate(trace.layers, start=1):
        text = json.dumps(layer_dict(n, layer), ensure_ascii=False, default=fraction_text)
        yield f"    {text}{',' if n < len(trace.layers) else ''}\n"
    yield "  ]\n}\n"


def write_chain_json(trace: ChainTrace, out: TextIO) -> None:
    for piece in iter_chain_json(trace):
        out.write(piece)

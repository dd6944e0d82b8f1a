"""Hypothesis strategies for chains: pooling and transposed-convolution layers over every option,
as task documents, with the arguments the reference loops and PyTorch take."""

from __future__ import annotations

from hypothesis import assume
from hypothesis import strategies as st

from convtrace.engine.chain import run_chain
from convtrace.errors import InputError
from convtrace.loaders import model_from_data
from tests.strategies import matrices

small = st.integers(-5, 5)
tenths = st.integers(-50, 50).map(lambda n: n / 10)


def chain_of(doc: dict, **options):
    """The traced chain of a task document (through the loaders, so every check runs)."""
    return run_chain(model_from_data(doc, exact=options.pop("exact", False)), **options)


@st.composite
def volumes(draw, values=small, channels=(1, 2), rows=(1, 7), cols=(1, 7)):
    c = draw(st.integers(*channels))
    h, w = draw(st.integers(*rows)), draw(st.integers(*cols))
    return [draw(matrices(h, w, values)) for _ in range(c)]


@st.composite
def pools(draw, kind: str | None = None, values=small):
    """A pooling layer that PyTorch accepts, on a random input: (document, spec)."""
    kind = kind or draw(st.sampled_from(["maxpool", "avgpool"]))
    x = draw(volumes(values))
    size = [draw(st.integers(1, 4)), draw(st.integers(1, 4))]
    stride = [draw(st.integers(1, 3)), draw(st.integers(1, 3))]
    padding = [draw(st.integers(0, size[0] // 2)), draw(st.integers(0, size[1] // 2))]
    layer = {"type": kind, "size": size, "stride": stride, "padding": padding}
    dilation = [1, 1]
    if kind == "maxpool":
        dilation = [draw(st.integers(1, 2)), draw(st.integers(1, 2))]
        layer["dilation"] = dilation
    layer["ceil_mode"] = draw(st.booleans())
    if kind == "avgpool":
        layer["count_include_pad"] = draw(st.booleans())
    doc = {"input": x, "layers": [layer]}
    try:
        model_from_data(doc)
    except InputError:
        assume(False)  # a window larger than its padded input, or one that reads padding only
    return doc, {
        "x": x,
        "size": tuple(size),
        "stride": tuple(stride),
        "padding": tuple(padding),
        "dilation": tuple(dilation),
        "ceil_mode": layer["ceil_mode"],
        "count_include_pad": layer.get("count_include_pad", True),
    }


@st.composite
def transposes(draw, values=small):
    """A transposed convolution PyTorch accepts: (document, spec with weights[k][c])."""
    groups = draw(st.sampled_from([1, 1, 2]))
    c = groups * draw(st.integers(1, 2 if groups == 1 else 1))
    k = groups * draw(st.integers(1, 2))
    x = draw(volumes(values, channels=(c, c), rows=(1, 4), cols=(1, 4)))
    fh, fw = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    weights = [[draw(matrices(fh, fw, small)) for _ in range(c // groups)] for _ in range(k)]
    biases = [draw(small) for _ in range(k)]
    stride = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    dilation = (draw(st.integers(1, 2)), draw(st.integers(1, 2)))
    padding = (draw(st.integers(0, 2)), draw(st.integers(0, 2)))
    output_padding = tuple(
        draw(st.integers(0, max(s, d) - 1)) for s, d in zip(stride, dilation, strict=True)
    )
    layer = {
        "type": "conv_transpose",
        "filters": [{"weights": w, "bias": b} for w, b in zip(weights, biases, strict=True)],
        "stride": list(stride),
        "padding": list(padding),
        "output_padding": list(output_padding),
        "dilation": list(dilation),
        "groups": groups,
    }
    doc = {"input": x, "layers": [layer]}
    try:
        model_from_data(doc)
    except InputError:
        assume(False)  # an output of no rows: too much padding
    spec = {
        "x": x,
        "weights": weights,
        "biases": biases,
        "stride": stride,
        "padding": padding,
        "output_padding": output_padding,
        "dilation": dilation,
        "groups": groups,
    }
    return doc, spec

"""Hypothesis strategies for convolution tasks, kept in one place."""

from __future__ import annotations

from hypothesis import strategies as st

small_ints = st.integers(min_value=-9, max_value=9)
decimals = st.decimals(min_value=-5, max_value=5, places=2, allow_nan=False).map(float)


def matrices(rows: int, cols: int, values=small_ints):
    return st.lists(st.lists(values, min_size=cols, max_size=cols), min_size=rows, max_size=rows)


@st.composite
def tasks(draw, *, values=small_ints, options: bool = True):
    """A random valid task as keyword arguments of :func:`convtrace.trace` plus a reference view.

    With ``options`` every hyperparameter varies: per-axis stride, four-sided padding, padding
    modes, dilation, groups and flipping.
    """
    groups = draw(st.sampled_from([1, 1, 2, 3])) if options else 1
    per_group = draw(st.integers(1, 2))
    channels = groups * per_group
    filters = groups * draw(st.integers(1, 2))
    fh = draw(st.integers(1, 3))
    fw = draw(st.integers(1, 3)) if options else fh
    dh, dw = (draw(st.integers(1, 2)), draw(st.integers(1, 2))) if options else (1, 1)
    if options:
        sh, sw = draw(st.integers(1, 3)), draw(st.integers(1, 3))
        pads = tuple(draw(st.integers(0, 2)) for _ in range(4))
        mode = draw(st.sampled_from(["zeros", "reflect", "replicate", "circular"]))
        flip = draw(st.booleans())
    else:
        sh = sw = draw(st.integers(1, 3))
        p = draw(st.integers(0, 2))
        pads, mode, flip = (p, p, p, p), "zeros", False
    min_h = max(dh * (fh - 1) + 1 - pads[0] - pads[1], 1, max(pads[:2]) + 1)
    min_w = max(dw * (fw - 1) + 1 - pads[2] - pads[3], 1, max(pads[2:]) + 1)
    h = draw(st.integers(min_h, min_h + 5))
    w = draw(st.integers(min_w, min_w + 5))
    x = [draw(matrices(h, w, values)) for _ in range(channels)]
    weights = [[draw(matrices(fh, fw, values)) for _ in range(per_group)] for _ in range(filters)]
    biases = [draw(values) for _ in range(filters)]
    return {
        "x": x,
        "weights": weights,
        "biases": biases,
        "stride": (sh, sw),
        "padding": pads,
        "padding_mode": mode,
        "dilation": (dh, dw),
        "groups": groups,
        "flip": flip,
    }


# --- one strategy per option group (issue 3: the torch proofs) -------------------------------

MODES = ("zeros", "reflect", "replicate", "circular")


def _fixed(draw, value, choices):
    """``value`` when the test fixes it, else a draw from ``choices``."""
    return draw(st.sampled_from(choices)) if value is None else value


def tf_same_padding(size: int, kernel: int, stride: int, dilation: int) -> tuple[int, int]:
    """TensorFlow's "same" padding, written from its documentation (not from convtrace):
    out = ceil(in / stride); pad_total = max((out − 1)·stride + effective_kernel − in, 0);
    pad_before = pad_total // 2, the rest after."""
    out = -(-size // stride)
    effective = (kernel - 1) * dilation + 1
    total = max((out - 1) * stride + effective - size, 0)
    return total // 2, total - total // 2


def _min_size(span: int, before: int, after: int, mode: str) -> int:
    """The smallest input size along an axis for which this padding and kernel are valid."""
    least = max(span - before - after, 1)
    if mode == "reflect":  # PyTorch: reflect padding < input size
        least = max(least, before + 1, after + 1)
    elif mode == "circular":  # PyTorch: circular padding ≤ input size (wraps at most once)
        least = max(least, before, after)
    return least


@st.composite
def option_tasks(
    draw,
    *,
    values=small_ints,
    mode: str | None = None,
    strided: bool | None = None,
    asymmetric: bool | None = None,
    dilated: bool | None = None,
    grouped: bool | None = None,
    flip: bool | None = None,
    one_d: bool = False,
    same: bool = False,
):
    """A random valid task with each option group forced on, off, or (``None``) drawn.

    Returns the same dict as :func:`tasks` plus ``one_d`` (then ``x`` is C × L and weights
    K × Cg × F) and ``padding`` set to ``"same"`` when ``same``. Sizes go down to the edge of what
    PyTorch accepts (reflect padding of input size − 1, circular padding of the whole input,
    replicate padding larger than the input).
    """
    mode = _fixed(draw, mode, MODES)
    groups = draw(st.sampled_from([2, 3])) if _fixed(draw, grouped, [False, True]) else 1
    per_group = draw(st.integers(1, 2))
    filters = groups * draw(st.integers(1, 2))
    fh = 1 if one_d else draw(st.integers(1, 4))
    fw = draw(st.integers(1, 4))
    if _fixed(draw, dilated, [False, True]):
        dh = 1 if one_d else draw(st.integers(1, 3))
        dw = draw(st.integers(1, 3))
        if not ((dh > 1 and fh > 1) or (dw > 1 and fw > 1)):  # the dilation must show
            fw, dw = max(fw, 2), max(dw, 2)
    else:
        dh = dw = 1
    if _fixed(draw, strided, [False, True]):
        sh = 1 if one_d else draw(st.integers(1, 3))
        sw = draw(st.integers(1, 3))
        if (sh, sw) == (1, 1):
            sw = 2
    else:
        sh = sw = 1
    if same:
        pads = None
    elif _fixed(draw, asymmetric, [False, True]):
        top, bottom, left, right = (draw(st.integers(0, 3)) for _ in range(4))
        if one_d:
            top = bottom = 0
        if top == bottom and left == right:
            right += 1
        pads = (top, bottom, left, right)
    else:
        p = draw(st.integers(0, 2))
        pads = (0, 0, p, p) if one_d else (p, p, p, p)
    flipped = _fixed(draw, flip, [False, True])

    span_h, span_w = dh * (fh - 1) + 1, dw * (fw - 1) + 1
    if same:
        # the TF rule pads at most span − 1 in total; grow the input until the mode accepts it
        h = 1 if one_d else draw(st.integers(1, 6))
        w = draw(st.integers(1, 8))
        while not one_d and h < _min_size(1, *tf_same_padding(h, fh, sh, dh), mode):
            h += 1
        while w < _min_size(1, *tf_same_padding(w, fw, sw, dw), mode):
            w += 1
    else:
        h = 1 if one_d else draw(st.integers(0, 4)) + _min_size(span_h, pads[0], pads[1], mode)
        w = draw(st.integers(0, 5)) + _min_size(span_w, pads[2], pads[3], mode)
    x = [draw(matrices(h, w, values)) for _ in range(groups * per_group)]
    weights = [[draw(matrices(fh, fw, values)) for _ in range(per_group)] for _ in range(filters)]
    biases = [draw(values) for _ in range(filters)]
    if one_d:
        x = [row[0] for row in x]
        weights = [[kernel[0] for kernel in kernels] for kernels in weights]
    return {
        "x": x,
        "weights": weights,
        "biases": biases,
        "stride": (sh, sw),
        "padding": "same" if same else pads,
        "padding_mode": mode,
        "dilation": (dh, dw),
        "groups": groups,
        "flip": flipped,
        "one_d": one_d,
    }


def trace_of(spec):
    """The engine's trace of a task drawn by :func:`tasks`, through the public API."""
    import convtrace

    return convtrace.trace(
        spec["x"],
        [{"weights": w, "bias": b} for w, b in zip(spec["weights"], spec["biases"], strict=True)],
        stride=list(spec["stride"]),
        padding=list(spec["padding"]),
        padding_mode=spec["padding_mode"],
        dilation=list(spec["dilation"]),
        groups=spec["groups"],
        flip=spec["flip"],
    )

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

"""An independent reference: the convolution as plain Python loops, written from the definitions.

It shares no code with the engine (no numpy padding, no sliding windows): padding modes are
index arithmetic, the window is read tap by tap. Slow, obvious, and the yardstick for every test.
"""

from __future__ import annotations


def _source(index: int, size: int, mode: str) -> int | None:
    """The input index a padded position copies, or None for a zero (PyTorch's meaning)."""
    if 0 <= index < size:
        return index
    if mode == "zeros":
        return None
    if mode == "replicate":
        return min(max(index, 0), size - 1)
    if mode == "circular":
        return index % size
    if mode == "reflect":
        period = 2 * (size - 1)
        if period == 0:
            return 0
        index = index % period
        return index if index < size else period - index
    raise ValueError(mode)


def conv2d(
    x,  # C × H × W nested lists
    weights,  # K × (C/groups) × Fh × Fw nested lists
    biases,  # K
    *,
    stride=(1, 1),
    padding=(0, 0, 0, 0),  # top, bottom, left, right
    padding_mode="zeros",
    dilation=(1, 1),
    groups=1,
    flip=False,
):
    c_in, h, w = len(x), len(x[0]), len(x[0][0])
    k_out = len(weights)
    fh, fw = len(weights[0][0]), len(weights[0][0][0])
    top, bottom, left, right = padding
    sh, sw = stride
    dh, dw = dilation
    hp, wp = h + top + bottom, w + left + right
    h_out = (hp - dh * (fh - 1) - 1) // sh + 1
    w_out = (wp - dw * (fw - 1) - 1) // sw + 1
    per_group = c_in // groups
    filters_per_group = k_out // groups
    out = []
    for k in range(k_out):
        g = k // filters_per_group
        plane = []
        for i in range(h_out):
            row = []
            for j in range(w_out):
                total = biases[k]
                for c in range(per_group):
                    channel = g * per_group + c
                    for a in range(fh):
                        for b in range(fw):
                            weight = (
                                weights[k][c][fh - 1 - a][fw - 1 - b]
                                if flip
                                else weights[k][c][a][b]
                            )
                            r = _source(i * sh + a * dh - top, h, padding_mode)
                            q = _source(j * sw + b * dw - left, w, padding_mode)
                            if r is None or q is None:
                                continue
                            total += x[channel][r][q] * weight
                row.append(total)
            plane.append(row)
        out.append(plane)
    return out


def reference_of(spec):
    """The reference output for a task drawn by ``tests.strategies.tasks()``."""
    return conv2d(
        spec["x"],
        spec["weights"],
        spec["biases"],
        stride=spec["stride"],
        padding=spec["padding"],
        padding_mode=spec["padding_mode"],
        dilation=spec["dilation"],
        groups=spec["groups"],
        flip=spec["flip"],
    )

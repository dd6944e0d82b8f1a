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


# --- layers beyond one convolution: pooling, activations, transposed convolution ---------------
#
# Written from PyTorch's documentation (max_pool2d, avg_pool2d, relu, leaky_relu,
# conv_transpose2d), one output value at a time, sharing nothing with the engines.


def _pool_out(size, kernel, stride, pad, dilation, ceil):
    span = dilation * (kernel - 1) + 1
    top = size + 2 * pad - span
    out = (-(-top // stride) if ceil else top // stride) + 1
    if ceil and (out - 1) * stride >= size + pad:
        out -= 1
    return out


def max_pool2d(x, size, stride, padding=(0, 0), dilation=(1, 1), ceil_mode=False):
    """C × H × W nested lists → the max over each window (padding never wins)."""
    (kh, kw), (sh, sw), (ph, pw), (dh, dw) = size, stride, padding, dilation
    h, w = len(x[0]), len(x[0][0])
    h_out = _pool_out(h, kh, sh, ph, dh, ceil_mode)
    w_out = _pool_out(w, kw, sw, pw, dw, ceil_mode)
    out = []
    for channel in x:
        plane = []
        for i in range(h_out):
            row = []
            for j in range(w_out):
                best = None
                for a in range(kh):
                    for b in range(kw):
                        r, q = i * sh - ph + a * dh, j * sw - pw + b * dw
                        if 0 <= r < h and 0 <= q < w and (best is None or channel[r][q] > best):
                            best = channel[r][q]
                row.append(best)
            plane.append(row)
        out.append(plane)
    return out


def avg_pool2d(x, size, stride, padding=(0, 0), ceil_mode=False, count_include_pad=True):
    """C × H × W nested lists → each window's sum over PyTorch's divisor (as a Fraction when
    the values are whole numbers or fractions, so that nothing is rounded)."""
    from fractions import Fraction

    (kh, kw), (sh, sw), (ph, pw) = size, stride, padding
    h, w = len(x[0]), len(x[0][0])
    h_out = _pool_out(h, kh, sh, ph, 1, ceil_mode)
    w_out = _pool_out(w, kw, sw, pw, 1, ceil_mode)
    out = []
    for channel in x:
        plane = []
        for i in range(h_out):
            row = []
            for j in range(w_out):
                r0, q0 = i * sh - ph, j * sw - pw
                r1, q1 = min(r0 + kh, h + ph), min(q0 + kw, w + pw)
                divisor = (r1 - r0) * (q1 - q0)
                r0, q0, r1, q1 = max(r0, 0), max(q0, 0), min(r1, h), min(q1, w)
                if not count_include_pad:
                    divisor = (r1 - r0) * (q1 - q0)
                total = sum(channel[r][q] for r in range(r0, r1) for q in range(q0, q1))
                exact = isinstance(total, int | Fraction)
                row.append(Fraction(total) / divisor if exact else total / divisor)
            plane.append(row)
        out.append(plane)
    return out


def leaky_relu(x, slope):
    """Every value: itself when not negative, ``slope`` times it otherwise (relu: slope 0)."""
    return [[[v if v >= 0 else slope * v for v in row] for row in plane] for plane in x]


def conv_transpose2d(
    x,
    weights,
    biases,
    *,
    stride=(1, 1),
    padding=(0, 0),
    output_padding=(0, 0),
    dilation=(1, 1),
    groups=1,
):
    """The transposed convolution as a scatter: each input value times its kernels, added at
    (i·s − P + a·d, j·s − P + b·d). ``weights[k][c]`` is filter k's kernel for the c-th input
    channel of its group."""
    c_in, h, w = len(x), len(x[0]), len(x[0][0])
    per_group, per_filters = c_in // groups, len(weights) // groups
    fh, fw = len(weights[0][0]), len(weights[0][0][0])
    (sh, sw), (ph, pw), (oh, ow), (dh, dw) = stride, padding, output_padding, dilation
    h_out = (h - 1) * sh - 2 * ph + dh * (fh - 1) + oh + 1
    w_out = (w - 1) * sw - 2 * pw + dw * (fw - 1) + ow + 1
    out = [[[biases[k]] * w_out for _ in range(h_out)] for k in range(len(weights))]
    for k, kernels in enumerate(weights):
        first = (k // per_filters) * per_group
        for c in range(per_group):
            for i in range(h):
                for j in range(w):
                    for a in range(fh):
                        for b in range(fw):
                            r, q = i * sh - ph + a * dh, j * sw - pw + b * dw
                            if 0 <= r < h_out and 0 <= q < w_out:
                                out[k][r][q] += x[first + c][i][j] * kernels[c][a][b]
    return out


# --- the backward pass of a convolution ----------------------------------------------------------
#
# Written from the chain rule, one output cell and one tap at a time: each output cell's upstream
# value G adds G·x to the weight it used and G·w to the input value it read (through whatever
# input cell the padding copied), and G to its bias.


def conv2d_grad(
    x,
    weights,
    upstream,  # K × H₂ × W₂ nested lists
    *,
    stride=(1, 1),
    padding=(0, 0, 0, 0),
    padding_mode="zeros",
    dilation=(1, 1),
    groups=1,
    flip=False,
):
    """(grad_input C × H × W, grad_weights K × Cg × Fh × Fw, grad_bias K) as nested lists."""
    c_in, h, w = len(x), len(x[0]), len(x[0][0])
    k_out = len(weights)
    cg, fh, fw = len(weights[0]), len(weights[0][0]), len(weights[0][0][0])
    top, _, left, _ = padding
    (sh, sw), (dh, dw) = stride, dilation
    grad_x = [[[0] * w for _ in range(h)] for _ in range(c_in)]
    grad_w = [[[[0] * fw for _ in range(fh)] for _ in range(cg)] for _ in range(k_out)]
    grad_b = [0] * k_out
    per_filters = k_out // groups
    for k in range(k_out):
        g = k // per_filters
        for i, row in enumerate(upstream[k]):
            for j, value in enumerate(row):
                grad_b[k] += value
                for c in range(cg):
                    channel = g * cg + c
                    for a in range(fh):
                        for b in range(fw):
                            ka, kb = (fh - 1 - a, fw - 1 - b) if flip else (a, b)
                            r = _source(i * sh + a * dh - top, h, padding_mode)
                            q = _source(j * sw + b * dw - left, w, padding_mode)
                            if r is None or q is None:
                                continue
                            grad_w[k][c][ka][kb] += value * x[channel][r][q]
                            grad_x[channel][r][q] += value * weights[k][c][ka][kb]
    return grad_x, grad_w, grad_b

"""The plain numpy snippet of ``convtrace code``: helpers written out, then the layers.

It works on channels × rows × cols arrays (a 1-D signal is one row), so every helper is 2-D;
the helpers are the textbook definitions (windows by ``sliding_window_view``, PyTorch's pooling
divisors, the scatter of a transposed convolution), independent of convtrace's engines.
"""

from __future__ import annotations

import numpy as np

from .code import NUMPY_PAD, literal
from .layers import Activation, Chain, Conv, Pool, Transpose, layer_type
from .task import Task

WINDOWS = '''
def windows(x, size, stride, dilation):
    """C × H × W → C × H2 × W2 × Fh × Fw: the window of every output position."""
    (fh, fw), (sh, sw), (dh, dw) = size, stride, dilation
    span = (dh * (fh - 1) + 1, dw * (fw - 1) + 1)
    return sliding_window_view(x, span, axis=(1, 2))[:, ::sh, ::sw, ::dh, ::dw]
'''

CONV = '''
def conv2d(x, w, b, stride, padding, mode, dilation, groups):
    """PyTorch's conv2d after padding (top, bottom, left, right) in numpy's pad mode."""
    top, bottom, left, right = padding
    fill = {"constant_values": x.flat[0] * 0} if mode == "constant" else {}
    x = np.pad(x, ((0, 0), (top, bottom), (left, right)), mode=mode, **fill)
    win = windows(x, w.shape[2:], stride, dilation)
    k, per_group = w.shape[:2]
    out = []
    for f in range(k):
        first = f // (k // groups) * per_group
        part = win[first : first + per_group]
        out.append(np.einsum("chwij,cij->hw", part, w[f]) + b[f])
    return np.array(out)
'''

POOL = '''
def pool_size(n, k, s, p, d, ceil_mode):
    """PyTorch's output size of a pooling axis (a last window starting in the padding goes)."""
    top = n + 2 * p - d * (k - 1) - 1
    out = (-(-top // s) if ceil_mode else top // s) + 1
    return out - 1 if ceil_mode and (out - 1) * s >= n + p else out


def pool_windows(x, size, stride, padding, dilation, ceil_mode, fill):
    c, h, w = x.shape
    outs, sizes = [], []
    for n, k, s, p, d in zip((h, w), size, stride, padding, dilation):
        out = pool_size(n, k, s, p, d, ceil_mode)
        outs.append(out)
        sizes.append(max(n + 2 * p, (out - 1) * s + d * (k - 1) + 1))
    padded = np.full((c, *sizes), fill, dtype=x.dtype if x.dtype == object else float)
    padded[:, padding[0] : padding[0] + h, padding[1] : padding[1] + w] = x
    return windows(padded, size, stride, dilation)[:, : outs[0], : outs[1]]
'''

MAX_POOL = """
def max_pool2d(x, size, stride, padding, dilation, ceil_mode):
    return pool_windows(x, size, stride, padding, dilation, ceil_mode, -np.inf).max(axis=(3, 4))
"""

AVG_POOL = """
def avg_pool2d(x, size, stride, padding, ceil_mode, count_include_pad):
    win = pool_windows(x, size, stride, padding, (1, 1), ceil_mode, x.flat[0] * 0)
    counts = []
    for n, k, s, p, out in zip(x.shape[1:], size, stride, padding, win.shape[1:3]):
        start = np.arange(out) * s
        end = np.minimum(start + k, n + 2 * p)  # past the padded input is never counted
        if not count_include_pad:
            start, end = np.maximum(start, p), np.minimum(end, n + p)
        counts.append(end - start)
    return win.sum(axis=(3, 4)) / np.outer(*counts)
"""

TRANSPOSE = '''
def conv_transpose2d(x, w, b, stride, padding, output_padding, dilation, groups):
    """The scatter: each input value times its filters' kernels, added at (i·s − P, j·s − P).
    w is K × C/groups × Fh × Fw: filter k's kernel for each input channel of its group."""
    c, h, wd = x.shape
    k, per_group, fh, fw = w.shape
    (sh, sw), (ph, pw), (oh, ow), (dh, dw) = stride, padding, output_padding, dilation
    out_h = (h - 1) * sh - 2 * ph + dh * (fh - 1) + oh + 1
    out_w = (wd - 1) * sw - 2 * pw + dw * (fw - 1) + ow + 1
    size = (max(ph + out_h, (h - 1) * sh + dh * (fh - 1) + 1),
            max(pw + out_w, (wd - 1) * sw + dw * (fw - 1) + 1))
    full = np.zeros((k, *size), dtype=object if x.dtype == object else float) + x.flat[0] * 0
    for f in range(k):
        first = f // (k // groups) * per_group
        for cc in range(per_group):
            for i in range(h):
                for j in range(wd):
                    rows = slice(i * sh, i * sh + dh * (fh - 1) + 1, dh)
                    cols = slice(j * sw, j * sw + dw * (fw - 1) + 1, dw)
                    full[f, rows, cols] = full[f, rows, cols] + x[first + cc, i, j] * w[f, cc]
    return full[:, ph : ph + out_h, pw : pw + out_w] + np.asarray(b)[:, None, None]
'''


def _array(values: np.ndarray, exact: bool) -> str:
    text = literal(values.tolist(), exact)
    return f"np.array({text}, dtype=object)" if exact else f"np.array({text})"


def _pair(pair) -> str:
    return f"({pair[0]}, {pair[1]})"


def _conv(task: Task, n: int, exact: bool) -> list[str]:
    weights = task.weights[:, :, ::-1, ::-1] if task.flip else task.weights
    mode = NUMPY_PAD[task.padding_mode]
    return [
        f"w{n} = {_array(np.ascontiguousarray(weights), exact)}"
        + ("  # rotated 180° (flip)" if task.flip else ""),
        f"b{n} = {_array(task.biases, exact)}",
        f"x = conv2d(x, w{n}, b{n}, {_pair(task.stride)}, {tuple(task.padding)}, {mode!r}, "
        f"{_pair(task.dilation)}, {task.groups})",
    ]


def _line(layer, n: int, exact: bool) -> list[str]:
    if isinstance(layer, Conv):
        return _conv(layer.task, n, exact)
    if isinstance(layer, Activation):
        if layer.kind == "relu":
            return ["x = np.where(x < 0, x * 0, x)"]
        return [f"x = np.where(x < 0, {literal(layer.slope, exact)} * x, x)"]
    if isinstance(layer, Pool):
        common = f"{_pair(layer.size)}, {_pair(layer.stride)}, {_pair(layer.padding)}"
        if layer.kind == "maxpool":
            return [f"x = max_pool2d(x, {common}, {_pair(layer.dilation)}, {layer.ceil_mode})"]
        return [f"x = avg_pool2d(x, {common}, {layer.ceil_mode}, {layer.count_include_pad})"]
    biases = np.array([f.bias for f in layer.filters], dtype=layer.weights.dtype)
    return [
        f"w{n} = {_array(layer.weights, exact)}  # K × C/groups × F × F (the task's filters)",
        f"b{n} = {_array(biases, exact)}",
        f"x = conv_transpose2d(x, w{n}, b{n}, {_pair(layer.stride)}, {_pair(layer.padding)}, "
        f"{_pair(layer.output_padding)}, {_pair(layer.dilation)}, {layer.groups})",
    ]


def _helpers(layers) -> list[str]:
    kinds = {type(layer) for layer in layers}
    pools = {layer.kind for layer in layers if isinstance(layer, Pool)}
    parts = []
    if Conv in kinds or pools:
        parts.append(WINDOWS)
    if Conv in kinds:
        parts.append(CONV)
    if pools:
        parts.append(POOL)
    if "maxpool" in pools:
        parts.append(MAX_POOL)
    if "avgpool" in pools:
        parts.append(AVG_POOL)
    if Transpose in kinds:
        parts.append(TRANSPOSE)
    return parts


def numpy_code(model: Task | Chain) -> str:
    """A plain numpy snippet computing ``model``; ``out`` is the result."""
    if isinstance(model, Chain):
        x, layers, one_d, exact = model.x, model.layers, model.one_d, model.exact
    else:
        x, layers, one_d, exact = model.x, (Conv(model),), model.one_d, model.is_exact
    lines = ["import numpy as np", "from numpy.lib.stride_tricks import sliding_window_view"]
    if exact:
        lines.append("from fractions import Fraction as F")
    lines += ["\n" + part.strip("\n") for part in _helpers(layers)]
    lines += ["", "", f"x = {_array(x, exact)}  # channels × rows × cols"]
    for n, layer in enumerate(layers, start=1):
        lines.append(f"# layer {n}: {layer_type(layer)}")
        lines += _line(layer, n, exact)
    lines += ["out = x[:, 0]  # channels × length" if one_d else "out = x", "print(out)"]
    return "\n".join(lines) + "\n"

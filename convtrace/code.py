"""``convtrace code``: the same layers as a PyTorch snippet and as plain numpy, ready to paste.

Both snippets hold the task's own numbers and settings and leave the result in ``out``
(channels × rows × cols; channels × length for a 1-D signal). The numpy one needs nothing but
numpy: its helpers (padding modes, strided and dilated windows, pooling divisors, the scatter of
a transposed convolution) are written out in it, only those the layers use. With ``--exact`` it
computes with fractions, as the trace does; PyTorch computes in float64.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from .layers import Activation, Chain, Conv, Pool, Transpose, layer_type
from .task import Task

TORCH_PAD = {"zeros": "constant", "reflect": "reflect", "replicate": "replicate",
             "circular": "circular"}  # fmt: skip
NUMPY_PAD = {"zeros": "constant", "reflect": "reflect", "replicate": "edge", "circular": "wrap"}


def literal(values, exact: bool = False) -> str:
    """Nested lists of numbers as Python source: ints, floats, fractions (``1/9``, or
    ``F(1, 9)`` where the snippet computes exactly)."""
    if isinstance(values, list | tuple):
        return "[" + ", ".join(literal(v, exact) for v in values) + "]"
    if isinstance(values, Fraction):
        if values.denominator == 1:
            return str(values.numerator)
        if exact:
            return f"F({values.numerator}, {values.denominator})"
        return f"{values.numerator}/{values.denominator}"
    if isinstance(values, float):
        return repr(values)
    return str(values)


def _array(values: np.ndarray, exact: bool) -> str:
    return literal(values.tolist(), exact)


def _layers(model: Task | Chain) -> tuple[np.ndarray, tuple, bool, bool]:
    """(input, layers, one_d, exact) of a task (one conv layer) or a chain."""
    if isinstance(model, Chain):
        return model.x, model.layers, model.one_d, model.exact
    return model.x, (Conv(model),), model.one_d, model.is_exact


# --- PyTorch ---------------------------------------------------------------------------------


def _torch_conv(task: Task, n: int, one_d: bool) -> list[str]:
    top, bottom, left, right = task.padding
    pads = (left, right) if one_d else (left, right, top, bottom)
    weights = task.weights[:, :, 0] if one_d else task.weights
    lines = [
        f"w{n} = torch.tensor({_array(weights, False)}, dtype=torch.float64)",
        f"b{n} = torch.tensor({_array(task.biases, False)}, dtype=torch.float64)",
    ]
    if task.flip:
        lines.append(f"w{n} = torch.flip(w{n}, dims={(-1,) if one_d else (-2, -1)})")
    stride = task.stride[1] if one_d else task.stride
    dilation = task.dilation[1] if one_d else task.dilation
    if any(pads):
        lines.append(f"x = F.pad(x, {pads}, mode={TORCH_PAD[task.padding_mode]!r})")
    conv = "conv1d" if one_d else "conv2d"
    lines.append(f"x = F.{conv}(x, w{n}, b{n}, stride={stride}, dilation={dilation}, "
                 f"groups={task.groups})")  # fmt: skip
    return lines


def _torch_pool(layer: Pool, one_d: bool) -> list[str]:
    def pick(pair):
        return pair[1] if one_d else pair

    name = ("max_pool" if layer.kind == "maxpool" else "avg_pool") + ("1d" if one_d else "2d")
    args = f"kernel_size={pick(layer.size)}, stride={pick(layer.stride)}, "
    args += f"padding={pick(layer.padding)}, "
    if layer.kind == "maxpool":
        args += f"dilation={pick(layer.dilation)}, ceil_mode={layer.ceil_mode}"
    else:
        args += f"ceil_mode={layer.ceil_mode}, count_include_pad={layer.count_include_pad}"
    return [f"x = F.{name}(x, {args})"]


def _transpose_weight(layer: Transpose, channels: int) -> np.ndarray:
    """The filters as PyTorch's weight: C_in × C_out/groups × Fh × Fw."""
    weights = layer.weights
    k_out, per_group = weights.shape[:2]
    per_filters = k_out // layer.groups
    out = np.zeros((channels, per_filters, *weights.shape[2:]), dtype=weights.dtype)
    for k in range(k_out):
        g = k // per_filters
        out[g * per_group : (g + 1) * per_group, k - g * per_filters] = weights[k]
    return out


def _torch_transpose(layer: Transpose, n: int, channels: int, one_d: bool) -> list[str]:
    weight = _transpose_weight(layer, channels)
    weight = weight[:, :, 0] if one_d else weight
    biases = np.array([f.bias for f in layer.filters], dtype=weight.dtype)

    def pick(pair):
        return pair[1] if one_d else pair

    name = "conv_transpose1d" if one_d else "conv_transpose2d"
    return [
        f"w{n} = torch.tensor({_array(weight, False)}, dtype=torch.float64)"
        "  # C_in × C_out/groups × F × F",
        f"b{n} = torch.tensor({_array(biases, False)}, dtype=torch.float64)",
        f"x = F.{name}(x, w{n}, b{n}, stride={pick(layer.stride)}, "
        f"padding={pick(layer.padding)}, output_padding={pick(layer.output_padding)}, "
        f"groups={layer.groups}, dilation={pick(layer.dilation)})",
    ]


def torch_code(model: Task | Chain) -> str:
    """A PyTorch snippet computing ``model``; ``out`` is the result (float64)."""
    x, layers, one_d, _ = _layers(model)
    source = x[:, 0] if one_d else x
    lines = [
        "import torch",
        "import torch.nn.functional as F",
        "",
        f"x = torch.tensor([{_array(source, False)}], dtype=torch.float64)"
        f"  # 1 × channels × {'length' if one_d else 'rows × cols'}",
    ]
    channels = x.shape[0]
    for n, layer in enumerate(layers, start=1):
        lines.append(f"# layer {n}: {layer_type(layer)}")
        if isinstance(layer, Conv):
            lines += _torch_conv(layer.task, n, one_d)
            channels = len(layer.task.filters)
        elif isinstance(layer, Pool):
            lines += _torch_pool(layer, one_d)
        elif isinstance(layer, Activation):
            lines.append("x = F.relu(x)" if layer.kind == "relu" else
                         f"x = F.leaky_relu(x, {literal(layer.slope)})")  # fmt: skip
        else:
            lines += _torch_transpose(layer, n, channels, one_d)
            channels = len(layer.filters)
    lines += ["out = x[0]", "print(out)"]
    return "\n".join(lines) + "\n"

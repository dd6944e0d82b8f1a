"""The classic slips of a chain's layers, each a modified layer run through the engines.

For the layer checked and every layer before it, :func:`layer_slips` makes the layer as a slip
would compute it (ReLU not applied, the average taken instead of the maximum, the padding or
the ceil mode forgotten, a window of the wrong size …; for a convolution, the slips of
:mod:`.slips`), runs it, then runs the layers after it as they are, up to the layer checked:
a slip's numbers are the engines', like every right cell's.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from ..engine.chain import ChainTrace, run_layer
from ..engine.trace import Trace
from ..errors import InputError
from ..language import _
from ..layers import Activation, Pool, Transpose
from ..numbers import UNICODE, Notation
from .slips import candidate_slips


@dataclass(frozen=True, eq=False)
class LayerSlip:
    """A slip made in layer ``layer``: the checked layer's output it leads to, and its words."""

    kind: str
    layer: int  # 1-based
    output: np.ndarray
    what: str  # "a computation that keeps the negative values"
    hint: str  # the question to ask
    crop: bool = False  # compared at the top-left positions of the right size (stride 1)


def activation_changes(layer: Activation) -> list[tuple[str, Activation, str, str]]:
    if layer.kind == "relu":
        return [
            (
                "relu_skipped",
                Activation("leaky_relu", 1, layer.one_d),
                _("the ReLU not applied (the negative values kept)"),
                _("Did you keep the negative values? ReLU sets them to 0."),
            )
        ]
    return [
        (
            "slope_forgotten",
            Activation("relu", 0, layer.one_d),
            _("a plain ReLU (the negative values set to 0, not multiplied by the slope)"),
            _("Leaky ReLU multiplies a negative value by {slope}; did you set it to 0?").format(
                slope=layer.slope
            ),
        ),
        (
            "relu_skipped",
            Activation("leaky_relu", 1, layer.one_d),
            _("the leaky ReLU not applied (the negative values kept)"),
            _("Did you keep the negative values as they were?"),
        ),
    ]


def pool_changes(layer: Pool) -> list[tuple[str, Pool, str, str]]:
    """A pooling layer as the classic slips compute it."""
    swap = "avgpool" if layer.kind == "maxpool" else "maxpool"
    if swap == "avgpool":
        what = _("the average of each window instead of its maximum")
        hint = _("This layer takes each window's maximum.")
    else:
        what = _("the maximum of each window instead of its average")
        hint = _("This layer takes each window's average.")
    replace = dataclasses.replace
    changes = [(f"{swap}_instead", replace(layer, kind=swap, dilation=(1, 1)), what, hint)]
    if any(layer.padding):
        changes.append(
            (
                "pool_padding_forgotten",
                replace(layer, padding=(0, 0)),
                _("the windows without the padding"),
                _("Did you forget the pooling's padding?"),
            )
        )
    changes.append(
        (
            "ceil_mode",
            replace(layer, ceil_mode=not layer.ceil_mode),
            _("the size formula rounded down")
            if layer.ceil_mode
            else _("the size formula rounded up"),
            _("Ceil mode rounds up; without it the size formula rounds down."),
        )
    )
    if layer.stride != (1, 1):
        changes.append(
            (
                "pool_stride_ignored",
                replace(layer, stride=(1, 1)),
                _(
                    "max over the wrong windows: overlapping ones (stride 1), compared at "
                    "the positions of the right size"
                ),
                _("The windows move {stride} at a time; did you move them by 1?").format(
                    stride=layer.stride[1]
                ),
            )
        )
    return changes + _window_changes(layer)


def _window_changes(layer: Pool) -> list[tuple[str, Pool, str, str]]:
    """Windows of the wrong size; an average's divisor with the padding counted or not."""
    changes = []
    for d in (-1, 1):
        size = tuple(max(1, s + d) if s > 1 or d > 0 else s for s in layer.size)
        if size != layer.size and all(2 * p <= s for p, s in zip(layer.padding, size, strict=True)):
            changes.append(
                (
                    "pool_window_size",
                    dataclasses.replace(layer, size=size),
                    _("max over the wrong window: {size} windows instead of {right}").format(
                        size=f"{size[0]}×{size[1]}", right=f"{layer.size[0]}×{layer.size[1]}"
                    ),
                    _("Check the window's size: the windows must be as large as the layer's size."),
                )
            )
    if layer.kind == "avgpool" and any(layer.padding):
        flip = not layer.count_include_pad
        if flip:
            what = _("a divisor that counts the padding")
            hint = _("count_include_pad is off: divide by the values inside.")
        else:
            what = _("a divisor that leaves out the padding")
            hint = _("count_include_pad is on: the padding counts.")
        changes.append(
            ("count_include_pad", dataclasses.replace(layer, count_include_pad=flip), what, hint)
        )
    return changes


def transpose_changes(layer: Transpose) -> list[tuple[str, Transpose, str, str]]:
    changes = []
    flipped = tuple(
        dataclasses.replace(f, weights=np.ascontiguousarray(f.weights[:, ::-1, ::-1]))
        for f in layer.filters
    )
    changes.append(
        (
            "scatter_kernel_rotated",
            dataclasses.replace(layer, filters=flipped),
            _("each kernel rotated 180° before it is scattered"),
            _("The scatter adds the kernel as it is; only the direct view rotates it."),
        )
    )
    if layer.stride != (1, 1):
        changes.append(
            (
                "scatter_stride_ignored",
                dataclasses.replace(layer, stride=(1, 1), output_padding=(0, 0)),
                _("the kernels added one position apart (stride 1)"),
                _("Each input value's kernel goes s positions further."),
            )
        )
    if any(layer.padding):
        changes.append(
            (
                "padding_not_cropped",
                dataclasses.replace(layer, padding=(0, 0)),
                _("the padding P not cropped from the output"),
                _("Cut P rows and columns off each side of the scattered output."),
            )
        )
    return changes


def _onwards(chain: ChainTrace, start: int, stop: int, x: np.ndarray) -> np.ndarray | None:
    """Layers ``start`` … ``stop`` (1-based) as they are, from ``x``; None if shapes break."""
    names = chain.chain.names_after(start - 2) if start > 1 else chain.chain.channel_names
    try:
        for index in range(start, stop + 1):
            layer = chain.chain.layers[index - 1]
            trace = run_layer(layer, x, names, index, first=False)
            x, names = trace.output, chain.chain.names_after(index - 1)
    except (InputError, ValueError, IndexError):
        return None
    return x


def _own_slips(
    chain: ChainTrace, m: int, n: Notation
) -> Iterator[tuple[str, np.ndarray, str, str]]:
    """Layer ``m``'s own slips: (kind, its output, what, hint)."""
    trace = chain.layers[m - 1]
    layer = chain.chain.layers[m - 1]
    if isinstance(trace, Trace):
        for slip in candidate_slips(trace, n):
            if slip.view == "same" and slip.output.shape == trace.output.shape:
                what, hint = slip.describe(tuple(range(trace.shape[0])))
                yield slip.kind, slip.output, what, hint
        return
    if isinstance(layer, Activation):
        changes = activation_changes(layer)
    elif isinstance(layer, Pool):
        changes = pool_changes(layer)
    else:
        changes = transpose_changes(layer)
    x, names = trace.x, trace.channel_names
    for kind, changed, what, hint in changes:
        try:
            yield kind, run_layer(changed, x, names, m, first=False).output, what, hint
        except (InputError, ValueError, IndexError):
            continue


def layer_slips(chain: ChainTrace, checked: int, notation: Notation = UNICODE) -> list[LayerSlip]:
    """Every slip in layer ``checked`` or before it, as the checked layer's output it gives."""
    found = []
    for m in range(checked, 0, -1):
        for kind, output, what, hint in _own_slips(chain, m, notation):
            if m < checked:
                output = _onwards(chain, m + 1, checked, output)
                if output is None:
                    continue
            crop = kind == "pool_stride_ignored" and m == checked
            found.append(LayerSlip(kind, m, output, what, hint, crop))
    return found

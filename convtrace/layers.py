"""A chain of layers (conv → ReLU → pool …) as frozen plain data, its shapes checked.

A :class:`Chain` holds the input volume and a tuple of layer specs. A convolution keeps the
:class:`~convtrace.task.Task` it always was (from layer 2 on, its input is a placeholder of the
right shape: the previous layer's output takes its place when the chain runs). The other layers
hold their hyperparameters and say, per axis, how big their output is (PyTorch's formulas).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .task import Filter, Task

#: The layer types a chain knows, in the order the README lists them.
LAYER_TYPES = ("conv", "relu", "leaky_relu", "maxpool", "avgpool", "conv_transpose")

#: What each layer type is called in headings.
LAYER_NAMES = {
    "conv": "convolution",
    "relu": "ReLU",
    "leaky_relu": "leaky ReLU",
    "maxpool": "max pooling",
    "avgpool": "average pooling",
    "conv_transpose": "transposed convolution",
}

Shape = tuple[int, int, int]  # channels × rows × cols (rows = 1 for a 1-D signal)


@dataclass(frozen=True)
class PoolAxis:
    """One axis of a pooling window: PyTorch's output size, with ``ceil_mode``."""

    name: str  # "H", "W" or "L"
    size: int
    kernel: int
    stride: int
    padding: int  # on each side
    dilation: int
    ceil: bool

    @property
    def span(self) -> int:
        return self.dilation * (self.kernel - 1) + 1

    @property
    def numerator(self) -> int:
        """H₁ + 2P − d·(F − 1) − 1, the part the stride divides."""
        return self.size + 2 * self.padding - self.span

    @property
    def rounded(self) -> int:
        """⌊numerator/s⌋, or ⌈numerator/s⌉ in ceil mode."""
        if self.ceil:
            return -(-self.numerator // self.stride)
        return self.numerator // self.stride

    @property
    def dropped(self) -> bool:
        """Ceil mode's last window would start in the right padding: PyTorch drops it."""
        return self.ceil and self.rounded * self.stride >= self.size + self.padding

    @property
    def out(self) -> int:
        return self.rounded + 1 - int(self.dropped)

    @property
    def extra(self) -> int:
        """Positions the last window reaches past the padded input (ceil mode only)."""
        last = (self.out - 1) * self.stride + self.span
        return max(0, last - (self.size + 2 * self.padding))

    @property
    def padded(self) -> int:
        return self.size + 2 * self.padding + self.extra

    def window_positions(self, index: int) -> range:
        start = index * self.stride
        return range(start, start + self.span, self.dilation)

    @property
    def blind(self) -> tuple[int, ...]:
        """Output positions whose window reads padding only (a dilation can skip the input)."""
        inside = range(self.padding, self.padding + self.size)
        return tuple(
            i for i in range(self.out) if not any(t in inside for t in self.window_positions(i))
        )

    def counted(self, include_pad: bool) -> np.ndarray:
        """Per output position, how many window positions an average divides by along this
        axis (PyTorch: padding counts unless ``include_pad`` is off; past it never)."""
        start = np.arange(self.out) * self.stride
        end = np.minimum(start + self.kernel, self.size + 2 * self.padding)
        if include_pad:
            return end - start
        return np.minimum(end, self.padding + self.size) - np.maximum(start, self.padding)


@dataclass(frozen=True)
class Pool:
    """``maxpool`` or ``avgpool``: (rows, cols) pairs, PyTorch's defaults and limits."""

    kind: str
    size: tuple[int, int]
    stride: tuple[int, int]
    padding: tuple[int, int] = (0, 0)
    dilation: tuple[int, int] = (1, 1)
    ceil_mode: bool = False
    count_include_pad: bool = True
    one_d: bool = False

    def axes(self, shape: Shape) -> tuple[PoolAxis, PoolAxis]:
        _, h, w = shape
        return (
            PoolAxis(
                "H",
                h,
                self.size[0],
                self.stride[0],
                self.padding[0],
                self.dilation[0],
                self.ceil_mode,
            ),
            PoolAxis(
                "L" if self.one_d else "W",
                w,
                self.size[1],
                self.stride[1],
                self.padding[1],
                self.dilation[1],
                self.ceil_mode,
            ),
        )

    def output_shape(self, shape: Shape) -> Shape:
        rows, cols = self.axes(shape)
        return (shape[0], rows.out, cols.out)


@dataclass(frozen=True)
class Activation:
    """``relu`` or ``leaky_relu`` (``slope`` for negative inputs, PyTorch's 0.01 by default)."""

    kind: str
    slope: float = 0.0
    one_d: bool = False

    def output_shape(self, shape: Shape) -> Shape:
        return shape


@dataclass(frozen=True)
class TransposeAxis:
    """One axis of a transposed convolution: H₂ = (H₁ − 1)·s − 2P + d·(F − 1) + op + 1."""

    name: str
    size: int
    kernel: int
    stride: int
    padding: int
    output_padding: int
    dilation: int

    @property
    def full(self) -> int:
        """The output before the padding is cropped: (H₁ − 1)·s + d·(F − 1) + 1."""
        return (self.size - 1) * self.stride + self.dilation * (self.kernel - 1) + 1

    @property
    def out(self) -> int:
        return self.full - 2 * self.padding + self.output_padding

    @property
    def direct_padding(self) -> tuple[int, int]:
        """The direct view's padding of the zero-inserted input, before and after:
        d·(F − 1) − P, plus output_padding after (negative: that much is cropped instead)."""
        before = self.dilation * (self.kernel - 1) - self.padding
        return before, before + self.output_padding


@dataclass(frozen=True, eq=False)
class Transpose:
    """``conv_transpose``: one filter per output channel, one kernel per input channel it
    sees (as for a convolution), PyTorch's ``conv_transpose2d``/``1d`` otherwise."""

    filters: tuple[Filter, ...]
    stride: tuple[int, int] = (1, 1)
    padding: tuple[int, int] = (0, 0)
    output_padding: tuple[int, int] = (0, 0)
    dilation: tuple[int, int] = (1, 1)
    groups: int = 1
    one_d: bool = False

    @property
    def kernel_size(self) -> tuple[int, int]:
        return tuple(int(n) for n in self.filters[0].weights.shape[1:])  # type: ignore[return-value]

    @property
    def weights(self) -> np.ndarray:
        """K × (C/groups) × Fh × Fw, as the filters are written."""
        return np.stack([f.weights for f in self.filters])

    def axes(self, shape: Shape) -> tuple[TransposeAxis, TransposeAxis]:
        _, h, w = shape
        (fh, fw), (sh, sw) = self.kernel_size, self.stride
        (ph, pw), (oh, ow), (dh, dw) = self.padding, self.output_padding, self.dilation
        return (
            TransposeAxis("H", h, fh, sh, ph, oh, dh),
            TransposeAxis("L" if self.one_d else "W", w, fw, sw, pw, ow, dw),
        )

    def output_shape(self, shape: Shape) -> Shape:
        rows, cols = self.axes(shape)
        return (len(self.filters), rows.out, cols.out)

    def channels_of(self, k: int, channels: int) -> range:
        per_group = channels // self.groups
        group = k // (len(self.filters) // self.groups)
        return range(group * per_group, (group + 1) * per_group)


@dataclass(frozen=True, eq=False)
class Conv:
    """A convolution layer: its :class:`Task` (the input a placeholder from layer 2 on)."""

    task: Task

    def output_shape(self, shape: Shape) -> Shape:
        return self.task.output_shape


Layer = Conv | Pool | Activation | Transpose


def layer_type(layer: Layer) -> str:
    """``conv``, ``relu``, ``maxpool`` …: the layer's ``"type"`` as a task file writes it."""
    if isinstance(layer, Conv):
        return "conv"
    if isinstance(layer, Transpose):
        return "conv_transpose"
    return layer.kind


@dataclass(frozen=True, eq=False)
class Chain:
    """Layers applied in turn to an input volume; ``shapes[i]`` is layer i's input shape and
    ``shapes[-1]`` the output's. Build one with :func:`convtrace.loaders.load_task` (a task
    with ``"layers"``, or ``then=``)."""

    x: np.ndarray  # C × H × W
    channel_names: tuple[str, ...]
    layers: tuple[Layer, ...]
    shapes: tuple[Shape, ...]
    one_d: bool = False
    exact: bool = False
    source: str | None = None
    title: str | None = None
    description: str | None = field(default=None, repr=False)
    #: the task's ``"upstream"`` gradient for ``convtrace grad`` (as written; checked there)
    upstream: np.ndarray | None = field(default=None, repr=False, compare=False)

    @property
    def channels(self) -> int:
        return int(self.x.shape[0])

    @property
    def output_shape(self) -> Shape:
        return self.shapes[-1]

    def names_after(self, index: int) -> tuple[str, ...]:
        """The channel names of layer ``index``'s output (a convolution's are its filters')."""
        names = self.channel_names
        for layer in self.layers[: index + 1]:
            if isinstance(layer, Conv):
                names = tuple(f.name for f in layer.task.filters)
            elif isinstance(layer, Transpose):
                names = tuple(f.name for f in layer.filters)
        return names

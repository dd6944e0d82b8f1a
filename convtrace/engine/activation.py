"""ReLU and leaky ReLU, cell by cell: an :class:`ActivationTrace`.

ReLU is ``max(0, x)``; leaky ReLU keeps ``x ≥ 0`` and multiplies the rest by its slope, exactly
(decimals as scaled whole numbers, fractions as fractions), so ``0.1·(−7)`` is −0.7.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np

from ..layers import Activation
from .arithmetic import decimal_places


@dataclass(frozen=True, eq=False)
class ActivationRow:
    """The cells of channel ``channel`` in row ``row`` (at ``cols``): inputs and outputs."""

    channel: int
    name: str
    row: int
    cols: tuple[int, ...]
    inputs: np.ndarray
    values: np.ndarray

    def __len__(self) -> int:
        return len(self.cols)


@dataclass(frozen=True, eq=False)
class ActivationTrace:
    """A traced activation: input and output of the same shape, and which cells changed."""

    layer: Activation
    x: np.ndarray
    channel_names: tuple[str, ...]
    output: np.ndarray
    index: int = 1

    @property
    def shape(self) -> tuple[int, int, int]:
        return tuple(int(n) for n in self.output.shape)  # type: ignore[return-value]

    def __len__(self) -> int:
        return int(self.output.size)

    @property
    def changed(self) -> np.ndarray:
        """Where the output differs from the input (the negative values)."""
        return self.x < 0

    def rows(
        self,
        channels: Iterable[int] | None = None,
        rows: Iterable[int] | None = None,
        cols: Iterable[int] | None = None,
    ) -> Iterator[ActivationRow]:
        count, h, w = self.shape
        col_list = tuple(range(w) if cols is None else (int(j) for j in cols))
        index = np.asarray(col_list, dtype=np.intp)
        for c in range(count) if channels is None else channels:
            for i in range(h) if rows is None else rows:
                yield ActivationRow(
                    c,
                    self.channel_names[c],
                    i,
                    col_list,
                    self.x[c, i, index],
                    self.output[c, i, index],
                )


def _scaled_product(slope, x: np.ndarray) -> np.ndarray:
    """slope·x for decimals without binary noise: both scaled to whole numbers, one division."""
    if x.dtype == object:
        return x * slope
    places_x = decimal_places(x) if x.dtype.kind == "f" else 0
    places_s = decimal_places(np.array([float(slope)]))
    if places_x is None or places_s is None or places_x + places_s > 15:
        return x * float(slope)
    scale_x, scale_s = 10.0**places_x, 10.0**places_s
    return np.round(x * scale_x) * round(float(slope) * scale_s) / (scale_x * scale_s)


def run_activation(
    layer: Activation, x: np.ndarray, names: tuple[str, ...], index: int = 1
) -> ActivationTrace:
    """Apply ``layer`` to ``x``, every cell."""
    negative = x < 0
    if layer.kind == "relu":
        output = np.where(negative, x * 0, x)  # x·0 keeps the dtype (ints stay ints)
    else:
        output = np.where(negative, _scaled_product(layer.slope, x), x)
    if x.dtype == object:
        output = output.astype(object)
    return ActivationTrace(layer, x, names, output, index)

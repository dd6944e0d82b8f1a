"""How an output feature map's values become pixels and colours, the same for PNGs and the
terminal's heatmap, and said in words wherever a picture is shown.

* A map without negative values is gray: 0 is black, its largest value ``top`` white, and a
  value v is the pixel ``round(255 · v / top)`` (an all-zero map is black).
* A map with negative values uses a diverging map, blue – white – red, centred on 0:
  ``top`` is the largest |v|, the level ``L = round(255 · |v| / top)``, and the pixel is
  (255 − L, 255 − L, 255) for v < 0 (blue), (255, 255 − L, 255 − L) for v ≥ 0 (red).

So a pixel maps back to its value within ``top / 510``: ``v = L · top / 255``, negative where
blue is stronger than red.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..exact import python_number
from ..language import _
from ..numbers import Notation, Number, clean


@dataclass(frozen=True)
class Scale:
    """One map's scaling: ``top`` (its largest value, or largest |value| when ``diverging``)."""

    top: Number
    diverging: bool

    def levels(self, values: np.ndarray) -> np.ndarray:
        """``round(255 · |v| / top)`` as bytes (0 everywhere when ``top`` is 0)."""
        if not self.top:
            return np.zeros(values.shape, dtype=np.uint8)
        scaled = np.abs(values.astype(np.float64)) * (255.0 / float(self.top))
        return np.rint(scaled).astype(np.uint8)

    def pixels(self, values: np.ndarray) -> np.ndarray:
        """H × W bytes (gray) or H × W × 3 (blue – white – red), as the module says."""
        level = self.levels(values)
        if not self.diverging:
            return level
        rest = 255 - level
        full = np.full(values.shape, 255, dtype=np.uint8)
        negative = values < 0
        red = np.where(negative, rest, full)
        blue = np.where(negative, full, rest)
        return np.stack([red, rest, blue], axis=-1)

    def colour(self, value: float) -> tuple[int, int, int]:
        """The colour of one value (for legends and the heatmap's blocks)."""
        pixel = self.pixels(np.array([value]))[0]
        if self.diverging:
            return int(pixel[0]), int(pixel[1]), int(pixel[2])
        return int(pixel), int(pixel), int(pixel)

    def says(self, n: Notation) -> str:
        """The scaling in words, with this map's numbers: ``gray: 0 black, 25 white``."""
        top = n.number(clean(self.top))
        if not self.diverging:
            if not self.top:
                return _("gray: every value is 0 (black)")
            said = _("gray: 0 black, {top} white (pixel = round(255{times}v/{top}))")
            return said.format(top=top, times=n.times)
        return _(
            "blue {minus}{top}, white 0, red {top} (the other two channels "
            "255 {minus} round(255{times}|v|/{top}))"
        ).format(top=top, minus=n.minus, times=n.times)


def scale_of(values: np.ndarray) -> Scale:
    """The scale of one map (see the module's text)."""
    if values.size and float(values.min()) < 0:
        return Scale(python_number(np.abs(values).max()), True)
    return Scale(python_number(values.max()) if values.size else 0, False)

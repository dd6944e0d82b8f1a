"""Make ``samples/house.png``, the sample photo: ``python scripts/make_sample_photo.py``.

A small drawn scene (sky, sun, a house with a roof, windows and a door, a tree, grass) made
from nothing but arithmetic, so the project owns it outright and anyone can make it again.
Shapes are drawn at 4× the size and each pixel is the mean of its 4×4 block, which gives the
soft, anti-aliased edges of a photo; a fixed pseudo-random grain of ±1 (seed 12) adds texture. The
pixels are the same on every machine; the PNG's bytes depend on the zlib that compresses them.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from PIL import Image

WIDTH, HEIGHT = 96, 72
SCALE = 4  # drawn at 4× and averaged down
OUT = Path(__file__).resolve().parent.parent / "samples" / "house.png"


def scene() -> np.ndarray:
    """The scene at SCALE× the size, H × W × 3 floats 0–255."""
    h, w = HEIGHT * SCALE, WIDTH * SCALE
    y, x = np.mgrid[0:h, 0:w] / SCALE  # in final pixels
    image = np.zeros((h, w, 3))
    sky = y / HEIGHT
    image[:] = np.stack([110 + 90 * sky, 160 + 70 * sky, 235 + 15 * sky], axis=-1)

    def paint(mask: np.ndarray, colour) -> None:
        image[mask] = colour

    paint((x - 78) ** 2 + (y - 12) ** 2 < 7**2, (255, 221, 90))  # sun
    ground = y > 50 + 2 * np.sin(x / 9)
    image[ground] = np.stack(
        [70 + 0 * y[ground], 150 - 0.8 * (y[ground] - 50), 60 + 0 * y[ground]], axis=-1
    )
    paint((x > 14) & (x < 50) & (y > 30) & (y < 56), (232, 214, 176))  # wall
    roof = (y > 14) & (y <= 30) & (np.abs(x - 32) < (y - 14) * 1.35 + 1)
    paint(roof, (178, 54, 44))
    paint((x > 38) & (x < 42) & (y > 16) & (y < 25), (120, 60, 50))  # chimney
    for left in (18, 38):
        window = (x > left) & (x < left + 8) & (y > 35) & (y < 43)
        paint(window, (150, 200, 235))
        frame = window & ((np.abs(x - left - 4) < 0.5) | (np.abs(y - 39) < 0.5))
        paint(frame, (255, 255, 255))
    paint((x > 28) & (x < 35) & (y > 42) & (y < 56), (110, 70, 40))  # door
    paint((x > 66) & (x < 70) & (y > 38) & (y < 58), (100, 70, 45))  # tree trunk
    paint((x - 68) ** 2 + ((y - 33) * 1.2) ** 2 < 10**2, (50, 120, 50))  # crown
    return image


def photo() -> np.ndarray:
    """The sample's pixels: H × W × 3 bytes."""
    big = scene()
    small = big.reshape(HEIGHT, SCALE, WIDTH, SCALE, 3).mean(axis=(1, 3))
    grain = np.random.default_rng(12).integers(-1, 2, small.shape)
    return np.clip(np.rint(small) + grain, 0, 255).astype(np.uint8)


def main() -> None:
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    Image.fromarray(photo(), "RGB").save(target, optimize=True)
    print(f"wrote {target} ({target.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()

"""The samples that ship with convtrace (installed as ``convtrace.samples``), and their names.

A sample's name, with or without its extension (``seed``, ``seed.json``, ``seed-input``), stands
for the sample wherever a task, ``--input`` or ``--kernel`` file goes, unless a file of that name
exists in the current folder: ``convtrace run seed`` works after a plain ``pip install .``.
"""

from __future__ import annotations

import os
from pathlib import Path

#: Every sample file and what it is, in one line each (``convtrace samples`` lists them).
SAMPLES = {
    "seed.json": "the lecture note's example: 5×5×3, one 3×3×3 filter, bias 1, padding 1, stride 2",
    "seed-input.csv": "the seed's input as CSV (--input)",
    "seed-kernel.csv": "the seed's filter as CSV (--kernel)",
    "cs231n.json": "two 3×3×3 filters with biases on a 5×5×3 input, padding 1, stride 2",
    "single-channel.json": "one 6×6 channel, a Sobel kernel",
    "blur-decimal.csv": "a 4×4 input in semicolon CSV with decimal commas (--input)",
    "blur-kernel.csv": "a 2×2 mean kernel in the same CSV style (--kernel)",
    "rect.json": "a 3×4 input, a 2×3 kernel: try it with every hyperparameter option",
    "depthwise.json": "R, G, B and three one-kernel filters, groups 3 (depthwise)",
    "signal.json": 'a 1-D signal, a difference filter, padding "same"',
    "big.json": "a 64×64 picture in R, G, B, four 3×3 filters: 16,384 cells (try --summary)",
    "house.png": "a 96×72 photo of a drawn house, for --image (scripts/ holds its maker)",
    "chain.json": "layers: a 3×3 convolution, ReLU, 2×2 max pooling on a 6×6 input",
    "upsample.json": "a transposed convolution, stride 2: X = K = [[0, 1], [2, 3]] → 4×4",
    "box-blur.json": 'a 3×3 box blur, every weight "1/9" (try --exact)',
    "box-mean.json": "the same 3×3 mean as average pooling: 15/9 (try --exact)",
    "pooling.json": "average pooling 3×3, stride 2, padding 1, ceil mode: the divisors explained",
}

FOLDER = Path(__file__).resolve().parent


def name_of(file: str) -> str:
    """What a sample is called: its file name without the extension (``seed``)."""
    return file.rsplit(".", 1)[0]


def find(name: str | os.PathLike[str]) -> Path | None:
    """The sample ``name`` stands for (``seed``, ``seed.json``), or None for any other name.

    Only a bare name counts: ``data/seed.json`` is a path, never a sample.
    """
    text = os.fspath(name)
    if not text or os.path.basename(text) != text or "/" in text:
        return None
    for file in SAMPLES:
        if text in (file, name_of(file)):
            return FOLDER / file
    return None


def resolve(path: str | os.PathLike[str] | None) -> str | os.PathLike[str] | None:
    """``path`` itself, unless no such file exists here and it names a sample: then the sample."""
    if path is None or os.fspath(path) == "-" or os.path.lexists(path):
        return path
    return find(path) or path

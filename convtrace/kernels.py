"""The named kernels: ``--kernel sobel-x`` or ``"filter": "sobel-x"`` instead of the numbers.

Each kernel is written as textbooks print it, an integer matrix and a divisor (the Gaussian's
1/16), with one sentence on what it does. The matrices are the weights as they meet the window:
cross-correlation, which CNNs compute and convtrace does by default. Textbooks that write a true
convolution print the derivative kernels rotated by 180° (Sobel's ``[1 0 −1]`` rows); their
matrix with ``--flip`` gives the same result.

A named kernel on a multi-channel input is one filter that applies the same matrix to every
channel and adds the channel sums (on R, G, B: the edges of R, G and B together); with
``--depthwise`` each channel gets a filter of its own instead.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from .errors import InputError
from .language import N_, _

#: How the matrices meet the window, said once wherever the kernels are listed.
CONVENTION = N_(
    "Matrices as they meet the window (cross-correlation, as CNNs and convtrace compute by "
    "default); textbooks that write a true convolution print the derivative kernels rotated "
    "by 180°, and their matrix with --flip gives the same result. On several channels a named "
    "kernel is one filter: the "
    "same matrix on every channel, the channel sums added; --depthwise gives each channel a "
    "filter of its own."
)


@dataclass(frozen=True)
class NamedKernel:
    """A kernel of the library: ``matrix / divisor`` are its weights."""

    name: str
    matrix: tuple[tuple[int, ...], ...]
    what: str  # one sentence: what it does to a picture
    divisor: int = 1
    aliases: tuple[str, ...] = ()

    @property
    def size(self) -> tuple[int, int]:
        return len(self.matrix), len(self.matrix[0])

    @property
    def weights(self) -> np.ndarray:
        """The weights: integers, or decimals when there is a divisor."""
        matrix = np.array(self.matrix, dtype=np.int64)
        return matrix if self.divisor == 1 else matrix / self.divisor

    @property
    def exact_weights(self) -> np.ndarray:
        """The weights as a task takes them: integers, or fractions (``Fraction(1, 9)``) when
        there is a divisor, kept under ``--exact`` and otherwise read as decimals."""
        matrix = np.array(self.matrix, dtype=np.int64)
        if self.divisor == 1:
            return matrix
        weights = np.empty(matrix.shape, dtype=object)
        for at, value in np.ndenumerate(matrix):
            weights[at] = Fraction(int(value), self.divisor)
        return weights


def _outer(row: tuple[int, ...]) -> tuple[tuple[int, ...], ...]:
    return tuple(tuple(a * b for b in row) for a in row)


_LIBRARY = (
    NamedKernel(
        "identity",
        ((0, 0, 0), (0, 1, 0), (0, 0, 0)),
        N_("Copies the centre value: the output is the input itself (a check of the rest)."),
    ),
    NamedKernel(
        "box-blur",
        ((1, 1, 1), (1, 1, 1), (1, 1, 1)),
        N_(
            "The mean of the 3×3 window, every weight 1/9 (shown rounded to 12 digits): blurs, and "
            "leaves flat areas as they are."
        ),
        divisor=9,
        aliases=("box", "mean"),
    ),
    NamedKernel(
        "gaussian-3x3",
        _outer((1, 2, 1)),
        N_(
            "A weighted mean with the centre counting most (weights summing to 1): a softer blur "
            "than the box, the 3×3 binomial stand-in for a Gaussian."
        ),
        divisor=16,
        aliases=("gaussian", "gaussian-blur"),
    ),
    NamedKernel(
        "gaussian-5x5",
        _outer((1, 4, 6, 4, 1)),
        N_(
            "The 5×5 binomial stand-in for a Gaussian (1 4 6 4 1 times itself, over 256): a wider, "
            "smoother blur."
        ),
        divisor=256,
    ),
    NamedKernel(
        "sharpen",
        ((0, -1, 0), (-1, 5, -1), (0, -1, 0)),
        N_(
            "The value plus the 4-neighbour Laplacian: flat areas keep their value, edges get "
            "stronger (results may leave 0–255)."
        ),
    ),
    NamedKernel(
        "laplacian-4",
        ((0, -1, 0), (-1, 4, -1), (0, -1, 0)),
        N_(
            "The lecture's w1: 4 × the centre minus its 4 neighbours; 0 on flat areas and even "
            "ramps, large at edges and spots, with either sign."
        ),
        aliases=("laplacian", "w1"),
    ),
    NamedKernel(
        "laplacian-8",
        ((-1, -1, -1), (-1, 8, -1), (-1, -1, -1)),
        N_(
            "The lecture's w2: 8 × the centre minus all 8 neighbours; as laplacian-4, the diagonal "
            "neighbours counted too."
        ),
        aliases=("w2",),
    ),
    NamedKernel(
        "edge",
        ((1, 0, -1), (0, 0, 0), (-1, 0, 1)),
        N_(
            "The lecture's edge kernel w0: top-left + bottom-right − top-right − bottom-left; 0 on "
            "flat areas and on straight horizontal or vertical edges, so it answers corners and "
            "diagonal detail."
        ),
        aliases=("w0",),
    ),
    NamedKernel(
        "sobel-x",
        ((-1, 0, 1), (-2, 0, 2), (-1, 0, 1)),
        N_(
            "Right column minus left column, the middle row counted twice: positive where the "
            "picture gets brighter to the right, so vertical edges stand out."
        ),
    ),
    NamedKernel(
        "sobel-y",
        ((-1, -2, -1), (0, 0, 0), (1, 2, 1)),
        N_(
            "Bottom row minus top row, the middle column counted twice: positive where the picture "
            "gets brighter downwards, so horizontal edges stand out."
        ),
    ),
    NamedKernel(
        "prewitt-x",
        ((-1, 0, 1), (-1, 0, 1), (-1, 0, 1)),
        N_(
            "Right column minus left column, every row alike: sobel-x without its extra weight on "
            "the middle row."
        ),
    ),
    NamedKernel(
        "prewitt-y",
        ((-1, -1, -1), (0, 0, 0), (1, 1, 1)),
        N_(
            "Bottom row minus top row, every column alike: sobel-y without its extra weight on the "
            "middle column."
        ),
    ),
    NamedKernel(
        "scharr-x",
        ((-3, 0, 3), (-10, 0, 10), (-3, 0, 3)),
        N_(
            "Right minus left with rows weighted 3, 10, 3: as sobel-x, with the direction of "
            "slanted edges measured more evenly."
        ),
    ),
    NamedKernel(
        "scharr-y",
        ((-3, -10, -3), (0, 0, 0), (3, 10, 3)),
        N_(
            "Bottom minus top with columns weighted 3, 10, 3: as sobel-y, with the direction of "
            "slanted edges measured more evenly."
        ),
    ),
    NamedKernel(
        "emboss",
        ((-2, -1, 0), (-1, 1, 1), (0, 1, 2)),
        N_(
            "The value plus bottom-right minus top-left: flat areas keep their value, edges turn "
            "light or dark as if the picture were raised and lit from one side."
        ),
    ),
    NamedKernel(
        "outline",
        ((-1, -1, -1), (-1, 8, -1), (-1, -1, -1)),
        N_(
            "The same matrix as laplacian-8, by the name image editors give it: strong answers "
            "(either sign) where the picture changes, 0 on flat areas."
        ),
    ),
)

#: Every named kernel by its name, in the order ``convtrace kernels`` lists them.
KERNELS: dict[str, NamedKernel] = {kernel.name: kernel for kernel in _LIBRARY}

_BY_ANY_NAME = {
    key: kernel
    for kernel in _LIBRARY
    for key in (kernel.name, *kernel.aliases, kernel.name.replace("-", ""))
}


def normal_name(text: str) -> str:
    """``Sobel_X``, ``sobel x``, ``gaussian-3×3`` → ``sobel-x``, ``gaussian-3x3``."""
    return "-".join(text.strip().lower().replace("×", "x").replace("_", " ").split())


def find(name: str) -> NamedKernel | None:
    """The kernel ``name`` stands for (its name, an alias, any case, with or without hyphens),
    or None."""
    key = normal_name(name)
    return _BY_ANY_NAME.get(key) or _BY_ANY_NAME.get(key.replace("-", ""))


def suggestions(name: str) -> list[str]:
    """The known names closest to an unknown one (``sobl-x`` → ``sobel-x``; ``sobel`` →
    ``sobel-x``, ``sobel-y``), the equally close ones in the library's order."""
    typed = normal_name(name)
    scores: dict[str, float] = {}
    for key, kernel in _BY_ANY_NAME.items():
        score = difflib.SequenceMatcher(None, typed, key).ratio()
        scores[kernel.name] = max(score, scores.get(kernel.name, 0.0))
    best = max(scores.values())
    if best < 0.6:
        return []
    return [name for name, score in scores.items() if score == best][:3]


def lookup(name: str, place: str | None = None, *, what: str = "no named kernel") -> NamedKernel:
    """The kernel ``name`` stands for; an unknown name is an error with the nearest name."""
    kernel = find(name)
    if kernel is not None:
        return kernel
    close = _(" or ").join(repr(known) for known in suggestions(name))
    file_too = what == "no file and no named kernel"
    if file_too and close:
        said = _(
            "{name!r} is no file and no named kernel (did you mean {close}?); "
            "convtrace kernels lists the names"
        )
    elif file_too:
        said = _("{name!r} is no file and no named kernel; convtrace kernels lists the names")
    elif close:
        said = _(
            "{name!r} is no named kernel (did you mean {close}?); convtrace kernels lists the names"
        )
    else:
        said = _("{name!r} is no named kernel; convtrace kernels lists the names")
    raise InputError(said.format(name=name, close=close), place=place)

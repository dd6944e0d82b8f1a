"""``run --heatmap``: the output volume as blocks of colour, for maps too big to read as numbers.

Each filter's map is drawn in the colours of its picture (:mod:`.colormap`: gray from 0 to its
largest value, or blue – white – red around 0), two map rows to a line (``▀``: the upper row in
the character's colour, the lower in its background), shrunk to the width of the terminal:
each block is the mean of the b×b cells it covers (said above the map); small maps are drawn
larger. A legend under each map gives the colours' values.

Without colour (``--no-color``, ``NO_COLOR``, a pipe) or with ``--ascii``, each character is one
block of a shade ramp from the map's lowest value to its highest, ``' .:-=+*#@'``, two map rows
averaged into each line; the legend says the ramp's range (and for maps with negative values,
whose range is symmetric, that the middle character ``=`` holds 0).
"""

from __future__ import annotations

import math
from itertools import islice

import numpy as np
from rich.console import Console

from .. import language
from ..engine import Trace
from ..language import _
from ..numbers import Notation, clean, count
from ..solution.document import outline
from ..solution.outline import Options, Outline
from ..solution.words import ordinal
from .colormap import Scale, scale_of
from .lines import Line, Output, heading
from .picture import output_maps
from .terminal import TraceView

#: The shade ramp, lowest to highest: readable without colour, and pure ASCII.
RAMP = " .:-=+*#@"

#: A map is drawn at most this many lines tall (two map rows a line).
MAX_LINES = 24

#: Small maps are drawn larger, each cell as up to this many blocks across.
MAX_ZOOM = 8

#: Swatches in a colour legend.
LEGEND_STEPS = 17


def pooled(values: np.ndarray, block: int) -> np.ndarray:
    """The mean of each ``block`` × ``block`` square of ``values`` (edge squares: of the cells
    there are)."""
    if block == 1:
        return values.astype(np.float64)
    h, w = values.shape
    rows, cols = math.ceil(h / block), math.ceil(w / block)
    padded = np.zeros((rows * block, cols * block))
    counts = np.zeros_like(padded)
    padded[:h, :w] = values
    counts[:h, :w] = 1
    sums = padded.reshape(rows, block, cols, block).sum(axis=(1, 3))
    return sums / counts.reshape(rows, block, cols, block).sum(axis=(1, 3))


def fitted(values: np.ndarray, width: int) -> tuple[np.ndarray, int, int]:
    """The map as blocks that fit ``width`` columns and :data:`MAX_LINES` lines: (blocks, the
    cells per block side, the blocks per cell side)."""
    h, w = values.shape
    block = max(1, math.ceil(w / width), math.ceil(h / (2 * MAX_LINES)))
    if block > 1:
        return pooled(values, block), block, 1
    zoom = max(1, min(MAX_ZOOM, width // w, (2 * MAX_LINES) // h))
    grid = np.repeat(np.repeat(values.astype(np.float64), zoom, axis=0), zoom, axis=1)
    return grid, 1, zoom


def _hex(rgb) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def colour_lines(grid: np.ndarray, scale: Scale) -> list[Line]:
    """Two rows of blocks per line: ``▀`` in the upper row's colour on the lower row's."""
    pixels = scale.pixels(grid)
    if pixels.ndim == 2:
        pixels = np.stack([pixels] * 3, axis=-1)
    names = np.array(
        [[_hex(p) for p in row] for row in pixels.reshape(-1, pixels.shape[1], 3)], dtype=object
    )
    lines: list[Line] = []
    for r in range(0, len(names), 2):
        upper = names[r]
        lower = names[r + 1] if r + 1 < len(names) else None
        if lower is None:
            lines.append([("▀", str(u)) for u in upper])
        else:
            lines.append([("▀", f"{u} on {d}") for u, d in zip(upper, lower, strict=True)])
    return lines


def ramp_index(values: np.ndarray, scale: Scale) -> np.ndarray:
    """Which character of :data:`RAMP` each value gets."""
    low = -float(scale.top) if scale.diverging else 0.0
    span = float(scale.top) - low
    if span == 0:
        return np.zeros(values.shape, dtype=np.intp)
    steps = len(RAMP)
    index = np.floor((values - low) / span * steps).astype(np.intp)
    return np.clip(index, 0, steps - 1)


def ramp_lines(grid: np.ndarray, scale: Scale) -> list[Line]:
    """One line per two rows of blocks (their mean), a ramp character per block."""
    if len(grid) % 2:
        grid = np.vstack([grid, grid[-1:]])
    pairs = (grid[0::2] + grid[1::2]) / 2
    index = ramp_index(pairs, scale)
    return [[("".join(RAMP[i] for i in row), None)] for row in index]


def legend(scale: Scale, n: Notation, colour: bool) -> list[Line]:
    """The values of the colours (or characters) of one map."""
    top = float(scale.top)
    low = -top if scale.diverging else 0.0
    first, last = n.number(clean(low)), n.number(clean(top))
    if colour:
        steps = np.linspace(low, top, LEGEND_STEPS)
        swatches = [(" ", f"on {_hex(scale.colour(v))}") for v in steps]
        return [[(f"{first} ", "dim"), *swatches, (f" {last}", "dim")], [(scale.says(n), "dim")]]
    text = _("{first} '{ramp}' {last}: each character a {nth} part of the range").format(
        first=first, ramp=RAMP, last=last, nth=ordinal(len(RAMP)), count=len(RAMP)
    )
    if scale.diverging:
        text += ", " + _("'=' holds 0")
    return [[(text, "dim")]]


def map_lines(label: str, values: np.ndarray, width: int, n: Notation, colour: bool) -> list[Line]:
    """One feature map: its label and size, the blocks, the legend."""
    scale = scale_of(values)
    grid, block, zoom = fitted(values, max(8, width - 1))
    h, w = values.shape
    size = f"{w}{n.cross}{h}"
    if block > 1:
        note = _("{size}, each block the mean of {block} cells").format(
            size=size, block=f"{block}{n.cross}{block}"
        )
    elif zoom > 1:
        note = _("{size}, each cell drawn {zoom} blocks wide").format(size=size, zoom=zoom)
    else:
        note = _("{size}, a block per cell").format(size=size)
    lines: list[Line] = [[(label, "bold"), ("  " + note, "dim")]]
    lines += colour_lines(grid, scale) if colour else ramp_lines(grid, scale)
    lines += legend(scale, n, colour)
    lines.append([])
    return lines


def print_heatmap(console: Console, trace: Trace, *, ascii: bool = False) -> None:
    """The title, the output size, and each filter's map as a heatmap with its legend."""
    with language.in_ascii(ascii):
        _written_heatmap(console, trace, ascii)


def _written_heatmap(console: Console, trace: Trace, ascii: bool) -> None:
    output = Output(console)
    view = TraceView(trace, ascii=ascii, plain=not output.colour)
    view.width = console.width
    n = view.notation
    options = Options(math=n, text=n, screen=True)
    if hasattr(trace, "layers"):  # a chain: its title, then its last layer's maps
        blocks = list(islice(outline(view.trace, options), 1))
    else:
        solution = Outline(view.trace, options)
        blocks = [*solution.title()[:1], *solution.size()]
    for block in blocks:
        output.emit(view.block(block))
    maps = output_maps(view.trace)
    values = sum(m.size for __, m in maps)
    output.emit(
        heading(
            _("Heatmap of the output ({count} values)").format(count=count(values)),
            console.width,
            view.rule,
        )
    )
    colour = output.colour and not ascii
    for label, m in maps:
        output.emit(map_lines(label, m, console.width, n, colour))

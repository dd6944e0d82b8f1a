"""Output feature maps as PNG pictures, one per filter, scaled as :mod:`.colormap` says.

``edges.png`` is the picture of a trace with one filter; with several, filter k's picture is
``edges-k.png``. Each picture is one pixel per output cell, written atomically (a temporary
file renamed), and carries its scaling as PNG text (``convtrace:scale``, ``convtrace:map``), so
the file itself says how its pixels map back to values. Needs Pillow (the ``images`` extra).
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..engine import Trace
from ..errors import InputError
from ..export import atomic_file
from ..language import _
from ..loaders.image import pillow
from ..numbers import UNICODE, Notation
from ..solution.layer_words import output_name
from ..solution.words import output_label
from .colormap import Scale, scale_of


@dataclass(frozen=True)
class MapPicture:
    """One feature map's picture: which filter, the file, and how it was scaled."""

    filter: int
    label: str  # o[0]  (sobel-x)
    path: Path
    scale: Scale
    width: int
    height: int

    def says(self, n: Notation = UNICODE) -> str:
        return f"{self.label}, {self.width}{n.cross}{self.height}, {self.scale.says(n)}"


def picture_paths(path: str | os.PathLike[str], count: int) -> list[Path]:
    """``edges.png`` for one map; ``edges-0.png``, ``edges-1.png`` … for several."""
    path = Path(path)
    if path.suffix.lower() != ".png":
        raise InputError(_("pictures are written as PNG: name the file ….png"), source=str(path))
    if count == 1:
        return [path]
    return [path.with_name(f"{path.stem}-{k}{path.suffix}") for k in range(count)]


def png_bytes(values: np.ndarray, scale: Scale, label: str = "") -> bytes:
    """One map as a PNG: gray (``L``) or blue – white – red (``RGB``), its scaling as text."""
    image_module = pillow()
    from PIL.PngImagePlugin import PngInfo

    pixels = scale.pixels(values)
    image = image_module.fromarray(pixels, "RGB" if pixels.ndim == 3 else "L")
    info = PngInfo()
    info.add_text("convtrace:map", label)
    info.add_text("convtrace:scale", scale.says(UNICODE))
    out = io.BytesIO()
    image.save(out, format="PNG", pnginfo=info)
    return out.getvalue()


def output_maps(trace) -> list[tuple[str, np.ndarray]]:
    """The feature maps a trace ends in, each with its label: a convolution's per filter
    (``o[0]  (sobel-x)``), a chain's last layer's per channel (``o3[0]``)."""
    if hasattr(trace, "layers"):  # a chain
        output = trace.layers[-1].output
        name = output_name(len(trace.layers))
        return [(f"{name}[{k}]", output[k]) for k in range(output.shape[0])]
    return [
        (output_label(k, trace.task.filters[k].name), trace.output[k])
        for k in range(trace.shape[0])
    ]


def pictures_of(trace: Trace, path: str | os.PathLike[str]) -> list[MapPicture]:
    """What :func:`write_pictures` writes for ``trace`` at ``path``, without writing it."""
    maps = output_maps(trace)
    paths = picture_paths(path, len(maps))
    return [
        MapPicture(k, label, paths[k], scale_of(values), values.shape[-1], values.shape[0])
        for k, (label, values) in enumerate(maps)
    ]


def write_pictures(
    trace: Trace, path: str | os.PathLike[str], *, force: bool = False
) -> list[MapPicture]:
    """Write each output feature map of ``trace`` as a PNG (see the module's text). Without
    ``force`` no file is written when any of them exists already."""
    pillow()
    pictures = pictures_of(trace, path)
    if not force:
        for picture in pictures:
            if picture.path.exists():
                raise InputError(
                    _("exists already; add --force to replace it"), source=str(picture.path)
                )
    maps = output_maps(trace)
    for picture in pictures:
        data = png_bytes(maps[picture.filter][1], picture.scale, picture.label)
        with atomic_file(picture.path, force=force, binary=True) as out:
            out.write(data)
    return pictures

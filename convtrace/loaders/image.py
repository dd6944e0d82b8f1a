"""A photo (PNG, JPEG, or any format Pillow reads) as an input volume: R, G, B or one gray channel.

Pillow is an optional extra (``pip install 'convtrace[images]'``); without it every image
option says that command in one line. The steps, in this order, each stated in the trace's
description: the picture in R, G, B (transparency dropped) or gray (``--gray``: Pillow's
ITU-R 601-2 luma, L = 299/1000·R + 587/1000·G + 114/1000·B, rounded); ``--crop X,Y,W,H``
(column, row of the top-left pixel, then width and height, zero-based, in the picture's
pixels); then ``--resize W,H`` or ``--max-size N`` (the longer side at most N, the shape kept;
never enlarged), each new pixel the mean of the pixels it covers (Pillow's box filter),
rounded. Values are whole numbers 0–255 (16-bit gray pictures: 0–65535).
"""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import InputError
from ..language import _, ngettext
from ..task import MAX_INPUT_VALUES

#: What to install for images, said by every message about Pillow missing.
INSTALL = "pip install 'convtrace[images]'"

SMALLER = "--crop X,Y,W,H, --resize W,H or --max-size N"


@dataclass(frozen=True)
class ImageSource:
    """A picture and what to make of it before it becomes the input volume."""

    path: str | os.PathLike[str]
    gray: bool = False
    crop: tuple[int, int, int, int] | None = None  # x, y, width, height
    resize: tuple[int, int] | None = None  # width, height
    max_size: int | None = None
    name: str | None = None  # how messages and the trace call the file (a sample's file name)


def pillow() -> Any:
    """Pillow's ``Image`` module, or the one-line error that says how to install it."""
    try:
        from PIL import Image
    except ImportError:
        raise InputError(
            _("pictures need Pillow, an optional extra: {install}").format(install=INSTALL)
        ) from None
    return Image


def parse_numbers(text: str, count: int, place: str, names: str) -> tuple[int, ...]:
    """``"10,20,5,5"`` → (10, 20, 5, 5): ``count`` whole numbers, or an error naming them."""
    parts = text.replace(";", ",").replace("x", ",").replace("×", ",").split(",")
    try:
        numbers = tuple(int(part) for part in parts)
    except ValueError:
        numbers = ()
    if len(numbers) != count:
        raise InputError(
            _("{text!r} is not {names} ({count} whole numbers)").format(
                text=text, names=names, count=count
            ),
            place=place,
        )
    return numbers


def parse_crop(text: str) -> tuple[int, int, int, int]:
    x, y, w, h = parse_numbers(text, 4, "--crop", "X,Y,W,H")
    if x < 0 or y < 0:
        raise InputError(
            _("{text!r}: X and Y start at 0 (the top-left pixel)").format(text=text),
            place="--crop",
        )
    if w < 1 or h < 1:
        raise InputError(
            _("{text!r}: the width and height must be at least 1").format(text=text),
            place="--crop",
        )
    return x, y, w, h


def parse_resize(text: str) -> tuple[int, int]:
    w, h = parse_numbers(text, 2, "--resize", "W,H")
    if w < 1 or h < 1:
        raise InputError(
            _("{text!r}: the width and height must be at least 1").format(text=text),
            place="--resize",
        )
    return w, h


def read_image(source: ImageSource) -> dict[str, Any]:
    """The picture as a task document's ``input`` (channels by name), with a ``title`` and a
    ``description`` that say what was done to it."""
    name = source.name or os.fspath(source.path)
    if source.resize is not None and source.max_size is not None:
        raise InputError(_("give --resize or --max-size, not both"), place="--max-size")
    if source.max_size is not None and source.max_size < 1:
        raise InputError(
            _("{value}: must be at least 1").format(value=source.max_size), place="--max-size"
        )
    image = _opened(Path(source.path), name)
    width, height = image.size
    steps = [_("{width}×{height} pixels").format(width=width, height=height)]
    image, channels = _in_channels(image, source.gray, steps)
    if source.crop is not None:
        image = _cropped(image, source.crop, name)
        x, y, w, h = source.crop
        said = _("cropped to columns {first}–{last} and rows {top}–{bottom}")
        steps.append(said.format(first=x, last=x + w - 1, top=y, bottom=y + h - 1))
    size = _new_size(image.size, source.resize, source.max_size)
    if size != image.size:
        image = image.resize(size, resample=pillow().Resampling.BOX)
        said = _("resized to {width}×{height} (box filter, rounded)")
        steps.append(said.format(width=size[0], height=size[1]))
    values = np.asarray(image)
    values = values[None] if values.ndim == 2 else values.transpose(2, 0, 1)
    _check_size(values, name)
    volume = {channel: values[c].astype(np.int64) for c, channel in enumerate(channels)}
    w, h = image.size
    title = _("{name}, {width}×{height} pixels, {channels}").format(
        name=Path(name).name, width=w, height=h, channels=", ".join(channels)
    )
    return {"input": volume, "title": title, "description": f"{name}: {'; '.join(steps)}."}


def _opened(path: Path, name: str) -> Any:
    """The picture read in full; a file that is none is said in one line."""
    image_module = pillow()
    if not path.exists():
        raise InputError(_("no such file"), source=name)
    if path.is_dir():
        raise InputError(_("is a folder, not a file"), source=name)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", image_module.DecompressionBombWarning)
            image = image_module.open(path)
            image.load()
    except image_module.UnidentifiedImageError:
        raise InputError(
            _("is not a picture Pillow can read (PNG, JPEG, …)"), source=name
        ) from None
    except (image_module.DecompressionBombError, image_module.DecompressionBombWarning):
        raise InputError(
            _("has too many pixels to read safely; make it smaller first"), source=name
        ) from None
    except (OSError, SyntaxError, ValueError) as error:  # truncated or damaged files
        raise InputError(
            _("cannot be read as a picture ({error})").format(error=error), source=name
        ) from None
    return image


def _in_channels(image: Any, gray: bool, steps: list[str]) -> tuple[Any, tuple[str, ...]]:
    """The picture as gray (one channel) or R, G, B, and the channels' names."""
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        steps.append(_("16-bit gray"))
        return image, ("gray",)
    if image.mode in ("LA", "1"):
        image = image.convert("L")
    if gray and image.mode != "L":
        steps.append(_("in gray (L = 299/1000·R + 587/1000·G + 114/1000·B, rounded)"))
        image = image.convert("L")
    if image.mode == "L":
        return image, ("gray",)
    if image.mode != "RGB":
        if "A" in image.mode or "transparency" in image.info:
            steps.append(_("transparency dropped"))
        image = image.convert("RGB")
    return image, ("R", "G", "B")


def _cropped(image: Any, crop: tuple[int, int, int, int], name: str) -> Any:
    x, y, w, h = crop
    width, height = image.size
    if x + w > width or y + h > height:
        if x + w > width:
            said = _(
                "{x},{y},{w},{h} reaches column {reach}, outside {name} ({width}×{height} "
                "pixels: columns 0–{last_column}, rows 0–{last_row})"
            )
            reach = x + w - 1
        else:
            said = _(
                "{x},{y},{w},{h} reaches row {reach}, outside {name} ({width}×{height} "
                "pixels: columns 0–{last_column}, rows 0–{last_row})"
            )
            reach = y + h - 1
        raise InputError(
            said.format(
                x=x,
                y=y,
                w=w,
                h=h,
                reach=reach,
                name=name,
                width=width,
                height=height,
                last_column=width - 1,
                last_row=height - 1,
            ),
            place="--crop",
        )
    return image.crop((x, y, x + w, y + h))


def _new_size(
    size: tuple[int, int], resize: tuple[int, int] | None, max_size: int | None
) -> tuple[int, int]:
    if resize is not None:
        return resize
    width, height = size
    if max_size is None or max(width, height) <= max_size:
        return size
    scale = max_size / max(width, height)
    return max(1, round(width * scale)), max(1, round(height * scale))


def _check_size(values: np.ndarray, name: str) -> None:
    if values.size > MAX_INPUT_VALUES:
        c, h, w = values.shape
        said = ngettext(
            "{w}×{h} pixels in {c} channel is more than convtrace traces ({most} values); "
            "make it smaller with {smaller}",
            "{w}×{h} pixels in {c} channels is more than convtrace traces ({most} values); "
            "make it smaller with {smaller}",
            c,
        )
        raise InputError(
            said.format(w=w, h=h, c=c, most=f"{MAX_INPUT_VALUES:,}", smaller=SMALLER),
            source=name,
        )

"""``run``'s picture options: a photo as the input, and one filter per channel.

* ``--image FILE`` (with ``--gray``, ``--crop X,Y,W,H``, ``--resize W,H``, ``--max-size N``)
  reads a photo as the input volume (:mod:`convtrace.loaders.image`); Pillow is the
  ``images`` extra. ``--depthwise`` gives each channel a filter of its own.

Importing this module loads neither numpy nor Pillow: the options are declared here, the work
is done on first use.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

#: The ``ctx.meta`` key that says the input is a picture (``--image``).
IMAGE_RUN = "convtrace.image"

IMAGE_OPTIONS = ("image", "gray", "crop", "resize", "max_size", "depthwise")


def apply(options: list[Callable], command: Callable) -> Callable:
    """Decorate ``command`` with ``options``, the first listed first in ``--help``."""
    for option in reversed(options):
        command = option(command)
    return command


def image_options(command: Callable) -> Callable:
    """A photo as the input volume, and named kernels one filter per channel."""
    return apply(
        [
            click.option(
                "--image",
                metavar="FILE",
                help="Input volume from a picture (PNG, JPEG): channels R, G, B, values 0-255. "
                "Needs Pillow: pip install 'convtrace[images]'.",
            ),
            click.option("--gray", is_flag=True, help="With --image: one gray channel."),
            click.option(
                "--crop",
                metavar="X,Y,W,H",
                help="With --image: the W×H pixels from column X, row Y (zero-based) only.",
            ),
            click.option(
                "--resize",
                metavar="W,H",
                help="With --image: scale the picture (after --crop) to W×H pixels.",
            ),
            click.option(
                "--max-size",
                type=int,
                metavar="N",
                help="With --image: shrink the picture (after --crop) to at most N pixels a side.",
            ),
            click.option(
                "--depthwise",
                is_flag=True,
                help="One filter per input channel (each filter's kernel for that channel "
                "alone, groups = channels), instead of one filter summing them.",
            ),
        ],
        command,
    )


def image_source(options: dict[str, Any], groups: int | None = None) -> tuple[Any, bool]:
    """Take the --image options out of ``options`` (where the command has them): the picture
    to read (or None) and whether ``--depthwise`` was asked for."""
    given = {key: options.pop(key) for key in IMAGE_OPTIONS if key in options}
    depthwise = bool(given.pop("depthwise", False))
    if depthwise and groups is not None:
        raise click.UsageError("--depthwise sets the groups itself; leave out --groups")
    path = given.get("image")
    if path is None:
        for key, value in given.items():
            if value:
                raise click.UsageError(f"--{key.replace('_', '-')} goes with --image FILE")
        return None, depthwise
    from ..loaders.image import ImageSource, parse_crop, parse_resize

    click.get_current_context().meta[IMAGE_RUN] = True
    crop, resize = given.get("crop"), given.get("resize")
    return (
        ImageSource(
            path,
            gray=bool(given.get("gray")),
            crop=None if crop is None else parse_crop(crop),
            resize=None if resize is None else parse_resize(resize),
            max_size=given.get("max_size"),
        ),
        depthwise,
    )


def with_depthwise(task: Any, depthwise: bool) -> Any:
    """The task with one filter per channel, for ``--depthwise``."""
    if not depthwise:
        return task
    from ..loaders.named import depthwise as one_per_channel

    return one_per_channel(task)


def is_image_run() -> bool:
    """Whether the input came from ``--image`` (a photo's trace can be huge)."""
    ctx = click.get_current_context(silent=True)
    return bool(ctx is not None and ctx.meta.get(IMAGE_RUN))

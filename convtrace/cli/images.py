"""``run``'s picture options: a photo as the input, one filter per channel, and pictures of the
result (PNG files, a heatmap in the terminal, pictures beside a Markdown export).

* ``--image FILE`` (with ``--gray``, ``--crop X,Y,W,H``, ``--resize W,H``, ``--max-size N``)
  reads a photo as the input volume (:mod:`convtrace.loaders.image`); Pillow is the
  ``images`` extra. ``--depthwise`` gives each channel a filter of its own.
* ``--save-output FILE.png`` writes each output feature map as a picture; ``--heatmap`` draws
  them in the terminal instead of the trace.
* A photo's trace has as many cells as it has pixels: printed in full it is refused beyond
  :data:`IMAGE_CELL_LIMIT` cells, with the ways to a readable size.

Importing this module loads neither numpy nor Pillow: the options are declared here, the work
is done on first use.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from .. import language
from ..errors import InputError
from ..language import N_

_, ngettext = language._, language.ngettext  # gettext's names, for the catalog tool

#: An image run's trace shown in full (text, an export, JSON) has at most this many cells.
IMAGE_CELL_LIMIT = 4096

#: A photo of this many input values or more shows a bar of its steps while it is traced.
IMAGE_MIN_VALUES = 1 << 20

#: The ``ctx.meta`` key that says the input is a picture (``--image``).
IMAGE_RUN = "convtrace.image"

IMAGE_OPTIONS = ("image", "gray", "crop", "resize", "max_size", "depthwise")

#: The ways to a readable size (translated where it is said).
SMALLER = N_(
    "trace a patch with --crop X,Y,W,H or --resize W,H (or --max-size N), pick cells with "
    "--cell K,I,J, or see the whole output with -q, --heatmap or --save-output FILE.png"
)


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
                help=N_(
                    "Input volume from a picture (PNG, JPEG): channels R, G, B, values 0-255. "
                    "Needs Pillow: pip install 'convtrace[images]'."
                ),
            ),
            click.option("--gray", is_flag=True, help=N_("With --image: one gray channel.")),
            click.option(
                "--crop",
                metavar="X,Y,W,H",
                help=N_("With --image: the W×H pixels from column X, row Y (zero-based) only."),
            ),
            click.option(
                "--resize",
                metavar="W,H",
                help=N_("With --image: scale the picture (after --crop) to W×H pixels."),
            ),
            click.option(
                "--max-size",
                type=int,
                metavar="N",
                help=N_(
                    "With --image: shrink the picture (after --crop) to at most N pixels a side."
                ),
            ),
            click.option(
                "--depthwise",
                is_flag=True,
                help=N_(
                    "One filter per input channel (each filter's kernel for that channel "
                    "alone, groups = channels), instead of one filter summing them."
                ),
            ),
        ],
        command,
    )


def picture_options(command: Callable) -> Callable:
    """Pictures of the output volume: PNG files, or a heatmap in the terminal."""
    return apply(
        [
            click.option(
                "--save-output",
                metavar="FILE.png",
                help=N_(
                    "Write each output feature map as a PNG (FILE-0.png … for several): gray "
                    "from 0 (black) to the largest value (white), or blue-white-red around 0 when "
                    "there are negative values. Needs Pillow."
                ),
            ),
            click.option(
                "--heatmap",
                is_flag=True,
                help=N_(
                    "Draw the output volume in the terminal as blocks of colour with a legend "
                    "(a shade ramp without colour), instead of the trace."
                ),
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
        raise click.UsageError(_("--depthwise sets the groups itself; leave out --groups"))
    path = given.get("image")
    if path is None:
        for key, value in given.items():
            if value:
                said = _("{option} goes with --image FILE")
                raise click.UsageError(said.format(option="--" + key.replace("_", "-")))
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
    from ..loaders.named import depthwise_chain

    return depthwise_chain(task) if hasattr(task, "layers") else one_per_channel(task)


def is_image_run() -> bool:
    """Whether the input came from ``--image`` (a photo's trace can be huge)."""
    ctx = click.get_current_context(silent=True)
    return bool(ctx is not None and ctx.meta.get(IMAGE_RUN))


def image_bar(task: Any, *, quiet: bool) -> Any:
    """The tracker of a big photo's run: a bar of its steps (tracing, writing the pictures),
    gone before anything is shown; for anything else a tracker that does nothing."""
    from .progress import bar

    if not is_image_run() or task.x.size < IMAGE_MIN_VALUES:
        return bar("", 0, unit="steps")
    return bar(_("tracing"), 2, unit="steps", quiet=quiet)


# --- pictures of the result --------------------------------------------------------------------


def take_pictures(trace: Any, options: dict[str, Any], bar: Any) -> bool:
    """``--save-output`` and ``--heatmap`` (taken out of ``options``): write the PNGs and give a
    photo's Markdown export its pictures; True for ``--heatmap``, the view to show instead of
    the trace. ``bar`` (a progress tracker) hears of each step."""
    from . import show

    save = options.pop("save_output", None)
    heatmap = options.pop("heatmap", False)
    if heatmap:
        refuse_with_heatmap(options)
    elif is_image_run() and not hasattr(trace, "layers"):  # a chain's exports show no pictures
        refuse_too_many(trace, options)
        pictures = markdown_pictures(trace, options)
        if pictures:
            options["pictures"] = picture_blocks(pictures, options["export_path"])
    if save is not None:
        bar.step(_("writing {path}").format(path=save))
        force = options["force"]
        if options.get("export_path") is None:
            options["force"] = False  # it was for the picture, not an export
        show.save_pictures(trace, save, force=force)
    return heatmap


def refuse_with_heatmap(options: dict[str, Any]) -> None:
    """--heatmap is a view of its own: the options of other views are a usage error."""
    others = {
        "--format": options.get("fmt", "text") != "text",
        "--export": options.get("export_path") is not None,
        "--step": options.get("step"),
        "--summary": options.get("summary"),
        "-q": options.get("quiet"),
        "--cell": bool(options.get("cells")),
        "--rows/--cols/--filter": bool(
            options.get("rows") or options.get("cols") or options.get("filters")
        ),
    }
    given = [name for name, on in others.items() if on]
    if given:
        said = _("--heatmap draws the whole output volume on its own: leave out {options}")
        raise click.UsageError(said.format(options=", ".join(given)))


def refuse_too_many(trace: Any, options: dict[str, Any]) -> None:
    """A photo's full trace beyond :data:`IMAGE_CELL_LIMIT` cells: one line, the ways out."""
    if options.get("quiet") or options.get("summary") or options.get("cells"):
        return
    if options.get("step") or options.get("fine") or options.get("auto") is not None:
        return
    from ..selection import selection

    chosen = selection(
        trace.task,
        trace.shape,
        filters=options.get("filters"),
        rows=options.get("rows"),
        cols=options.get("cols"),
    )
    count = chosen.count(trace.shape)
    if count > IMAGE_CELL_LIMIT:
        said = _("its trace has {cells} cells, too many to trace in full (at most {most}); {ways}")
        raise InputError(
            said.format(cells=f"{count:,}", most=f"{IMAGE_CELL_LIMIT:,}", ways=_(SMALLER)),
            source=trace.task.source,
        )


def markdown_pictures(trace: Any, options: dict[str, Any]) -> list[Any] | None:
    """For a Markdown export of a photo's trace: the pictures to write beside it (``x.md`` →
    ``x.png``) and to show in it, or None for any other view."""
    path, fmt = options.get("export_path"), options.get("fmt", "text")
    if path is None or path == "-":
        return None
    if not (fmt == "md" or (fmt == "text" and Path(path).suffix.lower() in (".md", ".markdown"))):
        return None
    from ..render.picture import pictures_of

    pictures = pictures_of(trace, Path(path).with_suffix(".png"))
    if not options.get("force"):
        if Path(path).exists():  # said of the document first, as the export would
            raise InputError(_("exists already; add --force to replace it"), source=path)
        for picture in pictures:
            if picture.path.exists():
                raise InputError(
                    _("exists already; add --force to replace it"), source=str(picture.path)
                )
    return pictures


def picture_blocks(pictures: list[Any], document: str) -> tuple[Any, ...]:
    """The pictures as blocks of the worked solution, linked from the document's folder."""
    from ..solution.blocks import PictureFile

    folder = Path(document).parent
    return tuple(
        PictureFile(
            os.path.relpath(picture.path, folder),
            picture.label,
            (("w", _("Output {scaling}.").format(scaling=picture.says())),),
        )
        for picture in pictures
    )

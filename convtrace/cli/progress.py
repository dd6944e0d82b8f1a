"""``--no-progress``, and which of a command's jobs show a bar (:mod:`convtrace.progress`).

A bar is shown on stderr for work that may take more than about a second: an export of at
least :data:`EXPORT_MIN_CELLS` cells to a file, a big photo's steps (``images.image_bar``).
Never with ``-q``/``--quiet`` or ``--no-progress``, and never where stderr is no terminal (a
pipe, a file, a CI log): :func:`convtrace.progress.shown` decides that. Commands that add batch
work (``check`` on a folder, ``quiz --count``) take :func:`progress_option` and report to
:func:`bar`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from .. import language
from ..language import N_

_ = language._  # gettext's name, for the catalog tool

#: The ``ctx.meta`` key ``--no-progress`` sets.
NO_PROGRESS = "convtrace.no-progress"

#: An export of this many cells or more shows a bar (the big sample's 16,384 take a moment).
EXPORT_MIN_CELLS = 4096


def _remember(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value:
        ctx.meta[NO_PROGRESS] = True


def progress_option(command: Callable) -> Callable:
    """``--no-progress``: no bar on stderr (there is none in pipes, files or CI logs anyway)."""
    return click.option(
        "--no-progress",
        is_flag=True,
        expose_value=False,
        callback=_remember,
        help=N_("No progress bar on stderr for long work (none is shown in a pipe, a file or CI)."),
    )(command)


def wanted(*, quiet: bool = False) -> bool:
    """Whether this command may show a bar: not quiet, no --no-progress, stderr a terminal."""
    from ..progress import shown

    ctx = click.get_current_context(silent=True)
    off = ctx is not None and ctx.meta.get(NO_PROGRESS, False)
    return not (quiet or off) and shown()


def bar(description: str, total: int, *, unit: str, quiet: bool = False) -> Any:
    """A tracker for ``total`` units of work: a bar if :func:`wanted`, else one that does
    nothing. Use it in a ``with`` block."""
    from ..progress import tracker

    return tracker(description, total, unit=unit, on=wanted(quiet=quiet))


def for_export(trace: Any, cells: list | None, path: str, options: dict[str, Any]) -> Any:
    """The tracker of an export: a bar for big exports to a file, counting cells written
    (twice over for a worksheet with its answers)."""
    if path == "-" or not (cells is None or isinstance(cells, list)):
        return bar("", 0, unit="cells")  # standard output, or cells made as they are written
    count = len(trace) if cells is None else len(cells)
    if options.get("worksheet") and options.get("answers"):
        count *= 2
    if count < EXPORT_MIN_CELLS:
        return bar("", 0, unit="cells")
    said = _("writing {path}").format(path=path)
    return bar(said, count, unit="cells", quiet=options.get("quiet", False))

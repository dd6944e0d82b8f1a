"""Every call from the CLI into the renderers, the exports and the walkthrough, in one place.

The commands decide what to show; this module knows how each view is asked for, so that a
change in the rendering meets the CLI here and nowhere else. Nothing here decides what a trace
says: that is the renderers' business.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from .. import language
from .guard import on_screen

_, ngettext = language._, language.ngettext  # gettext's names, for the catalog tool


def make_console(no_color: bool, *, stderr: bool = False):
    """The console for results (stdout) or messages (stderr); rich honours NO_COLOR itself."""
    from rich.console import Console

    class PipeConsole(Console):
        """rich exits 1 when the reader leaves (``| head``); every other path exits 0 quietly,
        so hand the BrokenPipeError on to the group, with stdout sent to devnull so the
        final flush at exit cannot fail again."""

        def on_broken_pipe(self) -> None:
            self.quiet = True
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise BrokenPipeError

    if no_color:
        return PipeConsole(stderr=stderr, color_system=None, highlight=False, emoji=False)
    return PipeConsole(stderr=stderr, highlight=False, emoji=False)


# --- run ---------------------------------------------------------------------------------------


def print_summary(trace: Any, *, no_color: bool, ascii: bool) -> None:
    """``run --summary``: the output size and per-filter statistics."""
    from ..render.summary import print_summary as write_summary

    write_summary(make_console(no_color), trace, ascii=ascii)


def print_terminal(
    trace: Any, cells: list | None, *, quiet: bool, everything: bool, no_color: bool, ascii: bool
) -> None:
    """The by-hand trace; on a screen, a big one without the volumes too big to read there."""
    from ..render.terminal import print_trace

    print_trace(
        make_console(no_color),
        trace,
        cells=cells,
        quiet=quiet,
        ascii=ascii,
        everything=not on_screen(everything),
    )


def print_heatmap(trace: Any, *, no_color: bool, ascii: bool) -> None:
    """``run --heatmap``: the output volume as blocks of colour, with a legend."""
    from ..render.heatmap import print_heatmap as draw

    draw(make_console(no_color), trace, ascii=ascii)


def print_json(trace: Any, cells: list | None, picked: dict[str, Any]) -> None:
    """``run --format json``: the document, to standard output."""
    from ..render.json_doc import write_json

    write_json(trace, sys.stdout, cells, **picked)


def print_chain_json(trace: Any) -> None:
    """``run --format json`` for a chain: ``output`` the last layer's, ``layers`` each one's."""
    from ..render.chain_json import write_chain_json

    write_chain_json(trace, sys.stdout)


def print_matrix_view(
    trace: Any, grad: Any = None, *, no_color: bool = False, ascii: bool = False
) -> None:
    """``--view matrix``: the convolution (and its gradient) as matrix products."""
    from ..engine.im2col import matrix_trace
    from ..render.terminal import print_trace

    print_trace(make_console(no_color), matrix_trace(trace, grad), ascii=ascii)


def print_grad_json(trace: Any) -> None:
    """``grad --format json``: the gradients and every traced cell."""
    from ..render.grad_json import write_grad_json

    write_grad_json(trace, sys.stdout)


def export(trace: Any, cells: list | None, path: str, *, fmt: str | None, **options: Any) -> None:
    """``run --export FILE`` (or ``--format md`` …, ``path`` ``-``); a file written is named
    on stderr with its size, so the user knows where it went. A big export shows a bar while
    it is written; ``pictures`` (a photo's Markdown) are written beside it afterwards."""
    from ..export import write_export
    from . import progress

    with progress.for_export(trace, cells, path, options) as bar:
        write_export(trace, path, fmt=fmt, cells=cells, progress=bar if bar.on else None, **options)
    if path != "-":
        size = Path(path).stat().st_size
        said = _("convtrace: wrote {path} ({size})")
        click.echo(said.format(path=path, size=file_size(size)), err=True)
    if options.get("pictures"):
        save_pictures(trace, str(Path(path).with_suffix(".png")), force=True)


def save_pictures(trace: Any, path: str, *, force: bool) -> None:
    """``--save-output``: each output map as a PNG, named on stderr with its size and scaling."""
    from ..render.picture import write_pictures

    for picture in write_pictures(trace, path, force=force):
        size = file_size(Path(picture.path).stat().st_size)
        said = _("convtrace: wrote {path} ({size}): {scaling}")
        click.echo(said.format(path=picture.path, size=size, scaling=picture.says()), err=True)


def file_size(size: int) -> str:
    """``812 bytes``, ``12.3 kB``, ``4.5 MB`` (powers of 1000, as file managers show them)."""
    if size < 1000:
        return ngettext("{count} byte", "{count} bytes", size).format(count=size)
    amount = float(size)
    for unit in ("kB", "MB"):
        amount /= 1000
        if amount < 999.95:  # what would round to 1000.0 is said in the next unit
            return decimal(f"{amount:.1f} {unit}")
    return decimal(f"{amount / 1000:.1f} GB")


def decimal(text: str) -> str:
    """``12.3 kB`` as the language writes it (``12,3 kB`` with the decimal comma)."""
    return text.replace(".", ",") if language.decimal_comma() else text


def walk(trace: Any, begin: tuple[int, int, int], *, fine: bool, auto: float | None, **out: Any):
    """``run --step``: the walkthrough's exit status; None when there is no terminal for it."""
    from .. import step

    if not step.is_interactive():
        return None
    console = make_console(out["no_color"])
    return step.walk(trace, console, fine=fine, auto=auto, begin=begin, ascii=out["ascii"])


# --- check -------------------------------------------------------------------------------------


def print_verdict_json(result: Any, *, task: str | None, answer: str) -> None:
    """``check --format json``: the verdict for autograders."""
    from ..homework.report import verdict_dict, verdict_json

    click.echo(verdict_json(verdict_dict(result, task=task, answer=answer)), nl=False)


def print_report(result: Any, *, answer: str, traces: bool, no_color: bool, ascii: bool) -> None:
    """``check``'s report: expected and given side by side, the slips, the wrong cells."""
    from ..homework.report import print_check

    print_check(make_console(no_color), result, answer_name=answer, ascii=ascii, traces=traces)

"""``convtrace kernels``: the named kernels, each with its matrix and what it does."""

from __future__ import annotations

import textwrap

import click

from .. import language
from ..language import N_
from .group import CONTEXT, Command

_ = language._  # gettext's name, for the catalog tool

WIDTH = 100


@click.command(cls=Command, context_settings=CONTEXT)
@click.argument("names", nargs=-1, metavar="[NAME]...")
@click.option(
    "--ascii",
    "ascii_only",
    is_flag=True,
    help=N_("ASCII only: - for −, x for ×."),
)
def kernels(names: tuple[str, ...], ascii_only: bool) -> None:
    """List the named kernels (or only those NAMEd): each one's matrix and what it does.

    A name works wherever a kernel goes: --kernel sobel-x, or "filter": "sobel-x" in a task
    file. On several channels it is one filter, the same matrix on every channel and the channel
    sums added; --depthwise gives each channel a filter of its own.

    \b
    Example:
      convtrace kernels
      convtrace kernels sobel-x laplacian-4
      convtrace run seed --kernel sobel-x --cell 0,1,1
    """
    from ..kernels import CONVENTION, KERNELS, lookup
    from ..numbers import ASCII, UNICODE, to_ascii

    n = ASCII if ascii_only else UNICODE
    chosen = [lookup(name, "NAME") for name in names] or list(KERNELS.values())
    text = [] if names else [*textwrap.wrap(language._(CONVENTION), WIDTH), ""]
    for kernel in chosen:
        text += kernel_lines(kernel, n)
    output = "\n".join(text).rstrip("\n")
    click.echo(to_ascii(output) if ascii_only else output)


def kernel_lines(kernel, n) -> list[str]:
    """One kernel: ``name  3×3  (also: …)``, its sentence, its matrix (with the divisor)."""
    rows, cols = kernel.size
    head = f"{kernel.name}  {rows}{n.cross}{cols}"
    if kernel.aliases:
        head += "  " + _("(also: {names})").format(names=", ".join(kernel.aliases))
    lines = [
        head,
        *textwrap.wrap(
            language._(kernel.what), WIDTH - 2, initial_indent="  ", subsequent_indent="  "
        ),
    ]
    cells = [[n.number(v) for v in row] for row in kernel.matrix]
    size = max(len(text) for row in cells for text in row)
    prefix = f"1/{kernel.divisor} {n.cross} " if kernel.divisor != 1 else ""
    for r, row in enumerate(cells):
        lead = prefix if r == rows // 2 else " " * len(prefix)
        lines.append("  " + lead + "  ".join(text.rjust(size) for text in row))
    lines.append("")
    return lines

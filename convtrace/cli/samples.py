"""``convtrace samples``: the samples that ship with convtrace, one line each."""

from __future__ import annotations

import click

from .group import CONTEXT, Command


@click.command(cls=Command, context_settings=CONTEXT)
def samples() -> None:
    """List the samples: each one's name and what it is.

    A sample's name (with or without its extension) works wherever a task, --input or --kernel
    file goes, unless a file of that name exists in the current folder.

    \b
    Example:
      convtrace samples
      convtrace run seed
      convtrace run --input seed-input --kernel seed-kernel --padding 1
    """
    from .. import samples as shipped

    width = max(len(shipped.name_of(file)) for file in shipped.SAMPLES)
    for file, what in shipped.SAMPLES.items():
        click.echo(f"{shipped.name_of(file):<{width}}  {what}")

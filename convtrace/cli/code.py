"""``convtrace code``: the task's layers as a PyTorch snippet and a plain numpy one."""

from __future__ import annotations

import click

from ..language import N_
from .group import CONTEXT, Command
from .options import task_options, with_task


@click.command(cls=Command, context_settings=CONTEXT)
@task_options
@click.option(
    "--only",
    type=click.Choice(["torch", "numpy"]),
    help=N_("Print only the PyTorch snippet, or only the numpy one (default: both)."),
)
@with_task
def code(task, strict: bool, only: str | None) -> None:
    """Print code that computes the same layers: PyTorch, then plain numpy.

    Each snippet holds the task's numbers and settings (and --then's layers) and leaves the
    result in `out`, ready to paste into a notebook. The numpy one needs nothing but numpy;
    with --exact it computes with fractions, as the trace does.

    \b
    Example:
      convtrace code seed
      convtrace code seed --then relu --then maxpool:2
      convtrace code upsample --only numpy
    """
    from ..code import torch_code
    from ..code_numpy import numpy_code

    del strict  # a snippet floors the stride as PyTorch does
    parts = []
    if only in (None, "torch"):
        parts.append("# PyTorch\n" + torch_code(task))
    if only in (None, "numpy"):
        parts.append("# numpy\n" + numpy_code(task))
    click.echo("\n\n".join(parts), nl=False)

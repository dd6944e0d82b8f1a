"""``convtrace grad``: the backward pass of a convolution, traced by hand.

The command loads the task and the upstream gradient, runs the forward pass and the backward
one (:mod:`convtrace.engine.grad`), and hands the trace to a view in :mod:`.show`.
"""

from __future__ import annotations

import click

from .. import language
from ..language import N_
from . import show
from .group import CONTEXT, BadInput, Command
from .guard import HINT, confirm_many
from .options import output_options, task_options, with_task

#: The command's --help: marked for the catalog, translated where the help is shown.
HELP = N_(
    """Trace the backward pass: the gradients of L = Σ G ⊙ output by hand.

G is the upstream gradient ∂L/∂output: the task's "upstream", or --upstream FILE, and all
ones by default (L is then the sum of the output). ∂L/∂b is the sum of G; each weight's
gradient is the padded input it met times G, summed; each input cell's is the transposed
convolution of G (G zero-inserted, padded, convolved with the 180°-rotated kernels).

\b
Example:
  convtrace grad seed
  convtrace grad seed --format json
  convtrace grad seed --export grad.md
  convtrace grad rect --padding 1 --padding-mode reflect
  convtrace grad chain
  convtrace grad seed --view matrix"""
)  # no newline at the end: click shows the help as inspect.cleandoc leaves it

#: What the command says when it cannot do as asked: marked here, translated where it is said
#: (the CLI imports no private name, so it calls ``language._``).
EXPORT_NOT_MATRIX = N_("--export and --format md|latex write the trace, not --view matrix")
MATRIX_NOT_CHAIN = N_("--view matrix shows a single convolution (a task without layers)")
GRADIENTS_ONLY = N_("convtrace: showing the gradients only; {hint}")
STEP_ALONE = N_("--step shows one cell at a time on screen; it takes no --format, -q or --view")
STEP_NEEDS_TERMINAL = N_(
    "--step needs an interactive terminal (keyboard and screen); "
    "to print the trace instead, leave out --step"
)


@click.command(cls=Command, context_settings=CONTEXT, help=HELP)
@task_options
@click.option(
    "--upstream",
    "upstream_file",
    metavar="FILE",
    help=N_(
        "The upstream gradient G = ∂L/∂output (JSON or CSV, the output's shape); replaces "
        'the task\'s "upstream". Default: all ones, so L is the sum of the output.'
    ),
)
@click.option("-q", "--quiet", is_flag=True, help=N_("Show only the gradients."))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "md", "latex"]),
    default="text",
    show_default=True,
    help=N_(
        "text: the by-hand trace; json: the gradients and every traced cell; md, latex: the "
        "trace as a document (to standard output, or to the --export file)."
    ),
)
@click.option(
    "--export",
    "export_path",
    metavar="FILE",
    help=N_(
        "Write the trace to FILE: .md, .tex, .html, .svg, .json or .txt (the extension says which)."
    ),
)
@click.option("--force", is_flag=True, help=N_("With --export: replace a file that exists."))
@click.option(
    "--view",
    type=click.Choice(["trace", "matrix"]),
    default="trace",
    show_default=True,
    help=N_(
        "trace: cell by cell; matrix: the convolution as a matrix product (im2col), and for "
        "small inputs the convolution matrix C, whose transpose gives the input's gradient."
    ),
)
@click.option(
    "--step", is_flag=True, help=N_("Walk through the gradient cells one at a time (a terminal).")
)
@click.option("--all", "all_cells", is_flag=True, help=N_("Print every cell, however many."))
@output_options
@with_task
def grad(
    task,
    strict: bool,
    upstream_file: str | None,
    quiet: bool,
    fmt: str,
    export_path: str | None,
    force: bool,
    view: str,
    step: bool,
    all_cells: bool,
    no_color: bool,
    ascii_only: bool,
) -> None:
    # the help is HELP, above
    trace = backward(task, upstream_file, strict=strict)
    out = {"no_color": no_color, "ascii": ascii_only}
    if step:
        walk_grad(trace, fmt=fmt, quiet=quiet, view=view, out=out)
    if export_path is not None or fmt in ("md", "latex"):
        if view != "trace":
            raise BadInput(language._(EXPORT_NOT_MATRIX))
        explicit = fmt if fmt != "text" else None
        show.export(trace, None, export_path or "-", fmt=explicit, force=force, quiet=quiet)
        return
    if view == "matrix":
        if not hasattr(trace, "weights_trace"):
            raise BadInput(language._(MATRIX_NOT_CHAIN))
        show.print_matrix_view(trace.forward, trace, **out)
    elif fmt == "json":
        show.print_grad_json(trace)
    else:
        if not quiet and not confirm_many(len(trace), 4, everything=all_cells):
            click.echo(language._(GRADIENTS_ONLY).format(hint=language._(HINT)), err=True)
            quiet = True
        show.print_terminal(trace, None, quiet=quiet, everything=all_cells, **out)


def backward(task, upstream_file: str | None, *, strict: bool, of: str | None = None):
    """The backward pass of a task (a GradTrace) or a chain (a ChainGrad), for the upstream
    gradient of ``upstream_file``, the task's, or all ones. With ``of`` (``check --of``), a
    chain gives the GradTrace of its convolution, which must be its first layer."""
    from ..engine.grad import GradTrace
    from ..engine.grad_chain import run_backward
    from ..errors import InputError

    upstream = task.upstream
    if upstream_file is not None:
        from ..loaders.files import load_upstream

        exact = task.is_exact if hasattr(task, "filters") else task.exact
        upstream = load_upstream(upstream_file, exact=exact)
    trace = run_backward(task, upstream, strict=strict)
    if of is None or isinstance(trace, GradTrace):
        return trace
    first = trace.steps[-1]
    if not isinstance(first, GradTrace):
        from ..layers import LAYER_NAMES, layer_type

        layers = ", ".join(LAYER_NAMES[layer_type(layer)] for layer in task.layers)
        from ..solution import grad_words as gw

        message = gw.say(gw.NO_QUANTITY[of], gw.UNICODE, of=of, layers=layers)
        raise InputError(message, source=task.source, place="--of")
    return first


def walk_grad(trace, *, fmt: str, quiet: bool, view: str, out: dict) -> None:
    """``grad --step``: the walkthrough, where there is a terminal for it."""
    if fmt != "text" or quiet or view != "trace":
        raise BadInput(language._(STEP_ALONE))
    status = show.walk(trace, (0, 0, 0), fine=False, auto=None, **out)
    if status is None:
        raise BadInput(language._(STEP_NEEDS_TERMINAL))
    click.get_current_context().exit(status)

"""``convtrace run``: trace a task and show it, in the terminal, as a document or step by step.

The command only decides which view the options ask for, in named steps; the views themselves
are called in :mod:`.show`.
"""

from __future__ import annotations

from typing import Any

import click

from .. import language
from ..errors import InputError
from ..language import N_
from . import show
from .group import CONTEXT, BadInput, Command
from .guard import HINT, confirm_many
from .images import image_bar, image_options, picture_options, take_pictures
from .options import (
    export_options,
    output_options,
    selection_options,
    step_options,
    task_options,
    with_task,
)
from .progress import progress_option

_, ngettext = language._, language.ngettext  # gettext's names, for the catalog tool


@click.command(cls=Command, context_settings=CONTEXT)
@task_options
@image_options
@selection_options
@click.option("-q", "--quiet", is_flag=True, help=N_("Show only the output volume."))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "md", "latex", "html", "terminal-html", "svg"]),
    default="text",
    show_default=True,
    help=N_(
        "text: the by-hand trace; json: one machine-readable document; md, latex, html (the "
        "web page), terminal-html, svg: an export (to standard output, or to the --export file "
        "instead of its extension's format)."
    ),
)
@click.option(
    "--view",
    type=click.Choice(["scatter", "direct", "matrix"]),
    help=N_(
        "How a conv_transpose layer is traced: scatter (each input value times the kernel, "
        "added into the output) or direct (the equivalent convolution); default scatter. matrix: "
        "a convolution as a matrix product (im2col, and the convolution matrix C for small inputs)."
    ),
)
@step_options
@export_options
@picture_options
@progress_option
@output_options
@with_task
def run(task, strict: bool, view: str | None, **options: Any) -> None:
    """Trace a convolution: every output cell's products and sums, as worked by hand.

    TASK.json holds the input volume, the filters and the hyperparameters (see the README);
    options override the file. CSV files work with --input and --kernel. A sample's name
    (convtrace samples lists them) works wherever a file goes.

    \b
    Example:
      convtrace run seed
      convtrace run seed --cell 0,1,2 --stride 1
      convtrace run --input seed-input --kernel seed-kernel \\
          --bias 1 --stride 2 --padding 1
      convtrace run seed --format json
      echo '{"input": [[1, 2], [3, 4]], "filter": [[1, 0], [0, -1]]}' | convtrace run -
      convtrace run seed --export seed.md
      convtrace run seed --export sheet.tex --worksheet --answers
      convtrace run rect --padding same --padding-mode reflect --dilation 2
      convtrace run seed --step --fine
      convtrace run big --summary
      convtrace run big --filter w1 --rows 0..2 --cols 10..12
      convtrace run --image house --gray --crop 12,32,8,8 --kernel sobel-x
      convtrace run --image house --kernel sobel-x --heatmap
      convtrace run --image house --kernel sobel-x -q --save-output edges.png
      convtrace run seed --then relu --then maxpool:2
      convtrace run upsample --view direct
      convtrace run seed --view matrix

    Printing more than a few hundred cells to a terminal asks first (or needs --all), and
    matrices too big for a screen are named there, not printed; output to a file or a pipe is
    written in full.
    """
    from ..api import run_any
    from ..engine import run as run_engine

    if view == "matrix":
        if not hasattr(task, "filters"):
            raise BadInput(_("--view matrix shows a single convolution (a task without layers)"))
        show.print_matrix_view(
            run_engine(task, strict=strict),
            no_color=options["no_color"],
            ascii=options["ascii_only"],
        )
        return
    if view is not None and hasattr(task, "filters"):
        raise BadInput(_('--view goes with a conv_transpose layer (a task with "layers")'))
    with image_bar(task, quiet=options["quiet"]) as bar:  # a big photo's steps
        trace = run_any(task, strict=strict, view=view or "scatter")
        heatmap = take_pictures(trace, options, bar)  # --save-output; --heatmap is a view
    if heatmap:  # of the output, or of a chain's last layer
        show.print_heatmap(trace, no_color=options["no_color"], ascii=options["ascii_only"])
    elif hasattr(trace, "layers"):  # a chain of layers
        from .layers import show_chain

        show_chain(trace, **options)
    else:
        show_trace(trace, **options)


def show_trace(
    trace: Any,
    *,
    cells,
    rows,
    cols,
    filters,
    summary,
    all_cells,
    quiet,
    fmt,
    step,
    auto,
    fine,
    no_color,
    ascii_only,
    **export,
) -> None:
    """The view the options ask for: the walkthrough, an export, JSON, or the terminal."""
    wanted, selected, chosen = pick(trace, cells, rows, cols, filters, summary)
    out = {"no_color": no_color, "ascii": ascii_only}
    if summary and (fmt != "text" or quiet or export_requested(fmt, export)):
        raise click.UsageError(
            _("--summary is a terminal view: leave out --format, --export and -q")
        )
    if step or fine or auto is not None:
        if summary or not chosen.everything:
            raise BadInput(
                _(
                    "--step starts at --cell K,I,J; it takes no --rows, --cols, --filter "
                    "or --summary"
                )
            )
        walk_through(
            trace,
            wanted,
            step=step,
            fine=fine,
            auto=auto,
            fmt=fmt,
            quiet=quiet,
            export=export,
            **out,
        )
    elif export_requested(fmt, export):
        if not chosen.everything:
            selected = trace.cells(chosen.filters, chosen.rows, chosen.cols)
        write_export(trace, selected, fmt, quiet=quiet, **out, **export)
    elif fmt == "json":
        show.print_json(trace, selected, {} if chosen.everything else vars(chosen))
    else:
        to_terminal(
            trace, selected, chosen, summary=summary, quiet=quiet, everything=all_cells, **out
        )


# --- the steps -------------------------------------------------------------------------------


def pick(trace: Any, cells, rows, cols, filters, summary: bool):
    """The cells asked for: ``--cell``'s positions and cells (or none), and the selection of
    ``--rows``, ``--cols`` and ``--filter``; the two ways do not mix."""
    from ..selection import selection

    task = trace.task
    wanted = [parse_cell(text, len(task.filters), task.one_d) for text in cells]
    wanted = list(dict.fromkeys(wanted))  # the same cell twice is shown once, in order
    if wanted and summary:
        raise click.UsageError(_("--summary shows no cells: leave out --cell, or --summary"))
    selected = [cell_at(trace, where) for where in wanted] if wanted else None
    chosen = selection(task, trace.shape, filters=filters, rows=rows, cols=cols)
    if wanted and not chosen.everything:
        raise click.UsageError(
            _("--cell picks its cells itself; leave out --rows, --cols, --filter")
        )
    return wanted, selected, chosen


def parse_cell(text: str, filters: int, one_d: bool = False) -> tuple[int, int, int]:
    """``K,I,J`` (or ``I,J`` when there is one filter) → (k, i, j).

    A 1-D signal has no rows: ``K,J`` (or ``J`` when there is one filter) → (k, 0, j).
    """
    try:
        numbers = [int(part) for part in text.replace(";", ",").split(",")]
    except ValueError:
        said = _("{text!r} is not K,I,J (three whole numbers)").format(text=text)
        raise InputError(said, place="--cell") from None
    if one_d and len(numbers) in (1, 2):
        if len(numbers) == 1 and filters != 1:
            said = _("{text!r} is not K,J (filter, position)").format(text=text)
            raise InputError(said, place="--cell")
        return (numbers[0] if len(numbers) == 2 else 0), 0, numbers[-1]
    if len(numbers) == 2 and filters == 1:
        numbers = [0, *numbers]
    if len(numbers) != 3:
        said = _("{text!r} is not K,I,J (filter, row, column)").format(text=text)
        raise InputError(said, place="--cell")
    return numbers[0], numbers[1], numbers[2]


def cell_at(trace: Any, where: tuple[int, int, int]) -> Any:
    """``trace.cell`` for a ``--cell`` option: an error names the option, not the library's
    ``cell`` argument."""
    try:
        return trace.cell(*where)
    except InputError as error:
        if error.place == "cell":
            error.place = "--cell"
        raise


#: Each export-only option and what it needs, said precisely (--force only replaces a file).
EXPORT_ONLY = {
    "force": "--export FILE",
    "plain_math": "--format md or --export FILE.md",
    "fragment": "--format latex or --export FILE.tex",
    "worksheet": "--export FILE or --format md|latex",
    "answers": "--worksheet",
    "blank": "--worksheet",
}


def export_requested(fmt: str, export: dict[str, Any]) -> bool:
    """True when ``run`` writes an export rather than the terminal trace or plain JSON."""
    if export.get("export_path") is not None or fmt in (
        "md",
        "latex",
        "html",
        "terminal-html",
        "svg",
    ):
        return True
    for name, goes_with in EXPORT_ONLY.items():
        if export.get(name):
            option = "--" + name.replace("_", "-")
            said = _("{option} goes with {goes_with}")
            raise click.UsageError(said.format(option=option, goes_with=goes_with))
    return False


def write_export(
    trace: Any, cells: list | None, fmt: str, *, export_path: str | None, **options: Any
) -> None:
    """The export; ``--format`` overrides the extension when the user gave it."""
    ctx = click.get_current_context()
    explicit = ctx.get_parameter_source("fmt") is not click.core.ParameterSource.DEFAULT
    path = "-" if export_path is None else export_path
    show.export(trace, cells, path, fmt=fmt if explicit or path == "-" else None, **options)


def walk_through(
    trace: Any,
    wanted: list,
    *,
    step: bool,
    fine: bool,
    auto: float | None,
    fmt: str,
    quiet: bool,
    export: dict[str, Any],
    **out: Any,
) -> None:
    """``run --step``: checks what only a terminal can do, then hands over to the walkthrough."""
    if not step:
        raise BadInput(_("--fine and --auto go with --step"))
    if fmt != "text" or quiet or len(wanted) > 1 or any(export.values()):
        raise BadInput(
            _(
                "--step shows one cell at a time on screen; it takes no --format, --export, -q "
                "or second --cell"
            )
        )
    status = show.walk(trace, wanted[0] if wanted else (0, 0, 0), fine=fine, auto=auto, **out)
    if status is None:
        raise BadInput(
            _(
                "--step needs an interactive terminal (keyboard and screen); "
                "to print one cell's trace instead, use --cell K,I,J"
            )
        )
    click.get_current_context().exit(status)


def to_terminal(
    trace: Any,
    selected: list | None,
    chosen: Any,
    *,
    summary: bool,
    quiet: bool,
    everything: bool,
    **out: Any,
) -> None:
    """The trace (or the summary) as text; many cells to a screen ask first."""
    if selected is None and not quiet and not summary:
        summary = not ask_first(trace, chosen, everything)
        if not chosen.everything:
            selected = trace.cells(chosen.filters, chosen.rows, chosen.cols)
    if summary:
        show.print_summary(trace, **out)
    else:
        show.print_terminal(trace, selected, quiet=quiet, everything=everything, **out)


def ask_first(trace: Any, chosen: Any, everything: bool) -> bool:
    """Whether to print the chosen cells: yes, unless a person declined many on a screen."""
    task = trace.task
    lines_per_cell = 3 + task.channels // task.groups
    if confirm_many(chosen.count(trace.shape), lines_per_cell, everything=everything):
        return True
    said = _("convtrace: showing the summary instead; {hint}")
    click.echo(said.format(hint=_(HINT)), err=True)
    return False

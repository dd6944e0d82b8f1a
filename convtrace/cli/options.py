"""Every option decorator the commands share, and the one that loads the task they describe."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

import click

from .. import language
from ..language import N_

#: The hyperparameter options, in the order ``load_task`` takes them as overrides.
HYPERPARAMETERS = ("stride", "padding", "padding_mode", "dilation", "groups", "flip")


def apply(options: Sequence[Callable], command: Callable) -> Callable:
    """Decorate ``command`` with ``options``, the first listed first in ``--help``."""
    for option in reversed(options):
        command = option(command)
    return command


def task_options(command: Callable) -> Callable:
    """The options that say what to convolve; every command that reads a task takes them."""
    return apply(
        [
            click.argument("task_file", metavar="[TASK.json]", required=False),
            *source_options(),
            click.option("--stride", metavar="S", help=N_("Stride: 2, or rows,cols as 2,1.")),
            click.option(
                "--padding",
                metavar="P",
                help=N_(
                    "Padding: 1; rows,cols 1,2; top,bottom,left,right 0,1,1,2; 'same' or 'valid'."
                ),
            ),
            click.option(
                "--padding-mode",
                type=click.Choice(["zeros", "reflect", "replicate", "circular"]),
                help=N_("What the padding holds (default zeros)."),
            ),
            click.option("--dilation", metavar="D", help=N_("Dilation: 2, or rows,cols as 2,1.")),
            click.option(
                "--groups",
                type=int,
                metavar="G",
                help=N_("Grouped convolution; groups = channels is depthwise."),
            ),
            click.option(
                "--flip/--no-flip",
                default=None,
                help=N_(
                    "Rotate kernels 180° first: true convolution (default: cross-correlation)."
                ),
            ),
            click.option(
                "--strict",
                is_flag=True,
                help=N_("Refuse a stride that leaves input rows or columns unread."),
            ),
            *chain_options(),
        ],
        command,
    )


def source_options() -> list[Callable]:
    """Where the input and the filters come from instead of the task file, and the biases."""
    return [
        click.option(
            "--input",
            "input_file",
            metavar="FILE",
            help=N_("Input volume from a CSV (or JSON) file; replaces the task's input."),
        ),
        click.option(
            "--kernel",
            "kernel_files",
            metavar="FILE",
            multiple=True,
            help=N_(
                "One filter from a CSV (or JSON) file, its kernel per channel "
                "separated by blank lines. Repeat for more filters."
            ),
        ),
        click.option(
            "--bias",
            "biases",
            metavar="NUM",
            multiple=True,
            type=float,
            help=N_("Bias of each filter, in order (repeat), or one for all."),
        ),
    ]


def chain_options() -> list[Callable]:
    """``--then`` (layers after the convolution) and ``--exact`` (fractions throughout)."""
    return [
        click.option(
            "--then",
            "then",
            metavar="LAYER",
            multiple=True,
            help=N_(
                "Append a layer: relu, leaky_relu:0.1, maxpool:2 (size 2, stride 2), "
                "maxpool:3,stride=2,padding=1, avgpool:2,ceil_mode. Repeatable."
            ),
        ),
        click.option(
            "--exact",
            is_flag=True,
            help=N_("Keep every number an exact fraction (1/9, 5/3), products and sums too."),
        ),
    ]


def output_options(command: Callable) -> Callable:
    """How the result is shown: colour, ASCII, the decimals shown."""
    return apply(
        [
            click.option("--no-color", is_flag=True, help=N_("Plain text, no colour or styles.")),
            click.option(
                "--ascii",
                "ascii_only",
                is_flag=True,
                help=N_("ASCII only: * for ·, - for −, x for ×, rules and boxes in - | +."),
            ),
            click.option(
                "--precision",
                type=click.IntRange(0, 15),
                metavar="N",
                help=N_(
                    "Show decimals with at most N places (default: up to 12 significant "
                    "digits); the numbers computed are never rounded."
                ),
            ),
        ],
        with_precision(command),
    )


def with_precision(command: Callable) -> Callable:
    """Run ``command`` with ``--precision``'s decimals shown (the option is not passed on)."""

    @functools.wraps(command)
    def wrapper(*args, precision: int | None = None, **kwargs):
        from ..numbers import shown_decimals

        with shown_decimals(precision):
            return command(*args, **kwargs)

    return wrapper


def selection_options(command: Callable) -> Callable:
    """Which cells ``run`` shows: one cell, ranges of rows and columns, filters, or a summary."""
    return apply(
        [
            click.option(
                "--cell",
                "cells",
                metavar="K,I,J",
                multiple=True,
                help=N_(
                    "Show only this output cell (filter, row, col; zero-based; K,J for a 1-D "
                    "signal). Repeatable."
                ),
            ),
            click.option(
                "--rows",
                metavar="A..B",
                help=N_("Only output rows A to B (both included, zero-based; also A, A.. or ..B)."),
            ),
            click.option(
                "--cols", metavar="A..B", help=N_("Only output columns A to B, as --rows.")
            ),
            click.option(
                "--filter",
                "filters",
                metavar="K",
                multiple=True,
                help=N_("Only this filter, by name or zero-based index. Repeatable."),
            ),
            click.option(
                "--summary",
                is_flag=True,
                help=N_(
                    "The output size and per-filter statistics (min, max, mean, signs), no cells."
                ),
            ),
            click.option(
                "--all",
                "all_cells",
                is_flag=True,
                # 300 is CELL_LIMIT, written out for the catalog (tests/test_language.py checks)
                help=N_(
                    "Print everything to a terminal: every cell without asking (it asks above "
                    "300) and matrices too big for a screen."
                ),
            ),
        ],
        command,
    )


def step_options(command: Callable) -> Callable:
    """``run --step``, the walkthrough, and how it moves."""
    return apply(
        [
            click.option(
                "--step",
                is_flag=True,
                help=N_(
                    "Walk through it full screen, one cell at a time (? there lists the keys)."
                ),
            ),
            click.option(
                "--auto",
                type=click.FloatRange(min=0, min_open=True),
                metavar="SECONDS",
                help=N_(
                    "With --step: move on by itself every SECONDS (any key pauses, space plays)."
                ),
            ),
            click.option(
                "--fine",
                is_flag=True,
                help=N_("With --step: one product at a time, with the running sum."),
            ),
        ],
        command,
    )


def export_options(command: Callable) -> Callable:
    """Where and how ``run`` writes an export (Markdown, LaTeX, HTML, SVG, JSON, text)."""
    return apply(
        [
            click.option(
                "--export",
                "export_path",
                metavar="FILE",
                help=N_(
                    "Write the trace to FILE, the format from its extension: .md, .tex, .html, "
                    ".svg, .json, .txt ('-' for standard output)."
                ),
            ),
            click.option(
                "--force", is_flag=True, help=N_("Replace the --export file if it exists.")
            ),
            click.option(
                "--plain-math",
                is_flag=True,
                help=N_("Markdown: sums in Unicode text, not LaTeX math."),
            ),
            click.option(
                "--fragment",
                is_flag=True,
                help=N_("LaTeX: a fragment to \\input, not a whole document."),
            ),
            click.option(
                "--worksheet",
                is_flag=True,
                help=N_("Markdown/LaTeX: leave products, sums and outputs blank for a student."),
            ),
            click.option(
                "--answers", is_flag=True, help=N_("With --worksheet: append the full solution.")
            ),
            blank_option,
        ],
        command,
    )


#: ``--blank``: what a worksheet leaves blank (``run --worksheet`` and ``quiz``).
blank_option = click.option(
    "--blank",
    metavar="PARTS",
    multiple=True,
    help=N_(
        "With a worksheet: what to leave blank, comma-separated or repeated: size, windows, "
        "factors, products, sums, output, or all (default size,products,sums,output)."
    ),
)


def with_task(command: Callable) -> Callable:
    """Load the task from :func:`task_options` and pass it on as ``task`` (with ``strict``)."""

    @functools.wraps(command)
    def wrapper(task_file, input_file, kernel_files, biases, strict, then, exact, **rest):
        from .images import image_source, with_depthwise

        hyper = {key: rest.pop(key) for key in HYPERPARAMETERS}
        image, depthwise = image_source(rest, hyper["groups"])  # where the command has them
        task = load_from_options(
            task_file,
            input_file,
            kernel_files,
            biases,
            image=image,
            then=then,
            exact=exact,
            **hyper,
        )
        task = with_depthwise(task, depthwise)
        return command(task=task, strict=strict, **rest)

    return wrapper


def load_from_options(
    task_file: str | None,
    input_file: str | None,
    kernel_files: Sequence[str],
    biases: Sequence[float],
    image: Any = None,
    *,
    then: Sequence[str] = (),
    exact: bool = False,
    **hyper: Any,
):
    """Load the task the options describe; command-line hyperparameters override the file's.
    ``then`` appends layers (a chain); ``exact`` keeps every number a fraction.

    A sample's name (``seed``) stands for the sample where no such file exists here; ``image``
    (``--image``) reads a picture as the input.
    """
    from ..api import load_task

    if task_file is None and input_file is None and image is None:
        raise click.UsageError(
            language._("give a task file (TASK.json) or --input FILE with --kernel FILE")
        )
    if input_file is not None and not kernel_files and task_file is None:
        raise click.UsageError(
            language._("--input needs at least one --kernel FILE (or a task file)")
        )
    if image is not None:
        if input_file is not None:
            raise click.UsageError(
                language._("--image and --input both give the input; use one of them")
            )
        if not kernel_files and task_file is None:
            raise click.UsageError(
                language._(
                    "--image needs a --kernel NAME or FILE (convtrace kernels lists the names)"
                )
            )
    places = {
        key: "--" + key.replace("_", "-") for key, value in hyper.items() if value is not None
    }
    return load_task(
        task_file,
        input=input_file,
        kernels=kernel_files,
        biases=[int_if_whole(b) for b in biases] if biases else None,
        options=hyper,
        places=places,
        image=image,
        then=then,
        exact=exact,
    )


def int_if_whole(value: float) -> int | float:
    """``--bias 1`` is the integer 1 (click reads it as 1.0), so the trace stays in integers."""
    return int(value) if float(value).is_integer() else value

"""The command line: a thin click layer over the library.

It parses options, loads the task, asks the engine for a trace and hands it to a renderer. The
project's :class:`InputError` becomes one line on stderr and exit status 2, here and only here.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Sequence
from typing import Any

import click

from .errors import InputError

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class BadInput(click.ClickException):
    """Bad input, said in one line: exit status 2, as click does for usage errors."""

    exit_code = 2

    def show(self, file: Any = None) -> None:
        click.echo(f"convtrace: {self.format_message()}", err=True)


class Group(click.Group):
    """Turns the project's input errors into clean exits for every command."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except InputError as error:
            raise BadInput(str(error)) from None
        except BrokenPipeError:  # `convtrace run … | head`: the reader left, nothing to say
            sys.stderr.close()
            ctx.exit(0)


@click.group(cls=Group, context_settings=CONTEXT)
@click.version_option(package_name="convtrace", message="%(prog)s %(version)s")
def main() -> None:
    """Convolutions traced by hand: every window, product and sum, as a worked solution.

    \b
    Example:
      convtrace run samples/seed.json
      convtrace run samples/seed.json --cell 0,0,1 --no-color
    """


# --- shared options --------------------------------------------------------------------------


def task_options(command: Callable) -> Callable:
    """The options that say what to convolve; every command that reads a task takes them."""
    options = [
        click.argument("task_file", metavar="TASK.json", required=False),
        click.option(
            "--input",
            "input_file",
            metavar="FILE",
            help="Input volume from a CSV (or JSON) file; replaces the task's input.",
        ),
        click.option(
            "--kernel",
            "kernel_files",
            metavar="FILE",
            multiple=True,
            help="One filter from a CSV (or JSON) file, its kernel per channel "
            "separated by blank lines. Repeat for more filters.",
        ),
        click.option(
            "--bias",
            "biases",
            metavar="NUM",
            multiple=True,
            type=float,
            help="Bias of each filter, in order (repeat), or one for all.",
        ),
        click.option("--stride", metavar="S", help="Stride: 2, or rows,cols as 2,1."),
        click.option(
            "--padding",
            metavar="P",
            help="Padding: 1; rows,cols 1,2; top,bottom,left,right 0,1,1,2; 'same' or 'valid'.",
        ),
        click.option(
            "--padding-mode",
            type=click.Choice(["zeros", "reflect", "replicate", "circular"]),
            help="What the padding holds (default zeros).",
        ),
        click.option("--dilation", metavar="D", help="Dilation: 2, or rows,cols as 2,1."),
        click.option(
            "--groups",
            type=int,
            metavar="G",
            help="Grouped convolution; groups = channels is depthwise.",
        ),
        click.option(
            "--flip/--no-flip",
            default=None,
            help="Rotate kernels 180° first: true convolution (default: cross-correlation).",
        ),
        click.option(
            "--strict",
            is_flag=True,
            help="Refuse a stride that leaves input rows or columns unread.",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def load_from_options(
    task_file: str | None,
    input_file: str | None,
    kernel_files: Sequence[str],
    biases: Sequence[float],
    **options: Any,
):
    """Load the task the options describe; command-line hyperparameters override the file's."""
    from .loaders import load_task

    if task_file is None and input_file is None:
        raise click.UsageError("give a task file (TASK.json) or --input FILE with --kernel FILE")
    if input_file is not None and not kernel_files and task_file is None:
        raise click.UsageError("--input needs at least one --kernel FILE (or a task file)")
    hyper = {
        key: options.get(key)
        for key in ("stride", "padding", "padding_mode", "dilation", "groups", "flip")
    }
    places = {
        key: "--" + key.replace("_", "-") for key, value in hyper.items() if value is not None
    }
    return load_task(
        task_file,
        input=input_file,
        kernels=kernel_files,
        biases=[_int_if_whole(b) for b in biases] if biases else None,
        options=hyper,
        places=places,
    )


def _int_if_whole(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def output_options(command: Callable) -> Callable:
    """How the result is shown: colour, ASCII."""
    options = [
        click.option("--no-color", is_flag=True, help="Plain text, no colour or styles."),
        click.option("--ascii", "ascii_only", is_flag=True, help="ASCII only: * for ·, - for −."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def make_console(no_color: bool, *, stderr: bool = False):
    """The console for results (stdout) or messages (stderr); rich honours NO_COLOR itself."""
    from rich.console import Console

    if no_color:
        return Console(stderr=stderr, color_system=None, highlight=False, emoji=False)
    return Console(stderr=stderr, highlight=False, emoji=False)


def parse_cell(text: str, filters: int, one_d: bool = False) -> tuple[int, int, int]:
    """``K,I,J`` (or ``I,J`` when there is one filter) → (k, i, j).

    A 1-D signal has no rows: ``K,J`` (or ``J`` when there is one filter) → (k, 0, j).
    """
    try:
        numbers = [int(part) for part in text.replace(";", ",").split(",")]
    except ValueError:
        raise InputError(f"{text!r} is not K,I,J (three whole numbers)", place="--cell") from None
    if one_d and len(numbers) in (1, 2):
        if len(numbers) == 1 and filters != 1:
            raise InputError(f"{text!r} is not K,J (filter, position)", place="--cell")
        return (numbers[0] if len(numbers) == 2 else 0), 0, numbers[-1]
    if len(numbers) == 2 and filters == 1:
        numbers = [0, *numbers]
    if len(numbers) != 3:
        raise InputError(f"{text!r} is not K,I,J (filter, row, column)", place="--cell")
    return numbers[0], numbers[1], numbers[2]


# --- exports (issue 5) --------------------------------------------------------------------


def export_options(command: Callable) -> Callable:
    """Where and how ``run`` writes an export (Markdown, LaTeX, HTML, SVG, JSON, text)."""
    options = [
        click.option(
            "--export",
            "export_path",
            metavar="FILE",
            help="Write the trace to FILE, the format from its extension: .md, .tex, .html, "
            ".svg, .json, .txt ('-' for standard output).",
        ),
        click.option("--force", is_flag=True, help="Replace the --export file if it exists."),
        click.option(
            "--plain-math", is_flag=True, help="Markdown: sums in Unicode text, not LaTeX math."
        ),
        click.option(
            "--fragment", is_flag=True, help="LaTeX: a fragment to \\input, not a whole document."
        ),
        click.option(
            "--worksheet",
            is_flag=True,
            help="Markdown/LaTeX: leave products, sums and outputs blank for a student.",
        ),
        click.option("--answers", is_flag=True, help="With --worksheet: append the full solution."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def export_requested(fmt: str, export: dict[str, Any]) -> bool:
    """True when ``run`` writes an export rather than the terminal trace or plain JSON."""
    if export.get("export_path") is not None or fmt in ("md", "latex", "html", "svg"):
        return True
    used = [name for name in ("force", "plain_math", "fragment", "worksheet", "answers")]
    used = [name for name in used if export.get(name)]
    if used:
        option = "--" + used[0].replace("_", "-")
        raise click.UsageError(f"{option} goes with --export FILE or --format md|latex")
    return False


def run_export(
    trace: Any,
    cells: list | None,
    fmt: str,
    *,
    export_path: str | None,
    force: bool,
    quiet: bool,
    ascii: bool,
    **options: bool,
) -> None:
    """Write the export; ``--format`` overrides the extension when the user gave it."""
    from .export import write_export

    ctx = click.get_current_context()
    explicit = ctx.get_parameter_source("fmt") is not click.core.ParameterSource.DEFAULT
    path = "-" if export_path is None else export_path
    write_export(
        trace,
        path,
        fmt=fmt if explicit or path == "-" else None,
        force=force,
        cells=cells,
        quiet=quiet,
        ascii=ascii,
        **options,
    )


# --- commands --------------------------------------------------------------------------------


def with_task(command: Callable) -> Callable:
    """Load the task from the shared options and pass it on as ``task``."""

    @functools.wraps(command)
    def wrapper(
        task_file,
        input_file,
        kernel_files,
        biases,
        stride,
        padding,
        padding_mode,
        dilation,
        groups,
        flip,
        strict,
        **rest,
    ):
        task = load_from_options(
            task_file,
            input_file,
            kernel_files,
            biases,
            stride=stride,
            padding=padding,
            padding_mode=padding_mode,
            dilation=dilation,
            groups=groups,
            flip=flip,
        )
        return command(task=task, strict=strict, **rest)

    return wrapper


@main.command(context_settings=CONTEXT)
@task_options
@click.option(
    "--cell",
    "cells",
    metavar="K,I,J",
    multiple=True,
    help="Show only this output cell (filter, row, col; zero-based; K,J for a 1-D signal). "
    "Repeatable.",
)
@click.option("-q", "--quiet", is_flag=True, help="Show only the output volume.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "md", "latex", "html", "svg"]),
    default="text",
    show_default=True,
    help="text: the by-hand trace; json: one machine-readable document; md, latex, html, svg: "
    "an export (to standard output, or to the --export file instead of its extension's format).",
)
@export_options
@output_options
@with_task
def run(task, strict, cells, quiet, fmt, no_color, ascii_only, **export) -> None:
    """Trace a convolution: every output cell's products and sums, as worked by hand.

    TASK.json holds the input volume, the filters and the hyperparameters (see the README);
    options override the file. CSV files work with --input and --kernel.

    \b
    Example:
      convtrace run samples/seed.json
      convtrace run samples/seed.json --cell 0,1,2 --stride 1
      convtrace run --input samples/seed-input.csv --kernel samples/seed-kernel.csv \\
          --bias 1 --stride 2 --padding 1
      convtrace run samples/seed.json --format json
      convtrace run samples/seed.json --export seed.md
      convtrace run samples/seed.json --export sheet.tex --worksheet --answers
      convtrace run samples/rect.json --padding same --padding-mode reflect --dilation 2
    """
    from .engine import run as run_engine

    trace = run_engine(task, strict=strict)
    wanted = [parse_cell(text, len(task.filters), task.one_d) for text in cells]
    selected = [trace.cell(*where) for where in wanted] if wanted else None
    if export_requested(fmt, export):
        run_export(trace, selected, fmt, quiet=quiet, ascii=ascii_only, **export)
        return
    if fmt == "json":
        from .render.json_doc import write_json

        write_json(trace, sys.stdout, selected)
        return
    from .render.terminal import print_trace

    print_trace(make_console(no_color), trace, cells=selected, quiet=quiet, ascii=ascii_only)

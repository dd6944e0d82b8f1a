"""The command line: a thin click layer over the library.

It parses options, loads the task, asks the engine for a trace and hands it to a renderer. The
project's :class:`InputError` becomes one line on stderr and exit status 2, here and only here.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

import click

from ._version import __version__
from .errors import InputError
from .guard import CELL_LIMIT, HINT, confirm_many, on_screen

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
        except click.UsageError as error:  # misused options, too: one line, not a usage block
            where = error.ctx.command_path if error.ctx else ctx.command_path
            raise BadInput(f"{error.format_message()} (see '{where} --help')") from None
        except BrokenPipeError:  # `convtrace run … | head`: the reader left, nothing to say
            sys.stderr.close()
            ctx.exit(0)


@click.group(cls=Group, context_settings=CONTEXT)
@click.version_option(__version__, message="%(prog)s %(version)s")
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
        click.argument("task_file", metavar="[TASK.json]", required=False),
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
        click.option(
            "--ascii",
            "ascii_only",
            is_flag=True,
            help="ASCII only: * for ·, - for −, x for ×, rules and boxes in - | +.",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def make_console(no_color: bool, *, stderr: bool = False):
    """The console for results (stdout) or messages (stderr); rich honours NO_COLOR itself."""
    from rich.console import Console

    class PipeConsole(Console):
        """rich exits 1 when the reader leaves (``| head``); every other path exits 0 quietly,
        so hand the BrokenPipeError on to :class:`Group`, with stdout sent to devnull so the
        final flush at exit cannot fail again."""

        def on_broken_pipe(self) -> None:
            self.quiet = True
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise BrokenPipeError

    if no_color:
        return PipeConsole(stderr=stderr, color_system=None, highlight=False, emoji=False)
    return PipeConsole(stderr=stderr, highlight=False, emoji=False)


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


def cell_at(trace: Any, where: tuple[int, int, int]) -> Any:
    """``trace.cell`` for a ``--cell`` option: an error names the option, not the library's
    ``cell`` argument."""
    try:
        return trace.cell(*where)
    except InputError as error:
        if error.place == "cell":
            error.place = "--cell"
        raise


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
    for name, goes_with in EXPORT_ONLY.items():
        if export.get(name):
            option = "--" + name.replace("_", "-")
            raise click.UsageError(f"{option} goes with {goes_with}")
    return False


#: Each export-only option and what it needs, said precisely (--force only replaces a file).
EXPORT_ONLY = {
    "force": "--export FILE",
    "plain_math": "--format md or --export FILE.md",
    "fragment": "--format latex or --export FILE.tex",
    "worksheet": "--export FILE or --format md|latex",
    "answers": "--worksheet",
}


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
@click.option(
    "--rows",
    metavar="A..B",
    help="Only output rows A to B (both included, zero-based; also A, A.. or ..B).",
)
@click.option("--cols", metavar="A..B", help="Only output columns A to B, as --rows.")
@click.option(
    "--filter",
    "filters",
    metavar="K",
    multiple=True,
    help="Only this filter, by name or zero-based index. Repeatable.",
)
@click.option(
    "--summary",
    is_flag=True,
    help="The output size and per-filter statistics (min, max, mean, signs), no cells.",
)
@click.option(
    "--all",
    "all_cells",
    is_flag=True,
    help=f"Print everything to a terminal: every cell without asking (it asks above "
    f"{CELL_LIMIT}) and matrices too big for a screen.",
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
@click.option(
    "--step",
    is_flag=True,
    help="Walk through it full screen, one cell at a time (? there lists the keys).",
)
@click.option(
    "--auto",
    type=click.FloatRange(min=0, min_open=True),
    metavar="SECONDS",
    help="With --step: move on by itself every SECONDS (any key pauses, space plays).",
)
@click.option(
    "--fine", is_flag=True, help="With --step: one product at a time, with the running sum."
)
@export_options
@output_options
@with_task
def run(
    task,
    strict,
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
      cat samples/seed.json | convtrace run -
      convtrace run samples/seed.json --export seed.md
      convtrace run samples/seed.json --export sheet.tex --worksheet --answers
      convtrace run samples/rect.json --padding same --padding-mode reflect --dilation 2
      convtrace run samples/seed.json --step --fine
      convtrace run big.json --summary
      convtrace run big.json --filter w1 --rows 0..2 --cols 10..12

    Printing more than a few hundred cells to a terminal asks first (or needs --all), and
    matrices too big for a screen are named there, not printed; output to a file or a pipe is
    written in full.
    """
    from .engine import run as run_engine
    from .selection import selection

    trace = run_engine(task, strict=strict)
    wanted = [parse_cell(text, len(task.filters), task.one_d) for text in cells]
    wanted = list(dict.fromkeys(wanted))  # the same cell twice is shown once, in order
    if wanted and summary:
        raise click.UsageError("--summary shows no cells: leave out --cell, or --summary")
    selected = [cell_at(trace, where) for where in wanted] if wanted else None
    chosen = selection(task, trace.shape, filters=filters, rows=rows, cols=cols)
    if wanted and not chosen.everything:
        raise click.UsageError("--cell picks its cells itself; leave out --rows, --cols, --filter")
    if summary and (fmt != "text" or quiet or export_requested(fmt, export)):
        raise click.UsageError("--summary is a terminal view: leave out --format, --export and -q")
    if step or fine or auto is not None:  # the walkthrough: convtrace.step
        if summary or not chosen.everything:
            raise BadInput(
                "--step starts at --cell K,I,J; it takes no --rows, --cols, --filter or --summary"
            )
        _walk_through(trace, wanted, step, fine, auto, fmt, quiet, no_color, ascii_only, export)
        return
    if export_requested(fmt, export):
        if not chosen.everything:
            selected = trace.cells(chosen.filters, chosen.rows, chosen.cols)
        run_export(trace, selected, fmt, quiet=quiet, ascii=ascii_only, **export, no_color=no_color)
        return
    if fmt == "json":
        from .render.json_doc import write_json

        picked = {} if chosen.everything else vars(chosen)
        write_json(trace, sys.stdout, selected, **picked)
        return
    if selected is None and not quiet and not summary:
        channels = task.channels // task.groups
        summary = not confirm_many(chosen.count(trace.shape), 3 + channels, everything=all_cells)
        if summary:
            click.echo(f"convtrace: showing the summary instead; {HINT}", err=True)
        if not chosen.everything:
            selected = trace.cells(chosen.filters, chosen.rows, chosen.cols)
    console = make_console(no_color)
    if summary:
        from .render.summary import print_summary

        print_summary(console, trace, ascii=ascii_only)
        return
    from .render.terminal import print_trace

    print_trace(
        console,
        trace,
        cells=selected,
        quiet=quiet,
        ascii=ascii_only,
        everything=quiet or not on_screen(all_cells),
    )


def _walk_through(trace, wanted, step, fine, auto, fmt, quiet, no_color, ascii_only, export):
    """``run --step``: checks what only a terminal can do, then hands over to convtrace.step."""
    from .step import is_interactive, walk

    if not step:
        raise BadInput("--fine and --auto go with --step")
    if fmt != "text" or quiet or len(wanted) > 1 or any(export.values()):
        raise BadInput(
            "--step shows one cell at a time on screen; it takes no --format, --export, -q "
            "or second --cell"
        )
    if not is_interactive():
        raise BadInput(
            "--step needs an interactive terminal (keyboard and screen); "
            "to print one cell's trace instead, use --cell K,I,J"
        )
    begin = wanted[0] if wanted else (0, 0, 0)
    status = walk(
        trace, make_console(no_color), fine=fine, auto=auto, begin=begin, ascii=ascii_only
    )
    click.get_current_context().exit(status)


# --- homework: check and quiz ----------------------------------------------------------------


def answer_last(command: Callable) -> Callable:
    """``check --input X --kernel K ANSWER``: with no task file, the one argument is the answer."""

    @functools.wraps(command)
    def wrapper(task_file, answer_file, **rest):
        if answer_file is None:
            if task_file is None and rest.get("input_file") is None:
                raise click.UsageError(
                    "give the task and the answer: convtrace check TASK.json ANSWER"
                )
            if task_file is None or rest.get("input_file") is None:
                raise click.UsageError("give the answer file: convtrace check TASK.json ANSWER")
            task_file, answer_file = None, task_file
        return command(task_file=task_file, answer_file=answer_file, **rest)

    return wrapper


@main.command(context_settings=CONTEXT)
@task_options
@click.argument("answer_file", metavar="ANSWER", required=False, type=click.Path(dir_okay=False))
@click.option(
    "--tolerance",
    type=float,
    default=0.005,
    show_default=True,
    help="A cell is right when |given − expected| ≤ tolerance "
    "(+ 10⁻¹²·|expected| for float noise); 0.005 accepts answers rounded to 2 decimals.",
)
@click.option("-q", "--quiet", is_flag=True, help="No traces of the wrong cells.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: the report; json: a machine-readable verdict for autograders.",
)
@output_options
@answer_last
@with_task
def check(task, strict, answer_file, tolerance, quiet, fmt, no_color, ascii_only) -> None:
    """Check a student's output volume: which cells are wrong, and why.

    ANSWER is the output as CSV (one matrix per filter, a blank line between; decimal commas
    work as in task files) or JSON ({"output": …} or a bare nested list). The report shows
    expected and given side by side, names the classic slip that explains the numbers (bias
    forgotten, padding forgotten, stride ignored, kernel flipped, one channel only, output
    transposed, window shifted, a sign error in one product …) and traces every wrong cell.

    Exit status: 0 every cell right, 1 some wrong, 2 unusable input (a wrong shape that no
    slip explains, an unreadable file).

    \b
    Example:
      convtrace check samples/seed.json answer.csv
      convtrace check samples/seed.json answer.json --format json
      convtrace check samples/seed.json answer.csv --tolerance 0.05 -q
    """
    from .engine import run as run_engine
    from .homework.answers import check as check_answer
    from .homework.answers import read_answer, shape_message

    trace = run_engine(task, strict=strict)
    given = read_answer(answer_file, one_d=task.one_d)
    result = check_answer(trace, given, tolerance, ascii=ascii_only)
    status = result.status
    if fmt == "json":
        from .homework.report import verdict_dict, verdict_json

        doc = verdict_dict(result, task=task.source, answer=str(answer_file))
        click.echo(verdict_json(doc), nl=False)
    if status == 2:
        raise InputError(shape_message(trace, given.shape, ascii_only), source=str(answer_file))
    if fmt == "text":
        from .homework.report import print_check

        print_check(
            make_console(no_color),
            result,
            answer_name=str(answer_file),
            ascii=ascii_only,
            traces=not quiet,
        )
    click.get_current_context().exit(status)


@main.command(context_settings=CONTEXT)
@click.option("--size", type=int, metavar="N", help="Input height and width H₁ = W₁ (≤ 64).")
@click.option(
    "--channels", type=int, metavar="C", help="Input channels D₁, ≤ 8 (3 are named R, G, B)."
)
@click.option(
    "--filters", type=int, default=1, show_default=True, metavar="K", help="Filters (≤ 8)."
)
@click.option("--kernel", type=int, metavar="F", help="Kernel size F (F×F).")
@click.option("--stride", type=int, metavar="S", help="Stride s.")
@click.option("--padding", type=int, metavar="P", help="Zero padding P, below the kernel size.")
@click.option(
    "--range",
    "values",
    default="0..3",
    show_default=True,
    metavar="A..B",
    help="Whole numbers of the input.",
)
@click.option("--weights", default="-1..1", show_default=True, metavar="A..B", help="Weights.")
@click.option(
    "--bias-range", metavar="A..B", help="Biases (default: the weights' range, 0 avoided)."
)
@click.option("--seed", type=int, metavar="N", help="Same seed, same files (default: random).")
@click.option(
    "--allow-floor",
    is_flag=True,
    help="Also allow hyperparameters whose size formula needs the floor ⌊ ⌋.",
)
@click.option(
    "-o",
    "--output",
    "directory",
    metavar="DIR",
    help="Folder for task.json, the worksheet and the answer key (default quiz-SEED).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "latex"]),
    default="md",
    show_default=True,
    help="Worksheet and answer key as Markdown or LaTeX.",
)
@click.option("--latex", is_flag=True, help="Same as --format latex.")
@click.option("--force", is_flag=True, help="Replace files that exist.")
def quiz(
    size,
    channels,
    filters,
    kernel,
    stride,
    padding,
    values,
    weights,
    bias_range,
    seed,
    allow_floor,
    directory,
    fmt,
    latex,
    force,
) -> None:
    """Make a random exercise: the task, a worksheet to fill in and its answer key.

    Options left out are drawn at random (a small exercise); the hyperparameters are always
    ones whose size formula (H₁ − F + 2P)/s + 1 comes out whole, unless --allow-floor.
    The same options and --seed give the same files, byte for byte.

    \b
    Example:
      convtrace quiz --seed 3 -o sheet/
      convtrace quiz --size 5 --channels 3 --filters 2 --kernel 3 --stride 2 --padding 1 \\
          --range 0..3 --weights -1..1 --seed 7 -o sheet/
      convtrace quiz --seed 3 -o sheet/ --latex
      convtrace check sheet/task.json answer.csv
    """
    from .homework.quiz import make_quiz, write_quiz

    made = make_quiz(
        size=size,
        channels=channels,
        filters=filters,
        kernel=kernel,
        stride=stride,
        padding=padding,
        values=values,
        weights=weights,
        biases=bias_range,
        seed=seed,
        allow_floor=allow_floor,
    )
    paths = write_quiz(
        made, directory or f"quiz-{made.seed}", fmt="latex" if latex else fmt, force=force
    )
    task = made.task
    rows, cols = task.axes
    k = len(task.filters)
    fh, fw = task.kernel_size
    click.echo(
        f"Exercise (seed {made.seed}): input {rows.size}×{cols.size}×{task.channels}, "
        f"{k} filter{'s' if k != 1 else ''} {fh}×{fw}×{task.channels}, "
        f"stride {rows.stride}, padding {rows.pad_before} → output "
        f"{cols.out}×{rows.out}×{k}"
    )
    for what, path in paths.items():
        label = {"task": "task", "worksheet": "worksheet", "answers": "answer key"}[what]
        click.echo(f"  {label + ':':<12}{path}")
    click.echo(f"Check an answer: convtrace check {paths['task']} ANSWER.csv")

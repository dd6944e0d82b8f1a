"""``convtrace check`` (mark a student's answer) and ``convtrace quiz`` (make an exercise)."""

from __future__ import annotations

import functools
from collections.abc import Callable

import click

from ..errors import InputError
from ..numbers import UNICODE
from . import show
from .group import CONTEXT, Command
from .options import output_options, task_options, with_task


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


@click.command(cls=Command, context_settings=CONTEXT)
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
@click.option(
    "--layer",
    type=int,
    metavar="N",
    help="A chain's layer N (1 is the first) instead of the final output.",
)
@output_options
@answer_last
@with_task
def check(task, strict, answer_file, tolerance, quiet, fmt, no_color, ascii_only, layer) -> None:
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
      convtrace check seed answer.csv
      convtrace check seed answer.json --format json
      convtrace check seed answer.csv --tolerance 0.05 -q
      convtrace check chain answer.csv --layer 2
    """
    from ..engine import run as run_engine
    from ..homework.answers import check as check_answer
    from ..homework.answers import read_answer, shape_message

    if not hasattr(task, "filters"):  # a chain of layers: its output, or --layer N's
        from ..engine.chain import run_chain
        from .layers import check_chain

        options = {"tolerance": tolerance, "quiet": quiet, "fmt": fmt, "no_color": no_color}
        status = check_chain(
            run_chain(task, strict=strict),
            answer_file,
            layer=layer,
            ascii_only=ascii_only,
            **options,
        )
        click.get_current_context().exit(status)
    if layer is not None:
        raise InputError('goes with a task of several layers ("layers" or --then)', place="--layer")
    trace = run_engine(task, strict=strict)
    given = read_answer(answer_file, one_d=task.one_d)
    result = check_answer(trace, given, tolerance, ascii=ascii_only)
    if fmt == "json":
        show.print_verdict_json(result, task=task.source, answer=str(answer_file))
    if result.status == 2:
        raise InputError(shape_message(trace, given.shape, ascii_only), source=str(answer_file))
    if fmt == "text":
        show.print_report(
            result, answer=str(answer_file), traces=not quiet, no_color=no_color, ascii=ascii_only
        )
    click.get_current_context().exit(result.status)


@click.command(cls=Command, context_settings=CONTEXT)
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
@click.option(
    "--then",
    metavar="LAYER",
    multiple=True,
    help="A layer after the convolution (relu, maxpool:2, …), as for run. Repeatable.",
)
def quiz(directory, fmt, latex, force, bias_range, **options) -> None:
    """Make a random exercise: the task, a worksheet to fill in and its answer key.

    Options left out are drawn at random (a small exercise); the hyperparameters are always
    ones whose size formula (H₁ − F + 2P)/s + 1 comes out whole, unless --allow-floor.
    The same options and --seed give the same files, byte for byte.

    \b
    Example:
      convtrace quiz --seed 3 -o sheet/
      convtrace quiz --size 5 --channels 3 --filters 2 --kernel 3 --stride 2 --padding 1 \\
          --range 0..3 --weights -1..1 --seed 7 -o sheet7/
      convtrace quiz --seed 3 -o sheet/ --latex
      convtrace quiz --seed 3 --then relu --then maxpool:2 -o chain-sheet/
      convtrace check sheet/task.json answer.csv
    """
    from ..homework.quiz import make_quiz, write_quiz

    made = make_quiz(**options, biases=bias_range)
    folder = directory or f"quiz-{made.seed}"
    paths = write_quiz(made, folder, fmt="latex" if latex else fmt, force=force)
    click.echo(exercise_line(made))
    for what, path in paths.items():
        label = {"task": "task", "worksheet": "worksheet", "answers": "answer key"}[what]
        click.echo(f"  {label + ':':<12}{path}")
    click.echo(f"Check an answer: convtrace check {paths['task']} ANSWER.csv")


def exercise_line(made) -> str:
    """``Exercise (seed 3): input 6×6×1, 1 filter 3×3×1, stride 1, padding 0 → output …``
    (a chain's layers after the convolution before its output)."""
    task = made.task
    if hasattr(task, "layers"):
        from ..solution.layer_words import layer_title

        conv = made.trace.layers[0]  # the convolution, as a single quiz says it
        first = exercise_line(type(made)(made.seed, made.data, conv.task, conv))
        c, h, w = task.output_shape
        steps = " → ".join(layer_title(layer, UNICODE) for layer in task.layers[1:])
        return f"{first.rsplit(' → output', 1)[0]} → {steps} → output {w}×{h}×{c}"
    rows, cols = task.axes
    k = len(task.filters)
    fh, fw = task.kernel_size
    return (
        f"Exercise (seed {made.seed}): input {rows.size}×{cols.size}×{task.channels}, "
        f"{k} filter{'s' if k != 1 else ''} {fh}×{fw}×{task.channels}, "
        f"stride {rows.stride}, padding {rows.pad_before} → output "
        f"{cols.out}×{rows.out}×{k}"
    )

"""``convtrace quiz``: a random exercise, or a class set of them, with worksheets and keys."""

from __future__ import annotations

import click

from .. import language
from ..language import N_
from .group import CONTEXT, Command
from .homework import progress, progress_option
from .options import blank_option

_, ngettext = language._, language.ngettext  # gettext's names, for the catalog tool

PADDING_MODES = ("zeros", "reflect", "replicate", "circular")


@click.command(cls=Command, context_settings=CONTEXT)
@click.option("--size", type=int, metavar="N", help=N_("Input height and width H₁ = W₁ (≤ 64)."))
@click.option(
    "--channels", type=int, metavar="C", help=N_("Input channels D₁, ≤ 8 (3 are named R, G, B).")
)
@click.option(
    "--filters", type=int, default=1, show_default=True, metavar="K", help=N_("Filters (≤ 8).")
)
@click.option("--kernel", type=int, metavar="F", help=N_("Kernel size F (F×F)."))
@click.option("--stride", type=int, metavar="S", help=N_("Stride s."))
@click.option(
    "--padding", type=int, metavar="P", help=N_("Padding P, at most d·(F − 1) (F − 1 undilated).")
)
@click.option(
    "--padding-mode",
    type=click.Choice(PADDING_MODES),
    default="zeros",
    show_default=True,
    help=N_("What the padding holds; another than zeros draws a padding of 1 or more."),
)
@click.option(
    "--dilation", type=int, default=1, show_default=True, metavar="D", help=N_("Dilation d.")
)
@click.option(
    "--signal", is_flag=True, help=N_("A 1-D signal (--size samples) instead of an image.")
)
@click.option(
    "--range",
    "values",
    default="0..3",
    show_default=True,
    metavar="A..B",
    help=N_("Numbers of the input."),
)
@click.option("--weights", default="-1..1", show_default=True, metavar="A..B", help=N_("Weights."))
@click.option(
    "--bias-range", metavar="A..B", help=N_("Biases (default: the weights' range, 0 avoided).")
)
@click.option(
    "--decimals",
    type=int,
    default=0,
    show_default=True,
    metavar="N",
    help=N_("Input, weights and biases with N decimal places (0–2), within their ranges."),
)
@click.option(
    "--fractions",
    is_flag=True,
    help=N_(
        'Weights as halves, thirds or quarters ("-3/4") within their range; the answer key '
        "keeps exact fractions (as run --exact)."
    ),
)
@click.option("--seed", type=int, metavar="N", help=N_("Same seed, same files (default: random)."))
@click.option(
    "--allow-floor",
    is_flag=True,
    help=N_("Also allow hyperparameters whose size formula needs the floor ⌊ ⌋."),
)
@click.option(
    "--count",
    type=int,
    metavar="N",
    help=N_("A class set: N distinct exercises, each in its own folder, and a combined key."),
)
@click.option(
    "--students",
    "roster",
    metavar="ROSTER",
    help=N_(
        "A class set with one exercise per student: a CSV with a name column (name, student, "
        "or first and last name), or one name per line."
    ),
)
@click.option(
    "-o",
    "--output",
    "directory",
    metavar="DIR",
    help=N_("Folder for the files (default quiz-SEED, or class-SEED for a class set)."),
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "latex"]),
    default="md",
    show_default=True,
    help=N_("Worksheet and answer key as Markdown or LaTeX."),
)
@click.option("--latex", is_flag=True, help=N_("Same as --format latex."))
@blank_option
@click.option(
    "--moodle",
    metavar="FILE.xml",
    help=N_("Also write the exercises as a Moodle XML quiz, one Cloze question each."),
)
@click.option("--force", is_flag=True, help=N_("Replace files that exist."))
@click.option(
    "--then",
    metavar="LAYER",
    multiple=True,
    help=N_("A layer after the convolution (relu, maxpool:2, …), as for run. Repeatable."),
)
@click.option(
    "--backward",
    is_flag=True,
    help=N_(
        "A gradient exercise: the task gets an upstream gradient G; the worksheet asks for "
        "∂L/∂b, ∂L/∂W and ∂L/∂x, the answer key traces the backward pass."
    ),
)
@progress_option
def quiz(
    directory, fmt, latex, force, bias_range, count, roster, moodle, blank, backward, **options
):
    """Make a random exercise: the task, a worksheet to fill in and its answer key.

    Options left out are drawn at random (a small exercise); the hyperparameters are always
    ones whose size formula (H₁ − F + 2P)/s + 1 comes out whole, unless --allow-floor.
    The same options and --seed give the same files, byte for byte. With --count or
    --students, a class set: distinct exercises, a folder each, a combined answer key and
    class.json, which check --class reads to grade each answer against its own exercise.

    \b
    Example:
      convtrace quiz --seed 3 -o sheet/
      convtrace quiz --size 5 --channels 3 --filters 2 --kernel 3 --stride 2 --padding 1 \\
          --range 0..3 --weights -1..1 --seed 7 -o sheet7/
      convtrace quiz --seed 3 -o sheet/ --latex --blank all
      convtrace quiz --signal --dilation 2 --padding-mode reflect --seed 5 -o wave/
      convtrace quiz --seed 3 --then relu --then maxpool:2 -o chain-sheet/
      convtrace quiz --seed 3 --backward -o grad-sheet/
      convtrace check sheet/task.json answer.csv
      convtrace quiz --count 30 --seed 1 -o class/ --moodle quiz.xml
      convtrace check --class class/ handed-in/ --gradebook class.csv
    """
    from ..homework.files import check_new

    fmt = "latex" if latex else fmt
    options["biases"] = bias_range
    moodle = check_new(moodle, force=force, place="--moodle") if moodle else None
    if backward and (moodle or options.get("then")):
        said = language._(
            "--backward makes exercises of a single convolution's gradients: leave out "
            "--moodle and --then"
        )
        raise click.UsageError(said)
    if backward and count is None and roster is None:
        single(options, directory, fmt, force, blank, None, backward=True)
    elif count is None and roster is None:
        single(options, directory, fmt, force, blank, moodle)
    else:
        class_set(options, count, roster, directory, fmt, force, blank, moodle, backward)


def write_moodle(path, questions, seed: int) -> None:
    """The Moodle XML quiz, one Cloze question per (name, trace), and a line saying so."""
    from ..homework.files import write_text
    from ..homework.lms import moodle_xml

    write_text(path, moodle_xml(questions, category=f"convtrace seed {seed}"))
    count = len(questions)
    said = ngettext("{count} Cloze question", "{count} Cloze questions", count)
    click.echo(f"  {'Moodle:':<12}{path} ({said.format(count=count)})")


def single(options, directory, fmt, force, blank, moodle, *, backward: bool = False):
    """One exercise, said in a line, and where its files are."""
    from ..homework.quiz import make_quiz, write_quiz
    from ..homework.words import exercise_line

    made = make_quiz(**options)
    folder = directory or f"quiz-{made.seed}"
    if backward:
        from ..homework.grad_quiz import with_upstream, write_backward_quiz

        made = with_upstream(made)
        paths = write_backward_quiz(made, folder, fmt=fmt, force=force, blank=blank)
        click.echo(exercise_line(made))
        echo_paths(paths)
        command = f"convtrace check {paths['task']} ANSWER --of grad-weights"
        click.echo(_("Check an answer: {command}").format(command=command))
        return
    paths = write_quiz(made, folder, fmt=fmt, force=force, blank=blank)
    click.echo(exercise_line(made))
    echo_paths(paths)
    if moodle is not None:
        write_moodle(moodle, [(made.data["title"], made.trace)], made.seed)
    command = f"convtrace check {paths['task']} ANSWER.csv"
    click.echo(_("Check an answer: {command}").format(command=command))


def echo_paths(paths: dict) -> None:
    """The files written, a line each, their paths lined up after labels of any language."""
    labels = {"task": _("task:"), "worksheet": _("worksheet:"), "answers": _("answer key:")}
    width = max(12, *(len(labels[what]) + 1 for what in paths))
    for what, path in paths.items():
        click.echo(f"  {labels[what]:<{width}}{path}")


def class_set(options, count, roster, directory, fmt, force, blank, moodle, backward=False):
    """A class set: a line per exercise, then the combined key and class.json."""
    from ..homework.classes import make_class_set, write_class_set
    from ..homework.roster import read_roster
    from ..homework.words import exercise_line

    students = read_roster(roster) if roster else None
    total = len(students) if students else count
    with progress("making exercises", total or 0, unit="exercises") as report:
        made = make_class_set(
            count=count, students=students, progress=report, backward=backward, **options
        )
    folder = directory or f"class-{made.seed}"
    writing = language._("writing {path}").format(path=folder)
    with progress(writing, len(made.exercises), unit="exercises") as report:
        paths = write_class_set(made, folder, fmt=fmt, force=force, blank=blank, progress=report)
    said = _("Class set (seed {seed}): {count} exercises in {folder}")
    click.echo(said.format(seed=made.seed, count=len(made.exercises), folder=folder))
    width = max(len(e.folder) for e in made.exercises) + 1
    for e in made.exercises:
        click.echo(f"  {e.folder + '/':<{width}}  {exercise_line(e.quiz)}")
    key, file = _("answer key:"), _("class file:")
    width = max(12, len(key) + 1, len(file) + 1)
    click.echo(f"  {key:<{width}}{paths['key']}")
    click.echo(f"  {file:<{width}}{paths['class']}")
    if moodle is not None:
        questions = [(f"{e.name} (seed {e.quiz.seed})", e.quiz.trace) for e in made.exercises]
        write_moodle(moodle, questions, made.seed)
    command = f"convtrace check --class {folder} ANSWERS/"
    if backward:
        command += " --of grad-weights"
    click.echo(_("Grade the answers: {command}").format(command=command))

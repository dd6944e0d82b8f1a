"""``convtrace check``: mark a student's answer, or a folder of them into a gradebook.

``convtrace quiz`` (make an exercise or a class set) is in :mod:`.quiz`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import click

from .. import language
from ..errors import InputError
from ..language import N_
from . import show
from .group import CONTEXT, BadInput, Command
from .options import HYPERPARAMETERS, load_from_options, output_options, task_options
from .progress import bar, progress_option

_, ngettext = language._, language.ngettext  # gettext's names, for the catalog tool


@contextlib.contextmanager
def progress(label: str, total: int, *, unit: str, quiet: bool = False) -> Iterator:
    """A batch job's progress: yields the ``callback(done, total)`` the library calls after each
    answer or exercise, or None.

    The bar is :mod:`.progress`'s: on stderr, only where a person watches, never with
    ``--no-progress``.
    """
    with bar(label, total, unit=unit, quiet=quiet) as tracker:
        yield lambda done, total: tracker.advance()


def answers_and_task(task_file, answer_files, input_file, class_dir):
    """(task file, answers): ``check --input X --kernel K ANSWER`` and ``check --class DIR
    ANSWER…`` have no task file, so their first argument is an answer."""
    if class_dir is not None or (input_file is not None and not answer_files):
        answers = [task_file, *answer_files] if task_file is not None else list(answer_files)
        task_file = None
    else:
        answers = list(answer_files)
    if not answers:
        if class_dir is not None:
            raise click.UsageError(
                language._("give the answers: convtrace check --class DIR ANSWERS/")
            )
        if task_file is None and input_file is None:
            raise click.UsageError(
                language._("give the task and the answer: convtrace check TASK.json ANSWER")
            )
        raise click.UsageError(language._("give the answer file: convtrace check TASK.json ANSWER"))
    return task_file, answers


@click.command(cls=Command, context_settings=CONTEXT)
@task_options
@click.argument("answer_files", metavar="ANSWER…", nargs=-1)
@click.option(
    "--tolerance",
    type=float,
    default=0.005,
    show_default=True,
    help=N_(
        "A cell is right when |given − expected| ≤ tolerance "
        "(+ 10⁻¹²·|expected| for float noise); 0.005 accepts answers rounded to 2 decimals."
    ),
)
@click.option("-q", "--quiet", is_flag=True, help=N_("No traces of the wrong cells."))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "gradescope"]),
    default="text",
    show_default=True,
    help=N_(
        "text: the report; json: a machine-readable verdict for autograders; gradescope: "
        "Gradescope's results.json."
    ),
)
@click.option(
    "--per-cell",
    is_flag=True,
    help=N_("With --format gradescope: a test per cell, not per filter."),
)
@click.option(
    "--points",
    type=float,
    metavar="N",
    help=N_("With --format gradescope: the answer's points in all (default: one per cell)."),
)
@click.option(
    "--gradebook",
    metavar="FILE.csv",
    help=N_("Write a row per answer: file, student, cells right and in all, score, slip, note."),
)
@click.option(
    "--feedback",
    "feedback_dir",
    metavar="DIR",
    help=N_(
        "Write each student a Markdown page: the tables, the diagnosis, the wrong cells worked."
    ),
)
@click.option(
    "--class",
    "class_dir",
    metavar="DIR",
    help=N_(
        "A class set (quiz --count or --students): grade each answer, named after its "
        "student, against that student's exercise."
    ),
)
@click.option("--force", is_flag=True, help=N_("Replace a gradebook or feedback pages that exist."))
@click.option(
    "--layer",
    type=int,
    metavar="N",
    help=N_("A chain's layer N (1 is the first) instead of the final output."),
)
@click.option(
    "--of",
    "of",
    type=click.Choice(["output", "grad-input", "grad-weights", "grad-bias"]),
    default="output",
    show_default=True,
    help=N_(
        "What the answer is: the output volume, or a gradient of the backward pass "
        "(convtrace grad): ∂L/∂x, ∂L/∂W or ∂L/∂b."
    ),
)
@click.option(
    "--upstream",
    "upstream_file",
    metavar="FILE",
    help=N_(
        "With --of grad-…: the upstream gradient G (JSON or CSV); default the task's "
        '"upstream", else all ones.'
    ),
)
@output_options
@progress_option
def check(task_file, answer_files, input_file, kernel_files, biases, strict, **options) -> None:
    """Check a student's output volume: which cells are wrong, and why; or grade many.

    ANSWER is the output as CSV (one matrix per filter, a blank line between; decimal commas
    work as in task files) or JSON ({"output": …} or a bare nested list). The report shows
    expected and given side by side, names the classic slip that explains the numbers (bias
    forgotten, padding forgotten, stride ignored, kernel flipped, one channel only, output
    transposed, window shifted, a sign error in one product …) and traces every wrong cell.

    Several answers or a folder of them are graded in a batch: a line each, and with
    --gradebook and --feedback a CSV row and a Markdown page each.

    Exit status: 0 every cell right, 1 some wrong, 2 unusable input (a wrong shape that no
    slip explains, an unreadable file; in a batch, such an answer scores 0 instead).

    \b
    Example:
      convtrace check seed answer.csv
      convtrace check seed answer.json --format json
      convtrace check seed answer.csv --tolerance 0.05 -q
      convtrace check seed answers/ --gradebook grades.csv --feedback feedback/
      convtrace check seed answer.csv --format gradescope > results.json
      convtrace check chain answer.csv --layer 2
      convtrace check seed grad.json --of grad-weights
    """
    hyper = {key: options.pop(key) for key in HYPERPARAMETERS}
    class_dir = options["class_dir"]
    task_file, answers = answers_and_task(task_file, answer_files, input_file, class_dir)
    if options["fmt"] != "gradescope" and (options["per_cell"] or options["points"] is not None):
        raise click.UsageError(language._("--per-cell and --points go with --format gradescope"))
    batch = len(answers) > 1 or Path(answers[0]).is_dir() or class_dir is not None
    batch = batch or bool(options["gradebook"] or options["feedback_dir"])
    if class_dir is not None:
        if task_file or input_file or kernel_files or biases or any(hyper.values()):
            raise click.UsageError(
                language._(
                    "--class takes each student's task from the class set; leave out the task, "
                    "--input, --kernel, --bias and the hyperparameters"
                )
            )
        return grade_batch(None, answers, strict=strict, **options)
    task = load_from_options(task_file, input_file, kernel_files, biases, **hyper)
    return check_task(task, answers, batch=batch, strict=strict, **options)


def check_task(task, answers: list, *, batch: bool, strict: bool, **options) -> None:
    """One task's answers: a gradient's, a chain's (its output or a layer's), or a convolution's
    output, one answer or a batch."""
    of, upstream_file = options["of"], options.pop("upstream_file")
    if of != "output":
        if options["fmt"] == "gradescope":
            said = language._(
                "--of grad-… has no Gradescope results; use text, json or a gradebook"
            )
            raise click.UsageError(said)
        if batch:
            grader = gradient_grader(task, of, upstream_file, strict, options["tolerance"])
            return grade_batch(task, answers, strict=strict, grader=grader, **options)
        options.pop("of")
        return check_gradient(task, answers[0], of, upstream_file, strict=strict, **options)
    options.pop("of")
    if upstream_file is not None:
        raise click.UsageError(
            language._("--upstream goes with --of grad-input, grad-weights or grad-bias")
        )
    layer = options.pop("layer")
    if not hasattr(task, "filters"):  # a chain of layers: its output, or --layer N's
        if options["fmt"] == "gradescope" or (batch and layer is not None):
            said = _("a chain's --layer and --format gradescope check one answer at a time")
            raise click.UsageError(said)
        if batch:
            return grade_batch(task, answers, strict=strict, **options)
        return check_chain_answer(task, answers[0], layer=layer, strict=strict, **options)
    if layer is not None:
        raise InputError(
            language._('goes with a task of several layers ("layers" or --then)'), place="--layer"
        )
    if batch:
        return grade_batch(task, answers, strict=strict, **options)
    return check_one(task, answers[0], strict=strict, **options)


def gradient_grader(task, of: str, upstream_file, strict: bool, tolerance: float):
    """The grader of many answers that are the gradient ``of`` of one task's backward pass."""
    from ..homework.grading import GradGrader
    from .grad import backward

    return GradGrader(backward(task, upstream_file, strict=strict, of=of), of, tolerance)


def check_gradient(task, answer_file, of, upstream_file, *, strict, tolerance, quiet, fmt,
                   no_color, ascii_only, **rest):  # fmt: skip
    """One answer that is a gradient: the report or the JSON verdict."""
    from ..homework.grad_check import check_grad, read_grad_answer, verdict
    from .grad import backward

    if rest.get("layer") is not None:
        raise InputError(language._("goes with the output, not with --of"), place="--layer")
    trace = backward(task, upstream_file, strict=strict, of=of)
    from ..homework.grad_check import expected_of

    given = read_grad_answer(str(answer_file), of, expected_of(trace, of).shape)
    result = check_grad(trace, given, of, tolerance)
    if fmt == "json":
        import json

        doc = verdict(result, task=task.source, answer=str(answer_file))
        click.echo(json.dumps(doc, ensure_ascii=False, indent=2))
    else:
        from ..homework.grad_report import print_grad_check

        console = show.make_console(no_color)
        print_grad_check(
            console, result, trace, answer=str(answer_file), ascii=ascii_only, traces=not quiet
        )
    click.get_current_context().exit(result.status)


def check_chain_answer(task, answer_file, *, layer, strict, tolerance, quiet, fmt, no_color,
                       ascii_only, **rest):  # fmt: skip
    """One answer to a chain: its final output, or layer ``layer``'s."""
    from ..engine.chain import run_chain
    from .layers import check_chain

    status = check_chain(
        run_chain(task, strict=strict),
        answer_file,
        layer=layer,
        ascii_only=ascii_only,
        tolerance=tolerance,
        quiet=quiet,
        fmt=fmt,
        no_color=no_color,
    )
    click.get_current_context().exit(status)


def check_one(task, answer_file, *, strict, tolerance, quiet, fmt, no_color, ascii_only, **rest):
    """One answer: the report, the JSON verdict, or Gradescope's results."""
    from ..engine import run as run_engine
    from ..homework.answers import check as check_answer
    from ..homework.answers import read_answer, shape_message

    trace = run_engine(task, strict=strict)
    if fmt == "gradescope":
        return gradescope(trace, answer_file, tolerance, rest["per_cell"], rest["points"])
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


def gradescope(trace, answer_file, tolerance, per_cell, points) -> None:
    """Gradescope's results.json, even for an answer that cannot be read (it scores 0)."""
    import json

    from ..homework.answers import check as check_answer
    from ..homework.answers import read_answer
    from ..homework.lms import gradescope_results, gradescope_unreadable

    try:
        given = read_answer(answer_file, one_d=trace.task.one_d)
    except InputError as error:
        doc, status = gradescope_unreadable(str(error), trace, points), 1
    else:
        result = check_answer(trace, given, tolerance)
        doc = gradescope_results(result, per_cell=per_cell, points=points)
        status = 0 if result.all_right else 1
    click.echo(json.dumps(doc, ensure_ascii=False, indent=2))
    click.get_current_context().exit(status)


def grade_batch(task, answers, *, strict, tolerance, fmt, force, quiet, ascii_only, **rest) -> None:
    """Many answers: a line each (or a JSON list), the gradebook and the feedback pages."""
    from ..api import run_any
    from ..homework import grading
    from ..homework.files import check_new, make_folder

    if fmt == "gradescope":
        raise BadInput(
            language._(
                "--format gradescope grades one answer (Gradescope runs once per submission); "
                "for many, use --gradebook"
            )
        )
    gradebook, feedback = rest["gradebook"], rest["feedback_dir"]
    of = rest.get("of", "output")
    if feedback and of != "output":
        raise click.UsageError(
            language._(
                "--feedback writes pages for output answers; a gradient's go in the gradebook"
            )
        )
    if gradebook:
        check_new(gradebook, force=force, place="--gradebook")
    if feedback:
        make_folder(feedback, place="--feedback")
    exclude = [gradebook] if gradebook else []  # never an answer, nor the class file
    if rest["class_dir"] is not None:
        exclude.append(Path(rest["class_dir"], "class.json"))
    files = grading.answer_files(answers, exclude=exclude)
    silent = quiet or fmt == "json"  # no bar beside JSON, as elsewhere
    if task is None:
        from ..homework.classes import read_class

        members = read_class(rest["class_dir"])
        pairs = grading.match_class(members, files, rest["class_dir"])
        with progress("grading", len(pairs), unit="answers", quiet=silent) as report:
            graded = grading.grade_class(pairs, tolerance, ascii=ascii_only, progress=report, of=of)
    else:
        grader = rest.get("grader")
        if grader is None:
            grader = grading.grader_for(run_any(task, strict=strict), tolerance, ascii=ascii_only)
        with progress("grading", len(files), unit="answers", quiet=silent) as report:
            grades = grading.grade_all(grader, files, report)
        graded = [(g, grader.trace) for g in grades]
    report_batch(graded, fmt=fmt, gradebook=gradebook, feedback=feedback, force=force)
    grades = [g for g, _ in graded]
    click.get_current_context().exit(0 if all(g.all_right for g in grades) else 1)


def report_batch(graded, *, fmt: str, gradebook, feedback, force: bool) -> None:
    """The gradebook and the feedback pages written (said on stderr), then a line per answer
    or the JSON list of verdicts on stdout."""
    from ..homework import grading
    from ..homework.feedback import write_feedback

    grades = [g for g, _ in graded]
    if feedback:
        pages = write_feedback(graded, feedback, force=force)
        said = _("convtrace: wrote {count} feedback pages in {folder}")
        click.echo(said.format(count=len(pages), folder=feedback), err=True)
    if gradebook:
        path = grading.write_gradebook(gradebook, grades, force=force)
        size = show.file_size(path.stat().st_size)
        said = _("convtrace: wrote {file} ({count} rows, {size})")
        click.echo(said.format(file=path, count=len(grades), size=size), err=True)
    if fmt == "json":
        click.echo(batch_json(grades), nl=False)
        return
    said = ngettext("Graded {count} answer:", "Graded {count} answers:", len(grades))
    click.echo(said.format(count=len(grades)))
    for line in grading.summary_lines(grades):
        click.echo(line)


def batch_json(grades) -> str:
    """``{"schema": 1, "answers": [verdict, …]}``: each answer's verdict as ``--format json``
    gives it (with ``student``), one a line; one that could not be read says why."""
    import json

    from ..homework.grad_check import verdict as grad_verdict
    from ..homework.layer_check import layer_verdict
    from ..homework.report import SCHEMA_VERSION, verdict_dict

    items = []
    for g in grades:
        if g.check is None:
            verdict = "none" if g.note == "no answer" else "unreadable"
            doc = {"verdict": verdict, "status": 2, "answer": g.file or None, "message": g.note}
        elif hasattr(g.check, "chain"):  # a chain's last layer, checked by the layer check
            doc = layer_verdict(g.check, task=g.check.chain.chain.source, answer=g.file)
        elif hasattr(g.check, "of"):  # a gradient
            doc = grad_verdict(g.check, task=None, answer=g.file)
        else:
            doc = verdict_dict(g.check, task=g.check.trace.task.source, answer=g.file)
        doc["student"] = g.student
        items.append(json.dumps(doc, ensure_ascii=False))
    body = ",\n    ".join(items)
    return f'{{\n  "schema": {SCHEMA_VERSION},\n  "answers": [\n    {body}\n  ]\n}}\n'

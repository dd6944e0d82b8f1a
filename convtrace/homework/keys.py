"""A class set's combined answer key: every exercise's output volume in one document.

Made of the worked solution's own blocks (a heading per student, the exercise in one line, the
output volume of :meth:`~convtrace.solution.outline.Outline.output`), written by the Markdown or
the LaTeX renderer: the key looks like each exercise's own answer key, only shorter.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from ..engine.grad import GradTrace
from ..language import _, ngettext
from ..numbers import TEX
from ..render.latex import MACROS, LatexWriter, escape, preamble
from ..render.markdown import MarkdownWriter
from ..solution import grad_words as gw
from ..solution.blocks import Heading, Paragraph
from ..solution.document import Options, matrix_columns, output_blocks
from ..solution.grad import GradOutline
from .grad_quiz import backward_trace
from .words import exercise_line


def key_title(class_set) -> str:
    count = len(class_set.exercises)
    said = ngettext(
        "Answer key: {count} exercise (seed {seed})",
        "Answer key: {count} exercises (seed {seed})",
        count,
    )
    return said.format(count=count, seed=class_set.seed)


def key_trace(exercise, backward: bool = False):
    """What an exercise's key shows: its trace, or for a gradient exercise its backward pass."""
    return backward_trace(exercise.quiz.task) if backward else exercise.quiz.trace


def _blocks(exercise, trace) -> Iterator:
    yield Heading((("u", exercise.name),), level=2)
    yield Paragraph(
        (
            ("w", _("{exercise}; task ").format(exercise=exercise_line(exercise.quiz))),
            ("u", f"{exercise.folder}/task.json"),
        )
    )
    if isinstance(trace, GradTrace):  # the gradients, under a heading of the exercise's level
        yield Heading((("w", _(gw.RESULTS)),), level=3)
        yield from GradOutline(trace, Options(math=TEX)).results()[1:]
    else:
        yield from output_blocks(trace, Options(math=TEX), level=3)


def combined_key(class_set, fmt: str = "md") -> str:
    """The combined key of a :class:`~.classes.ClassSet` as Markdown (``md``) or LaTeX."""
    title = key_title(class_set)
    backward = bool(class_set.options.get("backward"))
    traces = [key_trace(e, backward) for e in class_set.exercises]
    if fmt == "latex":
        columns = max(20, *(matrix_columns(t) for t in traces))
        parts = [preamble(columns), MACROS, "\n\\begin{document}\n\n"]
        parts.append(f"\\section*{{{escape(title)}}}\n\n")
        writer: type = LatexWriter
        end = "\\end{document}\n"
    else:
        parts = [f"---\npagetitle: {json.dumps(title, ensure_ascii=False)}\n---\n\n"]
        parts.append(f"# {title}\n\n")
        writer, end = MarkdownWriter, ""
    for exercise, trace in zip(class_set.exercises, traces, strict=True):
        write = writer(trace).write
        for block in _blocks(exercise, trace):
            if getattr(block, "only", None) != "screen":
                parts += write(block)
    return "".join(parts).rstrip("\n") + "\n" + (f"\n{end}" if end else "")

"""A class set's combined answer key: every exercise's output volume in one document.

Made of the worked solution's own blocks (a heading per student, the exercise in one line, the
output volume of :meth:`~convtrace.solution.outline.Outline.output`), written by the Markdown or
the LaTeX renderer: the key looks like each exercise's own answer key, only shorter.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from ..language import _, ngettext
from ..numbers import TEX
from ..render.latex import MACROS, LatexWriter, escape, preamble
from ..render.markdown import MarkdownWriter
from ..solution.blocks import Heading, Paragraph
from ..solution.document import Options, matrix_columns, output_blocks
from .words import exercise_line


def key_title(class_set) -> str:
    count = len(class_set.exercises)
    said = ngettext(
        "Answer key: {count} exercise (seed {seed})",
        "Answer key: {count} exercises (seed {seed})",
        count,
    )
    return said.format(count=count, seed=class_set.seed)


def _blocks(exercise) -> Iterator:
    trace = exercise.quiz.trace
    yield Heading((("u", exercise.name),), level=2)
    yield Paragraph(
        (
            ("w", _("{exercise}; task ").format(exercise=exercise_line(exercise.quiz))),
            ("u", f"{exercise.folder}/task.json"),
        )
    )
    yield from output_blocks(trace, Options(math=TEX), level=3)


def combined_key(class_set, fmt: str = "md") -> str:
    """The combined key of a :class:`~.classes.ClassSet` as Markdown (``md``) or LaTeX."""
    title = key_title(class_set)
    if fmt == "latex":
        columns = max(20, *(matrix_columns(e.quiz.trace) for e in class_set.exercises))
        parts = [preamble(columns), MACROS, "\n\\begin{document}\n\n"]
        parts.append(f"\\section*{{{escape(title)}}}\n\n")
        writer: type = LatexWriter
        end = "\\end{document}\n"
    else:
        parts = [f"---\npagetitle: {json.dumps(title, ensure_ascii=False)}\n---\n\n"]
        parts.append(f"# {title}\n\n")
        writer, end = MarkdownWriter, ""
    for exercise in class_set.exercises:
        write = writer(exercise.quiz.trace).write
        for block in _blocks(exercise):
            if getattr(block, "only", None) != "screen":
                parts += write(block)
    return "".join(parts).rstrip("\n") + "\n" + (f"\n{end}" if end else "")

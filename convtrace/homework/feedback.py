"""A student's feedback page in Markdown: the comparison, the diagnosis, the wrong cells worked out.

The traces of the wrong cells are the worked solution's own cell sections, written by the
Markdown renderer (:class:`~convtrace.render.markdown.MarkdownWriter`), each followed by what the
student wrote; the page opens with the YAML block pandoc reads its title from, like an export.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from pathlib import Path

from ..exact import python_number
from ..language import _
from ..numbers import clean, fixed, readable
from ..render.markdown import MarkdownWriter, escape, escape_formula
from ..render.picture import output_maps
from ..solution.chain import ChainOutline
from ..solution.layer_words import layer_label
from ..solution.outline import Outline
from .answers import shape_text
from .files import check_new, make_folder, write_text
from .grading import Grade
from .roster import folder_name
from .words import position_label

#: A page works out at most this many wrong cells (the rest are listed).
MAX_TRACES = 40
WRONG = "\u2717"


def feedback_page(grade: Grade, trace, *, task: str | None = None) -> str:
    """The Markdown page for one graded answer (``task``: how the page names the task)."""
    who = grade.student or grade.file
    title = _("Feedback: {student}")
    parts = [
        f"---\npagetitle: {json.dumps(title.format(student=who), ensure_ascii=False)}\n---\n\n"
    ]
    parts.append("# " + title.format(student=escape(who)) + "\n\n")
    parts += _summary(grade, task or trace.task.source or _("the task"))
    result = grade.check
    if result is not None:
        parts += _tables(grade, trace)
        layered = hasattr(result, "chain")  # a chain's last layer, checked by the layer check
        lines = [] if result.all_right else _what_went_wrong(result)
        if lines:
            parts.append("## " + _("What went wrong") + "\n\n")
            parts += [f"- {escape_formula(line)}\n" for line in lines]
            parts.append("\n")
        if result.shape_matches and not result.all_right:
            parts += _wrong_cells(result) if layered else _worked_cells(grade, trace)
    return "".join(parts).rstrip("\n") + "\n"


def _what_went_wrong(result) -> list[str]:
    if hasattr(result, "chain"):
        return [finding.message for finding in result.findings]
    return result.diagnosis.lines()


def _wrong_cells(result) -> Iterator[str]:
    """A chain's wrong cells worked out as its Markdown export writes them (the first
    :data:`MAX_TRACES`), then each with what was written and what the trace gives."""
    yield "## " + _("The wrong cells, worked out") + "\n\n"
    chain, index, wrong = result.chain, result.layer, result.wrong_cells
    writer = MarkdownWriter(chain)
    options = dataclasses.replace(writer.options, cells=[(index, p) for p in wrong[:MAX_TRACES]])
    cells = ChainOutline(chain, options).cell_part(index, chain.layers[index - 1], blank=False)
    for block in cells:
        if getattr(block, "only", None) != "document":  # the part's own heading
            yield from writer.write(block)
    one_d = chain.chain.one_d
    for k, i, j in wrong:
        said = _("{cell}: you wrote {given}; the trace gives {expected}.").format(
            cell=escape_formula(layer_label(index, k, i, j, one_d)),
            given=f"**{readable(clean(python_number(result.given[k, i, j])))}**",
            expected=f"**{readable(clean(python_number(result.expected[k, i, j])))}**",
        )
        yield f"- {said}\n"
    yield "\n"


def _summary(grade: Grade, task: str) -> Iterator[str]:
    answer = _("Your answer {file} to {task}").format(file=escape(grade.file), task=escape(task))
    result = grade.check
    if result is None:
        said = _("{answer} could not be graded: {note}.")
        yield said.format(answer=answer, note=escape_formula(grade.note)) + "\n\n"
    elif not result.shape_matches and hasattr(result, "chain"):
        said = _("{answer} has the wrong shape: {note}.")
        yield said.format(answer=answer, note=escape_formula(grade.note)) + "\n\n"
    elif not result.shape_matches:
        one_d = result.trace.task.one_d
        said = _("{answer} is {given}; the output is {expected} ({note}).").format(
            answer=answer,
            given=shape_text(result.given.shape, one_d),
            expected=shape_text(result.trace.shape, one_d),
            note=escape_formula(grade.note),
        )
        yield said + "\n\n"
    elif result.all_right:
        yield _("{answer}: all {total} cells are right.").format(answer=answer, total=grade.total)
        yield "\n\n"
    else:
        said = _(
            "{answer}: {right} of {total} cells are right ({score}%); the wrong ones are "
            "marked {mark}."
        )
        score = fixed(grade.score)
        yield said.format(
            answer=answer, right=grade.right, total=grade.total, score=score, mark=WRONG
        )
        yield "\n\n"


def _table(rows: list[list[str]]) -> str:
    """A matrix as a GFM table, as the exports write one (column indices, row indices)."""
    cols = len(rows[0])
    lines = ["|   | " + " | ".join(str(c) for c in range(cols)) + " |", "|--:|" + "--:|" * cols]
    lines += [f"| **{r}** | " + " | ".join(row) + " |" for r, row in enumerate(rows)]
    return "\n".join(lines) + "\n\n"


def _tables(grade: Grade, trace) -> Iterator[str]:
    result = grade.check
    yield "## " + _("Expected and given output") + "\n\n"
    for k, (label, __) in enumerate(output_maps(trace)):
        name = escape(label)
        yield _("Expected {name}").format(name=name) + "\n\n"
        yield _table([[readable(v) for v in row] for row in result.expected[k].tolist()])
        if k >= result.given.shape[0]:
            continue
        rows = []
        for r, row in enumerate(result.given[k].tolist()):
            marked = []
            for c, v in enumerate(row):
                text = readable(clean(v))
                if result.shape_matches and not result.right[k, r, c]:
                    text = f"**{text}** {WRONG}"
                marked.append(text)
            rows.append(marked)
        yield _("Yours, {name}").format(name=name) + "\n\n"
        yield _table(rows)


def _worked_cells(grade: Grade, trace) -> Iterator[str]:
    result = grade.check
    wrong = result.wrong_cells
    yield "## " + _("The wrong cells, worked out") + "\n\n"
    writer = MarkdownWriter(trace)
    one_d = trace.task.one_d
    for k, i, j in wrong[:MAX_TRACES]:
        cell = trace.cell(k, i, j)
        options = dataclasses.replace(writer.options, cells=[cell])
        yield from writer.write(Outline(trace, options).cell_part(frozenset()))
        given = readable(clean(python_number(result.given[k, i, j])))
        said = _("You wrote {given}; the trace gives {expected}.")
        yield said.format(given=f"**{given}**", expected=f"**{readable(cell.value)}**") + "\n\n"
    if len(wrong) > MAX_TRACES:
        rest = ", ".join(position_label(p, one_d) for p in wrong[MAX_TRACES:])
        said = _("Also wrong, not worked out here: {cells}.").format(cells=escape_formula(rest))
        yield said + "\n\n"


def page_names(grades) -> list[str]:
    """Each page's file name: the student's folder name with a class set, else the answer's
    name (``ada.csv`` → ``ada.md``, or ``ada.csv.md`` where two answers share a stem)."""
    stems = [folder_name(g.student) if g.student else Path(g.file).stem for g in grades]
    return [
        f"{stem}.md" if stems.count(stem) == 1 or g.student else f"{Path(g.file).name}.md"
        for stem, g in zip(stems, grades, strict=True)
    ]


def write_feedback(graded, directory, *, force: bool = False, task: str | None = None) -> list:
    """A page per (grade, trace) with an answer, in ``directory``; every page is checked
    before any is written (none replaced unless ``force``)."""
    folder = make_folder(directory, place="--feedback")
    handed = [(g, t) for g, t in graded if g.file]
    paths = [Path(folder, name) for name in page_names([g for g, __ in handed])]
    for path in paths:
        check_new(path, force=force)
    for path, (grade, trace) in zip(paths, handed, strict=True):
        write_text(path, feedback_page(grade, trace, task=task))
    return paths

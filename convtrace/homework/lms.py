"""What learning platforms read: Gradescope's ``results.json`` and Moodle's XML quiz format.

* :func:`gradescope_results`: a check as Gradescope's autograder results, one test per filter
  (or per output cell), each with ``name``, ``score``, ``max_score``, ``status`` and ``output``,
  and the total ``score``.
* :func:`moodle_xml`: exercises as Moodle XML, one Cloze question each: every output cell is a
  NUMERICAL blank, ``{1:NUMERICAL:=value:tolerance#feedback~%0%wrong:tolerance#feedback}``,
  whose 0 % alternatives are the values the slip table computes for the bias forgotten, the
  padding forgotten and the kernel flipped, each with the diagnosis's sentence.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from fractions import Fraction
from typing import Any
from xml.sax.saxutils import escape as xml_escape

import numpy as np

from ..engine import Trace, run
from ..exact import python_number
from ..language import _
from ..numbers import UNICODE, plain, readable
from ..solution.words import compact_facts, output_label
from .answers import Check, shape_message
from .compare import TOLERANCE, close
from .slips import bias_forgotten, kernel_flipped, padding_forgotten
from .words import position_label

# --- Gradescope ------------------------------------------------------------------------------


def gradescope_results(
    result: Check, *, per_cell: bool = False, points: float | None = None
) -> dict[str, Any]:
    """Gradescope's ``results.json`` for one answer: a test per filter (``per_cell``: per
    output cell), one point per cell unless ``points`` shares that many among them."""
    trace = result.trace
    total = int(trace.output.size)
    unit = (points if points is not None else total) / total
    diagnosis = [] if result.all_right else result.diagnosis.lines()
    if not result.shape_matches:
        message = shape_message(trace, result.given.shape)
        tests = [_test("output shape", 0, total * unit, "\n".join([message, *diagnosis]))]
    elif per_cell:
        tests = _cell_tests(result, unit)
    else:
        tests = _filter_tests(result, unit)
    score = sum(t["score"] for t in tests)
    return {"score": round(float(score), 4), "output": "\n".join(diagnosis), "tests": tests}


def gradescope_unreadable(message: str, trace: Trace, points: float | None = None) -> dict:
    """``results.json`` for an answer that could not be read: no points, and why."""
    total = float(points if points is not None else trace.output.size)
    test = _test("answer file", 0, total, message)
    return {"score": 0.0, "output": message, "tests": [test]}


def _test(name: str, score: float, max_score: float, output: str) -> dict[str, Any]:
    return {
        "name": name,
        "score": round(float(score), 4),
        "max_score": round(float(max_score), 4),
        "status": "passed" if score >= max_score else "failed",
        "output": output,
    }


def _wrong_line(result: Check, position) -> str:
    one_d = result.trace.task.one_d
    given = readable(python_number(result.given[position]))
    return _("{cell}: you wrote {given}, the trace gives {expected}").format(
        cell=position_label(position, one_d),
        given=given,
        expected=readable(python_number(result.expected[position])),
    )


def _filter_tests(result: Check, unit: float) -> list[dict[str, Any]]:
    diagnosis = result.diagnosis
    tests = []
    for k, f in enumerate(result.trace.task.filters):
        right, size = int(result.right[k].sum()), int(result.right[k].size)
        lines = [_("{right} of {total} cells are right.").format(right=right, total=size)]
        lines += [d.message for d in diagnosis.findings if k in d.filters]
        lines += [c.message for c in diagnosis.cells if c.cell[0] == k]
        lines += [_wrong_line(result, p) for p in result.wrong_cells if p[0] == k]
        tests.append(_test(output_label(k, f.name), right * unit, size * unit, "\n".join(lines)))
    return tests


def _cell_tests(result: Check, unit: float) -> list[dict[str, Any]]:
    said = {c.cell: c.message for c in result.diagnosis.cells}
    for finding in result.diagnosis.findings:
        for cell in finding.cells:
            said.setdefault(cell, finding.message)
    one_d = result.trace.task.one_d
    tests = []
    for index in np.ndindex(result.expected.shape):
        position = tuple(int(n) for n in index)
        ok = bool(result.right[position])
        output = "right" if ok else _wrong_line(result, position)
        if not ok and position in said:
            output += "\n" + said[position]
        tests.append(_test(position_label(position, one_d), unit if ok else 0, unit, output))
    return tests


# --- Moodle ----------------------------------------------------------------------------------

#: The slips whose values a Cloze blank offers as wrong answers, in this order.
MOODLE_SLIPS = (bias_forgotten, padding_forgotten, kernel_flipped)

_CLOZE_SPECIAL = str.maketrans({ch: "\\" + ch for ch in '}#~/"\\'})


def cloze_text(text: str) -> str:
    """Text inside a Cloze answer or its feedback: HTML-escaped, Moodle's specials escaped."""
    return html.escape(text, quote=False).translate(_CLOZE_SPECIAL)


def wrong_answers(trace: Trace) -> list[tuple[Trace, Any]]:
    """(the slip's trace, its describe) for each slip of :data:`MOODLE_SLIPS` that applies:
    the task as the slip computes it, traced by the engine."""
    task = trace.task
    found = []
    for slip in MOODLE_SLIPS:
        for change in slip(task, trace, UNICODE):
            if change.task is not None and change.view == "same":
                found.append((run(change.task), change.describe))
    return found


def decimal(value):
    """A number as Moodle's NUMERICAL answers take it: a fraction as its decimal."""
    return float(value) if isinstance(value, Fraction) else value


def cloze_blank(trace: Trace, position, slips, tolerance: float = TOLERANCE) -> str:
    """``{1:NUMERICAL:=7:0.005#Right.~%0%6:0.005#Did you forget to add b₀?}``: one cell."""
    value = python_number(trace.output[position])
    label = position_label(position, trace.task.one_d)
    tol = plain(tolerance)
    right = _("Right: {cell} = {value}.").format(cell=label, value=readable(value))
    parts = [f"={plain(decimal(value))}:{tol}#{cloze_text(right)}"]
    offered = [value]
    for slip_trace, describe in slips:
        if any(p >= s for p, s in zip(position, slip_trace.shape, strict=True)):
            continue  # the slip's output has no such cell
        wrong = python_number(slip_trace.output[position])
        if close(float(wrong), [float(v) for v in offered], tolerance).any():
            continue  # right anyway, or offered already
        offered.append(wrong)
        hint = describe((position[0],))[1]
        parts.append(f"%0%{plain(decimal(wrong))}:{tol}#{cloze_text(hint)}")
    return "{1:NUMERICAL:" + "~".join(parts) + "}"


def _matrix_html(values) -> str:
    rows = values if values and isinstance(values[0], list) else [values]
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(readable(v))}</td>" for v in row) + "</tr>"
        for row in rows
    )
    return f'<table border="1" cellpadding="4">{body}</table>'


def _cell_html(trace: Trace, position, slips, tolerance: float) -> str:
    return f"<td>{cloze_blank(trace, position, slips, tolerance)}</td>"


def question_html(trace: Trace, tolerance: float = TOLERANCE) -> str:
    """The question: the task (description, hyperparameters, input, filters) and a table of
    Cloze blanks per output map."""
    task, e = trace.task, html.escape
    parts = []
    if task.description:
        parts.append(f"<p>{e(task.description)}</p>")
    parts.append(f"<p>{e(compact_facts(task, UNICODE))}</p>")
    for c, name in enumerate(task.channel_names):
        said = _("Input, channel {channel}").format(channel=f"<b>{e(name)}</b>")
        parts.append(f"<p>{said}</p>{_matrix_html(task.x[c].tolist())}")
    for k, f in enumerate(task.filters):
        names = [task.channel_names[c] for c in task.channels_of(k)]
        said = _("Filter {name}, bias {bias}").format(
            name=f"<b>{e(f.name)}</b>", bias=e(readable(f.bias))
        )
        parts.append(f"<p>{said}</p>")
        for c, name in enumerate(names):
            said = _("{name}, channel {channel}").format(name=e(f.name), channel=e(name))
            parts.append(f"<p>{said}</p>")
            parts.append(_matrix_html(f.weights[c].tolist()))
    slips = wrong_answers(trace)
    k_count, h, w = trace.shape
    for k in range(k_count):
        rows = "".join(
            "<tr>"
            + "".join(
                f"<td>{cloze_blank(trace, (k, i, j), slips, tolerance)}</td>" for j in range(w)
            )
            + "</tr>"
            for i in range(h)
        )
        label = e(output_label(k, task.filters[k].name))
        said = _("Output {name}").format(name=label)
        parts.append(f'<p>{said}</p><table border="1" cellpadding="4">{rows}</table>')
    return "\n".join(parts)


def moodle_xml(
    questions: Sequence[tuple[str, Trace]],
    *,
    category: str = "convtrace",
    tolerance: float = TOLERANCE,
) -> str:
    """Moodle XML: a category, then one Cloze question per (name, trace)."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>', "<quiz>"]
    out.append(
        '  <question type="category">\n'
        f"    <category><text>$course$/top/{xml_escape(category)}</text></category>\n"
        "  </question>"
    )
    for name, trace in questions:
        text = question_html(trace, tolerance).replace("]]>", "]]]]><![CDATA[>")
        out.append(
            '  <question type="cloze">\n'
            f"    <name><text>{xml_escape(name)}</text></name>\n"
            f'    <questiontext format="html">\n      <text><![CDATA[{text}]]></text>\n'
            "    </questiontext>\n"
            '    <generalfeedback format="html"><text></text></generalfeedback>\n'
            "    <penalty>0.3333333</penalty>\n"
            "    <hidden>0</hidden>\n"
            "  </question>"
        )
    out.append("</quiz>")
    return "\n".join(out) + "\n"

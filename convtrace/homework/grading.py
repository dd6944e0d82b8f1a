"""Batch grading: many answers to one task (or each to its student's exercise), and a gradebook.

A :class:`Grader` holds one task's trace and the computations of its classic slips, made once:
every answer after the first costs only its own comparison and diagnosis. :func:`answer_files`
finds the answers among files and folders, :func:`match_class` pairs them with a class set's
students by name, and :func:`gradebook_csv` writes one row per answer.

The gradebook's columns: ``file``, ``student`` (with a class set), ``cells_right``,
``cells_total``, ``score`` (the percentage of cells right, one decimal), ``slip`` (what the
diagnosis names: a slip or pair like ``padding_forgotten+stride_ignored``, the one-cell slips,
or ``unexplained``) and ``note`` (an answer that could not be read, of another shape, or none).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from ..engine import Trace, run
from ..engine.chain import run_chain
from ..errors import InputError
from ..language import _, ngettext
from ..layers import Chain
from ..loaders import load_task
from ..numbers import Notation, fixed
from .answers import Check, check, read_answer, shape_message
from .compare import TOLERANCE
from .diagnose import Slip, known_slips
from .files import check_new, write_text
from .roster import folder_name

#: The files in a folder that are answers.
ANSWER_SUFFIXES = (".csv", ".json", ".tsv", ".txt")
GRADEBOOK_COLUMNS = (
    "file",
    "student",
    "cells_right",
    "cells_total",
    "score",
    "slip",
    "note",
)

#: (answers graded, answers in all): called after each one, for a progress bar.
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Grade:
    """One answer's grade: its file, whose it is, the cells right, and what went wrong."""

    file: str
    right: int
    total: int
    slip: str = ""
    note: str = ""
    student: str | None = None
    check: Check | None = None  # None when the answer could not be read, or there is none

    @property
    def score(self) -> float:
        """The percentage of cells right."""
        return 100.0 * self.right / self.total if self.total else 0.0

    @property
    def all_right(self) -> bool:
        return self.check is not None and self.check.all_right


def unreadable(path: str | Path, error: InputError, total: int, student: str | None) -> Grade:
    """An answer that could not be read: 0 cells right, and why."""
    said = ": ".join(part for part in (error.place, error.message) if part)
    return Grade(str(path), 0, total, note=f"unreadable: {said}", student=student)


class Grader:
    """One task's trace, with its slips made once, for any number of answers."""

    def __init__(self, trace: Trace, tolerance: float = TOLERANCE, *, ascii: bool = False):
        self.trace = trace
        self.tolerance = tolerance
        self.ascii = ascii
        self.offsets: dict = {}  # "every cell off by d" slips, by d, shared by the answers

    @property
    def total(self) -> int:
        """How many cells an answer has to give."""
        return int(self.trace.output.size)

    @cached_property
    def slips(self) -> list[Slip]:
        return known_slips(self.trace, Notation.pick(self.ascii))

    def check(self, given) -> Check:
        return check(
            self.trace,
            given,
            self.tolerance,
            ascii=self.ascii,
            slips=self.slips,
            offsets=self.offsets,
        )

    def grade(self, path: str | Path, student: str | None = None) -> Grade:
        """The grade of the answer in ``path``; an unreadable one is graded 0 with a note."""
        total = self.total
        try:
            given = read_answer(path, one_d=self.trace.task.one_d)
        except InputError as error:
            return unreadable(path, error, total, student)
        result = self.check(given)
        if not result.shape_matches:
            note = shape_message(self.trace, given.shape, self.ascii)
            return Grade(str(path), 0, total, slip_summary(result), note, student, result)
        right = int(result.right.sum())
        return Grade(str(path), right, total, slip_summary(result), "", student, result)


class ChainGrader:
    """A chain's final output against any number of answers. A convolution last is graded as
    :class:`Grader` grades one (its slips and feedback); another layer by the layer check
    (:mod:`.layer_check`), whose findings name the slip."""

    def __init__(self, chain, tolerance: float = TOLERANCE, *, ascii: bool = False):
        self.chain = chain
        self.tolerance = tolerance
        self.ascii = ascii
        last = chain.layers[-1]
        self.conv = Grader(last, tolerance, ascii=ascii) if hasattr(last, "kernels") else None

    @property
    def trace(self):
        return self.chain if self.conv is None else self.conv.trace

    @property
    def total(self) -> int:
        return int(self.chain.layers[-1].output.size)

    def grade(self, path: str | Path, student: str | None = None) -> Grade:
        if self.conv is not None:
            return self.conv.grade(path, student)
        from .layer_check import check_layer

        index, total = len(self.chain.layers), self.total
        try:
            given = read_answer(path, one_d=self.chain.chain.one_d)
        except InputError as error:
            return unreadable(path, error, total, student)
        result = check_layer(self.chain, index, given, self.tolerance, ascii=self.ascii)
        if not result.shape_matches:
            note = _("your answer is {given}, layer {index}'s output is {shape}").format(
                given="×".join(map(str, result.given.shape)),
                index=index,
                shape="×".join(map(str, result.expected.shape)),
            )
            return Grade(str(path), 0, total, "", note, student, result)
        slip = ""
        if not result.all_right:
            slip = "; ".join(f.kind for f in result.findings) or "unexplained"
        return Grade(str(path), int(result.right.sum()), total, slip, "", student, result)


class GradGrader:
    """One gradient of a backward pass (``--of grad-weights`` …) against any number of answers;
    the gradebook's ``slip`` is the gradient slip :mod:`.grad_check` names."""

    def __init__(self, trace, of: str, tolerance: float = TOLERANCE):
        from .grad_check import expected_of

        self.trace = trace
        self.of = of
        self.tolerance = tolerance
        self.expected = expected_of(trace, of)

    @property
    def total(self) -> int:
        return int(self.expected.size)

    def grade(self, path: str | Path, student: str | None = None) -> Grade:
        from .grad_check import check_grad, read_grad_answer

        total = self.total
        try:
            given = read_grad_answer(str(path), self.of, self.expected.shape)
        except InputError as error:
            return unreadable(path, error, total, student)
        result = check_grad(self.trace, given, self.of, self.tolerance)
        slip = "" if result.all_right else (result.slip or "unexplained")
        return Grade(str(path), int(result.right.sum()), total, slip, "", student, result)


def grader_for(trace, tolerance: float = TOLERANCE, *, ascii: bool = False):
    """The grader of a traced task: a :class:`Grader`, or a :class:`ChainGrader` for a chain."""
    if hasattr(trace, "layers"):
        return ChainGrader(trace, tolerance, ascii=ascii)
    return Grader(trace, tolerance, ascii=ascii)


def slip_summary(result: Check) -> str:
    """What the diagnosis names, in one cell: the slips found, then the one-cell slips, or
    ``unexplained`` where nothing explains the wrong cells; empty when all is right."""
    if result.all_right:
        return ""
    diagnosis = result.diagnosis
    kinds = [f.kind for f in diagnosis.findings]
    kinds += [k for k in dict.fromkeys(c.kind for c in diagnosis.cells) if k not in kinds]
    if diagnosis.unexplained:
        kinds.append("unexplained")
    return "; ".join(kinds)


def grade_all(
    grader: Grader, files: Sequence[Path], progress: Progress | None = None
) -> list[Grade]:
    """Every answer in ``files`` graded against the one task."""
    grades = []
    for n, path in enumerate(files, 1):
        grades.append(grader.grade(path))
        if progress is not None:
            progress(n, len(files))
    return grades


# --- finding the answers ---------------------------------------------------------------------


def answer_files(paths: Sequence[str | Path], exclude: Sequence[str | Path] = ()) -> list[Path]:
    """The answer files: each file given, and in each folder its files ending in
    :data:`ANSWER_SUFFIXES` (not hidden ones, in name order); ``exclude`` (the gradebook) is
    never one.

    Raises:
        InputError: for a path that does not exist, or a folder with no answers.
    """
    skip = {Path(p).resolve() for p in exclude}
    found: dict[Path, None] = {}
    for path in map(Path, paths):
        if path.is_dir():
            inside = [
                p
                for p in sorted(path.iterdir())
                if p.is_file()
                and not p.name.startswith(".")
                and p.suffix.lower() in ANSWER_SUFFIXES
                and p.resolve() not in skip
            ]
            if not inside:
                suffixes = _("{items} or {last}").format(
                    items=", ".join(ANSWER_SUFFIXES[:-1]), last=ANSWER_SUFFIXES[-1]
                )
                said = _("no answers here (files ending {suffixes})").format(suffixes=suffixes)
                raise InputError(said, source=str(path))
            found.update(dict.fromkeys(inside))
        elif path.exists():
            found[path] = None
        else:
            raise InputError(_("no such file or folder"), source=str(path))
    return list(found)


def answer_key(path: Path) -> str:
    """The name an answer file is matched by: ``Ada Lovelace.csv`` → ``ada-lovelace``."""
    return folder_name(path.stem)


def match_class(members: Sequence, files: Sequence[Path], where: str) -> list[tuple]:
    """(member, answer file or None) for each student of the class set, in its order.

    Raises:
        InputError: when answers match no student (naming them, and what names would), or two
            answers match one student.
    """
    by_folder = {m.folder: m for m in members}
    chosen: dict[str, Path] = {}
    strangers = []
    for path in files:
        folder = answer_key(path)
        if folder not in by_folder:
            strangers.append(path)
        elif folder in chosen:
            raise InputError(
                _("a second answer of {student} (the first: {first})").format(
                    student=by_folder[folder].name, first=chosen[folder]
                ),
                source=str(path),
            )
        else:
            chosen[folder] = path
    if strangers:
        listed = ", ".join(p.name for p in strangers[:5])
        if len(strangers) > 5:
            listed = _("{cells} and {count} more").format(cells=listed, count=len(strangers) - 5)
        said = ngettext(
            "{count} answer matches no student of {where} ({listed}); name each answer after "
            "its student's folder, like {example}.csv",
            "{count} answers match no student of {where} ({listed}); name each answer after "
            "its student's folder, like {example}.csv",
            len(strangers),
        )
        raise InputError(
            said.format(count=len(strangers), where=where, listed=listed, example=members[0].folder)
        )
    return [(m, chosen.get(m.folder)) for m in members]


# --- the gradebook ---------------------------------------------------------------------------


def gradebook_csv(grades: Sequence[Grade]) -> str:
    """The gradebook as CSV text: a header (:data:`GRADEBOOK_COLUMNS`), one row per answer."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(GRADEBOOK_COLUMNS)
    for g in grades:
        writer.writerow(
            [g.file, g.student or "", g.right, g.total, f"{g.score:.1f}", g.slip, g.note]
        )
    return out.getvalue()


def grade_class(
    pairs: Sequence[tuple],
    tolerance: float = TOLERANCE,
    *,
    ascii: bool = False,
    progress=None,
    of: str = "output",
) -> list[tuple[Grade, Trace]]:
    """(grade, trace) for each (member, answer file or None) of :func:`match_class`: each
    answer against its student's own exercise (``of`` a gradient: against its backward pass);
    a student without an answer gets a row too."""
    graded = []
    for n, (member, path) in enumerate(pairs, 1):
        model = load_task(member.task)
        if of != "output":
            grader: Any = GradGrader(backward_of(model, of), of, tolerance)
        else:
            trace = run_chain(model) if isinstance(model, Chain) else run(model)
            grader = grader_for(trace, tolerance, ascii=ascii)
        if path is None:
            grade = Grade("", 0, grader.total, note="no answer", student=member.name)
        else:
            grade = grader.grade(path, member.name)
        graded.append((grade, grader.trace))
        if progress is not None:
            progress(n, len(pairs))
    return graded


def backward_of(model, of: str):
    """The backward pass whose gradient ``of`` an answer gives: a single convolution's."""
    from ..engine.grad_chain import run_backward

    if isinstance(model, Chain):
        said = _("--of grades a single convolution's gradients, not a chain's")
        raise InputError(said, source=model.source, place="--of")
    return run_backward(model, model.upstream)


def write_gradebook(path: str | Path, grades: Sequence[Grade], *, force: bool = False) -> Path:
    """The gradebook written to ``path`` (never over a file unless ``force``)."""
    path = check_new(path, force=force, place="--gradebook")
    write_text(path, gradebook_csv(grades))
    return path


def summary_lines(grades: Sequence[Grade]) -> list[str]:
    """The batch as the terminal shows it: a row per answer, then the totals."""
    rows = [
        (
            g.student or g.file,
            f"{g.right}/{g.total}",
            f"{fixed(g.score)}%",
            "; ".join(part for part in (g.slip, g.note) if part),
        )
        for g in grades
    ]
    widths = [max(len(row[c]) for row in rows) for c in range(3)]
    lines = [
        f"  {a:<{widths[0]}}  {b:>{widths[1]}}  {c:>{widths[2]}}  {d}".rstrip()
        for a, b, c, d in rows
    ]
    handed = [g for g in grades if g.note != "no answer"]
    right = sum(g.all_right for g in grades)
    mean = sum(g.score for g in handed) / len(handed) if handed else 0.0
    if len(handed) < len(grades):
        total = _(
            "{right} of {count} answers all right; mean score {mean}% of the {handed} handed in."
        )
    else:
        total = _("{right} of {count} answers all right; mean score {mean}%.")
    mean_text = fixed(mean)
    return [
        *lines,
        total.format(right=right, count=len(grades), mean=mean_text, handed=len(handed)),
    ]

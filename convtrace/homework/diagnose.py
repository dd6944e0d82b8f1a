"""Mistake diagnosis: recompute the task the way students typically get it wrong.

Each classic slip (bias forgotten or added twice, every cell off by the same amount, padding
forgotten, stride ignored, kernel flipped, one channel only, output transposed, window shifted
…) is a modified :class:`~convtrace.task.Task` run through the same engine, never arithmetic of
its own (the table of slips is :mod:`.slips`). The slip whose numbers match the student's in more
cells than the correct computation does is reported, per filter; cells that are still unexplained
get a closer look at their own trace (:mod:`.cells`): a sign error in one product, a product or a
channel left out, the bias left out, or else an arithmetic slip.

A slip is only claimed for a filter when it explains more cells than the plain comparison (the
correct computation) does, more than half of the filter's wrong cells ("fully or in most
cells"), and at least two of them (one cell matching is a coincidence, not a pattern) unless the
filter has only one wrong cell. An answer of another shape is explained only by a slip that
matches more than half of its cells.

Two slips at once (padding forgotten with the stride ignored, the bias forgotten with the kernel
flipped …) are tried after the single ones, by the same rules; in an answer of the right shape
they always need two cells: with so many pairs, one cell matching one of them says nothing
(another shape that a pair gives is a sign of its own). Where nothing explains most of a
filter's wrong cells, the diagnosis says so in one sentence instead of a closer look at each.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from ..engine import Trace
from ..language import N_, _
from ..numbers import UNICODE, Notation
from ..task import Task
from .cells import CellFinding, explain_cell
from .compare import TOLERANCE, close
from .slips import Slip, candidate_slips, offset_slips
from .words import Position, and_list, bias_name, position_label, signed

__all__ = [
    "MAX_CELL_ANALYSES",
    "CellFinding",
    "Diagnosis",
    "Finding",
    "Position",
    "Slip",
    "bias_name",
    "candidate_slips",
    "diagnose",
    "known_slips",
    "offset_slips",
    "position_label",
    "signed",
]

#: At most this many wrong cells get the closer, per-product look (each costs a trace cell).
MAX_CELL_ANALYSES = 200


@dataclass(frozen=True)
class Finding:
    """A slip that explains (part of) the answer."""

    kind: str
    filters: tuple[int, ...]  # the filters it is claimed for
    matched: int  # cells of those filters whose numbers match the slip
    total: int  # cells of those filters
    cells: tuple[Position, ...]  # the wrong cells it explains
    what: str
    hint: str
    message: str
    slip: Slip = field(repr=False, compare=False)


@dataclass(frozen=True)
class Diagnosis:
    """The slips found, the closer look at the cells they leave, and what nothing explains.

    ``unexplained`` is one sentence (or ``""``) for the filters whose wrong cells no slip or
    pair explains: there the closer look would only list one-cell coincidences.
    """

    findings: tuple[Finding, ...] = ()
    cells: tuple[CellFinding, ...] = ()
    unanalysed: int = 0  # wrong cells beyond MAX_CELL_ANALYSES
    unexplained: str = ""

    @property
    def empty(self) -> bool:
        return not self.findings and not self.cells and not self.unexplained

    @property
    def kinds(self) -> list[str]:
        return [f.kind for f in self.findings] + [c.kind for c in self.cells]

    def lines(self) -> list[str]:
        said = [f.message for f in self.findings]
        if self.unexplained:
            said.append(self.unexplained)
        return said + [c.message for c in self.cells]


@dataclass(frozen=True)
class Stack:
    """Slips of one output shape, their outputs stacked (n × K × H × W) and which of them are
    pairs or offsets: an answer of that shape is compared with them all in one step."""

    slips: list[Slip]
    outputs: np.ndarray
    paired: np.ndarray
    offset: np.ndarray

    @classmethod
    def of(cls, slips: list[Slip], shape: tuple[int, ...]) -> Stack:
        outputs = [s.output for s in slips]
        return cls(
            slips,
            np.stack(outputs) if outputs else np.zeros((0, *shape)),
            np.array([s.paired for s in slips], dtype=bool),
            np.array([s.kind == "offset" for s in slips], dtype=bool),
        )

    def plus(self, more: list[Slip]) -> Stack:
        if not more:
            return self
        extra = Stack.of(more, self.outputs.shape[1:])
        return Stack(
            self.slips + more,
            np.concatenate([self.outputs, extra.outputs]),
            np.concatenate([self.paired, extra.paired]),
            np.concatenate([self.offset, extra.offset]),
        )


class KnownSlips(list):
    """:func:`known_slips`' list, which also keeps the :class:`Stack` of its slips of each answer
    shape asked for: made once for a batch of answers to one task."""

    def of_shape(self, shape: tuple[int, ...]) -> Stack:
        stacks = self.__dict__.setdefault("stacks", {})
        if shape not in stacks:
            stacks[shape] = Stack.of([s for s in self if s.output.shape == shape], shape)
        return stacks[shape]


def known_slips(trace: Trace, notation: Notation = UNICODE) -> KnownSlips:
    """Every classic slip and pair that applies to the task and changes its output, each once:
    the same for every answer to it, so a batch of answers computes them once."""
    return KnownSlips(_distinct(candidate_slips(trace, notation), trace.output))


def diagnose(
    trace: Trace,
    given: np.ndarray,
    tolerance: float = TOLERANCE,
    notation: Notation = UNICODE,
    slips: Sequence[Slip] | None = None,
    offsets: dict | None = None,
) -> Diagnosis:
    """Which classic slips explain ``given`` (K × H × W), and what each wrong cell matches.

    ``slips``: :func:`known_slips` of the trace (in ``notation``), when already made;
    ``offsets``: the "every cell off by d" slips of earlier answers (:func:`offset_slips`).
    """
    expected = trace.output
    if given.shape == expected.shape and close(given, expected, tolerance).all():
        return Diagnosis()
    if slips is None:
        slips = known_slips(trace, notation)
    known = slips if isinstance(slips, KnownSlips) else KnownSlips(slips)
    if given.shape == expected.shape:
        stack = known.of_shape(given.shape).plus(offset_slips(trace, given, notation, offsets))
        explained = _same_shape(trace, given, stack, tolerance)
    else:
        explained = _other_shape(trace, given, list(known), tolerance)
    remaining = explained.remaining
    cells = [
        explain_cell(trace, p, given[p], explained.bases[p[0]], tolerance, notation)
        for p in remaining[:MAX_CELL_ANALYSES]
    ]
    return Diagnosis(
        tuple(explained.findings),
        tuple(cells),
        max(len(remaining) - MAX_CELL_ANALYSES, 0),
        explained.unexplained,
    )


@dataclass(frozen=True)
class Explained:
    """What a choice of slips leaves for the closer look."""

    findings: list[Finding]
    remaining: list[Position]  # the wrong cells that get the closer look
    #: per filter, the computations a closer look starts from: its slip, then the right one
    bases: dict[int, list[Slip | None]]
    unexplained: str = ""


#: Said of an answer of another shape that no slip or pair gives.
NO_SLIP_GIVES_THIS_SIZE = N_(
    "No classic slip, alone or paired with another, gives an answer of this size."
)


def _same_shape(trace: Trace, given, stack: Stack, tolerance: float) -> Explained:
    """Per filter, the slip that explains the most cells within the rules (module docstring)."""
    right = close(given, trace.output, tolerance)
    matches = close(given[None], stack.outputs, tolerance)  # slip × filter × row × col
    scores = matches.sum(axis=(2, 3))
    explains = (matches & ~right[None]).sum(axis=(2, 3))
    chosen: dict[int, Slip] = {}
    for k in range(given.shape[0]):
        best = _best_for_filter(right[k], stack, scores[:, k], explains[:, k])
        if best is not None:
            chosen[k] = best
    findings = []
    for s in dict.fromkeys(chosen.values()):
        filters = tuple(k for k, c in chosen.items() if c is s)
        findings.append(_finding(s, filters, given, right, tolerance, trace.task))
    explained = {cell for f in findings for cell in f.cells}
    lost = [k for k in range(given.shape[0]) if k not in chosen and _no_pattern(right[k])]
    remaining = [p for p in _positions(~right) if p not in explained and p[0] not in lost]
    bases = {k: [chosen[k], None] if k in chosen else [None] for k in range(given.shape[0])}
    unexplained = _nothing_explains(trace.task, lost, right) if lost else ""
    return Explained(findings, remaining, bases, unexplained)


def _no_pattern(right) -> bool:
    """Most of a filter's cells wrong (two at least) and no slip for them: a closer look at each
    would find one-cell coincidences, not the student's slip."""
    wrong = int((~right).sum())
    return wrong >= 2 and wrong * 2 > right.size


def _nothing_explains(task: Task, filters: list[int], right) -> str:
    wrong = int((~right[filters]).sum())
    if len(filters) < len(task.filters):
        said = _(
            "No classic slip, alone or paired with another, explains the {count} wrong "
            "cells of {filters}: compare each with its trace."
        )
    else:
        said = _(
            "No classic slip, alone or paired with another, explains the {count} wrong "
            "cells: compare each with its trace."
        )
    return said.format(count=wrong, filters=and_list([task.filters[k].name for k in filters]))


def _best_for_filter(right, stack: Stack, scores, explains) -> Slip | None:
    """The slip that explains a filter best, if any explains it by the rules: more cells than
    the right computation, more than half of the wrong ones and two of them (one when only one
    is wrong, never for a pair); an offset most of the cells, and two. Ties go to the first."""
    plain = int(right.sum())
    wrong_here = int(right.size - plain)
    least = np.where(stack.paired, 2, min(2, wrong_here))  # two slips in one cell: a coincidence
    fits = (scores > plain) & (explains >= least) & (explains * 2 > wrong_here)
    # "every cell off by d" needs most cells, and more than one
    fits &= ~(stack.offset & ((explains < 2) | (scores * 2 <= right.size)))
    if not fits.any():
        return None
    return stack.slips[int(np.argmax(np.where(fits, scores, -1)))]


def _other_shape(trace: Trace, given, slips: list[Slip], tolerance: float) -> Explained:
    """An answer of another shape: the slip that gives that shape and most of its numbers."""
    best, best_score = None, given.size // 2  # more than half of the cells, at least
    for s in slips:
        if s.output.shape != given.shape:
            continue
        score = int(close(given, s.output, tolerance).sum())
        if score > best_score:
            best, best_score = s, score
    if best is None:
        return Explained([], [], {}, _(NO_SLIP_GIVES_THIS_SIZE))
    filters = tuple(range(given.shape[0]))
    finding = _finding(best, filters, given, None, tolerance, trace.task)
    remaining = _positions(~close(given, best.output, tolerance))
    return Explained([finding], remaining, {k: [best] for k in filters})


def _positions(mask: np.ndarray) -> list[Position]:
    return [(int(k), int(i), int(j)) for k, i, j in np.argwhere(mask)]


def _finding(slip: Slip, filters, given, right, tolerance, task: Task) -> Finding:
    matches = close(given[list(filters)], slip.output[list(filters)], tolerance)
    matched, total = int(matches.sum()), int(matches.size)
    cells = []
    for index in np.argwhere(matches):
        position = (int(filters[index[0]]), int(index[1]), int(index[2]))
        if right is None or not right[position]:
            cells.append(position)
    what, hint = slip.describe(filters)
    said = _sentence(slip.kind == "offset", matched == total)
    if right is not None and len(filters) < len(task.filters):
        said = _sentence(slip.kind == "offset", matched == total, scoped=True)
    names = and_list([task.filters[k].name for k in filters])
    said = said.format(matched=matched, total=total, filters=names, what=what)
    message = f"{said} {hint}"
    return Finding(
        slip.kind, tuple(filters), matched, total, tuple(cells), what, hint, message, slip
    )


def _sentence(offset: bool, all_cells: bool, scoped: bool = False) -> str:
    """A finding's sentence, its placeholders ``matched``, ``total``, ``filters``, ``what``."""
    if offset and all_cells:
        if scoped:
            return _("All {total} cells of {filters} are {what}.")
        return _("All {total} cells are {what}.")
    if offset:
        if scoped:
            return _("{matched} of {total} cells of {filters} are {what}.")
        return _("{matched} of {total} cells are {what}.")
    if scoped:
        return _("{matched} of {total} cells of {filters} match {what}.")
    return _("{matched} of {total} cells match {what}.")


def _distinct(slips: Iterable[Slip | None], expected: np.ndarray) -> list[Slip]:
    """Drop impossible slips, slips that change nothing, and repeats of an earlier slip."""
    kept: list[Slip] = []
    for s in slips:
        if s is None:
            continue
        out = s.output
        if out.shape == expected.shape and np.array_equal(out, expected):
            continue
        if any(
            k.output.shape == out.shape and np.array_equal(k.output, out) and k.kind == s.kind
            for k in kept
        ):
            continue
        kept.append(s)
    return kept

"""A student's answer: read it from CSV or JSON, and compare it with the engine's output.

The answer is the output volume as the student wrote it: one matrix per filter. A cell is right
within a tolerance suited to hand work (:mod:`.compare`, shared with the diagnosis).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from ..engine import Trace
from ..errors import InputError, describe
from ..language import _, ngettext
from ..loaders import as_number, nesting_depth, read_csv_blocks, read_json
from ..numbers import UNICODE, Notation
from ..solution.words import size_formula
from .compare import TOLERANCE, close
from .diagnose import Diagnosis, Slip, diagnose

# --- reading ---------------------------------------------------------------------------------


def read_answer(path: str | Path, *, one_d: bool = False) -> np.ndarray:
    """The student's output volume as a K × H × W array (H = 1 for a 1-D signal).

    CSV: one matrix per filter, blank lines between (delimiter and decimal comma detected as for
    task files). JSON: ``{"output": …}`` (the ``run --format json`` document works too) or a bare
    nested list: a matrix for one filter, or a list of matrices. A 1-D task's answer is one row
    (or a flat list) per filter.

    Raises:
        InputError: naming the file, for anything that is not a block of numbers.
    """
    source = str(path)
    if source.lower().endswith(".json"):
        data = read_json(path)
        place = "output"
        if isinstance(data, Mapping):
            if "output" not in data:
                raise InputError(
                    _(
                        'expected {{"output": …}} or a bare list of rows, got an object without '
                        '"output"'
                    ).format(),
                    source=source,
                )
            data = data["output"]
        else:
            place = None
        try:
            return answer_array(data, one_d=one_d, place=place)
        except InputError as error:
            raise error.within(source) from None
    blocks = read_csv_blocks(path)
    matrices = [block for __, block in blocks]
    shapes = {m.shape for m in matrices}
    if len(shapes) > 1:
        sizes = ", ".join("×".join(map(str, m.shape)) for m in matrices)
        raise InputError(
            _(
                "the matrices have different sizes ({sizes}); give one matrix per filter, "
                "each the size of the output"
            ).format(sizes=sizes),
            source=source,
        )
    if one_d and len(matrices) == 1 and matrices[0].shape[0] > 1:
        return in_decimals(matrices[0][:, None, :])  # a 1-D task: one block, a row per filter
    return in_decimals(np.stack(matrices))


def answer_array(data: Any, *, one_d: bool = False, place: str | None = None) -> np.ndarray:
    """Nested lists (a matrix, or a list of matrices) → K × H × W, each number checked."""
    depth = nesting_depth(data)
    if depth == 0 or (isinstance(data, list | tuple) and not data):
        said = _("expected a list of rows, got {value}").format(value=describe(data))
        raise InputError(said, place=place)
    if depth == 1:
        data = [[data]]  # one filter's 1-D signal (or a single row)
    elif depth == 2:
        data = [[row] for row in data] if one_d else [data]
    elif depth > 3:
        said = _("lists nested {depth} deep; expected a matrix per filter").format(depth=depth)
        raise InputError(said, place=place)
    matrices = []
    for k, matrix in enumerate(data):
        where = f"{place}[{k}]" if place else f"[{k}]"
        if not isinstance(matrix, list | tuple) or not matrix:
            said = _("expected a matrix, got {value}").format(value=describe(matrix))
            raise InputError(said, place=where)
        rows = []
        for r, row in enumerate(matrix):
            if not isinstance(row, list | tuple) or not row:
                said = _("row {row} is {value}, not numbers").format(row=r, value=describe(row))
                raise InputError(said, place=where)
            if rows and len(row) != len(rows[0]):
                said = _("row {row} has {count} numbers, expected {width}")
                said = said.format(row=r, count=len(row), width=len(rows[0]))
                raise InputError(said, place=where)
            rows.append([as_number(v, f"{where}[{r}][{c}]") for c, v in enumerate(row)])
        matrices.append(np.array(rows))
    if len({m.shape for m in matrices}) > 1:
        sizes = ", ".join("×".join(map(str, m.shape)) for m in matrices)
        raise InputError(
            _("the matrices have different sizes ({sizes}); give one matrix per filter").format(
                sizes=sizes
            ),
            place=place,
        )
    return in_decimals(np.stack(matrices))


def in_decimals(given: np.ndarray) -> np.ndarray:
    """An answer with fractions (``-11/6``, as a student may write one) as the decimals it is
    compared in; any other answer as it is."""
    return given.astype(np.float64) if given.dtype == object else given


# --- shapes ----------------------------------------------------------------------------------


def shape_text(shape: tuple[int, ...], one_d: bool = False) -> str:
    """``3×3`` for one filter, ``2×3×3`` for two; a 1-D output drops its row axis."""
    k, h, w = shape
    dims = [w] if one_d else [h, w]
    if k != 1:
        dims = [k, *dims]
    return "×".join(str(n) for n in dims)


def shape_message(trace: Trace, given_shape: tuple[int, ...], ascii: bool = False) -> str:
    """``your answer is 2×3, the output is 3×3 (H₂ = … = 3)``: the size formula with numbers."""
    task = trace.task
    one_d = task.one_d
    expected = trace.shape
    k, h, w = expected
    if k > 1 and tuple(given_shape) == (1, k * h, w):
        said = _(
            "your answer is one {rows}×{w} matrix, the output is {k} matrices of {h}×{w}, "
            "one per filter: separate them with a blank line"
        )
        return said.format(rows=k * h, w=w, k=k, h=h)
    if given_shape[0] != expected[0]:
        have = given_shape[0]
        said = ngettext(
            "your answer has {have} matrix, the output has {k} (D₂ = K = {k}, one per filter)",
            "your answer has {have} matrices, the output has {k} (D₂ = K = {k}, one per filter)",
            have,
        )
        return said.format(have=have, k=expected[0])
    message = _("your answer is {given}, the output is {expected}").format(
        given=shape_text(given_shape, one_d), expected=shape_text(expected, one_d)
    )
    return f"{message} ({'; '.join(size_lines(trace, ascii))})"


def size_lines(trace: Trace, ascii: bool = False) -> list[str]:
    """The output-size formula for each axis (one line when both axes agree)."""
    notation = Notation.pick(ascii)
    rows, cols = trace.task.axes
    if trace.task.one_d:
        axes = [cols]
    elif _same_axis(rows, cols):
        symbols, numbers = size_formula(rows, notation)
        return [symbols.replace("H\u2082 =", "H\u2082 = W\u2082 =", 1) + " = " + numbers]
    else:
        axes = [rows, cols]
    lines = []
    for axis in axes:
        symbols, numbers = size_formula(axis, notation)
        lines.append(f"{symbols} = {numbers}")
    return lines


def _same_axis(a, b) -> bool:
    keys = ("size", "kernel", "stride", "pad_before", "pad_after", "dilation")
    return all(getattr(a, k) == getattr(b, k) for k in keys)


# --- the comparison --------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Check:
    """A student's answer against the trace: which cells are right, and what went wrong.

    ``status`` is the CLI's exit status: 0 all right, 1 some wrong (or a wrong shape that a
    classic slip explains), 2 a wrong shape nothing explains.
    """

    trace: Trace
    given: np.ndarray  # K × H × W as the student wrote it
    tolerance: float = TOLERANCE
    notation: Notation = UNICODE  # how the diagnosis writes numbers (ASCII: - and *)
    slips: Sequence[Slip] | None = None  # the task's known slips, when made already
    offsets: dict | None = None  # the offset slips of earlier answers, by amount

    @property
    def expected(self) -> np.ndarray:
        return self.trace.output

    @property
    def shape_matches(self) -> bool:
        return self.given.shape == self.expected.shape

    @cached_property
    def right(self) -> np.ndarray:
        """Boolean K × H × W: which cells are right (all False when the shape differs)."""
        if not self.shape_matches:
            return np.zeros(self.given.shape, dtype=bool)
        return close(self.given, self.expected, self.tolerance)

    @property
    def wrong_cells(self) -> list[tuple[int, int, int]]:
        return [tuple(int(n) for n in index) for index in np.argwhere(~self.right)]  # type: ignore[misc]

    @property
    def all_right(self) -> bool:
        return self.shape_matches and bool(self.right.all())

    @cached_property
    def diagnosis(self) -> Diagnosis:
        """The classic slips that explain the answer (see :mod:`convtrace.homework.diagnose`)."""
        return diagnose(
            self.trace, self.given, self.tolerance, self.notation, self.slips, self.offsets
        )

    @property
    def status(self) -> int:
        if self.all_right:
            return 0
        if self.shape_matches or self.diagnosis.findings:
            return 1
        return 2


def check(
    trace: Trace,
    given: Any,
    tolerance: float = TOLERANCE,
    *,
    ascii: bool = False,
    slips: Sequence[Slip] | None = None,
    offsets: dict | None = None,
) -> Check:
    """Compare ``given`` (anything :func:`answer_array` takes, or an array) with ``trace``.

    ``ascii`` writes the diagnosis with ``-`` and ``*`` instead of ``−`` and ``·``; ``slips``
    are the task's :func:`~.diagnose.known_slips` in that notation, when made already (a
    batch of answers to one task makes them once), ``offsets`` the offset slips of earlier
    answers, by amount (added to).
    """
    if not math.isfinite(tolerance):  # nan marks every cell wrong, inf every cell right
        said = _("must be a finite number like 0.005, got {value}").format(value=tolerance)
        raise InputError(said, place="--tolerance")
    if tolerance < 0:
        said = _("must be {minimum} or more, got {value}").format(minimum=0, value=tolerance)
        raise InputError(said, place="--tolerance")
    if not isinstance(given, np.ndarray):
        given = answer_array(given, one_d=trace.task.one_d)
    elif given.ndim == 2:
        given = given[None]
    return Check(trace, given, tolerance, Notation.pick(ascii), slips, offsets)

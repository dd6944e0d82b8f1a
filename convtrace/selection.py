"""Which cells to show: ``--filter``, ``--rows A..B`` and ``--cols A..B``, checked against a trace.

A big trace has tens of thousands of cells; these pick the part a person wants to read. Ranges
are zero-based like ``--cell`` and include both ends (``--rows 2..4`` is rows 2, 3 and 4), as
one says "rows 2 to 4" by hand. Bad text is an :class:`InputError` naming the option.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .errors import InputError
from .language import _
from .task import Task


@dataclass(frozen=True)
class Selection:
    """The filters, output rows and output columns whose cells are shown (``None``: all)."""

    filters: tuple[int, ...] | None = None
    rows: range | None = None
    cols: range | None = None

    def count(self, shape: tuple[int, int, int]) -> int:
        """How many cells this selects in an output of ``shape`` (K × H₂ × W₂)."""
        k, h, w = shape
        return (
            (k if self.filters is None else len(self.filters))
            * (h if self.rows is None else len(self.rows))
            * (w if self.cols is None else len(self.cols))
        )

    @property
    def everything(self) -> bool:
        return self.filters is None and self.rows is None and self.cols is None


def parse_range(text: str, size: int, place: str) -> range:
    """``A..B`` (both included), ``A..``, ``..B`` or ``A`` → a range inside ``0 … size − 1``."""
    first, dots, last = text.strip().partition("..")
    said = _("{text!r} is not a range like 2..5 (or 3, 2.., ..5)").format(text=text)
    bad = InputError(said, place=place)
    if dots and not (first.strip() or last.strip()):
        raise bad
    try:
        start = int(first) if first.strip() else 0
        stop = (int(last) if last.strip() else size - 1) if dots else start
    except ValueError:
        raise bad from None
    for value in (start, stop):
        if not 0 <= value < size:
            raise InputError(
                _("{value} is outside the output (0 to {last}; zero-based)").format(
                    value=value, last=size - 1
                ),
                place=place,
            )
    if stop < start:
        raise InputError(_("{text!r} ends before it starts").format(text=text), place=place)
    return range(start, stop + 1)


def parse_filters(texts: Sequence[str], task: Task) -> tuple[int, ...]:
    """Filters by name (``w1``) or zero-based index (``1``), in the order given, no repeats."""
    names = [f.name for f in task.filters]
    chosen: list[int] = []
    for text in texts:
        for part in text.split(","):
            key = part.strip()
            if key in names:
                k = names.index(key)
            elif re.fullmatch(r"-?\d+", key):
                k = int(key)
                if not 0 <= k < len(names):
                    raise InputError(
                        _("filter {k} does not exist (0 to {last}, or a name: {names})").format(
                            k=k, last=len(names) - 1, names=", ".join(names)
                        ),
                        place="--filter",
                    )
            else:
                raise InputError(
                    _("no filter is called {key!r} (the filters: {names})").format(
                        key=key, names=", ".join(names)
                    ),
                    place="--filter",
                )
            if k not in chosen:
                chosen.append(k)
    return tuple(chosen)


def selection(
    task: Task,
    shape: tuple[int, int, int],
    *,
    filters: Sequence[str] = (),
    rows: str | None = None,
    cols: str | None = None,
) -> Selection:
    """The :class:`Selection` the ``--filter``/``--rows``/``--cols`` options describe."""
    __, h, w = shape
    if rows is not None and task.one_d:
        said = _("a 1-D signal has no rows; use --cols for positions")
        raise InputError(said, place="--rows")
    return Selection(
        filters=parse_filters(filters, task) if filters else None,
        rows=parse_range(rows, h, "--rows") if rows is not None else None,
        cols=parse_range(cols, w, "--cols") if cols is not None else None,
    )

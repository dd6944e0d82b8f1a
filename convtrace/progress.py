"""Progress of long work: a bar on stderr (rich's ``Progress``) where a person watches, and
nothing at all anywhere else.

A job asks for a tracker with :func:`tracker` and reports to it; the same calls cost nothing
when it is off (:class:`NoProgress`), so a job never asks whether to report:

.. code-block:: python

    with tracker("grading", total=len(answers), unit="answers", on=shown()) as bar:
        for answer in answers:
            ...
            bar.advance()

:func:`shown` says whether a bar may be drawn at all: only when stderr is a terminal, never in a
pipe, a file or a CI log (``CI`` set), nor on a ``dumb`` terminal. Commands also leave it off for
``--quiet``, ``--no-progress`` and JSON on standard output. The bar is transient: it disappears
when the job ends (or is interrupted), leaving the terminal to what the command says.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .engine import CellRow, Trace
from .language import N_, _

#: The words callers hand a bar (its units and what it is doing), for the catalog.
BAR_WORDS = (
    N_("cells"),
    N_("steps"),
    N_("answers"),
    N_("exercises"),
    N_("grading"),
    N_("tracing"),
    N_("making exercises"),
)


def shown_description(description: str) -> str:
    """What a bar says it is doing, in the chosen language (``writing x.png`` keeps its name)."""
    if description.startswith("writing "):
        return _("writing {what}").format(what=description.removeprefix("writing "))
    return _(description) if description else description


#: Redraws per second: enough to look alive, little enough to cost nothing measurable.
REFRESH_PER_SECOND = 4


def shown(stream: Any = None) -> bool:
    """Whether a bar may be drawn on ``stream`` (stderr): a terminal, no CI, no dumb terminal."""
    stream = sys.stderr if stream is None else stream
    if os.environ.get("CI") or os.environ.get("TERM") == "dumb":
        return False
    try:
        return bool(stream is not None and stream.isatty())
    except (AttributeError, ValueError):  # replaced or closed streams
        return False


class NoProgress:
    """A tracker that does nothing: what a job reports to when no bar is shown."""

    on = False

    def __enter__(self) -> NoProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def advance(self, count: int = 1) -> None:
        """``count`` more units done."""

    def step(self, description: str) -> None:
        """The previous step is done; ``description`` is the one now under way."""

    def watch(self, file: Any) -> None:
        """Show how big ``file`` (an open file) has grown, read at each redraw."""

    def counting(self, trace: Trace) -> Trace:
        """``trace`` with each row of cells it hands out counted (for exports)."""
        return trace


class Bar(NoProgress):
    """A rich progress bar on stderr: done of total, the file's size, the rate, time left."""

    on = True

    def __init__(self, description: str, total: int, *, unit: str = "cells", console=None):
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

        unit = _(unit)
        description = shown_description(description)
        self.unit = unit
        self.file: Any = None
        self.size: int | None = None
        self.progress = Progress(
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            TextColumn("{task.completed:,}/{task.total:,} " + unit),
            *_file_columns(self),
            TimeRemainingColumn(),
            console=console or Console(stderr=True),
            transient=True,
            refresh_per_second=REFRESH_PER_SECOND,
        )
        self.task = self.progress.add_task(description, total=total)

    def written(self) -> int | None:
        """The watched file's size now (None when there is none; once it is closed, the size
        it had last)."""
        if self.file is None:
            return None
        with contextlib.suppress(OSError, ValueError):  # closed: the job is ending
            self.size = os.fstat(self.file.fileno()).st_size
        return self.size

    def __enter__(self) -> Bar:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def advance(self, count: int = 1) -> None:
        self.progress.advance(self.task, count)

    def step(self, description: str) -> None:
        self.progress.update(self.task, description=shown_description(description), advance=1)

    def watch(self, file: Any) -> None:
        self.file = file

    def counting(self, trace: Trace) -> Trace:
        fields = {f.name: getattr(trace, f.name) for f in dataclasses.fields(Trace)}
        return CountedTrace(**fields, tracker=self)


def _file_columns(bar: Bar) -> list[Any]:
    """The bytes written so far and the rate: of the file when one is watched, else of the
    units (``1,234 cells/s``). rich draws them at each redraw, off the job's own path."""
    from rich.filesize import decimal
    from rich.progress import ProgressColumn
    from rich.text import Text

    class Written(ProgressColumn):
        def render(self, task) -> Text:
            size = bar.written()
            return Text("" if size is None else decimal(size), style="progress.filesize")

    class Rate(ProgressColumn):
        def render(self, task) -> Text:
            size, elapsed = bar.written(), task.elapsed or 0
            if size is not None and elapsed > 0.2:
                return Text(f"{decimal(int(size / elapsed))}/s", style="progress.data.speed")
            speed = task.speed
            return Text(f"{speed:,.0f} {bar.unit}/s" if speed else "", style="progress.data.speed")

    return [Written(), Rate()]


@dataclass(frozen=True, eq=False)
class CountedTrace(Trace):
    """A trace whose rows of cells, as they are handed out, advance a tracker."""

    tracker: NoProgress = field(default_factory=NoProgress, repr=False)

    def rows(self, filters=None, rows=None, cols=None) -> Iterator[CellRow]:
        advance = self.tracker.advance
        for row in super().rows(filters, rows, cols):
            yield row
            advance(len(row))


def tracker(
    description: str, total: int, *, unit: str = "cells", on: bool | None = None, console=None
) -> NoProgress:
    """A bar for a job of ``total`` units when ``on`` (default: :func:`shown`), else a tracker
    that does nothing. Use it as a context manager: the bar shows inside the block only."""
    if on is None:
        on = shown()
    if not on or total <= 0:
        return NoProgress()
    return Bar(description, total, unit=unit, console=console)

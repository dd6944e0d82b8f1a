"""``run --summary``: a big trace at a glance, the output size and per-filter statistics.

For a feature map of tens of thousands of cells, the first questions are "how big is the output"
and "what range do the values take": this answers them without printing a single cell. The
statistics describe the output volume the engine computed; nothing here recomputes a cell.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..engine import Trace
from ..numbers import Notation, Number, clean
from .terminal import NEGATIVE_STYLE, TraceView, heading

#: The output matrices are printed in the summary only up to this many rows and columns.
MATRIX_MAX = 16


@dataclass(frozen=True)
class FilterStats:
    """One filter's output map in numbers: range, mean and where the extremes are."""

    filter: int
    name: str
    count: int
    minimum: Number
    minimum_at: tuple[int, int]  # (row, col) of its first occurrence
    maximum: Number
    maximum_at: tuple[int, int]
    mean: float
    negatives: int
    zeros: int
    positives: int


def filter_stats(trace: Trace) -> list[FilterStats]:
    """Per filter: min and max (with their first position), mean, and the signs' counts."""
    stats = []
    for k, f in enumerate(trace.task.filters):
        out = trace.output[k]
        low = np.unravel_index(int(np.argmin(out)), out.shape)
        high = np.unravel_index(int(np.argmax(out)), out.shape)
        negatives = int(np.count_nonzero(out < 0))
        zeros = int(np.count_nonzero(out == 0))
        stats.append(
            FilterStats(
                filter=k,
                name=f.name,
                count=int(out.size),
                minimum=clean(out[low].item()),
                minimum_at=(int(low[0]), int(low[1])),
                maximum=clean(out[high].item()),
                maximum_at=(int(high[0]), int(high[1])),
                mean=float(out.mean(dtype=np.float64)),
                negatives=negatives,
                zeros=zeros,
                positives=int(out.size) - negatives - zeros,
            )
        )
    return stats


class SummaryView:
    """The summary as rich renderables: setup line, output size, statistics, small outputs."""

    def __init__(self, trace: Trace, *, ascii: bool = False) -> None:
        self.trace = trace
        self.ascii = ascii
        self.notation = Notation.pick(ascii)

    def __rich_console__(self, console, options) -> Iterator[RenderableType]:
        yield from self.sections()

    def sections(self) -> Iterator[RenderableType]:
        view = TraceView(self.trace, ascii=self.ascii)
        setup = view.setup_sections()
        yield next(setup)  # the title
        yield view.size_section()
        yield self.stats_section()
        _, h_out, w_out = self.trace.shape
        if h_out <= MATRIX_MAX and w_out <= MATRIX_MAX:
            yield view.output_section()
        else:
            yield Text(
                f"(the output matrices, {h_out}×{w_out} each, are not shown: -q prints them, "
                "--format json writes them)",
                style="dim",
            )

    def _at(self, where: tuple[int, int]) -> str:
        return f"col {where[1]}" if self.trace.task.one_d else f"({where[0]}, {where[1]})"

    def stats_section(self) -> RenderableType:
        n = self.notation
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
        for title in ("filter", "bias", "min", "at", "max", "at", "mean", "< 0", "= 0", "> 0"):
            table.add_column(title, justify="left" if title in ("filter", "at") else "right")
        for s in filter_stats(self.trace):
            bias = self.trace.task.filters[s.filter].bias
            table.add_row(
                Text(f"{s.filter} {s.name}", style="bold"),
                Text(n.number(bias)),
                Text(n.number(s.minimum), style=NEGATIVE_STYLE if s.minimum < 0 else None),
                Text(self._at(s.minimum_at), style="dim"),
                Text(n.number(s.maximum), style=NEGATIVE_STYLE if s.maximum < 0 else None),
                Text(self._at(s.maximum_at), style="dim"),
                Text(n.number(clean(round(s.mean, 4)))),
                Text(f"{s.negatives:,}"),
                Text(f"{s.zeros:,}"),
                Text(f"{s.positives:,}"),
            )
        count = len(self.trace)
        return Group(heading(f"Output statistics ({count:,} values)"), table)

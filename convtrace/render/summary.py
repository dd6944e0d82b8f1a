"""``run --summary``: a big trace at a glance, the output size and per-filter statistics.

For a feature map of tens of thousands of cells, the first questions are "how big is the output"
and "what range do the values take": this answers them without printing a single cell. The title
and the output size are the worked solution's own sections; the statistics describe the output
volume the engine computed, and nothing here recomputes a cell.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from rich import box
from rich.console import Console
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from .. import language
from ..engine import Trace
from ..exact import python_number
from ..language import N_, _
from ..numbers import Notation, Number, clean, count
from ..solution.outline import Options, Outline
from .lines import Output, heading
from .pictures import NEGATIVE_STYLE
from .terminal import TraceView

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
        with np.errstate(over="ignore"):  # values near 1e308: their mean is ±inf, said so
            mean = float(out.mean(dtype=np.float64))
        stats.append(
            FilterStats(
                filter=k,
                name=f.name,
                count=int(out.size),
                minimum=clean(python_number(out[low])),
                minimum_at=(int(low[0]), int(low[1])),
                maximum=clean(python_number(out[high])),
                maximum_at=(int(high[0]), int(high[1])),
                mean=mean,
                negatives=negatives,
                zeros=zeros,
                positives=int(out.size) - negatives - zeros,
            )
        )
    return stats


COLUMNS = (
    N_("filter"),
    N_("bias"),
    "min",
    N_("at"),
    "max",
    N_("at"),
    N_("mean"),
    "< 0",
    "= 0",
    "> 0",
)


def stats_rows(trace: Trace, notation: Notation) -> list[list[Text]]:
    """Per filter: its name, bias, min and where, max and where, mean and the signs' counts."""
    n = notation
    one_d = trace.task.one_d

    def at(where: tuple[int, int]) -> str:
        return _("col {i}").format(i=where[1]) if one_d else f"({where[0]}, {where[1]})"

    rows = []
    for s in filter_stats(trace):
        bias = trace.task.filters[s.filter].bias
        rows.append(
            [
                Text(f"{s.filter} {s.name}", style="bold"),
                Text(n.number(bias)),
                Text(n.number(s.minimum), style=NEGATIVE_STYLE if s.minimum < 0 else None),
                Text(at(s.minimum_at), style="dim"),
                Text(n.number(s.maximum), style=NEGATIVE_STYLE if s.maximum < 0 else None),
                Text(at(s.maximum_at), style="dim"),
                Text(n.number(clean(round(s.mean, 4)))),
                Text(count(s.negatives)),
                Text(count(s.zeros)),
                Text(count(s.positives)),
            ]
        )
    return rows


def stats_table(rows: list[list[Text]], notation: Notation) -> Table:
    """The statistics as a table, one row per filter, no number wrapped or cut."""
    table = Table(
        box=box.ASCII if notation.ascii else box.SIMPLE_HEAD,
        pad_edge=False,
        show_edge=False,
        safe_box=notation.ascii,
    )
    for title in COLUMNS:
        justify = "left" if title in ("filter", "at") else "right"
        table.add_column(_(title), justify=justify, no_wrap=True)
    for row in rows:
        table.add_row(*row)
    return table


def stats_lines(rows: list[list[Text]], width: int) -> list[str]:
    """The rows as lines of ``column value`` pairs, broken between pairs, for a terminal too
    narrow for the table: a number is never cut or broken."""
    lines = []
    for row in rows:
        line = f"{row[0].plain}:"
        for title, cell in zip(COLUMNS[1:], row[1:], strict=True):
            pair = f"{_(title)} {cell.plain}"
            if len(line) + 2 + len(pair) > width:
                lines.append(line)
                line = "   "
            line += ("  " if line.strip() else " ") + pair
        lines.append(line)
    return lines


def print_summary(console: Console, trace: Trace, *, ascii: bool = False) -> None:
    """The title, the output size, the statistics and (when small) the output volume."""
    with language.in_ascii(ascii):
        _written_summary(console, trace, ascii)


def _written_summary(console: Console, trace: Trace, ascii: bool) -> None:
    output = Output(console)
    view = TraceView(trace, ascii=ascii, plain=not output.colour)
    view.width = console.width
    outline = Outline(trace, Options(math=view.notation, text=view.notation, screen=True))
    for block in [*outline.title()[:1], *outline.size()]:
        output.emit(view.block(block))
    rule = "-" if ascii else "\u2500"
    output.emit(
        heading(
            _("Output statistics ({count} values)").format(count=count(len(trace))),
            console.width,
            rule,
        )
    )
    rows = stats_rows(trace, view.notation)
    table = stats_table(rows, view.notation)
    wide = console.options.update(max_width=1 << 16)  # the table's own width, not capped
    if Measurement.get(console, wide, table).maximum <= console.width:
        console.print(table)
    else:  # too wide for the terminal: each filter's figures as pairs, never cut
        output.emit([[(line, None)] for line in stats_lines(rows, console.width)])
    h_out, w_out = trace.shape[1:]
    if h_out <= MATRIX_MAX and w_out <= MATRIX_MAX:
        for block in outline.output():
            if getattr(block, "only", None) != "document":
                output.emit(view.block(block))
    else:
        output.emit(
            [
                [
                    (
                        _(
                            "(the output matrices, {size} each, are not shown: -q prints them, "
                            "--format json writes them)"
                        ).format(size=f"{h_out}{view.notation.cross}{w_out}"),
                        "dim",
                    )
                ]
            ]
        )

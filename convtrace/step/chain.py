"""``run --step`` on a chain: every layer's cells in turn, one screen each.

The walk is one long row of steps (layer 1's cells, then layer 2's, …), so the state machine of
:mod:`.state` steps through it unchanged; each screen says which layer and cell it shows, then
the cell as the terminal trace writes it (its window in the layer's padded input, its lines).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text

from ..engine.chain import ChainTrace
from ..engine.trace import Trace
from ..engine.transpose import TransposeTrace
from ..language import _
from ..numbers import Notation
from ..render.terminal import TraceView
from ..solution.cells import cell_rows
from ..solution.chain import layer_picture
from ..solution.layer_cells import activation_rows, pool_rows, scatter_rows
from ..solution.layer_words import layer_title, output_name
from .chrome import Chrome
from .frame import Frame
from .layout import MIN_SIZE
from .state import State, Walk


@dataclass(frozen=True)
class ChainWalk(Walk):
    """A chain's steps as one row: ``g`` takes a step's number."""

    @property
    def cell_format(self) -> str:
        return _("a step number, from 0")


def layer_steps(trace) -> int:
    """How many steps a layer's trace has: its output cells (a scatter: its input's steps)."""
    return len(trace)


def chain_walk(trace: ChainTrace, *, auto: bool = False) -> ChainWalk:
    total = sum(layer_steps(layer) for layer in trace.layers)
    return ChainWalk(1, 1, total, auto=auto, one_d=True)


def step_of(trace: ChainTrace, layer: int, where: tuple[int, int, int]) -> int:
    """The step number of layer ``layer``'s cell ``where`` (the first step of a scatter cell)."""
    before = sum(layer_steps(t) for t in trace.layers[: layer - 1])
    current = trace.layers[layer - 1]
    scatter = isinstance(current, TransposeTrace) and trace.view == "scatter"
    c_count, h, w = current.x.shape if scatter else current.output.shape
    k, i, j = where
    per_cell = layer_steps(current) // (c_count * h * w) if scatter else 1
    return before + ((k * h + i) * w + j) * per_cell


class ChainStepView(Chrome):
    """Frames of a chain's walkthrough: ``view.frame(state)``, as :class:`~.frame.StepView`."""

    def __init__(
        self,
        trace: ChainTrace,
        walk: ChainWalk,
        *,
        ascii: bool = False,
        plain: bool | None = None,
        auto: float | None = None,
    ) -> None:
        self.chain = trace
        self.walk = walk
        self.notation = Notation.pick(ascii)
        self.ascii = ascii
        self.plain = plain
        self.auto = auto
        self.counts = [layer_steps(layer) for layer in trace.layers]

    def frame(self, state: State) -> Frame:
        return Frame(self, state)  # type: ignore[arg-type]

    def locate(self, step: int) -> tuple[int, int]:
        """(layer, step within it), 1-based layer."""
        for index, count in enumerate(self.counts, start=1):
            if step < count:
                return index, step
            step -= count
        return len(self.counts), self.counts[-1] - 1

    def work(self, index: int, local: int):
        trace, n = self.chain.layers[index - 1], self.notation
        if isinstance(trace, TransposeTrace) and self.chain.view == "scatter":
            c_count, h, w = trace.x.shape
            per = len(trace) // (c_count * h * w)
            (where, kk) = divmod(local, per)
            c, rest = divmod(where, h * w)
            i, j = divmod(rest, w)
            return next(iter(scatter_rows(trace, n, n, [(c, i, j)])))[kk]
        c_count, h, w = trace.output.shape
        c, rest = divmod(local, h * w)
        i, j = divmod(rest, w)
        if isinstance(trace, Trace | TransposeTrace):
            conv = trace if isinstance(trace, Trace) else trace.direct
            (row,) = cell_rows(conv, n, n, [conv.cell(c, i, j)], symbol=output_name(index))
            return row[0]
        rows = pool_rows if hasattr(trace, "divisors") else activation_rows
        return next(iter(rows(trace, n, n, [(c, i, j)])))[0]

    def lines(self, state: State, width: int, height: int) -> list[Text]:
        if width < MIN_SIZE[0] or height < MIN_SIZE[1]:
            return [Text(_("make the terminal larger (40×12 at least)"))]
        index, local = self.locate(state.col)
        trace = self.chain.layers[index - 1]
        layer = self.chain.chain.layers[index - 1]
        sep = self.notation.separator
        head = Text(
            _("Layer {index} of {count}: ").format(index=index, count=len(self.counts)),
            style="bold",
        )
        head.append(layer_title(layer, self.notation), style="bold")
        cell = _("cell {index} of {count}").format(index=local + 1, count=self.counts[index - 1])
        step = _("step {index} of {count}").format(index=state.col + 1, count=self.walk.cols)
        head.append(f"{sep}{cell}{sep}{step}", style="dim")
        view = TraceView(self.chain, ascii=self.ascii, plain=bool(self.plain))
        view.use_picture(
            layer_picture(
                trace
                if not isinstance(trace, TransposeTrace) or self.chain.view == "scatter"
                else trace.direct
            )
        )
        body = view.cell_section(self.work(index, local), width)
        return [*screen(head, body, height), self.status(state, width)]


def screen(head: Text, body: list, height: int) -> list[Text]:
    """A heading and a cell's lines in the rows above the status line: cut short with a note
    when they do not fit, padded with blank lines when they leave room."""
    lines = [head] + [Text.assemble(*((t, s or "") for t, s in line)) for line in body]
    room = height - 1
    if len(lines) > room:
        lines = [*lines[: room - 1], Text(_("… (a larger terminal shows the rest)"), style="dim")]
    return lines + [Text("")] * (room - len(lines))

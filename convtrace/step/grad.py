"""``grad --step``: the backward pass's cells one screen at a time, in the trace's order.

The walk is one long row of steps (∂L/∂b, then every ∂L/∂W, then every ∂L/∂x; a chain's layers
from the last to the first), so the state machine of :mod:`.state` steps through it unchanged;
each screen says which gradient and step it shows, then the cell as the terminal trace writes
it (its window in the padded input, or in the zero-inserted G).
"""

from __future__ import annotations

from functools import cached_property

from rich.text import Text

from ..language import _
from ..numbers import Notation
from ..render.terminal import TraceView
from ..solution.blocks import Cells, Heading
from ..solution.document import outline
from .chain import ChainWalk, screen
from .chrome import Chrome
from .frame import Frame
from .layout import MIN_SIZE
from .state import State


def grad_walk(trace, *, auto: bool = False) -> ChainWalk:
    return ChainWalk(1, 1, len(GradStepView(trace, None).steps), auto=auto, one_d=True)


class GradStepView(Chrome):
    """Frames of the backward pass's walkthrough: ``view.frame(state)``."""

    def __init__(self, trace, walk, *, ascii=False, plain=None, auto=None) -> None:
        self.trace = trace
        self.walk = walk
        self.notation = Notation.pick(ascii)
        self.ascii = ascii
        self.plain = plain
        self.auto = auto
        self.view = TraceView(trace, ascii=ascii, plain=bool(plain))

    @cached_property
    def steps(self) -> list[tuple[str, object, object]]:
        """(the section it is in, its picture, the cell's work), in the trace's order."""
        found = []
        section = ""
        for block in outline(self.view.trace, self.view.options):
            if isinstance(block, Heading) and block.level <= 2:
                section = block.text
            elif isinstance(block, Cells):
                for row in block.rows():
                    found += [(section, block.picture, work) for work in row]
        return found

    def frame(self, state: State) -> Frame:
        return Frame(self, state)  # type: ignore[arg-type]

    def lines(self, state: State, width: int, height: int) -> list[Text]:
        if width < MIN_SIZE[0] or height < MIN_SIZE[1]:
            return [Text(_("make the terminal larger (40×12 at least)"))]
        section, picture, work = self.steps[state.col]
        sep = self.notation.separator
        head = Text(section, style="bold")
        step = _("{sep}step {number} of {steps}").format(
            sep=sep, number=state.col + 1, steps=len(self.steps)
        )
        head.append(step, style="dim")
        self.view.use_picture(picture)
        body = self.view.cell_section(work, width)
        return [*screen(head, body, height), self.status(state, width)]

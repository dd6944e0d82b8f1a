"""The by-hand formulas as text, fast enough for exports of a hundred thousand cells.

:mod:`.formula` defines the formulas, as tokens every renderer styles. A file export needs only
their text, and making ~40 token objects per channel caps a Markdown export near 2 MB/s; this
module writes the same text straight from the cell's numbers (each number written once, then
looked up), at over ten times the speed. It never computes: the products' factors, sums and
values are the cell's.

The text is the token builders' text, byte for byte: the tests check it over every kind of task,
and each :class:`FormulaText` also compares its first formula with the token builders' and uses
them for the whole export should they ever differ (say, after a change to :mod:`.formula`).
"""

from __future__ import annotations

from collections.abc import Callable

from ..engine import Cell, ChannelStep
from ..numbers import Notation, Number
from .formula import cell_total, channel_terms
from .formula import plain as join_tokens
from .texmath import tex_number, tex_tokens

#: Numbers remembered per notation before the memory is cleared (bounded for decimal traces).
CACHE_SIZE = 1 << 16


class _Written(dict):
    """number → its text, written on first use; cleared when it grows past :data:`CACHE_SIZE`."""

    def __init__(self, write: Callable[[Number], str]) -> None:
        super().__init__()
        self.write = write

    def __missing__(self, value: Number) -> str:
        if len(self) >= CACHE_SIZE:
            self.clear()
        text = self[value] = self.write(value)
        return text


class FormulaText:
    """``channel(step)`` and ``total(cell)`` as text in one notation; ``tex`` for TeX math."""

    def __init__(self, notation: Notation, *, tex: bool = False) -> None:
        self.notation = notation
        self.tex = tex
        if tex:
            self._factors = _Written(lambda v: tex_number(notation.factor(v)))
            self._numbers = _Written(lambda v: tex_number(notation.number(v)))
        else:
            self._factors = _Written(notation.factor)
            self._numbers = _Written(notation.number)
        self._templates: dict[tuple, str] = {}  # per kernel (see _template)
        # None: not yet compared with the token builders; then whether they agree
        self._verified: bool | None = None
        self._verified_total: bool | None = None
        self._join: Callable = tex_tokens if tex else join_tokens

    def _template(self, weights: tuple) -> str:
        """``[{}·1 + {}·0 + {}·(−1)] + […]``: the kernel's formula with a slot for each window
        value (a filter's cells share their kernels, so this is made once per kernel)."""
        template = self._templates.get(weights)
        if template is None:
            if len(self._templates) >= 256:
                self._templates.clear()
            times, factors = self.notation.times, self._factors

            def slot(w: Number) -> str:
                return "{}" + (times + factors[w]).replace("{", "{{").replace("}", "}}")

            template = " + ".join("[" + " + ".join(slot(w) for w in ws) + "]" for ws in weights)
            self._templates[weights] = template
        return template

    # -- the formulas ----------------------------------------------------------------------------

    def channel(self, step: ChannelStep, *, result: bool = True) -> str:
        """``[0·1 + 0·0 + 0·(−1)] + … = 0``, as :func:`.formula.channel_terms` writes it."""
        if self._verified is None:
            self._verify(step)
        if not self._verified:
            return self._join(channel_terms(step, self.notation, result=result))
        factors = self._factors
        text = self._template(step.weights).format(*[factors[x] for xs in step.window for x in xs])
        if result:
            return f"{text} = {self._numbers[step.sum]}"
        return text

    def total(self, cell: Cell, *, result: bool = True) -> str:
        """``0 + 7 + (−5) + 1 = 3``, as :func:`.formula.cell_total` writes it."""
        if self._verified_total is None:
            self._verified_total = True
            fast = self.total(cell)
            self._verified_total = fast == self._join(cell_total(cell, self.notation))
        if not self._verified_total:
            return self._join(cell_total(cell, self.notation, result=result))
        factors = self._factors
        steps = cell.channels
        parts = [self._numbers[steps[0].sum], *(factors[s.sum] for s in steps[1:])]
        parts.append(factors[cell.bias])
        text = " + ".join(parts)
        if result:
            return f"{text} = {self._numbers[cell.value]}"
        return text

    def _verify(self, step: ChannelStep) -> None:
        self._verified = True
        fast = self.channel(step)
        self._verified = fast == self._join(channel_terms(step, self.notation))

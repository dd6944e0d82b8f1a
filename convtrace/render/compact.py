"""The terminal trace of a big run: volumes too large for a screen are named, not printed.

A 64×64 input printed as matrices is a thousand lines before the first cell, and the output
volume as many again after it: on a screen nobody reads them, and they bury the cells that were
asked for (``--cell``, ``--rows``). :class:`CompactTraceView` is the ordinary
:class:`~.terminal.TraceView` with each such volume replaced by one line that says its size and
how to see it. Small volumes, the filters and every cell are unchanged.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from ..engine import Trace
from .terminal import TraceView, emit, heading

#: A matrix with more values than this (per channel or filter) is not printed to a screen.
MAX_SCREEN_VALUES = 32 * 32

HOW_TO_SEE = "--all prints it, --export trace.md writes it"


def is_big(trace: Trace) -> bool:
    """Whether the input (padded) or an output matrix is too big for a screen."""
    _, hp, wp = trace.padded.shape
    _, h_out, w_out = trace.shape
    return max(hp * wp, h_out * w_out) > MAX_SCREEN_VALUES


class CompactTraceView(TraceView):
    """:class:`TraceView` without the volumes too big for a screen (see the module)."""

    def _too_big(self, rows: int, cols: int) -> bool:
        return rows * cols > MAX_SCREEN_VALUES

    def _note(self, what: str, shape: str, how: str = HOW_TO_SEE) -> Text:
        return Text(f"({what} {shape}: too big to print here; {how})", style="dim")

    def channels(self, volume, kind: str, style_for=None, marked_for=None):
        c, rows, cols = volume.shape
        if kind == "input" and self._too_big(rows, cols):
            shape = f"{c}×{cols}" if self.trace.task.one_d else f"{cols}×{rows}×{c}"
            return self._note("input", shape)
        return super().channels(volume, kind, style_for, marked_for)

    def padded_channels(self) -> RenderableType:
        c, rows, cols = self.trace.padded.shape
        if self._too_big(rows, cols):
            return self._note("padded input", f"{cols}×{rows}×{c}")
        return super().padded_channels()

    def padding_legend(self) -> RenderableType:
        _, rows, cols = self.trace.padded.shape
        return Group() if self._too_big(rows, cols) else super().padding_legend()

    def output_section(self) -> RenderableType:
        k, rows, cols = self.trace.shape
        if not self._too_big(rows, cols):
            return super().output_section()
        shape = f"{k}×{cols}" if self.trace.task.one_d else f"{k}×{rows}×{cols}"
        how = "-q or --all prints it, --export trace.md writes it"
        return Group(heading(f"Output volume ({shape})"), self._note("output volume", shape, how))


def print_compact(console, trace: Trace, *, cells=None, ascii: bool = False) -> None:
    """:func:`~.terminal.print_trace` with a :class:`CompactTraceView`."""
    plain = console.color_system is None or console.no_color
    view = CompactTraceView(trace, cells=cells, ascii=ascii, plain=plain)
    for section in view.sections(console.width):
        emit(console, section, ascii)

"""``convtrace run TASK --step``: the walkthrough, one output cell (or product) at a time.

* :mod:`.keys`: what the terminal sends → key names (pure).
* :mod:`.state`: :class:`State` and ``next_state(state, key, walk)``, the stepping logic (pure).
* :mod:`.frame`: :class:`StepView`, a rich renderable of one screen for a state.
* :mod:`.loop`: :func:`walk`, the thin loop that reads keys and redraws.
"""

from __future__ import annotations

from .frame import StepView, viewport
from .keys import decode, split_keys
from .loop import is_interactive, walk
from .state import State, Walk, next_state, parse_goto, start

__all__ = [
    "State",
    "StepView",
    "Walk",
    "decode",
    "is_interactive",
    "next_state",
    "parse_goto",
    "split_keys",
    "start",
    "viewport",
    "walk",
]

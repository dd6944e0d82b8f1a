"""convtrace: convolutions traced by hand.

A notebook or a script uses the same API as the command line::

    import convtrace
    t = convtrace.trace("seed")   # a task file, a sample's name, or trace(input, filters, …)
    t.output                      # the output volume, a numpy array
    cell = t.cell(0, 0, 0)        # one output cell, every product and sum
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from ._version import __version__
from .errors import InputError

if TYPE_CHECKING:  # what the lazy names below resolve to, for type checkers and editors
    from .api import backward, load_task, trace
    from .engine import Cell, CellRow, ChannelStep, Trace
    from .task import Axis, Filter, Task

#: Public name → module that defines it. They are imported on first use (PEP 562), so that
#: ``convtrace --version`` and the CLI's help never pay for numpy.
_LAZY = {
    "backward": ".api",
    "load_task": ".api",
    "trace": ".api",
    "Cell": ".engine",
    "CellRow": ".engine",
    "ChannelStep": ".engine",
    "Trace": ".engine",
    "Axis": ".task",
    "Filter": ".task",
    "Task": ".task",
}

#: Subpackages reachable as attributes of ``convtrace`` without importing them first.
_SUBPACKAGES = ("homework", "samples")


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name], __name__), name)
    elif name in _SUBPACKAGES:  # ``convtrace.homework.make_quiz`` after a bare ``import convtrace``
        value = import_module(f".{name}", __name__)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value  # the next lookup is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


__all__ = [
    "Axis",
    "Cell",
    "CellRow",
    "ChannelStep",
    "Filter",
    "InputError",
    "Task",
    "Trace",
    "__version__",
    "backward",
    "load_task",
    "trace",
]

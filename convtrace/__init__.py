"""convtrace: convolutions traced by hand.

A notebook or a script uses the same API as the command line::

    import convtrace
    t = convtrace.trace("samples/seed.json")      # or trace(input, filters, stride=2, padding=1)
    t.output                                       # the output volume, a numpy array
    cell = t.cell(0, 0, 0)                         # one output cell, every product and sum
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from .api import load_task, trace
from .engine import Cell, ChannelStep, Trace
from .errors import InputError
from .task import Axis, Filter, Task

try:
    __version__ = version("convtrace")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

__all__ = [
    "Axis",
    "Cell",
    "ChannelStep",
    "Filter",
    "InputError",
    "Task",
    "Trace",
    "__version__",
    "load_task",
    "trace",
]

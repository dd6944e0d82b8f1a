"""The command line: a thin click layer over the library, one module per command group.

* :mod:`.group`: the ``convtrace`` group, where every error becomes one line and exit status 2.
* :mod:`.options`: the option decorators the commands share, and loading the task they describe.
* :mod:`.run` (:mod:`.layers` for chains), :mod:`.grad` (the backward pass),
  :mod:`.homework` (``check``), :mod:`.quiz`, :mod:`.code`, :mod:`.samples`, :mod:`.kernels`:
  the commands; :mod:`.images` and :mod:`.progress`: ``run``'s picture and progress options.
* :mod:`.show`: every call into the renderers, the exports and the walkthrough.
* :mod:`.guard`: a big trace is not poured onto a screen unasked.

Importing it loads neither numpy nor rich: ``convtrace --version`` and ``--help`` stay quick.
"""

from __future__ import annotations

from .code import code
from .grad import grad
from .group import main
from .homework import check
from .kernels import kernels
from .quiz import quiz
from .run import run
from .samples import samples

for command in (run, grad, check, quiz, code, samples, kernels):
    main.add_command(command)

__all__ = ["main"]

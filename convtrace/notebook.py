"""A trace as Jupyter shows it: the worked solution, not the dataclass's fields.

The engine knows nothing of rendering; :func:`shown` gives the same trace in a class that tells
Jupyter how to show itself: as the web page in an iframe (``_repr_html_``) or as Markdown
(``_repr_markdown_``). ``convtrace.trace()`` and ``convtrace.backward()`` return such traces.
"""

from __future__ import annotations

import dataclasses

from .engine import Trace
from .engine.chain import ChainTrace
from .engine.grad import GradTrace
from .engine.grad_chain import ChainGrad


class Shown:
    """What a notebook shows for any trace: its worked solution (a big convolution's cut after
    the first cells; a chain or a backward pass whole: export a big one)."""

    def _repr_markdown_(self) -> str:
        from .render.markdown import notebook_markdown

        return notebook_markdown(self)

    def _repr_html_(self) -> str:
        from .render.page import notebook_page

        return notebook_page(self)


class ShownTrace(Shown, Trace):
    """A :class:`~convtrace.engine.Trace` that a notebook shows as its worked solution."""


class ShownChain(Shown, ChainTrace):
    """A :class:`~convtrace.engine.chain.ChainTrace` shown as its worked solution."""


class ShownGrad(Shown, GradTrace):
    """A :class:`~convtrace.engine.grad.GradTrace` shown as its backward pass, worked out."""


class ShownChainGrad(Shown, ChainGrad):
    """A :class:`~convtrace.engine.grad_chain.ChainGrad` shown as its backward pass."""


SHOWN = {Trace: ShownTrace, ChainTrace: ShownChain, GradTrace: ShownGrad, ChainGrad: ShownChainGrad}


def shown(trace):
    """``trace`` in its class that a notebook shows (:class:`ShownTrace` …), nothing copied."""
    if isinstance(trace, Shown):
        return trace
    kind = next(kind for kind in SHOWN if isinstance(trace, kind))
    fields = {f.name: getattr(trace, f.name) for f in dataclasses.fields(kind)}
    return SHOWN[kind](**fields)

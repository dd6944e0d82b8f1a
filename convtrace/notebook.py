"""A trace as Jupyter shows it: the worked solution, not the dataclass's fields.

The engine knows nothing of rendering; :func:`shown` gives the same trace in a class that tells
Jupyter how to show itself: as the web page in an iframe (``_repr_html_``) or as Markdown
(``_repr_markdown_``). ``convtrace.trace()`` returns such a trace.
"""

from __future__ import annotations

import dataclasses

from .engine import Trace
from .engine.chain import ChainTrace


class ShownTrace(Trace):
    """A :class:`~convtrace.engine.Trace` that a notebook shows as its worked solution."""

    def _repr_markdown_(self) -> str:
        from .render.markdown import notebook_markdown

        return notebook_markdown(self)

    def _repr_html_(self) -> str:
        from .render.page import notebook_page

        return notebook_page(self)


class ShownChain(ChainTrace):
    """A :class:`~convtrace.engine.chain.ChainTrace` that a notebook shows as its worked
    solution (every layer; export it for a big one)."""

    def _repr_markdown_(self) -> str:
        from .render.markdown import render_markdown

        return render_markdown(self, front_matter=False)


def shown(trace):
    """``trace`` as a :class:`ShownTrace` (or :class:`ShownChain`), nothing copied."""
    if isinstance(trace, ShownTrace | ShownChain):
        return trace
    if isinstance(trace, ChainTrace):
        return ShownChain(trace.chain, trace.layers, trace.view)
    fields = {f.name: getattr(trace, f.name) for f in dataclasses.fields(Trace)}
    return ShownTrace(**fields)

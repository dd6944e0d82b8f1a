"""The terminal trace as plain text, or recorded by rich as an HTML page or an SVG picture.

The text export is what a terminal of :data:`WIDTH` columns without colour shows, streamed a
few sections at a time. HTML and SVG print the coloured trace to a recording console of fixed
width, colours and environment (so the bytes never depend on the terminal or on
``COLUMNS``/``NO_COLOR``); HTML streams section by section, SVG needs the whole height first.
Pages are self-contained: styles inline, no scripts, and no web fonts fetched (the SVG names
Fira Code if installed and falls back to monospace). The windows are highlighted as one solid
block each, the gaps between their numbers included.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterable, Iterator

from rich.console import Console
from rich.terminal_theme import DEFAULT_TERMINAL_THEME

from ..engine import Cell, Trace
from ..solution.words import title
from .lines import Output, plain_lines
from .terminal import EMIT_LINES, TraceView

#: The ``unique_id`` of SVG exports: fixed, so the same trace gives the same bytes.
SVG_ID = "convtrace"

#: Width of the terminal picture in the exports (fixed: exports are deterministic).
WIDTH = 100

_HTML_HEAD = """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta name="generator" content="convtrace">
<title>{title}</title>
<style>
body {{ color: {foreground}; background-color: {background}; }}
pre {{ font-family: Menlo, 'DejaVu Sans Mono', consolas, 'Courier New', monospace; }}
</style>
</head>
<body>
<pre><code style="font-family:inherit">"""

_HTML_FOOT = """</code></pre>
</body>
</html>
"""

#: rich's SVG template (public since rich 13: ``Console.export_svg(code_format=…)`` takes it)
#: with the web-font URLs taken out, so that the picture fetches nothing.
_FONT_URL = re.compile(r',\s*url\("[^"]*"\) format\("[^"]*"\)')


def _console(colour: bool, width: int) -> Console:
    return Console(
        file=io.StringIO(),
        record=True,
        width=width,
        color_system="truecolor" if colour else None,
        force_terminal=colour,
        force_jupyter=False,
        force_interactive=False,
        highlight=False,
        emoji=False,
        legacy_windows=False,
        _environ={},
    )


def _svg_format() -> str:
    """The SVG template rich uses, without web fonts."""
    from rich.console import CONSOLE_SVG_FORMAT

    return _FONT_URL.sub("", CONSOLE_SVG_FORMAT)


def iter_text(
    trace: Trace,
    *,
    cells: Iterable[Cell] | None = None,
    width: int = WIDTH,
    quiet: bool = False,
    ascii: bool = False,
    selection: dict | None = None,
) -> Iterator[str]:
    """The plain terminal trace, a few sections at a time."""
    view = TraceView(trace, cells=cells, quiet=quiet, ascii=ascii, plain=True, selection=selection)
    pending = []
    for section in view.sections(width):
        pending += section
        if len(pending) >= EMIT_LINES:
            yield "\n".join(plain_lines(pending)) + "\n"
            pending = []
    if pending:
        yield "\n".join(plain_lines(pending)) + "\n"


def iter_recorded(
    trace: Trace,
    fmt: str,
    *,
    cells: Iterable[Cell] | None = None,
    width: int = WIDTH,
    quiet: bool = False,
    ascii: bool = False,
    no_color: bool = False,
    selection: dict | None = None,
) -> Iterator[str]:
    """The trace as ``fmt`` (``"html"``, ``"svg"`` or ``"text"``), in chunks; ``no_color``
    gives black-and-white HTML and SVG with the windows boxed in ``[ ]`` as in plain text."""
    if fmt == "text":
        yield from iter_text(
            trace, cells=cells, width=width, quiet=quiet, ascii=ascii, selection=selection
        )
        return
    if fmt not in ("html", "svg"):
        raise ValueError(f"not a recorded format: {fmt!r}")
    colour = not no_color
    console = _console(colour, width)
    output = Output(console)
    view = TraceView(
        trace, cells=cells, quiet=quiet, ascii=ascii, plain=not colour, selection=selection
    )
    name = title(trace.task)
    if fmt == "svg":
        for section in view.sections(width):
            output.emit(section)
        svg = console.export_svg(title=name, unique_id=SVG_ID, code_format=_svg_format())
        yield svg if svg.endswith("\n") else svg + "\n"
        return
    theme = DEFAULT_TERMINAL_THEME
    yield _HTML_HEAD.format(
        title=html.escape(name),
        foreground=theme.foreground_color.hex,
        background=theme.background_color.hex,
    )
    for section in view.sections(width):
        output.emit(section)
        yield console.export_html(theme=theme, clear=True, code_format="{code}", inline_styles=True)
    yield _HTML_FOOT

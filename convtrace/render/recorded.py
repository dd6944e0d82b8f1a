"""The terminal trace recorded by rich and exported as HTML, SVG or plain text.

The trace is printed section by section to a recording console of fixed width, colours and
environment (so the bytes never depend on the terminal or on ``COLUMNS``/``NO_COLOR``), and each
section is exported as soon as it is printed: HTML and text stream. SVG needs the whole height
first, so it is made in one piece. Pages are self-contained: styles inline, no scripts, and no
web fonts fetched (the SVG names Fira Code if installed and falls back to monospace).
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterable, Iterator

from rich.console import Console
from rich.terminal_theme import DEFAULT_TERMINAL_THEME
from rich.text import Text

from ..engine import Cell, Trace
from .terminal import TraceView

#: The ``unique_id`` of SVG exports: fixed, so the same trace gives the same bytes.
SVG_ID = "convtrace"

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


def _title(trace: Trace) -> str:
    task = trace.task
    return task.title or (
        f"Convolution trace ({task.source})" if task.source else "Convolution trace"
    )


def _unstyled(section, width: int) -> Text:
    """A section as the plain text a no-colour terminal shows: no colour, no styles."""
    scratch = _console(False, width)
    scratch.print(section)
    lines = scratch.export_text().rstrip("\n").split("\n")
    return Text("\n".join(line.rstrip() for line in lines), no_wrap=True, overflow="ignore")


def _svg_format() -> str:
    """rich's SVG template without the web-font URLs: the picture must not fetch anything."""
    from rich._export_format import CONSOLE_SVG_FORMAT

    return re.sub(r',\s*url\("[^"]*"\) format\("[^"]*"\)', "", CONSOLE_SVG_FORMAT)


def iter_recorded(
    trace: Trace,
    fmt: str,
    *,
    cells: Iterable[Cell] | None = None,
    width: int = 100,
    quiet: bool = False,
    ascii: bool = False,
    no_color: bool = False,
) -> Iterator[str]:
    """The trace as ``fmt`` (``"html"``, ``"svg"`` or ``"text"``), in chunks; ``no_color``
    gives black-and-white HTML and SVG with the windows boxed in ``[ ]`` as in plain text."""
    colour = fmt != "text" and not no_color
    console = _console(colour, width)
    view = TraceView(trace, cells=cells, quiet=quiet, ascii=ascii, plain=not colour)
    sections = view.sections(width)
    if not colour and fmt != "text":  # recordings keep styles: record the plain text instead
        sections = (_unstyled(section, width) for section in sections)
    if fmt == "svg":
        for section in sections:
            console.print(section)
        svg = console.export_svg(title=_title(trace), unique_id=SVG_ID, code_format=_svg_format())
        yield svg if svg.endswith("\n") else svg + "\n"
        return
    if fmt == "html":
        theme = DEFAULT_TERMINAL_THEME
        yield _HTML_HEAD.format(
            title=html.escape(_title(trace)),
            foreground=theme.foreground_color.hex,
            background=theme.background_color.hex,
        )
        for section in sections:
            console.print(section)
            yield console.export_html(
                theme=theme, clear=True, code_format="{code}", inline_styles=True
            )
        yield _HTML_FOOT
        return
    if fmt == "text":
        for section in sections:
            console.print(section)
            text = console.export_text(clear=True)
            yield "\n".join(line.rstrip() for line in text.split("\n"))
        return
    raise ValueError(f"not a recorded format: {fmt!r}")

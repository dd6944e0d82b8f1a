"""Guard rails for the terminal (a CLI helper): a big trace is not poured onto a screen unasked.

``convtrace run`` on a real image has tens of thousands of cells, hundreds of thousands of
lines. Before printing more than :data:`CELL_LIMIT` cells to a terminal it asks; where it
cannot ask (no terminal to read the answer from) it stops with a hint instead of hanging.

Output that goes to a file or a pipe is printed in full without asking: redirecting the trace
(``convtrace run big.json > trace.txt``, ``| less``, ``| grep``) is a deliberate choice, and a
reader that leaves early (``| head``) ends the run cleanly. ``--all`` skips the question.
On a screen, matrices too big to read there are named instead of printed (the outline hides them).

It raises the project's :class:`InputError` like the library does, so it needs nothing from the
rest of the CLI (which turns that error into one line and exit status 2).
"""

from __future__ import annotations

import sys

import click

from .. import language
from ..errors import InputError
from ..language import N_

#: More cells than this to a terminal needs a yes (or ``--all``).
CELL_LIMIT = 300

#: The ways to a readable trace (translated where it is said: ``language._(HINT)``).
HINT = N_(
    "narrow it with --cell K,I,J, --rows A..B, --cols A..B or --filter K; see the output "
    "size and statistics with --summary; print everything with --all, or redirect it to a "
    "file (convtrace run … > trace.txt)"
)


def stdout_is_terminal() -> bool:
    """Whether results go to a screen (tests replace this; CliRunner's output is never one)."""
    return isatty(sys.stdout)


def stdin_is_terminal() -> bool:
    """Whether a person can answer a question on standard input."""
    return isatty(sys.stdin)


def isatty(stream) -> bool:
    try:
        return bool(stream is not None and stream.isatty())
    except (AttributeError, ValueError):  # replaced or closed streams
        return False


def confirm_many(count: int, lines_per_cell: int, *, everything: bool) -> bool:
    """True to print ``count`` cells; False when the person declined (show a summary instead).

    Raises:
        InputError: when it would have to ask but nobody can answer (exit status 2).
    """
    if everything or count <= CELL_LIMIT or not stdout_is_terminal():
        return True
    _ = language._  # gettext's name, for the catalog tool
    cells = f"{count:,}"
    if not stdin_is_terminal():
        said = _("this trace has {cells} cells, too many for a terminal; {hint}")
        raise InputError(said.format(cells=cells, hint=_(HINT)))
    said = _("convtrace: this trace has {cells} cells (about {lines} lines). Print them all?")
    return click.confirm(
        said.format(cells=cells, lines=f"{count * lines_per_cell:,}"),
        default=False,
        err=True,
    )


def on_screen(everything: bool) -> bool:
    """Whether the trace goes to a screen that should be spared volumes too big to read there
    (the input and output matrices of a big run); ``--all`` and redirected output get them."""
    return not everything and stdout_is_terminal()

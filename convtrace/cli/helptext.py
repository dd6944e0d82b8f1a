"""``--help`` wrapped between words only.

click wraps help with :class:`textwrap.TextWrapper`'s defaults, which break after a hyphen and
inside words longer than the column: ``cross-`` / ``correlation``, ``--padding-`` / ``mode``. An
option name cut in two cannot be copied; so here a line breaks at spaces only, and a word too long
for its column runs past it instead.
"""

from __future__ import annotations

import contextlib
import textwrap
from collections.abc import Iterable, Iterator

import click

from .. import language
from ..language import N_

#: click's section headings, translated where shown.
HEADINGS = (N_("Usage: "), N_("Options"), N_("Commands"))


def wrap_text(text: str, width: int, indent: str = "") -> str:
    """click's paragraph rules (a blank line separates, ``\\b`` keeps a block as written),
    wrapped between words."""
    wrapper = textwrap.TextWrapper(
        max(width, 1),
        replace_whitespace=False,
        break_long_words=False,
        break_on_hyphens=False,
    )
    paragraphs = []
    for block in _paragraphs(text.expandtabs()):
        lines = block.splitlines()
        extra = " " * (len(lines[0]) - len(lines[0].lstrip()))
        if lines[0].strip() == "\b":
            paragraphs.append("\n".join(indent + extra + line for line in lines[1:]))
            continue
        wrapper.initial_indent = wrapper.subsequent_indent = indent + extra
        paragraphs.append(wrapper.fill(" ".join(line.strip() for line in lines)))
    return "\n\n".join(paragraphs)


def _paragraphs(text: str) -> Iterable[str]:
    block: list[str] = []
    for line in text.splitlines():
        if line.strip():
            block.append(line)
        elif block:
            yield "\n".join(block)
            block = []
    if block:
        yield "\n".join(block)


class HelpFormatter(click.HelpFormatter):
    """click's help layout, with :func:`wrap_text` doing the wrapping."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, language._("Usage: ") if prefix is None else prefix)

    @contextlib.contextmanager
    def section(self, name: str) -> Iterator[None]:
        with super().section(language._(name)):
            yield

    def write_text(self, text: str) -> None:
        self.write(wrap_text(text, self.width, " " * self.current_indent) + "\n")

    def write_dl(
        self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        rows = list(rows)
        first_col = min(max((len(first) for first, _ in rows), default=0), col_max) + col_spacing
        for first, second in rows:
            self.write(f"{'':>{self.current_indent}}{first}")
            if not second:
                self.write("\n")
                continue
            if len(first) <= first_col - col_spacing:
                self.write(" " * (first_col - len(first)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            lines = wrap_text(second, max(self.width - first_col - 2, 10)).splitlines()
            self.write(f"{lines[0]}\n")
            for line in lines[1:]:
                self.write(f"{'':>{first_col + self.current_indent}}{line}\n" if line else "\n")

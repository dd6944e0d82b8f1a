"""The walkthrough's status line and its help: the keys, said on the screen."""

from __future__ import annotations

from rich.text import Text

from ..language import _, decimal_comma, pgettext
from ..numbers import to_ascii
from .layout import HINT_STYLE, MESSAGE_STYLE
from .state import State


class Chrome:
    """The status line and the help of :class:`~.frame.StepView` (a mixin)."""

    def message(self, state: State) -> str:
        """The state machine's message, in ASCII for ``--ascii`` (it writes · and –)."""
        return to_ascii(state.message) if self.ascii else state.message

    def status(self, state: State, width: int = 80) -> Text:
        walk = self.walk
        if state.help:
            said = _("any key closes the help{sep}q quits").format(sep=self.notation.separator)
            return Text(said, style="bold")
        if state.goto is not None:
            text = Text(_("go to cell ({format}): ").format(format=walk.cell_format), style="bold")
            text.append(state.goto)
            text.append("_", style="blink")
            if state.message:  # a key refused while typing
                text.append(f"   {self.message(state)}", style=MESSAGE_STYLE)
            said = _("Enter go{sep}Esc cancel").format(sep=self.notation.separator)
            text.append(f"   {said}", style=HINT_STYLE)
            return text
        if state.message:
            text = Text(self.message(state), style=MESSAGE_STYLE)
            said = _("? keys{sep}q quit").format(sep=self.notation.separator)
            text.append(f"   {said}", style=HINT_STYLE)
            return text
        if walk.auto and state.playing:
            seconds = f"{self.auto:g}"
            if decimal_comma():
                seconds = seconds.replace(".", ",")
            said = _("playing: a step every {seconds} s{sep}any key pauses{sep}q quits")
            return Text(said.format(seconds=seconds, sep=self.notation.separator), style="bold")
        arrows = ("->", "<-", "Down/Up") if self.ascii else ("→", "←", "↓↑")
        following = _("{arrow} next product") if walk.fine else _("{arrow} next cell")
        hints = [following.format(arrow=arrows[0]), _("{arrow} back").format(arrow=arrows[1])]
        row, filters, goto = _("{arrow} row").format(arrow=arrows[2]), _("f/F filter"), _("g go to")
        if walk.rows > 1:
            hints.append(row)
        if walk.filters > 1:
            hints.append(filters)
        hints += [goto, "Home/End", _("? help"), _("q quit")]
        paused = _("paused{sep}space plays").format(sep=self.notation.separator)
        lead = f"{paused}   " if walk.auto else ""
        for spare in ("Home/End", goto, row, filters):
            if len(lead) + len("  ".join(hints)) > width and spare in hints:
                hints.remove(spare)  # too long: ? lists them all anyway
        text = Text()
        text.append(lead, style="bold")
        text.append("  ".join(hints), style=HINT_STYLE)
        return text

    def help_text(self) -> Text:
        arrows = ("->", "<-", "Down Up") if self.ascii else ("→", "←", "↓ ↑")
        rows = [
            (
                f"{arrows[0]}  space  n",
                _("next cell (here: next product)") if self.walk.fine else _("next cell"),
            ),
            (f"{arrows[1]}  p  backspace", pgettext("step key", "previous")),
            (arrows[2], _("next / previous output row")),
            ("f  F", _("next / previous filter")),
            (
                "g",
                _("go to a cell: type {format}, then Enter").format(format=self.walk.cell_format),
            ),
            ("Home  End", _("first / last cell")),
            ("c  C", _("next / previous channel, when not all fit")),
            ("?", _("this help; any key closes it")),
            ("q  Esc", _("quit")),
        ]
        if self.walk.auto:
            rows.insert(0, ("space", _("play / pause (any key pauses)")))
        key_width = max(len(key) for key, _what in rows)
        text = Text()
        for n, (key, what) in enumerate(rows):
            if n:
                text.append("\n")
            text.append(key.ljust(key_width + 2), style="bold")
            text.append(what)
        text.append("\n\n")
        text.append(_("The walk stops at the first and the last cell."), style=HINT_STYLE)
        return text

"""The walkthrough's status line and its help: the keys, said on the screen."""

from __future__ import annotations

from rich.text import Text

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
            return Text(f"any key closes the help{self.notation.separator}q quits", style="bold")
        if state.goto is not None:
            text = Text(f"go to cell ({walk.cell_format}): ", style="bold")
            text.append(state.goto)
            text.append("_", style="blink")
            if state.message:  # a key refused while typing
                text.append(f"   {self.message(state)}", style=MESSAGE_STYLE)
            text.append(f"   Enter go{self.notation.separator}Esc cancel", style=HINT_STYLE)
            return text
        if state.message:
            text = Text(self.message(state), style=MESSAGE_STYLE)
            text.append(f"   ? keys{self.notation.separator}q quit", style=HINT_STYLE)
            return text
        if walk.auto and state.playing:
            return Text(
                f"playing: a step every {self.auto:g} s{self.notation.separator}any key pauses"
                f"{self.notation.separator}q quits",
                style="bold",
            )
        arrows = ("->", "<-", "Down/Up") if self.ascii else ("→", "←", "↓↑")
        what = "product" if walk.fine else "cell"
        hints = [f"{arrows[0]} next {what}", f"{arrows[1]} back"]
        if walk.rows > 1:
            hints.append(f"{arrows[2]} row")
        if walk.filters > 1:
            hints.append("f/F filter")
        hints += ["g go to", "Home/End", "? help", "q quit"]
        lead = f"paused{self.notation.separator}space plays   " if walk.auto else ""
        for spare in ("Home/End", "g go to", f"{arrows[2]} row", "f/F filter"):
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
                "next cell" + (" (here: next product)" if self.walk.fine else ""),
            ),
            (f"{arrows[1]}  p  backspace", "previous"),
            (arrows[2], "next / previous output row"),
            ("f  F", "next / previous filter"),
            ("g", f"go to a cell: type {self.walk.cell_format}, then Enter"),
            ("Home  End", "first / last cell"),
            ("c  C", "next / previous channel, when not all fit"),
            ("?", "this help; any key closes it"),
            ("q  Esc", "quit"),
        ]
        if self.walk.auto:
            rows.insert(0, ("space", "play / pause (any key pauses)"))
        key_width = max(len(key) for key, _ in rows)
        text = Text()
        for n, (key, what) in enumerate(rows):
            if n:
                text.append("\n")
            text.append(key.ljust(key_width + 2), style="bold")
            text.append(what)
        text.append("\n\n")
        text.append("The walk stops at the first and the last cell.", style=HINT_STYLE)
        return text

"""What a terminal sends for a key press → key names, as pure functions.

Terminals send arrows, Home and End as escape sequences, in several dialects (``ESC [ C`` or
``ESC O C`` for →; ``ESC [ H``, ``ESC [ 1 ~``, ``ESC [ 7 ~`` or ``ESC O H`` for Home …), and a
fast typist or a script may deliver several keys in one read. :func:`split_keys` turns such a
chunk into names and keeps an unfinished sequence for the next read, so it can be tested
without a terminal.
"""

from __future__ import annotations

RIGHT = "right"
LEFT = "left"
UP = "up"
DOWN = "down"
HOME = "home"
END = "end"
ENTER = "enter"
ESCAPE = "escape"
BACKSPACE = "backspace"
SPACE = "space"
TAB = "tab"
INTERRUPT = "ctrl-c"
EOF = "eof"  # standard input closed
TICK = "tick"  # not a key: the --auto timer
UNKNOWN = "unknown"

_CSI_FINAL = {"A": UP, "B": DOWN, "C": RIGHT, "D": LEFT, "H": HOME, "F": END}
_CSI_TILDE = {"1": HOME, "7": HOME, "4": END, "8": END}
_WINDOWS = {"H": UP, "P": DOWN, "M": RIGHT, "K": LEFT, "G": HOME, "O": END}
_SINGLE = {
    "\r": ENTER,
    "\n": ENTER,
    "\x7f": BACKSPACE,
    "\x08": BACKSPACE,
    " ": SPACE,
    "\t": TAB,
    "\x03": INTERRUPT,
    "\x04": EOF,
}
_PARAMETER = "0123456789;:<=>?"


def split_keys(data: str, *, final: bool = False, windows: bool = False) -> tuple[list[str], str]:
    """The key names in ``data`` and the unfinished tail (an escape sequence cut short).

    With ``final`` nothing more is coming: a lone ``ESC`` is the Escape key. ``windows`` reads
    the ``\\xe0``/``\\x00`` prefixes that Windows consoles put before arrows (elsewhere ``\\xe0``
    is the letter à).
    """
    keys: list[str] = []
    pos = 0
    while pos < len(data):
        char = data[pos]
        if char == "\x1b":
            if pos + 1 == len(data):
                if not final:
                    return keys, data[pos:]
                keys.append(ESCAPE)
                pos += 1
                continue
            if data[pos + 1] not in "[O":  # ESC ESC, or Alt+key: the Escape key, then the rest
                keys.append(ESCAPE)
                pos += 1
                continue
            end = pos + 2
            while end < len(data) and data[end] in _PARAMETER:
                end += 1
            if end == len(data):
                if not final:
                    return keys, data[pos:]
                keys.append(UNKNOWN)
                return keys, ""
            params, last = data[pos + 2 : end], data[end]
            if last == "~":
                keys.append(_CSI_TILDE.get(params.split(";")[0], UNKNOWN))
            else:
                keys.append(_CSI_FINAL.get(last, UNKNOWN))  # modifiers (ESC [ 1 ; 5 C) ignored
            pos = end + 1
        elif windows and char in "\x00\xe0":
            if pos + 1 == len(data):
                if not final:
                    return keys, data[pos:]
                keys.append(UNKNOWN)
                return keys, ""
            keys.append(_WINDOWS.get(data[pos + 1], UNKNOWN))
            pos += 2
        else:
            keys.append(_SINGLE.get(char, char if char.isprintable() else UNKNOWN))
            pos += 1
    return keys, ""


def decode(raw: str, *, windows: bool = False) -> str:
    """One key press (as ``click.getchar`` returns it) → its name."""
    keys, _ = split_keys(raw, final=True, windows=windows)
    return keys[0] if len(keys) == 1 else UNKNOWN

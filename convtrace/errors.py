"""The one exception for bad input; the CLI turns it into a one-line message and exit status 2."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .language import _


class InputError(ValueError):
    """Input convtrace cannot use, with where it is: the file and the place inside it.

    ``place`` is a JSON path (``filters[0].weights.G``), a CSV line (``line 3``) or an option
    (``--stride``). ``str()`` gives the whole one-line message.
    """

    def __init__(self, message: str, *, source: str | None = None, place: str | None = None):
        super().__init__(message)
        self.message = message
        self.source = source
        self.place = place

    def __str__(self) -> str:
        parts = [part for part in (self.source, self.place) if part]
        parts.append(self.message)
        return ": ".join(parts)

    def within(self, source: str) -> InputError:
        """The same error, said of ``source`` (a file name) unless it already names one.

        An error about a command-line option (``--stride``) is not in any file: it stays bare.
        """
        if self.source is None and not (self.place or "").startswith("--"):
            self.source = source
        return self


def describe(value: Any) -> str:
    """A value as the user wrote it in JSON: ``true``, ``null``, ``an object``, not Python's."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return _("the text {text!r}").format(text=value)
    if isinstance(value, Mapping):
        return _("an object")
    if isinstance(value, list | tuple):
        return _("a list")
    if hasattr(value, "dtype") and hasattr(value, "item"):  # a numpy number
        value = value.item()
    return repr(value)

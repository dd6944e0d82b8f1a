"""The one exception for bad input; the CLI turns it into a one-line message and exit status 2."""

from __future__ import annotations


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
        """The same error, said of ``source`` (a file name) unless it already names one."""
        if self.source is None:
            self.source = source
        return self

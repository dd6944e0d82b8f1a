"""Helpers for renderers that stream a document as chunks of text."""

from __future__ import annotations

from collections.abc import Iterable, Iterator


def ending_in_one_newline(chunks: Iterable[str]) -> Iterator[str]:
    """The chunks as they come, the last one trimmed to end in exactly one newline, so every
    export ends the same way without holding the document in memory."""
    pending = None
    for chunk in chunks:
        if pending is not None:
            yield pending
        pending = chunk
    if pending is not None:
        yield pending.rstrip("\n") + "\n"

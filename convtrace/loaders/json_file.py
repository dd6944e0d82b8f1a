"""The one JSON reader every command uses: task files, volume and kernel files, answers.

JSON's own rules are kept where they would let a mistake pass quietly: a key given twice in an
object is an error naming its path (JSON would silently keep the last), and NaN and Infinity
stay visible so the number checks can refuse them. Nesting too deep for the parser is a
one-line error, not a RecursionError.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..language import _
from .text import read_text, source_name


def read_json(path: str | Path) -> Any:
    """Parse a JSON file (``-``: standard input)."""
    return parse_json(read_text(path), source_name(path))


def parse_json(text: str, source: str | None) -> Any:
    """Parse JSON ``text`` read from ``source`` (the file to name in errors)."""
    repeated: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(items)
        if len(result) != len(items):
            repeated.append(_first_repeated(items))
            result = _Repeated(result)
            result.repeated = repeated[-1]
        return result

    try:
        data = json.loads(text, object_pairs_hook=pairs)
    except json.JSONDecodeError as error:
        raise InputError(
            _("not valid JSON: {error} (line {line}, column {column})").format(
                error=error.msg, line=error.lineno, column=error.colno
            ),
            source=source,
        ) from None
    except RecursionError:
        raise InputError(_("not valid JSON: nested too deeply"), source=source) from None
    except ValueError:  # Python's limit on the digits of a whole number (4,300)
        raise InputError(
            _("holds a whole number of thousands of digits, far too large for 64-bit arithmetic"),
            source=source,
        ) from None
    if repeated:
        place, key = _find_repeated(data)
        raise InputError(
            _("the key {key!r} is given twice; JSON objects take each key once").format(key=key),
            source=source,
            place=place,
        )
    return data


def looks_like_json(text: str) -> bool:
    """Whether ``text`` is meant as JSON: it opens an object or a list, which no CSV does."""
    return text.lstrip()[:1] in ("{", "[")


class _Repeated(dict):
    """An object that had a key twice (marked while parsing, found after it)."""

    repeated: str = ""


def _first_repeated(items: list[tuple[str, Any]]) -> str:
    counted: set[str] = set()
    for key, _value in items:
        if key in counted:
            return key
        counted.add(key)
    return ""


def _find_repeated(data: Any) -> tuple[str | None, str]:
    """The JSON path of the first object with a repeated key, and the key (depth-first)."""
    stack: list[tuple[Any, str]] = [(data, "")]
    while stack:
        value, path = stack.pop()
        if isinstance(value, _Repeated):
            key = value.repeated
            return (f"{path}.{key}" if path else key), key
        if isinstance(value, dict):
            children = [(v, f"{path}.{k}" if path else str(k)) for k, v in value.items()]
        elif isinstance(value, list):
            children = [(v, f"{path}[{i}]") for i, v in enumerate(value)]
        else:
            continue
        stack.extend(reversed(children))
    return None, ""

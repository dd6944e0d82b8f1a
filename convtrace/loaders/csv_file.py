"""CSV files: matrices in blocks separated by blank lines, as a spreadsheet saves them.

The delimiter (semicolon, tab, comma or spaces) is detected, and with a semicolon, a tab or
spaces a decimal comma is read as a decimal point: a European spreadsheet's ``0,25;0,5`` means
what it says. Every error names the line (and the column) it is on.
"""

from __future__ import annotations

import csv
import math
import re
from fractions import Fraction
from pathlib import Path

import numpy as np

from ..errors import InputError
from ..exact import parse_fraction
from ..language import _, ngettext
from .text import read_text, source_name

Blocks = list[tuple[str | None, np.ndarray]]

_BLANK = re.compile(r"^[\s,;]*$")
_DECIMAL_COMMA_NUMBER = re.compile(r"^[-+\u2212]?(\d+,\d+|\d+|,\d+)$")


def read_csv_blocks(path: str | Path) -> Blocks:
    """The matrices of a CSV file: blocks separated by blank lines, each optionally named by a
    ``# name`` comment line above it. Delimiter: semicolon, tab, comma or spaces, detected; with
    a semicolon (or tab or spaces) a decimal comma is read as a decimal point."""
    return csv_blocks(read_text(path), source_name(path))


def csv_blocks(text: str, source: str | None) -> Blocks:
    """The matrices of CSV ``text`` read from ``source`` (see :func:`read_csv_blocks`)."""
    lines = text.splitlines()
    content = [line for line in lines if line.strip() and not line.lstrip().startswith("#")]
    if not content:
        raise InputError(_("has no numbers"), source=source)
    delimiter = _delimiter(content)
    reader = _Blocks(source, delimiter)
    for number, line in enumerate(lines, start=1):
        reader.add(number, line)
    reader.close()
    return reader.blocks


def is_csv(text: str) -> bool:
    """Whether ``text`` reads as CSV numbers (for telling a CSV file given as a task file)."""
    try:
        csv_blocks(text, None)
    except InputError:
        return False
    return True


def _delimiter(content: list[str]) -> str | None:
    """The delimiter of these lines; ``None`` for runs of spaces."""
    sample = "\n".join(content)
    if ";" in sample:
        return ";"
    if "\t" in sample:
        return "\t"
    if "," in sample and not _spaces_with_decimal_commas(content):
        return ","
    return None


def _spaces_with_decimal_commas(lines: list[str]) -> bool:
    """``0,25 0,25``: numbers with decimal commas separated by spaces, not a comma CSV."""
    tokens = [line.split() for line in lines]
    return any(len(row) > 1 for row in tokens) and all(
        _DECIMAL_COMMA_NUMBER.match(token) for row in tokens for token in row
    )


class _Blocks:
    """Lines in, named matrices out: a comment or a blank line closes the matrix being read."""

    def __init__(self, source: str | None, delimiter: str | None):
        self.source, self.delimiter = source, delimiter
        self.decimal_comma = delimiter != ","
        self.blocks: Blocks = []
        self.rows: list[list[int | float]] = []
        self.name: str | None = None
        self.pending_name: str | None = None
        self.width = 0

    def close(self) -> None:
        if self.rows:
            self.blocks.append((self.name, np.array(self.rows)))
        self.rows, self.name = [], None

    def add(self, number: int, line: str) -> None:
        stripped = line.strip()
        if stripped.startswith("#"):
            self.close()
            self.pending_name = stripped.lstrip("#").strip() or None
            return
        if _BLANK.match(line):
            self.close()
            return
        values = self._numbers(number, line)
        if not self.rows:
            self.name, self.pending_name, self.width = self.pending_name, None, len(values)
        elif len(values) != self.width:
            said = ngettext(
                "{count} number, expected {width} like the rows above "
                "(a blank line starts a new matrix)",
                "{count} numbers, expected {width} like the rows above "
                "(a blank line starts a new matrix)",
                len(values),
            )
            raise InputError(
                said.format(count=len(values), width=self.width),
                source=self.source,
                place=_("line {line}").format(line=number),
            )
        self.rows.append(values)

    def _numbers(self, number: int, line: str) -> list[int | float]:
        # csv.reader keeps a quoted "0,25" whole: a spreadsheet's decimal comma in a comma CSV
        if self.delimiter:
            try:
                cells = next(csv.reader([line], delimiter=self.delimiter))
            except csv.Error as error:  # a field longer than csv's limit (131,072 characters)
                raise InputError(
                    _("cannot be read as CSV ({error})").format(error=error),
                    source=self.source,
                    place=_("line {line}").format(line=number),
                ) from None
        else:
            cells = line.split()
        cells = [c.strip() for c in cells]
        while cells and cells[-1] == "":
            cells.pop()
        return [
            _csv_number(cell, self.decimal_comma or "," in cell, self.source, place)
            for col, cell in enumerate(cells, start=1)
            for place in [_("line {line}, column {column}").format(line=number, column=col)]
        ]


def _csv_number(
    cell: str, decimal_comma: bool, source: str | None, place: str
) -> int | float | Fraction:
    text = cell.strip().strip('"').strip()
    if decimal_comma:
        text = text.replace(",", ".")
    text = text.replace("\u2212", "-")
    if not text:
        raise InputError(_("empty cell"), source=source, place=place)
    try:
        return int(text)
    except ValueError:
        pass
    fraction = parse_fraction(text)  # "1/9", as a task file may write it
    if fraction is not None:
        return fraction
    if text.replace(" ", "").endswith("/0"):
        said = _("{value!r} divides by zero").format(value=cell)
        raise InputError(said, source=source, place=place)
    try:
        value = float(text)
    except ValueError:
        said = _("{cell!r} is not a number").format(cell=cell)
        raise InputError(said, source=source, place=place) from None
    if not math.isfinite(value):
        raise InputError(
            _("{cell!r} is not allowed; every value must be a finite number").format(cell=cell),
            source=source,
            place=place,
        )
    return value

"""A class roster: the students' names, one exercise each, and the folder name each one gets.

The format, decided once:

* a CSV file (comma, semicolon or tab) whose first line is a header naming the name column:
  ``name``, ``student``, ``student name`` or ``full name`` (any case), or a ``first name`` and a
  ``last name`` (``surname``, ``family name``) column, as LMS exports have them; or
* one name per line, no header, no delimiter in the line (a name with a comma needs the CSV
  form, quoted: ``"Lovelace, Ada"``).

Blank lines are skipped. Every name is there once, and each one gives its own folder name
(:func:`folder_name`: ``Ada Lovelace`` → ``ada-lovelace``), which is also how an answer file is
matched to its student (``ada-lovelace.csv``, ``Ada Lovelace.json``).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..language import _
from ..loaders import read_text

#: Header cells that hold a whole name, as LMS exports and teachers write them.
NAME_COLUMNS = ("name", "student", "student name", "full name", "fullname")
FIRST_COLUMNS = ("first name", "firstname", "given name")
LAST_COLUMNS = ("last name", "lastname", "surname", "family name")
DELIMITERS = ",;\t"
#: A folder name is cut at this many characters.
FOLDER_LENGTH = 60


@dataclass(frozen=True)
class Student:
    """One roster entry: the name as written, its folder name, and its line in the roster."""

    name: str
    folder: str
    line: int


def folder_name(name: str) -> str:
    """``Ada Lovelace`` → ``ada-lovelace``; ``José Núñez`` → ``jose-nunez``; letters of any
    script and digits are kept, everything else becomes one ``-``."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = "".join(ch if ch.isalnum() else "-" for ch in text)
    return re.sub("-+", "-", text).strip("-")[:FOLDER_LENGTH].strip("-")


def _header_key(cell: str) -> str:
    return " ".join(cell.replace("\ufeff", "").replace("_", " ").split()).lower()


def read_roster(path: str | Path) -> list[Student]:
    """The students of a roster file (the format is the module docstring's).

    Raises:
        InputError: naming the file and the line: no names, a name missing in a row, a name
            twice, two names that would share a folder, columns without a header.
    """
    source = str(path)
    lines = read_text(path).split("\n")
    numbered = [(n, line) for n, line in enumerate(lines, 1) if line.strip()]
    if not numbered:
        raise InputError(_("no names: the roster is empty"), source=source)
    first_number, first = numbered[0]
    delimiter = next((d for d in DELIMITERS if d in first), None)
    rows = list(csv.reader([first], delimiter=delimiter)) if delimiter else [[first]]
    header = [_header_key(cell) for cell in rows[0]]
    pick = _name_columns(header)
    if pick is None and delimiter is not None:
        said = _(
            "a roster with several columns needs a header naming the name column "
            "({columns}, or first name and last name); or give one name per line"
        )
        raise InputError(
            said.format(columns=", ".join(NAME_COLUMNS[:2])),
            source=source,
            place=_line(first_number),
        )
    if pick is None:  # one name per line
        entries = [(n, " ".join(line.split())) for n, line in numbered]
    else:
        entries = _csv_names(numbered[1:], delimiter, pick, header, source)
    if not entries:
        raise InputError(_("no names: a header and nothing under it"), source=source)
    return _students(entries, source)


def _name_columns(header: list[str]) -> tuple[int, ...] | None:
    """The header's name column, or its first and last name columns; None without them."""
    for n, cell in enumerate(header):
        if cell in NAME_COLUMNS:
            return (n,)
    first = next((n for n, cell in enumerate(header) if cell in FIRST_COLUMNS), None)
    last = next((n for n, cell in enumerate(header) if cell in LAST_COLUMNS), None)
    if first is not None and last is not None:
        return (first, last)
    return None


def _csv_names(numbered, delimiter, pick, header, source) -> list[tuple[int, str]]:
    if len(pick) == 1:
        said = _("no name in {column}").format(column=repr(header[pick[0]]))
    else:
        said = _("no name in {first} and {last}").format(
            first=repr(header[pick[0]]), last=repr(header[pick[1]])
        )
    entries = []
    for number, line in numbered:
        if delimiter:
            cells = next(csv.reader([line], delimiter=delimiter))
        else:  # one column: the whole line, unless quoted
            cells = next(csv.reader([line])) if line.lstrip().startswith('"') else [line]
        parts = [cells[n].strip() for n in pick if n < len(cells)]
        name = " ".join(" ".join(parts).split())
        if not name:
            raise InputError(said, source=source, place=_line(number))
        entries.append((number, name))
    return entries


def _line(number: int) -> str:
    """``line 3``: the place of an error in the roster."""
    return _("line {line}").format(line=number)


def _students(entries: list[tuple[int, str]], source: str) -> list[Student]:
    seen: dict[str, int] = {}
    folders: dict[str, tuple[str, int]] = {}
    students = []
    for number, name in entries:
        place = _line(number)
        if name in seen:
            said = _("{name!r} is on line {line} already: each student once")
            raise InputError(
                said.format(name=name, line=seen[name]),
                source=source,
                place=place,
            )
        folder = folder_name(name)
        if not folder:
            raise InputError(
                _("{name!r} gives no folder name (it needs a letter or a digit)").format(name=name),
                source=source,
                place=place,
            )
        if folder in folders:
            other, line = folders[folder]
            said = _(
                "{name!r} and {other!r} (line {line}) would share the folder {folder}; "
                "tell them apart in the roster"
            )
            raise InputError(
                said.format(name=name, other=other, line=line, folder=folder),
                source=source,
                place=place,
            )
        seen[name] = number
        folders[folder] = (name, number)
        students.append(Student(name, folder, number))
    return students

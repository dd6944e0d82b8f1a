"""Writing the homework's files: never over a file unasked, atomically, errors in one line.

A gradebook, a feedback page, a Moodle quiz or a class set's files are checked before anything
is written (:func:`check_new`), then each is written to a temporary file beside it that takes
its name in one step (:func:`write_text`), so an interrupted run leaves no half-written file.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..language import _


def reason(error: OSError) -> str:
    """``not a directory``: the system's words without the errno and the repeated path."""
    return error.strerror.lower() if error.strerror else str(error)


def holds(path: Path, text: str) -> bool:
    """Whether ``path`` holds exactly ``text`` already."""
    try:
        return path.read_text(encoding="utf-8") == text
    except (OSError, UnicodeDecodeError):
        return False


def check_new(path: str | Path, *, force: bool = False, place: str | None = None) -> Path:
    """``path`` as a file that may be written: not a folder, in a folder that exists, and not
    there already unless ``force``.

    Raises:
        InputError: naming the file, after its option (``place``: ``--gradebook grades.csv``),
            with what is in the way.
    """
    path = Path(path)
    source = f"{place} {path}" if place else str(path)
    if path.is_dir():
        raise InputError(_("is a folder, not a file"), source=source)
    if path.exists() and not force:
        raise InputError(_("exists already; add --force to replace it"), source=source)
    if not path.parent.is_dir():
        said = _("the folder {folder!r} does not exist").format(folder=str(path.parent))
        raise InputError(said, source=source)
    return path


def make_folder(path: str | Path, *, place: str | None = None) -> Path:
    """The folder ``path``, made with its parents if need be."""
    path = Path(path)
    source = f"{place} {path}" if place else str(path)
    if path.exists() and not path.is_dir():
        raise InputError(_("is a file, not a folder"), source=source)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        said = _("cannot create the folder ({reason})").format(reason=reason(error))
        raise InputError(said, source=source) from None
    return path


def write_text(path: str | Path, text: str) -> None:
    """Write ``text`` (UTF-8, ``\\n`` newlines) to ``path`` atomically, replacing a file there
    (:func:`check_new` has asked first)."""
    from ..export import atomic_file

    path = Path(path)
    if path.is_dir():
        raise InputError(_("is a folder, not a file"), source=str(path))
    with atomic_file(path, force=True) as out:
        out.write(text)

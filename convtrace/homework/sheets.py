"""A quiz's files: the task written for people, the worksheet and the answer key.

:func:`write_quiz` writes an exercise made by :func:`~.quiz.make_quiz` into a folder; the
worksheet and the answer key are the exports of the task read back from the very text written,
so the three always agree.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..engine import run
from ..engine.chain import run_chain
from ..errors import InputError
from ..exact import parse_fraction
from ..language import _
from ..loaders import model_from_data
from ..task import Task
from .files import holds, reason

# --- the task file ---------------------------------------------------------------------------


def task_json(data: dict[str, Any]) -> str:
    """The task as JSON written for people: one matrix row per line, columns aligned."""
    return _write(data, 0) + "\n"


def _is_number(value: Any) -> bool:
    """A number as a task file writes one: an int, a float, or a fraction such as ``"3/4"``."""
    if isinstance(value, str):
        return parse_fraction(value) is not None
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_matrix(value: Any) -> bool:
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(row, list) and all(_is_number(v) for v in row) for row in value)
    )


def _is_vector(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(_is_number(v) for v in value)


def _write(value: Any, indent: int, column: int | None = None) -> str:
    """``column``: where the value starts on its line, so a matrix's rows line up under it."""
    pad = " " * indent
    inner = " " * (indent + 2)
    if isinstance(value, dict):
        items = []
        for key, item in value.items():
            prefix = f"{inner}{json.dumps(key, ensure_ascii=False)}: "
            items.append(prefix + _write(item, indent + 2, len(prefix)))
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if _is_vector(value):  # a 1-D signal or kernel: one line
        return "[" + ", ".join(json.dumps(v) for v in value) + "]"
    if _is_matrix(value):
        cells = [[json.dumps(v) for v in row] for row in value]
        width = max(len(c) for row in cells for c in row)
        rows = ["[" + ", ".join(c.rjust(width) for c in row) + "]" for row in cells]
        start = indent if column is None else column
        return "[" + (",\n" + " " * (start + 1)).join(rows) + "]"
    if isinstance(value, list):
        items = [inner + _write(v, indent + 2, len(inner)) for v in value]
        return "[\n" + ",\n".join(items) + "\n" + pad + "]"
    return json.dumps(value, ensure_ascii=False)


# --- the files -------------------------------------------------------------------------------

#: ``--format`` → file extension of the worksheet and the answer key.
DOCUMENT_EXTENSIONS = {"md": ".md", "latex": ".tex"}
TASK_FILE = "task.json"


def quiz_paths(directory: str | Path, fmt: str = "md") -> dict[str, Path]:
    """The three files of a quiz: the task, the worksheet and the answer key."""
    directory = Path(directory)
    ext = DOCUMENT_EXTENSIONS[fmt]
    return {
        "task": directory / TASK_FILE,
        "worksheet": directory / f"worksheet{ext}",
        "answers": directory / f"answer-key{ext}",
    }


def write_quiz(
    quiz, directory: str | Path, *, fmt: str = "md", force: bool = False, blank=None
) -> dict[str, Path]:
    """Write the task JSON, the worksheet and the answer key of ``quiz`` (a
    :class:`~.quiz.Quiz`) into ``directory``.

    The task is read back from the very text written (so every quiz is a valid task file), and
    the worksheet and the answer key are the exports of its trace: they agree by construction.
    ``blank`` says what the worksheet leaves blank (``--blank``; ``None``: the default).
    Existing files are only replaced with ``force``; nothing is written if one is in the way.
    """
    from ..export import write_export

    paths = quiz_paths(directory, fmt)
    text = quiz.task_json()
    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        raise InputError(_("is a file, not a folder"), source=str(directory))
    if not force:
        for what, path in paths.items():
            if what == "task" and holds(path, text):
                continue  # the same exercise (say, now as LaTeX): nothing would change
            if path.exists():
                said = _("exists already; add --force to replace it")
                raise InputError(said, source=str(path))
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:  # a file in the path, no such place, permission denied …
        said = _("cannot create the folder ({reason})").format(reason=reason(error))
        raise InputError(said, source=str(directory)) from None
    exact = quiz.task.is_exact if isinstance(quiz.task, Task) else quiz.task.exact
    task = model_from_data(json.loads(text), source=TASK_FILE, exact=exact)
    trace = run(task) if isinstance(task, Task) else run_chain(task)
    try:
        paths["task"].write_text(text, encoding="utf-8")
    except OSError as error:
        said = _("cannot write here ({reason})").format(reason=reason(error))
        raise InputError(said, source=str(paths["task"])) from None
    write_export(trace, paths["worksheet"], fmt=fmt, force=force, worksheet=True, blank=blank)
    write_export(trace, paths["answers"], fmt=fmt, force=force)
    return paths

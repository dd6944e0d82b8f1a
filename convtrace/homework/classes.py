"""Class sets: N distinct exercises from one seed (one per student of a roster) and their files.

:func:`make_class_set` draws each exercise's own seed from ``numpy.random.default_rng(seed)``,
in order, and keeps an exercise only when its numbers differ from every one before: the same
seed and options give the same set, and each exercise is also ``convtrace quiz --seed N`` with
the same options (its title says which N). :func:`write_class_set` writes a folder per exercise
(the task, the worksheet, the answer key), one combined key and ``class.json``, which
``convtrace check --class`` reads to match each answer to its student.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import InputError
from ..language import _, ngettext
from ..loaders import read_json
from .files import holds, make_folder, write_text
from .grad_quiz import with_upstream, write_backward_quiz
from .quiz import DOCUMENT_EXTENSIONS, Quiz, make_quiz, quiz_paths
from .roster import Student
from .sheets import write_quiz

CLASS_FILE = "class.json"
SCHEMA_VERSION = 1
#: The most exercises one class set makes.
MAX_COUNT = 1000
#: Tries per exercise before saying that the options allow no more distinct ones.
TRIES = 20

#: (exercises made, exercises in all): called after each one, for a progress bar.
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Exercise:
    """One exercise of a class set: whose it is, its folder's name and the exercise."""

    name: str
    folder: str
    quiz: Quiz


@dataclass(frozen=True)
class ClassSet:
    """The exercises of a class, in roster order, with the seed and options they came from."""

    seed: int
    exercises: tuple[Exercise, ...]
    options: dict[str, Any]


def make_class_set(
    *,
    count: int | None = None,
    students: Sequence[Student] | None = None,
    seed: int | None = None,
    progress: Progress | None = None,
    backward: bool = False,
    **options: Any,
) -> ClassSet:
    """``count`` distinct exercises, or one per student; ``options`` are :func:`make_quiz`'s.
    With ``backward``, gradient exercises: each gets an upstream gradient G (``quiz
    --backward``), and its key is the backward pass.

    Raises:
        InputError: for a count out of range, a count that is not the roster's, or options
            that allow fewer distinct exercises than asked for.
    """
    count = _count(count, students)
    if seed is None:
        seed = secrets.randbelow(1_000_000)
    if seed < 0:
        said = _("must be {minimum} or more, got {value}").format(minimum=0, value=seed)
        raise InputError(said, place="--seed")
    rng = np.random.default_rng(seed)
    width = max(2, len(str(count)))  # 01, 02, …: folders sort in order
    seen: set[str] = set()
    exercises: list[Exercise] = []
    for _attempt in range(TRIES * count + 100):
        if len(exercises) == count:
            break
        who = students[len(exercises)] if students else None
        quiz = make_quiz(
            **options, seed=int(rng.integers(0, 10**9)), student=who.name if who else None
        )
        if backward:
            quiz = with_upstream(quiz)
        numbers = _numbers(quiz.data)
        if numbers in seen:
            continue  # the same numbers as an exercise before: draw again
        seen.add(numbers)
        n = len(exercises) + 1
        if who is None:
            # the name goes into class.json and the gradebook's student column: kept as is
            exercises.append(Exercise(f"Exercise {n:0{width}}", f"{n:0{width}}", quiz))
        else:
            exercises.append(Exercise(who.name, who.folder, quiz))
        if progress is not None:
            progress(len(exercises), count)
    else:
        said = ngettext(
            "these options allow only {made} distinct exercise, not {count}; "
            "widen --range or --weights, or leave more options to draw",
            "these options allow only {made} distinct exercises, not {count}; "
            "widen --range or --weights, or leave more options to draw",
            len(exercises),
        )
        raise InputError(said.format(made=len(exercises), count=count), place="--count")
    kept = {k: v for k, v in options.items() if v is not None}
    return ClassSet(seed, tuple(exercises), {**kept, "backward": True} if backward else kept)


def _count(count: int | None, students: Sequence[Student] | None) -> int:
    if students is not None:
        if count is not None and count != len(students):
            said = ngettext(
                "{count}, but the roster names {students} student; leave --count out "
                "with --students",
                "{count}, but the roster names {students} students; leave --count out "
                "with --students",
                len(students),
            )
            raise InputError(said.format(count=count, students=len(students)), place="--count")
        count = len(students)
    if count is None or count < 1:
        said = _("must be {minimum} or more, got {value}").format(minimum=1, value=count)
        raise InputError(said, place="--count")
    if count > MAX_COUNT:
        said = _("at most {most}, got {value}").format(most=MAX_COUNT, value=count)
        raise InputError(said, place="--count")
    return count


def _numbers(data: dict[str, Any]) -> str:
    """What makes two exercises the same: everything but the title and the description."""
    return json.dumps({k: v for k, v in data.items() if k not in ("title", "description")})


# --- the files -------------------------------------------------------------------------------


def class_paths(directory: str | Path, fmt: str = "md") -> dict[str, Path]:
    """The files of the class set itself: ``class.json`` and the combined answer key."""
    directory = Path(directory)
    return {
        "class": directory / CLASS_FILE,
        "key": directory / f"answer-key{DOCUMENT_EXTENSIONS[fmt]}",
    }


def class_document(class_set: ClassSet, fmt: str = "md") -> dict[str, Any]:
    """``class.json``: the seed, the options, and each exercise's name, folder and seed."""
    return {
        "schema": SCHEMA_VERSION,
        "seed": class_set.seed,
        "count": len(class_set.exercises),
        "options": class_set.options,
        "exercises": [
            {"name": e.name, "folder": e.folder, "seed": e.quiz.seed} for e in class_set.exercises
        ],
    }


def write_class_set(
    class_set: ClassSet,
    directory: str | Path,
    *,
    fmt: str = "md",
    force: bool = False,
    blank=None,
    progress: Progress | None = None,
) -> dict[str, Path]:
    """Write every exercise's folder, the combined key and ``class.json`` into ``directory``.

    Nothing is written when a file is in the way (unless ``force``): every path is checked
    first. ``class.json`` comes last, so that a folder holding it holds the whole set.
    """
    from .keys import combined_key

    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        raise InputError(_("is a file, not a folder"), source=str(directory))
    paths = class_paths(directory, fmt)
    manifest = json.dumps(class_document(class_set), ensure_ascii=False, indent=2) + "\n"
    if not force:
        _nothing_in_the_way(class_set, directory, fmt, paths["class"], manifest)
    make_folder(directory)
    total = len(class_set.exercises)
    write = write_backward_quiz if class_set.options.get("backward") else write_quiz
    for n, exercise in enumerate(class_set.exercises, 1):
        write(exercise.quiz, directory / exercise.folder, fmt=fmt, force=True, blank=blank)
        if progress is not None:
            progress(n, total)
    write_text(paths["key"], combined_key(class_set, fmt))
    write_text(paths["class"], manifest)
    return paths


def _nothing_in_the_way(class_set, directory: Path, fmt: str, manifest_path, manifest) -> None:
    """The first file that exists and would change, as an error (the same task is fine)."""
    for exercise in class_set.exercises:
        for what, path in quiz_paths(directory / exercise.folder, fmt).items():
            if what == "task" and holds(path, exercise.quiz.task_json()):
                continue
            if path.exists():
                raise InputError(_("exists already; add --force to replace it"), source=str(path))
    key = class_paths(directory, fmt)["key"]
    if key.exists():
        raise InputError(_("exists already; add --force to replace it"), source=str(key))
    if manifest_path.exists() and not holds(manifest_path, manifest):
        said = _("exists already; add --force to replace it")
        raise InputError(said, source=str(manifest_path))


# --- reading a class set back ----------------------------------------------------------------


@dataclass(frozen=True)
class Member:
    """A student of a written class set: the name, the folder and the task file."""

    name: str
    folder: str
    task: Path


def read_class(directory: str | Path) -> list[Member]:
    """The students of the class set in ``directory`` (from its ``class.json``).

    Raises:
        InputError: naming the folder or the file and the place: no class set there, or a
            ``class.json`` that is not one.
    """
    directory = Path(directory)
    source = str(directory / CLASS_FILE)
    if not directory.is_dir():
        raise InputError(_("no such folder"), source=str(directory), place="--class")
    if not (directory / CLASS_FILE).is_file():
        said = _("no {file} here: not a class set (make one with convtrace quiz --count N -o DIR)")
        raise InputError(said.format(file=CLASS_FILE), source=str(directory))
    data = read_json(directory / CLASS_FILE)
    entries = data.get("exercises") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise InputError(_("expected an object with a list of exercises"), source=source)
    members = []
    for n, entry in enumerate(entries):
        if not isinstance(entry, dict) or not all(
            isinstance(entry.get(key), str) and entry.get(key) for key in ("name", "folder")
        ):
            said = _("expected a name and a folder")
            raise InputError(said, source=source, place=f"exercises[{n}]")
        members.append(
            Member(entry["name"], entry["folder"], directory / entry["folder"] / "task.json")
        )
    return members

"""The homework companion: check a student's answer, diagnose the slip, make exercises.

``check`` compares an answer with the engine's output (:mod:`.answers`, within the tolerance of
:mod:`.compare`), ``diagnose`` recomputes the task under the classic slips (:mod:`.diagnose`:
the table of slips in :mod:`.slips`, the closer look at one cell in :mod:`.cells`),
``make_quiz`` writes random exercises (:mod:`.quiz`, their files :mod:`.sheets`). For a class:
:mod:`.roster` and :mod:`.classes` (class sets, their combined key in :mod:`.keys`),
:mod:`.grading` (many answers, the gradebook), :mod:`.feedback` (a page per student) and
:mod:`.lms` (Gradescope's results.json, Moodle XML). The CLI commands ``convtrace check`` and
``convtrace quiz`` are thin layers over these.
"""

from __future__ import annotations

from .answers import Check, check, read_answer
from .compare import TOLERANCE
from .diagnose import CellFinding, Diagnosis, Finding, diagnose
from .quiz import Quiz, make_quiz, write_quiz

__all__ = [
    "TOLERANCE",
    "CellFinding",
    "Check",
    "Diagnosis",
    "Finding",
    "Quiz",
    "check",
    "diagnose",
    "make_quiz",
    "read_answer",
    "write_quiz",
]

"""``quiz --backward``: a gradient exercise. The quiz's task gets an ``"upstream"`` gradient G
(small whole numbers in the output's shape, drawn from the quiz's seed); its worksheet asks for
∂L/∂b, ∂L/∂W and ∂L/∂x, and its answer key is the backward pass traced (:mod:`..solution.grad`).
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np

from ..engine.grad_chain import run_backward
from ..loaders import model_from_data
from .quiz import Quiz
from .sheets import TASK_FILE, write_quiz

#: The upstream gradient's values: small, signed, so that the factors matter.
UPSTREAM_RANGE = (-2, 2)


def with_upstream(quiz: Quiz) -> Quiz:
    """The exercise with an upstream gradient G drawn for its output (from its seed)."""
    rng = np.random.default_rng([quiz.seed, 1])  # its own stream: the forward quiz is unchanged
    shape = quiz.task.output_shape
    low, high = UPSTREAM_RANGE
    g = rng.integers(low, high + 1, size=shape)
    upstream = [row[0] for row in g.tolist()] if quiz.task.one_d else g.tolist()
    data = {**quiz.data, "upstream": upstream}
    task = model_from_data(json.loads(json.dumps(data)))
    return dataclasses.replace(quiz, data=data, task=task)


def backward_trace(task):
    """The answer key's trace: the backward pass of the task, for its upstream gradient."""
    return run_backward(task, task.upstream)


def write_backward_quiz(
    quiz: Quiz, directory: str | Path, *, fmt: str = "md", force: bool = False, blank=None
) -> dict[str, Path]:
    """The task, a worksheet asking for the gradients and the backward pass as the key."""
    from ..export import write_export

    paths = write_quiz(quiz, directory, fmt=fmt, force=force, blank=blank)
    task = model_from_data(json.loads(paths["task"].read_text(encoding="utf-8")), source=TASK_FILE)
    trace = backward_trace(task)
    write_export(trace, paths["worksheet"], fmt=fmt, force=True, worksheet=True, blank=blank)
    write_export(trace, paths["answers"], fmt=fmt, force=True)
    return paths

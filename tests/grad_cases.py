"""Helpers of the backward-pass tests: a drawn task (``tests.strategies.option_tasks``) built
as a :class:`~convtrace.task.Task`, and a random upstream gradient for it."""

from __future__ import annotations

import numpy as np

from convtrace.engine import run
from convtrace.engine.grad import run_grad
from convtrace.task import Filter, build_task


def task_of(spec):
    """The spec as a Task (a signal's C × L input as C × 1 × L)."""
    one_d = spec["one_d"]
    x = np.array(spec["x"])
    x = x[:, None, :] if one_d else x
    weights = [np.array(w) for w in spec["weights"]]
    if one_d:
        weights = [w[:, None, :] for w in weights]
    filters = [
        Filter(f"w{k}", w, b) for k, (w, b) in enumerate(zip(weights, spec["biases"], strict=True))
    ]
    (sh, sw), (dh, dw) = spec["stride"], spec["dilation"]
    padding = spec["padding"]
    if padding != "same":
        padding = list(padding[2:]) if one_d else list(padding)
    return build_task(
        x,
        [f"c{c}" for c in range(len(x))],
        filters,
        stride=sw if one_d else [sh, sw],
        padding=padding,
        padding_mode=spec["padding_mode"],
        dilation=dw if one_d else [dh, dw],
        groups=spec["groups"],
        flip=spec["flip"],
        one_d=one_d,
    )


def grad_case(spec, seed: int, decimals: bool = False):
    """(task, upstream G, its GradTrace) for a drawn spec and a seed for G."""
    task = task_of(spec)
    rng = np.random.default_rng(seed)
    shape = task.output_shape
    g = rng.integers(-3, 4, shape) if not decimals else np.round(rng.normal(size=shape), 1)
    return task, g, run_grad(run(task), g)

"""Filters given by a kernel's name, and ``--depthwise``: one filter per channel.

``"filter": "sobel-x"`` (or ``{"weights": "sobel-x", "bias": 1}``, or ``--kernel sobel-x``) is
the named kernel of :mod:`convtrace.kernels` applied to every channel the filter sees: one
filter whose kernels are all that matrix, its channel sums added as for any filter.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import InputError
from ..kernels import lookup
from ..language import _
from ..layers import Chain, Conv, Transpose
from ..task import Filter, Task


def looks_like_a_name(path: str | Path) -> bool:
    """Whether a ``--kernel`` argument that is no file may be a kernel's name: no folder, no
    extension (``k.csv`` that is missing is a missing file, not a misspelt name)."""
    text = os.fspath(path)
    return bool(text) and text != "-" and not any(sign in text for sign in "/\\.")


def kernel_option(path: str | Path) -> str | None:
    """A ``--kernel`` argument that names a kernel instead of a file: that name (checked now, so
    a misspelt one is said as an option's error); None for a file."""
    if os.path.lexists(path) or not looks_like_a_name(path):
        return None
    return lookup(os.fspath(path), "--kernel", what="no file and no named kernel").name


def named_filter(value: Any, place: str, *, kernels: int, one_d: bool) -> Any:
    """A filter written as a kernel's name, as the filter it stands for: the named matrix for
    each of the ``kernels`` channels it sees, named after the kernel unless it has a name."""
    if isinstance(value, str):
        value, weights_place = {"weights": value}, place
    elif isinstance(value, Mapping) and isinstance(value.get("weights"), str):
        weights_place = f"{place}.weights"
    else:
        return value
    kernel = lookup(value["weights"], weights_place)
    if one_d:
        raise InputError(
            _("{name} is a 2-D kernel; the input is a 1-D signal").format(name=kernel.name),
            place=weights_place,
        )
    named = dict(value)
    named.setdefault("name", kernel.name)
    named["weights"] = np.repeat(kernel.exact_weights[None], max(kernels, 1), axis=0)
    return named


def depthwise_chain(chain: Chain, place: str = "--depthwise") -> Chain:
    """:func:`depthwise` for a chain's convolution, the layers after it (ReLU, pooling: each
    channel on its own) carrying the new channels' shapes."""
    first, rest = chain.layers[0], chain.layers[1:]
    if not isinstance(first, Conv) or any(isinstance(layer, Conv | Transpose) for layer in rest):
        said = _("takes a convolution followed by activation and pooling layers only")
        raise InputError(said, place=place)
    layers = (Conv(depthwise(first.task, place)), *rest)
    shapes = [chain.shapes[0]]
    for layer in layers:
        shapes.append(layer.output_shape(shapes[-1]))
    return dataclasses.replace(chain, layers=layers, shapes=tuple(shapes))


def depthwise(task: Task, place: str = "--depthwise") -> Task:
    """One filter per channel: each filter's kernel for channel c becomes a filter of its own
    that sees only c (``groups`` = channels). ``sobel-x`` on R, G, B gives ``sobel-x R``,
    ``sobel-x G``, ``sobel-x B``: three feature maps instead of their sum."""
    if task.groups != 1:
        raise InputError(
            _("the filters are grouped already (groups {groups}); leave out --groups").format(
                groups=task.groups
            ),
            place=place,
        )
    c = task.channels
    if c == 1:
        return task
    filters = tuple(
        Filter(f"{f.name} {name}", f.weights[i : i + 1], f.bias, (name,))
        for i, name in enumerate(task.channel_names)
        for f in task.filters
    )
    return dataclasses.replace(task, filters=filters, groups=c)

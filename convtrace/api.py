"""The public entry points: :func:`trace`, :func:`backward` and :func:`load_task`."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from . import loaders
from .engine import Trace, run
from .engine.chain import ChainTrace
from .errors import InputError
from .kernels import find
from .layers import Chain
from .loaders import model_from_data
from .loaders.image import ImageSource
from .loaders.named import looks_like_a_name
from .notebook import shown as for_notebooks
from .task import Task

__all__ = ["backward", "load_task", "trace"]

PathLike = str | os.PathLike[str]


def load_task(
    path: PathLike | None = None,
    *,
    input: PathLike | None = None,
    kernels: Sequence[PathLike] = (),
    biases: Sequence[float] | None = None,
    options: Mapping[str, Any] | None = None,
    places: Mapping[str, str] | None = None,
    image: ImageSource | None = None,
    then: Sequence[str] = (),
    exact: bool = False,
) -> Task | Chain:
    """:func:`convtrace.loaders.load_task`, where a sample's name stands for the sample.

    ``image`` (an :class:`~convtrace.loaders.image.ImageSource`) reads a picture as the input
    instead (``ImageSource("house", gray=True, crop=(40, 30, 6, 6))``); it needs Pillow.

    ``load_task("seed")`` loads the shipped ``seed.json`` unless a file ``seed`` exists here
    (see :mod:`convtrace.samples`). The trace and messages call a sample by its file name
    (``seed.json``), not by the folder it was installed in.
    """
    from . import samples

    shown: dict[str, str] = {}  # an installed sample's path → its file name

    def local(name: PathLike | None) -> PathLike | None:
        found = samples.resolve(name)
        if found is not name:
            shown[str(found)] = Path(found).name
        return found

    def kernel(name: PathLike) -> PathLike:
        """A named kernel before a sample of the same name (``--kernel box-blur`` is the
        kernel, not the box-blur task); a file that exists before either."""
        if not os.path.lexists(name) and looks_like_a_name(name) and find(os.fspath(name)):
            return name
        return local(name)  # type: ignore[return-value]

    try:
        task = loaders.load_task(
            local(path),
            input=local(input),
            kernels=[kernel(name) for name in kernels],
            biases=biases,
            options=options,
            places=places,
            image=None if image is None else _sample_image(image, local),
            then=then,
            exact=exact,
        )
    except InputError as error:
        error.source = shown.get(error.source or "", error.source)
        raise
    if task.source in shown:
        task = dataclasses.replace(task, source=shown[task.source])
    return task


def _sample_image(image: ImageSource, local) -> ImageSource:
    """The picture a sample's name stands for, called by its file name (``house.png``)."""
    found = local(image.path)
    if found is image.path:
        return image
    return dataclasses.replace(image, path=found, name=image.name or Path(found).name)


def trace(
    input: Any,
    filters: Any = None,
    *,
    bias: Any = None,
    stride: Any = 1,
    padding: Any = 0,
    padding_mode: str = "zeros",
    dilation: Any = 1,
    groups: int = 1,
    flip: bool = False,
    strict: bool = False,
    then: Sequence[str] = (),
    exact: bool = False,
    view: str = "scatter",
) -> Trace | ChainTrace:
    """Trace a convolution: every output cell's windows, products, sums, bias and value.

    Args:
        input: a task file's path or a sample's name (``"seed"``), a :class:`Task`, or the
            input volume: a matrix, a list of channel matrices, a ``{"R": …, "G": …}``
            mapping, a flat list (1-D signal) or a numpy array of those shapes.
        filters: a list of filters, each a ``{"name", "weights", "bias"}`` mapping or bare
            weights (one kernel per input channel); a K × C × Fh × Fw array works too.
        bias: one bias per filter (a list), or one number for all of them.
        stride, padding, dilation: an int, or a pair per axis; padding also takes
            ``[top, bottom, left, right]``, ``"same"`` or ``"valid"``.
        padding_mode: ``"zeros"``, ``"reflect"``, ``"replicate"`` or ``"circular"``.
        groups: grouped convolution; ``groups == channels`` is depthwise.
        flip: rotate kernels 180° first (true convolution) instead of cross-correlation.
        strict: refuse a stride that leaves input rows or columns unread.
        then, exact, view: layers to append (``["relu", "maxpool:2"]``: a task with them, or
            with ``"layers"``, gives a ``ChainTrace``); keep every number a ``Fraction``; how
            a transposed convolution is traced (``"scatter"`` or ``"direct"``).

    Example:
        >>> t = trace([[1, 2, 3], [4, 5, 6], [7, 8, 9]], [[[1, 0], [0, -1]]])
        >>> t.output.tolist()
        [[[-4, -4], [-4, -4]]]

    Raises:
        InputError: for input convtrace cannot use; the message names the place.
    """
    if isinstance(input, Task | Chain):
        task = input
    elif isinstance(input, str | Path):
        task = load_task(input, then=then, exact=exact)
    else:
        if filters is None:
            raise TypeError("trace() needs filters when input is not a task or a task file")
        data: dict[str, Any] = {"input": input, "filters": filters}
        if bias is not None:  # the task file's top-level "bias": one for all, or one each
            data["bias"] = list(bias) if isinstance(bias, list | tuple) else bias
        hyper = (stride, padding, padding_mode, dilation, groups, flip)
        overrides = dict(zip(loaders.OPTION_KEYS, hyper, strict=True))
        task = model_from_data(data, then=then, exact=exact, overrides=overrides)
    return for_notebooks(run_any(task, strict=strict, view=view))


def run_any(task: Task | Chain, *, strict: bool = False, view: str = "scatter"):
    """:func:`~convtrace.engine.run` for a task, :func:`~convtrace.engine.chain.run_chain`
    for a chain of layers."""
    if isinstance(task, Chain):
        from .engine.chain import run_chain

        return run_chain(task, strict=strict, view=view)
    return run(task, strict=strict)


def backward(task: Task | Chain | PathLike, upstream: Any = None, *, strict: bool = False):
    """The backward pass of L = Σ G ⊙ output, traced: a ``GradTrace`` for a convolution (its
    ``grad_bias``, ``grad_weights``, ``grad_input`` and cells), a ``ChainGrad`` for a chain, last
    layer first. ``upstream`` is G = ∂L/∂output: a JSON or CSV file, the numbers shaped like the
    output, or None for the task's ``"upstream"`` (all ones without one)."""
    from .engine.grad_chain import run_backward
    from .exact import Exactness
    from .loaders.documents import upstream_of
    from .loaders.files import load_upstream

    if not isinstance(task, (Task, Chain)):
        task = load_task(task)
    exact = task.is_exact if isinstance(task, Task) else task.exact
    if upstream is None:
        upstream = task.upstream
    elif isinstance(upstream, (str, os.PathLike)):
        upstream = load_upstream(upstream, exact=exact)
    else:  # numbers, checked as a task file's "upstream" is
        numbers = upstream.tolist() if hasattr(upstream, "tolist") else upstream
        upstream = upstream_of({"upstream": numbers}, Exactness(exact))
    return for_notebooks(run_backward(task, upstream, strict=strict))

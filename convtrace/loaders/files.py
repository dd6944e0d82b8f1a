"""Files → :class:`Task`: a task file, or ``--input`` and ``--kernel`` files, or both.

A file is read by its content, not its name: JSON opens with ``{`` or ``[``, which no CSV does,
so a task saved as ``task.txt`` works and a CSV given where a task belongs gets the way to use
it. Errors name the file the problem is in, even when it is only found once the files meet
(a kernel with the wrong number of channels is the kernel file's fault).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import InputError, describe
from ..language import N_, _
from ..layers import Chain
from ..task import Task
from .arrays import nesting_depth
from .csv_file import csv_blocks, is_csv
from .documents import with_biases
from .image import ImageSource, read_image
from .json_file import looks_like_json, parse_json
from .layers import model_from_data
from .named import kernel_option
from .text import read_text, source_name
from .volumes import parse_volume

_CSV_TASK = N_(
    "a CSV file holds one matrix or volume; use --input FILE.csv --kernel KERNEL.csv instead"
)


def load_task(
    path: str | Path | None = None,
    *,
    input: str | Path | None = None,
    kernels: Sequence[str | Path] = (),
    biases: Sequence[float] | None = None,
    options: Mapping[str, Any] | None = None,
    places: Mapping[str, str] | None = None,
    image: ImageSource | None = None,
    then: Sequence[str] = (),
    exact: bool = False,
) -> Task | Chain:
    """Load a task from a JSON file and/or CSV (or JSON) files for the input and the kernels.

    Args:
        path: a task file (``{"input": …, "filters": […], "stride": 2, …}``).
        input: a file with the input volume; replaces the task file's input.
        image: a picture (and what to make of it) as the input instead; needs Pillow.
        kernels: files with one filter each (its kernel per channel); replace the task's filters.
        biases: one bias per filter (or one for all); replace the filters' biases.
        options: hyperparameters that override the file's (``{"stride": 2}``).
        places: where each option came from, for error messages (``{"stride": "--stride"}``).
        then: layers to append (``["relu", "maxpool:2"]``): the task becomes a chain.
        exact: keep every number an exact fraction.

    Returns:
        a :class:`Task`, or a :class:`~convtrace.layers.Chain` for a task with ``"layers"``
        (or ``then``).

    Raises:
        InputError: with the file and the place of the first problem found.
    """
    data: dict[str, Any] = {} if path is None else read_task_file(path)
    source = None if path is None else source_name(path)
    if input is not None:
        try:
            data["input"] = read_volume_file(input, what="input")
        except InputError as error:
            raise error.within(str(input)) from None
        source = source or str(input)
    if image is not None:
        picture = read_image(image)
        data["input"] = picture.pop("input")
        for key, text in picture.items():  # a task file's own title and description win
            data.setdefault(key, text)
        source = source or image.name or str(image.path)
    if kernels:
        one_d = _is_1d(data.get("input"))
        data.pop("filter", None)
        data["filters"] = [_kernel_from(path, one_d=one_d) for path in kernels]
    if "input" not in data and path is None:
        raise InputError(_("nothing to trace: give a task file, or --input and --kernel"))
    if biases is not None:
        data = with_biases(data, biases)
    try:
        task = model_from_data(data, overrides=options, places=places, then=then, exact=exact)
    except InputError as error:
        blame_file(error, None if input is None else source_name(input), kernels)
        raise error.within(source) if source else error from None
    return dataclasses.replace(task, source=source)


def read_task_file(path: str | Path) -> dict[str, Any]:
    """The document of a task file: a JSON object, whatever the file is called."""
    source = source_name(path)
    text = read_text(path)
    try:
        loaded = parse_json(text, source)
    except InputError:
        csv_name = source.lower().endswith((".csv", ".tsv"))
        if not looks_like_json(text) and (csv_name or is_csv(text)):
            raise InputError(_(_CSV_TASK), source=source) from None
        raise
    if not isinstance(loaded, Mapping):
        if not looks_like_json(text) and not source.lower().endswith(".json"):
            raise InputError(_(_CSV_TASK), source=source)  # "5": a one-number CSV
        raise InputError(
            _('expected an object with "input" and "filters", got {value}').format(
                value=describe(loaded)
            ),
            source=source,
        )
    return dict(loaded)


def read_volume_file(path: str | Path, *, what: str, one_d: bool | None = None) -> Any:
    """A CSV or JSON file holding one volume (input) or one filter's kernels, as JSON-like data.

    CSV blocks named by ``# name`` comments become an object (names kept). One-row blocks are a
    1-D signal when ``one_d`` is None (an input file) and a kernel of a 1-D input when True.
    """
    source = source_name(path)
    text = read_text(path)
    if source.lower().endswith(".json") or looks_like_json(text):
        data = parse_json(text, source)
        if what and isinstance(data, Mapping) and what in data:
            return data[what]
        return data
    blocks = csv_blocks(text, source)
    one_row = all(block.shape[0] == 1 for __, block in blocks)
    if one_d is not None:
        one_row = one_row and one_d
    matrices = [block[0].tolist() if one_row else block.tolist() for __, block in blocks]
    names = [name for name, __ in blocks]
    if all(names) and len(set(names)) == len(names):
        return dict(zip(names, matrices, strict=True))
    if len(matrices) == 1:
        return matrices[0]
    if one_row:
        prefix = "c" if what == "input" else "k"  # kernels' made-up names match no channel
        return {f"{prefix}{i}": m for i, m in enumerate(matrices)}
    return matrices


def _kernel_from(path: str | Path, *, one_d: bool) -> Any:
    name = kernel_option(path)  # --kernel sobel-x: a named kernel, where no such file is
    if name is not None:
        return name
    try:
        return read_kernel_file(path, one_d=one_d)
    except InputError as error:
        raise error.within(source_name(path)) from None


def read_kernel_file(path: str | Path, *, one_d: bool) -> Any:
    """One ``--kernel`` file as a filter: CSV kernels, or JSON kernels (bare, by channel name,
    or a filter object ``{"name": …, "weights": …, "bias": …}``). A whole task file is refused
    with the way to use it: its filters go with the task, not with --kernel."""
    data = read_volume_file(path, what="", one_d=one_d)
    if isinstance(data, Mapping) and any(key in data for key in ("input", "filters", "filter")):
        raise InputError(
            _(
                "is a task file; --kernel takes one filter's kernels (a CSV file, or JSON "
                '{{"weights": …}} or a list of matrices); to use its filters, give it as '
                "TASK.json and replace its input with --input"
            ).format()
        )
    if isinstance(data, Mapping) and "weights" in data:
        return data
    return {"weights": data}


def blame_file(error: InputError, input: str | None, kernels: Sequence[str | Path]) -> None:
    """An error about ``filters[k]…`` is about the k-th --kernel file, one about ``input…`` is
    about the --input file: say that file's name (and for a kernel file the place inside it:
    ``filters[0].weights.G`` → ``k.json: G``)."""
    if error.source is not None:
        return
    names = [source_name(k) for k in kernels]
    place = error.place or ""
    match = re.match(r"filters\[(\d+)\](?:\.weights)?\.?(.*)$", place)
    if match and int(match.group(1)) < len(names):
        error.source = names[int(match.group(1))]
        error.place = match.group(2) or None
        first = "but w0's are"  # build_task compares with the first filter: the first file here
        error.message = error.message.replace(first, f"but those of {names[0]} are")
        return
    if input is not None and re.match(r"input(?:$|[.\[])", place):
        error.source = input  # the place stays "input…": the file's volume, as the user sees it


def _is_1d(volume: Any) -> bool:
    if isinstance(volume, Mapping):
        return all(nesting_depth(channel) == 1 for channel in volume.values())
    return nesting_depth(volume) == 1


def load_upstream(path: str | Path, *, exact: bool = False) -> np.ndarray:
    """``--upstream FILE``: an upstream gradient from a JSON or CSV file (a volume shaped like
    the output, or an object with an ``"upstream"`` key), its numbers checked."""
    from ..exact import Exactness

    source = source_name(path)
    try:
        values, __, __ = parse_volume(read_volume_file(path, what="upstream"), "upstream")
    except InputError as error:
        raise error.within(source) from None
    return Exactness(exact).volume(values)

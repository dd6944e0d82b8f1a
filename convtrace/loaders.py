"""JSON and CSV files (and plain Python data) → :class:`~convtrace.task.Task`.

Every error names its place: the file, then a JSON path (``filters[0].weights.G``) or a CSV line.
Loaders never print.
"""

from __future__ import annotations

import difflib
import json
import math
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from .errors import InputError
from .task import MAX_INPUT_VALUES, Filter, Task, build_task

TASK_KEYS = (
    "input",
    "filters",
    "filter",
    "stride",
    "padding",
    "padding_mode",
    "dilation",
    "groups",
    "flip",
    "bias",
    "title",
    "description",
    "$schema",
)
OPTION_KEYS = ("stride", "padding", "padding_mode", "dilation", "groups", "flip")
FILTER_KEYS = ("name", "weights", "bias")


# --- numbers and matrices --------------------------------------------------------------------


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list | tuple):
        return "a list"
    return repr(value)


def _number(value: Any, place: str) -> int | float:
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise InputError(f"{_describe(value)} is not a number", place=place)
    if isinstance(value, float | np.floating) and not math.isfinite(value):
        raise InputError(
            f"{value} is not allowed; every value must be a finite number", place=place
        )
    if isinstance(value, int) and abs(value) >= 2**63:
        raise InputError(f"{value} is too large for 64-bit arithmetic", place=place)
    return value


def _array(value: Any, place: str, ndim: int) -> np.ndarray:
    """A 1-D list or a 2-D matrix of finite numbers, checked cell by cell."""
    numeric = isinstance(value, np.ndarray) and (
        value.dtype.kind in "iu" or (value.dtype.kind == "f" and bool(np.isfinite(value).all()))
    )
    if numeric and value.ndim == ndim and value.size:
        _check_size(value.size, place)
        return value
    if isinstance(value, np.ndarray):
        value = value.tolist()
    what = "a list of numbers" if ndim == 1 else "a matrix (a list of rows)"
    if not isinstance(value, list | tuple):
        raise InputError(f"expected {what}, got {_describe(value)}", place=place)
    if not value:
        raise InputError("is empty", place=place)
    if ndim == 1:
        return np.array([_number(v, f"{place}[{i}]") for i, v in enumerate(value)])
    if isinstance(value[0], list | tuple):
        _check_size(len(value) * len(value[0]), place)
    width = None
    rows = []
    for r, row in enumerate(value):
        if not isinstance(row, list | tuple):
            raise InputError(f"row {r} is {_describe(row)}, not a list of numbers", place=place)
        if not row:
            raise InputError(f"row {r} is empty", place=place)
        if width is None:
            width = len(row)
        elif len(row) != width:
            raise InputError(
                f"row {r} has {len(row)} number{'s' if len(row) != 1 else ''}, expected {width}",
                place=place,
            )
        rows.append([_number(v, f"{place}[{r}][{c}]") for c, v in enumerate(row)])
    return np.array(rows)


def _check_size(values: int, place: str) -> None:
    if values > MAX_INPUT_VALUES:
        raise InputError(
            f"{values:,} values is too large to trace by hand; "
            "crop a patch (say 64×64) and trace that",
            place=place,
        )


def _depth(value: Any) -> int:
    """How deeply lists nest, following first elements: 1 for [1, 2], 2 for [[1, 2]], …"""
    if isinstance(value, np.ndarray):
        return value.ndim
    depth = 0
    while isinstance(value, list | tuple):
        depth += 1
        if not value:
            break
        value = value[0]
    return depth


def _shape(a: np.ndarray) -> str:
    return "×".join(str(n) for n in a.shape)


def _stack(named: list[tuple[str, np.ndarray]], place: str, what: str) -> np.ndarray:
    first_name, first = named[0]
    for name, a in named[1:]:
        if a.shape != first.shape:
            raise InputError(
                f"{what} {name} is {_shape(a)}, but {first_name} is {_shape(first)}; "
                f"all {what}s must be the same size",
                place=place,
            )
    return np.stack([a for _, a in named])


def parse_volume(
    value: Any, place: str = "input", *, ndim: int | None = None, default_names: str = "c"
) -> tuple[np.ndarray, tuple[str, ...], bool]:
    """Channels × rows × cols from any accepted form; returns (array, names, is_1d).

    ``ndim`` (2 or 1) fixes the dimensionality of one channel; ``None`` reads it off the data.
    """
    if isinstance(value, Mapping):
        if not value:
            raise InputError("has no channels", place=place)
        named = []
        for name, channel in value.items():
            sub = f"{place}.{name}"
            depth = ndim if ndim is not None else (1 if _depth(channel) == 1 else 2)
            named.append((str(name), _array(channel, sub, depth)))
        array = _stack(named, place, "channel")
        is_1d = array.ndim == 2
        if is_1d:
            array = array[:, None, :]
        return array, tuple(n for n, _ in named), is_1d
    depth = _depth(value)
    if depth == 0 and not isinstance(value, list | tuple | np.ndarray):
        raise InputError(
            f"expected a matrix or a list of channels, got {_describe(value)}", place=place
        )
    if isinstance(value, list | tuple) and not value:
        raise InputError("is empty", place=place)
    channel_depth = ndim if ndim is not None else (1 if depth == 1 else 2)
    if depth == channel_depth:
        array = _array(value, place, channel_depth)
        channels = [array]
    elif depth == channel_depth + 1:
        if isinstance(value, np.ndarray):
            value = list(value)
        channels = [_array(ch, f"{place}[{i}]", channel_depth) for i, ch in enumerate(value)]
    else:
        expected = "channels × rows × cols" if channel_depth == 2 else "channels × samples"
        raise InputError(
            f"nested {depth} deep; expected a {'signal' if channel_depth == 1 else 'matrix'} "
            f"or a list of them ({expected})",
            place=place,
        )
    names = tuple(f"{default_names}{i}" for i in range(len(channels)))
    array = _stack(list(zip(names, channels, strict=True)), place, "channel")
    if channel_depth == 1:
        array = array[:, None, :]
    return array, names, channel_depth == 1


# --- filters ---------------------------------------------------------------------------------


def parse_filter(
    value: Any,
    place: str,
    *,
    index: int,
    one_d: bool,
    channel_names: Sequence[str],
) -> Filter:
    """One filter: an object with ``weights`` (and optional ``name``, ``bias``) or bare weights."""
    name, bias, weights_place = f"w{index}", 0, place
    if isinstance(value, Mapping):
        _refuse_unknown(value, FILTER_KEYS, place)
        if "weights" not in value:
            raise InputError('has no "weights"', place=place)
        if "name" in value:
            if not isinstance(value["name"], str) or not value["name"].strip():
                raise InputError("name must be a non-empty text", place=f"{place}.name")
            name = value["name"].strip()
        if "bias" in value:
            bias = _number(value["bias"], f"{place}.bias")
        weights_place = f"{place}.weights"
        value = value["weights"]
    weights, kernel_names, _ = parse_volume(
        value, weights_place, ndim=1 if one_d else 2, default_names="k"
    )
    named = isinstance(value, Mapping)
    if (
        named
        and set(kernel_names) == set(channel_names)
        and len(kernel_names) == len(channel_names)
    ):
        order = [kernel_names.index(n) for n in channel_names]
        weights, kernel_names = weights[order], tuple(channel_names)
    return Filter(name, weights, bias, kernel_names if named else None)


def parse_filters(data: Mapping[str, Any], *, one_d: bool, channel_names: Sequence[str]):
    if "filters" in data and "filter" in data:
        raise InputError('give either "filters" (a list) or "filter" (one), not both')
    if "filter" in data:
        return [
            parse_filter(
                data["filter"], "filter", index=0, one_d=one_d, channel_names=channel_names
            )
        ]
    if "filters" not in data:
        raise InputError('has no "filters" (a list of filters) or "filter" (one filter)')
    items = data["filters"]
    if isinstance(items, np.ndarray):
        items = list(items)
    if not isinstance(items, list | tuple):
        raise InputError(f"expected a list of filters, got {_describe(items)}", place="filters")
    if not items:
        raise InputError("is empty; give at least one filter", place="filters")
    if not one_d and _depth(items[0]) == 1 and not isinstance(items[0], Mapping):
        raise InputError(
            'each filter must be a kernel matrix; for a single kernel write "filter": [[…], …]',
            place="filters[0]",
        )
    filters = [
        parse_filter(item, f"filters[{k}]", index=k, one_d=one_d, channel_names=channel_names)
        for k, item in enumerate(items)
    ]
    seen: dict[str, int] = {}
    for k, f in enumerate(filters):
        if f.name in seen:
            raise InputError(
                f"the name {f.name!r} is already used by filters[{seen[f.name]}]",
                place=f"filters[{k}].name",
            )
        seen[f.name] = k
    return filters


def _refuse_unknown(data: Mapping[str, Any], known: Sequence[str], place: str | None) -> None:
    unknown = [str(key) for key in data if key not in known]
    if not unknown:
        return
    hints = []
    for key in unknown:
        close = difflib.get_close_matches(key, known, n=1)
        hints.append(f"{key!r} (did you mean {close[0]!r}?)" if close else repr(key))
    noun = "key" if len(unknown) == 1 else "keys"
    raise InputError(
        f"unknown {noun} {', '.join(hints)}; known keys are {', '.join(known)}", place=place
    )


# --- tasks -----------------------------------------------------------------------------------


def task_from_data(
    data: Any,
    *,
    source: str | None = None,
    overrides: Mapping[str, Any] | None = None,
    places: Mapping[str, str] | None = None,
) -> Task:
    """A :class:`Task` from the parsed JSON document (or equivalent Python data).

    ``overrides`` replace the document's hyperparameters (command-line options win); ``places``
    says where each override came from, for error messages.
    """
    try:
        if not isinstance(data, Mapping):
            raise InputError(
                f'expected an object with "input" and "filters", got {_describe(data)}'
            )
        _refuse_unknown(data, TASK_KEYS, None)
        if "input" not in data:
            raise InputError('has no "input" (the input volume)')
        if "bias" in data:
            data = _top_level_bias(data)
        x, names, one_d = parse_volume(data["input"], "input")
        filters = parse_filters(data, one_d=one_d, channel_names=names)
        options = {key: data[key] for key in OPTION_KEYS if key in data}
        options.update({k: v for k, v in (overrides or {}).items() if v is not None})
        text = {}
        for key in ("title", "description"):
            if key in data:
                if not isinstance(data[key], str):
                    raise InputError(f"expected a text, got {_describe(data[key])}", place=key)
                text[key] = data[key]
    except InputError as error:
        if source:
            error.within(source)
        raise
    return build_task(
        x, names, filters, one_d=one_d, places=places, source=source, **options, **text
    )


def read_json(path: str | Path) -> Any:
    """Parse a JSON file; NaN and Infinity stay visible so the checks can refuse them."""
    text = _read_text(path)
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(
            f"not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})",
            source=str(path),
        ) from None


def _read_text(path: str | Path) -> str:
    path = Path(path)
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError("no such file", source=str(path)) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a file", source=str(path)) from None
    except UnicodeDecodeError:
        raise InputError("is not a UTF-8 text file", source=str(path)) from None
    except OSError as error:
        raise InputError(f"cannot be read ({error.strerror})", source=str(path)) from None


# --- CSV -------------------------------------------------------------------------------------

_BLANK = re.compile(r"^[\s,;]*$")


def read_csv_blocks(path: str | Path) -> list[tuple[str | None, np.ndarray]]:
    """The matrices of a CSV file: blocks separated by blank lines, each optionally named by a
    ``# name`` comment line above it. Delimiter: semicolon, tab, comma or spaces, detected; with
    a semicolon (or tab or spaces) a decimal comma is read as a decimal point."""
    source = str(path)
    lines = _read_text(path).splitlines()
    content = [line for line in lines if line.strip() and not line.lstrip().startswith("#")]
    if not content:
        raise InputError("has no numbers", source=source)
    sample = "\n".join(content)
    if ";" in sample:
        delimiter: str | None = ";"
    elif "\t" in sample:
        delimiter = "\t"
    elif "," in sample:
        delimiter = ","
    else:
        delimiter = None  # runs of spaces
    decimal_comma = delimiter != ","

    blocks: list[tuple[str | None, np.ndarray]] = []
    rows: list[list[float | int]] = []
    name: str | None = None
    pending_name: str | None = None
    width = 0

    def close() -> None:
        nonlocal rows, name
        if rows:
            blocks.append((name, np.array(rows)))
        rows, name = [], None

    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if stripped.startswith("#"):
            close()
            pending_name = stripped.lstrip("#").strip() or None
            continue
        if _BLANK.match(line):
            close()
            continue
        cells = line.split(delimiter) if delimiter else line.split()
        cells = [c.strip() for c in cells]
        while cells and cells[-1] == "":
            cells.pop()
        values = []
        for col, cell in enumerate(cells, start=1):
            values.append(_csv_number(cell, decimal_comma, source, f"line {number}, column {col}"))
        if not rows:
            name, pending_name, width = pending_name, None, len(values)
        elif len(values) != width:
            raise InputError(
                f"{len(values)} number{'s' if len(values) != 1 else ''}, expected {width} "
                "like the rows above "
                "(a blank line starts a new matrix)",
                source=source,
                place=f"line {number}",
            )
        rows.append(values)
    close()
    return blocks


def _csv_number(cell: str, decimal_comma: bool, source: str, place: str) -> int | float:
    text = cell.strip().strip('"').strip()
    if decimal_comma:
        text = text.replace(",", ".")
    text = text.replace("\u2212", "-")
    if not text:
        raise InputError("empty cell", source=source, place=place)
    try:
        return int(text)
    except ValueError:
        pass
    try:
        value = float(text)
    except ValueError:
        raise InputError(f"{cell!r} is not a number", source=source, place=place) from None
    if not math.isfinite(value):
        raise InputError(
            f"{cell!r} is not allowed; every value must be a finite number",
            source=source,
            place=place,
        )
    return value


def _read_volume_file(path: str | Path, *, what: str, one_d: bool | None = None) -> Any:
    """A CSV or JSON file holding one volume (input) or one filter's kernels, as JSON-like data.

    CSV blocks named by ``# name`` comments become an object (names kept). One-row blocks are a
    1-D signal when ``one_d`` is None (an input file) and a kernel of a 1-D input when True.
    """
    if str(path).lower().endswith(".json"):
        data = read_json(path)
        if isinstance(data, Mapping) and what in data:
            return data[what]
        return data
    blocks = read_csv_blocks(path)
    one_row = all(block.shape[0] == 1 for _, block in blocks)
    if one_d is not None:
        one_row = one_row and one_d
    matrices = [block[0].tolist() if one_row else block.tolist() for _, block in blocks]
    names = [name for name, _ in blocks]
    if all(names) and len(set(names)) == len(names):
        return dict(zip(names, matrices, strict=True))
    if len(matrices) == 1:
        return matrices[0]
    if one_row:
        return {f"c{i}": m for i, m in enumerate(matrices)}
    return matrices


def load_task(
    path: str | Path | None = None,
    *,
    input: str | Path | None = None,
    kernels: Sequence[str | Path] = (),
    biases: Sequence[float] | None = None,
    options: Mapping[str, Any] | None = None,
    places: Mapping[str, str] | None = None,
) -> Task:
    """Load a task from a JSON file and/or CSV (or JSON) files for the input and the kernels.

    Args:
        path: a task file (``{"input": …, "filters": […], "stride": 2, …}``).
        input: a file with the input volume; replaces the task file's input.
        kernels: files with one filter each (its kernel per channel); replace the task's filters.
        biases: one bias per filter (or one for all); replace the filters' biases.
        options: hyperparameters that override the file's (``{"stride": 2}``).
        places: where each option came from, for error messages (``{"stride": "--stride"}``).

    Raises:
        InputError: with the file and the place of the first problem found.
    """
    data: dict[str, Any] = {}
    source = None
    if path is not None:
        source = str(path)
        if source.lower().endswith((".csv", ".tsv", ".txt")):
            raise InputError(
                "a CSV file holds one matrix or volume; "
                "use --input FILE.csv --kernel KERNEL.csv instead",
                source=source,
            )
        loaded = read_json(path)
        if not isinstance(loaded, Mapping):
            raise InputError(
                f'expected an object with "input" and "filters", got {_describe(loaded)}',
                source=source,
            )
        data = dict(loaded)
    if input is not None:
        try:
            data["input"] = _read_volume_file(input, what="input")
        except InputError as error:
            raise error.within(str(input)) from None
        source = source or str(input)
    if kernels:
        parsed = []
        for kernel_path in kernels:
            try:
                parsed.append(
                    _read_volume_file(kernel_path, what="weights", one_d=_is_1d(data.get("input")))
                )
            except InputError as error:
                raise error.within(str(kernel_path)) from None
        data.pop("filter", None)
        data["filters"] = [{"weights": w} for w in parsed]
    if "input" not in data and path is None:
        raise InputError("nothing to trace: give a task file, or --input and --kernel")
    if biases is not None:
        data = _with_biases(data, biases)
    return task_from_data(data, source=source, overrides=options, places=places)


def _top_level_bias(data: Mapping[str, Any]) -> Mapping[str, Any]:
    """``"bias": 1`` (for all filters) or ``"bias": [1, 0]`` (one per filter) beside the filters."""
    value = data["bias"]
    values = list(value) if isinstance(value, list | tuple) else [value]
    for i, v in enumerate(values):
        _number(v, f"bias[{i}]" if isinstance(value, list | tuple) else "bias")
    key = "filter" if "filter" in data else "filters"
    items = [data.get(key)] if key == "filter" else data.get(key)
    if isinstance(items, list | tuple) and any(
        isinstance(item, Mapping) and "bias" in item for item in items
    ):
        raise InputError(
            'give each bias either in its filter or in the top-level "bias", not both',
            place="bias",
        )
    try:
        updated = _with_biases(dict(data), values)
    except InputError as error:
        error.place = "bias"
        raise
    updated.pop("bias")
    return updated


def _is_1d(volume: Any) -> bool:
    if isinstance(volume, Mapping):
        return all(_depth(channel) == 1 for channel in volume.values())
    return _depth(volume) == 1


def _with_biases(data: dict[str, Any], biases: Sequence[float]) -> dict[str, Any]:
    key = "filter" if "filter" in data else "filters"
    items = [data[key]] if key == "filter" else list(data.get(key) or [])
    if len(biases) not in (1, len(items)):
        raise InputError(
            f"{len(biases)} biases for {len(items)} filters; give one per filter or one for all",
            place="--bias",
        )
    values = list(biases) * len(items) if len(biases) == 1 else list(biases)
    updated = []
    for item, bias in zip(items, values, strict=True):
        item = dict(item) if isinstance(item, Mapping) else {"weights": item}
        item["bias"] = bias
        updated.append(item)
    data = dict(data)
    if key == "filter":
        data["filter"] = updated[0]
    else:
        data["filters"] = updated
    return data

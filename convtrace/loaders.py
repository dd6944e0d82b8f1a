"""JSON and CSV files (and plain Python data) → :class:`~convtrace.task.Task`.

Every error names its place: the file, then a JSON path (``filters[0].weights.G``) or a CSV line.
Loaders never print.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import math
import re
import sys
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from .errors import InputError, plural
from .errors import describe as _describe
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


def _check_name(name: Any, place: str) -> None:
    """Channel and kernel names appear in the trace: no empty ones, no control characters."""
    text = str(name)
    if not text.strip():
        raise InputError("a channel name is empty; name every channel (R, G, B, …)", place=place)
    if any(unicodedata.category(ch) == "Cc" for ch in text):
        raise InputError(
            f"the channel name {text!r} holds a control character (newline, tab, NUL…); "
            "use plain names",
            place=place,
        )


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
            _check_name(name, place)
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
    """One filter: an object with ``weights`` (and optional ``name``, ``bias``) or bare weights.

    Bare weights may be named by channel (``{"R": […], "G": […]}``): an object whose keys are
    none of ``name``, ``weights``, ``bias``. Kernel names are matched to the channels later, by
    :func:`match_kernel_names`, once the groups are known.
    """
    name, bias, weights_place = f"w{index}", 0, place
    if isinstance(value, Mapping) and not _bare_named_weights(value, place, channel_names):
        _refuse_unknown(value, FILTER_KEYS, place)
        if "weights" not in value:
            raise InputError('has no "weights"', place=place)
        if "name" in value:
            if not isinstance(value["name"], str) or not value["name"].strip():
                raise InputError("name must be a non-empty text", place=f"{place}.name")
            _check_name(value["name"], f"{place}.name")
            name = value["name"].strip()
        if "bias" in value:
            bias = _number(value["bias"], f"{place}.bias")
        weights_place = f"{place}.weights"
        value = value["weights"]
    weights, kernel_names, _ = parse_volume(
        value, weights_place, ndim=1 if one_d else 2, default_names="k"
    )
    named = isinstance(value, Mapping)
    return Filter(name, weights, bias, kernel_names if named else None)


def _bare_named_weights(value: Mapping[str, Any], place: str, channels: Sequence[str]) -> bool:
    """Is this filter object just its kernels by name (``{"R": […], "G": […]}``)?

    Keys that are all unknown are kernel names, unless one looks like a misspelt filter key
    (``"weigths"``) and is no channel's name: that is a typo to point out, not a kernel. Kernels
    mixed with filter keys (``{"R": …, "bias": 1}``) are an error with the way to write them.
    """
    keys = [str(key) for key in value]
    unknown = [key for key in keys if key not in FILTER_KEYS]
    if not unknown:
        return False
    if len(unknown) < len(keys):
        if "weights" in value:
            return False  # unknown keys beside "weights": _refuse_unknown names them
        given = ", ".join(f'"{key}"' for key in keys if key in FILTER_KEYS)
        raise InputError(
            f"kernels {', '.join(map(repr, unknown))} beside {given}; write the kernels "
            'inside "weights": {"weights": {…}, ' + given + ": …}",
            place=place,
        )
    for key in unknown:
        if key not in channels and difflib.get_close_matches(key, FILTER_KEYS, n=1, cutoff=0.75):
            return False  # _refuse_unknown says "did you mean …?"
    return True


def match_kernel_names(
    filters: Sequence[Filter],
    places: Sequence[str],
    channel_names: Sequence[str],
    seen_by: Sequence[Sequence[str]] | None,
) -> list[Filter]:
    """Kernels named by channel, put in the channels' order; names that match no channel at all
    (``k0``, ``edge``) leave the kernels in the order written.

    ``seen_by[k]`` are the channels filter ``k`` sees (all of them, or its group's). Names that
    match some channels but not all are an error: a typo would otherwise apply kernels to the
    wrong channels without a word.
    """
    if seen_by is None:
        return list(filters)
    matched = []
    for f, place, seen in zip(filters, places, seen_by, strict=True):
        names = f.kernel_names
        if names is None or not set(names) & set(channel_names):
            matched.append(f)
            continue
        listed = ", ".join(seen)
        strangers = [n for n in names if n not in seen]
        if strangers:
            one = len(strangers) == 1
            if len(seen) == len(channel_names):
                sees = f"{'is not an input channel' if one else 'are not input channels'}"
            else:
                sees = f"{'is not one' if one else 'are not'} of the channels this filter sees"
            raise InputError(f"{', '.join(map(repr, strangers))} {sees} ({listed})", place=place)
        missing = [n for n in seen if n not in names]
        if missing:
            hint = ""
            if len(seen) == len(channel_names) and len(names) < len(seen):
                hint = '; for filters that see only some channels, set "groups"'
            raise InputError(
                f"no kernel for channel{'s' if len(missing) > 1 else ''} "
                f"{', '.join(map(repr, missing))} (this filter sees {listed}){hint}",
                place=place,
            )
        order = [names.index(n) for n in seen]
        matched.append(Filter(f.name, f.weights[order], f.bias, tuple(seen)))
    return matched


def _weights_place(value: Any, place: str) -> str:
    return f"{place}.weights" if isinstance(value, Mapping) and "weights" in value else place


def _seen_by(
    data: Mapping[str, Any], channel_names: Sequence[str], count: int
) -> list[Sequence[str]] | None:
    """The channels each of ``count`` filters sees, by the groups option; ``None`` when the
    groups are unusable (:func:`build_task` explains that, and names are not matched)."""
    groups = data.get("groups", 1)
    c = len(channel_names)
    if isinstance(groups, float) and groups.is_integer():
        groups = int(groups)
    if isinstance(groups, bool) or not isinstance(groups, int | np.integer) or groups < 1:
        return None
    if c % groups or count % groups:
        return None
    per_group, per_filters = c // groups, count // groups
    return [
        channel_names[(k // per_filters) * per_group : (k // per_filters + 1) * per_group]
        for k in range(count)
    ]


def parse_filters(data: Mapping[str, Any], *, one_d: bool, channel_names: Sequence[str]):
    if "filters" in data and "filter" in data:
        raise InputError('give either "filters" (a list) or "filter" (one), not both')
    if "filter" in data:
        value = data["filter"]
        parsed = [parse_filter(value, "filter", index=0, one_d=one_d, channel_names=channel_names)]
        places = [_weights_place(value, "filter")]
        return match_kernel_names(parsed, places, channel_names, _seen_by(data, channel_names, 1))
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
    places = [_weights_place(item, f"filters[{k}]") for k, item in enumerate(items)]
    seen_by = _seen_by(data, channel_names, len(filters))
    return match_kernel_names(filters, places, channel_names, seen_by)


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
        options = {key: data[key] for key in OPTION_KEYS if key in data}
        options.update({k: v for k, v in (overrides or {}).items() if v is not None})
        filters = parse_filters({**data, **options}, one_d=one_d, channel_names=names)
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


#: What standard input is called in messages (``convtrace run -``).
STDIN = "-"


def read_json(path: str | Path) -> Any:
    """Parse a JSON file (``-``: standard input), the one JSON reader every command uses.

    NaN and Infinity stay visible so the checks can refuse them; a key given twice in an object
    is an error naming its path (JSON would silently keep the last); nesting too deep for the
    parser is a one-line error, not a RecursionError.
    """
    text = _read_text(path)
    source = _name(path)
    repeated: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(items)
        if len(result) != len(items):
            counted: set[str] = set()
            for key, _ in items:
                if key in counted:
                    repeated.append(key)
                    break
                counted.add(key)
            result = _Repeated(result)
            result.repeated = repeated[-1]
        return result

    try:
        data = json.loads(text, object_pairs_hook=pairs)
    except json.JSONDecodeError as error:
        raise InputError(
            f"not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})",
            source=source,
        ) from None
    except RecursionError:
        raise InputError("not valid JSON: nested too deeply", source=source) from None
    if repeated:
        place, key = _find_repeated(data)
        raise InputError(
            f"the key {key!r} is given twice; JSON objects take each key once",
            source=source,
            place=place,
        )
    return data


class _Repeated(dict):
    """An object that had a key twice (marked while parsing, found after it)."""

    repeated: str = ""


def _find_repeated(data: Any) -> tuple[str | None, str]:
    """The JSON path of the first object with a repeated key, and the key (depth-first)."""
    stack: list[tuple[Any, str]] = [(data, "")]
    while stack:
        value, path = stack.pop()
        if isinstance(value, _Repeated):
            key = value.repeated
            return (f"{path}.{key}" if path else key), key
        if isinstance(value, dict):
            children = [(v, f"{path}.{k}" if path else str(k)) for k, v in value.items()]
        elif isinstance(value, list):
            children = [(v, f"{path}[{i}]") for i, v in enumerate(value)]
        else:
            continue
        stack.extend(reversed(children))
    return None, ""


def _name(path: str | Path) -> str:
    return "standard input" if str(path) == STDIN else str(path)


def _read_text(path: str | Path) -> str:
    if str(path) == STDIN:
        data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read()
        if isinstance(data, bytes):
            try:
                data = data.decode("utf-8-sig")
            except UnicodeDecodeError:
                raise InputError("is not UTF-8 text", source=_name(path)) from None
        return data
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
    source = _name(path)
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
        if what and isinstance(data, Mapping) and what in data:
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
        prefix = "c" if what == "input" else "k"  # kernels' made-up names match no channel
        return {f"{prefix}{i}": m for i, m in enumerate(matrices)}
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
        source = _name(path)
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
                parsed.append(_read_kernel_file(kernel_path, one_d=_is_1d(data.get("input"))))
            except InputError as error:
                raise error.within(_name(kernel_path)) from None
        data.pop("filter", None)
        data["filters"] = parsed
    if "input" not in data and path is None:
        raise InputError("nothing to trace: give a task file, or --input and --kernel")
    if biases is not None:
        data = _with_biases(data, biases)
    try:
        task = task_from_data(data, overrides=options, places=places)
    except InputError as error:
        _blame_file(error, None if input is None else _name(input), [_name(k) for k in kernels])
        raise error.within(source) if source else error from None
    return dataclasses.replace(task, source=source)


def _read_kernel_file(path: str | Path, *, one_d: bool) -> Any:
    """One ``--kernel`` file as a filter: CSV kernels, or JSON kernels (bare, by channel name,
    or a filter object ``{"name": …, "weights": …, "bias": …}``). A whole task file is refused
    with the way to use it: its filters go with the task, not with --kernel."""
    data = _read_volume_file(path, what="", one_d=one_d)
    if isinstance(data, Mapping) and any(key in data for key in ("input", "filters", "filter")):
        raise InputError(
            "is a task file; --kernel takes one filter's kernels (a CSV file, or JSON "
            '{"weights": …} or a list of matrices); to use its filters, give it as TASK.json '
            "and replace its input with --input"
        )
    if isinstance(data, Mapping) and "weights" in data:
        return data
    return {"weights": data}


def _blame_file(error: InputError, input: str | None, kernels: Sequence[str]) -> None:
    """An error about ``filters[k]…`` is about the k-th --kernel file, one about ``input…`` is
    about the --input file: say that file's name (and for a kernel file the place inside it:
    ``filters[0].weights.G`` → ``k.json: G``)."""
    if error.source is not None:
        return
    place = error.place or ""
    match = re.match(r"filters\[(\d+)\](?:\.weights)?\.?(.*)$", place)
    if match and int(match.group(1)) < len(kernels):
        error.source = kernels[int(match.group(1))]
        error.place = match.group(2) or None
        first = "but w0's are"  # build_task compares with the first filter: the first file here
        error.message = error.message.replace(first, f"but those of {kernels[0]} are")
        return
    if input is not None and re.match(r"input(?:$|[.\[])", place):
        error.source = input  # the place stays "input…": the file's volume, as the user sees it


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
            f"{plural(len(biases), 'bias', 'biases')} for {plural(len(items), 'filter')}; "
            "give one per filter or one for all",
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

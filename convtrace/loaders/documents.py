"""A task document (a parsed JSON file or the same shape in Python) → :class:`Task`.

The document's keys are checked here, its volumes and filters by :mod:`.volumes`, and its
hyperparameters, with the shapes, by :func:`convtrace.task.build_task`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..errors import InputError, describe
from ..exact import Exactness
from ..language import _, ngettext
from ..task import Task, build_task
from .arrays import as_number
from .volumes import parse_filters, parse_volume, refuse_unknown

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
    "upstream",
    "$schema",
)
OPTION_KEYS = ("stride", "padding", "padding_mode", "dilation", "groups", "flip")


def task_from_data(
    data: Any,
    *,
    source: str | None = None,
    overrides: Mapping[str, Any] | None = None,
    places: Mapping[str, str] | None = None,
    exact: bool = False,
) -> Task:
    """A :class:`Task` from the parsed JSON document (or equivalent Python data).

    ``overrides`` replace the document's hyperparameters (command-line options win); ``places``
    says where each override came from, for error messages. ``exact`` keeps every number an
    exact fraction (``--exact``); otherwise fractions written as ``"1/9"`` become decimals.
    """
    keep = Exactness(exact)
    try:
        if not isinstance(data, Mapping):
            said = _('expected an object with "input" and "filters", got {value}')
            raise InputError(said.format(value=describe(data)))
        refuse_unknown(data, TASK_KEYS, None)
        if "input" not in data:
            raise InputError(_('has no "input" (the input volume)'))
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
                    said = _("expected a text, got {value}").format(value=describe(data[key]))
                    raise InputError(said, place=key)
                text[key] = data[key]
    except InputError as error:
        if source:
            error.within(source)
        raise
    task = build_task(
        keep.volume(x),
        names,
        keep.filters(filters),
        one_d=one_d,
        places=places,
        source=source,
        **options,
        **text,
    )
    return dataclasses.replace(task, upstream=upstream_of(data, keep, source))


def upstream_of(data: Mapping[str, Any], keep: Exactness, source: str | None = None):
    """The document's ``"upstream"`` gradient as an array (None without one); its shape is
    checked against the output by ``convtrace grad``."""
    if "upstream" not in data:
        return None
    try:
        values, __, __ = parse_volume(data["upstream"], "upstream")
    except InputError as error:
        if source:
            error.within(source)
        raise
    return keep.volume(values)


def _top_level_bias(data: Mapping[str, Any]) -> Mapping[str, Any]:
    """``"bias": 1`` (for all filters) or ``"bias": [1, 0]`` (one per filter) beside the filters."""
    value = data["bias"]
    values = list(value) if isinstance(value, list | tuple) else [value]
    for i, v in enumerate(values):
        as_number(v, f"bias[{i}]" if isinstance(value, list | tuple) else "bias")
    key = "filter" if "filter" in data else "filters"
    items = [data.get(key)] if key == "filter" else data.get(key)
    if isinstance(items, list | tuple) and any(
        isinstance(item, Mapping) and "bias" in item for item in items
    ):
        raise InputError(
            _('give each bias either in its filter or in the top-level "bias", not both'),
            place="bias",
        )
    try:
        updated = with_biases(dict(data), values)
    except InputError as error:
        error.place = "bias"
        raise
    updated.pop("bias")
    return updated


def with_biases(data: dict[str, Any], biases: Sequence[float]) -> dict[str, Any]:
    """The document with one bias per filter (or ``biases[0]`` for all) set in the filters.

    Filters that are not a list are left as they are, for :func:`parse_filters` to explain.
    """
    key = "filter" if "filter" in data else "filters"
    if key == "filter":
        items = [data[key]]
    else:
        items = data.get(key) or []
        if isinstance(items, np.ndarray):
            items = list(items)
        if not isinstance(items, list | tuple):
            return dict(data)
    if len(biases) not in (1, len(items)):
        given = ngettext("{count} bias", "{count} biases", len(biases))
        filters = ngettext("{count} filter", "{count} filters", len(items))
        said = _("{biases} for {filters}; give one per filter or one for all").format(
            biases=given.format(count=len(biases)), filters=filters.format(count=len(items))
        )
        raise InputError(said, place="--bias")
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

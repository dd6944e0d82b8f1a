"""Input volumes and filters from JSON-like data (a parsed file or plain Python values).

A volume is channels × rows × cols, written as one matrix, a list of them or an object of
named channels; a 1-D signal is channels × samples. A filter's kernels may be named by channel,
and are matched to the input's channels by name once the groups are known.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..errors import InputError, describe
from ..language import _, ngettext
from ..task import Filter
from .arrays import as_array, as_number, nesting_depth, shape_text
from .named import named_filter

FILTER_KEYS = ("name", "weights", "bias")


def stack_channels(named: list[tuple[str, np.ndarray]], place: str, what: str) -> np.ndarray:
    """One array of same-sized channels (or kernels: ``what``), naming the odd one out."""
    first_name, first = named[0]
    for name, a in named[1:]:
        if a.shape != first.shape:
            if what == "channel":
                said = _(
                    "channel {name} is {shape}, but {first} is {first_shape}; "
                    "all channels must be the same size"
                )
            else:
                said = _(
                    "kernel {name} is {shape}, but {first} is {first_shape}; "
                    "all kernels must be the same size"
                )
            raise InputError(
                said.format(
                    name=name, shape=shape_text(a), first=first_name, first_shape=shape_text(first)
                ),
                place=place,
            )
    return np.stack([a for _name, a in named])


def check_name(name: Any, place: str) -> None:
    """Channel and kernel names appear in the trace: no empty ones, no control characters."""
    text = str(name)
    if not text.strip():
        said = _("a channel name is empty; name every channel (R, G, B, …)")
        raise InputError(said, place=place)
    if any(unicodedata.category(ch) == "Cc" for ch in text):
        raise InputError(
            _(
                "the channel name {name!r} holds a control character (newline, tab, NUL…); "
                "use plain names"
            ).format(name=text),
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
            raise InputError(_("has no channels"), place=place)
        named = []
        for name, channel in value.items():
            check_name(name, place)
            sub = f"{place}.{name}"
            depth = ndim if ndim is not None else (1 if nesting_depth(channel) == 1 else 2)
            named.append((str(name), as_array(channel, sub, depth)))
        array = stack_channels(named, place, "channel")
        is_1d = array.ndim == 2
        if is_1d:
            array = array[:, None, :]
        return array, tuple(n for n, _array in named), is_1d
    depth = nesting_depth(value)
    if depth == 0 and not isinstance(value, list | tuple | np.ndarray):
        raise InputError(
            _("expected a matrix or a list of channels, got {value}").format(value=describe(value)),
            place=place,
        )
    if isinstance(value, list | tuple) and not value:
        raise InputError(_("is empty"), place=place)
    channel_depth = ndim if ndim is not None else (1 if depth == 1 else 2)
    if depth == channel_depth:
        array = as_array(value, place, channel_depth)
        channels = [array]
    elif depth == channel_depth + 1:
        if isinstance(value, np.ndarray):
            value = list(value)
        channels = [as_array(ch, f"{place}[{i}]", channel_depth) for i, ch in enumerate(value)]
    else:
        if channel_depth == 2:
            said = _(
                "nested {depth} deep; expected a matrix or a list of them (channels × rows × cols)"
            )
        else:
            said = _(
                "nested {depth} deep; expected a signal or a list of them (channels × samples)"
            )
        raise InputError(said.format(depth=depth), place=place)
    names = tuple(f"{default_names}{i}" for i in range(len(channels)))
    array = stack_channels(list(zip(names, channels, strict=True)), place, "channel")
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
        refuse_unknown(value, FILTER_KEYS, place)
        if "weights" not in value:
            raise InputError(_('has no "weights"'), place=place)
        if "name" in value:
            if not isinstance(value["name"], str) or not value["name"].strip():
                raise InputError(_("name must be a non-empty text"), place=f"{place}.name")
            check_name(value["name"], f"{place}.name")
            name = value["name"].strip()
        if "bias" in value:
            bias = as_number(value["bias"], f"{place}.bias")
        weights_place = f"{place}.weights"
        value = value["weights"]
    weights, kernel_names, _one_d = parse_volume(
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
            return False  # unknown keys beside "weights": refuse_unknown names them
        given = ", ".join(f'"{key}"' for key in keys if key in FILTER_KEYS)
        raise InputError(
            _(
                'kernels {kernels} beside {given}; write the kernels inside "weights": '
                '{{"weights": {{…}}, {given}: …}}'
            ).format(kernels=", ".join(map(repr, unknown)), given=given),
            place=place,
        )
    for key in unknown:
        if key not in channels and difflib.get_close_matches(key, FILTER_KEYS, n=1, cutoff=0.75):
            return False  # refuse_unknown says "did you mean …?"
    return True


def _strangers_said(all_channels: bool, count: int) -> str:
    """The message for kernel names that are no channel the filter sees."""
    if all_channels:
        return ngettext(
            "{names} is not an input channel ({listed})",
            "{names} are not input channels ({listed})",
            count,
        )
    return ngettext(
        "{names} is not one of the channels this filter sees ({listed})",
        "{names} are not of the channels this filter sees ({listed})",
        count,
    )


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
            said = _strangers_said(len(seen) == len(channel_names), len(strangers))
            raise InputError(
                said.format(names=", ".join(map(repr, strangers)), listed=listed), place=place
            )
        missing = [n for n in seen if n not in names]
        if missing:
            if len(seen) == len(channel_names) and len(names) < len(seen):
                said = ngettext(
                    "no kernel for channel {names} (this filter sees {listed}); for filters "
                    'that see only some channels, set "groups"',
                    "no kernel for channels {names} (this filter sees {listed}); for filters "
                    'that see only some channels, set "groups"',
                    len(missing),
                )
            else:
                said = ngettext(
                    "no kernel for channel {names} (this filter sees {listed})",
                    "no kernel for channels {names} (this filter sees {listed})",
                    len(missing),
                )
            raise InputError(
                said.format(names=", ".join(map(repr, missing)), listed=listed), place=place
            )

        order = [names.index(n) for n in seen]
        matched.append(Filter(f.name, f.weights[order], f.bias, tuple(seen)))
    return matched


def weights_place(value: Any, place: str) -> str:
    """Where a filter's kernels are: ``filters[0].weights``, or the filter itself if bare."""
    return f"{place}.weights" if isinstance(value, Mapping) and "weights" in value else place


def channels_seen_by(
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


def parse_filters(
    data: Mapping[str, Any], *, one_d: bool, channel_names: Sequence[str]
) -> list[Filter]:
    """The task's ``"filters"`` (or its one ``"filter"``), kernels matched to the channels."""
    if "filters" in data and "filter" in data:
        raise InputError(_('give either "filters" (a list) or "filter" (one), not both'))
    if "filter" in data:
        seen_by = channels_seen_by(data, channel_names, 1)
        value = named_filter(
            data["filter"], "filter", kernels=_seen(seen_by, channel_names, 0), one_d=one_d
        )
        parsed = [parse_filter(value, "filter", index=0, one_d=one_d, channel_names=channel_names)]
        places = [weights_place(value, "filter")]
        return match_kernel_names(parsed, places, channel_names, seen_by)
    if "filters" not in data:
        raise InputError(_('has no "filters" (a list of filters) or "filter" (one filter)'))
    items = data["filters"]
    if isinstance(items, np.ndarray):
        items = list(items)
    if not isinstance(items, list | tuple):
        said = _("expected a list of filters, got {value}").format(value=describe(items))
        raise InputError(said, place="filters")
    if not items:
        raise InputError(_("is empty; give at least one filter"), place="filters")
    seen_by = channels_seen_by(data, channel_names, len(items))
    items = [
        named_filter(item, f"filters[{k}]", kernels=_seen(seen_by, channel_names, k), one_d=one_d)
        for k, item in enumerate(items)
    ]
    if not one_d and nesting_depth(items[0]) == 1 and not isinstance(items[0], Mapping):
        raise InputError(
            _('each filter must be a kernel matrix; for a single kernel write "filter": [[…], …]'),
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
                _("the name {name!r} is already used by filters[{index}]").format(
                    name=f.name, index=seen[f.name]
                ),
                place=f"filters[{k}].name",
            )
        seen[f.name] = k
    places = [weights_place(item, f"filters[{k}]") for k, item in enumerate(items)]
    return match_kernel_names(filters, places, channel_names, seen_by)


def _seen(seen_by: list[Sequence[str]] | None, channel_names: Sequence[str], k: int) -> int:
    """How many channels filter ``k`` sees: a named kernel gets one copy for each."""
    return len(channel_names) if seen_by is None else len(seen_by[k])


def refuse_unknown(data: Mapping[str, Any], known: Sequence[str], place: str | None) -> None:
    """An unknown key is an error, with the known key it most looks like: a misspelt option
    would otherwise be ignored without a word."""
    unknown = [str(key) for key in data if key not in known]
    if not unknown:
        return
    hints = []
    for key in unknown:
        close = difflib.get_close_matches(key, known, n=1)
        hints.append(
            _("{key!r} (did you mean {close!r}?)").format(key=key, close=close[0])
            if close
            else repr(key)
        )
    said = ngettext(
        "unknown key {keys}; known keys are {known}",
        "unknown keys {keys}; known keys are {known}",
        len(unknown),
    )
    raise InputError(said.format(keys=", ".join(hints), known=", ".join(known)), place=place)

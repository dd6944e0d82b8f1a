"""A task's ``"layers"`` (and ``--then relu``) → a :class:`~convtrace.layers.Chain`.

Each layer is checked where it stands: its keys (an unknown type or key gets "did you mean"),
its hyperparameters (PyTorch's limits), and its shape against the previous layer's output, so
that a chain whose shapes stop fitting names the layer. Errors name ``layers[2].size`` in a
file and ``--then maxpool:5`` on the command line.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..errors import InputError, describe
from ..exact import Exactness
from ..hyperparameters import parse_flag, parse_pair, whole_number
from ..language import _
from ..layers import (
    LAYER_NAMES,
    LAYER_TYPES,
    Activation,
    Chain,
    Conv,
    Layer,
    Pool,
    Shape,
    Transpose,
)
from ..task import build_task
from .arrays import as_number
from .documents import task_from_data, upstream_of, with_biases
from .pool_checks import check_pool_fits
from .volumes import parse_filters, parse_volume, refuse_unknown

CONV_OPTIONS = ("stride", "padding", "padding_mode", "dilation", "groups", "flip")

#: The keys each layer type takes.
LAYER_KEYS = {
    "conv": ("type", "filters", "filter", "bias", *CONV_OPTIONS),
    "relu": ("type",),
    "leaky_relu": ("type", "slope"),
    "maxpool": ("type", "size", "stride", "padding", "dilation", "ceil_mode"),
    "avgpool": ("type", "size", "stride", "padding", "ceil_mode", "count_include_pad"),
    "conv_transpose": (
        "type",
        "filters",
        "filter",
        "bias",
        "stride",
        "padding",
        "output_padding",
        "dilation",
        "groups",
    ),
}

#: Keys that give a layer weights: refused, with the reason, on a layer that has none.
WEIGHT_KEYS = ("filters", "filter", "weights", "kernel", "kernels", "bias")

#: The keys of a task that has ``"layers"``.
CHAIN_KEYS = ("input", "layers", "title", "description", "upstream", "$schema")


def layer_type(item: Any, place: str) -> str:
    """The layer's ``"type"``, with the nearest known one for a misspelling."""
    if not isinstance(item, Mapping):
        raise InputError(
            _('expected a layer object {{"type": …}}, got {value}').format(value=describe(item)),
            place=place,
        )
    if "type" not in item:
        raise InputError(
            _('has no "type" (one of {types})').format(types=", ".join(LAYER_TYPES)), place=place
        )
    kind = item["type"]
    if isinstance(kind, str) and kind.strip().lower() in LAYER_TYPES:
        return kind.strip().lower()
    text = kind if isinstance(kind, str) else describe(kind)
    close = difflib.get_close_matches(str(text).lower(), LAYER_TYPES, n=1, cutoff=0.5)
    if close:
        said = _("unknown layer type {name!r} (did you mean {guess!r}?); known types are {types}")
    else:
        said = _("unknown layer type {name!r}; known types are {types}")
    raise InputError(
        said.format(name=text, guess=close[0] if close else "", types=", ".join(LAYER_TYPES)),
        place=f"{place}.type",
    )


def _refuse_weights(item: Mapping[str, Any], kind: str, place: str) -> None:
    for key in item:
        if key in WEIGHT_KEYS:
            raise InputError(
                _(
                    "{layer} has no weights or bias; remove {key!r} "
                    "(weights belong to a conv or conv_transpose layer)"
                ).format(layer=_(LAYER_NAMES[kind]), key=key),
                place=f"{place}.{key}",
            )


def _padding(value: Any, place: str, one_d: bool) -> tuple[int, int]:
    """A padding per axis (rows, cols); a 1-D signal has no rows to pad."""
    rows, cols = parse_pair(value, place, 0, one_d)
    return (0 if one_d else rows, cols)


def _flag(item: Mapping[str, Any], key: str, place: str, default: bool) -> bool:
    return parse_flag(item[key], f"{place}.{key}") if key in item else default


def parse_pool(item: Mapping[str, Any], kind: str, place: str, one_d: bool) -> Pool:
    """``maxpool``/``avgpool``: ``size`` (required), ``stride`` (the size), ``padding`` at most
    half the size, ``ceil_mode``, ``dilation`` (max), ``count_include_pad`` (average)."""
    if "size" not in item:
        raise InputError(_('has no "size" (the pooling window, e.g. 2)'), place=place)
    size = parse_pair(item["size"], f"{place}.size", 1, one_d)
    stride = parse_pair(item["stride"], f"{place}.stride", 1, one_d) if "stride" in item else size
    padding = _padding(item.get("padding", 0), f"{place}.padding", one_d)
    dilation = parse_pair(item.get("dilation", 1), f"{place}.dilation", 1, one_d)
    for axis, (p, f) in enumerate(zip(padding, size, strict=True)):
        if 2 * p > f:
            if one_d:
                said = _(
                    "padding {padding} is more than half the window's {size}; PyTorch allows "
                    "at most {most} (padding ≤ size/2)"
                )
            elif axis == 0:
                said = _(
                    "padding {padding} is more than half the window's {size} rows; PyTorch "
                    "allows at most {most} (padding ≤ size/2)"
                )
            else:
                said = _(
                    "padding {padding} is more than half the window's {size} columns; PyTorch "
                    "allows at most {most} (padding ≤ size/2)"
                )
            raise InputError(
                said.format(padding=p, size=f, most=f // 2),
                place=f"{place}.padding",
            )
    return Pool(
        kind,
        size,
        stride,
        padding,
        dilation,
        ceil_mode=_flag(item, "ceil_mode", place, False),
        count_include_pad=_flag(item, "count_include_pad", place, True),
        one_d=one_d,
    )


def parse_activation(
    item: Mapping[str, Any], kind: str, place: str, one_d: bool, exact: Exactness
) -> Activation:
    slope = 0.0
    if kind == "leaky_relu":
        slope = exact.number(as_number(item.get("slope", 0.01), f"{place}.slope"))
    return Activation(kind, slope, one_d)


def parse_transpose(
    item: Mapping[str, Any],
    place: str,
    shape: Shape,
    names: Sequence[str],
    one_d: bool,
    exact: Exactness,
) -> Transpose:
    """``conv_transpose``: filters as for a convolution (one per output channel, one kernel per
    input channel it sees), stride, padding, output_padding, dilation and groups."""
    data = with_layer_bias(dict(item))
    data.pop("type")
    groups = whole_number(item.get("groups", 1), f"{place}.groups", 1)
    filters = parse_filters({**data, "groups": groups}, one_d=one_d, channel_names=names)
    stride = parse_pair(item.get("stride", 1), f"{place}.stride", 1, one_d)
    padding = _padding(item.get("padding", 0), f"{place}.padding", one_d)
    output_padding = _padding(item.get("output_padding", 0), f"{place}.output_padding", one_d)
    dilation = parse_pair(item.get("dilation", 1), f"{place}.dilation", 1, one_d)
    for op, s, d in zip(output_padding, stride, dilation, strict=True):
        if op >= s and op >= d:
            raise InputError(
                _(
                    "output_padding {output_padding} must be smaller than the stride ({stride}) "
                    "or the dilation ({dilation}), as PyTorch requires"
                ).format(output_padding=op, stride=s, dilation=d),
                place=f"{place}.output_padding",
            )
    # the same checks a convolution's filters get: sizes, counts, groups, one dtype
    c, h, w = shape  # the filters' checks only (counts, groups, sizes): a big enough input
    fh, fw = filters[0].weights.shape[1:]
    zeros = np.zeros((c, max(h, fh), max(w, fw)), dtype=np.int64)
    check = build_task(zeros, names, exact.filters(filters), groups=groups, one_d=one_d)
    layer = Transpose(check.filters, stride, padding, output_padding, dilation, groups, one_d)
    for axis in layer.axes(shape):
        if axis.out < 1:
            raise InputError(
                _(
                    "the output would have {out} positions along {axis}: ({size} − 1)·{stride} "
                    "− 2·{padding} + {dilation}·({kernel} − 1) + {output_padding} + 1; "
                    "use less padding"
                ).format(
                    out=axis.out,
                    axis=axis.name,
                    size=axis.size,
                    stride=axis.stride,
                    padding=axis.padding,
                    dilation=axis.dilation,
                    kernel=axis.kernel,
                    output_padding=axis.output_padding,
                ),
                place=f"{place}.padding",
            )
    return layer


def with_layer_bias(data: dict[str, Any]) -> dict[str, Any]:
    """A layer's ``"bias"`` beside its filters (one for all, or one each) set in the filters."""
    if "bias" not in data:
        return data
    value = data.pop("bias")
    values = list(value) if isinstance(value, list | tuple) else [value]
    for i, v in enumerate(values):
        as_number(v, f"bias[{i}]" if isinstance(value, list | tuple) else "bias")
    items = [data.get("filter")] if "filter" in data else data.get("filters")
    if isinstance(items, list | tuple) and any(
        isinstance(item, Mapping) and "bias" in item for item in items
    ):
        raise InputError(
            _('give each bias either in its filter or in the layer\'s "bias", not both'),
            place="bias",
        )
    try:
        return with_biases(data, values)
    except InputError as error:
        error.place = "bias"
        raise


def parse_layer(
    item: Any,
    place: str,
    shape: Shape,
    names: Sequence[str],
    *,
    one_d: bool,
    x: np.ndarray | None,
    exact: Exactness,
) -> Layer:
    """One layer, checked against ``shape`` (its input's) and the input's channel ``names``;
    ``x`` is the chain's input for the first layer (None later: a placeholder stands in)."""
    kind = layer_type(item, place)
    if kind in ("relu", "leaky_relu", "maxpool", "avgpool"):
        _refuse_weights(item, kind, place)
    if kind == "avgpool" and "dilation" in item:
        raise InputError(
            _("average pooling takes no dilation (PyTorch's avg_pool2d has none)"),
            place=f"{place}.dilation",
        )
    refuse_unknown(item, LAYER_KEYS[kind], place)
    if kind in ("relu", "leaky_relu"):
        return parse_activation(item, kind, place, one_d, exact)
    if kind in ("maxpool", "avgpool"):
        pool = parse_pool(item, kind, place, one_d)
        check_pool_fits(pool, shape, place)
        return pool
    if kind == "conv_transpose":
        return parse_transpose(item, place, shape, names, one_d, exact)
    data = with_layer_bias({key: value for key, value in item.items() if key != "type"})
    filters = parse_filters(data, one_d=one_d, channel_names=names)
    options = {key: data[key] for key in CONV_OPTIONS if key in data}
    places = {key: f"{place}.{key}" for key in CONV_OPTIONS}
    source = np.zeros(shape, dtype=np.int64) if x is None else x
    task = build_task(source, names, exact.filters(filters), one_d=one_d, places=places, **options)
    return Conv(task)


def in_layer(
    error: InputError, place: str, index: int, shape: Shape, one_d: bool = False
) -> InputError:
    """An error inside layer ``index`` said of its place (``layers[2].filters[0]``); when its
    input is an earlier layer's output, the message says so with that output's shape."""
    inner = error.place or ""
    if place.startswith("--"):  # --then maxpool:5: the option says which layer
        error.place = place
    elif not inner.startswith(place):
        error.place = f"{place}.{inner}" if inner else place
    for marker in ("; is the input written", "; ist das Eingabevolumen als"):
        if marker in error.message:  # a layer's input is no file to rewrite
            error.message = error.message.split(marker)[0] + _(
                "; a filter needs one kernel per input channel"
            )
    words = ("input", "kernel", "window", "Eingabe", "Kernel", "Fenster")
    about_shape = any(word in error.message for word in words)
    if index and about_shape and not any(w in error.message for w in ("layer ", "Layer ")):
        c, h, w = shape
        size = f"{w}×{c}" if one_d else f"{w}×{h}×{c}"
        error.message += _(" (its input is layer {index}'s output, {size})").format(
            index=index, size=size
        )

    return error


def build_chain(
    x: np.ndarray,
    names: Sequence[str],
    items: Sequence[tuple[Any, str]],
    *,
    one_d: bool,
    exact: Exactness,
    first: Layer | None = None,
    **about: Any,
) -> Chain:
    """The chain of ``items`` (each a layer object and its place) after ``first`` (a layer
    made already, the task's own convolution), shapes carried from layer to layer."""
    layers: list[Layer] = []
    shapes: list[Shape] = [tuple(int(n) for n in x.shape)]  # type: ignore[list-item]
    if first is not None:
        layers.append(first)
        shapes.append(first.output_shape(shapes[-1]))
    current = tuple(names)
    for item, place in items:
        index = len(layers)
        shape = shapes[-1]
        if layers:
            current = _names(layers[-1], current)
        try:
            layer = parse_layer(
                item, place, shape, current, one_d=one_d, x=None if index else x, exact=exact
            )
        except InputError as error:
            raise in_layer(error, place, index, shape, one_d) from None
        layers.append(layer)
        shapes.append(layer.output_shape(shape))
    if not layers:
        raise InputError(_("is empty; give at least one layer"), place="layers")
    return Chain(
        x, tuple(names), tuple(layers), tuple(shapes), one_d=one_d, exact=bool(exact.on), **about
    )


def _names(layer: Layer, names: tuple[str, ...]) -> tuple[str, ...]:
    if isinstance(layer, Conv):
        return tuple(f.name for f in layer.task.filters)
    if isinstance(layer, Transpose):
        return tuple(f.name for f in layer.filters)
    return names


# --- --then ------------------------------------------------------------------------------------

#: ``--then maxpool:2``: the first value without a key is this one.
FIRST_VALUE = {"maxpool": "size", "avgpool": "size", "leaky_relu": "slope"}


def _option_value(text: str) -> Any:
    """``2`` → 2, ``0.1`` → 0.1, ``true`` → True, ``2x3`` → [2, 3] (rows, cols), ``1/10``
    stays text (a fraction, read as one later)."""
    lowered = text.strip().lower()
    if "x" in lowered and all(part.strip().isdigit() for part in lowered.split("x")):
        return [int(part) for part in lowered.split("x")]
    if lowered in ("true", "false"):
        return lowered == "true"
    try:
        return int(lowered)
    except ValueError:
        pass
    try:
        return float(lowered)
    except ValueError:
        return text.strip()


def then_layer(text: str) -> dict[str, Any]:
    """``relu``, ``leaky_relu:0.2``, ``maxpool:2`` (size 2, stride 2), ``maxpool:3,stride=2``,
    ``maxpool:2x3`` (rows × cols), ``avgpool:2,ceil_mode`` → the layer object a task file would
    hold."""
    kind, _sep, rest = text.partition(":")
    place = f"--then {text}"
    try:
        layer: dict[str, Any] = {"type": layer_type({"type": kind}, place)}
    except InputError as error:
        error.place = place
        raise
    for n, part in enumerate(p for p in rest.split(",") if p.strip()):
        key, equals, value = part.partition("=")
        if not equals:
            if n == 0 and kind.strip().lower() in FIRST_VALUE:
                layer[FIRST_VALUE[kind.strip().lower()]] = _option_value(key)
                continue
            if key.strip() in ("ceil_mode", "count_include_pad"):
                layer[key.strip()] = True
                continue
            raise InputError(_("{part!r} is not KEY=VALUE").format(part=part), place=place)
        layer[key.strip()] = _option_value(value)
    if kind.strip().lower() in ("conv", "conv_transpose"):
        raise InputError(
            _('a convolution needs its filters: write it in the task\'s "layers"'), place=place
        )
    return layer


# --- a task document with layers ---------------------------------------------------------------


def _chain_items(data: Mapping[str, Any]) -> list[tuple[Any, str]]:
    """The layer objects of a ``"layers"`` document, each with its place."""
    refuse_conv_keys(data)
    refuse_unknown(data, CHAIN_KEYS, None)
    items = data["layers"]
    if not isinstance(items, list | tuple):
        raise InputError(
            _("expected a list of layers, got {value}").format(value=describe(items)),
            place="layers",
        )
    if not items:
        raise InputError(_("is empty; give at least one layer"), place="layers")
    return [(item, f"layers[{i}]") for i, item in enumerate(items)]


def refuse_conv_keys(data: Mapping[str, Any]) -> None:
    """A convolution's keys beside ``"layers"`` belong in a layer of its own."""
    for key in LAYER_KEYS["conv"][1:]:
        if key in data:
            raise InputError(
                _(
                    '{key!r} beside "layers": write the convolution as a layer, '
                    '{{"type": "conv", "filters": …, …}}'
                ).format(key=key),
                place=key,
            )


def model_from_data(
    data: Any,
    *,
    source: str | None = None,
    overrides: Mapping[str, Any] | None = None,
    places: Mapping[str, str] | None = None,
    then: Sequence[str] = (),
    exact: bool = False,
):
    """A :class:`~convtrace.task.Task` for a single convolution, a
    :class:`~convtrace.layers.Chain` for a document with ``"layers"`` or with ``then`` (the
    ``--then`` layers appended to the task's convolution)."""
    if not (isinstance(data, Mapping) and ("layers" in data or then)):
        return task_from_data(data, source=source, overrides=overrides, places=places, exact=exact)
    keep = Exactness(exact)
    try:
        extra = [(then_layer(text), f"--then {text}") for text in then]
        about = {key: data[key] for key in ("title", "description") if key in data}
        for key, value in about.items():
            if not isinstance(value, str):
                raise InputError(
                    _("expected a text, got {value}").format(value=describe(value)), place=key
                )
        first = None
        if "layers" in data:
            given = {k: v for k, v in (overrides or {}).items() if v is not None}
            if given:
                option = (places or {}).get(next(iter(given)), next(iter(given)))
                raise InputError(
                    _("the task has layers: set this in its conv layer instead"), place=option
                )
            if "input" not in data:
                raise InputError(_('has no "input" (the input volume)'))
            items = [*_chain_items(data), *extra]
            x, names, one_d = parse_volume(data["input"], "input")
            x = keep.volume(x)
        else:
            task = task_from_data(data, overrides=overrides, places=places, exact=exact)
            x, names, one_d, items, first = (
                task.x,
                task.channel_names,
                task.one_d,
                extra,
                Conv(task),
            )
        chain = build_chain(
            x, names, items, one_d=one_d, exact=keep, first=first, source=source, **about
        )
        upstream = first.task.upstream if first is not None else upstream_of(data, keep)
        return dataclasses.replace(chain, upstream=upstream)
    except InputError as error:
        if source:
            error.within(source)
        raise

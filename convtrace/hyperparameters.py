"""The hyperparameters as written (stride, padding, dilation, groups, flip): parsed and checked.

They arrive from a JSON file, a command-line option or a Python call; each parser takes the
``place`` to name in its error (``stride``, ``--padding``). Whether they fit the shapes is
:func:`convtrace.task.build_task`'s business.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from .errors import InputError, describe
from .language import _, pgettext

PADDING_MODES = ("zeros", "reflect", "replicate", "circular")
PADDING_RULES = ("valid", "same")

#: The largest stride or dilation: no input that can be traced is longer along an axis (it
#: would hold more than ``task.MAX_INPUT_VALUES``, 2²⁴ values), so a larger one means nothing
#: more, and could overflow the 64-bit positions numpy computes with.
MAX_STEP = 1 << 24
#: Beyond this no whole number is worth a sentence: a float is no longer exact, and a padding
#: or a group count that large is a slip of the keyboard.
_HUGE = 1 << 53


def split_option(value: Any, place: str = "--") -> Any:
    """``"2,1"`` (as typed on a command line) → ``[2, 1]``; other values pass unchanged.

    Only an option (``place`` starting with ``--``) may be text: in a JSON file ``"2"`` is a
    string where a number belongs, refused rather than guessed.
    """
    if isinstance(value, str) and value.strip().lower() not in PADDING_RULES + PADDING_MODES:
        if not place.startswith("--"):
            raise InputError(
                _("expected a number, got {value}; write numbers without quotes").format(
                    value=describe(value)
                ),
                place=place,
            )
        parts = [p.strip() for p in value.replace(";", ",").split(",")]
        try:
            numbers = [int(p) for p in parts]
        except ValueError:
            said = _("{value!r} is not a whole number or a comma-separated list")
            raise InputError(said.format(value=value)) from None
        return numbers[0] if len(numbers) == 1 else numbers
    return value


def whole_number(value: Any, place: str, minimum: int, maximum: int | None = None) -> int:
    """A whole number from ``minimum`` (to ``maximum``); ``2.0`` counts, ``true`` does not.

    Numbers of 2⁵³ and more are refused as they were written (``1e+308``), not as the
    309-digit integer they stand for.
    """
    given = value
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        else:
            said = _("expected a whole number, got {value}").format(value=describe(value))
            raise InputError(said, place=place)
    if value < minimum:
        shown = value if value > -_HUGE else describe(given)
        said = _("must be {minimum} or more, got {value}")
        raise InputError(said.format(minimum=minimum, value=shown), place=place)
    if maximum is not None and value > maximum:
        raise InputError(
            _("must be at most {maximum} (no input is longer), got {value}").format(
                maximum=f"{maximum:,}", value=describe(given)
            ),
            place=place,
        )
    if value >= _HUGE:
        said = _("{value} is far too large").format(value=describe(given))
        raise InputError(said, place=place)
    return int(value)


def parse_pair(value: Any, place: str, minimum: int, one_d: bool = False) -> tuple[int, int]:
    """An int for both axes or ``[rows, cols]`` (stride, dilation), each at most
    :data:`MAX_STEP`."""
    try:
        value = split_option(value, place)
    except InputError as error:
        error.place = place
        raise
    if isinstance(value, Sequence) and not isinstance(value, str):
        items = list(value)
        if one_d and len(items) == 1:
            return (1, whole_number(items[0], f"{place}[0]", minimum, MAX_STEP))
        if len(items) != 2 or one_d:
            if one_d:
                said = _("expected one number for a 1-D signal, got {count}")
            else:
                said = _("expected one number or two, [rows, cols], got {count}")
            raise InputError(said.format(count=len(items)), place=place)
        return (
            whole_number(items[0], f"{place}[0]", minimum, MAX_STEP),
            whole_number(items[1], f"{place}[1]", minimum, MAX_STEP),
        )
    number = whole_number(value, place, minimum, MAX_STEP)
    return (1, number) if one_d else (number, number)


def parse_padding(value: Any, place: str, one_d: bool = False) -> tuple[int, int, int, int] | str:
    """Padding as (top, bottom, left, right), or the rule ``"same"`` / ``"valid"``."""
    if isinstance(value, str) and value.strip().lower() in PADDING_RULES:
        return value.strip().lower()
    if isinstance(value, str) and not any(ch.isdigit() for ch in value):
        raise InputError(
            _("{value!r} is not a padding; use a number, a list, 'same' or 'valid'").format(
                value=value
            ),
            place=place,
        )
    try:
        value = split_option(value, place)
    except InputError as error:
        error.place = place
        raise
    if isinstance(value, Sequence) and not isinstance(value, str):
        return _padding_list(
            [whole_number(v, f"{place}[{i}]", 0) for i, v in enumerate(value)], place, one_d
        )
    p = whole_number(value, place, 0)
    return (0, 0, p, p) if one_d else (p, p, p, p)


def _padding_list(n: list[int], place: str, one_d: bool) -> tuple[int, int, int, int]:
    if one_d:
        if len(n) == 1:
            return (0, 0, n[0], n[0])
        if len(n) == 2:
            return (0, 0, n[0], n[1])
        raise InputError(
            _("a 1-D signal takes one number or [left, right], got {count}").format(count=len(n)),
            place=place,
        )
    if len(n) == 2:
        return (n[0], n[0], n[1], n[1])
    if len(n) == 4:
        return (n[0], n[1], n[2], n[3])
    raise InputError(
        _("expected one number, [rows, cols] or [top, bottom, left, right], got {count}").format(
            count=len(n)
        ),
        place=place,
    )


def parse_padding_mode(value: Any, place: str) -> str:
    """One of :data:`PADDING_MODES`, in any case and with stray spaces."""
    if not isinstance(value, str) or value.strip().lower() not in PADDING_MODES:
        raise InputError(
            _("expected one of {modes}, got {value}").format(
                modes=", ".join(PADDING_MODES),
                value=repr(value) if isinstance(value, str) else describe(value),
            ),
            place=place,
        )
    return value.strip().lower()


def parse_flag(value: Any, place: str) -> bool:
    """``true`` or ``false``, nothing that merely looks like one (``1``, ``"yes"``)."""
    if not isinstance(value, bool):
        said = _("expected true or false, got {value}").format(value=describe(value))
        raise InputError(said, place=place)
    return value


def same_padding(size: int, kernel: int, stride: int, dilation: int) -> tuple[int, int]:
    """TensorFlow's "same": output ⌈size/stride⌉, the odd extra row/column at the end."""
    out = math.ceil(size / stride)
    total = max((out - 1) * stride + dilation * (kernel - 1) + 1 - size, 0)
    return total // 2, total - total // 2


def check_padding_mode(
    mode: str,
    pads: tuple[int, int, int, int],
    h: int,
    w: int,
    place: str,
    rule: str | None = None,
    one_d: bool = False,
):
    """PyTorch's limits: reflect padding < the input size, circular padding ≤ it (one wrap)."""
    if mode not in ("reflect", "circular"):
        return
    top, bottom, left, right = pads
    sides = [("left", left, w), ("right", right, w)]
    if not one_d:
        sides = [("top", top, h), ("bottom", bottom, h), *sides]
    side_words = {
        "left": pgettext("padding side", "left"),
        "right": pgettext("padding side", "right"),
        "top": pgettext("padding side", "top"),
        "bottom": pgettext("padding side", "bottom"),
    }
    for side, pad, size in sides:
        if one_d:
            what = pgettext("padding axis", "samples")
        elif side in ("top", "bottom"):
            what = pgettext("padding axis", "rows")
        else:
            what = pgettext("padding axis", "columns")
        too_much = pad >= size if mode == "reflect" else pad > size
        if not pad or not too_much:
            continue
        if rule and mode == "reflect":
            message = _(
                '"same" needs padding {pad} on the {side} here, but reflect padding must be '
                "smaller than the input's {size} {what} (PyTorch refuses it too); use replicate "
                "or zero padding, or a smaller kernel or dilation"
            )
        elif rule:
            message = _(
                '"same" needs padding {pad} on the {side} here, but circular padding can wrap '
                "around the input's {size} {what} only once (PyTorch refuses it too); use "
                "replicate or zero padding, or a smaller kernel or dilation"
            )
        elif mode == "reflect":
            message = _(
                "reflect padding of {pad} on the {side} is too much: reflect padding must be "
                "smaller than the input's {size} {what} (PyTorch refuses it too); use less "
                "padding, or replicate or zero padding"
            )
        else:
            message = _(
                "circular padding of {pad} on the {side} is too much: circular padding can wrap "
                "around the input's {size} {what} only once (PyTorch refuses it too); use less "
                "padding, or replicate or zero padding"
            )
        said = message.format(pad=pad, side=side_words[side], size=size, what=what)
        raise InputError(said, place=place)

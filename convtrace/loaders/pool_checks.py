"""Whether a pooling window fits its padded input, and reads more than padding."""

from __future__ import annotations

from typing import Any

from ..errors import InputError
from ..language import _


def check_pool_fits(pool: Any, shape: Any, place: str) -> None:
    for axis in pool.axes(shape):
        if axis.numerator < 0 or axis.out < 1:
            said = {
                "H": _(
                    "the window spans {span} rows, larger than its padded input's {padded} "
                    "({size} + 2·{padding}); use a smaller window or more padding"
                ),
                "W": _(
                    "the window spans {span} columns, larger than its padded input's {padded} "
                    "({size} + 2·{padding}); use a smaller window or more padding"
                ),
                "L": _(
                    "the window spans {span} samples, larger than its padded input's {padded} "
                    "({size} + 2·{padding}); use a smaller window or more padding"
                ),
            }[axis.name]
            padded = axis.size + 2 * axis.padding
            raise InputError(
                said.format(span=axis.span, padded=padded, size=axis.size, padding=axis.padding),
                place=f"{place}.size",
            )
        if axis.blind:
            said = {
                "H": _(
                    "the window of output row {index} reads padding only (dilation "
                    "{dilation} steps over the input), so its maximum would be −∞; use less "
                    "padding or dilation"
                ),
                "W": _(
                    "the window of output column {index} reads padding only (dilation "
                    "{dilation} steps over the input), so its maximum would be −∞; use less "
                    "padding or dilation"
                ),
                "L": _(
                    "the window of output position {index} reads padding only (dilation "
                    "{dilation} steps over the input), so its maximum would be −∞; use less "
                    "padding or dilation"
                ),
            }[axis.name]
            raise InputError(
                said.format(index=axis.blind[0], dilation=axis.dilation),
                place=f"{place}.dilation",
            )

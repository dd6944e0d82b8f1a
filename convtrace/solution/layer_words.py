"""What a worked solution says about layers other than one convolution, in every notation.

The headings (``Layer 2: ReLU``), the hyperparameters of pooling, activations and transposed
convolutions as :class:`~.words.Fact` items, their size formulas with the numbers put in, and the
sentences around them. As in :mod:`.words`, renderers add syntax only.
"""

from __future__ import annotations

from ..language import N_, _, ngettext
from ..layers import LAYER_NAMES, Activation, Chain, Conv, Layer, Pool, PoolAxis, Transpose
from ..numbers import Notation
from .words import Fact, ordinal, volume_shape

#: The layers' names as a worked solution says them (``layers.LAYER_NAMES`` stays the key).
LAYER_WORDS = {
    "maxpool": N_("max pooling"),
    "avgpool": N_("average pooling"),
}


def pool_padding(kind: str, n: Notation) -> tuple[str, str]:
    """What a pooling pads with, and what that means for its cells."""
    if kind == "maxpool":
        inf = f"{n.minus}{n.infinity}"
        return (
            _("{inf} padding").format(inf=inf),
            _("{inf} around the input: a maximum never picks it").format(inf=inf),
        )
    return _("zero padding"), _("zeros around the input")


WEIGHT_LAYOUT = N_(
    "PyTorch's conv_transpose2d takes the weights as one array C_in × C_out/groups × F × F: "
    "weight[c, k] is the kernel filter k has for input channel c"
)

BOTH_VIEWS = N_(
    "The scatter view and the direct view give the same numbers: the direct view's "
    "convolution is the scatter written the other way round."
)


def output_name(index: int | None) -> str:
    """``o`` for a single convolution, ``o2`` for layer 2's output in a chain."""
    return "o" if index is None else f"o{index}"


def layer_label(index: int | None, c: int, i: int, j: int, one_d: bool = False) -> str:
    """``o2[0, 1, 1]``: a cell of layer 2's output (channel, row, col)."""
    name = output_name(index)
    return f"{name}[{c}, {j}]" if one_d else f"{name}[{c}, {i}, {j}]"


def layer_title(layer: Layer, n: Notation) -> str:
    """``convolution``, ``ReLU``, ``max pooling 2×2, stride 2``, ``leaky ReLU (slope 0.1)``."""
    if isinstance(layer, Conv):
        return _("convolution")
    if isinstance(layer, Transpose):
        return _("transposed convolution")
    if isinstance(layer, Pool):
        size = n.number(layer.size[1]) if layer.one_d else _pair(layer.size, n)
        stride = n.number(layer.stride[1]) if layer.one_d else _pair(layer.stride, n, ",")
        name = _(LAYER_WORDS.get(layer.kind, LAYER_NAMES[layer.kind]))
        return _("{name} {size}, stride {stride}").format(name=name, size=size, stride=stride)
    if layer.kind == "leaky_relu":
        return _("leaky ReLU (slope {slope})").format(slope=n.number(layer.slope))
    return "ReLU"


def _pair(pair: tuple[int, int], n: Notation, sep: str | None = None) -> str:
    if pair[0] == pair[1]:
        return n.shape(*pair) if sep is None else n.number(pair[0])
    return n.shape(*pair) if sep is None else f"{pair[0]}{sep}{pair[1]}"


def layer_heading(index: int, layer: Layer, n: Notation) -> str:
    return _("Layer {index}: {title}").format(index=index, title=layer_title(layer, n))


def chain_summary(chain: Chain, n: Notation) -> tuple[str, str]:
    """(``convolution → ReLU → max pooling 2×2, stride 2``, ``5×5×3 → 3×3×1 → …``)."""
    kinds = f" {n.arrow} ".join(layer_title(layer, n) for layer in chain.layers)
    shapes = f" {n.arrow} ".join(volume_shape(n, w, h, c, chain.one_d) for c, h, w in chain.shapes)
    return kinds, shapes


def input_sentence(index: int, shape: tuple[int, int, int], n: Notation, one_d: bool) -> str:
    """``The input is layer 1's output o1 (3×3×1).``"""
    c, h, w = shape
    previous = index - 1
    return _("The input is layer {previous}'s output {name} ({shape}).").format(
        previous=previous, name=output_name(previous), shape=volume_shape(n, w, h, c, one_d)
    )


# --- pooling ---------------------------------------------------------------------------------


def pool_facts(layer: Pool, axes: tuple[PoolAxis, PoolAxis], n: Notation) -> list[Fact]:
    cols = axes[1]
    same = layer.one_d or layer.size[0] == layer.size[1]
    items = [
        Fact(
            _("window"),
            f"F = {n.number(cols.kernel)}" if same else f"F = {n.shape(*layer.size)}",
            "" if same else _("rows by columns"),
        )
    ]
    one = layer.one_d or layer.stride[0] == layer.stride[1]
    items.append(
        Fact(
            _("stride"),
            f"s = {n.number(cols.stride)}" if one else f"s = {layer.stride[0]}, {layer.stride[1]}",
        )
    )
    if any(layer.padding):
        name, meaning = pool_padding(layer.kind, n)
        p = layer.padding
        sides = f"P = {p[1]}" if layer.one_d or p[0] == p[1] else f"P = {p[0]}, {p[1]}"
        items.append(Fact(name, sides, meaning))
    if layer.kind == "maxpool" and layer.dilation != (1, 1):
        d = layer.dilation
        items.append(
            Fact(
                _("dilation"),
                f"d = {d[1]}" if layer.one_d or d[0] == d[1] else f"d = {d[0]}, {d[1]}",
            )
        )
    if layer.ceil_mode:
        items.append(
            Fact(
                _(
                    "ceil mode: the size formula rounds up, so a last window may reach past the "
                    "input"
                ),
                short=_("ceil mode"),
            )
        )
    if layer.kind == "avgpool" and any(layer.padding):
        if layer.count_include_pad:
            long = _("padding counted in the divisor (count_include_pad true)")
            short = _("padding counted in the divisor")
        else:
            long = _("padding not counted in the divisor (count_include_pad false)")
            short = _("padding not counted in the divisor")
        items.append(Fact(long, short=short))
    return items


def _rounded(text: str, axis: PoolAxis, n: Notation) -> str:
    if axis.numerator % axis.stride == 0:
        return text
    return n.ceiled(text) if axis.ceil else n.floored(text)


def pool_size_formula(axis: PoolAxis, n: Notation) -> tuple[str, str]:
    """``H₂ = (H₁ + 2P − F)/s + 1`` with the numbers; ⌊ ⌋ (⌈ ⌉ in ceil mode) where needed."""
    m, t, num = n.minus, n.times, n.number
    h1, h2 = n.sub(axis.name, 1), n.sub(axis.name, 2)
    if axis.dilation == 1:
        inner = f"({h1} + 2P {m} F)/s"
        put = f"({num(axis.size)} + 2{t}{num(axis.padding)} {m} {num(axis.kernel)})"
    else:
        inner = f"({h1} + 2P {m} d{t}(F {m} 1) {m} 1)/s"
        put = (
            f"({num(axis.size)} + 2{t}{num(axis.padding)} {m} {num(axis.dilation)}{t}"
            f"({num(axis.kernel)} {m} 1) {m} 1)"
        )
    symbols = f"{h2} = {_rounded(inner, axis, n)} + 1"
    numbers = (
        f"{_rounded(f'{put}/{num(axis.stride)}', axis, n)} + 1 = "
        f"{_rounded(f'{num(axis.numerator)}/{num(axis.stride)}', axis, n)} + 1 = "
        f"{num(axis.rounded + 1)}"
    )
    if axis.dropped:
        numbers += f", {m} 1 = {num(axis.out)}"
    return symbols, numbers


def pool_size_lines(axes: tuple[PoolAxis, PoolAxis], n: Notation, one_d: bool) -> list:
    rows, cols = axes
    if one_d:
        return [pool_size_formula(cols, n)]
    keys = ("size", "kernel", "stride", "padding", "dilation")
    if all(getattr(rows, k) == getattr(cols, k) for k in keys):
        symbols, numbers = pool_size_formula(rows, n)
        h2 = n.sub("H", 2)
        return [(symbols.replace(f"{h2} =", f"{h2} = {n.sub('W', 2)} =", 1), numbers)]
    return [pool_size_formula(rows, n), pool_size_formula(cols, n)]


def dropped_note(axis: PoolAxis) -> str | None:
    """Ceil mode's dropped window, in words."""
    if not axis.dropped:
        return None
    return _(DROPPED[axis.name])


DROPPED = {
    "H": N_(
        "ceil mode would add one more output row, but its window would start in the padding, "
        "so PyTorch drops it"
    ),
    "W": N_(
        "ceil mode would add one more output column, but its window would start in the "
        "padding, so PyTorch drops it"
    ),
    "L": N_(
        "ceil mode would add one more output position, but its window would start in the "
        "padding, so PyTorch drops it"
    ),
}


def past_note(axes: tuple[PoolAxis, PoolAxis]) -> str | None:
    """Ceil mode's positions past the padded input, in words (they are drawn as padding)."""
    parts = []
    for axis in axes:
        if axis.extra:
            if axis.name == "H":
                text = ngettext(
                    "the last row at the bottom", "the last {n} rows at the bottom", axis.extra
                )
            elif axis.name == "W":
                text = ngettext(
                    "the last column at the right", "the last {n} columns at the right", axis.extra
                )
            else:
                text = ngettext(
                    "the last position at the right",
                    "the last {n} positions at the right",
                    axis.extra,
                )
            parts.append(text.format(n=axis.extra))
    if not parts:
        return None
    return _(
        "Ceil mode: {parts} lie past the padded input; the last windows reach them, but they "
        "hold no value and are never counted."
    ).format(parts=_(" and ").join(parts))


def divisor_note(kind: str, counted: int, full: int, past: int, include: bool) -> str | None:
    """Why an average divides by less than the window's size (padding, ceil mode)."""
    if counted == full:
        return None
    parts = []
    if past:
        parts.append(_("{count} past the padded input (ceil mode)").format(count=past))
    if not include and full - past - counted:
        parts.append(
            _("{count} in the padding (count_include_pad false)").format(
                count=full - past - counted
            )
        )
    return _("divided by {counted}, not {full}: the window's {parts} are not counted").format(
        counted=counted, full=full, parts=_(" and ").join(parts)
    )


# --- activations -----------------------------------------------------------------------------


def activation_facts(layer: Activation, n: Notation) -> list[Fact]:
    name = "\\max" if n.tex else "max"
    if layer.kind == "relu":
        body = f"f(x) = {name}(0{n.list_separator}x)"
        return [Fact("ReLU", body, _("negative values become 0"))]
    slope = n.factor(layer.slope)
    at_least = "\\geq" if n.tex else ">=" if n.ascii else "≥"
    return [
        Fact(
            _("leaky ReLU"),
            _("f(x) = x for x {at_least} 0, {slope}{times}x below").format(
                at_least=at_least, slope=slope, times=n.times
            ),
            _("slope {slope}").format(slope=n.number(layer.slope)),
        )
    ]


def changed_note(layer: Activation, changed: int, total: int) -> str:
    if layer.kind == "relu":
        text = ngettext(
            "{changed} of {total} cell changed (the negative ones, set to 0)",
            "{changed} of {total} cells changed (the negative ones, set to 0)",
            total,
        )
    else:
        text = ngettext(
            "{changed} of {total} cell changed (the negative ones, multiplied by the slope)",
            "{changed} of {total} cells changed (the negative ones, multiplied by the slope)",
            total,
        )
    return text.format(changed=changed, total=total)


# --- transposed convolution ------------------------------------------------------------------


def transpose_facts(layer: Transpose, shape: tuple[int, int, int], n: Notation) -> list[Fact]:
    c, h, w = shape
    fh, fw = layer.kernel_size
    items = [
        Fact(_("input"), volume_shape(n, w, h, c, layer.one_d)),
        Fact(_("number of filters"), f"K = {len(layer.filters)}", _("output channels")),
        Fact(
            _("filter size"), f"F = {fw}" if layer.one_d or fh == fw else f"F = {n.shape(fh, fw)}"
        ),
    ]
    for name, symbol, pair in (
        (N_("stride"), "s", layer.stride),
        (N_("padding"), "P", layer.padding),
        (N_("output padding"), "output_padding", layer.output_padding),
        (N_("dilation"), "d", layer.dilation),
    ):
        if name in ("output padding", "dilation", "padding") and not any(
            v != (1 if name == "dilation" else 0) for v in pair
        ):
            continue
        value = f"{pair[1]}" if layer.one_d or pair[0] == pair[1] else f"{pair[0]}, {pair[1]}"
        items.append(Fact(_(name), f"{_symbol(symbol, n)} = {value}"))
    if layer.groups != 1:
        said = _("groups: {groups}").format(groups=layer.groups)
        items.append(Fact(said, short=f"groups = {layer.groups}"))
    return items


def _symbol(symbol: str, n: Notation) -> str:
    if symbol == "output_padding" and n.tex:
        return "\\mathit{output\\_padding}"
    return symbol


def transpose_size_formula(axis, n: Notation) -> tuple[str, str]:
    """H₂ = (H₁ − 1)·s − 2P + d·(F − 1) + output_padding + 1, with the numbers put in."""
    m, t, num = n.minus, n.times, n.number
    h1, h2 = n.sub(axis.name, 1), n.sub(axis.name, 2)
    op = _symbol("output_padding", n)
    symbols = f"{h2} = ({h1} {m} 1){t}s {m} 2P + d{t}(F {m} 1) + {op} + 1"
    numbers = (
        f"({num(axis.size)} {m} 1){t}{num(axis.stride)} {m} 2{t}{num(axis.padding)} + "
        f"{num(axis.dilation)}{t}({num(axis.kernel)} {m} 1) + {num(axis.output_padding)} + 1"
        f" = {num(axis.out)}"
    )
    return symbols, numbers


def transpose_size_lines(axes, n: Notation, one_d: bool) -> list:
    rows, cols = axes
    if one_d:
        return [transpose_size_formula(cols, n)]
    keys = ("size", "kernel", "stride", "padding", "output_padding", "dilation")
    if all(getattr(rows, k) == getattr(cols, k) for k in keys):
        symbols, numbers = transpose_size_formula(rows, n)
        h2 = n.sub("H", 2)
        return [(symbols.replace(f"{h2} =", f"{h2} = {n.sub('W', 2)} =", 1), numbers)]
    return [transpose_size_formula(rows, n), transpose_size_formula(cols, n)]


def weight_layout(layer: Transpose, channels: int, names, n: Notation) -> str:
    """How the filters map onto PyTorch's weight, with this layer's sizes."""
    fh, fw = layer.kernel_size
    per_out = len(layer.filters) // layer.groups
    shape = n.shape(channels, per_out, fw) if layer.one_d else n.shape(channels, per_out, fh, fw)
    first = layer.filters[0]
    here = _("here {shape}, and weight[0, 0] is {name}'s kernel for {channel}.").format(
        shape=shape, name=first.name, channel=names[0]
    )
    return f"{_(WEIGHT_LAYOUT)}; {here}"


def direct_sentences(layer: Transpose, axes, n: Notation) -> list[str]:
    """How the direct view's convolution is made from the layer, with its numbers."""
    rows, cols = axes
    s = layer.stride[1] if layer.one_d or layer.stride[0] == layer.stride[1] else layer.stride
    if isinstance(s, int):
        text = ngettext(
            "Direct view: insert {zeros} zero between neighbouring input values "
            "(s {minus} 1 for s = {s}),",
            "Direct view: insert {zeros} zeros between neighbouring input values "
            "(s {minus} 1 for s = {s}),",
            s - 1,
        )
        zeros = f"{s - 1}"
    else:
        text = _(
            "Direct view: insert {zeros} zeros between neighbouring input values "
            "(s {minus} 1 for s = {s}),"
        )
        zeros = _("{rows} (rows) and {cols} (columns)").format(rows=s[0] - 1, cols=s[1] - 1)
    lines = [text.format(zeros=zeros, minus=n.minus, s=s)]
    pads = []
    for axis in (cols,) if layer.one_d else (rows, cols):
        before, after = axis.direct_padding
        what = {"H": _("rows"), "W": _("columns"), "L": _("positions")}[axis.name]
        formula = (
            f"d{n.times}(F {n.minus} 1) {n.minus} P = {axis.dilation}{n.times}"
            f"({axis.kernel} {n.minus} 1) {n.minus} {axis.padding}"
        )
        pads.append(
            _("{what}: {formula} = {before} before, {after} after").format(
                what=what, formula=formula, before=before, after=after
            )
        )
    lines.append(
        _("pad it with zeros ({pads}; a negative one crops),").format(pads="; ".join(pads))
    )
    if max(layer.dilation) > 1:
        last = _(
            "and slide every kernel rotated by 180{degree} over it with stride 1 and dilation "
            "{d}: an ordinary convolution."
        )
    else:
        last = _(
            "and slide every kernel rotated by 180{degree} over it with stride 1: an ordinary "
            "convolution."
        )
    lines.append(last.format(degree=n.degree, d=layer.dilation[1]))
    return lines


def scatter_sentence(layer: Transpose, n: Notation) -> str:
    s = layer.stride[1]
    text = _(
        "Scatter view: each input value times the kernel is added into the output, its "
        "top-left corner at row {row}, column {col} (s = {s}); rows and columns beyond the "
        "output (the padding P) are cropped. The running output follows each step."
    ).format(row=f"i{n.times}s {n.minus} P", col=f"j{n.times}s {n.minus} P", s=s)
    if max(layer.dilation) > 1:
        nth = ordinal(layer.dilation[1])
        text += " " + _("Every {nth} position (dilation).").format(nth=nth)
    return text

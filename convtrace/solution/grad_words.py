"""What the backward pass's worked solution says: every sentence of it, each written whole.

Each sentence is one string with named places (``{degree}``, ``{name}``), so that a translation
can reorder it; nothing is glued from fragments. Symbols (∂, G, x) depend on the notation:
ASCII writes ``dL/dW``, TeX ``\\partial L/\\partial W``.
"""

from __future__ import annotations

from ..language import N_, _, decimal_comma, ngettext, pgettext
from ..numbers import UNICODE, Notation

__all__ = ["UNICODE", "listed", "say", "symbols"]

# Every sentence is marked with N_ where it is defined and translated by :func:`say` (or ``_``)
# where it is shown; the formulas (∂L/∂W, X_col, C·vec(X)) are the same in every language and
# are not marked.

TITLE = N_("Backward pass: {title}")
LOSS_GIVEN = N_(
    "L = {sum} G {odot} o, where G = {partial}L/{partial}o is the upstream gradient given: "
    "every gradient below is the sum of G's values times what they multiply."
)
LOSS_ONES = N_(
    "No upstream gradient was given, so G = {partial}L/{partial}o is all ones and "
    "L = {sum} o, the sum of the output."
)
FORWARD = N_("Forward pass")
UPSTREAM = N_("Upstream gradient G = {partial}L/{partial}o")
BIAS_HEADING = N_("Gradient of the biases")
BIAS_SENTENCE = N_(
    "Each bias is added to every cell of its filter's output, so its gradient is the sum of "
    "that filter's G."
)
WEIGHTS_HEADING = N_("Gradient of the weights")
WEIGHTS_SENTENCE = N_(
    "{partial}L/{partial}W[k, c] is the padded input channel c correlated with G_k: each weight "
    "meets every input value it multiplied in the forward pass, one per output cell, so its "
    "window is spread by the stride ({stride}) and starts where the weight sat in the window "
    "(the dilation, {dilation}, apart)."
)
WEIGHTS_FLIP = N_(
    "flip: the kernels slid rotated by 180{degree}, so each weight's gradient is that of the "
    "position it slid in."
)
WEIGHTS_RESULT = "{partial}L/{partial}W"
INPUT_HEADING = N_("Gradient of the input")
INPUT_SENTENCE = N_(
    "{partial}L/{partial}x is the transposed convolution of G: G with {zeros} zeros inserted "
    "between its values (the stride), padded by d{times}(F {minus} 1), convolved with each "
    "kernel rotated by 180{degree}, then cropped by the forward padding. The numbers are those "
    "of the scatter view, where each G value adds itself times the kernel into the input's "
    "gradient."
)
INPUT_SENTENCE_STRIDE_1 = N_(
    "{partial}L/{partial}x is the transposed convolution of G: G (stride 1, so no zeros to "
    "insert) padded by d{times}(F {minus} 1), convolved with each kernel rotated by "
    "180{degree}, then cropped by the forward padding. The numbers are those of the scatter "
    "view, where each G value adds itself times the kernel into the input's gradient."
)
INPUT_FOLDED = N_(
    "The padding copied input values ({mode}), so the convolution gives the gradient of the "
    "whole padded input, {partial}L/{partial}x_pad; each padded value's gradient then goes back "
    "to the input cell it copied."
)
INPUT_KERNELS = N_("Kernels rotated by 180{degree}")
INPUT_PICTURE = N_("G zero-inserted and padded")
FOLD_HEADING = N_("Gradients sent back by the padding")
FOLD_LINE = N_("the sum of {partial}L/{partial}x_pad at {sources}")

INPUT_RESULT = "{partial}L/{partial}x"
BIAS_RESULT = "{partial}L/{partial}b = [{values}]"
RESULTS = N_("Gradients")
BIAS_LINE_CAPTION = N_("the sum of G")
TOTAL_CAPTION = N_("the sums over G's channels")


def symbols(n: Notation) -> dict[str, str]:
    """The symbols the sentences name: ∂, Σ, ⊙ (``d``, ``sum``, ``*`` in ASCII)."""
    if n.tex:
        return {"partial": "\\partial ", "sum": "\\sum", "odot": "\\odot"}
    if n.ascii:
        return {"partial": "d", "sum": "sum", "odot": "*"}
    return {"partial": "\u2202", "sum": "\u03a3", "odot": "\u2299"}


def say(sentence: str, n: Notation, **places: object) -> str:
    """``sentence`` in the chosen language, its places filled, the notation's symbols among
    them (a formula, which no catalog has, comes back as it is)."""
    transposed = "^T" if n.ascii or n.tex else "\u1d40"
    return _(sentence).format(
        **symbols(n),
        degree=n.degree,
        times=n.times,
        minus=n.minus,
        transposed=transposed,
        **places,
    )


def listed(texts) -> str:
    """``1, 2, 3``; ``0,5; 1,5`` where numbers are written with a decimal comma."""
    return ("; " if decimal_comma() else ", ").join(texts)


def bias_label(k: int, n: Notation) -> str:
    return say("{partial}L/{partial}b[{k}]", n, k=k)


def weight_label(k: int, m: int, u: int, v: int, n: Notation, one_d: bool) -> str:
    if one_d:
        return say("{partial}L/{partial}W[{k}, {m}, {v}]", n, k=k, m=m, v=v)
    return say("{partial}L/{partial}W[{k}, {m}, {u}, {v}]", n, k=k, m=m, u=u, v=v)


def input_label(c: int, i: int, j: int, n: Notation, one_d: bool, padded: bool = False) -> str:
    name = "x_pad" if padded else "x"
    if one_d:
        return say("{partial}L/{partial}{name}[{c}, {j}]", n, name=name, c=c, j=j)
    return say("{partial}L/{partial}{name}[{c}, {i}, {j}]", n, name=name, c=c, i=i, j=j)


def weight_title(filter_name: str, channel: str, u: int, v: int, n: Notation, one_d: bool) -> str:
    places = {"filter": filter_name, "channel": channel, "u": u, "v": v, "sep": n.separator}
    if one_d:
        return _("filter {filter}{sep}channel {channel}{sep}tap {v}").format(**places)
    return _("filter {filter}{sep}channel {channel}{sep}row {u}{sep}col {v}").format(**places)


def input_title(channel: str, i: int, j: int, n: Notation, one_d: bool) -> str:
    places = {"channel": channel, "i": i, "j": j, "sep": n.separator}
    if one_d:
        return _("channel {channel}{sep}position {j}").format(**places)
    return _("channel {channel}{sep}row {i}{sep}col {j}").format(**places)


def bias_title(filter_name: str) -> str:
    return _("filter {filter}").format(filter=filter_name)


#: The phrases of :func:`window_words`, by axis: one position, a span, a span with a step.
SPANS = {
    "row": (
        N_("row {first}"),
        N_("rows {first}{dash}{last}"),
        N_("rows {first}{dash}{last} (every {step})"),
    ),
    "col": (
        N_("col {first}"),
        N_("cols {first}{dash}{last}"),
        N_("cols {first}{dash}{last} (every {step})"),
    ),
    "position": (
        N_("position {first}"),
        N_("positions {first}{dash}{last}"),
        N_("positions {first}{dash}{last} (every {step})"),
    ),
}


def window_words(rows: range, cols: range, n: Notation, one_d: bool) -> str:
    """``padded rows 0–4, cols 1–5 (every 2)``: where a gradient's window is."""

    def span(axis: str, positions: range) -> str:
        one, many, stepped = SPANS[axis]
        form = one if len(positions) == 1 else (stepped if positions.step > 1 else many)
        return _(form).format(
            first=positions[0], last=positions[-1], step=positions.step, dash=n.dash
        )

    if one_d:
        return _("padded {positions}").format(positions=span("position", cols))
    return _("padded {rows}, {cols}").format(rows=span("row", rows), cols=span("col", cols))


def fold_sources(sources, n: Notation, one_d: bool) -> str:
    """``padded (0, 1), (0, 3)``: the padded positions that copied an input cell."""
    if one_d:
        return _("padded positions {positions}").format(
            positions=", ".join(str(q) for _row, q in sources)
        )
    positions = ", ".join(f"({r}, {q})" for r, q in sources)
    return pgettext("copies", "padded {positions}").format(positions=positions)


def fold_where(count: int) -> str:
    """How many padded copies an input value's gradient adds up."""
    return ngettext(
        "The input value was copied to {count} padded position; its gradient goes back to it.",
        "The input value was copied to {count} padded positions; their gradients add up.",
        count,
    ).format(count=count)


def route_mean(divisor: object, count: int) -> str:
    """Where average pooling spreads a G value."""
    return ngettext(
        "G/{divisor} to {count} input cell",
        "G/{divisor} to each of {count} input cells",
        count,
    ).format(divisor=divisor, count=count)


# --- through a chain ---------------------------------------------------------------------------

CHAIN_LOSS_ONES = N_(
    "No upstream gradient was given, so G is all ones and L is the sum of the chain's output; "
    "the gradient goes back layer by layer, from the last to the first."
)
CHAIN_LOSS_GIVEN = N_(
    "L = {sum} G {odot} o, G the upstream gradient given for the chain's output; the gradient "
    "goes back layer by layer, from the last to the first."
)
LAYER_BACK = N_("Layer {index} backward: {name}")
RELU_SENTENCE = N_(
    "ReLU passes G where its input was positive and stops it elsewhere (its slope there is 0)."
)
LEAKY_SENTENCE = N_(
    "Leaky ReLU passes G where its input was positive and multiplies it by the slope {slope} "
    "elsewhere."
)
MAXPOOL_SENTENCE = N_(
    "Max pooling routes each G value to its window's maximum (the first one, as PyTorch does); "
    "the other cells of the window get nothing from it."
)
AVGPOOL_SENTENCE = N_(
    "Average pooling spreads each G value over its window: every input cell of the window gets "
    "G divided by the window's divisor."
)
GRAD_OF = "{partial}L/{partial}{name}"
ROUTE_MAX = N_("to {target}, the maximum {value}")
ROUTE_RELU_PASS = N_("input {value} > 0: G passes")
ROUTE_RELU_STOP = N_("input {value} {le} 0: G is stopped")
ROUTE_LEAKY_STOP = N_("input {value} {le} 0: G times the slope")
CONV_BACK = N_("The convolution's gradients, with G the gradient of its output from layer {after}.")

# --- the convolution as a matrix product (--view matrix) ---------------------------------------

MATRIX_TITLE = N_("The convolution as a matrix product: {title}")
IM2COL_HEADING = "im2col: Y = W{times}X_col"
IM2COL_SENTENCE = N_(
    "Each window of the padded input is unrolled into a column of X_col, one column per output "
    "cell; each filter's kernels (as they slide) are unrolled into a row of W. Then "
    "Y = W{times}X_col + b, and each row of Y, read {shape}, is a filter's output map."
)
IM2COL_GROUP = N_("Group {group}: filters {filters}, channels {channels}")
IM2COL_COLUMNS = N_("Columns of X_col, left to right, are the windows of output cells {cells}.")
IM2COL_ROWS = N_("Rows of X_col (and columns of W) are the window's values in this order: {rows}.")
X_COL = "X_col"
W_ROWS = N_("W (rows: {names})")
Y_PRODUCT = "Y = W{times}X_col + b"
MATRIX_HEADING = N_("The convolution matrix C: Y = C{times}vec(X) + b")
MATRIX_SENTENCE = N_(
    "C has one row per output cell (o[k, i, j] in reading order) and one column per input "
    "cell (x[c, i, j] in reading order, vec(X)); a row holds the weight each input cell meets "
    "in that output cell's window, zeros elsewhere."
)
MATRIX_COPIES = N_(
    "The padding copies input values ({mode}), so where a window meets a copy, the weight is "
    "added to the column of the input cell it copied."
)
MATRIX_BIG = N_(
    "The convolution matrix C is shown for inputs of at most {limit} cells; this one has {cells}."
)
TRANSPOSED_SENTENCE = N_(
    "The transposed convolution is C{transposed}: C{transposed}{times}vec(G) is the input's "
    "gradient {partial}L/{partial}x, the same numbers as the traced transposed convolution."
)
WEIGHTS_PRODUCT_SENTENCE = N_(
    "The weights' gradient is a matrix product too: {partial}L/{partial}W (as rows) = "
    "G{times}X_col{transposed}, each row of G one filter's upstream gradient."
)
VEC_X = "vec(X)"
VEC_Y = "C{times}vec(X) + b"
VEC_G = "vec(G)"
C_MATRIX = "C"
C_TRANSPOSED = "C{transposed}"
GRAD_X_VEC = "C{transposed}{times}vec(G)"
GRAD_W_ROWS = "G{times}X_col{transposed}"

# --- checking a gradient (check --of grad-…) -----------------------------------------------------

SHAPES = {
    "grad-input": N_("channels × rows × cols, the input's shape"),
    "grad-weights": N_("filters × channels × rows × cols, the weights' shape"),
    "grad-bias": N_("one number per filter"),
}
CHECK_TITLE = N_("Checking {of} of {answer}: {right} of {cells} right")
CHECK_EXPECTED = N_("expected [{index}]")
CHECK_GIVEN = N_("given [{index}]")
CHECK_ALL_RIGHT = N_("Every cell is right.")
CHECK_DIAGNOSIS = N_("Diagnosis: {note}")
CHECK_NO_SLIP = N_(
    "no single slip of the backward pass explains the wrong cells; see their work below."
)
SLIPS = {
    "kernel_not_rotated": N_(
        "the kernels were not rotated by 180{degree}: the input's gradient convolves G with each "
        "kernel rotated, because the weight at (u, v) sent each output's G back to the input "
        "cell u, v rows and columns before it."
    ),
    "stride_zeros_left_out": N_(
        "the stride's zeros were left out: G must get s {minus} 1 zeros between its values "
        "before it is convolved with the rotated kernels (each output cell's window started s "
        "cells after the one before)."
    ),
    "upstream_forgotten": N_(
        "the upstream factor is missing: the gradient was computed as if G were all ones; "
        "every product takes its G value."
    ),
    "padding_forgotten": N_(
        "the forward padding was forgotten: each weight meets the padded input, its zeros (or "
        "copies) included."
    ),
}
NO_QUANTITY = {
    "grad-input": N_(
        "{of}: the task has no convolution as its first layer to check (its layers: {layers})"
    ),
    "grad-weights": N_("{of}: the task has no convolution weights to check (its layers: {layers})"),
    "grad-bias": N_("{of}: the task has no convolution biases to check (its layers: {layers})"),
}

# --- a gradient exercise (quiz --backward) -----------------------------------------------------

WORKSHEET_TITLE = N_("The backward pass: {title} (worksheet)")
WORKSHEET_TASK = N_(
    "Compute the gradients of L = {sum} G {odot} o for the upstream gradient G below: "
    "{partial}L/{partial}b, {partial}L/{partial}W and {partial}L/{partial}x, and write them in "
    "the blanks."
)
WORKSHEET_BIAS = N_("{partial}L/{partial}b: one number per filter, the sum of its G.")
ANSWERS = N_("Answers")

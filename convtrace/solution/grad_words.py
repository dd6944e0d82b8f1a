"""What the backward pass's worked solution says: every sentence of it, each written whole.

Each sentence is one string with named places (``{degree}``, ``{name}``), so that a translation
can reorder it; nothing is glued from fragments. Symbols (∂, G, x) depend on the notation:
ASCII writes ``dL/dW``, TeX ``\\partial L/\\partial W``.
"""

from __future__ import annotations

from ..numbers import UNICODE, Notation

__all__ = ["UNICODE", "say", "symbols"]

TITLE = "Backward pass: {title}"
LOSS_GIVEN = (
    "L = {sum} G {odot} o, where G = {partial}L/{partial}o is the upstream gradient given: "
    "every gradient below is the sum of G's values times what they multiply."
)
LOSS_ONES = (
    "No upstream gradient was given, so G = {partial}L/{partial}o is all ones and "
    "L = {sum} o, the sum of the output."
)
FORWARD = "Forward pass"
UPSTREAM = "Upstream gradient G = {partial}L/{partial}o"
BIAS_HEADING = "Gradient of the biases"
BIAS_SENTENCE = (
    "Each bias is added to every cell of its filter's output, so its gradient is the sum of "
    "that filter's G."
)
WEIGHTS_HEADING = "Gradient of the weights"
WEIGHTS_SENTENCE = (
    "{partial}L/{partial}W[k, c] is the padded input channel c correlated with G_k: each weight "
    "meets every input value it multiplied in the forward pass, one per output cell, so its "
    "window is spread by the stride ({stride}) and starts where the weight sat in the window "
    "(the dilation, {dilation}, apart)."
)
WEIGHTS_FLIP = (
    "flip: the kernels slid rotated by 180{degree}, so each weight's gradient is that of the "
    "position it slid in."
)
WEIGHTS_RESULT = "{partial}L/{partial}W"
INPUT_HEADING = "Gradient of the input"
INPUT_SENTENCE = (
    "{partial}L/{partial}x is the transposed convolution of G: G with {zeros} zeros inserted "
    "between its values (the stride), padded by d{times}(F {minus} 1), convolved with each "
    "kernel rotated by 180{degree}, then cropped by the forward padding. The numbers are those "
    "of the scatter view, where each G value adds itself times the kernel into the input's "
    "gradient."
)
INPUT_SENTENCE_STRIDE_1 = (
    "{partial}L/{partial}x is the transposed convolution of G: G (stride 1, so no zeros to "
    "insert) padded by d{times}(F {minus} 1), convolved with each kernel rotated by "
    "180{degree}, then cropped by the forward padding. The numbers are those of the scatter "
    "view, where each G value adds itself times the kernel into the input's gradient."
)
INPUT_FOLDED = (
    "The padding copied input values ({mode}), so the convolution gives the gradient of the "
    "whole padded input, {partial}L/{partial}x_pad; each padded value's gradient then goes back "
    "to the input cell it copied."
)
INPUT_KERNELS = "Kernels rotated by 180{degree}"
INPUT_PICTURE = "G zero-inserted and padded"
FOLD_HEADING = "Gradients sent back by the padding"
FOLD_LINE = "the sum of {partial}L/{partial}x_pad at {sources}"
FOLD_WHERE = "The input value was copied to {count} padded positions; their gradients add up."
INPUT_RESULT = "{partial}L/{partial}x"
BIAS_RESULT = "{partial}L/{partial}b = [{values}]"
RESULTS = "Gradients"
BIAS_LINE_CAPTION = "the sum of G"
TOTAL_CAPTION = "the sums over G's channels"


def symbols(n: Notation) -> dict[str, str]:
    """The symbols the sentences name: ∂, Σ, ⊙ (``d``, ``sum``, ``*`` in ASCII)."""
    if n.tex:
        return {"partial": "\\partial ", "sum": "\\sum", "odot": "\\odot"}
    if n.ascii:
        return {"partial": "d", "sum": "sum", "odot": "*"}
    return {"partial": "\u2202", "sum": "\u03a3", "odot": "\u2299"}


def say(sentence: str, n: Notation, **places: object) -> str:
    """``sentence`` with its places filled, the notation's symbols among them."""
    transposed = "^T" if n.ascii or n.tex else "\u1d40"
    return sentence.format(
        **symbols(n),
        degree=n.degree,
        times=n.times,
        minus=n.minus,
        transposed=transposed,
        **places,
    )


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
    sep = n.separator
    if one_d:
        return f"filter {filter_name}{sep}channel {channel}{sep}tap {v}"
    return f"filter {filter_name}{sep}channel {channel}{sep}row {u}{sep}col {v}"


def input_title(channel: str, i: int, j: int, n: Notation, one_d: bool) -> str:
    sep = n.separator
    if one_d:
        return f"channel {channel}{sep}position {j}"
    return f"channel {channel}{sep}row {i}{sep}col {j}"


def bias_title(filter_name: str) -> str:
    return f"filter {filter_name}"


def window_words(rows: range, cols: range, n: Notation, one_d: bool, what: str) -> str:
    """``padded rows 0–4, cols 1–5, every 2nd (the stride)``: where a gradient's window is."""

    def span(word: str, positions: range) -> str:
        text = (
            f"{word} {positions[0]}"
            if len(positions) == 1
            else (f"{word}s {positions[0]}{n.dash}{positions[-1]}")
        )
        if len(positions) > 1 and positions.step > 1:
            text += f" (every {positions.step})"
        return text

    if one_d:
        return f"{what} {span('position', cols)}"
    return f"{what} {span('row', rows)}, {span('col', cols)}"


def fold_sources(sources, n: Notation, one_d: bool) -> str:
    """``padded (0, 1), (0, 3)``: the padded positions that copied an input cell."""
    if one_d:
        return "padded positions " + ", ".join(str(q) for _, q in sources)
    return "padded " + ", ".join(f"({r}, {q})" for r, q in sources)


# --- through a chain ---------------------------------------------------------------------------

CHAIN_LOSS_ONES = (
    "No upstream gradient was given, so G is all ones and L is the sum of the chain's output; "
    "the gradient goes back layer by layer, from the last to the first."
)
CHAIN_LOSS_GIVEN = (
    "L = {sum} G {odot} o, G the upstream gradient given for the chain's output; the gradient "
    "goes back layer by layer, from the last to the first."
)
LAYER_BACK = "Layer {index} backward: {name}"
RELU_SENTENCE = (
    "ReLU passes G where its input was positive and stops it elsewhere (its slope there is 0)."
)
LEAKY_SENTENCE = (
    "Leaky ReLU passes G where its input was positive and multiplies it by the slope {slope} "
    "elsewhere."
)
MAXPOOL_SENTENCE = (
    "Max pooling routes each G value to its window's maximum (the first one, as PyTorch does); "
    "the other cells of the window get nothing from it."
)
AVGPOOL_SENTENCE = (
    "Average pooling spreads each G value over its window: every input cell of the window gets "
    "G divided by the window's divisor."
)
GRAD_OF = "{partial}L/{partial}{name}"
ROUTE_MAX = "to {target}, the maximum {value}"
ROUTE_MEAN = "G/{divisor} to each of {count} input cells"
ROUTE_RELU_PASS = "input {value} > 0: G passes"
ROUTE_RELU_STOP = "input {value} {le} 0: G is stopped"
ROUTE_LEAKY_STOP = "input {value} {le} 0: G times the slope"
CONV_BACK = "The convolution's gradients, with G the gradient of its output from layer {after}."

# --- the convolution as a matrix product (--view matrix) ---------------------------------------

MATRIX_TITLE = "The convolution as a matrix product: {title}"
IM2COL_HEADING = "im2col: Y = W{times}X_col"
IM2COL_SENTENCE = (
    "Each window of the padded input is unrolled into a column of X_col, one column per output "
    "cell; each filter's kernels (as they slide) are unrolled into a row of W. Then "
    "Y = W{times}X_col + b, and each row of Y, read {shape}, is a filter's output map."
)
IM2COL_GROUP = "Group {group}: filters {filters}, channels {channels}"
IM2COL_COLUMNS = "Columns of X_col, left to right, are the windows of output cells {cells}."
IM2COL_ROWS = "Rows of X_col (and columns of W) are the window's values in this order: {rows}."
X_COL = "X_col"
W_ROWS = "W (rows: {names})"
Y_PRODUCT = "Y = W{times}X_col + b"
MATRIX_HEADING = "The convolution matrix C: Y = C{times}vec(X) + b"
MATRIX_SENTENCE = (
    "C has one row per output cell (o[k, i, j] in reading order) and one column per input "
    "cell (x[c, i, j] in reading order, vec(X)); a row holds the weight each input cell meets "
    "in that output cell's window, zeros elsewhere."
)
MATRIX_COPIES = (
    "The padding copies input values ({mode}), so where a window meets a copy, the weight is "
    "added to the column of the input cell it copied."
)
MATRIX_BIG = (
    "The convolution matrix C is shown for inputs of at most {limit} cells; this one has {cells}."
)
TRANSPOSED_SENTENCE = (
    "The transposed convolution is C{transposed}: C{transposed}{times}vec(G) is the input's "
    "gradient {partial}L/{partial}x, the same numbers as the traced transposed convolution."
)
WEIGHTS_PRODUCT_SENTENCE = (
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
    "grad-input": "channels × rows × cols, the input's shape",
    "grad-weights": "filters × channels × rows × cols, the weights' shape",
    "grad-bias": "one number per filter",
}
CHECK_TITLE = "Checking {of} of {answer}: {right} of {cells} right"
CHECK_EXPECTED = "expected [{index}]"
CHECK_GIVEN = "given [{index}]"
CHECK_ALL_RIGHT = "Every cell is right."
CHECK_DIAGNOSIS = "Diagnosis: {note}"
CHECK_NO_SLIP = (
    "no single slip of the backward pass explains the wrong cells; see their work below."
)
SLIPS = {
    "kernel_not_rotated": (
        "the kernels were not rotated by 180{degree}: the input's gradient convolves G with each "
        "kernel rotated, because the weight at (u, v) sent each output's G back to the input "
        "cell u, v rows and columns before it."
    ),
    "stride_zeros_left_out": (
        "the stride's zeros were left out: G must get s {minus} 1 zeros between its values "
        "before it is convolved with the rotated kernels (each output cell's window started s "
        "cells after the one before)."
    ),
    "upstream_forgotten": (
        "the upstream factor is missing: the gradient was computed as if G were all ones; "
        "every product takes its G value."
    ),
    "padding_forgotten": (
        "the forward padding was forgotten: each weight meets the padded input, its zeros (or "
        "copies) included."
    ),
}
NO_QUANTITY = "{of}: the task has no {what} to check (its layers: {layers})"
NO_QUANTITY_WHAT = {
    "grad-input": "convolution as its first layer",
    "grad-weights": "convolution weights",
    "grad-bias": "convolution biases",
}

# --- a gradient exercise (quiz --backward) -----------------------------------------------------

WORKSHEET_TITLE = "The backward pass: {title} (worksheet)"
WORKSHEET_TASK = (
    "Compute the gradients of L = {sum} G {odot} o for the upstream gradient G below: "
    "{partial}L/{partial}b, {partial}L/{partial}W and {partial}L/{partial}x, and write them in "
    "the blanks."
)
WORKSHEET_BIAS = "{partial}L/{partial}b: one number per filter, the sum of its G."
ANSWERS = "Answers"

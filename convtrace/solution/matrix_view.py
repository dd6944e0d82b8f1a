"""``--view matrix``: the convolution as a matrix product, with the numbers, as blocks.

im2col (X_col, W and Y = W·X_col + b, per group), then for small inputs the convolution matrix
C with Y = C·vec(X) + b, and that the transposed convolution is Cᵀ; from ``convtrace grad``
also Cᵀ·vec(G) = ∂L/∂x and ∂L/∂W = G·X_colᵀ. All sentences are in :mod:`.grad_words`.
"""

from __future__ import annotations

import numpy as np

from ..engine.im2col import MATRIX_CELLS, GroupProduct, MatrixTrace
from ..numbers import Notation
from . import grad_words as gw
from . import words as w
from .blocks import Block, Heading, Matrices, Matrix, Paragraph, Solution, user
from .outline import Options


def _matrix(label: str, values: np.ndarray) -> Matrix:
    return Matrix(label, values, (("w", label),), signed=True)


def _cells(cells, one_d: bool) -> str:
    return ", ".join(f"({j})" if one_d else f"({i}, {j})" for i, j in cells)


class MatrixOutline:
    def __init__(self, trace: MatrixTrace, options: Options) -> None:
        self.trace = trace
        self.t: Notation = options.text

    def solution(self) -> Solution:
        t, trace = self.t, self.trace
        task = trace.task
        blocks: list[Block] = [
            Heading((user(gw.say(gw.MATRIX_TITLE, t, title=w.title(task))),), level=1),
            Heading((("w", gw.say(gw.IM2COL_HEADING, t)),), anchor="im2col"),
        ]
        _, h2, w2 = trace.trace.shape
        shape = str(w2) if task.one_d else t.shape(h2, w2)
        blocks.append(Paragraph((("w", gw.say(gw.IM2COL_SENTENCE, t, shape=shape)),)))
        for group in trace.groups:
            blocks += self.group(group)
        blocks += self.convolution_matrix()
        return Solution(blocks)

    def group(self, group: GroupProduct) -> list[Block]:
        t, task = self.t, self.trace.task
        blocks: list[Block] = []
        names = [task.filters[k].name for k in group.filters]
        if task.groups > 1:
            channels = ", ".join(task.channel_names[c] for c in sorted({r[0] for r in group.rows}))
            title = gw.say(
                gw.IM2COL_GROUP, t, group=group.group, filters=", ".join(names), channels=channels
            )
            blocks.append(Heading((("w", title),), level=3))
        rows = ", ".join(
            f"{task.channel_names[c]}[{v}]" if task.one_d else f"{task.channel_names[c]}[{u}, {v}]"
            for c, u, v in group.rows
        )
        blocks.append(
            Paragraph((("w", gw.say(gw.IM2COL_COLUMNS, t, cells=_cells(group.cells, task.one_d))),))
        )
        blocks.append(Paragraph((("w", gw.say(gw.IM2COL_ROWS, t, rows=rows)),)))
        biases = np.array([[task.filters[k].bias] for k in group.filters], dtype=object)
        y = (
            group.product + biases
            if group.product.dtype == object
            else group.product + biases.astype(group.product.dtype)
        )
        blocks.append(
            Matrices(
                (
                    _matrix(gw.say(gw.W_ROWS, t, names=", ".join(names)), group.w_rows),
                    _matrix(gw.X_COL, group.x_col),
                )
            )
        )
        blocks.append(Matrices((_matrix(gw.say(gw.Y_PRODUCT, t), y),)))
        grad = self.trace.grad
        if grad is not None:
            g_rows = grad.upstream[list(group.filters)].reshape(len(group.filters), -1)
            product = (
                g_rows @ group.x_col.T if g_rows.dtype != object else np.dot(g_rows, group.x_col.T)
            )
            blocks.append(Paragraph((("w", gw.say(gw.WEIGHTS_PRODUCT_SENTENCE, t)),)))
            blocks.append(Matrices((_matrix(gw.say(gw.GRAD_W_ROWS, t), product),)))
        return blocks

    def convolution_matrix(self) -> list[Block]:
        t, trace = self.t, self.trace
        task = trace.task
        heading = Heading((("w", gw.say(gw.MATRIX_HEADING, t)),), anchor="convolution-matrix")
        if trace.matrix is None:
            note = gw.say(gw.MATRIX_BIG, t, limit=MATRIX_CELLS, cells=task.x.size)
            return [heading, Paragraph((("w", note),), role="note")]
        blocks: list[Block] = [heading, Paragraph((("w", gw.say(gw.MATRIX_SENTENCE, t)),))]
        if task.padding_mode != "zeros" and any(task.padding):
            blocks.append(Paragraph((("w", gw.say(gw.MATRIX_COPIES, t, mode=task.padding_mode)),)))
        vec_x = task.x.reshape(-1, 1)
        vec_y = trace.trace.output.reshape(-1, 1)
        blocks.append(
            Matrices(
                (
                    _matrix(gw.C_MATRIX, trace.matrix),
                    _matrix(gw.VEC_X, vec_x),
                    _matrix(gw.say(gw.VEC_Y, t), vec_y),
                )
            )
        )
        blocks.append(Paragraph((("w", gw.say(gw.TRANSPOSED_SENTENCE, t)),)))
        grad = trace.grad
        if grad is not None:
            vec_g = grad.upstream.reshape(-1, 1)
            blocks.append(
                Matrices(
                    (
                        _matrix(gw.say(gw.C_TRANSPOSED, t), trace.matrix.T),
                        _matrix(gw.VEC_G, vec_g),
                        _matrix(gw.say(gw.GRAD_X_VEC, t), grad.grad_input.reshape(-1, 1)),
                    )
                )
            )
        return blocks


def matrix_outline(trace: MatrixTrace, options: Options) -> Solution:
    return MatrixOutline(trace, options).solution()

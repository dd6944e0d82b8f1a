"""The convolution as a matrix product, with its numbers: im2col and the convolution matrix.

*im2col*: each window of the padded input unrolled into a column (one per output cell, in
reading order), the filters' kernels (as they slide) as rows, and Y = W·X_col (+ b). With
groups, each group is its own product. *The convolution matrix* C has one row per output cell
and one column per input cell: Y = C·vec(X) + b. A padding that copies input values adds the
weight at the input cell it copied. The transposed convolution is Cᵀ: Cᵀ·vec(G) = ∂L/∂x.
Nothing here formats text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from .arithmetic import windows
from .trace import Trace

#: The convolution matrix is shown only for inputs of at most this many cells.
MATRIX_CELLS = 64


@dataclass(frozen=True, eq=False)
class GroupProduct:
    """One group's Y = W·X_col: ``rows`` name X_col's rows (channel, tap row, tap col),
    ``cells`` its columns' output cells (row, col), ``filters`` W's rows."""

    group: int
    x_col: np.ndarray  # (Cg·Fh·Fw) × (H₂·W₂)
    w_rows: np.ndarray  # Kg × (Cg·Fh·Fw)
    product: np.ndarray  # Kg × (H₂·W₂), without the bias
    rows: tuple[tuple[int, int, int], ...]
    cells: tuple[tuple[int, int], ...]
    filters: tuple[int, ...]


@dataclass(frozen=True, eq=False)
class MatrixTrace:
    """A convolution (and, from ``convtrace grad``, its gradient) as matrix products."""

    trace: Trace
    groups: tuple[GroupProduct, ...]
    matrix: np.ndarray | None  # C: (K·H₂·W₂) × (C·H·W), None for a big input
    grad: Any = None  # the GradTrace, when the backward pass is shown too

    @property
    def task(self):
        return self.trace.task


def im2col(trace: Trace) -> tuple[GroupProduct, ...]:
    task = trace.task
    k_count, h2, w2 = trace.shape
    _, cg, fh, fw = trace.kernels.shape
    cells = tuple((i, j) for i in range(h2) for j in range(w2))
    products = []
    per_k = k_count // task.groups
    win = windows(trace.padded, task)  # C × H₂ × W₂ × Fh × Fw
    for group in range(task.groups):
        channels = range(group * cg, (group + 1) * cg)
        block = win[channels.start : channels.stop]  # Cg × H₂ × W₂ × Fh × Fw
        x_col = np.ascontiguousarray(block.transpose(0, 3, 4, 1, 2).reshape(cg * fh * fw, -1))
        filters = tuple(range(group * per_k, (group + 1) * per_k))
        w_rows = trace.kernels[list(filters)].reshape(len(filters), -1)
        rows = tuple((c, u, v) for c in channels for u in range(fh) for v in range(fw))
        product = w_rows @ x_col if x_col.dtype != object else np.dot(w_rows, x_col)
        products.append(GroupProduct(group, x_col, w_rows, product, rows, cells, filters))
    return tuple(products)


def convolution_matrix(trace: Trace) -> np.ndarray:
    """C: row k·H₂·W₂ + i·W₂ + j holds, at each input cell's column, the weight it meets there
    (summed where a padding copies one input cell to several window positions)."""
    task = trace.task
    c_count, h, w = task.x.shape
    k_count, h2, w2 = trace.shape
    rows_axis, cols_axis = task.axes
    dtype = object if task.is_exact else trace.kernels.dtype
    matrix = np.zeros((k_count * h2 * w2, c_count * h * w), dtype=dtype)
    if task.is_exact:
        matrix[...] = 0
    for k in range(k_count):
        for m, c in enumerate(task.channels_of(k)):
            kernel = trace.kernels[k, m]
            for i in range(h2):
                for j in range(w2):
                    row = (k * h2 + i) * w2 + j
                    for u, r in enumerate(rows_axis.window_positions(i)):
                        src_r = int(trace.source_rows[r])
                        if src_r < 0:
                            continue
                        for v, q in enumerate(cols_axis.window_positions(j)):
                            src_q = int(trace.source_cols[q])
                            if src_q < 0:
                                continue
                            col = (c * h + src_r) * w + src_q
                            matrix[row, col] = matrix[row, col] + kernel[u, v]
    return matrix


def matrix_trace(trace: Trace, grad: Any = None) -> MatrixTrace:
    small = trace.task.x.size <= MATRIX_CELLS
    return MatrixTrace(trace, im2col(trace), convolution_matrix(trace) if small else None, grad)

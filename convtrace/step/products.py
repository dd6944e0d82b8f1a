"""The walkthrough's products: each channel's kernel, its products laid out like the window
and their sum, revealed one at a time with ``--fine``, and the channel sums plus the bias."""

from __future__ import annotations

from rich.text import Text

from ..engine import Cell
from ..language import _
from ..numbers import Number, clean, is_negative, is_zero
from ..render.breaking import STYLES
from ..solution.formula import Token, row_of
from ..solution.words import cell_label
from .layout import (
    FOCUS_STYLE,
    GAP,
    HINT_STYLE,
    KERNEL_ROWS_MAX,
    matrix_text,
    pad,
    signed_style,
    text_lines,
    tokens_text,
    viewport,
)
from .state import State


class Products:
    """The products part of :class:`~.frame.StepView` (a mixin: it reads the view's trace,
    walk, notation and cell cache)."""

    def running_sum(self, state: State, c: int) -> tuple[Number | None, bool]:
        """Channel ``c``'s sum as far as shown, and whether it is complete (None: not begun)."""
        walk = self.walk
        cell = self.cell(state.position)
        step = cell.channels[c]
        per_channel = walk.kernel[0] * walk.kernel[1]
        shown = max(0, min(per_channel, state.revealed(walk) - c * per_channel))
        if shown == per_channel:
            return step.sum, True
        if shown == 0:
            return None, False
        flat = [p for row in step.products for p in row][:shown]
        total: Number = 0
        for p in flat:
            total += p
        return clean(total), False

    def kernel_block(self, state: State, cell: Cell, c: int) -> tuple[list[Text], int]:
        """Channel ``c``: kernel, products laid out like the window, and their sum."""
        n, walk = self.notation, self.walk
        step = cell.channels[c]
        fh, fw = walk.kernel
        focus = self.focus(state)
        focus_rc = (focus[1], focus[2]) if focus is not None and focus[0] == c else None
        at = focus_rc[0] if focus_rc else 0  # a tall kernel is seen around the product's row
        rows = viewport(fh, at, at, KERNEL_ROWS_MAX)
        weights = [[n.number(v).rjust(self.weight_width) for v in step.weights[r]] for r in rows]

        def weight_style(r: int, col: int) -> str | None:
            if focus_rc == (r + rows.start, col):
                return FOCUS_STYLE
            return signed_style(step.weights[r + rows.start][col])

        kernel = text_lines(matrix_text(weights, None, weight_style))
        per_channel = fh * fw
        shown = max(0, min(per_channel, state.revealed(walk) - c * per_channel))
        written = [[n.number(p) for p in row] for row in step.products]
        pw = max(self.product_width or 0, max(len(p) for row in written for p in row))
        products = []
        for r in rows:
            products.append(
                [
                    (written[r][col] if r * fw + col < shown else self.blank).rjust(pw)
                    for col in range(fw)
                ]
            )

        def product_style(r: int, col: int) -> str | None:
            r += rows.start
            if focus_rc == (r, col):
                return FOCUS_STYLE
            if r * fw + col >= shown:
                return HINT_STYLE
            value = step.products[r][col]
            return "dim" if is_zero(value) else signed_style(value)

        product_lines = text_lines(matrix_text(products, None, product_style))
        kw = kernel[0].cell_len if kernel else 0
        title = Text(f"{step.name} kernel", style="bold")  # padded by display width (日本語, 🙂)
        title.append(" " * (max(0, kw - title.cell_len) + GAP))
        title.append("products", style="bold")
        lines = [title]
        for k_line, p_line in zip(kernel, product_lines, strict=True):
            line = pad(k_line, kw)
            line.append(" " * GAP)
            line.append_text(p_line)
            lines.append(line)
        lines.append(self.sum_line(state, c, kw))
        return lines, max(line.cell_len for line in lines)

    def sum_line(self, state: State, c: int, indent: int) -> Text:
        """``sum = 4`` under the products, ``sum = 4…`` while ``--fine`` reveals them."""
        n = self.notation
        running, done = self.running_sum(state, c)
        total = Text(" " * (indent + GAP))
        if running is None:
            total.append(_("sum = ?"), style=HINT_STYLE)
            return total
        total.append(_("sum = "))
        style = "bold red" if is_negative(running) else "bold"
        total.append(n.number(running), style=style if done else None)
        if not done:  # a running sum, as in the total line: 4…
            total.append(n.ellipsis)
        return total

    def total_tokens(self, state: State, cell: Cell) -> list[Token]:
        """``o[0, 0, 1] = 3 + 2… + ? + 1 = ?`` while --fine reveals the products."""
        n = self.notation
        if state.complete(self.walk):
            return self._formulas.row(row_of(cell)).total_tokens(0)
        tokens: list[Token] = []
        for c in range(len(cell.channels)):
            if c:
                tokens.append(Token(" + "))
            running, done = self.running_sum(state, c)
            if running is None:
                tokens.append(Token("?", "op"))
            else:
                tokens.append(
                    Token(
                        n.factor(running) if c else n.number(running),
                        "sum",
                        negative=is_negative(running),
                    )
                )
                if not done:
                    tokens.append(Token(n.ellipsis))
        tokens.append(Token(" + "))
        tokens.append(Token(n.factor(cell.bias), "bias", negative=is_negative(cell.bias)))
        tokens.append(Token(" = "))
        tokens.append(Token("?", "value"))
        return tokens

    def bottom_left(self, state: State, cell: Cell) -> list[Text]:
        n, walk = self.notation, self.walk
        label = cell_label(cell.filter, cell.row, cell.col, cell.one_d)
        total = Text(f"{label} = ", style=STYLES["label"])
        total.append_text(tokens_text(self.total_tokens(state, cell)))
        lines = [total]
        if walk.fine:
            focus = self.focus(state)
            if state.sub == 0:
                lines.append(
                    Text(
                        _("the window is in place; {arrow} multiplies it").format(arrow=n.arrow),
                        style=HINT_STYLE,
                    )
                )
                lines.append(Text(_("by the kernel, one product at a time"), style=HINT_STYLE))
            elif focus is None:
                said = _("all {count} products are in; the channel sums")
                lines.append(Text(said.format(count=walk.products)))
                said = _("plus the bias give {value}")
                lines.append(Text(said.format(value=n.number(cell.value))))
            else:
                c, r, col = focus
                step = cell.channels[c]
                lines.append(
                    Text(
                        _("product {index} of {count}: {name}, kernel row {row}, col {col}").format(
                            index=state.sub, count=walk.products, name=step.name, row=r, col=col
                        )
                    )
                )
                line = Text()
                line.append(n.factor(step.window[r][col]), style=STYLES["x"])
                line.append(n.times)
                line.append(n.factor(step.weights[r][col]), style=STYLES["w"])
                line.append(f" = {n.number(step.products[r][col])}")
                running = self.running_sum(state, c)[0]
                line.append(n.separator + _("{name} so far: ").format(name=step.name))
                line.append(n.number(running if running is not None else 0), style="bold")
                lines.append(line)
        return lines

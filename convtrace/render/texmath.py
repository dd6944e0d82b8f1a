"""LaTeX math for the exports: the by-hand formulas in ``$…$``, shared by Markdown and LaTeX.

The formulas come from :mod:`.formula` (the tokens every renderer shares); this module only
writes them in TeX: ``\\cdot`` for ``·``, ``-`` for ``−``, ``H_2`` for ``H₂``, and numbers with an
exponent as ``1.5 \\times 10^{-8}``. Nothing here computes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..numbers import Notation
from .formula import Token

#: The notation of the formulas in LaTeX math: ``0 \cdot (-1)``.
TEX = Notation(minus="-", times=" \\cdot ", ellipsis="\\dots")

_NUMBER_ROLES = frozenset({"x", "w", "sum", "bias", "value"})
_EXPONENT = re.compile(r"(\d(?:\.\d+)?)e([+-]?)0*(\d+)")

# Unicode math as convtrace writes it (formula.py, hyperparameters) → TeX math.
_UNICODE_TO_TEX = [
    ("P_left", "P_{\\mathrm{left}}"),
    ("P_right", "P_{\\mathrm{right}}"),
    ("P_top", "P_{\\mathrm{top}}"),
    ("P_bottom", "P_{\\mathrm{bottom}}"),
    ("\u2081", "_1"),  # ₁
    ("\u2082", "_2"),  # ₂
    ("\u230a", "\\lfloor "),  # ⌊
    ("\u230b", "\\rfloor "),  # ⌋
    ("\u2212", "-"),  # −
    ("\u00b7", " \\cdot "),  # ·
    ("\u00d7", " \\times "),  # ×
    ("\u2026", "\\dots "),  # …
    ("\u00b0", "^{\\circ}"),  # °
]
_SPACES = re.compile(r"  +")


def tex_number(text: str) -> str:
    """A number's text in math: ``1.5e-08`` → ``1.5 \\times 10^{-8}``, others unchanged."""
    if "e" not in text:
        return text
    return _EXPONENT.sub(
        lambda m: f"{m[1]} \\times 10^{{{'-' if m[2] == '-' else ''}{m[3]}}}", text
    )


def tex_tokens(tokens: Iterable[Token]) -> str:
    """Tokens made with :data:`TEX` joined into TeX math (numbers with exponents rewritten)."""
    return "".join(
        tex_number(token.text) if token.role in _NUMBER_ROLES else token.text for token in tokens
    )


def unicode_to_tex(text: str) -> str:
    """Unicode math as TeX math: ``H₂ = ⌊(5 − 3)/2⌋`` → ``H_2 = \\lfloor (5 - 3)/2\\rfloor``."""
    for old, new in _UNICODE_TO_TEX:
        text = text.replace(old, new)
    return tex_number(_SPACES.sub(" ", text)).strip()

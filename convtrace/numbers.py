"""How a number and a symbol are written, the same way in every renderer.

Integers stay integers (``3``, never ``3.0``); decimals show at most 12 significant digits so
that float noise (``0.30000000000000004``) never reaches a worked solution; negative numbers use
the typographic minus and, as factors, stand in parentheses: ``0·(−1)``.

A :class:`Notation` is the alphabet a renderer writes in: Unicode for the terminal and plain
text, ASCII for terminals that cannot show Unicode (``--ascii``), TeX for math in Markdown and
LaTeX. Everything convtrace writes takes its symbols from one, so ``--ascii`` is decided while
the text is made, not by translating it afterwards.
"""

from __future__ import annotations

import contextlib
import functools
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from fractions import Fraction

from . import language

Number = int | float | Fraction

#: ``--precision N``: decimals shown (None: up to 12 significant digits). Set by
#: :func:`shown_decimals`; display only, the numbers computed are never rounded.
_decimals: list[int | None] = [None]

SIGNIFICANT_DIGITS = 12

_EXPONENT = re.compile(r"(\d(?:\.\d+)?)e([+-]?)0*(\d+)")
_UNICODE_DIGITS = tuple(chr(0x2080 + d) for d in range(10))


@dataclass(frozen=True)
class Notation:
    """The symbols a renderer writes: minus, times, the size formula's signs, dashes, arrows.

    ``digits`` are the ten subscript digits (``₀``…``₉``, ``0``…``9`` in ASCII, ``_0``… in TeX);
    a named subscript is written ``P_top`` (``P_{\\mathrm{top}}`` in TeX).
    """

    minus: str = "\u2212"
    times: str = "\u00b7"
    ellipsis: str = "\u2026"
    cross: str = "\u00d7"  # 5×5
    floor: tuple[str, str] = ("\u230a", "\u230b")
    ceil: tuple[str, str] = ("\u2308", "\u2309")
    dash: str = "\u2013"  # rows 0–2
    arrow: str = "\u2192"
    back_arrow: str = "\u2190"
    separator: str = " \u00b7 "  # between phrases on one line
    degree: str = "\u00b0"
    approx: str = "\u2248"
    digits: tuple[str, ...] = _UNICODE_DIGITS
    infinity: str = "\u221e"  # max pooling's padding: −∞
    tex: bool = False  # numbers with an exponent as 1.5 \times 10^{-8}
    ascii: bool = False  # every character is ASCII (frames, marks and rules too)

    @property
    def decimal_mark(self) -> str:
        """The decimal comma as this notation writes it: ``,``; ``{,}`` in TeX math, where a
        bare comma would be followed by a space."""
        return "{,}" if self.tex else ","

    @property
    def list_separator(self) -> str:
        """Between the numbers of a list, ``max(0.5, 1.25)``: a semicolon where numbers are
        written with a decimal comma, ``max(0,5; 1,25)``, as German writes it."""
        return "; " if language.CURRENT.decimal_comma else ", "

    @classmethod
    def pick(cls, ascii: bool = False) -> Notation:
        return ASCII if ascii else UNICODE

    def number(self, value: Number) -> str:
        """``value`` as a person writes it: ``3``, ``−0.25``, ``1.5``, ``5/3``, ``−∞``."""
        text = plain(value)
        if text.endswith("inf"):
            text = text[:-3] + self.infinity
        elif self.tex and "/" in text:
            numerator, denominator = text.lstrip("-").split("/")
            text = ("-" if text[0] == "-" else "") + f"\\tfrac{{{numerator}}}{{{denominator}}}"
        elif self.tex and "e" in text:
            text = tex_exponent(text)
        if "." in text and language.CURRENT.decimal_comma:
            text = text.replace(".", self.decimal_mark)
        if text.startswith("-"):
            return self.minus + text[1:]
        return text

    def factor(self, value: Number) -> str:
        """A number inside a product: negative ones go in parentheses, ``(−1)``, and so do
        fractions in text, ``3·(1/9)``."""
        text = self.number(value)
        if text.startswith(self.minus) or (not self.tex and "/" in text):
            return f"({text})"
        return text

    def product(self, a: Number, b: Number) -> str:
        return f"{self.factor(a)}{self.times}{self.factor(b)}"

    def sub(self, letter: str, subscript: str | int) -> str:
        """``H₂`` (``H2`` in ASCII, ``H_2`` in TeX); ``P_top`` for named subscripts."""
        key = str(subscript)
        if key.isdigit():
            return letter + "".join(self.digits[int(d)] for d in key)
        if self.tex:
            return f"{letter}_{{\\mathrm{{{key}}}}}"
        return f"{letter}_{key}"

    def shape(self, *sizes: int) -> str:
        """``5×5×3``: a volume's sizes, written as the lecture writes them (W×H×D)."""
        return self.cross.join(self.number(s) for s in sizes)

    def span(self, first: int, last: int) -> str:
        """``0–2``, or ``3`` for a span of one."""
        return str(first) if first == last else f"{first}{self.dash}{last}"

    def floored(self, text: str) -> str:
        return f"{self.floor[0]}{text}{self.floor[1]}"

    def ceiled(self, text: str) -> str:
        return f"{self.ceil[0]}{text}{self.ceil[1]}"


UNICODE = Notation()
ASCII = Notation(
    minus="-",
    times="*",
    ellipsis="...",
    cross="x",
    floor=("floor(", ")"),
    ceil=("ceil(", ")"),
    dash="-",
    arrow="->",
    back_arrow="<-",
    separator=" | ",
    degree=" deg",
    approx="~",
    digits=tuple(str(d) for d in range(10)),
    infinity="inf",
    ascii=True,
)
#: Math in TeX, for Markdown's ``$…$`` and LaTeX: ``0 \cdot (-1)``, ``H_2``, ``\lfloor``.
TEX = Notation(
    minus="-",
    times=" \\cdot ",
    ellipsis="\\dots",
    cross=" \\times ",
    floor=("\\lfloor ", "\\rfloor"),
    ceil=("\\lceil ", "\\rceil"),
    dash="\\text{--}",
    arrow="\\rightarrow ",
    back_arrow="\\leftarrow ",
    separator=",\\ ",
    degree="^{\\circ}",
    approx="\\approx ",
    digits=tuple(f"_{d}" for d in range(10)),
    infinity="\\infty",
    tex=True,
    ascii=True,
)


#: What ``--ascii`` writes for the user's own text (titles, names) where it is not ASCII.
_ASCII_FOR = str.maketrans(
    {
        "\u00d7": "x",
        "\u2212": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u00b7": "*",
        "\u2026": "...",
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2192": "->",
        "\u2190": "<-",
        "\u00b0": " deg",
        "\u00a0": " ",
        **{chr(0x2080 + d): str(d) for d in range(10)},
    }
)


def to_ascii(text: str) -> str:
    """The user's text for an ASCII-only terminal: ``5×5`` → ``5x5``, ``é`` → ``e``, and
    ``?`` for what has no ASCII form (``日本`` → ``??``)."""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKD", text.translate(_ASCII_FOR))
    return "".join(
        ch if ch.isascii() else ("" if unicodedata.combining(ch) else "?") for ch in text
    )


def tex_exponent(text: str) -> str:
    """``1.5e-08`` → ``1.5 \\times 10^{-8}``."""
    return _EXPONENT.sub(
        lambda m: f"{m[1]} \\times 10^{{{'-' if m[2] == '-' else ''}{m[3]}}}", text
    )


def clean(value: Number) -> Number:
    """A Python number without float noise: integral floats stay floats, rounded to 12 digits;
    an exact fraction stays exact (an int when it is whole)."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, Fraction):
        return value.numerator if value.denominator == 1 else value
    value = float(value)
    if not math.isfinite(value):
        return value
    if value == 0:
        return 0.0
    return float(f"{value:.{SIGNIFICANT_DIGITS}g}")


@functools.lru_cache(maxsize=1 << 16, typed=True)  # traces repeat their numbers
def plain(value: Number) -> str:
    """ASCII text of ``value``: ints as ints, decimals without noise or exponent where sensible."""
    if isinstance(value, bool):
        value = int(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return str(value.numerator)
        return f"{value.numerator}/{value.denominator}"
    value = float(value)
    if not math.isfinite(value):
        return str(value)
    if value == 0:
        return "0"
    decimals = _decimals[0]
    if decimals is not None:
        text = f"{round(value, decimals):.{decimals}f}"
        text = text.rstrip("0").rstrip(".") if "." in text else text
        return "0" if text in ("-0", "0", "") else text
    rounded = float(f"{value:.{SIGNIFICANT_DIGITS}g}")
    if rounded.is_integer() and abs(rounded) < 1e15:
        return str(int(rounded))
    text = f"{rounded:.{SIGNIFICANT_DIGITS}g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        exponent_value = int(exponent)
        if -7 <= exponent_value < 0:
            text = f"{rounded:.{SIGNIFICANT_DIGITS - exponent_value}f}".rstrip("0").rstrip(".")
        else:
            text = f"{mantissa}e{exponent_value}"
    return text


def readable(value: Number) -> str:
    """:func:`plain` for a person to read (a Markdown table): ``0,25`` where the language
    writes a decimal comma. Never for JSON or CSV, which keep :func:`plain`."""
    text = plain(value)
    if language.CURRENT.decimal_comma and "." in text:
        return text.replace(".", ",")
    return text


def matrix_texts(
    rows: Iterable[Iterable[Number]], write: Callable[[Number], str]
) -> list[list[str]]:
    """A matrix's values written by ``write``, each distinct value once however often it appears
    (a photo has at most 256). Equal values write alike (``2``, ``2.0``, ``-0.0`` and ``0``)."""
    written: dict[Number, str] = {}
    texts = []
    for row in rows:
        line = []
        for value in row:
            text = written.get(value)
            if text is None:
                text = written[value] = write(value)
            line.append(text)
        texts.append(line)
    return texts


def fixed(value: float, places: int = 1) -> str:
    """``value`` with ``places`` decimals for a person to read (a score: ``88.9``, ``88,9`` where
    the language writes a decimal comma). Never for JSON or CSV."""
    text = f"{value:.{places}f}"
    return text.replace(".", ",") if language.CURRENT.decimal_comma else text


def count(value: int) -> str:
    """A count for a person to read, its thousands grouped: ``12,345`` (``12.345`` where the
    language writes a decimal comma)."""
    text = f"{value:,}"
    return text.replace(",", ".") if language.CURRENT.decimal_comma else text


def is_negative(value: Number) -> bool:
    """True for numbers written with a minus (not for −0.0 or values that round to zero)."""
    return plain(value).startswith("-")


def is_zero(value: Number) -> bool:
    return plain(value) == "0"


@contextlib.contextmanager
def shown_decimals(decimals: int | None) -> Iterator[None]:
    """``--precision N``: every decimal written (not computed) with at most ``decimals``
    places while the block runs; ``None`` keeps 12 significant digits."""
    previous = _decimals[0]
    if decimals == previous:  # nothing changes: keep the texts written so far
        yield
        return
    _decimals[0] = decimals
    plain.cache_clear()
    try:
        yield
    finally:
        _decimals[0] = previous
        plain.cache_clear()


def exactly(value: Number) -> bool:
    """Whether ``value`` is written as it is: ``1.25`` is, ``1.66666666667`` for 5/3 is not."""
    if isinstance(value, int | Fraction):
        return True
    text = plain(value)
    try:
        return float(text) == float(value)
    except ValueError:  # inf, nan: written as they are
        return True

"""The language convtrace writes in: the standard library's gettext, one choice per run.

Every sentence a person reads is written in English in the source and passed through
:func:`_` (or :func:`ngettext` where a count decides the form) where it is said; texts fixed at
import time (option help, tables of phrases) are marked with :func:`N_` and translated where they
are shown. The catalogs live in ``convtrace/locale/<lang>/LC_MESSAGES/*.mo``, compiled from the
``.po`` files beside them by ``python scripts/catalog.py compile``; all of a language's catalogs
are read as one.

English needs no catalog: until another language is chosen, :func:`_` returns its message
unchanged and gettext is not even imported, so start-up stays as quick as before.

The choice is made once, by :func:`use`: a language code (``--lang de``), or ``None`` for the
standard environment (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``), English where none
names a language convtrace has. Machine-readable output (JSON keys, gradebook columns) never
passes through here.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

#: Where the compiled catalogs are, one folder per language.
LOCALE_DIR = Path(__file__).with_name("locale")

#: The languages convtrace speaks; English is the source's own.
LANGUAGES = {"en": "English", "de": "Deutsch"}

DEFAULT = "en"

#: The environment variables that name a language, in the order gettext reads them.
ENVIRONMENT = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

#: Languages that write a decimal comma (0,25) where a person reads the number.
DECIMAL_COMMA = {"de"}


class Language:
    """The chosen language and its catalog; one instance, :data:`CURRENT`, per process."""

    def __init__(self) -> None:
        self.code = DEFAULT
        self.decimal_comma = False
        self.catalog: Any = None  # a gettext translations object; None for English
        self.ascii = False  # --ascii: translations in ASCII letters (Größe → Groesse)

    def choose(self, code: str, decimal_comma: bool | None = None) -> None:
        self.code = code
        self.decimal_comma = code in DECIMAL_COMMA if decimal_comma is None else decimal_comma
        self.catalog = None if code == DEFAULT else load_catalog(code)


CURRENT = Language()


def load_catalog(code: str) -> Any:
    """Every ``.mo`` file of a language, read as one catalog (the first found answers first)."""
    import gettext

    catalog = gettext.NullTranslations()
    for path in sorted((LOCALE_DIR / code / "LC_MESSAGES").glob("*.mo"), reverse=True):
        with path.open("rb") as file:
            found = gettext.GNUTranslations(file)
        found.add_fallback(catalog)
        catalog = found
    return catalog


def from_environment(environ: dict[str, str] | None = None) -> str:
    """The language the environment asks for, as gettext reads it: ``LANGUAGE`` first (a
    colon-separated list), then ``LC_ALL``, ``LC_MESSAGES``, ``LANG``; English where the first
    one set names no language convtrace has (``C`` and ``POSIX`` are English)."""
    environ = os.environ if environ is None else environ
    for variable in ENVIRONMENT:
        value = environ.get(variable, "")
        if not value:
            continue
        for entry in value.split(":"):
            code = entry.split(".")[0].split("@")[0].split("_")[0].lower()
            if code in LANGUAGES:
                return code
        return DEFAULT
    return DEFAULT


def normalized(code: str) -> str:
    """``de``, ``de_DE``, ``de-AT.UTF-8`` → ``de``; a language convtrace lacks raises
    ``ValueError`` naming the ones it has."""
    short = code.replace("-", "_").split(".")[0].split("_")[0].lower()
    if short not in LANGUAGES:
        known = ", ".join(LANGUAGES)
        raise ValueError(f"no language {code!r}: convtrace speaks {known}")
    return short


def use(code: str | None = None, decimal_comma: bool | None = None) -> str:
    """Write in ``code`` from now on (``None``: as the environment asks); returns the code.

    ``decimal_comma`` defaults to the language's own habit (on for German)."""
    chosen = from_environment() if code is None else normalized(code)
    CURRENT.choose(chosen, decimal_comma)
    return chosen


@contextlib.contextmanager
def speaking(code: str | None, decimal_comma: bool | None = None) -> Iterator[str]:
    """:func:`use` for a ``with`` block, the previous choice restored after it."""
    before = (CURRENT.code, CURRENT.decimal_comma, CURRENT.catalog, CURRENT.ascii)
    try:
        yield use(code, decimal_comma)
    finally:
        CURRENT.code, CURRENT.decimal_comma, CURRENT.catalog, CURRENT.ascii = before


#: How a translation is written in ASCII for ``--ascii`` (the source's English is ASCII).
ASCII_LETTERS = str.maketrans(
    {
        "ä": "ae",
        "ö": "oe",
        "ü": "ue",
        "Ä": "Ae",
        "Ö": "Oe",
        "Ü": "Ue",
        "ß": "ss",
        "„": '"',
        "“": '"',
        "”": '"',
        "‚": "'",
        "‘": "'",
        "’": "'",
        "–": "-",
        "—": "-",
        "−": "-",
        "…": "...",
        "·": "*",
        "×": "x",
        "→": "->",
        "←": "<-",
        "≈": "~",
        "°": " deg",
    }
)


@contextlib.contextmanager
def in_ascii(on: bool = True) -> Iterator[None]:
    """Translations in ASCII letters while the block runs (``--ascii``); English unchanged."""
    before = CURRENT.ascii
    CURRENT.ascii = on
    try:
        yield
    finally:
        CURRENT.ascii = before


def _letters(text: str) -> str:
    return text.translate(ASCII_LETTERS) if CURRENT.ascii else text


def current() -> str:
    return CURRENT.code


def decimal_comma() -> bool:
    """Whether numbers a person reads are written 0,25 (never in JSON or CSV for machines)."""
    return CURRENT.decimal_comma


def _(message: str) -> str:
    """``message`` in the chosen language (gettext's conventional name, which every catalog
    tool looks for)."""
    catalog = CURRENT.catalog
    return message if catalog is None else _letters(catalog.gettext(message))


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form for ``count``: ``1 filter``, ``2 filters`` (``{n}`` filled in by the caller)."""
    catalog = CURRENT.catalog
    if catalog is None:
        return singular if count == 1 else plural
    return _letters(catalog.ngettext(singular, plural, count))


def pgettext(context: str, message: str) -> str:
    """``message`` where the same English word needs two translations (``context`` tells)."""
    catalog = CURRENT.catalog
    return message if catalog is None else _letters(catalog.pgettext(context, message))


def N_(message: str) -> str:
    """Marks a text fixed at import time for the catalog; :func:`_` translates it when shown."""
    return message

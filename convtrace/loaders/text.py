"""A file or standard input as text, in the encodings people's tools write.

Windows PowerShell's ``>`` writes UTF-16 with a byte-order mark, Notepad may add a UTF-8 one;
both are read. Errors here are about the file itself (missing, a folder, bytes that are no
text), so they say that, whatever the file's name suggests it holds.
"""

from __future__ import annotations

import codecs
import sys
from pathlib import Path

from ..errors import InputError
from ..language import _

#: What standard input is called on the command line (``convtrace run -``).
STDIN = "-"

#: Byte-order marks, longest first (UTF-32's little-endian mark starts with UTF-16's).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

#: How PNG and JPEG files start: such a file is read with --image, not as text.
_PICTURES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")


def source_name(path: str | Path) -> str:
    """The file as messages name it: standard input is ``standard input``, not ``-``."""
    return "standard input" if str(path) == STDIN else str(path)


def read_text(path: str | Path) -> str:
    """The text of a file (``-``: standard input), decoded as :func:`decode_text` says."""
    if str(path) == STDIN:
        data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read()
        if isinstance(data, str):
            return data
        return decode_text(data, source_name(path), _("is not UTF-8 text"))
    source = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(_("no such file"), source=source) from None
    except IsADirectoryError:
        raise InputError(_("is a folder, not a file"), source=source) from None
    except OSError as error:
        said = _("cannot be read ({reason})").format(reason=error.strerror)
        raise InputError(said, source=source) from None
    if data.startswith(_PICTURES):
        raise InputError(
            _("is a picture, not a task or a matrix; give it as --image FILE"), source=source
        )
    text = decode_text(data, source, _("is not a UTF-8 text file"))
    if "\r" in text:  # as Python's text files read them: one newline for \r\n and a lone \r
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def decode_text(data: bytes, source: str, not_utf8: str) -> str:
    """UTF-8 (with or without its mark), or UTF-16/32 with a byte-order mark or, without one,
    recognised by its zero bytes; anything else is refused with the place of the first byte
    that is no UTF-8 and the way out (``not_utf8`` is how the message starts)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise InputError(
                    _(
                        "is not valid {encoding} text (it starts with a {encoding} "
                        "byte-order mark); save it as UTF-8"
                    ).format(encoding=encoding.upper()),
                    source=source,
                ) from None
    encoding = _utf16_without_mark(data)
    if encoding:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            pass  # not UTF-16 after all: say what UTF-8 makes of it
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start]
        raise InputError(
            _("{problem} (byte 0x{byte:02x} on line {line}); save it as UTF-8").format(
                problem=not_utf8, byte=byte, line=line
            ),
            source=source,
        ) from None


def _utf16_without_mark(data: bytes) -> str | None:
    """``utf-16-le`` or ``-be`` for UTF-16 text without a mark: mostly Latin characters, so
    nearly every other byte is zero, and the bytes between are not. Real UTF-8 text has no
    zero bytes at all."""
    if len(data) < 2 or len(data) % 2 or b"\x00" not in data[:64]:
        return None
    half = len(data) // 2
    odd, even = data[1::2].count(0), data[0::2].count(0)
    if odd >= 0.75 * half and even <= 0.25 * half:
        return "utf-16-le"
    if even >= 0.75 * half and odd <= 0.25 * half:
        return "utf-16-be"
    return None

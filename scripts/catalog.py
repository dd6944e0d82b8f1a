"""The translation catalogs: ``python scripts/catalog.py update | compile | check``.

* ``update`` finds every message in the source (the first argument of ``_``, ``N_``,
  ``ngettext`` and ``pgettext`` calls, when it is a string literal, and the docstring of a
  click command, which is its ``--help``) and writes it into the
  ``.po`` file of its part of the code, keeping every translation already there; a new message
  gets an empty translation, and one no longer in the source is dropped.
* ``compile`` writes each ``.po`` file's ``.mo`` beside it (what convtrace reads at run time).
* ``check`` says which messages lack a translation or whose ``.mo`` is stale; exit 1 if any.

A part of the code is a subpackage (``solution``, ``render``, ``homework``…); the package's
top-level modules share ``core``; the backward pass's modules (``grad*.py``, ``matrix_view.py``,
``im2col.py``) share ``grad``. Pure standard library: no gettext tools need be installed.
"""

from __future__ import annotations

import ast
import struct
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "convtrace"
LOCALE = PACKAGE / "locale"
TRANSLATED = ("de",)

HEADER = {
    "de": (
        "Project-Id-Version: convtrace\n"
        "Language: de\n"
        "MIME-Version: 1.0\n"
        "Content-Type: text/plain; charset=UTF-8\n"
        "Content-Transfer-Encoding: 8bit\n"
        "Plural-Forms: nplurals=2; plural=(n != 1);\n"
    )
}


@dataclass
class Entry:
    """One message: its id (with plural and context where it has them) and translation."""

    msgid: str
    plural: str | None = None
    context: str | None = None
    strings: list[str] = field(default_factory=list)  # one, or one per plural form
    places: list[str] = field(default_factory=list)

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.context, self.msgid)

    @property
    def translated(self) -> bool:
        return bool(self.strings) and all(self.strings)


# --- finding messages in the source ---------------------------------------------------------


#: Modules whose messages share a catalog of their own, whatever subpackage they are in: the
#: backward pass (``grad.py`` and every ``grad_*.py``, with the matrix view and im2col) is
#: ``grad.po``. The prefix takes the underscore, so that ``grading.py`` stays in its subpackage.
OWN_PARTS = {"grad": "grad", "matrix_view": "grad", "im2col": "grad"}
OWN_PREFIXES = {"grad_": "grad"}


def part_of(path: Path) -> str:
    """``solution`` for ``convtrace/solution/words.py``, ``core`` for ``convtrace/task.py``,
    ``grad`` for ``convtrace/engine/grad_chain.py`` (:data:`OWN_PARTS`, :data:`OWN_PREFIXES`)."""
    stem = path.stem
    if stem in OWN_PARTS:
        return OWN_PARTS[stem]
    for prefix, part in OWN_PREFIXES.items():
        if stem.startswith(prefix):
            return part
    parts = path.relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 else "core"


def is_command(node: ast.FunctionDef) -> bool:
    """A click command or group (``@click.command(…)``, ``@main.group(…)``): its docstring is
    its ``--help``, a message too."""
    for decorator in node.decorator_list:
        call = decorator.func if isinstance(decorator, ast.Call) else decorator
        name = call.attr if isinstance(call, ast.Attribute) else getattr(call, "id", "")
        if name in ("command", "group"):
            return True
    return False


def messages_in(path: Path) -> list[Entry]:
    found = []
    relative = str(path.relative_to(ROOT))
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.FunctionDef) and is_command(node):
            help_text = (ast.get_docstring(node) or "").partition("\f")[0]
            if help_text:
                found.append(Entry(help_text, places=[f"{relative}:{node.lineno}"]))
            continue
        if not isinstance(node, ast.Call):
            continue
        if isinstance(node.func, ast.Name):
            name = node.func.id
        elif isinstance(node.func, ast.Attribute):  # language._("…"), as the CLI calls it
            name = node.func.attr
        else:
            continue
        texts = [a.value if isinstance(a, ast.Constant) else None for a in node.args]
        where = f"{relative}:{node.lineno}"
        if name in ("_", "N_") and texts[:1] and isinstance(texts[0], str):
            found.append(Entry(texts[0], places=[where]))
        elif name == "ngettext" and len(texts) >= 2 and all(isinstance(t, str) for t in texts[:2]):
            found.append(Entry(texts[0], plural=texts[1], places=[where]))
        elif name == "pgettext" and len(texts) >= 2 and all(isinstance(t, str) for t in texts[:2]):
            found.append(Entry(texts[1], context=texts[0], places=[where]))
    return sorted(found, key=lambda e: int(e.places[0].rpartition(":")[2]))


def messages_by_part() -> dict[str, list[Entry]]:
    """Every message of the source, by part, in the order the source has them."""
    parts: dict[str, dict[tuple[str | None, str], Entry]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        part = parts.setdefault(part_of(path), {})
        for entry in messages_in(path):
            if entry.key in part:
                part[entry.key].places += entry.places
            else:
                part[entry.key] = entry
    return {name: list(entries.values()) for name, entries in parts.items() if entries}


# --- .po files ------------------------------------------------------------------------------


def unquote(text: str) -> str:
    return ast.literal_eval(text)


def quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    lines = escaped.split("\n")
    if len(lines) == 1:
        return f'"{escaped}"'
    pieces = [line + "\\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
    return '""\n' + "\n".join(f'"{piece}"' for piece in pieces)


def read_po(path: Path) -> dict[tuple[str | None, str], Entry]:
    """The entries of a ``.po`` file (the header, msgid "", left out)."""
    entries: dict[tuple[str | None, str], Entry] = {}
    fields: dict[str, str] = {}
    current: str | None = None

    def finish() -> None:
        if fields.get("msgid"):
            forms = sorted(k for k in fields if k.startswith("msgstr["))
            strings = [fields[k] for k in forms] if forms else [fields.get("msgstr", "")]
            entry = Entry(fields["msgid"], fields.get("msgid_plural"), fields.get("msgctxt"))
            entry.strings = strings
            entries[entry.key] = entry
        fields.clear()

    if not path.exists():
        return entries
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = line.strip()
        if not line or line.startswith("#"):
            if not line and fields:
                finish()
            continue
        if line.startswith('"'):
            fields[current] += unquote(line)
            continue
        keyword, _, rest = line.partition(" ")
        if keyword in ("msgctxt", "msgid") and "msgstr" in "".join(fields) and fields:
            finish()
        current = keyword
        fields[keyword] = unquote(rest)
    finish()
    return entries


def write_po(path: Path, language: str, entries: list[Entry]) -> None:
    out = ['msgid ""', "msgstr " + quote(HEADER[language]), ""]
    for entry in entries:
        out += [f"#: {place}" for place in sorted({p.rpartition(":")[0] for p in entry.places})]
        if entry.context is not None:
            out.append("msgctxt " + quote(entry.context))
        out.append("msgid " + quote(entry.msgid))
        if entry.plural is not None:
            out.append("msgid_plural " + quote(entry.plural))
            strings = entry.strings if len(entry.strings) == 2 else ["", ""]
            out += [f"msgstr[{i}] " + quote(s) for i, s in enumerate(strings)]
        else:
            out.append("msgstr " + quote(entry.strings[0] if entry.strings else ""))
        out.append("")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(out), encoding="utf-8")


# --- .mo files ------------------------------------------------------------------------------


def mo_bytes(language: str, entries: list[Entry]) -> bytes:
    """GNU gettext's binary catalog (what :class:`gettext.GNUTranslations` reads)."""
    pairs = {b"": HEADER[language].encode()}
    for entry in entries:
        if not entry.translated:
            continue
        key = entry.msgid if entry.plural is None else f"{entry.msgid}\0{entry.plural}"
        if entry.context is not None:
            key = f"{entry.context}\x04{key}"
        pairs[key.encode()] = "\0".join(entry.strings).encode()
    keys = sorted(pairs)
    ids = b"".join(k + b"\0" for k in keys)
    strs = b"".join(pairs[k] + b"\0" for k in keys)
    start = 7 * 4 + 16 * len(keys)
    id_table, str_table, offset = [], [], 0
    for k in keys:
        id_table += [len(k), start + offset]
        offset += len(k) + 1
    offset = 0
    for k in keys:
        str_table += [len(pairs[k]), start + len(ids) + offset]
        offset += len(pairs[k]) + 1
    header = struct.pack("Iiiiiii", 0x950412DE, 0, len(keys), 7 * 4, 7 * 4 + 8 * len(keys), 0, 0)
    return header + struct.pack(f"{2 * len(id_table)}i", *id_table, *str_table) + ids + strs


# --- the commands ---------------------------------------------------------------------------


def po_path(language: str, part: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / f"{part}.po"


def update() -> None:
    for language in TRANSLATED:
        # a message that moved to another part keeps its translation
        known = {}
        for other in sorted((LOCALE / language / "LC_MESSAGES").glob("*.po")):
            known.update({k: e for k, e in read_po(other).items() if e.translated})
        for part, found in messages_by_part().items():
            path = po_path(language, part)
            old = read_po(path)
            for entry in found:
                if entry.key in old and old[entry.key].translated:
                    entry.strings = old[entry.key].strings
                elif entry.key in known:
                    entry.strings = known[entry.key].strings
            write_po(path, language, found)
            missing = sum(not e.translated for e in found)
            print(f"{path.relative_to(ROOT)}: {len(found)} messages, {missing} untranslated")


def compile_all() -> None:
    for language in TRANSLATED:
        for path in sorted((LOCALE / language / "LC_MESSAGES").glob("*.po")):
            entries = list(read_po(path).values())
            path.with_suffix(".mo").write_bytes(mo_bytes(language, entries))


def problems() -> list[str]:
    """What ``check`` reports: untranslated or uncatalogued messages, stale ``.mo`` files."""
    found = []
    for language in TRANSLATED:
        for part, messages in messages_by_part().items():
            path = po_path(language, part)
            catalog = read_po(path)
            for entry in messages:
                have = catalog.get(entry.key)
                if have is None or not have.translated:
                    found.append(
                        f"{language}: no translation of {entry.msgid!r} ({entry.places[0]})"
                    )
            mo = path.with_suffix(".mo")
            if not mo.exists() or mo.read_bytes() != mo_bytes(language, list(catalog.values())):
                found.append(f"{language}: {mo.relative_to(ROOT)} is stale (run compile)")
    return found


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    if command == "update":
        update()
    elif command == "compile":
        compile_all()
    elif command == "check":
        found = problems()
        print("\n".join(found) or "every message has its translation")
        return 1 if found else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

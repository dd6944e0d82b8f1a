"""Fill a .po file's translations from a Python file holding a dict ``T`` (msgid or
(context, msgid) → translation, a list for plural forms): ``python scripts/fill.py part FILE``."""

from __future__ import annotations

import runpy
import sys

from scripts import catalog


def main(part: str, source: str) -> None:
    table = runpy.run_path(source)["T"]
    path = catalog.LOCALE / "de" / "LC_MESSAGES" / f"{part}.po"
    entries = list(catalog.read_po(path).values())
    found = {e.key: e for e in catalog.messages_by_part()[part]}
    for entry in entries:
        key = entry.msgid if entry.context is None else (entry.context, entry.msgid)
        if key in table:
            value = table[key]
            entry.strings = list(value) if isinstance(value, list) else [value]
        if entry.key in found:
            entry.places = found[entry.key].places
    catalog.write_po(path, "de", entries)


if __name__ == "__main__":
    main(*sys.argv[1:])

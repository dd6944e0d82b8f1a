"""Choosing the language: --lang, the environment, English as the fallback; and the catalogs,
where a message without its German translation fails the run."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from convtrace import language
from convtrace.cli import main
from scripts import catalog


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "en"),
        ({"LANG": "de_DE.UTF-8"}, "de"),
        ({"LANG": "C"}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "en"),
        ({"LC_ALL": "de_AT", "LANG": "en_US"}, "de"),
        ({"LC_MESSAGES": "de_CH.utf8"}, "de"),
        ({"LANGUAGE": "fr:de", "LANG": "en_US"}, "de"),
        ({"LANGUAGE": "en", "LC_ALL": "de_DE"}, "en"),
        ({"LANGUAGE": "", "LANG": "de"}, "de"),
    ],
)
def test_the_environment_names_the_language_as_gettext_reads_it(environ, expected):
    assert language.from_environment(environ) == expected


def test_a_language_convtrace_lacks_is_named_with_the_ones_it_has():
    with pytest.raises(ValueError, match="convtrace speaks en, de"):
        language.normalized("fr")
    assert language.normalized("de-AT.UTF-8") == "de"


def test_german_writes_a_decimal_comma_unless_told_otherwise():
    with language.speaking("de"):
        assert language.decimal_comma()
    with language.speaking("de", decimal_comma=False):
        assert not language.decimal_comma()
    with language.speaking("en", decimal_comma=True):
        assert language.decimal_comma()
    assert language.current() == "en" and not language.decimal_comma()


def test_english_is_the_source_itself():
    assert language._("Convolution trace") == "Convolution trace"
    assert language.ngettext("filter", "filters", 2) == "filters"


def test_the_german_catalog_answers():
    with language.speaking("de"):
        assert language._("Convolution trace") != "Convolution trace"
        assert language._("a message no catalog has") == "a message no catalog has"


def test_an_unknown_lang_is_one_line_and_exit_2():
    result = CliRunner().invoke(main, ["run", "seed", "--lang", "xx"])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1
    assert "no language 'xx'" in result.output


def test_every_message_has_its_german_translation_and_the_mo_files_are_compiled():
    """Fails on a message added to the source without its translation: run
    ``python scripts/catalog.py update``, translate, then ``compile``."""
    assert catalog.problems() == []


def test_the_catalog_tool_reads_what_it_writes(tmp_path):
    entries = [
        catalog.Entry("one {n}", strings=["eins {n}"], places=["convtrace/a.py:1"]),
        catalog.Entry('line\nbreak "q"', strings=["Zeile\nUmbruch „q“"], places=["x:2"]),
        catalog.Entry("{n} filter", "{n} filters", strings=["{n} Filter", "{n} Filter"]),
        catalog.Entry("Stride", context="word", strings=["Schrittweite"]),
    ]
    path = tmp_path / "x.po"
    catalog.write_po(path, "de", entries)
    again = catalog.read_po(path)
    assert [(e.key, e.plural, e.strings) for e in again.values()] == [
        (e.key, e.plural, e.strings) for e in entries
    ]
    import gettext

    mo = tmp_path / "x.mo"
    mo.write_bytes(catalog.mo_bytes("de", entries))
    with mo.open("rb") as file:
        read = gettext.GNUTranslations(file)
    assert read.gettext('line\nbreak "q"') == "Zeile\nUmbruch „q“"
    assert read.ngettext("{n} filter", "{n} filters", 3) == "{n} Filter"
    assert read.pgettext("word", "Stride") == "Schrittweite"


def test_every_command_s_help_is_in_german():
    """The help of each command, and of each of its options, is translated where it is shown
    (a help text whose catalog entry no longer matches the source would come out English)."""
    from convtrace.cli import main as group

    for name in group.commands:
        english = CliRunner().invoke(main, [name, "--help"]).output
        german = CliRunner().invoke(main, [name, "--help", "--lang", "de"]).output
        assert german.startswith("Aufruf:"), name
        described = [line for line in english.splitlines()[2:] if line.strip()]
        assert described[0] not in german, f"{name}: {described[0]!r} is still English"
        options = english.partition("Options:")[2].splitlines()
        helps = [re.split(r"\s{2,}", line.strip())[-1] for line in options if line.strip()]
        for text in helps:
            if len(text.split()) >= 4:  # a sentence, not an option's name or a choice list
                assert text not in german, f"{name}: {text!r} is still English"


def test_the_all_option_names_the_cell_limit_it_is_written_with():
    from convtrace.cli.guard import CELL_LIMIT

    help_text = CliRunner().invoke(main, ["run", "--help"]).output
    assert f"asks above {CELL_LIMIT})" in " ".join(help_text.split())

"""Every command's --help: each ``Example:`` line runs as written from an empty folder, the text
wraps between words only, and showing it stays light (no numpy, no rich)."""

from __future__ import annotations

import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from convtrace.cli import main
from tests.examples import check_result, joined_lines, run_line


def commands() -> list[tuple[str, click.Command]]:
    """``convtrace`` and each of its commands, by the words that call them."""
    return [("convtrace", main), *((f"convtrace {n}", c) for n, c in sorted(main.commands.items()))]


def examples(command: click.Command) -> list[str]:
    """The lines of the help's ``Example:`` block."""
    text = command.help or ""
    if "Example:" not in text:
        return []
    return joined_lines(text.split("Example:", 1)[1].split("\n\n")[0])


ALL_EXAMPLES = [line for _, command in commands() for line in examples(command)]


def test_every_command_has_examples_that_use_no_repository_path():
    for name, command in commands():
        lines = examples(command)
        assert lines, f"{name} --help has no Example: block"
        for line in lines:
            assert line.startswith(("convtrace ", "echo ")) and "samples/" not in line
    assert "convtrace run big --summary" in ALL_EXAMPLES


def test_every_example_runs_from_an_empty_folder(tmp_path, monkeypatch):
    """In order, as a reader tries them: quiz writes sheet/ before check reads it."""
    monkeypatch.chdir(tmp_path)
    for line in ALL_EXAMPLES:
        check_result(line, *run_line(line))


def test_the_examples_write_what_they_say(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for line in ALL_EXAMPLES:
        if "--export" in line or "quiz" in line:
            run_line(line)
    assert "\n# " in (tmp_path / "seed.md").read_text(encoding="utf-8")
    assert "\\begin{document}" in (tmp_path / "sheet.tex").read_text(encoding="utf-8")
    for folder in ("sheet", "sheet7"):
        assert (tmp_path / folder / "task.json").is_file()


# --- wrapping ----------------------------------------------------------------------------------


def help_text(words: list[str], width: int) -> str:
    result = CliRunner().invoke(main, [*words, "--help"], terminal_width=width)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("width", [40, 52, 67, 80])
@pytest.mark.parametrize("name", [name for name, _ in commands()])
def test_help_breaks_lines_between_words_only(name, width):
    """Every word of a narrow help is a word of the unwrapped one: none was cut in two."""
    words = name.split()[1:]
    whole = set(help_text(words, 1000).split())
    narrow = help_text(words, width)
    cut = [word for word in narrow.split() if word not in whole]
    assert cut == []


def test_a_hyphenated_word_stays_whole_in_a_narrow_help():
    narrow = help_text(["run"], 70)
    assert "cross-correlation" in narrow and "zero-based" in narrow


# --- start-up ----------------------------------------------------------------------------------


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["run", "--help"], ["samples"]])
def test_version_help_and_samples_load_neither_numpy_nor_rich(args, tmp_path):
    code = (
        "import sys; from convtrace.cli import main\n"
        f"try:\n    main({args!r}, prog_name='convtrace')\nexcept SystemExit:\n    pass\n"
        "print('numpy' in sys.modules, 'rich' in sys.modules, file=sys.stderr)"
    )
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    imported = {line.split("|")[-1].strip() for line in done.stderr.splitlines() if "|" in line}
    assert done.stderr.splitlines()[-1] == "False False"
    assert "numpy" not in imported and "rich" not in imported
    assert "convtrace.cli" in imported  # the measurement did see the CLI's imports

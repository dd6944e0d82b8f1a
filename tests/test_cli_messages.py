"""What the CLI says besides results: usage errors at the top level in the same one line as
every other error, and where an export went."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from convtrace.cli import main
from convtrace.cli.show import file_size


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["-V"], "convtrace: No such option '-V'. (see 'convtrace --help')"),
        (["--bogus", "run"], "convtrace: No such option '--bogus'. (see 'convtrace --help')"),
        (["nosuch"], "convtrace: No such command 'nosuch'. (see 'convtrace --help')"),
    ],
)
def test_a_usage_error_at_the_top_level_is_one_line(args, line):
    result = invoke(*args)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [line]
    assert result.stdout == ""


def test_a_usage_error_in_a_command_is_the_same_one_line():
    result = invoke("run", "--bogus")
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("convtrace: No such option '--bogus'.")
    assert line.endswith("(see 'convtrace run --help')")


def test_convtrace_alone_shows_the_help():
    result = invoke()
    assert "Usage: convtrace [OPTIONS] COMMAND [ARGS]..." in result.output
    assert "Commands:" in result.output and "convtrace:" not in result.output


def test_version_still_works():
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout.startswith("convtrace ")


# --- exports say what they wrote -------------------------------------------------------------


def test_an_export_names_the_file_it_wrote_and_its_size(seed_path, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("run", str(seed_path), "--export", "seed.md")
    assert result.exit_code == 0, result.output
    size = (tmp_path / "seed.md").stat().st_size
    assert 1000 < size < 100_000
    assert result.stderr == f"convtrace: wrote seed.md ({size / 1000:.1f} kB)\n"
    assert result.stdout == ""


def test_an_export_to_standard_output_says_nothing_on_stderr(seed_path):
    result = invoke("run", str(seed_path), "--format", "md")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("---\npagetitle: ") and result.stderr == ""


def test_an_export_that_is_refused_writes_nothing_and_says_why(seed_path, tmp_path):
    path = tmp_path / "seed.md"
    path.write_text("mine\n", encoding="utf-8")
    result = invoke("run", str(seed_path), "--export", str(path))
    assert result.exit_code == 2
    assert "wrote" not in result.stderr and "exists already" in result.stderr
    assert path.read_text(encoding="utf-8") == "mine\n"


@pytest.mark.parametrize(
    ("size", "said"),
    [
        (0, "0 bytes"),
        (1, "1 byte"),
        (999, "999 bytes"),
        (1000, "1.0 kB"),
        (12_345, "12.3 kB"),
        (999_949, "999.9 kB"),
        (999_950, "1.0 MB"),
        (4_500_000, "4.5 MB"),
        (2_000_000_000, "2.0 GB"),
    ],
)
def test_file_sizes_are_said_in_powers_of_1000(size, said):
    assert file_size(size) == said

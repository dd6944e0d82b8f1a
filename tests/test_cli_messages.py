"""What the CLI says besides results: usage errors at the top level in the same one line as
every other error."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from convtrace.cli import main


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

"""The README's hyperparameter section shows real output: each excerpt is checked against the
command above it, run as a user would (no colour, 100 columns)."""

from __future__ import annotations

import re
import shlex

import pytest
from click.testing import CliRunner

from convtrace.cli import main
from tests.conftest import ROOT

SECTION = "## Hyperparameters, one by one"


def examples() -> list[tuple[str, list[str]]]:
    """(command, [excerpt, …]) for each ```bash block of the section and the ```text blocks
    that follow it."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index(SECTION)
    section = readme[start : readme.index("\n## ", start)]  # up to the next section
    found: list[tuple[str, list[str]]] = []
    for kind, body in re.findall(r"```(bash|text)\n(.*?)```", section, flags=re.S):
        if kind == "bash":
            found.append((body.strip(), []))
        else:
            found[-1][1].append(body)
    return found


def test_every_option_has_an_example():
    commands = " ".join(command for command, _ in examples())
    for option in ("--stride 2,1", "--padding same", "--padding-mode", "--dilation", "--groups"):
        if option == "--groups":
            assert "run depthwise" in commands
        else:
            assert option in commands
    assert "--flip" in commands and "run signal" in commands


@pytest.mark.parametrize(("command", "excerpts"), examples(), ids=[c for c, _ in examples()])
def test_readme_excerpt_is_what_the_tool_prints(command, excerpts):
    args = shlex.split(command)
    assert args[0] == "convtrace"
    result = CliRunner().invoke(main, [*args[1:], "--no-color"])
    assert result.exit_code == 0, result.stderr
    printed = "\n".join(line.rstrip() for line in result.stdout.splitlines())
    assert excerpts
    for excerpt in excerpts:
        assert excerpt.rstrip("\n") in printed

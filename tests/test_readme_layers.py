"""The README's layers section shows real output: every line of each excerpt (but those with
an ellipsis, which stand for lines left out) is printed by the commands of the block above it,
run as a user would (no colour). Error excerpts are one line each, shown by the bad-input
tests."""

from __future__ import annotations

import re
import shlex

import pytest
from click.testing import CliRunner

from convtrace.cli import main
from tests.conftest import ROOT

SECTION = "## Layers: ReLU, pooling, transposed convolution, fractions"


def examples() -> list[tuple[list[str], str]]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index(SECTION)
    section = readme[start : readme.index("\n## ", start + 1)]
    found: list[tuple[list[str], str]] = []
    commands: list[str] = []
    for kind, body in re.findall(r"```(bash|text)\n(.*?)```", section, flags=re.S):
        if kind == "bash":
            commands = [re.sub(r"\s+# .*$", "", line) for line in body.strip().splitlines()]
        elif not body.startswith("convtrace:"):
            found.append((commands, body))
    return found


def output_of(commands: list[str], tmp_path, monkeypatch) -> str:
    monkeypatch.chdir(tmp_path)
    printed = []
    for command in commands:
        args = shlex.split(command)
        result = CliRunner().invoke(main, [*args[1:], "--no-color"])
        assert result.exit_code == 0, (command, result.stderr)
        printed += [line.rstrip() for line in result.stdout.splitlines()]
    return "\n".join(printed)


@pytest.mark.parametrize(("commands", "excerpt"), examples(), ids=lambda v: str(v)[:40])
def test_layers_excerpts_are_what_the_tool_prints(commands, excerpt, tmp_path, monkeypatch):
    printed = output_of(commands, tmp_path, monkeypatch)
    for line in excerpt.rstrip("\n").splitlines():
        if "…" not in line:
            assert line.rstrip() in printed, line


def test_the_section_shows_every_layer_type_and_option():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index(SECTION) :]
    for word in (
        "--then relu",
        "--cell 3:",
        "--view direct",
        "--exact",
        "--precision",
        "convtrace code",
        "--layer 2",
        "quiz --seed 3 --then",
        "--step",
        "leaky_relu",
        "avgpool",
        "conv_transpose",
        "count_include_pad",
        "output_padding",
    ):
        assert word in section, word

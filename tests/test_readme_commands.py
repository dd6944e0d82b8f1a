"""Every ``convtrace`` command in the README's shell blocks runs as written from an empty folder
(samples by name), in the order a reader meets them."""

from __future__ import annotations

import re

from tests.conftest import ROOT
from tests.examples import check_result, joined_lines, run_line

#: Shown but not run here, each for its reason: a template with placeholders, and the two that
#: print all 16,384 cells of the big sample as text (minutes; the engine and the writers are
#: proven on big traces elsewhere).
NOT_RUN = {
    "convtrace run --input x.csv --kernel k.csv [--kernel k2.csv …] [--bias 1 …] --stride 2 "
    "--padding 1",
    "convtrace run big --all",
    "convtrace run big > trace.txt",
}


def readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    lines = []
    for block in re.findall(r"```bash\n(.*?)```", readme, flags=re.S):
        for line in joined_lines(block):
            command = re.sub(r"\s+# .*$", "", line)  # the comment, if any
            if command.startswith(("convtrace ", "python -m convtrace ")) or "| convtrace" in line:
                lines.append(command)
    return lines


def test_the_readme_shows_the_commands_this_test_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "```bash\npip install . && convtrace run seed\n" in readme  # the very first command
    commands = readme_commands()
    assert commands[0] == "convtrace run seed"
    assert set(commands) >= NOT_RUN
    assert len(commands) > 30


def test_every_readme_command_runs_from_an_empty_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for line in readme_commands():
        if line not in NOT_RUN:
            check_result(line, *run_line(line))


def test_the_readme_python_api_runs_as_written(tmp_path, monkeypatch):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Python API") : readme.index("## Development")]
    (block,) = re.findall(r"```python\n(.*?)```", section, flags=re.S)
    monkeypatch.chdir(tmp_path)  # samples by name, from any folder
    namespace: dict = {}
    exec(compile(block, "README.md", "exec"), namespace)
    t = namespace["t"]  # [[1, 0], [0, −1]] on the 3×3 padded by 1: o = x[i−1, j−1] − x[i, j] + 1
    assert t.output.shape == (1, 4, 4) and t.output[0, 0, 0] == 0 and t.output[0, 1, 1] == -3
    assert namespace["task"].kernel_size == (3, 3)  # sobel-x on the gray crop
    g = namespace["g"]
    # G = [[1, 0, −2], [0, 3, 0], [2, 0, 1]]: ∂L/∂b is its sum (test_grad_engine has the rest)
    assert g.grad_bias == (5,)

"""Running documented command lines (``--help`` examples, README blocks) as a user types them."""

from __future__ import annotations

import dataclasses
import json
import re
import shlex
import subprocess
from pathlib import Path

import numpy as np
from click.testing import CliRunner, Result

import convtrace
from convtrace.cli import main
from tests.reference import conv2d, leaky_relu, max_pool2d


def joined_lines(block: str) -> list[str]:
    """The lines of a block of commands, a ``\\`` continuation joined to its line."""
    lines: list[str] = []
    for line in block.strip().splitlines():
        if lines and lines[-1].endswith("\\"):
            lines[-1] = lines[-1][:-1].rstrip() + " " + line.strip()
        elif line.strip():
            lines.append(line.strip())
    return lines


def reference_answer(task_name: str, layer: int | None = None) -> list:
    """The right output of a task (of a chain's layer ``layer``, by default its last), from the
    naive loops (convtrace only reads the file)."""
    task = convtrace.load_task(task_name)
    if hasattr(task, "layers"):
        return chain_answer(task, layer or len(task.layers))
    return conv_answer(task)


def chain_answer(chain, layer: int) -> list:
    """Layer ``layer``'s output of a chain of convolutions, ReLUs and max pools."""
    x = chain.x.tolist()
    for spec in chain.layers[:layer]:
        if hasattr(spec, "task"):
            x = conv_answer(dataclasses.replace(spec.task, x=np.array(x)))
        elif getattr(spec, "kind", "") == "relu":
            x = leaky_relu(x, 0)
        else:
            x = max_pool2d(x, spec.size, spec.stride, spec.padding, spec.dilation, spec.ceil_mode)
    return x


def conv_answer(task) -> list:
    return conv2d(
        task.x.tolist(),
        [f.weights.tolist() for f in task.filters],
        [f.bias for f in task.filters],
        stride=task.stride,
        padding=task.padding,
        padding_mode=task.padding_mode,
        dilation=task.dilation,
        groups=task.groups,
        flip=task.flip,
    )


#: ``check``'s options that take a value (the other words are the task and the answers).
VALUE_OPTIONS = (
    "--class", "--gradebook", "--feedback", "--tolerance", "--format", "--points", "--layer"
)  # fmt: skip


def positional(args: list[str]) -> list[str]:
    """The words of a ``check`` line that are neither options nor their values."""
    words = []
    for n, arg in enumerate(args[1:], 1):
        if not arg.startswith("-") and args[n - 1] not in VALUE_OPTIONS:
            words.append(arg)
    return words


def write_answer(task_name: str, answer: str | Path, layer: int | None = None) -> None:
    """The right output of the task (or of a chain's layer) with o[0, 0, 0] one too big, as
    CSV or JSON."""
    output = reference_answer(task_name, layer)
    output[0][0][0] += 1
    if str(answer).endswith(".json"):
        text = json.dumps({"output": output})
    else:
        text = "\n\n".join("\n".join(",".join(map(str, r)) for r in plane) for plane in output)
    with open(answer, "w", encoding="utf-8") as out:
        out.write(text + "\n")


def write_grad_answer(task: str, answer: str, of: str) -> None:
    """``check TASK ANSWER --of grad-…``: the right gradient with its first cell one too big."""
    result = CliRunner().invoke(main, ["grad", task, "--format", "json"])
    values = np.array(json.loads(result.stdout)[of.replace("-", "_")])
    values.reshape(-1)[0] += 1
    Path(answer).write_text(json.dumps(values.tolist()), encoding="utf-8")


def prepare_answer(args: list[str]) -> None:
    """``check TASK ANSWER``: write ANSWER, the right output with o[0, 0, 0] one too big; a
    folder of answers (``ANSWERS/``) gets two, and ``--class DIR`` one per student."""
    of = args[args.index("--of") + 1] if "--of" in args else None
    if "--class" in args:
        folder = Path(args[args.index("--class") + 1])
        answers = Path(positional(args)[0])
        answers.mkdir(exist_ok=True)
        for entry in json.loads((folder / "class.json").read_text(encoding="utf-8"))["exercises"]:
            task = str(folder / entry["folder"] / "task.json")
            if of is None:
                write_answer(task, answers / f"{entry['folder']}.csv")
            else:
                write_grad_answer(task, str(answers / f"{entry['folder']}.json"), of)
        return
    if of is not None:
        write_grad_answer(positional(args)[0], positional(args)[1], of)
        return
    task_name, answer = positional(args)[:2]
    layer = int(args[args.index("--layer") + 1]) if "--layer" in args else None
    if answer.endswith("/"):
        Path(answer).mkdir(exist_ok=True)
        for name in ("ada.csv", "grace.json"):
            write_answer(task_name, Path(answer, name))
        return
    write_answer(task_name, answer, layer)


def run_line(line: str) -> tuple[list[str], Result]:
    """Run one command line in the current folder: the left side of a pipe through the shell,
    ``> FILE`` into that file, a ``check``'s answer file prepared first."""
    stdin = None
    if " | " in line:
        left, line = line.rsplit(" | ", 1)
        done = subprocess.run(left, shell=True, capture_output=True, text=True, check=True)
        stdin = done.stdout
    args = shlex.split(line, comments=True)
    if args[:3] == ["python", "-m", "convtrace"]:
        args = ["convtrace", *args[3:]]
    assert args[0] == "convtrace", line
    args, redirect = args[1:], None
    if ">" in args:
        args, redirect = args[: args.index(">")], args[args.index(">") + 1]
    if args[0] == "check":
        prepare_answer(args)
    result = CliRunner().invoke(main, args, input=stdin)
    if redirect:
        with open(redirect, "w", encoding="utf-8") as out:
            out.write(result.stdout)
    return args, result


def check_result(line: str, args: list[str], result: Result) -> None:
    """What a documented command must do: run cleanly, ``check`` finding the one wrong cell,
    ``--step`` (no terminal here) refusing in one line."""
    assert "Traceback" not in result.output, line
    assert result.exception is None or isinstance(result.exception, SystemExit), line
    if "--step" in args:
        assert result.exit_code == 2, line
        assert result.stderr.startswith("convtrace: --step needs an interactive terminal"), line
    elif args[0] == "check" and ("--class" in args or positional(args)[-1].endswith("/")):
        assert result.exit_code == 1, (line, result.stderr)  # a batch: a line per answer
        counts = re.findall(r" (\d+)/(\d+) ", result.stdout)
        assert result.stdout.startswith("Graded ") and counts, line
        assert all(int(right) == int(total) - 1 for right, total in counts), line
    elif args[0] == "check" and "--of" in args:
        assert result.exit_code == 1, (line, result.stderr)
        assert "\u2202L/\u2202" in result.stdout, line
    elif args[0] == "check":
        assert result.exit_code == 1, (line, result.stderr)
        assert re.search(r"o\d*\[0, 0, 0\]", result.stdout), line
    else:
        assert result.exit_code == 0, (line, result.stderr)
        if "--export" in args:
            assert Path(args[args.index("--export") + 1]).is_file(), line
        else:
            assert result.stdout, line

"""QA findings on `convtrace check` and `convtrace quiz`: each test failed before its fix."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from convtrace.cli import main
from tests.conftest import SAMPLES

ROOT = Path(__file__).resolve().parent.parent
SEED = str(SAMPLES / "seed.json")
SEED_OUTPUT = [[3, 7, 4], [17, -7, 1], [14, 25, 13]]


def cli(*args):
    return CliRunner().invoke(main, [*map(str, args)])


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def one_line_error(result, *parts):
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("convtrace: ")
    for part in parts:
        assert part in lines[0]
    return lines[0]


# --- 1. quiz: a folder that cannot be made or written ----------------------------------------


def test_quiz_folder_below_a_file(tmp_path):
    afile = tmp_path / "afile"
    afile.write_text("x", encoding="utf-8")
    result = cli("quiz", "--seed", 4, "-o", afile / "sub")
    one_line_error(result, f"{afile / 'sub'}: cannot create the folder (not a directory)")


def test_quiz_folder_where_nothing_can_be_made(tmp_path):
    result = cli("quiz", "--seed", 4, "-o", "/proc/nope")
    one_line_error(result, "/proc/nope: cannot create the folder (")


def test_quiz_permission_denied(tmp_path, monkeypatch):
    # tests may run as root, where chmod does not stop anyone: the system's refusal is faked
    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "mkdir", refuse)
    result = cli("quiz", "--seed", 4, "-o", tmp_path / "new")
    one_line_error(result, "cannot create the folder (permission denied)")


def test_quiz_task_file_not_writable(tmp_path, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "write_text", refuse)
    result = cli("quiz", "--seed", 4, "-o", tmp_path / "new")
    one_line_error(result, "task.json: cannot write here (permission denied)")


# --- 2. check: a tolerance that is not a finite number ---------------------------------------


@pytest.mark.parametrize("tolerance", ["nan", "inf", "1e400", "-inf"])
@pytest.mark.parametrize("fmt", ["text", "json"])
def test_non_finite_tolerance_is_refused(tmp_path, tolerance, fmt):
    answer = write(tmp_path, "right.csv", "3,7,4\n17,-7,1\n14,25,13\n")
    result = cli("check", SEED, answer, "--tolerance", tolerance, "--format", fmt)
    one_line_error(result, "--tolerance: must be a finite number")
    assert result.stdout == ""  # no JSON with NaN in it


def test_non_finite_tolerance_in_the_library():
    from convtrace import trace
    from convtrace.errors import InputError
    from convtrace.homework import check

    with pytest.raises(InputError, match="finite"):
        check(trace(SEED), [SEED_OUTPUT], float("nan"))

"""The samples ship with convtrace: listed by ``convtrace samples``, and a sample's name works
wherever a file goes when no such file is in the current folder."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import convtrace
from convtrace import samples
from convtrace.cli import main
from tests.conftest import ROOT, SAMPLES
from tests.reference import conv2d

SEED_OUTPUT = [[[3, 7, 4], [17, -7, 1], [14, 25, 13]]]  # the lecture note's answer


def invoke(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input)


@pytest.fixture
def elsewhere(tmp_path, monkeypatch):
    """An empty folder as the current one: no sample file is here."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_every_sample_file_is_described_and_every_description_has_a_file():
    on_disk = {p.name for p in SAMPLES.iterdir() if p.suffix in (".json", ".csv", ".png")}
    assert on_disk == set(samples.SAMPLES)
    names = [samples.name_of(file) for file in samples.SAMPLES]
    assert len(set(names)) == len(names)  # a name stands for one sample


def test_the_package_folder_is_the_repository_samples_folder():
    assert SAMPLES.resolve() == samples.FOLDER


def test_samples_lists_one_line_each(elsewhere):
    result = invoke("samples")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == len(samples.SAMPLES)
    assert [line.split()[0] for line in lines] == [samples.name_of(f) for f in samples.SAMPLES]
    assert lines[0].startswith("seed ") and "lecture note" in lines[0]
    assert max(len(line) for line in lines) <= 100


@pytest.mark.parametrize("name", ["seed", "seed.json"])
def test_run_takes_a_sample_name(elsewhere, name):
    result = invoke("run", name, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["output"] == SEED_OUTPUT


def test_input_and_kernel_take_sample_names(elsewhere):
    result = invoke(
        "run", "--input", "seed-input", "--kernel", "seed-kernel.csv", "--bias", "1",
        "--stride", "2", "--padding", "1", "--no-color",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "(seed-input.csv)" in result.stdout  # called by its name, not the install folder
    assert str(samples.FOLDER) not in result.stdout
    assert "14  25  13" in result.stdout


def test_check_takes_a_sample_name(elsewhere):
    (elsewhere / "answer.csv").write_text("2,6,3\n16,-8,0\n13,24,12\n", encoding="utf-8")
    result = invoke("check", "seed", "answer.csv", "-q", "--format", "json")
    assert result.exit_code == 1, result.output
    verdict = json.loads(result.stdout)
    assert verdict["task"] == "seed.json" and verdict["cells"]["wrong"] == 9


def test_the_api_takes_a_sample_name(elsewhere):
    assert convtrace.trace("seed").output.tolist() == SEED_OUTPUT
    assert convtrace.load_task("seed").source == "seed.json"
    assert convtrace.load_task("rect", options={"stride": 2}).stride == (2, 2)


def test_a_file_in_the_current_folder_comes_before_a_sample(elsewhere):
    (elsewhere / "seed").write_text(
        '{"input": [[1, 2], [3, 4]], "filter": [[1]], "bias": 5}', encoding="utf-8"
    )
    assert convtrace.trace("seed").output.tolist() == [[[6, 7], [8, 9]]]
    result = invoke("run", "seed", "--format", "json")
    assert json.loads(result.stdout)["output"] == [[[6, 7], [8, 9]]]


@pytest.mark.parametrize("name", ["missing.json", "seeds", "seed.yaml", "./seed", "data/seed.json"])
def test_a_missing_file_that_is_no_sample_name_says_so(elsewhere, name):
    result = invoke("run", name)
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith(f"convtrace: {name}: ")  # the name as the user typed it
    assert "no such file" in line or "does not exist" in line
    with pytest.raises(convtrace.InputError, match=r"no such file|does not exist"):
        convtrace.trace(name)


def test_an_error_in_a_sample_run_names_the_sample_not_the_install_folder(elsewhere):
    result = invoke("run", "--input", "seed-input", "--kernel", "rect")
    assert result.exit_code == 2
    assert str(samples.FOLDER) not in result.stderr
    assert result.stderr.startswith("convtrace: rect.json: ")


def test_the_big_sample_is_what_the_help_says():
    """64×64×3, filters w0 … w3 and padding 1: the README's --filter w1 --cols 10..12 work."""
    doc = json.loads((SAMPLES / "big.json").read_text(encoding="utf-8"))
    assert [len(doc["input"]), len(doc["input"]["R"]), len(doc["input"]["R"][0])] == [3, 64, 64]
    assert [f["name"] for f in doc["filters"]] == ["w0", "w1", "w2", "w3"]
    assert 20_000 < (SAMPLES / "big.json").stat().st_size < 100_000
    trace = convtrace.trace("big")
    assert trace.shape == (4, 64, 64)
    x = list(doc["input"].values())
    weights = [list(f["weights"].values()) for f in doc["filters"]]
    expected = conv2d(x, weights, [f["bias"] for f in doc["filters"]], padding=(1, 1, 1, 1))
    assert trace.output.tolist() == expected


def test_the_big_summary_and_a_slice_of_it(elsewhere):
    summary = invoke("run", "big", "--summary", "--no-color")
    assert summary.exit_code == 0, summary.output
    assert "Output statistics (16,384 values)" in summary.stdout.replace("16384", "16,384")
    picked = invoke("run", "big", "--filter", "w1", "--rows", "0..2", "--cols", "10..12",
                    "--format", "json")  # fmt: skip
    cells = json.loads(picked.stdout)["cells"]
    assert [(c["filter"], c["row"], c["col"]) for c in cells] == [
        (1, i, j) for i in range(3) for j in range(10, 13)
    ]


# --- packaging -------------------------------------------------------------------------------


def builds_wheels_here() -> bool:
    """Whether this environment's setuptools can build the wheel without pip fetching one: it
    needs bdist_wheel, part of setuptools from 70.1 and of the wheel package before that (a new
    venv of Python 3.11 has setuptools 65 and no wheel)."""
    try:
        version = importlib.metadata.version("setuptools")
    except importlib.metadata.PackageNotFoundError:
        return False
    major, minor = (int(part) for part in version.split(".")[:2])
    return (major, minor) >= (70, 1) or importlib.util.find_spec("wheel") is not None


def test_a_plain_install_ships_the_samples(tmp_path):
    """``pip install .`` (here into a folder of its own) installs the samples as package data,
    and a run from another folder finds them by name."""
    source = tmp_path / "source"  # a copy, so that the build leaves nothing in the repository
    for part in ("convtrace", "samples"):
        shutil.copytree(ROOT / part, source / part, ignore=shutil.ignore_patterns("__pycache__"))
    for part in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy(ROOT / part, source / part)
    target = tmp_path / "site"
    isolation = ["--no-build-isolation"] if builds_wheels_here() else []
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", *isolation,
         "--target", str(target), str(source)],
        check=True, capture_output=True, timeout=300, cwd=tmp_path,
    )  # fmt: skip
    installed = target / "convtrace" / "samples"
    assert {p.name for p in installed.iterdir() if p.suffix != ".py"} >= set(samples.SAMPLES)
    code = (
        "import convtrace, convtrace.samples as s; "
        "print(convtrace.__file__); print(s.FOLDER); print(convtrace.trace('seed').output.tolist())"
    )
    other = tmp_path / "other"
    other.mkdir()
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={"PYTHONPATH": str(target), "PATH": ""},
        capture_output=True, text=True, check=True, timeout=60, cwd=other,
    )  # fmt: skip
    module, folder, output = done.stdout.splitlines()
    assert Path(module).is_relative_to(target) and Path(folder) == installed
    assert output == str(SEED_OUTPUT)


def test_the_editable_install_finds_the_samples_from_another_folder(tmp_path):
    done = subprocess.run(
        [sys.executable, "-c", "import convtrace.samples as s; print(s.FOLDER)"],
        capture_output=True, text=True, check=True, timeout=60, cwd=tmp_path,
    )  # fmt: skip
    assert Path(done.stdout.strip()) == SAMPLES.resolve()

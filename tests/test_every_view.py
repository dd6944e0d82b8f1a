"""Every shipped sample through ``run`` and ``grad`` with each view, format and export a user
may combine: each ends in 0, or in 2 with one line on stderr; never a traceback. (A crawl of
these combinations found six crashes at once: a backward pass to .html or .svg, a grouped
task's LaTeX gradients, ``grad --exact``, a pooling chain's LaTeX and ``run signal --rows``.)"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from convtrace.cli import main

SAMPLES = [
    "seed",
    "cs231n",
    "single-channel",
    "rect",
    "depthwise",
    "signal",
    "chain",
    "upsample",
    "box-blur",
    "box-mean",
    "pooling",
]
PHOTO = ["--image", "house", "--kernel", "sobel-x", "--max-size", "8"]

VIEWS = [
    [],
    ["-q"],
    ["--format", "json"],
    ["--format", "md"],
    ["--format", "latex"],
    ["--format", "html"],
    ["--format", "svg"],
    ["--view", "matrix"],
    ["--ascii"],
    ["--lang", "de"],
    ["--exact"],
    ["--summary"],
    ["--heatmap"],
    ["--then", "relu"],
    ["--then", "maxpool:2"],
    ["--cell", "0,0,0"],
    ["--cell", "1:0,0,0"],  # a chain's first layer (a layer-less task refuses it in one line)
    ["--all"],
    ["--step"],
    ["--fine"],
    ["--rows", "0..1"],
    ["--precision", "2"],
]
EXPORTS = [[], ["--export", "x.html"], ["--export", "x.svg"], ["--export", "x.tex"]]


@pytest.mark.parametrize("command", ["run", "grad"])
@pytest.mark.parametrize("sample", [*SAMPLES, "photo"])
def test_no_view_of_a_sample_reaches_a_traceback(tmp_path, monkeypatch, command, sample):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    source = PHOTO if sample == "photo" else [sample]
    for view in VIEWS:
        for export in EXPORTS:
            args = (
                [command, *source, *view, *export, "--force"]
                if export
                else [command, *source, *view]
            )
            result = runner.invoke(main, args)
            said = " ".join(args)
            assert result.exit_code in (0, 2), f"{said}: {result.exception!r}"
            assert "Traceback" not in result.output, said
            if result.exit_code == 2:
                lines = [line for line in result.stderr.splitlines() if line.strip()]
                assert len(lines) == 1, f"{said}: {lines}"

"""Every sample, in every export format, through the real renderers where they are installed."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

import convtrace
from convtrace.export import write_export
from convtrace.render.latex import render_latex
from convtrace.render.markdown import render_markdown
from tests.conftest import SAMPLES
from tests.layer_tables import chain_tables
from tests.test_export_latex import ENGINES, TEX_MISSING, compile_tex, matrices
from tests.test_export_markdown import expected_tables, tables, unitalic

# big (16,384 cells) is for the terminal's big-trace views; big exports are proven in test_scale
SAMPLE_FILES = sorted(p for p in SAMPLES.glob("*.json") if p.stem != "big")
OPTIONS = [{}, {"worksheet": True, "answers": True}]


@pytest.fixture(params=SAMPLE_FILES, ids=[p.stem for p in SAMPLE_FILES])
def trace(request):
    return convtrace.trace(request.param)


def test_every_matrix_is_a_table_and_a_bmatrix(trace):
    expected = chain_tables(trace) if hasattr(trace, "layers") else expected_tables(trace)
    md = tables(render_markdown(trace))
    assert [[[unitalic(c.strip("*")) for c in row] for row in t] for t in md] == expected
    bold = r"\\mathbf\{(.*)\}"
    tex = [
        [[re.sub(bold, r"\1", c) for c in row] for row in t] for t in matrices(render_latex(trace))
    ]
    assert tex == expected


@pytest.mark.parametrize("fmt", ["md", "tex", "html", "svg", "json", "txt"])
def test_every_format_writes(trace, tmp_path, fmt):
    path = tmp_path / f"out.{fmt}"
    write_export(trace, path)
    data = path.read_bytes()
    assert data.endswith(b"\n") and b"\x1b" not in data
    write_export(trace, path, force=True)
    assert path.read_bytes() == data


@pytest.mark.skipif(
    shutil.which("pandoc") is None, reason="pandoc is not installed (Debian package pandoc)"
)
@pytest.mark.parametrize("options", OPTIONS, ids=["solution", "worksheet"])
def test_pandoc_reads_markdown_and_latex_cleanly_and_links_resolve(trace, tmp_path, options):
    text = render_markdown(trace, **options)
    for reader, source in (("markdown", text), ("latex", render_latex(trace, **options))):
        result = subprocess.run(
            ["pandoc", "--fail-if-warnings", "-f", reader, "-t", "html", "--mathml"],
            input=source,
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert result.stderr == ""
        if reader == "markdown":
            for link in re.findall(r"\]\(#([^)]+)\)", text):
                assert f'id="{link}"' in result.stdout, link


@pytest.mark.skipif(not ENGINES, reason=TEX_MISSING)
@pytest.mark.parametrize("options", OPTIONS, ids=["solution", "worksheet"])
def test_latex_compiles(trace, tmp_path, options):
    source = tmp_path / "trace.tex"
    source.write_text(render_latex(trace, **options), encoding="utf-8")
    log = compile_tex(ENGINES[0], source, tmp_path)
    assert "Overfull \\hbox" not in log

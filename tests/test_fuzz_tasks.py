"""A fuzzer of task documents: valid tasks (the samples and random ones) mutated in every way a
person or a tool might garble them, written as files and run through the CLI. Whatever the file
holds, convtrace exits 0, or 2 with one line on stderr; never a traceback."""

from __future__ import annotations

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from convtrace.cli import main
from tests.strategies import json_text, mutated_documents

VIEWS = [["-q"], ["--format", "json"], ["--summary"], ["--cell", "0,0,0"], ["--cell", "0,0"]]


@settings(
    max_examples=500,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    doc=mutated_documents(),
    view=st.sampled_from(VIEWS),
    name=st.sampled_from(["task.json", "task.txt"]),
    encoding=st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-16"]),
)
def test_no_task_document_reaches_a_traceback(tmp_path, doc, view, name, encoding):
    path = tmp_path / name
    path.write_bytes(json_text(doc).encode(encoding))
    result = CliRunner().invoke(main, ["run", str(path), *view])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.output
    assert result.exit_code in (0, 2), result.output
    if result.exit_code == 2:
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("convtrace: "), result.stderr
        assert result.stdout == ""

"""Absurd numbers (a stride of 10³⁰, a dilation of 1e308, a padding of millions) get one clear
line naming the file and the place, exit status 2, never a traceback."""

from __future__ import annotations

from tests.test_bad_input import assert_one_line_error, invoke, write

X2 = [[1, 2], [3, 4]]


def test_huge_padding_is_named_as_the_cause(seed_path, tmp_path):
    result = invoke("run", seed_path, "--padding", "99999999")
    assert_one_line_error(result, "--padding: padding 99,999,999 makes the 5×5 input")
    assert "convtrace: --padding" in result.stderr
    data = {"input": X2, "filter": [[1]], "padding": 99_999_999}
    path = write(tmp_path, "t.json", data)
    assert_one_line_error(invoke("run", path), f"{path}: padding: padding 99,999,999")

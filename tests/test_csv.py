"""CSV dialects: the delimiter and the decimal comma a spreadsheet writes are read as meant."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from convtrace.cli import main
from tests.test_bad_input import assert_one_line_error


@pytest.mark.parametrize(
    "kernel_text",
    [
        "0,25 0,25\n0,25 0,25\n",  # spaces between numbers with decimal commas
        '"0,25","0,25"\n"0,25","0,25"\n',  # a comma CSV quoting its decimal commas
        "0.25,0.25\n0.25,0.25\n",
        "0,25;0,25\n0,25;0,25\n",
    ],
)
def test_csv_decimal_comma_dialects_read_the_same(tmp_path, kernel_text):
    image = tmp_path / "img.csv"
    image.write_text("1;2;3;4\n5;6;7;8\n9;10;11;12\n13;14;15;16\n", encoding="utf-8")
    kernel = tmp_path / "k.csv"
    kernel.write_text(kernel_text, encoding="utf-8")
    result = CliRunner().invoke(
        main, ["run", "--input", str(image), "--kernel", str(kernel), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["output"] == [
        [[3.5, 4.5, 5.5], [7.5, 8.5, 9.5], [11.5, 12.5, 13.5]]
    ]


def test_comma_space_csv_stays_a_comma_csv(tmp_path):
    image = tmp_path / "img.csv"
    image.write_text("1, 2\n3, 4\n", encoding="utf-8")
    kernel = tmp_path / "k.csv"
    kernel.write_text("1\n", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["run", "--input", str(image), "--kernel", str(kernel), "--format", "json"]
    )
    assert json.loads(result.stdout)["output"] == [[[1, 2], [3, 4]]]


def test_a_field_beyond_the_csv_limit_is_one_line(tmp_path):
    image = tmp_path / "img.csv"
    image.write_text('1,"' + "2" * 200_000 + '"\n', encoding="utf-8")
    kernel = tmp_path / "k.csv"
    kernel.write_text("1\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["run", "--input", str(image), "--kernel", str(kernel)])
    assert_one_line_error(result, f"{image}: line 1: cannot be read as CSV (field larger than")


def test_fractions_in_csv_task_files_and_answers(tmp_path):
    """A box blur's 1/9 in a kernel CSV, exact with --exact; a student's -11/6 in an answer."""
    (tmp_path / "i.csv").write_text("1,2,3\n4,5,6\n7,8,9\n", encoding="utf-8")
    (tmp_path / "k.csv").write_text("1/9;1/9\n1/9;1/9\n", encoding="utf-8")
    base = ["run", "--input", str(tmp_path / "i.csv"), "--kernel", str(tmp_path / "k.csv")]
    exact = CliRunner().invoke(main, [*base, "--exact", "--format", "json"])
    assert exact.exit_code == 0, exact.output
    # windows sum to 12, 16, 24, 28: each over 9
    assert json.loads(exact.stdout)["output"] == [[["4/3", "16/9"], ["8/3", "28/9"]]]
    plain = json.loads(CliRunner().invoke(main, [*base, "--format", "json"]).stdout)
    assert plain["output"][0][0] == pytest.approx([12 / 9, 16 / 9])
    (tmp_path / "a.csv").write_text("4/3, 16/9\n8/3, 3.1111\n", encoding="utf-8")
    checked = CliRunner().invoke(main, ["check", *base[1:], str(tmp_path / "a.csv")])
    assert checked.exit_code == 0, checked.output
    (tmp_path / "z.csv").write_text("1/0,1\n1,1\n", encoding="utf-8")
    result = CliRunner().invoke(main, [*base[:3], "--kernel", str(tmp_path / "z.csv")])
    assert_one_line_error(result, "z.csv: line 1, column 1: '1/0' divides by zero")

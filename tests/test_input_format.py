"""A file is read by what it holds, in the encodings people's tools write; a file that cannot
be read says why in one line (exit 2, no traceback)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from convtrace.cli import main
from tests.test_bad_input import assert_one_line_error

TASK = {"input": [[1, 2, 3], [4, 5, 6], [7, 8, 9]], "filter": [[1, 0], [0, -1]]}
#: 1·x[i][j] − x[i+1][j+1], worked by hand.
OUTPUT = [[[-4, -4], [-4, -4]]]
CSV_INPUT = "1,2,3\n4,5,6\n7,8,9\n"
CSV_KERNEL = "1,0\n0,-1\n"


def invoke(*args, stdin=None):
    return CliRunner().invoke(main, [str(a) for a in args], input=stdin)


def output_of(result):
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["output"]


def write_bytes(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- files that are not there ----------------------------------------------------------------


@pytest.mark.parametrize("name", ["missing.csv", "missing.json", "missing.txt", "missing"])
def test_a_missing_task_file_says_so(tmp_path, name):
    path = tmp_path / name
    assert_one_line_error(invoke("run", path), f"{path}: no such file")


def test_missing_input_and_kernel_files_say_so(tmp_path):
    good = write_bytes(tmp_path, "k.csv", b"1\n")
    missing = tmp_path / "x.csv"
    assert_one_line_error(
        invoke("run", "--input", missing, "--kernel", good), f"{missing}: no such"
    )
    assert_one_line_error(
        invoke("run", "--input", good, "--kernel", missing), f"{missing}: no such"
    )


def test_a_folder_is_not_a_task(tmp_path):
    assert_one_line_error(invoke("run", tmp_path), f"{tmp_path}: is a folder, not a file")


# --- by content, not by name -----------------------------------------------------------------


@pytest.mark.parametrize("name", ["task.txt", "task.csv", "task", "task.JSON", "task.dat"])
def test_a_json_task_is_read_whatever_its_name(tmp_path, name):
    path = write_bytes(tmp_path, name, json.dumps(TASK).encode())
    assert output_of(invoke("run", path, "--format", "json")) == OUTPUT


CSV_AS_TASK = [
    (name, content)
    for name in ("x.csv", "x.txt", "x.json", "x", "x.tsv")
    for content in (CSV_INPUT, "1;2\n3;4\n", "0,5 1,5\n", "7\n")
    if (name, content) != ("x.json", "7\n")  # a .json file holding 7 is a JSON number
]


@pytest.mark.parametrize(("name", "content"), CSV_AS_TASK)
def test_a_csv_given_as_a_task_gets_the_way_to_use_it(tmp_path, name, content):
    path = write_bytes(tmp_path, name, content.encode())
    assert_one_line_error(
        invoke("run", path),
        f"{path}: a CSV file holds one matrix or volume; use --input FILE.csv --kernel",
    )


def test_a_json_number_in_a_json_file_is_not_a_task(tmp_path):
    path = write_bytes(tmp_path, "x.json", b"7\n")
    assert_one_line_error(invoke("run", path), f'{path}: expected an object with "input"', "got 7")


def test_a_broken_csv_named_csv_still_gets_the_hint(tmp_path):
    path = write_bytes(tmp_path, "x.csv", b"a,b\n1,2\n")
    assert_one_line_error(invoke("run", path), f"{path}: a CSV file holds one matrix")


def test_broken_json_in_a_txt_file_is_a_json_error(tmp_path):
    path = write_bytes(tmp_path, "task.txt", b'{"input": [[1, 2]],')
    assert_one_line_error(invoke("run", path), f"{path}: not valid JSON:", "line 1")


def test_json_volume_and_kernel_files_are_read_whatever_their_names(tmp_path):
    volume = write_bytes(tmp_path, "x.txt", json.dumps(TASK["input"]).encode())
    kernel = write_bytes(tmp_path, "k.dat", json.dumps({"weights": TASK["filter"]}).encode())
    result = invoke("run", "--input", volume, "--kernel", kernel, "--format", "json")
    assert output_of(result) == OUTPUT


# --- encodings -------------------------------------------------------------------------------

ENCODINGS = {
    "UTF-16 LE with mark (PowerShell 5's >)": lambda text: text.encode("utf-16"),
    "UTF-16 BE with mark": lambda text: b"\xfe\xff" + text.encode("utf-16-be"),
    "UTF-16 LE without mark": lambda text: text.encode("utf-16-le"),
    "UTF-16 BE without mark": lambda text: text.encode("utf-16-be"),
    "UTF-8 with mark (Notepad)": lambda text: text.encode("utf-8-sig"),
    "UTF-32 with mark": lambda text: text.encode("utf-32"),
    "Windows line ends": lambda text: text.replace("\n", "\r\n").encode(),
}


@pytest.mark.parametrize("encode", ENCODINGS.values(), ids=ENCODINGS.keys())
def test_a_task_in_another_unicode_encoding_is_read(tmp_path, encode):
    titled = dict(TASK, title="Größe × 2 − 1\n")  # non-ASCII text survives the decoding
    path = write_bytes(tmp_path, "task.json", encode(json.dumps(titled, ensure_ascii=False)))
    result = invoke("run", path, "--format", "json")
    assert output_of(result) == OUTPUT
    assert json.loads(result.stdout)["title"] == "Größe × 2 − 1\n"


@pytest.mark.parametrize("encode", ENCODINGS.values(), ids=ENCODINGS.keys())
def test_csv_files_in_another_unicode_encoding_are_read(tmp_path, encode):
    volume = write_bytes(tmp_path, "x.csv", encode(CSV_INPUT))
    kernel = write_bytes(tmp_path, "k.csv", encode("# edge\n" + CSV_KERNEL))
    result = invoke("run", "--input", volume, "--kernel", kernel, "--format", "json")
    assert output_of(result) == OUTPUT


def test_a_utf16_task_on_standard_input_is_read():
    result = CliRunner().invoke(
        main, ["run", "-", "--format", "json"], input=json.dumps(TASK).encode("utf-16")
    )
    assert output_of(result) == OUTPUT


@pytest.mark.parametrize(
    ("data", "where"),
    [
        (json.dumps({"title": "Größe", **TASK}, ensure_ascii=False).encode("cp1252"), "0xf6"),
        (b"1,2\n3,4\n5,\xa06\n", "byte 0xa0 on line 3"),
        (b"\xff\xfe\x00\xd8", None),  # a UTF-16 mark, then half a character
    ],
    ids=["Windows-1252 JSON", "Latin-1 CSV", "broken UTF-16"],
)
def test_other_bytes_get_a_hint_to_save_as_utf8(tmp_path, data, where):
    path = write_bytes(tmp_path, "task.json", data)
    fragments = [f"{path}: is not", "save it as UTF-8"]
    assert_one_line_error(invoke("run", path), *fragments, *([where] if where else []))
    csv = write_bytes(tmp_path, "x.csv", data)
    result = invoke("run", "--input", csv, "--kernel", csv)
    assert_one_line_error(result, f"{csv}: is not", "save it as UTF-8")


def test_standard_input_that_is_not_utf8_gets_the_hint():
    result = CliRunner().invoke(main, ["run", "-"], input=b'{"title": "Gr\xf6\xdfe"}')
    assert_one_line_error(
        result, "standard input: is not UTF-8 text (byte 0xf6 on line 1); save it as UTF-8"
    )

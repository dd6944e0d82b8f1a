"""QA findings on input loading: each bad input gets one clear line naming the right file and
place (exit 2, no traceback), and the forms the README allows are accepted."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from convtrace import load_task
from convtrace.cli import main
from convtrace.engine import run as run_engine
from convtrace.errors import InputError
from convtrace.loaders import read_json
from tests.test_bad_input import assert_one_line_error

SEED_OUTPUT = [[[3, 7, 4], [17, -7, 1], [14, 25, 13]]]
X2 = [[1, 2], [3, 4]]
RGB = {"R": [[1, 2], [3, 4]], "G": [[5, 6], [7, 8]], "B": [[9, 10], [11, 12]]}


def invoke(*args, stdin=None):
    return CliRunner().invoke(main, [str(a) for a in args], input=stdin)


def write(tmp_path, name, content):
    path = tmp_path / name
    text = content if isinstance(content, str) else json.dumps(content)
    path.write_text(text, encoding="utf-8")
    return path


def output_of(result):
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["output"]


# --- 1. deep nesting -------------------------------------------------------------------------

DEEP = "[" * 100_000 + "]" * 100_000


@pytest.mark.parametrize("where", ["task", "input", "kernel"])
def test_deeply_nested_json_is_one_line(tmp_path, where):
    deep = write(tmp_path, "deep.json", '{"input": ' + DEEP + ', "filter": [[1]]}')
    good = write(tmp_path, "k.csv", "1\n")
    args = {
        "task": ["run", deep],
        "input": ["run", "--input", deep, "--kernel", good],
        "kernel": ["run", "--input", good, "--kernel", deep],
    }[where]
    result = invoke(*args)
    assert_one_line_error(result, f"{deep}: not valid JSON: nested too deeply")


def test_deeply_nested_answer_is_one_line(tmp_path, seed_path):
    deep = write(tmp_path, "deepans.json", DEEP)
    result = invoke("check", seed_path, deep)
    assert_one_line_error(result, f"{deep}: not valid JSON: nested too deeply")


# --- 2. kernel names against channel names ---------------------------------------------------


def test_kernels_named_by_channel_are_reordered(tmp_path):
    r, g, b = [[1]], [[10]], [[100]]
    by_name = write(
        tmp_path, "a.json", {"input": RGB, "filter": {"weights": {"B": b, "R": r, "G": g}}}
    )
    by_order = write(tmp_path, "b.json", {"input": RGB, "filter": [r, g, b]})
    named = output_of(invoke("run", by_name, "--format", "json"))
    assert named == output_of(invoke("run", by_order, "--format", "json"))
    assert named == [[[1 + 50 + 900, 2 + 60 + 1000], [3 + 70 + 1100, 4 + 80 + 1200]]]


def test_kernels_with_other_names_are_positional(tmp_path):
    kernels = {"k0": [[1]], "k1": [[10]], "k2": [[100]]}
    path = write(tmp_path, "t.json", {"input": RGB, "filter": {"weights": kernels}})
    assert output_of(invoke("run", path, "--format", "json"))[0][0][0] == 1 + 50 + 900


def test_partly_matching_kernel_names_are_refused(tmp_path):
    kernels = {"B": [[1]], "R": [[2]], "X": [[3]]}
    path = write(tmp_path, "t.json", {"input": RGB, "filters": [{"weights": kernels}]})
    result = invoke("run", path)
    assert_one_line_error(
        result, f"{path}: filters[0].weights: 'X' is not an input channel (R, G, B)"
    )


def test_a_missing_channel_is_named(tmp_path):
    path = write(tmp_path, "t.json", {"input": RGB, "filter": {"R": [[1]], "G": [[2]]}})
    assert_one_line_error(invoke("run", path), "filter: no kernel for channel 'B'")


def test_grouped_kernel_names_match_the_filters_own_channels(tmp_path):
    good = {"input": RGB, "groups": 3, "filters": [{"R": [[1]]}, {"G": [[2]]}, {"B": [[3]]}]}
    result = invoke("run", write(tmp_path, "good.json", good), "--format", "json")
    assert output_of(result) == [[[1, 2], [3, 4]], [[10, 12], [14, 16]], [[27, 30], [33, 36]]]
    bad = dict(good, filters=[{"G": [[1]]}, {"R": [[2]]}, {"B": [[3]]}])
    path = write(tmp_path, "bad.json", bad)
    assert_one_line_error(
        invoke("run", path),
        f"{path}: filters[0]: 'G' is not one of the channels this filter sees (R)",
    )


# --- 3. --kernel files get the blame for their content ---------------------------------------


def test_a_task_file_given_to_kernel_is_explained(seed_path):
    result = invoke("run", "--input", seed_path, "--kernel", "samples/cs231n.json")
    assert_one_line_error(result, "samples/cs231n.json: is a task file; --kernel takes")


def test_kernel_file_content_errors_name_the_kernel_file(tmp_path, seed_path):
    good = write(tmp_path, "good.json", {"R": [[1]], "G": [[1]], "B": [[1]]})
    bad = write(tmp_path, "bad.json", {"R": [[1, 2], [3]], "G": [[1]], "B": [[1]]})
    result = invoke("run", seed_path, "--kernel", good, "--kernel", bad)
    assert_one_line_error(result, f"{bad}: R: row 1 has 1 number, expected 2")


def test_kernel_channel_count_mismatch_names_the_kernel_file(tmp_path):
    volume = write(tmp_path, "x.csv", "# R\n1,2\n3,4\n\n# G\n1,2\n3,4\n\n# B\n1,2\n3,4\n")
    kernel = write(tmp_path, "k.csv", "1\n\n2\n")
    result = invoke("run", "--input", volume, "--kernel", kernel)
    assert_one_line_error(result, f"{kernel}: w0 has 2 kernels, but it sees the input's 3 channels")


def test_a_json_kernel_file_may_be_a_whole_filter(tmp_path):
    volume = write(tmp_path, "x.csv", "1,2\n3,4\n")
    kernel = write(tmp_path, "k.json", {"name": "edge", "weights": [[2]], "bias": 1})
    task = load_task(input=volume, kernels=[kernel])
    assert (task.filters[0].name, task.filters[0].bias) == ("edge", 1)
    assert task.source == str(volume)


# --- 4. bare named weights -------------------------------------------------------------------


def test_a_filter_may_be_just_its_kernels_by_name(tmp_path):
    data = {"input": {"R": X2, "G": X2}, "filter": {"R": [[1]], "G": [[2]]}}
    result = invoke("run", write(tmp_path, "t.json", data), "--format", "json")
    assert output_of(result) == [[[3, 6], [9, 12]]]


def test_kernels_beside_a_bias_get_a_hint(tmp_path):
    data = {"input": {"R": X2, "G": X2}, "filter": {"R": [[1]], "G": [[2]], "bias": 1}}
    result = invoke("run", write(tmp_path, "t.json", data))
    assert_one_line_error(result, "filter: kernels 'R', 'G' beside \"bias\"", '{"weights": {…}')


def test_a_misspelt_weights_key_is_still_a_typo(tmp_path):
    data = {"input": X2, "filter": {"weigths": [[1]]}}
    result = invoke("run", write(tmp_path, "t.json", data))
    assert_one_line_error(result, "'weigths' (did you mean 'weights'?)")


# --- 5. huge padding -------------------------------------------------------------------------


def test_huge_padding_is_named_as_the_cause(seed_path, tmp_path):
    result = invoke("run", seed_path, "--padding", "99999999")
    assert_one_line_error(result, "--padding: padding 99,999,999 makes the 5×5 input")
    assert "convtrace: --padding" in result.stderr
    data = {"input": X2, "filter": [[1]], "padding": 99_999_999}
    path = write(tmp_path, "t.json", data)
    assert_one_line_error(invoke("run", path), f"{path}: padding: padding 99,999,999")


# --- 6. messages -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "args", "fragment"),
    [
        ({"input": X2, "filter": [[1]]}, ["--bias", "1", "--bias", "2"], "2 biases for 1 filter;"),
        (
            {"input": [X2, X2], "filters": [[[[1]]]]},
            [],
            "w0 has 1 kernel, but it sees the input's 2 channels",
        ),
        (
            {"input": X2, "filters": [[[[1]], [[1]]]]},
            [],
            "w0 has 2 kernels, but it sees the input's 1 channel;",
        ),
        (
            {"input": X2, "filter": [[1]], "stride": True},
            [],
            "stride: expected a whole number, got true",
        ),
        ({"input": X2, "filter": [[1]], "padding": {"top": 1}}, [], "got an object"),
        ({"input": X2, "filter": [[1]], "flip": 1}, [], "flip: expected true or false, got 1"),
        ({"input": [[1, 2, 3]] * 3, "filter": [[1]], "stride": 2}, ["--strict"], None),
    ],
)
def test_messages_speak_json_and_plurals(tmp_path, data, args, fragment):
    path = write(tmp_path, "t.json", data)
    result = invoke("run", path, *args)
    if fragment is None:  # --strict on 3 columns with stride 2: nothing left over
        assert result.exit_code == 0, result.output
        return
    assert_one_line_error(result, fragment)


def test_strict_says_one_padded_row(tmp_path):
    path = write(tmp_path, "t.json", {"input": [[1, 2], [3, 4]], "filter": [[1]], "stride": 2})
    result = invoke("run", path, "--strict")
    assert_one_line_error(result, "the last row is never read")


@pytest.mark.parametrize(
    ("args", "start"),
    [
        (["--stride", "0"], "convtrace: --stride: must be 1 or more, got 0"),
        (["--padding", "-1"], "convtrace: --padding: "),
        (["--dilation", "x"], "convtrace: --dilation: "),
        (["--cell", "9,9,9"], "convtrace: --cell: filter 9 is outside the output"),
        (["--cell", "9,9"], "convtrace: --cell: "),
    ],
)
def test_option_errors_name_the_option_not_the_file(seed_path, args, start):
    result = invoke("run", seed_path, *args)
    assert_one_line_error(result)
    assert result.stderr.startswith(start), result.stderr


def test_the_library_cell_error_keeps_its_own_place(seed_path):
    trace = run_engine(load_task(seed_path))
    with pytest.raises(InputError) as error:
        trace.cell(9, 9, 9)
    assert error.value.place == "cell"


# --- 7. repeated keys, numbers as text, channel names ----------------------------------------


def test_a_repeated_key_is_refused_with_its_path(tmp_path):
    path = write(tmp_path, "t.json", '{"input": [[1]], "input": [[2]], "filter": [[1]]}')
    assert_one_line_error(invoke("run", path), f"{path}: input: the key 'input' is given twice")
    nested = '{"input": [[1]], "filters": [{"weights": {"R": [[1]], "R": [[2]]}}]}'
    path = write(tmp_path, "n.json", nested)
    assert_one_line_error(invoke("run", path), f"{path}: filters[0].weights.R: the key 'R'")


def test_read_json_keeps_ordinary_objects(tmp_path):
    path = write(tmp_path, "t.json", '{"a": {"b": [1, {"c": 2}]}}')
    assert read_json(path) == {"a": {"b": [1, {"c": 2}]}}


@pytest.mark.parametrize(
    ("key", "value"), [("stride", "2"), ("padding", "1"), ("dilation", "1,2"), ("groups", "1")]
)
def test_numbers_as_text_are_refused_in_json(tmp_path, key, value):
    path = write(tmp_path, "t.json", {"input": X2, "filter": [[1]], key: value})
    assert_one_line_error(invoke("run", path), f"{path}: {key}: ", "the text")


def test_padding_rules_as_text_still_work_in_json(tmp_path):
    path = write(tmp_path, "t.json", {"input": X2, "filter": [[1, 1]], "padding": "same"})
    assert invoke("run", path, "-q").exit_code == 0


@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        ("", "a channel name is empty"),
        (" ", "a channel name is empty"),
        ("a\nb", "control character"),
        ("a\x00", "control character"),
    ],
)
def test_bad_channel_names(tmp_path, name, fragment):
    path = write(tmp_path, "t.json", {"input": {name: X2}, "filter": [[1]]})
    assert_one_line_error(invoke("run", path), f"{path}: input: ", fragment)


# --- 8. standard input -----------------------------------------------------------------------


def test_task_from_standard_input(seed_path):
    text = seed_path.read_text(encoding="utf-8")
    result = invoke("run", "-", "--format", "json", stdin=text)
    assert output_of(result) == SEED_OUTPUT


def test_bad_standard_input_is_named(tmp_path):
    result = invoke("run", "-", stdin='{"input": ')
    assert_one_line_error(result, "standard input: not valid JSON")


def test_several_strangers_and_the_groups_hint(tmp_path):
    kernels = {"R": [[1]], "Y": [[2]], "X": [[3]]}
    path = write(tmp_path, "t.json", {"input": RGB, "filter": kernels})
    assert_one_line_error(invoke("run", path), "filter: 'Y', 'X' are not input channels (R, G, B)")
    per_channel = {"input": RGB, "filters": [{"R": [[1]]}, {"G": [[2]]}, {"B": [[3]]}]}
    path = write(tmp_path, "g.json", per_channel)
    assert_one_line_error(
        invoke("run", path), "filters[0]: no kernel for channels 'G', 'B'", 'set "groups"'
    )


def test_unusable_groups_are_explained_before_kernel_names(tmp_path):
    data = {"input": RGB, "groups": 2, "filters": [{"R": [[1]]}, {"G": [[2]]}, {"B": [[3]]}]}
    path = write(tmp_path, "t.json", data)
    assert_one_line_error(invoke("run", path), f"{path}: groups: groups = 2 must divide")


def test_input_file_content_errors_name_the_input_file(tmp_path, seed_path):
    bad = write(tmp_path, "x.json", {"R": [[1, 2], [3]]})
    result = invoke("run", seed_path, "--input", bad)
    assert_one_line_error(result, f"{bad}: input.R: row 1 has 1 number, expected 2")


def test_kernel_files_of_different_sizes_name_both_files(tmp_path):
    volume = write(tmp_path, "x.csv", "1,2,3\n4,5,6\n7,8,9\n")
    small, big = write(tmp_path, "a.csv", "1\n"), write(tmp_path, "b.csv", "1,1\n1,1\n")
    result = invoke("run", "--input", volume, "--kernel", small, "--kernel", big)
    assert_one_line_error(result, f"{big}: kernels are 2×2, but those of {small} are 1×1")


def test_a_repeated_key_in_an_answer_is_refused(tmp_path, seed_path):
    answer = write(tmp_path, "a.json", '{"output": [[1]], "output": [[3, 7, 4]]}')
    result = invoke("check", seed_path, answer)
    assert_one_line_error(result, f"{answer}: output: the key 'output' is given twice")


# --- CSV dialects (QA) ----------------------------------------------------


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

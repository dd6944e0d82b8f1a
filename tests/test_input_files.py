"""``--input`` and ``--kernel`` files: what they may hold, and an error found once the files meet
names the file it is in."""

from __future__ import annotations

from convtrace import load_task
from tests.test_bad_input import assert_one_line_error, invoke, output_of, write


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


def test_input_file_content_errors_name_the_input_file(tmp_path, seed_path):
    bad = write(tmp_path, "x.json", {"R": [[1, 2], [3]]})
    result = invoke("run", seed_path, "--input", bad)
    assert_one_line_error(result, f"{bad}: input.R: row 1 has 1 number, expected 2")


def test_kernel_files_of_different_sizes_name_both_files(tmp_path):
    volume = write(tmp_path, "x.csv", "1,2,3\n4,5,6\n7,8,9\n")
    small, big = write(tmp_path, "a.csv", "1\n"), write(tmp_path, "b.csv", "1,1\n1,1\n")
    result = invoke("run", "--input", volume, "--kernel", small, "--kernel", big)
    assert_one_line_error(result, f"{big}: kernels are 2×2, but those of {small} are 1×1")


# --- a one-row input is a 1-D signal ---------------------------------------------------------

ONE_ROW_TO_2D = (
    "w0's kernel is 2-D (2×2), but the input is 1-D (one row of 4 samples); give the input as "
    "a matrix of several rows, or the kernel as one row"
)


def test_a_one_row_csv_with_a_2x2_kernel_is_a_1d_input_with_a_2d_kernel(tmp_path):
    volume = write(tmp_path, "x.csv", "1,2,3,4\n")
    kernel = write(tmp_path, "k.csv", "1,0\n0,1\n")
    result = invoke("run", "--input", volume, "--kernel", kernel)
    assert_one_line_error(result, f"{kernel}: {ONE_ROW_TO_2D}")


def test_a_flat_json_input_with_a_matrix_filter_says_the_same(tmp_path):
    path = write(tmp_path, "t.json", {"input": [1, 2, 3, 4], "filter": [[1, 0], [0, 1]]})
    assert_one_line_error(invoke("run", path), f"{path}: filters[0]: {ONE_ROW_TO_2D}")


def test_a_kernel_of_several_rows_still_serves_a_signal_of_as_many_channels(tmp_path):
    volume = write(tmp_path, "x.csv", "# a\n1,2,3,4\n\n# b\n5,6,7,8\n")
    kernel = write(tmp_path, "k.csv", "1,0\n0,1\n")  # a: [1, 0], b: [0, 1]
    result = invoke("run", "--input", volume, "--kernel", kernel, "--format", "json")
    assert output_of(result) == [[1 + 6, 2 + 7, 3 + 8]]  # a signal: filters × positions


def test_two_one_row_kernels_for_one_channel_are_counted_as_kernels(tmp_path):
    volume = write(tmp_path, "x.csv", "1,2,3,4\n")
    kernel = write(tmp_path, "k.csv", "1,0\n\n0,1\n")  # two blocks: two kernels
    result = invoke("run", "--input", volume, "--kernel", kernel)
    assert_one_line_error(result, f"{kernel}: w0 has 2 kernels, but it sees the input's 1 channel")

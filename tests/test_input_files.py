"""``--input`` and ``--kernel`` files: what they may hold, and an error found once the files meet
names the file it is in."""

from __future__ import annotations

from convtrace import load_task
from tests.test_bad_input import assert_one_line_error, invoke, write


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

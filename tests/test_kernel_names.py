"""Kernels named by channel (``{"R": …, "G": …}``) are matched to the input's channels, by the
groups; names that half match, misspelt keys and bad channel names are refused in one line."""

from __future__ import annotations

import pytest

from tests.test_bad_input import assert_one_line_error, invoke, output_of, write

X2 = [[1, 2], [3, 4]]
RGB = {"R": [[1, 2], [3, 4]], "G": [[5, 6], [7, 8]], "B": [[9, 10], [11, 12]]}


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


def test_several_strangers_and_the_groups_hint(tmp_path):
    kernels = {"R": [[1]], "Y": [[2]], "X": [[3]]}
    path = write(tmp_path, "t.json", {"input": RGB, "filter": kernels})
    assert_one_line_error(invoke("run", path), "filter: 'Y', 'X' are not input channels (R, G, B)")
    per_channel = {"input": RGB, "filters": [{"R": [[1]]}, {"G": [[2]]}, {"B": [[3]]}]}
    path = write(tmp_path, "g.json", per_channel)
    assert_one_line_error(
        invoke("run", path), "filters[0]: no kernel for channels 'G', 'B'", 'set "groups"'
    )


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


def test_unusable_groups_are_explained_before_kernel_names(tmp_path):
    data = {"input": RGB, "groups": 2, "filters": [{"R": [[1]]}, {"G": [[2]]}, {"B": [[3]]}]}
    path = write(tmp_path, "t.json", data)
    assert_one_line_error(invoke("run", path), f"{path}: groups: groups = 2 must divide")


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

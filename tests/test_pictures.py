"""Pictures of the result: --save-output's pixels map back to the output values by the scaling
it states, --heatmap draws the volume (in colour, and readable without), and a photo's Markdown
export shows its output maps as PNGs beside it."""

from __future__ import annotations

import io
import json

import numpy as np
import pytest
from PIL import Image
from rich.console import Console

import convtrace
from convtrace.render.colormap import scale_of
from convtrace.render.heatmap import RAMP, print_heatmap
from tests.test_bad_input import assert_one_line_error, invoke, write

SEED_OUTPUT = np.array([[3, 7, 4], [17, -7, 1], [14, 25, 13]])


def values_of(path, top: float) -> np.ndarray:
    """A --save-output picture's pixels mapped back to values, as the README says."""
    with Image.open(path) as image:
        pixels, mode = np.asarray(image).astype(float), image.mode
    if mode == "L":
        return pixels * top / 255
    red, green, blue = pixels.transpose(2, 0, 1)
    sign = np.where(blue > red, -1, 1)
    return sign * (255 - green) * top / 255


def test_the_seeds_picture_maps_back_to_its_output(tmp_path):
    out = tmp_path / "seed.png"
    result = invoke("run", "seed", "-q", "--save-output", out)
    assert result.exit_code == 0, result.output
    assert "blue −25, white 0, red 25" in result.stderr  # the scaling, with its numbers
    with Image.open(out) as image:
        assert image.mode == "RGB" and image.size == (3, 3)
        green = np.asarray(image)[:, :, 1].astype(int)
        assert "blue −25" in image.text["convtrace:scale"]  # the file says it too
        assert image.text["convtrace:map"] == "o[0]  (w0)"
    assert np.abs(values_of(out, 25) - SEED_OUTPUT).max() <= 25 / 510
    assert (255 - green).tolist() == np.rint(255 * np.abs(SEED_OUTPUT) / 25).astype(int).tolist()


def test_a_map_without_negatives_is_gray(tmp_path):
    task = write(tmp_path, "t.json", {"input": [[0, 1, 2], [3, 4, 50]], "filter": [[2]]})
    out = tmp_path / "gray.png"
    result = invoke("run", task, "--save-output", out)
    assert result.exit_code == 0, result.output
    assert "gray: 0 black, 100 white" in result.stderr
    with Image.open(out) as image:
        assert image.mode == "L"
        assert np.asarray(image).tolist() == [[0, 5, 10], [15, 20, 255]]  # round(255·v/100)


def test_several_filters_give_several_pictures_and_force_replaces(tmp_path):
    out = tmp_path / "maps.png"
    assert invoke("run", "cs231n", "-q", "--save-output", out).exit_code == 0
    pictures = sorted(p.name for p in tmp_path.iterdir())
    assert pictures == ["maps-0.png", "maps-1.png"]
    trace = convtrace.trace("cs231n")
    for k in (0, 1):
        top = scale_of(trace.output[k]).top
        assert (
            np.abs(values_of(tmp_path / f"maps-{k}.png", top) - trace.output[k]).max() <= top / 510
        )
    again = invoke("run", "cs231n", "-q", "--save-output", out)
    assert_one_line_error(again, "maps-0.png: exists already; add --force")
    assert invoke("run", "cs231n", "-q", "--save-output", out, "--force").exit_code == 0
    assert_one_line_error(
        invoke("run", "seed", "-q", "--save-output", tmp_path / "x.jpg"), "written as PNG"
    )


def test_the_photos_edges(tmp_path):
    """The issue's done-when: a gray crop of the sample photo through sobel-x, saved."""
    out = tmp_path / "edges.png"
    result = invoke("run", "--image", "house", "--gray", "--crop", "4,20,40,40",
                    "--kernel", "sobel-x", "--save-output", out, "-q")  # fmt: skip
    assert result.exit_code == 0, result.output
    trace = convtrace.load_task(image=_house_crop(), kernels=["sobel-x"])
    output = convtrace.trace(trace).output[0]
    strength = np.abs(values_of(out, scale_of(output).top))
    assert np.abs(strength - np.abs(output)).max() <= scale_of(output).top / 510
    # the house's left wall (picture columns 13, 14: map columns 8, 9) against the sky
    wall, sky = strength[15:30, 8:10].mean(), strength[0:4, 0:6].mean()
    assert wall > 10 * sky


def _house_crop():
    from convtrace.loaders.image import ImageSource

    return ImageSource("house", gray=True, crop=(4, 20, 40, 40))


# --- the heatmap -------------------------------------------------------------------------------


def test_the_heatmap_without_colour_is_a_shade_ramp():
    result = invoke("run", "seed", "--heatmap")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert any(line.startswith("Heatmap of the output (9 values)") for line in lines)
    start = lines.index("o[0]  (w0)  3×3, each cell drawn 8 blocks wide") + 1
    block = lines[start : start + 12]  # 3 rows × 8 blocks, two rows a line
    # (v + 25) / 50 · 9 steps: 3, 7, 4 → '+'; 17 → '#', −7 → '-', 1 → '='; 14, 25, 13
    assert block[0] == "+" * 24
    assert block[4] == "#" * 8 + "-" * 8 + "=" * 8
    assert block[8] == "#" * 8 + "@" * 8 + "*" * 8
    assert f"−25 '{RAMP}' 25" in result.stdout and "'=' holds 0" in result.stdout
    assert max(len(line) for line in lines) <= 100


def test_a_chain_draws_and_saves_its_last_layers_maps(tmp_path):
    # the chain sample: conv → ReLU → 2×2 max pooling ends in [[11, 0], [9, 0]] (its README
    # trace); 0 to 11 in 9 steps: 11 → '@', 9 → '#', 0 → ' ' (trailing, so cut)
    result = invoke("run", "chain", "--heatmap")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert any(line.startswith("Heatmap of the output (4 values)") for line in lines)
    start = lines.index("o3[0]  2×2, each cell drawn 8 blocks wide") + 1
    assert lines[start : start + 8] == ["@" * 8] * 4 + ["#" * 8] * 4
    out = tmp_path / "chain.png"
    saved = invoke("run", "chain", "-q", "--save-output", out)
    assert saved.exit_code == 0, saved.output
    assert "o3[0], 2×2, gray: 0 black, 11 white" in saved.stderr
    assert np.allclose(values_of(out, 11), [[11, 0], [9, 0]], atol=11 / 255)


def test_the_heatmap_in_colour_is_rich_styles():
    console = Console(file=io.StringIO(), width=80, color_system="truecolor", force_terminal=True,
                      record=True)  # fmt: skip
    print_heatmap(console, convtrace.trace("seed"))
    text = console.export_text(clear=False)
    assert "▀" * 24 in text and "blue −25, white 0, red 25" in text
    html = console.export_html(inline_styles=True)
    assert "background-color: #ffffff" in html or "background-color:#ffffff" in html
    assert "#0000ff" in html or "#ff0000" in html  # −25 is full blue, 25 full red


def test_a_big_photo_heatmap_fits_the_terminal():
    result = invoke("run", "--image", "house", "--kernel", "sobel-x", "--heatmap")
    assert result.exit_code == 0, result.output
    assert "94×70, each block the mean of 2×2 cells" in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 100


@pytest.mark.parametrize(
    "extra", [["--export", "x.md"], ["-q"], ["--cell", "0,0,0"], ["--format", "json"]]
)
def test_the_heatmap_is_a_view_of_its_own(tmp_path, extra):
    result = invoke("run", "seed", "--heatmap", *extra)
    assert_one_line_error(result, "--heatmap draws the whole output volume on its own")


# --- a photo's trace: too big in full, pictures in its Markdown --------------------------------


def test_a_photos_full_trace_is_refused_with_the_ways_out():
    result = invoke("run", "--image", "house", "--kernel", "sobel-x")
    assert_one_line_error(result, "house.png: its trace has 6,580 cells")
    for way in ("--crop X,Y,W,H", "--resize W,H", "-q", "--heatmap", "--save-output"):
        assert way in result.stderr
    assert invoke("run", "--image", "house", "--kernel", "sobel-x", "-q").exit_code == 0


def test_a_photos_markdown_shows_its_pictures(tmp_path):
    doc = tmp_path / "patch.md"
    args = ["run", "--image", "house", "--gray", "--crop", "12,32,6,6", "--kernel", "sobel-x"]
    result = invoke(*args, "--export", doc)
    assert result.exit_code == 0, result.output
    text = doc.read_text(encoding="utf-8")
    assert "![o\\[0\\] (sobel-x)](patch.png)" in text
    assert "blue −116, white 0, red 116" in text
    with Image.open(tmp_path / "patch.png") as image:
        assert image.size == (4, 4)
    assert "wrote" in result.stderr and "patch.png" in result.stderr
    sheet = tmp_path / "sheet.md"
    assert invoke(*args, "--export", sheet, "--worksheet").exit_code == 0
    assert "sheet.png" not in sheet.read_text(encoding="utf-8")  # it would give the answers
    plain = tmp_path / "seed.md"
    assert invoke("run", "seed", "--export", plain).exit_code == 0
    assert ".png" not in plain.read_text(encoding="utf-8")
    assert json.loads(invoke(*args, "--format", "json").stdout)["output"]


def test_exact_fractions_make_pictures_too(tmp_path):
    out = tmp_path / "blur.png"
    result = invoke("run", "--input", "seed-input", "--kernel", "box-blur", "--exact", "-q",
                    "--save-output", out)  # fmt: skip
    assert result.exit_code == 0, result.output
    # the seed's channels summed over each 3×3 window, over 9: 0 is black, the largest 43/9 white
    assert "gray: 0 black, 43/9 white" in result.stderr
    assert np.allclose(values_of(out, 43 / 9).max(), 43 / 9)

"""Photos as input: a picture's pixels are the input volume exactly (R, G, B or gray), crop and
resize do what they say, bad pictures and options are one line, and without Pillow the message
names the extra to install."""

from __future__ import annotations

import builtins
import json

import numpy as np
import pytest
from PIL import Image

from convtrace.loaders.image import INSTALL, ImageSource, read_image
from tests.conftest import SAMPLES
from tests.test_bad_input import assert_one_line_error, invoke, output_of

#: A 4 × 3 picture (width 4, height 3) with every value different, written by the tests.
PIXELS = np.arange(36, dtype=np.uint8).reshape(3, 4, 3) * 7


@pytest.fixture
def tiny(tmp_path):
    path = tmp_path / "tiny.png"
    Image.fromarray(PIXELS, "RGB").save(path)
    return path


def input_of(result) -> dict:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["input"]


def test_a_png_round_trips_to_its_exact_pixels(tiny):
    result = invoke("run", "--image", tiny, "--kernel", "identity", "--padding", "1",
                    "--format", "json")  # fmt: skip
    doc = input_of(result)
    assert doc["channels"] == ["R", "G", "B"] and doc["shape"] == [3, 3, 4]
    assert doc["values"] == PIXELS.transpose(2, 0, 1).tolist()
    assert output_of(result) == [PIXELS.astype(int).sum(axis=2).tolist()]  # one filter, summed


def test_a_gray_png_is_one_channel_and_gray_is_pillows_luma(tmp_path, tiny):
    gray = tmp_path / "gray.png"
    Image.fromarray(PIXELS[:, :, 0], "L").save(gray)
    doc = input_of(invoke("run", "--image", gray, "--kernel", "identity", "--padding", "1",
                          "--format", "json"))  # fmt: skip
    assert doc["channels"] == ["gray"] and doc["values"] == [PIXELS[:, :, 0].tolist()]
    doc = input_of(invoke("run", "--image", tiny, "--gray", "--kernel", "identity",
                          "--padding", "1", "--format", "json"))  # fmt: skip
    r, g, b = PIXELS.astype(int).transpose(2, 0, 1)
    luma = (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16  # 299/1000 R + 587/1000 G + …
    assert doc["values"] == [luma.tolist()]


def test_crop_resize_and_max_size(tiny):
    picked = read_image(ImageSource(tiny, crop=(1, 1, 2, 2)))["input"]
    assert picked["G"].tolist() == PIXELS[1:3, 1:3, 1].tolist()
    halved = read_image(ImageSource(tiny, crop=(0, 0, 4, 2), resize=(2, 1)))["input"]
    means = PIXELS[0:2, :, 0].astype(float).reshape(2, 2, 2).mean(axis=(0, 2))
    assert halved["R"].tolist() == [np.floor(means + 0.5).astype(int).tolist()]  # halves up
    small = read_image(ImageSource(tiny, max_size=2))
    assert small["input"]["B"].shape == (2, 2)  # 4×3 → 2×2 (1.5 rounds to 2)
    assert "resized to 2×2" in small["description"]
    same = read_image(ImageSource(tiny, max_size=10))["input"]["R"]
    assert same.shape == (3, 4)  # never enlarged


def test_a_jpeg_reads_as_pillow_decodes_it(tmp_path):
    path = tmp_path / "photo.jpg"
    Image.fromarray(PIXELS, "RGB").save(path, quality=90)
    decoded = np.asarray(Image.open(path).convert("RGB"))
    assert read_image(ImageSource(path))["input"]["R"].tolist() == decoded[:, :, 0].tolist()


def test_the_sample_photo_by_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("run", "--image", "house", "--gray", "--crop", "12,32,6,6", "--kernel",
                    "sobel-x", "--format", "json")  # fmt: skip
    doc = json.loads(result.stdout)
    assert doc["title"] == "house.png, 6×6 pixels, gray"
    out = np.array(doc["output"][0])
    assert out.shape == (4, 4) and (out[:, :2] > 75).all()  # the house's wall starts here
    assert (np.abs(out[:, 3]) < 10).all()  # and then stays as bright
    assert (SAMPLES / "house.png").stat().st_size < 12_000


BAD = {
    "not a picture": (["--image", "{text}"], "{text}: is not a picture Pillow can read"),
    "missing": (["--image", "{missing}"], "nope.png: no such file"),
    "crop outside": (
        ["--image", "{tiny}", "--crop", "2,1,3,1"],
        "--crop: 2,1,3,1 reaches column 4, outside {tiny} (4×3 pixels",
    ),
    "crop below": (["--image", "{tiny}", "--crop", "0,2,1,2"], "reaches row 3"),
    "crop of nothing": (["--image", "{tiny}", "--crop", "0,0,0,2"], "at least 1"),
    "crop of three numbers": (["--image", "{tiny}", "--crop", "1,2,3"], "is not X,Y,W,H"),
    "resize to zero": (["--image", "{tiny}", "--resize", "0,3"], "--resize: '0,3': the width"),
    "both sizes": (["--image", "{tiny}", "--resize", "2,2", "--max-size", "3"], "not both"),
    "max size zero": (["--image", "{tiny}", "--max-size", "0"], "--max-size: 0: must be"),
    "unknown kernel": (["--image", "{tiny}", "--kernel", "sobel"], "'sobel-x' or 'sobel-y'?"),
    "no kernel": (["--image", "{tiny}"], "--image needs a --kernel NAME or FILE"),
    "and --input": (["--image", "{tiny}", "--input", "seed-input"], "use one of them"),
    "gray alone": (["seed", "--gray"], "--gray goes with --image FILE"),
    "too big": (["--image", "house", "--kernel", "sobel-x"], "house.png: its trace has 6,580"),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_bad_pictures_and_options_are_one_line(tmp_path, tiny, case):
    text = tmp_path / "notes.png"
    text.write_text("not a picture\n", encoding="utf-8")
    names = {"tiny": tiny, "text": text, "missing": tmp_path / "nope.png"}
    args, message = BAD[case]
    args = [a.format(**names) for a in args]
    if "--kernel" not in args and case not in ("no kernel", "gray alone"):
        args += ["--kernel", "identity"]
    assert_one_line_error(invoke("run", *args), message.format(**names))


def test_too_big_names_the_ways_out(tmp_path):
    result = invoke("run", "--image", "house", "--kernel", "sobel-x")
    for way in ("--crop X,Y,W,H", "--resize W,H", "-q", "--heatmap", "--save-output"):
        assert way in result.stderr
    assert invoke("run", "--image", "house", "--kernel", "sobel-x", "-q").exit_code == 0


def test_a_picture_given_as_a_task_says_how_to_use_it():
    assert_one_line_error(invoke("run", SAMPLES / "house.png"), "is a picture", "--image FILE")


def test_without_pillow_the_message_names_the_extra(tiny, monkeypatch):
    real_import = builtins.__import__

    def no_pillow(name, *args, **kwargs):
        if name == "PIL" or name.startswith("PIL."):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pillow)
    result = invoke("run", "--image", tiny, "--kernel", "identity")
    assert_one_line_error(result, f"pictures need Pillow, an optional extra: {INSTALL}")
    assert INSTALL == "pip install 'convtrace[images]'"
    result = invoke("run", "seed", "-q", "--save-output", tiny.with_name("out.png"))
    assert_one_line_error(result, INSTALL)

"""Make the README's pictures in ``docs/pictures/``: ``python scripts/readme_pictures.py``.

* ``house-sobel-x.svg``: the terminal trace of one cell of the sample photo through sobel-x, as
  ``convtrace run … --export FILE.svg`` records it (rich's SVG of the coloured terminal).
* ``house-edges.png``: what ``--save-output`` writes for the gray photo through sobel-x.

Each is made by convtrace itself, so the pictures show what the commands do.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from convtrace.cli import main

FOLDER = Path(__file__).resolve().parent.parent / "docs" / "pictures"


def command(*args: str) -> None:
    done = CliRunner().invoke(main, list(args))
    assert done.exit_code == 0, done.output
    print(done.stderr.strip())


def main_() -> None:
    FOLDER.mkdir(parents=True, exist_ok=True)
    trace_svg = str(FOLDER / "house-sobel-x.svg")
    command("run", "--image", "house", "--gray", "--crop", "12,32,6,6", "--kernel", "sobel-x",
            "--cell", "0,1,1", "--export", trace_svg, "--force")  # fmt: skip
    command("run", "--image", "house", "--gray", "--kernel", "sobel-x", "-q",
            "--save-output", str(FOLDER / "house-edges.png"), "--force")  # fmt: skip


if __name__ == "__main__":
    main_()

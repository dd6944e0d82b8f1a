"""convtrace's performance targets, measured: ``python benchmarks/bench.py [--quick]``.

Every target is a ratio against a reference measured in the same run, the two interleaved
(a busy moment of the machine hits both alike) and each the median of several runs: machines
differ by 4× and are noisy, ratios much less so. Each line prints the ratio, the target and
ok or MISSED; the table at the end gathers them.

* engine: a float64 im2col + BLAS ``tensordot`` (the plain numpy convolution, no trace) against
  ``convtrace.trace`` (numpy input and filters) and ``engine.run(task)``, whole numbers (≤ 1.5×)
  and two-place decimals (≤ 2×), a 256×256×3 input with 16 filters of 3×3 and padding 1, and
  the seed. BLAS runs on one thread in both (the engine's products are sized for one thread:
  more threads lose much when another process holds the other core); the reference on the
  default threads is shown for information.
* start-up: ``convtrace run samples/seed.json > file`` against
  ``python -c "import numpy, click, rich.console"`` (≤ 1.3×); ``convtrace --version`` against
  ``python -c "import click"`` (≤ 1.5×).
* text: a 2,048-cell trace (32×32×3, 2 filters, padding 1) as plain text to a file
  (``convtrace run X > file``) against its Markdown export (``--export x.md``, ≤ 3×), and in
  colour to a terminal (a pseudo-terminal, 160 columns, TERM=xterm-256color; the run checks
  that rich really wrote colour) against the same export (≤ 5×).
* export: the JSON and Markdown documents of a 128×128×3×8 trace, written to a file in MB/s
  (≥ 20) and the peak memory of the process (< 300 MB), each in a fresh process.
* loading and big inputs (benchmarks/loading.py, benchmarks/big.py): issue 17's ratios by size.
* images: ``run --image photo.png --kernel sobel-x -q --save-output out.png`` on a 512×512
  RGB photo, run in this process with its output to a file, against Pillow opening the photo,
  filtering it with ``ImageFilter.Kernel`` (the same weights) and saving the PNG (≤ 2×); the
  same two as processes, start-up included, for information.
* progress: a 128×128×3×4 trace's Markdown export with the progress bar drawn and without
  (≤ 1.02×: the bar costs under 2%).
* terminal (not with ``--quick``): ms per cell printed through rich for 500 and 2,000 cells
  (linear: the ratio ≈ 1).
* page: the web page of an 8,192-cell trace (64×64×3, 2 filters, padding 1) written to a file
  against its Markdown export (``write_export``, in this process, ≤ 2×), its size (< 5 MB), and,
  where Playwright and chromium are installed, the time headless chromium takes to open it from
  ``file://`` and show its first cell, then to step five cells (< 2 s, a plain time: nothing
  else in this run opens a page).
* grading: ``convtrace check seed answers/ --gradebook g.csv`` with 200 answers (right ones, the
  bias forgotten, a slip in one cell, noise) against ``convtrace check seed one.csv -q`` (≤ 5×:
  the task is loaded and traced, and its slips computed, once); for information, the same in
  the process (``grade_all`` of 200 answers against one, each loading and tracing the task),
  and the 200 graded one by one, each task and its slips made anew.

Nothing here is a test (timings depend on the machine), and nothing asserts a time. Child
processes run with the bytecode cache on (``PYTHONDONTWRITEBYTECODE`` removed), as after an
install.
"""

from __future__ import annotations

import argparse
import io
import itertools
import json
import os
import platform
import pty
import resource
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Callable
from fcntl import ioctl
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import numpy as np  # noqa: E402
from numpy.lib.stride_tricks import sliding_window_view  # noqa: E402

MB = 1e6
ONE_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
#: (name, measured, reference, ratio, target) of every target met or missed, for the table
RESULTS: list[tuple[str, float, float, float, float]] = []


def verdict(ratio: float, target: float) -> str:
    return "ok" if ratio <= target else "MISSED"


def record(name: str, measured: float, reference: float, target: float) -> str:
    ratio = measured / reference
    RESULTS.append((name, measured, reference, ratio, target))
    return f"×{ratio:.2f} (target ≤ {target:g}: {verdict(ratio, target)})"


def child_environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(extra)
    return env


def interleaved(functions: dict[str, Callable[[], object]], rounds: int) -> dict[str, float]:
    """Median seconds of each function, called in turn ``rounds`` times."""
    times: dict[str, list[float]] = {name: [] for name in functions}
    for _ in range(rounds):
        for name, function in functions.items():
            start = time.perf_counter()
            function()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def random_numbers(c: int, h: int, w: int, k: int, kind: str, seed: int = 0):
    """Whole numbers (−9…9) or two-place decimals (−5…5): input, K × C × 3 × 3 weights, biases."""
    rng = np.random.default_rng(seed)
    if kind == "int":
        return (
            rng.integers(-9, 10, (c, h, w)),
            rng.integers(-9, 10, (k, c, 3, 3)),
            rng.integers(-9, 10, k),
        )
    return (
        np.round(rng.uniform(-5, 5, (c, h, w)), 2),
        np.round(rng.uniform(-5, 5, (k, c, 3, 3)), 2),
        np.round(rng.uniform(-5, 5, k), 2),
    )


def as_filters(weights: np.ndarray, biases: np.ndarray) -> list[dict]:
    return [{"weights": w, "bias": b} for w, b in zip(weights, biases.tolist(), strict=True)]


def make_trace(c: int, h: int, w: int, k: int, kind: str, seed: int = 0):
    import convtrace

    x, weights, biases = random_numbers(c, h, w, k, kind, seed)
    return convtrace.trace(x, as_filters(weights, biases), padding=1)


# --- engine (in a child process, so that BLAS threads can be pinned) ---------------------------


def im2col_reference(x, weights, biases, padding: int, stride: int) -> np.ndarray:
    """The plain numpy convolution: float64, padded, every window copied once, one BLAS product."""
    fh, fw = weights.shape[2:]
    padded = np.pad(x.astype(np.float64), ((0, 0), (padding, padding), (padding, padding)))
    view = sliding_window_view(padded, (fh, fw), axis=(1, 2))[:, ::stride, ::stride]
    out = np.tensordot(weights.astype(np.float64), view, axes=([1, 2, 3], [0, 3, 4]))
    return out + biases[:, None, None]


def engine_worker(rounds: int) -> None:
    """Print, as JSON, the engine's and the reference's medians for each case."""
    import convtrace
    from convtrace import engine

    seed = convtrace.load_task(ROOT / "samples" / "seed.json")
    cases = {
        "256×256×3, 16 filters": lambda kind: (*random_numbers(3, 256, 256, 16, kind), 1, 1),
        "seed (5×5×3, stride 2)": lambda kind: (
            seed.x if kind == "int" else seed.x / 4,  # quarters: two places
            seed.weights,
            seed.biases,
            1,
            2,
        ),
    }
    figures = []
    for case, numbers in cases.items():
        calls = 1 if case.startswith("256") else 200  # a seed run is microseconds: batch them
        for kind in ("int", "decimal"):
            x, weights, biases, padding, stride = numbers(kind)
            filters = as_filters(weights, biases)
            trace = convtrace.trace(x, filters, padding=padding, stride=stride)
            expected = im2col_reference(x, weights, biases, padding, stride)
            if kind == "int":
                assert np.array_equal(trace.output, expected), "engine and reference disagree"
            else:
                assert np.allclose(trace.output, expected), "engine and reference disagree"
            task = trace.task

            def batch(function, calls=calls):
                return lambda: [function() for _ in range(calls)]

            reference = batch(
                lambda x=x, w=weights, b=biases, p=padding, s=stride: im2col_reference(
                    x, w, b, p, s
                )
            )
            medians = interleaved(
                {
                    "reference": reference,
                    "trace": batch(
                        lambda x=x, f=filters, p=padding, s=stride: convtrace.trace(
                            x, f, padding=p, stride=s
                        )
                    ),
                    "run": batch(lambda task=task: engine.run(task)),
                },
                rounds,
            )
            # apart: its large arrays, freed, would make the next reference's memory slower
            sums = interleaved(
                {
                    "reference": reference,
                    "sums": batch(lambda task=task: engine.run(task).channel_sums),
                },
                rounds,
            )
            medians["sums"] = sums["sums"] * medians["reference"] / sums["reference"]
            figures.append(
                {"case": case, "kind": kind, **{k: v / calls for k, v in medians.items()}}
            )
    print(json.dumps(figures))


def bench_engine(rounds: int) -> list[str]:
    def measure(env):
        done = subprocess.run(
            [sys.executable, __file__, "--engine-worker", str(rounds)],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        )
        return json.loads(done.stdout)

    pinned = measure(child_environment(**ONE_THREAD))
    threaded = measure(child_environment())
    lines = [
        f"engine: float64 im2col + BLAS tensordot vs the trace (median of {rounds}, BLAS on "
        "one thread; [the reference on the default BLAS threads])"
    ]
    targets = {"int": 1.5, "decimal": 2.0}
    for one, many in zip(pinned, threaded, strict=True):
        case, kind, ref = one["case"], one["kind"], one["reference"]
        target = targets[kind]
        lines.append(f"  {case}, {kind}: reference {ms(ref)}  [threaded {ms(many['reference'])}]")
        lines.append(
            f"    convtrace.trace  {ms(one['trace'])}  "
            + record(f"engine {kind}: trace, {case}", one["trace"], ref, target)
        )
        lines.append(
            f"    engine.run(task) {ms(one['run'])}  "
            + record(f"engine {kind}: run, {case}", one["run"], ref, target)
        )
        lines.append(
            f"    [run, then every channel sum too: {ms(one['sums'])}, ×{one['sums'] / ref:.2f}]"
        )
    return lines


def ms(seconds: float) -> str:
    return f"{seconds * 1e3:8.3f} ms" if seconds < 0.01 else f"{seconds * 1e3:8.1f} ms"


# --- commands: start-up, text, colour ----------------------------------------------------------


def convtrace_command() -> list[str]:
    script = Path(sys.executable).with_name("convtrace")
    return [str(script)] if script.exists() else [sys.executable, "-m", "convtrace"]


def run_to_file(command: list[str], path: str) -> Callable[[], None]:
    """``command > path``."""

    def once():
        with open(path, "wb") as out:
            subprocess.run(command, stdout=out, stderr=subprocess.DEVNULL, check=True, env=ENV)

    return once


def run_quietly(command: list[str], ok: tuple[int, ...] = (0,)) -> Callable[[], None]:
    """``command`` with its output dropped; an exit status outside ``ok`` is an error."""

    def once():
        done = subprocess.run(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=ENV
        )
        if done.returncode not in ok:
            raise subprocess.CalledProcessError(done.returncode, command)

    return once


def run_in_terminal(command: list[str], columns: int = 160, rows: int = 50) -> Callable[[], int]:
    """``command`` with a pseudo-terminal as its standard streams; what it writes is read and
    dropped (as a fast terminal would). Returns how many colour escapes it wrote."""

    def once() -> int:
        leader, follower = pty.openpty()
        ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        env = {**ENV, "TERM": "xterm-256color", "COLORTERM": "truecolor"}
        for name in ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES"):
            env.pop(name, None)
        child = subprocess.Popen(
            command, stdin=follower, stdout=follower, stderr=follower, env=env, close_fds=True
        )
        os.close(follower)
        colours, tail = 0, b""
        while True:
            ready, _, _ = select.select([leader], [], [], 1.0)
            if not ready:
                if child.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(leader, 1 << 16)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            text = tail + chunk
            colours += text.count(b"\x1b[3") + text.count(b"\x1b[9")  # foreground colours
            tail = chunk[-4:]
        os.close(leader)
        if child.wait() != 0:
            raise subprocess.CalledProcessError(child.returncode, command)
        return colours

    return once


def bench_startup(rounds: int, folder: str) -> list[str]:
    cli = convtrace_command()
    out = os.path.join(folder, "seed.txt")
    commands = {
        "numpy+click+rich": run_quietly(
            [sys.executable, "-c", "import numpy, click, rich.console"]
        ),
        "seed": run_to_file([*cli, "run", str(ROOT / "samples" / "seed.json")], out),
        "click": run_quietly([sys.executable, "-c", "import click"]),
        "version": run_quietly([*cli, "--version"]),
    }
    for command in commands.values():
        command()  # warm the file and bytecode caches
    t = interleaved(commands, rounds)
    return [
        f"start-up (median of {rounds}, wall clock)",
        f"  python -c 'import numpy, click, rich.console'  {ms(t['numpy+click+rich'])}",
        f"  convtrace run samples/seed.json > file         {ms(t['seed'])}  "
        + record("start-up: seed trace to a file", t["seed"], t["numpy+click+rich"], 1.3),
        f"  python -c 'import click'                       {ms(t['click'])}",
        f"  convtrace --version                            {ms(t['version'])}  "
        + record("start-up: --version", t["version"], t["click"], 1.5),
    ]


def text_task(path: str, quick: bool) -> int:
    """A task file of 32×32×3 with 2 filters and padding 1: 2,048 cells (16×16×3 and 512 cells
    with ``quick``); returns the number of cells."""
    size = 16 if quick else 32
    x, weights, biases = random_numbers(3, size, size, 2, "int", seed=2)
    task = {
        "input": x.tolist(),
        "filters": [
            {"weights": w.tolist(), "bias": int(b)} for w, b in zip(weights, biases, strict=True)
        ],
        "padding": 1,
    }
    Path(path).write_text(json.dumps(task), encoding="utf-8")
    return 2 * size * size


def bench_text(rounds: int, folder: str, quick: bool) -> list[str]:
    cli = convtrace_command()
    task = os.path.join(folder, "text-task.json")
    cells = text_task(task, quick)
    markdown = os.path.join(folder, "x.md")
    text = os.path.join(folder, "x.txt")
    commands = {
        "markdown": run_quietly([*cli, "run", task, "--export", markdown, "--force"]),
        "text": run_to_file([*cli, "run", task], text),
        "colour": run_in_terminal([*cli, "run", task, "--all"]),
    }
    colours = commands["colour"]()  # also warms the caches
    if colours == 0:
        return ["text: the terminal run wrote no colour, so it measures nothing: MISSED"]
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(rounds):
        for name, command in commands.items():
            start = time.perf_counter()
            command()
            times[name].append(time.perf_counter() - start)
    t = {name: statistics.median(values) for name, values in times.items()}
    size = os.path.getsize(text) / MB
    return [
        f"text: a {cells:,}-cell trace (median of {rounds}; {colours:,} colour escapes "
        "in the terminal run)",
        f"  --export x.md                     {ms(t['markdown'])}  "
        f"({os.path.getsize(markdown) / MB:.1f} MB)",
        f"  plain text > file                 {ms(t['text'])}  ({size:.1f} MB)  "
        + record(f"text to a file / Markdown, {cells} cells", t["text"], t["markdown"], 3),
        f"  colour terminal (pty, 160 cols)   {ms(t['colour'])}  "
        + record(f"colour terminal / Markdown, {cells} cells", t["colour"], t["markdown"], 5),
    ]


# --- exports (each in a fresh process, for its peak memory) ------------------------------------


def export_worker(fmt: str, kind: str, path: str) -> None:
    """Run in a subprocess: trace the 128×128×3×8 case, write it, print JSON figures."""
    start = time.perf_counter()
    trace = make_trace(3, 128, 128, 8, kind, seed=1)
    traced = time.perf_counter()
    with open(path, "w", encoding="utf-8") as out:
        if fmt == "json":
            from convtrace.render.json_doc import write_json

            write_json(trace, out)
        else:
            from convtrace.render.markdown import iter_markdown

            for piece in iter_markdown(trace):
                out.write(piece)
    done = time.perf_counter()
    figures = {"trace": traced - start, "write": done - traced, "peak": peak_memory()}
    print(json.dumps(figures))


def peak_memory() -> int:
    """This process's peak resident memory in bytes.

    Linux's VmHWM belongs to the process image, so it starts afresh at exec; ``ru_maxrss``
    would carry over the peak of the parent that forked this worker.
    """
    try:
        with open("/proc/self/status", encoding="utf-8") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # kB on Linux


def bench_exports(repeat: int, folder: str) -> list[str]:
    lines = [
        f"export: 128×128×3 input, 8 filters 3×3, padding 1, the full document to a file "
        f"(median of {repeat})"
    ]
    for fmt in ("json", "markdown"):
        for kind in ("int", "decimal"):
            path = os.path.join(folder, f"out.{fmt}")
            runs = []
            for _ in range(repeat):
                done = subprocess.run(
                    [sys.executable, __file__, "--export-worker", fmt, kind, path],
                    capture_output=True,
                    text=True,
                    check=True,
                    env=ENV,
                )
                runs.append(json.loads(done.stdout))
            size = os.path.getsize(path)
            write = statistics.median(r["write"] for r in runs)
            trace_time = statistics.median(r["trace"] for r in runs)
            peak = max(r["peak"] for r in runs)
            speed = size / MB / write
            lines.append(
                f"  {fmt:<8} {kind:<8} {size / MB:6.1f} MB in {write:5.2f} s = "
                f"{speed:5.1f} MB/s (target ≥ 20: {'ok' if speed >= 20 else 'MISSED'})   "
                f"peak {peak / MB:5.0f} MB (target < 300: {'ok' if peak < 300e6 else 'MISSED'})"
                f"   [trace {trace_time * 1e3:.0f} ms]"
            )
    return lines


# --- terminal ----------------------------------------------------------------------------------


def bench_terminal() -> list[str]:
    from rich.console import Console

    from convtrace.render.terminal import print_trace

    trace = make_trace(3, 64, 64, 1, "int")
    lines = ["terminal: cells of a 64×64×3 trace printed through rich (to memory)"]
    per_cell = []
    for count in (500, 2000):
        console = Console(file=io.StringIO(), width=100, color_system="truecolor")
        start = time.perf_counter()
        print_trace(console, trace, cells=itertools.islice(trace.cells(), count))
        elapsed = time.perf_counter() - start
        per_cell.append(elapsed / count)
        lines.append(f"  {count:5d} cells {elapsed:6.2f} s = {elapsed / count * 1e3:.2f} ms/cell")
    growth = per_cell[1] / per_cell[0]
    lines.append(f"  ms/cell at 4× the cells: ×{growth:.2f} (linear ≈ 1: {verdict(growth, 1.5)})")
    return lines


# --- the web page ------------------------------------------------------------------------------

#: Chromium as the browser tests launch it: the system's, no sandbox, no traffic of its own.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def bench_page(rounds: int, folder: str) -> list[str]:
    from convtrace.export import write_export

    trace = make_trace(3, 64, 64, 2, "int", seed=3)
    page, markdown = os.path.join(folder, "page.html"), os.path.join(folder, "page.md")
    t = interleaved(
        {
            "markdown": lambda: write_export(trace, markdown, force=True),
            "page": lambda: write_export(trace, page, force=True),
        },
        rounds,
    )
    size = os.path.getsize(page)
    lines = [
        f"page: the web page of a {len(trace):,}-cell trace (64×64×3, 2 filters; "
        f"median of {rounds})",
        f"  --export x.md                     {ms(t['markdown'])}  "
        f"({os.path.getsize(markdown) / MB:.1f} MB)",
        f"  --export x.html                   {ms(t['page'])}  "
        + record(f"page / Markdown, {len(trace)} cells", t["page"], t["markdown"], 2),
        f"  page size {size / MB:.2f} MB (target < 5 MB: {'ok' if size < 5e6 else 'MISSED'})",
    ]
    return lines + browse_page(page, rounds)


def browse_page(path: str, rounds: int) -> list[str]:
    """Headless chromium opens the page and steps five cells: the median times."""
    import shutil

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return ["  chromium: not measured (pip install -e '.[browser]' for Playwright)"]
    if chromium is None:
        return ["  chromium: not measured (no chromium installed)"]
    frame = "new Promise(done => requestAnimationFrame(() => setTimeout(done, 0)))"
    opened, stepped = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        for _ in range(rounds):
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            start = time.perf_counter()
            page.goto(Path(path).as_uri())
            page.wait_for_selector(".ct-now li")
            page.evaluate(frame)
            shown = time.perf_counter()
            for _ in range(5):
                page.keyboard.press("ArrowRight")
            page.evaluate(frame)
            opened.append(shown - start)
            stepped.append(time.perf_counter() - shown)
            page.close()
        browser.close()
    total = statistics.median(o + s for o, s in zip(opened, stepped, strict=True))
    return [
        f"  chromium: open + first cell {ms(statistics.median(opened))}, five steps "
        f"{ms(statistics.median(stepped))}, in all {ms(total)} "
        f"(target < 2 s: {'ok' if total < 2 else 'MISSED'})"
    ]


# --- images: a photo through sobel-x to a PNG, against Pillow's own filter -------------------


def make_photo(path: str, size: int = 512) -> None:
    """A 512×512 RGB photo-like picture: the sample photo enlarged (bicubic) with a fixed grain,
    so that it compresses as a photo does (PNG writing is much of both sides' time)."""
    from PIL import Image

    small = Image.open(ROOT / "samples" / "house.png").convert("RGB")
    big = np.asarray(small.resize((size, size), Image.Resampling.BICUBIC)).astype(int)
    grain = np.random.default_rng(5).integers(-6, 7, big.shape)
    Image.fromarray(np.clip(big + grain, 0, 255).astype(np.uint8), "RGB").save(path)


def bench_images(rounds: int, folder: str) -> list[str]:
    """``run --image photo.png --kernel sobel-x -q --save-output out.png``, in this process
    (its output to a file) against Pillow: open, ``ImageFilter.Kernel`` with the same weights,
    save the PNG. Both read and write the same files; neither side pays for starting Python."""
    from click.testing import CliRunner
    from PIL import Image, ImageFilter

    import convtrace
    from convtrace.cli import main as cli
    from convtrace.engine import run as run_engine
    from convtrace.kernels import KERNELS
    from convtrace.loaders.image import ImageSource
    from convtrace.render.picture import write_pictures

    photo, ours, theirs = (os.path.join(folder, n) for n in ("photo.png", "o.png", "p.png"))
    make_photo(photo)
    sobel = KERNELS["sobel-x"].weights.ravel().tolist()

    def pillow() -> None:
        with Image.open(photo) as image:
            image.filter(ImageFilter.Kernel((3, 3), sobel, scale=1)).save(theirs)

    args = ["run", "--image", photo, "--kernel", "sobel-x", "-q", "--save-output", ours, "--force"]
    runner = CliRunner()

    def command() -> None:
        done = runner.invoke(cli, args)
        assert done.exit_code == 0, done.output

    def library() -> None:
        task = convtrace.load_task(image=ImageSource(photo), kernels=["sobel-x"])
        write_pictures(run_engine(task), ours, force=True)

    command()  # warm: imports, caches
    t = interleaved({"pillow": pillow, "command": command, "library": library}, rounds)
    lines = [
        f"images: a 512×512 RGB photo ({os.path.getsize(photo) / 1e3:.0f} kB PNG) through "
        f"sobel-x to a PNG (median of {rounds})",
        f"  Pillow open + ImageFilter.Kernel + save        {ms(t['pillow'])}",
        f"  run --image … -q --save-output (stdout: file)  {ms(t['command'])}  "
        + record("images: run -q --save-output / Pillow", t["command"], t["pillow"], 2),
        f"  [load_task + engine + write_pictures only      {ms(t['library'])}, "
        f"×{t['library'] / t['pillow']:.2f}]",
    ]
    cli_command = convtrace_command()
    script = (
        "import sys; from PIL import Image, ImageFilter; "
        f"Image.open(sys.argv[1]).filter(ImageFilter.Kernel((3, 3), {sobel}, scale=1))"
        ".save(sys.argv[2])"
    )
    processes = {
        "pillow": run_quietly([sys.executable, "-c", script, photo, theirs]),
        "pipe": run_quietly([*cli_command, *args]),
        "terminal": run_in_terminal([*cli_command, *args]),
    }
    p = interleaved(processes, max(3, rounds // 2))
    lines.append(
        f"  [as processes: python -c Pillow {ms(p['pillow'])}; convtrace, stdout a file "
        f"{ms(p['pipe'])} (×{p['pipe'] / p['pillow']:.2f}), a terminal {ms(p['terminal'])} "
        f"(×{p['terminal'] / p['pillow']:.2f}): start-up included]"
    )
    return lines


# --- progress: what the bar costs an export ----------------------------------------------------


def bench_progress(rounds: int, folder: str) -> list[str]:
    """The Markdown export of a 128×128×3 trace with 4 filters, with the bar drawn (to a
    terminal console that discards it, redrawn as on a screen) and without; ≤ 1.02×."""
    from rich.console import Console

    from convtrace.export import write_export
    from convtrace.progress import Bar

    trace = make_trace(3, 128, 128, 4, "int", seed=3)
    path = os.path.join(folder, "progress.md")
    sink = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (closed below)

    def plain() -> None:
        write_export(trace, path, force=True)

    def with_bar() -> None:
        console = Console(file=sink, force_terminal=True, width=120)
        with Bar("writing", len(trace), console=console) as bar:
            write_export(trace, path, force=True, progress=bar)

    plain()
    t = interleaved({"plain": plain, "bar": with_bar}, rounds)
    sink.close()
    size = os.path.getsize(path) / MB
    return [
        f"progress: the Markdown export of a 128×128×3×4 trace ({size:.0f} MB), with and "
        f"without the bar (median of {rounds}, interleaved)",
        f"  without the bar   {ms(t['plain'])}",
        f"  with the bar      {ms(t['bar'])}  "
        + record("progress: export with the bar / without", t["bar"], t["plain"], 1.02),
    ]


# --- grading -----------------------------------------------------------------------------------


def answers_folder(folder: str, count: int = 200) -> tuple[str, list[str]]:
    """``count`` answers to the seed as CSV: right, the bias forgotten, one cell off, noise."""
    import convtrace

    out = convtrace.trace(ROOT / "samples" / "seed.json").output[0]
    rng = np.random.default_rng(3)
    path = os.path.join(folder, "answers")
    os.makedirs(path, exist_ok=True)
    files = []
    for n in range(count):
        given = out.copy()
        if n % 4 == 1:
            given = given - 1
        elif n % 4 == 2:
            given[rng.integers(3), rng.integers(3)] += 3
        elif n % 4 == 3:
            given = given + rng.integers(-2, 3, given.shape)
        name = os.path.join(path, f"student-{n:03}.csv")
        Path(name).write_text("\n".join(",".join(map(str, r)) for r in given) + "\n")
        files.append(name)
    return path, files


def bench_grading(rounds: int, folder: str) -> list[str]:
    from convtrace.engine import run
    from convtrace.homework import grading
    from convtrace.loaders import load_task

    path, files = answers_folder(folder)
    seed = str(ROOT / "samples" / "seed.json")
    cli = convtrace_command()
    book = os.path.join(folder, "grades.csv")
    batch = [*cli, "check", seed, path, "--gradebook", book, "--force"]
    commands = {
        "one": run_quietly([*cli, "check", seed, files[1], "-q"], ok=(0, 1)),
        "batch": run_quietly(batch, ok=(0, 1)),
    }
    for command in commands.values():
        command()
    t = interleaved(commands, rounds)

    def grade(paths):
        return lambda: grading.grade_all(grading.Grader(run(load_task(seed))), paths)

    def apart():
        return [grading.Grader(run(load_task(seed))).grade(p) for p in files]

    inside = interleaved({"one": grade(files[1:2]), "batch": grade(files)}, rounds * 3)
    inside["apart"] = interleaved({"apart": apart}, 1)["apart"]  # apart: its garbage, not theirs
    count = len(files)
    return [
        f"grading: {count} answers to the seed against one (median of {rounds}; the task "
        "loaded, traced and its slips computed once)",
        f"  convtrace check seed one.csv -q              {ms(t['one'])}",
        f"  convtrace check seed answers/ --gradebook    {ms(t['batch'])}  "
        + record(f"grading: {count} answers / one, CLI", t["batch"], t["one"], 5),
        f"  [in the process: one answer {ms(inside['one']).strip()}, {count} answers "
        f"{ms(inside['batch']).strip()}, ×{inside['batch'] / inside['one']:.1f}; one by one, "
        f"each task and its slips anew, {ms(inside['apart']).strip()}, "
        f"×{inside['apart'] / inside['batch']:.1f} the batch]",
    ]


# --- main --------------------------------------------------------------------------------------

ENV = child_environment()

#: The sections in the order they run (``--only`` picks some).
SECTION_NAMES = (
    "machine",
    "engine",
    "start-up",
    "text",
    "export",
    "page",
    "terminal",
    "loading",
    "big",
    "images",
    "progress",
    "grading",
)


def machine() -> list[str]:
    blas = {
        key: os.environ[key]
        for key in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OPENBLAS_NUM_THREADS")
        if key in os.environ
    }
    return [
        f"convtrace benchmark, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
        f"machine: {os.cpu_count()} cores (nproc {len(os.sched_getaffinity(0))}), "
        f"{platform.processor() or platform.machine()}, Python {platform.python_version()}, "
        f"numpy {np.__version__}, load average {os.getloadavg()[0]:.2f}"
        + (f", {blas}" if blas else ""),
    ]


def table() -> list[str]:
    lines = ["targets (ratio = measured / reference, same run)"]
    width = max(len(name) for name, *_ in RESULTS)
    for name, measured, reference, ratio, target in RESULTS:
        lines.append(
            f"  {name:<{width}}  {ms(measured)} / {ms(reference)} = ×{ratio:5.2f}  "
            f"≤ {target:g}  {verdict(ratio, target)}"
        )
    return lines


def record_big(name: str, measured: float, reference: float, target: float) -> str:
    return record(name, measured, reference, target)


def bench_big(quick: bool, record=None) -> list[str]:
    """Big inputs end to end (benchmarks/big.py): -q, loading and the exports by input size."""
    from big import bench_big as run

    return run(quick, record)


def bench_loading_section(quick: bool) -> list[str]:
    from loading import bench_loading

    return bench_loading((256, 512) if quick else (256, 512, 1024))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=None, help="runs per median")
    parser.add_argument(
        "--quick", action="store_true", help="fewer runs, a 512-cell text case, no terminal"
    )
    parser.add_argument("--only", nargs="+", choices=SECTION_NAMES[1:], help="only these sections")
    parser.add_argument("--engine-worker", type=int, metavar="ROUNDS")
    parser.add_argument("--export-worker", nargs=3, metavar=("FMT", "KIND", "PATH"))
    args = parser.parse_args()
    if args.export_worker:
        export_worker(*args.export_worker)
        return
    if args.engine_worker:
        engine_worker(args.engine_worker)
        return
    repeat = args.repeat or (3 if args.quick else 7)
    with tempfile.TemporaryDirectory() as folder:
        every = {
            "machine": machine,
            "engine": lambda: bench_engine(repeat * 5),
            "start-up": lambda: bench_startup(repeat * 3, folder),
            "text": lambda: bench_text(max(1, repeat // 2), folder, args.quick),
            "export": lambda: bench_exports(1 if args.quick else max(1, repeat // 2), folder),
            "page": lambda: bench_page(repeat, folder),
            "terminal": bench_terminal,
            "loading": lambda: bench_loading_section(args.quick),
            "big": lambda: bench_big(args.quick, record=record_big),
            "images": lambda: bench_images(repeat * 3, folder),
            "progress": lambda: bench_progress(max(9, repeat), folder),
            "grading": lambda: bench_grading(repeat, folder),
        }
        names = ["machine", *args.only] if args.only else list(SECTION_NAMES)
        if args.quick and not args.only:
            names.remove("terminal")
        sections = [every[name] for name in names]
        sections.append(table)
        for section in sections:
            for line in section():
                print(line, flush=True)
            print(flush=True)


if __name__ == "__main__":
    main()

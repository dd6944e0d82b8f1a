"""convtrace's performance targets, measured: ``python benchmarks/bench.py``.

Prints, for the cases issue 7 names:

* engine: the full trace computation (padding, every channel sum, the output) of a 256×256×3
  input with 16 filters of 3×3 and padding 1, against the plain numpy reference (one
  ``sliding_window_view`` + ``einsum('chwij,kcij->khw')``, no trace), median of several runs
  in the same process, as a ratio (target ≤ 2);
* export: full JSON (and Markdown, where the exporter exists) of a 128×128×3×8 trace written
  to a file, in MB/s (target ≥ 20) and the peak memory of the process doing it (target < 300 MB),
  each in a fresh subprocess;
* terminal: milliseconds per printed cell for two trace lengths (linear, not quadratic);
* start-up: ``convtrace --version`` against ``python -c "import click"`` (target ≤ 1.5×) and
  ``convtrace run samples/seed.json`` (target < 0.5 s), medians of several runs.

Nothing here is a test: timings depend on the machine. The numbers on the project's machine
are in the README's "Performance" section.
"""

from __future__ import annotations

import argparse
import io
import itertools
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from numpy.lib.stride_tricks import sliding_window_view  # noqa: E402

MB = 1e6


def make_trace(c: int, h: int, w: int, k: int, kind: str, seed: int = 0):
    """A random task of whole numbers (−9…9) or two-decimal numbers (−5…5), traced."""
    import convtrace

    rng = np.random.default_rng(seed)
    if kind == "int":
        x, weights = rng.integers(-9, 10, (c, h, w)), rng.integers(-9, 10, (k, c, 3, 3))
        biases = rng.integers(-9, 10, k)
    else:
        x = np.round(rng.uniform(-5, 5, (c, h, w)), 2)
        weights = np.round(rng.uniform(-5, 5, (k, c, 3, 3)), 2)
        biases = np.round(rng.uniform(-5, 5, k), 2)
    filters = [
        {"weights": wk, "bias": bk}
        for wk, bk in zip(weights.tolist(), biases.tolist(), strict=True)
    ]
    return convtrace.trace(x, filters, padding=1)


def median_time(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


# --- engine ------------------------------------------------------------------------------------


def bench_engine(repeat: int) -> list[str]:
    from convtrace.engine import run

    lines = [f"engine: 256×256×3 input, 16 filters 3×3, padding 1 (median of {repeat})"]
    for kind in ("int", "decimal"):
        task = make_trace(3, 256, 256, 16, kind).task
        x, weights, biases = task.x, task.weights, task.biases

        def reference(optimize=False, x=x, weights=weights, biases=biases):
            padded = np.pad(x, ((0, 0), (1, 1), (1, 1)))
            view = sliding_window_view(padded, (3, 3), axis=(1, 2))
            out = np.einsum("chwij,kcij->khw", view, weights, optimize=optimize)
            return out + biases[:, None, None]

        trace = run(task)
        assert np.allclose(trace.output, reference()), "engine and reference disagree"
        # interleave the three so that a busy moment of the machine hits them alike
        engine_t, reference_t, optimized_t = [], [], []
        for _ in range(repeat):
            engine_t.append(median_time(lambda task=task: run(task), 1))
            reference_t.append(median_time(reference, 1))
            optimized_t.append(median_time(lambda: reference(True), 1))
        e, r, o = map(statistics.median, (engine_t, reference_t, optimized_t))
        verdict = "ok" if e <= 2 * r else "MISSED"
        lines.append(
            f"  {kind:<8} engine {e * 1e3:7.1f} ms   numpy reference {r * 1e3:7.1f} ms   "
            f"ratio {e / r:5.2f} (target ≤ 2: {verdict})   "
            f"[einsum optimize=True {o * 1e3:.1f} ms, ratio {e / o:.2f}]"
        )
    return lines


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


def markdown_available() -> bool:
    try:
        from convtrace.render.markdown import iter_markdown  # noqa: F401
    except ImportError:
        return False
    return True


def bench_exports(repeat: int) -> list[str]:
    lines = ["export: 128×128×3 input, 8 filters 3×3, padding 1, the full document to a file"]
    formats = ["json"] + (["markdown"] if markdown_available() else [])
    with tempfile.TemporaryDirectory() as folder:
        for fmt in formats:
            for kind in ("int", "decimal"):
                path = os.path.join(folder, f"out.{fmt}")
                runs = []
                for _ in range(repeat):
                    done = subprocess.run(
                        [sys.executable, __file__, "--export-worker", fmt, kind, path],
                        capture_output=True,
                        text=True,
                        check=True,
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
    if "markdown" not in formats:
        lines.append("  markdown: convtrace.render.markdown is not there yet (issue 5)")
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
    verdict = "ok" if growth < 1.5 else "MISSED"
    lines.append(f"  ms/cell at 4× the cells: ×{growth:.2f} (linear ≈ 1: {verdict})")
    return lines


# --- start-up ----------------------------------------------------------------------------------


def command_time(command: list[str], repeat: int) -> float:
    def once():
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)

    return median_time(once, repeat)


def convtrace_command() -> list[str]:
    script = Path(sys.executable).with_name("convtrace")
    return [str(script)] if script.exists() else [sys.executable, "-m", "convtrace"]


def bench_startup(repeat: int) -> list[str]:
    cli = convtrace_command()
    commands = {
        "click": [sys.executable, "-c", "import click"],
        "version": [*cli, "--version"],
        "seed": [*cli, "run", str(ROOT / "samples" / "seed.json")],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    for command in commands.values():
        command_time(command, 1)  # warm the file cache
    for _ in range(repeat):  # interleaved, so that a busy moment hits all three alike
        for name, command in commands.items():
            times[name].append(command_time(command, 1))
    click_t, version_t, seed_t = (statistics.median(times[name]) for name in commands)
    ratio = version_t / click_t
    return [
        f"start-up (median of {repeat}, wall clock)",
        f"  python -c 'import click'            {click_t * 1e3:6.1f} ms",
        f"  convtrace --version                 {version_t * 1e3:6.1f} ms   ×{ratio:.2f} of "
        f"import click (target ≤ 1.5: {'ok' if ratio <= 1.5 else 'MISSED'})",
        f"  convtrace run samples/seed.json     {seed_t * 1e3:6.1f} ms   "
        f"(target < 500 ms: {'ok' if seed_t < 0.5 else 'MISSED'})",
    ]


# --- main --------------------------------------------------------------------------------------


def machine() -> list[str]:
    blas = {
        key: os.environ[key]
        for key in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
        if key in os.environ
    }
    return [
        f"convtrace benchmark, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
        f"machine: {os.cpu_count()} cores (nproc {len(os.sched_getaffinity(0))}), "
        f"{platform.processor() or platform.machine()}, Python {platform.python_version()}, "
        f"numpy {np.__version__}" + (f", {blas}" if blas else ""),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=7, help="runs per median (default 7)")
    parser.add_argument("--export-worker", nargs=3, metavar=("FMT", "KIND", "PATH"))
    args = parser.parse_args()
    if args.export_worker:
        export_worker(*args.export_worker)
        return
    sections = [
        machine,
        lambda: bench_engine(args.repeat),
        lambda: bench_exports(max(1, args.repeat // 2)),
        bench_terminal,
        lambda: bench_startup(args.repeat * 3),
    ]
    for section in sections:
        for line in section():
            print(line, flush=True)
        print(flush=True)


if __name__ == "__main__":
    main()

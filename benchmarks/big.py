"""Big inputs end to end (issue 17): ``python benchmarks/big.py [--quick]``, or a section of
``benchmarks/bench.py``.

For N×N×3 inputs of whole numbers 0…255 with 8 filters of 3×3 and padding 1 (N = 256, 512,
1024; 256 and 512 with ``--quick``), each command in a fresh process, its wall time and peak
memory (``ru_maxrss`` of the child), against references measured in the same run:

* ``-q`` (the output volume only) against ``json.load`` + ``np.array`` + the engine +
  ``np.savetxt`` of the same volume (≤ 3×), and its peak memory against the task's own arrays;
* loading (``load_task``) against ``json.load`` + ``np.array`` (≤ 2×);
* JSON, Markdown and LaTeX exports of the same cells (output rows 0–23, columns 0–255, all 8
  filters) from every size: the cost of a cell (the time of rows 0–23 less that of rows 0–7,
  over the 32,768 cells between) must not grow with the input (the largest size within 1.1× of
  the one before); JSON and Markdown within 15× of ``cat`` of the same bytes, LaTeX within 2×
  of Markdown;
* for each, the exponent of time against pixel count between the smallest and the largest size
  (1.0 is linear; for the exports, which write the same cells, 0 is flat).
"""

from __future__ import annotations

import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

#: Two selections of the same columns: the cells between them cost what a cell costs, the
#: header, the input's tables and the start-up cancel out.
FEW = ["--rows", "0..7", "--cols", "0..255"]
MORE = ["--rows", "0..23", "--cols", "0..255"]
EXTRA_CELLS = 16 * 256 * 8


def write_task(path: Path, size: int) -> None:
    rng = np.random.default_rng(size)
    x = rng.integers(0, 256, (3, size, size))
    w = rng.integers(-2, 3, (8, 3, 3, 3))
    filters = [{"name": f"w{k}", "weights": w[k].tolist(), "bias": k - 4} for k in range(8)]
    data = {"input": {"R": x[0].tolist(), "G": x[1].tolist(), "B": x[2].tolist()}}
    data.update(filters=filters, padding=1)
    path.write_text(json.dumps(data), encoding="utf-8")


REFERENCE_Q = """
import json, sys, numpy as np
from convtrace.engine import run
from convtrace.loaders import task_from_data
data = json.load(open(sys.argv[1], encoding="utf-8"))
np.array([data["input"][c] for c in "RGB"])
trace = run(task_from_data(data))
with open(sys.argv[2], "w") as out:
    for k in range(trace.output.shape[0]):
        np.savetxt(out, trace.output[k], fmt="%d")
"""

REFERENCE_LOAD = """
import json, sys, numpy as np
data = json.load(open(sys.argv[1], encoding="utf-8"))
np.array([data["input"][c] for c in "RGB"])
np.array([f["weights"] for f in data["filters"]])
"""

LOAD = """
import sys
from convtrace.loaders import load_task
load_task(sys.argv[1])
"""


def child(args: list[str], stdout=None) -> tuple[float, float]:
    """Wall seconds and peak megabytes of one child process."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    start = time.perf_counter()
    process = subprocess.Popen(
        args, stdout=stdout or subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
    )
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if status:
        raise SystemExit(f"failed: {' '.join(args)}")
    return seconds, usage.ru_maxrss / 1024


def convtrace(*args: str) -> list[str]:
    return [sys.executable, "-m", "convtrace", *args]


def export(task: Path, cells: list[str], target: Path, runs: int = 3) -> tuple[float, float]:
    """The median wall time and the peak memory of exporting ``cells`` of ``task``."""
    results = []
    for _ in range(runs):
        target.unlink(missing_ok=True)
        results.append(child(convtrace("run", str(task), *cells, "--export", str(target))))
    return sorted(results)[runs // 2]


def exponent(sizes: list[int], times: list[float]) -> float:
    """log(time ratio) / log(pixel ratio) between the first and the last size."""
    return math.log(times[-1] / times[0]) / math.log((sizes[-1] / sizes[0]) ** 2)


def bench_big(quick: bool = False, record=None) -> list[str]:
    """Lines of text (and, with ``record(name, measured, reference, target)``, the targets)."""
    sizes = [256, 512] if quick else [256, 512, 1024]
    lines = [f"big inputs: N×N×3, 8 filters 3×3, padding 1 (N = {', '.join(map(str, sizes))})"]
    note = record or (lambda name, m, r, t: f"×{m / r:.2f} (target ≤ {t:g})")
    times: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="convtrace-big-") as folder:
        folder = Path(folder)
        per_cell: dict[str, list[float]] = {}
        for size in sizes:
            task = folder / f"task-{size}.json"
            write_task(task, size)
            lines.append(f"  {size}×{size}×3 ({task.stat().st_size / 1e6:.0f} MB of JSON)")
            with open(folder / "q.txt", "w") as out:
                quiet, quiet_mb = child(convtrace("run", str(task), "-q"), out)
            reference, _ = child(
                [sys.executable, "-c", REFERENCE_Q, str(task), str(folder / "ref.txt")]
            )
            arrays_mb = 3 * size * size * 8 / 1e6
            lines.append(
                f"    -q           {quiet:6.2f} s   reference {reference:6.2f} s   "
                f"{note(f'-q {size}²', quiet, reference, 3)}   peak {quiet_mb:5.0f} MB "
                f"(the input's arrays {arrays_mb:.0f} MB)"
            )
            loading, _ = child([sys.executable, "-c", LOAD, str(task)])
            plain, _ = child([sys.executable, "-c", REFERENCE_LOAD, str(task)])
            lines.append(
                f"    loading      {loading:6.2f} s   json.load + np.array {plain:6.2f} s   "
                f"{note(f'loading {size}²', loading, plain, 2)}"
            )
            times.setdefault("-q", []).append(quiet)
            times.setdefault("loading", []).append(loading)
            for fmt, ext in (("json", "json"), ("md", "md"), ("latex", "tex")):
                target = folder / f"export.{ext}"
                few = export(task, FEW, target)[0]
                seconds, peak = export(task, MORE, target)
                size_mb = target.stat().st_size / 1e6
                cat, _ = child(["cat", str(target)])
                times.setdefault(fmt, []).append(seconds)
                per_cell.setdefault(fmt, []).append(max(seconds - few, 1e-9) / EXTRA_CELLS)
                text = f"    {fmt:<6} {size_mb:6.1f} MB  {seconds:6.2f} s   peak {peak:5.0f} MB"
                if fmt in ("json", "md"):
                    text += (
                        f"   cat {cat:5.3f} s  {note(f'{fmt} {size}² vs cat', seconds, cat, 15)}"
                    )
                else:
                    markdown = times["md"][-1]
                    text += f"   {note(f'latex {size}² vs Markdown', seconds, markdown, 2)}"
                lines.append(text)
        for fmt, values in per_cell.items():
            costs = ", ".join(f"{v * 1e6:.1f} µs" for v in values)
            lines.append(f"  {fmt} per cell ({costs})")
            if len(values) > 1:
                name = f"{fmt} per cell {sizes[-1]}² vs {sizes[-2]}²"
                lines.append(f"    {note(name, values[-1], values[-2], 1.1)}")
    lines.append("  exponent of time against pixel count (1 linear, 0 flat):")
    for name, values in times.items():
        lines.append(f"    {name:<8} {exponent(sizes, values):5.2f}")
    return lines


if __name__ == "__main__":
    for line in bench_big("--quick" in sys.argv):
        print(line, flush=True)
    print(
        f"(peak of this process {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)"
    )

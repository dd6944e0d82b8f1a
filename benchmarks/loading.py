"""Loading a task at numpy's speed (issue 17, item 2): ``python benchmarks/loading.py [SIZE…]``.

For each size N, a task file with an N×N×3 input of whole numbers 0…255 (a photo's worth at
1024) and 8 filters of 3×3, and the same with two-decimal numbers, is written to a temporary
folder; ``load_task`` of it is timed against ``json.load`` plus ``np.array`` of the same arrays,
with no check at all. The seed sample is timed the same way. Target: a ratio of 2 or less.
Medians of several runs in one process; nothing here is a test.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

TARGET = 2.0


def write_task(path: Path, size: int, kind: str, seed: int = 0) -> None:
    """An N×N×3 input (R, G, B) with 8 filters of 3×3, padding 1, as a task file."""
    rng = np.random.default_rng(seed)
    if kind == "int":
        x = rng.integers(0, 256, (3, size, size))
    else:
        x = np.round(rng.uniform(-5, 5, (3, size, size)), 2)
    weights = rng.integers(-9, 10, (8, 3, 3, 3))
    doc = {
        "input": {name: channel.tolist() for name, channel in zip("RGB", x, strict=True)},
        "filters": [{"name": f"f{k}", "weights": weights[k].tolist(), "bias": k} for k in range(8)],
        "padding": 1,
    }
    path.write_text(json.dumps(doc), encoding="utf-8")


def plain_load(path: Path) -> None:
    """The reference: the file parsed and its arrays made, nothing checked."""
    with open(path, encoding="utf-8") as file:
        doc = json.load(file)
    volume = doc["input"]
    np.array(list(volume.values()) if isinstance(volume, dict) else volume)
    for f in doc.get("filters") or [doc["filter"]]:
        np.array(f["weights"] if isinstance(f, dict) else f)


def median_time(function: Callable[[], object], repeat: int, loops: int = 1) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(loops):
            function()
        times.append((time.perf_counter() - start) / loops)
    return statistics.median(times)


def ratio_line(label: str, path: Path, repeat: int, loops: int = 1) -> str:
    from convtrace.loaders import load_task

    load_task(path)  # imports and caches warm, as in a running program
    reference = median_time(lambda: plain_load(path), repeat, loops)
    loading = median_time(lambda: load_task(path), repeat, loops)
    ratio = loading / reference
    verdict = "ok" if ratio <= TARGET else "over"
    return (
        f"  {label:<28} load_task {loading * 1e3:9.2f} ms   json.load + np.array "
        f"{reference * 1e3:9.2f} ms   ratio {ratio:4.2f} (target ≤ {TARGET:g}: {verdict})"
    )


def bench_loading(sizes: Sequence[int] = (256, 512, 1024), repeat: int = 5) -> list[str]:
    """Lines of text: the ratio of ``load_task`` to ``json.load`` + ``np.array`` for the seed
    and for an N×N×3 task with 8 filters of 3×3 for each N in ``sizes``, whole and decimal."""
    lines = [f"loading: load_task against json.load + np.array (median of {repeat})"]
    lines.append(ratio_line("seed", ROOT / "samples" / "seed.json", repeat, loops=200))
    with tempfile.TemporaryDirectory(prefix="convtrace-loading-") as folder:
        for size in sizes:
            for kind in ("int", "decimal"):
                path = Path(folder) / f"task-{size}-{kind}.json"
                write_task(path, size, kind)
                megabytes = path.stat().st_size / 1e6
                label = f"{size}×{size}×3 {kind} ({megabytes:.0f} MB)"
                lines.append(ratio_line(label, path, repeat))
                path.unlink()
    return lines


if __name__ == "__main__":
    chosen = [int(arg) for arg in sys.argv[1:]] or [256, 512, 1024]
    for line in bench_loading(chosen):
        print(line, flush=True)

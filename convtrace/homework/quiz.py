"""Random exercises: a task whose output-size formula comes out whole, reproducible from a seed.

:func:`make_quiz` draws the hyperparameters the caller left open (among those that divide
evenly, unless ``allow_floor``), then the numbers, all from ``numpy.random.default_rng(seed)``
in a fixed order: the same seed and options give the same exercise, byte for byte.
"""

from __future__ import annotations

import itertools
import json
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..engine import Trace, run
from ..engine.chain import ChainTrace, run_chain
from ..errors import InputError
from ..layers import Chain
from ..loaders import model_from_data, task_from_data, then_layer
from ..task import Task

#: What is drawn when an option is left open: small enough to work by hand.
SIZES = (4, 5, 6, 7)
KERNELS = (2, 3)
STRIDES = (1, 2)
PADDINGS = (0, 1)
CHANNELS = (1, 2, 3)
#: Random picks keep the output at most this many cells per side (a sheet, not a marathon).
MAX_OUT = 4
#: The most a quiz takes of each, given or drawn: beyond these nobody works it by hand.
MAX_SIZE = 64
MAX_CHANNELS = 8
MAX_FILTERS = 8
RGB = ("R", "G", "B")

_RANGE = re.compile(r"^\s*([+\-\u2212]?\d+)\s*(?:\.\.|:)\s*([+\-\u2212]?\d+)\s*$")


def parse_range(text: str | Sequence[int], place: str) -> tuple[int, int]:
    """``"0..3"`` or ``"-1..1"`` (also ``a:b``; one number is a range of one) → (low, high)."""
    if not isinstance(text, str):
        low, high = (int(v) for v in text)
    else:
        match = _RANGE.match(text)
        if match:
            low, high = (int(g.replace("\u2212", "-")) for g in match.groups())
        else:
            try:
                low = high = int(text.strip().replace("\u2212", "-"))
            except ValueError:
                raise InputError(
                    f"{text!r} is not a range of whole numbers like 0..3 or -1..1", place=place
                ) from None
    if low > high:
        raise InputError(f"{low}..{high} is empty: the low end comes first", place=place)
    return low, high


@dataclass(frozen=True, eq=False)
class Quiz:
    """A generated exercise: the task file's data, the task and its trace (the answer key)."""

    seed: int
    data: dict[str, Any]
    task: Task | Chain  # a Chain with --then's layers
    trace: Trace | ChainTrace

    def task_json(self) -> str:
        return task_json(self.data)


def _out(size: int, kernel: int, stride: int, padding: int) -> tuple[int, int]:
    """(numerator, remainder) of the size formula (H₁ − F + 2P)/s."""
    numerator = size - kernel + 2 * padding
    return numerator, numerator % stride if numerator >= 0 else -1


def _whole_choices(
    size, kernel, stride, padding, allow_floor: bool
) -> list[tuple[int, int, int, int]]:
    choices = []
    for s_, f_, st_, p_ in itertools.product(
        [size] if size is not None else SIZES,
        [kernel] if kernel is not None else KERNELS,
        [stride] if stride is not None else STRIDES,
        [padding] if padding is not None else PADDINGS,
    ):
        numerator, remainder = _out(s_, f_, st_, p_)
        if numerator < 0:
            continue
        if remainder and not allow_floor:
            continue
        if p_ >= f_:
            continue  # a window of padding alone teaches nothing
        choices.append((s_, f_, st_, p_))
    return choices


def _padding_alone(kernel: int, padding: int) -> str:
    """P ≥ F puts whole windows in the padding: their sums are just the bias."""
    return (
        f"{padding} is too much for a {kernel}×{kernel} kernel: the corner windows would hold "
        f"padding only; at most {kernel - 1} (P = F − 1, every window still reads the input)"
    )


def _no_whole_choice(size, kernel, stride, padding) -> InputError:
    """Say why nothing fits, with the formula and what would."""
    numerator = size - kernel + 2 * padding
    if numerator < 0:
        return InputError(
            f"a {kernel}×{kernel} kernel does not fit a {size}×{size} input with padding "
            f"{padding}; use a smaller --kernel or more --padding"
        )
    fits = []
    for p in range(0, padding + 3):
        if p != padding and (size - kernel + 2 * p) >= 0 and (size - kernel + 2 * p) % stride == 0:
            fits.append(f"--padding {p}")
            break
    for s in (size - 1, size + 1):
        if s > 0 and (s - kernel + 2 * padding) >= 0 and (s - kernel + 2 * padding) % stride == 0:
            fits.append(f"--size {s}")
            break
    for st in range(stride - 1, 0, -1):
        if numerator % st == 0:
            fits.append(f"--stride {st}")
            break
    hint = f"; try {' or '.join(fits)}" if fits else ""
    return InputError(
        f"(H₁ − F + 2P)/s = ({size} − {kernel} + 2·{padding})/{stride} = {numerator}/{stride} "
        f"is not whole, so the stride would leave rows unread{hint}, or --allow-floor"
    )


def make_quiz(
    *,
    size: int | None = None,
    channels: int | None = None,
    filters: int = 1,
    kernel: int | None = None,
    stride: int | None = None,
    padding: int | None = None,
    values: str | Sequence[int] = (0, 3),
    weights: str | Sequence[int] = (-1, 1),
    biases: str | Sequence[int] | None = None,
    seed: int | None = None,
    allow_floor: bool = False,
    then: Sequence[str] = (),
) -> Quiz:
    """A random exercise; options left as ``None`` are drawn (see the module docstring).

    Args:
        size: input height and width (H₁ = W₁).
        channels, filters: D₁ and K.
        kernel, stride, padding: F, s and P (zero padding), the same on both axes.
        values, weights, biases: whole-number ranges, ``"0..3"`` or ``(0, 3)``; biases default
            to the weights' range.
        seed: the numpy seed; ``None`` draws one (kept in ``Quiz.seed`` and the task's title).
        allow_floor: also allow hyperparameters whose size formula needs the floor.
        then: layers after the convolution (``["relu", "maxpool:2"]``): a chain exercise,
            drawn again (from the same generator) until the layers fit the output.

    Raises:
        InputError: for options that cannot make an exercise (the message says what would).
    """
    _check_options(size, channels, filters, kernel, stride, padding)
    ranges = _ranges(values, weights, biases)
    if seed is None:
        seed = secrets.randbelow(1_000_000)
    if seed < 0:
        raise InputError(f"must be 0 or more, got {seed}", place="--seed")
    rng = np.random.default_rng(seed)  # drawn from in a fixed order: the same seed, the same quiz
    for attempt in range(CHAIN_ATTEMPTS if then else 1):
        h, f, s, p = _choose_hyperparameters(rng, size, kernel, stride, padding, allow_floor)
        c = channels if channels is not None else int(rng.choice(CHANNELS))
        x, w, b = _draw_numbers(rng, c, h, f, filters, ranges)
        data = _task_document(seed, x, w, b, stride=s, padding=p)
        if not then:
            task = task_from_data(data)
            return Quiz(seed=seed, data=data, task=task, trace=run(task))
        try:
            data = chain_document(data, then)
            chain = model_from_data(data)
        except InputError:
            if attempt + 1 < CHAIN_ATTEMPTS:
                continue  # these sizes leave the layers no room: draw again
            raise
    return Quiz(seed=seed, data=data, task=chain, trace=run_chain(chain))


#: A chain quiz draws its convolution again until the layers after it fit, at most this often.
CHAIN_ATTEMPTS = 25


def chain_document(data: dict[str, Any], then: Sequence[str]) -> dict[str, Any]:
    """The convolution's task document as the first of ``"layers"``, ``then`` after it."""
    conv = {"type": "conv", **{k: data[k] for k in ("filters", "stride", "padding")}}
    layers = [then_layer(text) for text in then]
    steps = ", then ".join(text.replace(":", " ") for text in then)
    return {
        "title": data["title"],
        "description": f"{data['description'][:-1]}; then {steps}.",
        "input": data["input"],
        "layers": [conv, *layers],
    }


def _check_options(size, channels, filters, kernel, stride, padding) -> None:
    """Refuse what cannot make an exercise worked by hand, naming the option."""
    for value, place, low in (
        (size, "--size", 1),
        (channels, "--channels", 1),
        (filters, "--filters", 1),
        (kernel, "--kernel", 1),
        (stride, "--stride", 1),
        (padding, "--padding", 0),
    ):
        if value is not None and value < low:
            raise InputError(f"must be {low} or more, got {value}", place=place)
    for value, place, high in (
        (size, "--size", MAX_SIZE),
        (channels, "--channels", MAX_CHANNELS),
        (filters, "--filters", MAX_FILTERS),
    ):
        if value is not None and value > high:
            raise InputError(f"at most {high}, got {value}: a quiz is worked by hand", place=place)
    if padding is not None and kernel is not None and padding >= kernel:
        raise InputError(_padding_alone(kernel, padding), place="--padding")


Ranges = tuple[tuple[int, int], tuple[int, int], tuple[int, int]]


def _ranges(values, weights, biases) -> Ranges:
    """(input, weights, biases) ranges; the biases take the weights' range unless given."""
    value_range = parse_range(values, "--range")
    weight_range = parse_range(weights, "--weights")
    bias_range = parse_range(biases, "--bias-range") if biases is not None else weight_range
    return value_range, weight_range, bias_range


def _choose_hyperparameters(
    rng: np.random.Generator, size, kernel, stride, padding, allow_floor: bool
) -> tuple[int, int, int, int]:
    """(H₁, F, s, P): those given, the others drawn among the ones whose formula comes out whole
    (and small enough to work by hand, when any are)."""
    choices = _whole_choices(size, kernel, stride, padding, allow_floor)
    if not choices and padding is not None and kernel is None and padding >= max(KERNELS):
        raise InputError(
            f"{padding} is too much for the kernels a quiz draws "
            f"({', '.join(f'{k}×{k}' for k in KERNELS)}): the corner windows would hold padding "
            f"only; give a --kernel above {padding}, or --padding {max(KERNELS) - 1} at most",
            place="--padding",
        )
    if not choices:
        if None in (size, kernel, stride, padding):
            raise InputError("no size, kernel, stride and padding fit these options; give all four")
        raise _no_whole_choice(size, kernel, stride, padding)
    small = [c for c in choices if _out(*c)[0] // c[2] + 1 <= MAX_OUT]
    pool = small or choices
    return pool[int(rng.integers(len(pool)))]


def _draw_numbers(
    rng: np.random.Generator, c: int, h: int, f: int, k: int, ranges: Ranges
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The input (c × h × h), the weights (k × c × f × f) and the biases (k), in that order."""
    value_range, weight_range, bias_range = ranges
    x = rng.integers(value_range[0], value_range[1] + 1, size=(c, h, h))
    w = rng.integers(weight_range[0], weight_range[1] + 1, size=(k, c, f, f))
    # the bias is a step of the exercise: never 0 when the range offers anything else
    bias_values = [v for v in range(bias_range[0], bias_range[1] + 1) if v] or [0]
    b = rng.choice(bias_values, size=k)
    return x, w, b


def _task_document(
    seed: int, x: np.ndarray, w: np.ndarray, b: np.ndarray, *, stride: int, padding: int
) -> dict[str, Any]:
    """The task file's data, with a title and a description that say what to compute."""
    (c, h, _), (k, _, f, _) = x.shape, w.shape
    names = RGB if c == 3 else tuple(f"c{i}" for i in range(c))
    padding_words = f"zero padding {padding}" if padding else "no padding"
    bias_words = "with bias" if b.any() else "with bias 0"  # --bias-range 0..0
    return {
        "title": f"Exercise: convtrace quiz --seed {seed}",
        "description": (
            f"Compute the output volume by hand: a {h}×{h}×{c} input, "
            f"{k} filter{'s' if k > 1 else ''} of {f}×{f}×{c} {bias_words}, stride {stride}, "
            f"{padding_words}."
        ),
        "input": {name: x[i].tolist() for i, name in enumerate(names)},
        "filters": [
            {
                "name": f"w{n}",
                "weights": {name: w[n, i].tolist() for i, name in enumerate(names)},
                "bias": int(b[n]),
            }
            for n in range(k)
        ],
        "stride": stride,
        "padding": padding,
    }


# --- the task file ---------------------------------------------------------------------------


def task_json(data: dict[str, Any]) -> str:
    """The task as JSON written for people: one matrix row per line, columns aligned."""
    return _write(data, 0) + "\n"


def _is_matrix(value: Any) -> bool:
    return (
        isinstance(value, list)
        and bool(value)
        and all(
            isinstance(row, list) and all(isinstance(v, int | float) for v in row) for row in value
        )
    )


def _write(value: Any, indent: int, column: int | None = None) -> str:
    """``column``: where the value starts on its line, so a matrix's rows line up under it."""
    pad = " " * indent
    inner = " " * (indent + 2)
    if isinstance(value, dict):
        items = []
        for key, item in value.items():
            prefix = f"{inner}{json.dumps(key, ensure_ascii=False)}: "
            items.append(prefix + _write(item, indent + 2, len(prefix)))
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if _is_matrix(value):
        cells = [[json.dumps(v) for v in row] for row in value]
        width = max(len(c) for row in cells for c in row)
        rows = ["[" + ", ".join(c.rjust(width) for c in row) + "]" for row in cells]
        start = indent if column is None else column
        return "[" + (",\n" + " " * (start + 1)).join(rows) + "]"
    if isinstance(value, list):
        items = [inner + _write(v, indent + 2, len(inner)) for v in value]
        return "[\n" + ",\n".join(items) + "\n" + pad + "]"
    return json.dumps(value, ensure_ascii=False)


# --- the files -------------------------------------------------------------------------------

#: ``--format`` → file extension of the worksheet and the answer key.
DOCUMENT_EXTENSIONS = {"md": ".md", "latex": ".tex"}
TASK_FILE = "task.json"


def quiz_paths(directory: str | Path, fmt: str = "md") -> dict[str, Path]:
    """The three files of a quiz: the task, the worksheet and the answer key."""
    directory = Path(directory)
    ext = DOCUMENT_EXTENSIONS[fmt]
    return {
        "task": directory / TASK_FILE,
        "worksheet": directory / f"worksheet{ext}",
        "answers": directory / f"answer-key{ext}",
    }


def write_quiz(
    quiz: Quiz, directory: str | Path, *, fmt: str = "md", force: bool = False
) -> dict[str, Path]:
    """Write the task JSON, the worksheet and the answer key into ``directory``.

    The task is read back from the very text written (so every quiz is a valid task file), and
    the worksheet and the answer key are the exports of its trace: they agree by construction.
    Existing files are only replaced with ``force``; nothing is written if one is in the way.
    """
    from ..export import write_export

    paths = quiz_paths(directory, fmt)
    text = quiz.task_json()
    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        raise InputError("is a file, not a folder", source=str(directory))
    if not force:
        for what, path in paths.items():
            if what == "task" and _holds(path, text):
                continue  # the same exercise (say, now as LaTeX): nothing would change
            if path.exists():
                raise InputError("exists already; add --force to replace it", source=str(path))
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:  # a file in the path, no such place, permission denied …
        raise InputError(
            f"cannot create the folder ({_reason(error)})", source=str(directory)
        ) from None
    task = model_from_data(json.loads(text), source=TASK_FILE)
    trace = run(task) if isinstance(task, Task) else run_chain(task)
    try:
        paths["task"].write_text(text, encoding="utf-8")
    except OSError as error:
        raise InputError(
            f"cannot write here ({_reason(error)})", source=str(paths["task"])
        ) from None
    write_export(trace, paths["worksheet"], fmt=fmt, force=force, worksheet=True)
    write_export(trace, paths["answers"], fmt=fmt, force=force)
    return paths


def _reason(error: OSError) -> str:
    """``Not a directory``: the system's words without the errno and the repeated path."""
    return error.strerror.lower() if error.strerror else str(error)


def _holds(path: Path, text: str) -> bool:
    try:
        return path.read_text(encoding="utf-8") == text
    except (OSError, UnicodeDecodeError):
        return False

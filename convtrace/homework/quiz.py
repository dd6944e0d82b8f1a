"""Random exercises: a task whose output-size formula comes out whole, reproducible from a seed.

:func:`make_quiz` draws the hyperparameters the caller left open (among those that divide
evenly, unless ``allow_floor``), then the numbers, all from ``numpy.random.default_rng(seed)``
in a fixed order: the same seed and options give the same exercise, byte for byte. Dilation, a
padding mode, a 1-D signal and decimals are never drawn, only taken when asked for, so an
exercise made without them is the one the same seed always made. The files are written by
:mod:`.sheets`.
"""

from __future__ import annotations

import itertools
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..engine import Trace, run
from ..engine.chain import ChainTrace, run_chain
from ..errors import InputError
from ..language import _, ngettext
from ..layers import Chain
from ..loaders import model_from_data, task_from_data, then_layer
from ..task import Task
from .drawing import Ranges, draw_numbers, fraction_weights, written_all
from .sheets import DOCUMENT_EXTENSIONS, TASK_FILE, quiz_paths, task_json, write_quiz

__all__ = [
    "DOCUMENT_EXTENSIONS",
    "TASK_FILE",
    "Quiz",
    "make_quiz",
    "parse_range",
    "quiz_paths",
    "task_json",
    "write_quiz",
]

#: What is drawn when an option is left open: small enough to work by hand.
SIZES = (4, 5, 6, 7)
SIGNAL_SIZES = (6, 7, 8, 9, 10)
KERNELS = (2, 3)
STRIDES = (1, 2)
PADDINGS = (0, 1)
CHANNELS = (1, 2, 3)
#: Random picks keep the output at most this many cells per side (a sheet, not a marathon).
MAX_OUT = 4
MAX_SIGNAL_OUT = 8
#: The most a quiz takes of each, given or drawn: beyond these nobody works it by hand.
MAX_SIZE = 64
MAX_CHANNELS = 8
MAX_FILTERS = 8
MAX_DECIMALS = 2
PADDING_MODES = ("zeros", "reflect", "replicate", "circular")
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
                said = _("{text!r} is not a range of whole numbers like 0..3 or -1..1")
                raise InputError(said.format(text=text), place=place) from None
    if low > high:
        said = _("{range} is empty: the low end comes first").format(range=f"{low}..{high}")
        raise InputError(said, place=place)
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


@dataclass(frozen=True)
class Shape:
    """What the size formula is made of, given or still to draw (``None``)."""

    size: int | None
    kernel: int | None
    stride: int | None
    padding: int | None
    dilation: int = 1
    signal: bool = False
    padded: bool = False  # a padding mode other than zeros: at least P = 1

    def span(self, kernel: int) -> int:
        return self.dilation * (kernel - 1) + 1

    def most_padding(self, kernel: int) -> int:
        """P ≤ d·(F − 1): every window still reads the input (P = F − 1 without dilation)."""
        return self.dilation * (kernel - 1)


def _out(size: int, span: int, stride: int, padding: int) -> tuple[int, int]:
    """(numerator, remainder) of the size formula (H₁ + 2P − d·(F − 1) − 1)/s."""
    numerator = size - span + 2 * padding
    return numerator, numerator % stride if numerator >= 0 else -1


def _whole_choices(shape: Shape, allow_floor: bool) -> list[tuple[int, int, int, int]]:
    paddings = PADDINGS if not shape.padded else tuple(p + 1 for p in PADDINGS)
    choices = []
    for s_, f_, st_, p_ in itertools.product(
        [shape.size] if shape.size is not None else (SIGNAL_SIZES if shape.signal else SIZES),
        [shape.kernel] if shape.kernel is not None else KERNELS,
        [shape.stride] if shape.stride is not None else STRIDES,
        [shape.padding] if shape.padding is not None else paddings,
    ):
        numerator, remainder = _out(s_, shape.span(f_), st_, p_)
        if numerator < 0:
            continue
        if remainder and not allow_floor:
            continue
        if p_ > shape.most_padding(f_):
            continue  # a window of padding alone teaches nothing
        choices.append((s_, f_, st_, p_))
    return choices


def _padding_alone(kernel: int, padding: int, shape: Shape) -> str:
    """P > d·(F − 1) puts whole windows in the padding: their sums are just the bias."""
    most = shape.most_padding(kernel)
    rule = "P = F − 1" if shape.dilation == 1 else _("P = d·(F − 1) at dilation {dilation}")
    rule = rule.format(dilation=shape.dilation)
    if shape.signal:
        said = _(
            "{padding} is too much for a {taps}-tap kernel: the corner windows would hold "
            "padding only; at most {most} ({rule}, every window still reads the input)"
        )
    else:
        said = _(
            "{padding} is too much for a {taps}×{taps} kernel: the corner windows would hold "
            "padding only; at most {most} ({rule}, every window still reads the input)"
        )
    return said.format(padding=padding, taps=kernel, most=most, rule=rule)


def _no_whole_choice(shape: Shape) -> InputError:
    """Say why nothing fits, with the formula and what would."""
    size, kernel, stride, padding = shape.size, shape.kernel, shape.stride, shape.padding
    span = shape.span(kernel)
    numerator = size - span + 2 * padding
    if numerator < 0:
        if shape.signal:
            said = _(
                "a {taps}-tap kernel does not fit a {size}-sample signal with padding {padding}; "
                "use a smaller --kernel or more --padding"
            )
        else:
            said = _(
                "a {taps}×{taps} kernel does not fit a {size}×{size} input with padding "
                "{padding}; use a smaller --kernel or more --padding"
            )
        return InputError(said.format(taps=kernel, size=size, padding=padding))
    fits = []
    for p in range(0, padding + 3):
        if p != padding and (size - span + 2 * p) >= 0 and (size - span + 2 * p) % stride == 0:
            fits.append(f"--padding {p}")
            break
    for s in (size - 1, size + 1):
        if s > 0 and (s - span + 2 * padding) >= 0 and (s - span + 2 * padding) % stride == 0:
            fits.append(f"--size {s}")
            break
    for st in range(stride - 1, 0, -1):
        if numerator % st == 0:
            fits.append(f"--stride {st}")
            break
    h1 = "L₁" if shape.signal else "H₁"
    if shape.dilation == 1:
        formula = f"({h1} − F + 2P)/s = ({size} − {kernel} + 2·{padding})/{stride}"
    else:
        formula = (
            f"({h1} + 2P − d·(F − 1) − 1)/s = ({size} + 2·{padding} − {shape.dilation}·"
            f"({kernel} − 1) − 1)/{stride}"
        )
    said = {
        (True, True): _(
            "{formula} = {fraction} is not whole, so the stride would leave samples unread; "
            "try {options}, or --allow-floor"
        ),
        (True, False): _(
            "{formula} = {fraction} is not whole, so the stride would leave samples unread, "
            "or --allow-floor"
        ),
        (False, True): _(
            "{formula} = {fraction} is not whole, so the stride would leave rows unread; "
            "try {options}, or --allow-floor"
        ),
        (False, False): _(
            "{formula} = {fraction} is not whole, so the stride would leave rows unread, "
            "or --allow-floor"
        ),
    }[shape.signal, bool(fits)]
    fraction, options = f"{numerator}/{stride}", _(" or ").join(fits)
    return InputError(said.format(formula=formula, fraction=fraction, options=options))


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
    dilation: int = 1,
    padding_mode: str = "zeros",
    signal: bool = False,
    decimals: int = 0,
    fractions: bool = False,
    student: str | None = None,
    then: Sequence[str] = (),
) -> Quiz:
    """A random exercise; options left as ``None`` are drawn (see the module docstring).

    Args:
        size: input height and width (H₁ = W₁), or a signal's length.
        channels, filters: D₁ and K.
        kernel, stride, padding: F, s and P, the same on both axes.
        values, weights, biases: ranges ``"0..3"`` or ``(0, 3)``; biases default to the weights'
            range.
        seed: the numpy seed; ``None`` draws one (kept in ``Quiz.seed`` and the task's title).
        allow_floor: also allow hyperparameters whose size formula needs the floor.
        dilation: d, the same on both axes. padding_mode: what the padding holds (PyTorch's
            ``zeros``, ``reflect``, ``replicate``, ``circular``; another than zeros draws a
            padding of at least 1). signal: a 1-D signal instead of an image.
        decimals: the input, the weights and the biases with this many decimal places (0–2),
            within their ranges.
        fractions: weights as halves, thirds or quarters within their range (``"-3/4"``); the
            key keeps exact fractions, as ``--exact`` does.
        student: whose exercise it is (a class set's): the title names them.
        then: layers after the convolution (``["relu", "maxpool:2"]``): a chain exercise,
            drawn again (from the same generator) until the layers fit the output.

    Raises:
        InputError: for options that cannot make an exercise (the message says what would).
    """
    _check_options(size, channels, filters, kernel, stride, padding)
    shape = _shape(size, kernel, stride, padding, dilation, padding_mode, signal)
    ranges = _ranges(values, weights, biases)
    seed = _seed(seed, decimals)
    if fractions and decimals:
        said = _("fractions or decimals: a quiz takes one of them")
        raise InputError(said, place="--fractions")
    rng = np.random.default_rng(seed)  # drawn from in a fixed order: the same seed, the same quiz

    def draw() -> dict[str, Any]:
        h, f, s, p = _choose_hyperparameters(rng, shape, allow_floor)
        c = channels if channels is not None else int(rng.choice(CHANNELS))
        x, w, b = draw_numbers(rng, (c, h, f, filters), ranges, decimals, signal)
        if fractions:
            w = fraction_weights(rng, w.shape, ranges[1])
        data = _task_document(
            seed, x, w, b, stride=s, padding=p, dilation=dilation, mode=padding_mode
        )
        if student:
            title = _("Exercise for {student}: {command}")
            data["title"] = title.format(student=student, command=f"convtrace quiz --seed {seed}")
        return data

    if not then:
        data = draw()
        task = task_from_data(data, exact=fractions)
        return Quiz(seed=seed, data=data, task=task, trace=run(task))
    return _chain_quiz(seed, draw, then, exact=fractions)


def _seed(seed: int | None, decimals: int) -> int:
    """The seed (one drawn when none is given), the decimal places checked on the way."""
    if not 0 <= decimals <= MAX_DECIMALS:
        raise InputError(
            _("0 to {most} decimal places, got {value}: a quiz is worked by hand").format(
                most=MAX_DECIMALS, value=decimals
            ),
            place="--decimals",
        )
    if seed is None:
        seed = secrets.randbelow(1_000_000)
    if seed < 0:
        said = _("must be {minimum} or more, got {value}").format(minimum=0, value=seed)
        raise InputError(said, place="--seed")
    return seed


def _chain_quiz(seed: int, draw, then: Sequence[str], *, exact: bool = False) -> Quiz:
    """A chain exercise: the convolution drawn again until the layers after it fit."""
    for attempt in range(CHAIN_ATTEMPTS):
        try:
            data = chain_document(draw(), then)
            chain = model_from_data(data, exact=exact)
        except InputError:
            if attempt + 1 < CHAIN_ATTEMPTS:
                continue  # these sizes leave the layers no room: draw again
            raise
        return Quiz(seed=seed, data=data, task=chain, trace=run_chain(chain))
    raise AssertionError("unreachable")


#: A chain quiz draws its convolution again until the layers after it fit, at most this often.
CHAIN_ATTEMPTS = 25


def chain_document(data: dict[str, Any], then: Sequence[str]) -> dict[str, Any]:
    """The convolution's task document as the first of ``"layers"``, ``then`` after it."""
    keys = [k for k in ("filters", "stride", "padding", "padding_mode", "dilation") if k in data]
    conv = {"type": "conv", **{k: data[k] for k in keys}}
    layers = [then_layer(text) for text in then]
    steps = _(", then ").join(text.replace(":", " ") for text in then)
    said = _("{description}; then {steps}.")
    return {
        "title": data["title"],
        "description": said.format(description=data["description"][:-1], steps=steps),
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
            said = _("must be {minimum} or more, got {value}").format(minimum=low, value=value)
            raise InputError(said, place=place)
    for value, place, high in (
        (size, "--size", MAX_SIZE),
        (channels, "--channels", MAX_CHANNELS),
        (filters, "--filters", MAX_FILTERS),
    ):
        if value is not None and value > high:
            said = _("at most {most}, got {value}: a quiz is worked by hand")
            raise InputError(said.format(most=high, value=value), place=place)


def _shape(size, kernel, stride, padding, dilation, mode, signal) -> Shape:
    """The given parts of the size formula, checked against each other."""
    if dilation is None or dilation < 1:
        said = _("must be {minimum} or more, got {value}").format(minimum=1, value=dilation)
        raise InputError(said, place="--dilation")
    if mode not in PADDING_MODES:
        raise InputError(
            _("{mode!r} is not one of {modes}").format(mode=mode, modes=", ".join(PADDING_MODES)),
            place="--padding-mode",
        )
    if mode != "zeros" and padding == 0:
        raise InputError(
            _("{mode} padding needs a padding to hold it: give --padding 1 or more").format(
                mode=mode
            ),
            place="--padding-mode",
        )
    shape = Shape(size, kernel, stride, padding, dilation, bool(signal), mode != "zeros")
    if padding is not None and kernel is not None and padding > shape.most_padding(kernel):
        raise InputError(_padding_alone(kernel, padding, shape), place="--padding")
    return shape


def _ranges(values, weights, biases) -> Ranges:
    """(input, weights, biases) ranges; the biases take the weights' range unless given."""
    value_range = parse_range(values, "--range")
    weight_range = parse_range(weights, "--weights")
    bias_range = parse_range(biases, "--bias-range") if biases is not None else weight_range
    return value_range, weight_range, bias_range


def _choose_hyperparameters(
    rng: np.random.Generator, shape: Shape, allow_floor: bool
) -> tuple[int, int, int, int]:
    """(H₁, F, s, P): those given, the others drawn among the ones whose formula comes out whole
    (and small enough to work by hand, when any are)."""
    choices = _whole_choices(shape, allow_floor)
    padding, kernel = shape.padding, shape.kernel
    if not choices and padding is not None and kernel is None:
        most = max(shape.most_padding(k) for k in KERNELS)
        if padding > most:
            said = _(
                "{padding} is too much for the kernels a quiz draws ({kernels}): the corner "
                "windows would hold padding only; give a --kernel above {padding}, or "
                "--padding {most} at most"
            )
            kernels = ", ".join(f"{k}×{k}" for k in KERNELS)
            raise InputError(
                said.format(padding=padding, kernels=kernels, most=most), place="--padding"
            )
    if not choices:
        if None in (shape.size, kernel, shape.stride, padding):
            said = _("no size, kernel, stride and padding fit these options; give all four")
            raise InputError(said)
        raise _no_whole_choice(shape)
    most_out = MAX_SIGNAL_OUT if shape.signal else MAX_OUT
    small = [c for c in choices if _out(c[0], shape.span(c[1]), *c[2:])[0] // c[2] + 1 <= most_out]
    pool = small or choices
    return pool[int(rng.integers(len(pool)))]


def _quiz_words(signal, sizes, biased, padding, mode, dilation) -> dict[str, str]:
    """The pieces of a quiz's description, each a phrase of its own."""
    c, h, k, f = sizes
    if not padding:
        padding_words = _("no padding")
    elif mode == "zeros":
        padding_words = _("zero padding {padding}").format(padding=padding)
    else:
        padding_words = _("{mode} padding {padding}").format(mode=mode, padding=padding)
    if signal:
        what = ngettext(
            "a {size}-sample signal of {count} channel",
            "a {size}-sample signal of {count} channels",
            c,
        ).format(size=h, count=c)
    else:
        what = _("a {size} input").format(size=f"{h}×{h}×{c}")
    return {
        "input": what,
        "filters": ngettext("{count} filter", "{count} filters", k).format(count=k),
        "kernel": f"{f}×{c}" if signal else f"{f}×{f}×{c}",
        "bias": _("with bias") if biased else _("with bias 0"),  # --bias-range 0..0
        "padding": padding_words,
        "more": _(", dilation {dilation}").format(dilation=dilation) if dilation != 1 else "",
    }


def _task_document(
    seed: int, x: np.ndarray, w: np.ndarray, b: np.ndarray, *, stride, padding, dilation, mode
) -> dict[str, Any]:
    """The task file's data, with a title and a description that say what to compute."""
    c, h = x.shape[:2]
    k, f = w.shape[0], w.shape[2]
    signal = x.ndim == 2
    names = RGB if c == 3 else tuple(f"c{i}" for i in range(c))
    words = _quiz_words(signal, (c, h, k, f), b.any(), padding, mode, dilation)
    data: dict[str, Any] = {
        "title": _("Exercise: {command}").format(command=f"convtrace quiz --seed {seed}"),
        "description": _(
            "Compute the output volume by hand: {input}, {filters} of {kernel} {bias}, "
            "stride {stride}, {padding}{more}."
        ).format(stride=stride, **words),
        "input": {name: x[i].tolist() for i, name in enumerate(names)},
        "filters": [
            {
                "name": f"w{n}",
                "weights": {name: written_all(w[n, i].tolist()) for i, name in enumerate(names)},
                "bias": b[n].item(),
            }
            for n in range(k)
        ],
        "stride": stride,
        "padding": padding,
    }
    if mode != "zeros":
        data["padding_mode"] = mode
    if dilation != 1:
        data["dilation"] = dilation
    return data

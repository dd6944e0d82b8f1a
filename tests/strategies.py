"""Hypothesis strategies for convolution tasks, kept in one place."""

from __future__ import annotations

from hypothesis import strategies as st

small_ints = st.integers(min_value=-9, max_value=9)
decimals = st.decimals(min_value=-5, max_value=5, places=2, allow_nan=False).map(float)


def matrices(rows: int, cols: int, values=small_ints):
    return st.lists(st.lists(values, min_size=cols, max_size=cols), min_size=rows, max_size=rows)


@st.composite
def tasks(draw, *, values=small_ints, options: bool = True):
    """A random valid task as keyword arguments of :func:`convtrace.trace` plus a reference view.

    With ``options`` every hyperparameter varies: per-axis stride, four-sided padding, padding
    modes, dilation, groups and flipping.
    """
    groups = draw(st.sampled_from([1, 1, 2, 3])) if options else 1
    per_group = draw(st.integers(1, 2))
    channels = groups * per_group
    filters = groups * draw(st.integers(1, 2))
    fh = draw(st.integers(1, 3))
    fw = draw(st.integers(1, 3)) if options else fh
    dh, dw = (draw(st.integers(1, 2)), draw(st.integers(1, 2))) if options else (1, 1)
    if options:
        sh, sw = draw(st.integers(1, 3)), draw(st.integers(1, 3))
        pads = tuple(draw(st.integers(0, 2)) for _ in range(4))
        mode = draw(st.sampled_from(["zeros", "reflect", "replicate", "circular"]))
        flip = draw(st.booleans())
    else:
        sh = sw = draw(st.integers(1, 3))
        p = draw(st.integers(0, 2))
        pads, mode, flip = (p, p, p, p), "zeros", False
    min_h = max(dh * (fh - 1) + 1 - pads[0] - pads[1], 1, max(pads[:2]) + 1)
    min_w = max(dw * (fw - 1) + 1 - pads[2] - pads[3], 1, max(pads[2:]) + 1)
    h = draw(st.integers(min_h, min_h + 5))
    w = draw(st.integers(min_w, min_w + 5))
    x = [draw(matrices(h, w, values)) for _ in range(channels)]
    weights = [[draw(matrices(fh, fw, values)) for _ in range(per_group)] for _ in range(filters)]
    biases = [draw(values) for _ in range(filters)]
    return {
        "x": x,
        "weights": weights,
        "biases": biases,
        "stride": (sh, sw),
        "padding": pads,
        "padding_mode": mode,
        "dilation": (dh, dw),
        "groups": groups,
        "flip": flip,
    }


# --- one strategy per option group (issue 3: the torch proofs) -------------------------------

MODES = ("zeros", "reflect", "replicate", "circular")


def _fixed(draw, value, choices):
    """``value`` when the test fixes it, else a draw from ``choices``."""
    return draw(st.sampled_from(choices)) if value is None else value


def tf_same_padding(size: int, kernel: int, stride: int, dilation: int) -> tuple[int, int]:
    """TensorFlow's "same" padding, written from its documentation (not from convtrace):
    out = ceil(in / stride); pad_total = max((out − 1)·stride + effective_kernel − in, 0);
    pad_before = pad_total // 2, the rest after."""
    out = -(-size // stride)
    effective = (kernel - 1) * dilation + 1
    total = max((out - 1) * stride + effective - size, 0)
    return total // 2, total - total // 2


def _min_size(span: int, before: int, after: int, mode: str) -> int:
    """The smallest input size along an axis for which this padding and kernel are valid."""
    least = max(span - before - after, 1)
    if mode == "reflect":  # PyTorch: reflect padding < input size
        least = max(least, before + 1, after + 1)
    elif mode == "circular":  # PyTorch: circular padding ≤ input size (wraps at most once)
        least = max(least, before, after)
    return least


@st.composite
def option_tasks(
    draw,
    *,
    values=small_ints,
    mode: str | None = None,
    strided: bool | None = None,
    asymmetric: bool | None = None,
    dilated: bool | None = None,
    grouped: bool | None = None,
    flip: bool | None = None,
    one_d: bool = False,
    same: bool = False,
):
    """A random valid task with each option group forced on, off, or (``None``) drawn.

    Returns the same dict as :func:`tasks` plus ``one_d`` (then ``x`` is C × L and weights
    K × Cg × F) and ``padding`` set to ``"same"`` when ``same``. Sizes go down to the edge of what
    PyTorch accepts (reflect padding of input size − 1, circular padding of the whole input,
    replicate padding larger than the input).
    """
    mode = _fixed(draw, mode, MODES)
    groups = draw(st.sampled_from([2, 3])) if _fixed(draw, grouped, [False, True]) else 1
    per_group = draw(st.integers(1, 2))
    filters = groups * draw(st.integers(1, 2))
    fh = 1 if one_d else draw(st.integers(1, 4))
    fw = draw(st.integers(1, 4))
    if _fixed(draw, dilated, [False, True]):
        dh = 1 if one_d else draw(st.integers(1, 3))
        dw = draw(st.integers(1, 3))
        if not ((dh > 1 and fh > 1) or (dw > 1 and fw > 1)):  # the dilation must show
            fw, dw = max(fw, 2), max(dw, 2)
    else:
        dh = dw = 1
    if _fixed(draw, strided, [False, True]):
        sh = 1 if one_d else draw(st.integers(1, 3))
        sw = draw(st.integers(1, 3))
        if (sh, sw) == (1, 1):
            sw = 2
    else:
        sh = sw = 1
    if same:
        pads = None
    elif _fixed(draw, asymmetric, [False, True]):
        top, bottom, left, right = (draw(st.integers(0, 3)) for _ in range(4))
        if one_d:
            top = bottom = 0
        if top == bottom and left == right:
            right += 1
        pads = (top, bottom, left, right)
    else:
        p = draw(st.integers(0, 2))
        pads = (0, 0, p, p) if one_d else (p, p, p, p)
    flipped = _fixed(draw, flip, [False, True])

    span_h, span_w = dh * (fh - 1) + 1, dw * (fw - 1) + 1
    if same:
        # the TF rule pads at most span − 1 in total; grow the input until the mode accepts it
        h = 1 if one_d else draw(st.integers(1, 6))
        w = draw(st.integers(1, 8))
        while not one_d and h < _min_size(1, *tf_same_padding(h, fh, sh, dh), mode):
            h += 1
        while w < _min_size(1, *tf_same_padding(w, fw, sw, dw), mode):
            w += 1
    else:
        h = 1 if one_d else draw(st.integers(0, 4)) + _min_size(span_h, pads[0], pads[1], mode)
        w = draw(st.integers(0, 5)) + _min_size(span_w, pads[2], pads[3], mode)
    x = [draw(matrices(h, w, values)) for _ in range(groups * per_group)]
    weights = [[draw(matrices(fh, fw, values)) for _ in range(per_group)] for _ in range(filters)]
    biases = [draw(values) for _ in range(filters)]
    if one_d:
        x = [row[0] for row in x]
        weights = [[kernel[0] for kernel in kernels] for kernels in weights]
    return {
        "x": x,
        "weights": weights,
        "biases": biases,
        "stride": (sh, sw),
        "padding": "same" if same else pads,
        "padding_mode": mode,
        "dilation": (dh, dw),
        "groups": groups,
        "flip": flipped,
        "one_d": one_d,
    }


def trace_of(spec):
    """The engine's trace of a task drawn by :func:`tasks`, through the public API."""
    import convtrace

    return convtrace.trace(
        spec["x"],
        [{"weights": w, "bias": b} for w, b in zip(spec["weights"], spec["biases"], strict=True)],
        stride=list(spec["stride"]),
        padding=list(spec["padding"]),
        padding_mode=spec["padding_mode"],
        dilation=list(spec["dilation"]),
        groups=spec["groups"],
        flip=spec["flip"],
    )


# --- task documents and their mutations (the fuzzer of tests/test_fuzz_tasks.py) -------------

SAMPLE_DOCUMENTS = ("cs231n", "depthwise", "rect", "seed", "signal", "single-channel")


def document_of(spec) -> dict:
    """A task document (as a JSON file holds it) for a task drawn by :func:`option_tasks`."""
    doc = {
        "input": spec["x"],
        "filters": [
            {"weights": w, "bias": b} for w, b in zip(spec["weights"], spec["biases"], strict=True)
        ],
        "stride": list(spec["stride"]),
        "padding": spec["padding"] if spec["padding"] == "same" else list(spec["padding"]),
        "padding_mode": spec["padding_mode"],
        "dilation": list(spec["dilation"]),
        "groups": spec["groups"],
        "flip": spec["flip"],
    }
    if spec.get("one_d"):
        doc["stride"], doc["dilation"] = spec["stride"][1], spec["dilation"][1]
        if doc["padding"] != "same":
            doc["padding"] = list(spec["padding"][2:])
    return doc


@st.composite
def task_documents(draw):
    """A valid task document: one of the samples, or a random task with every option."""
    import json
    from pathlib import Path

    which = draw(st.sampled_from((*SAMPLE_DOCUMENTS, "random")))
    if which != "random":
        path = Path(__file__).resolve().parent.parent / "samples" / f"{which}.json"
        return json.loads(path.read_text(encoding="utf-8"))
    spec = draw(option_tasks(one_d=draw(st.booleans()), same=draw(st.booleans())))
    return document_of(spec)


class Repeated(dict):
    """An object written with one key twice (:func:`json_text` writes ``again`` after it)."""

    def __init__(self, items, key, again):
        super().__init__(items)
        self.key, self.again = key, again


def json_text(value) -> str:
    """JSON as a person may write it: NaN and Infinity allowed, a :class:`Repeated` key twice."""
    import json

    if isinstance(value, dict):
        items = [
            f"{json.dumps(str(k), ensure_ascii=False)}: {json_text(v)}" for k, v in value.items()
        ]
        if isinstance(value, Repeated):
            items.append(f"{json.dumps(value.key, ensure_ascii=False)}: {json_text(value.again)}")
        return "{" + ", ".join(items) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(json_text(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


#: Numbers too large for any place in a task: each must be refused, wherever it lands. (A
#: padding of 2²⁴ on a short signal, or "same" with a dilation of 2²⁴, is a valid trace of
#: millions of padded samples: too slow for a fuzzer, so not drawn.)
HUGE = [10**30, 2**63, 2**63 - 1, -(2**63), 2**64, 10**400, 1e308, -1e308, 99_999_999]
ODD_NUMBERS = [0, -1, -7, 0.5, -0.5, 1.0, 2.0, 1e-300, 5e-324, 1e300]
ODD_VALUES = [
    None,
    True,
    False,
    "",
    "2",
    "1,2",
    "same",
    "valid",
    "SAME ",
    "zeros",
    "reflect",
    "circular",
    "x",
    "é",
    "💥",
    "[bold]x[/]",
    "a\nb",
    "\u202e",
    [],
    {},
    [[]],
    [[[]]],
    [[[[1]]]],
    [1, [2]],
    [[1, 2], [3]],
    {"R": [[1]]},
    {"weights": [[1]]},
    [[1, 2, 3, 4]] * 2,
]
NAMES = ["R", "G", "B", "c0", "w0", "", " ", "Größe", "💥", "[red]R", "a\tb", "\x00", "R" * 200]
OPTION_VALUES = {
    "stride": [1, 2, 3, [1, 2], [2, 1], [1], [1, 2, 3], 2**24, 2**24 + 1],
    "padding": [0, 1, 2, 3, [1, 0], [0, 1, 2, 3], [1, 2, 3], "same", "valid"],
    "dilation": [1, 2, 3, [1, 2], [3, 1], [2, 2**24 + 1]],
    "groups": [1, 2, 3, 4, 6],
    "padding_mode": ["zeros", "reflect", "replicate", "circular", "wrap"],
    "flip": [True, False],
}


#: What a mutation does, weighted: hyperparameters are where absurd numbers do harm.
ACTIONS = ("replace", "replace", "delete", "repeat", "rename", "resize", *("option",) * 4)


def _places(value, path=()):
    """Every (container path, key) in a document, the document itself first."""
    yield path
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _places(child, (*path, key))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from _places(child, (*path, i))


def _get(doc, path):
    for key in path:
        doc = doc[key]
    return doc


@st.composite
def _replacement(draw, key):
    """A value to put in place of another: odd, huge, or right for another key."""
    pools = [HUGE, ODD_NUMBERS, ODD_VALUES, [float("nan"), float("inf"), float("-inf")]]
    if key in OPTION_VALUES:
        pools += [OPTION_VALUES[key], OPTION_VALUES[key], HUGE]
    import copy

    return copy.deepcopy(draw(st.sampled_from(draw(st.sampled_from(pools)))))  # pools stay intact


@st.composite
def mutated_documents(draw, max_mutations: int = 3):
    """A valid task document (:func:`task_documents`) changed in one to ``max_mutations`` ways:
    keys deleted, repeated or renamed (also to odd unicode), values replaced by huge, negative,
    fractional, NaN, text, null, nested or empty ones, lists cut short or grown, options set to
    absurd or merely unusual values."""
    import copy

    doc = copy.deepcopy(draw(task_documents()))
    for _ in range(draw(st.integers(1, max_mutations))):
        places = list(_places(doc))
        path = draw(st.sampled_from(places))
        parent = _get(doc, path[:-1]) if path else None
        key = path[-1] if path else None
        target = _get(doc, path)
        action = draw(st.sampled_from(ACTIONS))
        if action == "option":
            option = draw(
                st.sampled_from([*OPTION_VALUES, "bias", "title", "description", "filter", "input"])
            )
            doc[option] = draw(_replacement(option))
        elif parent is None:
            continue
        elif action == "replace":
            parent[key] = draw(_replacement(key))
        elif action == "delete":
            del parent[key]
        elif action == "repeat" and isinstance(parent, dict):
            grand = _get(doc, path[:-2]) if len(path) > 1 else None
            repeated = Repeated(parent, key, draw(_replacement(key)))
            if grand is None:
                doc = repeated
            else:
                grand[path[-2]] = repeated
        elif action == "rename" and isinstance(parent, dict):
            value = parent.pop(key)
            parent[draw(st.sampled_from(NAMES))] = value
        elif action == "resize" and isinstance(target, list) and target:
            if draw(st.booleans()):
                target.pop()
            else:
                target.append(copy.deepcopy(target[-1]))
    return doc

"""What a worked solution says about padding: each mode's name and meaning, the sides, and
where copied padding comes from. Part of :mod:`.words` (which names all of it), kept apart for
its size."""

from __future__ import annotations

from ..language import N_, _
from ..numbers import Notation
from ..task import Task

#: What each padding mode holds, in one sentence each.
PADDING_MEANING = {
    "zeros": N_("zeros added around the input"),
    "reflect": N_("the input mirrored at its edge, the edge itself not repeated"),
    "replicate": N_("the edge value repeated"),
    "circular": N_("the input wrapped around: values from the opposite side"),
}

#: Each padding mode's name (``zero padding``), shown through :func:`padding_name`.
PADDING_NAME = {
    "zeros": N_("zero padding"),
    "reflect": N_("reflect padding"),
    "replicate": N_("replicate padding"),
    "circular": N_("circular padding"),
}


def padding_name(mode: str) -> str:
    """``zero padding``, ``reflect padding``… in the chosen language."""
    return _(PADDING_NAME[mode])


def padding_meaning_of(mode: str) -> str:
    """What a padding mode holds, in the chosen language."""
    return _(PADDING_MEANING[mode])


def side_list(n: Notation, top: int, bottom: int, left: int, right: int) -> str:
    """``top 0, bottom 1, left 1, right 1``: the padding on each side."""
    return _("top {top}, bottom {bottom}, left {left}, right {right}").format(
        top=n.number(top), bottom=n.number(bottom), left=n.number(left), right=n.number(right)
    )


def left_right(n: Notation, left: int, right: int) -> str:
    """``left 0, right 1``: a signal's padding."""
    return _("left {left}, right {right}").format(left=n.number(left), right=n.number(right))


def padding_sources(source_rows, source_cols, task: Task, n: Notation) -> list[str]:
    """Where copied padding comes from, one line per axis, from the trace's index maps:
    ``top row ← input row 1 · bottom row ← input row 1``. Empty for zero padding."""
    if task.padding_mode == "zeros":
        return []
    top, bottom, left, right = task.padding
    rows_n, cols_n = len(source_rows), len(source_cols)
    col = "position" if task.one_d else "col"
    axes = [
        [("top", "row", source_rows[:top]), ("bottom", "row", source_rows[rows_n - bottom :])],
        [("left", col, source_cols[:left]), ("right", col, source_cols[cols_n - right :])],
    ]
    lines = []
    for axis in axes[1:] if task.one_d else axes:
        parts = []
        for side, what, sources in axis:
            if len(sources):
                listed = ", ".join(str(int(v)) for v in sources)
                text = _(SOURCE_PHRASE[(side, what, len(sources) > 1)])
                parts.append(text.format(arrow=n.back_arrow, listed=listed))
        if parts:
            lines.append(n.separator.join(parts))
    return lines


#: ``top row ← input row 1``: where a side's copied padding comes from, by (side, what, many).
SOURCE_PHRASE = {
    ("top", "row", False): N_("top row {arrow} input row {listed}"),
    ("top", "row", True): N_("top rows {arrow} input rows {listed}"),
    ("bottom", "row", False): N_("bottom row {arrow} input row {listed}"),
    ("bottom", "row", True): N_("bottom rows {arrow} input rows {listed}"),
    ("left", "col", False): N_("left col {arrow} input col {listed}"),
    ("left", "col", True): N_("left cols {arrow} input cols {listed}"),
    ("right", "col", False): N_("right col {arrow} input col {listed}"),
    ("right", "col", True): N_("right cols {arrow} input cols {listed}"),
    ("left", "position", False): N_("left position {arrow} input position {listed}"),
    ("left", "position", True): N_("left positions {arrow} input positions {listed}"),
    ("right", "position", False): N_("right position {arrow} input position {listed}"),
    ("right", "position", True): N_("right positions {arrow} input positions {listed}"),
}

CORNER_NOTE = N_("a corner copies the input at its row's and its column's source")

"""The sections of a worked solution, in order, for every renderer.

``outline(trace)`` says what a convolution's worked solution holds: the title, the
hyperparameters, the output size with the numbers put in, the input, the padded input, the
filters, every cell, the output volume and, for a worksheet, the answers. Renderers write the
blocks (:mod:`.blocks`) in their syntax; a section added here appears in all of them.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from ..engine import Cell, Trace
from ..errors import InputError
from ..language import N_, _
from ..numbers import UNICODE, Notation, to_ascii
from . import words as w
from .blocks import (
    BLANK,
    Block,
    Cells,
    Contents,
    Facts,
    Formulas,
    Heading,
    Legend,
    Matrices,
    Matrix,
    PageBreak,
    Paragraph,
    PictureFile,
    Solution,
    bold,
    math,
    sentence,
    strong,
    user,
)
from .cells import cell_rows

#: A trace with at least this many cells gets a table of contents (documents).
TOC_MIN_CELLS = 6

#: On a screen, a matrix with more values than this is named instead of printed.
MAX_SCREEN_VALUES = 32 * 32


def parse_blanks(value) -> frozenset[str]:
    """``--blank``: names from :data:`words.BLANKS`, comma-separated or repeated (or ``all``);
    nothing given is the default, :data:`words.DEFAULT_BLANKS`."""
    items = [value] if isinstance(value, str) else list(value or ())
    names = [name.strip().lower() for item in items for name in item.split(",") if name.strip()]
    if not names:
        return frozenset(w.DEFAULT_BLANKS)
    if "all" in names:
        return frozenset(w.BLANKS)
    for name in names:
        if name not in w.BLANKS:
            said = _("{name!r} is no part of a worksheet; choose from {names} (or all)")
            raise InputError(said.format(name=name, names=w.blank_names()), place="--blank")
    return frozenset(names)


@dataclass(frozen=True)
class Options:
    """What a worked solution holds, and in which notation.

    ``math`` writes formulas and symbols (Unicode, ASCII, TeX), ``text`` the sentences around
    them. ``screen``: for a terminal (window pictures per cell, the dilated kernel, compact
    volumes unless ``everything``). ``cells``: only these cells in the per-cell part;
    ``selection``: ``filters``/``rows``/``cols`` of the trace's cells. ``blanks``: what a
    ``worksheet`` leaves blank (names of :data:`words.BLANKS`; ``None``: the default ones).
    """

    math: Notation = UNICODE
    text: Notation = UNICODE
    screen: bool = False
    everything: bool = True
    quiet: bool = False
    worksheet: bool = False
    answers: bool = False
    cells: Sequence[Cell] | Iterable[Cell] | None = None
    selection: dict | None = None
    contents: bool = True
    #: how the syntax writes the user's own text (a filter's name) inside a sentence
    user: Callable[[str], str] | None = None
    pictures: tuple[PictureFile, ...] = ()  # the output maps as pictures, after the output volume
    blanks: frozenset[str] | None = None


def slug(heading: str) -> str:
    """The anchor GitHub and pandoc both give a heading made of letters, digits and ``[, ]``."""
    kept = re.sub(r"[^\w\- ]", "", heading.lower())
    return kept.replace(" ", "-")


def cell_anchor(k: int, i: int, j: int, one_d: bool = False) -> str:
    """``o0-1-2``: the slug of ``o[0, 1, 2]``, written directly (a table of contents asks for
    one per cell)."""
    return f"o{k}-{j}" if one_d else f"o{k}-{i}-{j}"


class Outline:
    """Builds the :class:`~.blocks.Solution` of one trace (see :func:`outline`)."""

    def __init__(self, trace: Trace, options: Options) -> None:
        self.trace = trace
        self.task = trace.task
        self.o = options
        self.n = options.math
        self.cells = options.cells
        #: what the worksheet leaves blank (nothing for a worked solution)
        self.blanks = (
            frozenset(w.DEFAULT_BLANKS if options.blanks is None else options.blanks)
            if options.worksheet
            else frozenset()
        )
        twice = options.answers and options.worksheet  # the worksheet, then the answers
        if self.cells is not None and not isinstance(self.cells, Sequence) and twice:
            self.cells = list(self.cells)

    # -- the document -----------------------------------------------------------------------

    def solution(self) -> Solution:
        if self.o.quiet:
            return Solution(list(self.output()))
        blocks: list[Block] = [*self.title()]
        if self.o.contents and (self.cell_count() or 0) >= TOC_MIN_CELLS:
            blocks.append(self.contents())
        blocks.append(Facts(tuple(w.facts(self.task, self.n))))
        blocks += self.size()
        blocks += self.volumes()
        blocks += self.filters()
        blocks.append(Heading((("w", _("Cell by cell")),), anchor="cell-by-cell", only="document"))
        blocks.append(self.cell_part(self.blanks))
        blocks += self.output(blanks=self.blanks)
        if self.o.worksheet and self.o.answers:
            blocks.append(PageBreak())
            blocks.append(Heading((("w", _("Answers")),), anchor="answers", only="document"))
            blocks.append(self.cell_part(frozenset()))
            blocks += self.output(blanks=frozenset(), level=3)
        return Solution(blocks)

    def cell_count(self) -> int | None:
        if self.cells is None:
            selection = self.o.selection
            if not selection:
                return len(self.trace)
            k, h, width = self.trace.shape
            picked = {"filters": k, "rows": h, "cols": width}
            count = 1
            for key, size in picked.items():
                chosen = selection.get(key)
                count *= size if chosen is None else len(chosen)
            return count
        return len(self.cells) if isinstance(self.cells, Sequence) else None

    def title(self) -> list[Block]:
        text = w.title(self.task)
        if self.o.worksheet:
            text = _("{title} (worksheet)").format(title=text)
        blocks: list[Block] = [Heading((user(text),), level=1)]
        if self.task.description:
            blocks.append(Paragraph((user(self.task.description),), role="description"))
        return blocks

    def contents(self) -> Contents:
        sections = [(_("Hyperparameters"), "hyperparameters")]
        sections += [(_("Output size"), "output-size"), (_("Input volume"), "input-volume")]
        if any(self.task.padding):
            sections.append((_("Padded input"), "padded-input"))
        sections += [(_("Filters"), "filters"), (_("Cell by cell"), "cell-by-cell")]
        after = [(_("Output volume"), "output-volume")]
        if self.o.worksheet and self.o.answers:
            after.append((_("Answers"), "answers"))
        return Contents(tuple(sections), self.cell_indices, tuple(after))

    def cell_indices(self):
        if self.cells is not None:
            for cell in self.cells:
                yield cell.filter, cell.row, cell.col
            return
        k_count, h_out, w_out = self.trace.shape
        selection = self.o.selection or {}
        filters = selection.get("filters") or range(k_count)
        rows = selection.get("rows") or range(h_out)
        cols = selection.get("cols") or range(w_out)
        for k in filters:
            for i in rows:
                for j in cols:
                    yield k, i, j

    def size(self) -> list[Block]:
        task, n = self.task, self.n
        blocks: list[Block] = [Heading((("w", _("Output size")),), anchor="output-size")]
        if w.padding_needs_saying(task):
            lines = [w.padding_applied(task)]
            if task.padding_rule == "same":
                lines += [f"  {line}" for line in w.same_rule(n, task.one_d)]
                axes = [task.axes[1]] if task.one_d else list(task.axes)
                lines += [f"  {w.same_derivation(axis, n)}" for axis in axes]
            blocks.append(Paragraph(tuple(("w", line) for line in _joined(lines)), only="screen"))
        if "size" in self.blanks:  # the formula in symbols; the numbers are the student's
            lines = [symbols for symbols, _numbers in w.size_lines(task, n)]
            lines.append(w.depth_line(self.trace, n).rsplit(" = ", 1)[0])
            blocks += [Paragraph((math(f"{line} ="), ("w", " "), BLANK)) for line in lines]
            said = sentence(_("Output volume {shape}."), shape=BLANK)
            blocks.append(Paragraph(_spliced(said, self.blank_shape())))
            return blocks
        blocks.append(Formulas(tuple(w.size_lines(task, n))))
        blocks.append(Paragraph((math(w.depth_line(self.trace, n)),)))
        shape = math(w.output_shape(self.trace, n))
        blocks.append(Paragraph(sentence(_("Output volume {shape}."), shape=shape)))
        for axis in task.axes:
            note = w.uncovered_note(axis)
            if note:
                blocks.append(
                    Paragraph((("w", _("Note: {note}.").format(note=note)),), role="note")
                )
        return blocks

    def blank_shape(self) -> tuple:
        """``W₂×H₂×D₂ =`` and a blank: the output volume's size for the student to give."""
        return (math(w.output_shape(self.trace, self.n).split(" = ")[0] + " ="), ("w", " "), BLANK)

    # -- volumes ----------------------------------------------------------------------------

    def _hidden(self, rows: int, cols: int) -> bool:
        return self.o.screen and not self.o.everything and rows * cols > MAX_SCREEN_VALUES

    def volumes(self) -> list[Block]:
        task, n = self.task, self.n
        blocks: list[Block] = [
            Heading(
                (("w", _("Input volume")),),
                anchor="input-volume",
                short=_("Input signal") if task.one_d else None,
            )
        ]
        c, h, width = task.x.shape
        if self._hidden(h, width):
            shape = w.volume_shape(n, width, h, c, task.one_d)
            blocks.append(Matrices((), hidden=_("input {shape}").format(shape=shape)))
        else:
            blocks.append(
                Matrices(
                    tuple(
                        Matrix(name, task.x[i], sentence(_("Channel {name}"), name=bold(name)))
                        for i, name in enumerate(task.channel_names)
                    )
                )
            )
        if any(task.padding):
            blocks += self.padded()
        return blocks

    def padded(self) -> list[Block]:
        """The padded input, the input framed in it, and what the padding holds."""
        trace, task, n = self.trace, self.task, self.n
        c = task.channels
        blocks: list[Block] = [
            Heading(
                (("w", _("Padded input")),), anchor="padded-input", short=w.padded_title(task, n)
            )
        ]
        hp, wp = trace.padded.shape[1:]
        if self._hidden(hp, wp):
            shape = w.volume_shape(n, wp, hp, c)
            blocks.append(Matrices((), hidden=_("padded input {shape}").format(shape=shape)))
            return blocks
        mode = task.padding_mode
        items = tuple(
            Matrix(
                name,
                trace.padded[i],
                sentence(_("Channel {name}, padded"), name=bold(name)),
                inside=task.padding,
                copies=mode != "zeros",
            )
            for i, name in enumerate(task.channel_names)
        )
        sources = w.padding_sources(trace.source_rows, trace.source_cols, task, n)
        intro = sentence(
            _(PADDED_INTRO[mode]),
            sides=math(w.padding_sides(task, n)),
        )
        legend = Legend(
            w.padding_name(mode),
            w.padding_meaning_of(mode),
            tuple(sources),
            _(w.CORNER_NOTE) if len(sources) > 1 else None,
            intro=intro,
            counted=w.counted_in_padded(task),
        )
        blocks.append(Matrices(items, legend=legend))
        return blocks

    def filters(self) -> list[Block]:
        trace, task, n = self.trace, self.task, self.n
        blocks: list[Block] = [Heading((("w", _("Filters")),), anchor="filters")]
        groups = w.groups_phrase(task, n)
        if groups:
            blocks.append(Paragraph((("w", groups),), only="screen"))
        if task.flip:
            blocks.append(Paragraph((("w", w.flip_note(n)),), only="screen"))
        sep = n.separator.strip()
        for k, f in enumerate(task.filters):
            names = [task.channel_names[c] for c in task.channels_of(k)]
            runs = sentence(
                _("Filter {name}, bias {bias}"),
                name=bold(f.name),
                bias=math(w.bias_phrase(f.bias, n)),
            )
            if task.groups != 1:
                runs += (("w", ", " + w.sees_phrase(names)),)
            blocks.append(Paragraph(runs, role="filter"))
            items = []
            for c, name in enumerate(names):
                caption = sentence(
                    _("{filter}, channel {name}"), filter=user(f.name), name=bold(name)
                )
                items.append(Matrix(f"{f.name} {sep} {name}", f.weights[c], caption, signed=True))
                if task.flip:
                    rotated = sentence(
                        _("{filter}, channel {name}, rotated by {angle} (as it slides)"),
                        filter=user(f.name),
                        name=bold(name),
                        angle=math(f"180{n.degree}"),
                    )
                    items.append(
                        Matrix(
                            _("rotated 180{degree}").format(degree=n.degree) + f" {sep} {name}",
                            trace.kernels[k, c],
                            rotated,
                            signed=True,
                        )
                    )
                if task.dilation != (1, 1) and self.o.screen:
                    what = _("rotated, dilated") if task.flip else _("dilated")
                    d = w.dilation_word(task, n)
                    items.append(
                        Matrix(
                            f"{what} d = {d} {sep} {name}",
                            trace.kernels[k, c],
                            signed=True,
                            holes=task.dilation,
                        )
                    )
            blocks.append(Matrices(tuple(items)))
            blocks.append(Paragraph((), only="screen"))  # a blank line between filters
        return blocks

    # -- cells and the output ---------------------------------------------------------------

    def cell_part(self, blanks: frozenset[str]) -> Cells:
        trace, o = self.trace, self.o

        def rows():
            return cell_rows(trace, o.math, o.text, self.cells, o.selection, o.user)

        blank = bool(blanks - {"size"})
        return Cells(
            rows,
            blank=blank,
            blanks=blanks,
            instructions=w.instructions(blanks - {"size"}) if blank else None,
            pictures=o.screen,
        )

    def output(self, *, blanks: frozenset[str] = frozenset(), level: int = 2) -> list[Block]:
        trace, task, n = self.trace, self.task, self.n
        k, h, width = trace.shape
        shape = self.blank_shape() if "size" in blanks else (math(w.output_shape(trace, n)),)
        blocks: list[Block] = [
            Heading(
                (("w", _("Output volume")),),
                level=level,
                anchor="output-volume" if level == 2 else None,
                short=_("Output volume ({size})").format(size=w.output_size(trace, n)),
            ),
            Paragraph((*shape, ("w", ".")), only="document"),
        ]
        if self._hidden(h, width):
            shape = w.volume_shape(n, width, h, k, task.one_d)
            hidden = _("output volume {shape}").format(shape=shape)
            return [*blocks, Matrices((), hidden=hidden, output=True)]
        items = tuple(
            Matrix(
                w.output_label(f, task.filters[f].name),
                trace.output[f],
                sentence(
                    _("Output {label} (filter {name})"),
                    label=strong(f"o[{f}]"),
                    name=user(task.filters[f].name),
                ),
                signed=True,
            )
            for f in range(k)
        )
        pictures = () if "output" in blanks else self.o.pictures  # a worksheet's would tell
        return [*blocks, Matrices(items, blank="output" in blanks), *pictures]


#: The sentence before the padded input in documents: ``Zero padding P = 1.``
PADDED_INTRO = {
    "zeros": N_("Zero padding {sides}."),
    "reflect": N_("Reflect padding {sides}."),
    "replicate": N_("Replicate padding {sides}."),
    "circular": N_("Circular padding {sides}."),
}


def _spliced(said: tuple, shape: tuple) -> tuple:
    """``said`` with its blank run replaced by the runs of ``shape``."""
    out: list = []
    for run in said:
        out += list(shape) if run is BLANK else [run]
    return tuple(out)


def _joined(lines: list[str]) -> list[str]:
    """Lines of one paragraph, each after a line break."""
    return [line if n == 0 else "\n" + line for n, line in enumerate(lines)]


def in_ascii(trace: Trace) -> Trace:
    """The trace with the user's own text (title, description, channel and filter names) in
    ASCII, for ``--ascii``: convtrace's own text is ASCII by its notation already."""
    task = trace.task
    filters = tuple(
        dataclasses.replace(
            f,
            name=to_ascii(f.name),
            kernel_names=None if f.kernel_names is None else tuple(map(to_ascii, f.kernel_names)),
        )
        for f in task.filters
    )
    plain_task = dataclasses.replace(
        task,
        channel_names=tuple(to_ascii(name) for name in task.channel_names),
        filters=filters,
        title=None if task.title is None else to_ascii(task.title),
        description=None if task.description is None else to_ascii(task.description),
        source=None if task.source is None else to_ascii(task.source),
    )
    return dataclasses.replace(trace, task=plain_task)


def outline(trace: Trace, options: Options | None = None, **kwargs) -> Solution:
    """The worked solution of ``trace`` as blocks (see :class:`Options` for ``kwargs``)."""
    if options is None:
        options = Options(**kwargs)
    return Outline(trace, options).solution()

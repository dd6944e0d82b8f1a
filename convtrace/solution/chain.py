"""The worked solution of a chain of layers: one section per layer, then the output.

Each section starts with a heading (``Layer 2: ReLU``) and has the layer's hyperparameters
(:class:`~.blocks.Facts`), its size formula (:class:`~.blocks.Formulas`), its input (the
volume for layer 1, else a sentence naming the layer it comes from), its cells and its output.
A convolution's section is the single-convolution outline's own blocks (:class:`~.outline.Outline`),
one level down; the other layers' cells come from :mod:`.layer_cells`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator

import numpy as np

from ..engine.activation import ActivationTrace
from ..engine.chain import ChainTrace
from ..engine.pool import PoolTrace
from ..engine.trace import Trace
from ..engine.transpose import TransposeTrace
from ..language import N_, _, ngettext
from ..numbers import Notation
from . import layer_words as lw
from . import words as w
from .blocks import (
    Block,
    Cells,
    Facts,
    Formulas,
    Heading,
    Legend,
    Matrices,
    Matrix,
    PageBreak,
    Paragraph,
    Picture,
    Solution,
    bold,
    math,
    sentence,
    strong,
    user,
)
from .cells import cell_rows
from .layer_cells import activation_rows, pool_rows, scatter_rows
from .outline import Options, Outline

LAYER_INSTRUCTIONS = N_("Work out each cell of each layer, and write it in the blanks.")


def _down(blocks: list[Block]) -> list[Block]:
    """Sub-sections of a layer: headings and facts one level below the layer's heading."""
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Heading) and block.level >= 2:
            block = dataclasses.replace(block, level=3, anchor=None)
        elif isinstance(block, Facts):
            block = dataclasses.replace(block, level=3)
        out.append(block)
    return out


def _renamed(blocks: list[Block], names: dict[str, str]) -> list[Block]:
    """Headings with these anchors say something else (the direct view's padded input)."""
    return [
        dataclasses.replace(b, runs=(("w", names[b.anchor]),), short=None)
        if isinstance(b, Heading) and b.anchor in names
        else b
        for b in blocks
    ]


def layer_picture(trace) -> Picture | None:
    """What a layer's cells are drawn in on a screen (None: an activation's cells, no window)."""
    if isinstance(trace, Trace):
        return conv_picture(trace)
    if isinstance(trace, PoolTrace):
        inside = trace.inside
        return Picture(trace.padded, trace.channel_names, inside, False, trace.layer.one_d)
    if isinstance(trace, TransposeTrace):
        return Picture(trace.x, trace.channel_names, one_d=trace.layer.one_d)
    return None


def conv_picture(trace: Trace) -> Picture:
    task = trace.task
    return Picture(
        trace.padded, task.channel_names, task.padding, task.padding_mode != "zeros", task.one_d
    )


class ChainOutline:
    """Builds the :class:`~.blocks.Solution` of a :class:`ChainTrace`. ``options.cells``, when
    given, are ``(layer, (k, i, j))`` pairs (``--cell 2:0,1,1``): only those layers' cells are
    shown, every layer's output still is."""

    def __init__(self, trace: ChainTrace, options: Options) -> None:
        self.trace = trace
        self.chain = trace.chain
        self.o = options
        self.n: Notation = options.math
        self.t: Notation = options.text
        self.picked: dict[int, list[tuple[int, int, int]]] | None = None
        if options.cells is not None:
            self.picked = {}
            for index, where in options.cells:
                self.picked.setdefault(index, []).append(tuple(where))

    def solution(self) -> Solution:
        if self.o.quiet:
            return Solution(self.output())
        chain = self.chain
        blocks: list[Block] = [Heading((user(w.title(chain)),), level=1)]  # type: ignore[arg-type]
        if self.o.worksheet:
            said = _("{title} (worksheet)").format(title=w.title(chain))
            blocks = [Heading((user(said),), level=1)]  # type: ignore[arg-type]
        if chain.description:
            blocks.append(Paragraph((user(chain.description),), role="description"))
        kinds, shapes = lw.chain_summary(chain, self.t)
        count = len(chain.layers)
        layers = ngettext("{count} layer: {kinds}.", "{count} layers: {kinds}.", count)
        blocks.append(Paragraph((("w", layers.format(count=count, kinds=kinds)),)))
        shown = math(lw.chain_summary(chain, self.n)[1])
        blocks.append(Paragraph(sentence(_("Shapes: {shapes}"), shapes=shown)))
        del shapes
        if self.o.worksheet:
            blocks.append(Paragraph((("w", _(LAYER_INSTRUCTIONS)),), only="document"))
        for index, layer_trace in enumerate(self.trace.layers, start=1):
            blocks += self.layer(index, layer_trace, blank=self.o.worksheet)
        blocks += self.output(blank=self.o.worksheet)
        if self.o.worksheet and self.o.answers:
            blocks.append(PageBreak())
            blocks.append(Heading((("w", "Answers"),), anchor="answers", only="document"))
            for index, layer_trace in enumerate(self.trace.layers, start=1):
                blocks += self.cell_part(index, layer_trace, blank=False)
            blocks += self.output(blank=False, level=3)
        return Solution(blocks)

    # -- one layer ----------------------------------------------------------------------------

    def layer(self, index: int, trace, *, blank: bool) -> list[Block]:
        layer = self.chain.layers[index - 1]
        blocks: list[Block] = [
            Heading((("w", lw.layer_heading(index, layer, self.t)),), anchor=f"layer-{index}")
        ]
        if isinstance(trace, Trace):
            blocks += self.conv(index, trace)
        elif isinstance(trace, PoolTrace):
            blocks += self.pool(index, trace)
        elif isinstance(trace, ActivationTrace):
            blocks.append(Facts(tuple(lw.activation_facts(trace.layer, self.n)), level=3))
            blocks += self.given(index, trace.x, trace.channel_names)
        else:
            blocks += self.transpose(index, trace)
        blocks += self.cell_part(index, trace, blank=blank)
        if isinstance(trace, ActivationTrace):
            return blocks + self.before_after(index, trace, blank)
        if index == len(self.trace.layers):
            return blocks  # the output volume follows
        return blocks + self.layer_output(index, trace, blank)

    def given(self, index: int, x: np.ndarray, names) -> list[Block]:
        """The layer's input: the volume for layer 1, else whose output it is."""
        if index > 1:
            said = lw.input_sentence(index, tuple(x.shape), self.t, self.chain.one_d)
            return [Paragraph((("w", said),))]
        items = tuple(
            Matrix(name, x[c], sentence(_("Channel {name}"), name=bold(name)))
            for c, name in enumerate(names)
        )
        return [Heading((("w", _("Input volume")),), level=3), Matrices(items)]

    def conv(self, index: int, trace: Trace) -> list[Block]:
        outline = Outline(trace, self.o)
        blocks: list[Block] = [Facts(tuple(w.facts(trace.task, self.n)), level=3)]
        blocks += _down(outline.size())
        if index == 1:
            blocks += _down(outline.volumes())
        else:
            blocks += self.given(index, trace.task.x, trace.task.channel_names)
            if any(trace.task.padding):
                blocks += _down(outline.padded())
        return blocks + _down(outline.filters())

    def pool(self, index: int, trace: PoolTrace) -> list[Block]:
        n, layer = self.n, trace.layer
        blocks: list[Block] = [
            Facts(tuple(lw.pool_facts(layer, trace.axes, n)), level=3),
            Heading((("w", _("Output size")),), level=3),
            Formulas(tuple(lw.pool_size_lines(trace.axes, n, layer.one_d))),
        ]
        for axis in trace.axes:
            note = lw.dropped_note(axis)
            if note:
                said = _("Note: {note}.").format(note=note)
                blocks.append(Paragraph((("w", said),), role="note"))
        blocks += self.given(index, trace.x, trace.channel_names)
        if any(trace.inside):
            name, meaning = lw.pool_padding(layer.kind, self.t)
            items = tuple(
                Matrix(
                    _("{name} (padded)").format(name=c_name),
                    trace.padded[c],
                    sentence(_("Channel {name}, padded"), name=bold(c_name)),
                    inside=trace.inside,
                )
                for c, c_name in enumerate(trace.channel_names)
            )
            legend = Legend(
                name,
                meaning,
                intro=(("w", f"{name[:1].upper()}{name[1:]}."),),
                counted=_("Windows are counted in these padded rows and columns."),
            )
            heading = Heading((("w", _("Padded input")),), level=3)
            blocks += [heading, Matrices(items, legend=legend)]
            past = lw.past_note(trace.axes)
            if past:
                blocks.append(Paragraph((("w", past),), role="note"))
        return blocks

    def transpose(self, index: int, trace: TransposeTrace) -> list[Block]:
        n, t, layer = self.n, self.t, trace.layer
        names = trace.channel_names
        blocks: list[Block] = [
            Facts(tuple(lw.transpose_facts(layer, tuple(trace.x.shape), n)), level=3),
            Heading((("w", _("Output size")),), level=3),
            Formulas(tuple(lw.transpose_size_lines(trace.axes, n, layer.one_d))),
        ]
        blocks += self.given(index, trace.x, names)
        blocks.append(Heading((("w", _("Filters")),), level=3))
        blocks.append(Paragraph((("w", lw.weight_layout(layer, len(names), names, t)),)))
        for k, f in enumerate(layer.filters):
            seen = layer.channels_of(k, len(names))
            items = tuple(
                Matrix(
                    f"{f.name} {t.separator.strip()} {names[c]}",
                    f.weights[m],
                    sentence(
                        _("{filter}, channel {name}"), filter=user(f.name), name=bold(names[c])
                    ),
                    signed=True,
                )
                for m, c in enumerate(seen)
            )
            bias = sentence(
                _("Filter {name}, bias {bias}"),
                name=bold(f.name),
                bias=math(w.bias_phrase(f.bias, n)),
            )
            blocks += [Paragraph(bias, role="filter"), Matrices(items)]
        if self.trace.view == "direct":
            blocks.append(Heading((("w", _("Direct view")),), level=3))
            lines = lw.direct_sentences(layer, trace.axes, t)
            blocks.append(
                Paragraph(tuple(("w", ("" if i == 0 else "\n") + s) for i, s in enumerate(lines)))
            )
            direct = Outline(trace.direct, self.o)
            names = {
                "padded-input": _("Zero-inserted input, padded"),
                "filters": _("Kernels rotated by 180{degree} (as they slide)").format(
                    degree=n.degree
                ),
            }
            if not any(trace.direct.task.padding):
                names["filters"] += "; " + _("the zero-inserted input needs no padding")
                blocks += self.zero_inserted(trace)
            else:
                blocks += _down(_renamed(direct.padded(), names))
            blocks += _down(_renamed(direct.filters(), names))
        else:
            blocks.append(Heading((("w", _("Scatter view")),), level=3))
            blocks.append(Paragraph((("w", lw.scatter_sentence(layer, t)),)))
        blocks.append(Paragraph((("w", _(lw.BOTH_VIEWS)),)))
        return blocks

    def zero_inserted(self, trace: TransposeTrace) -> list[Block]:
        task = trace.direct.task
        items = tuple(
            Matrix(name, task.x[c], sentence(_("Channel {name}, zeros inserted"), name=bold(name)))
            for c, name in enumerate(task.channel_names)
        )
        return [Heading((("w", _("Zero-inserted input")),), level=3), Matrices(items)]

    # -- cells and outputs --------------------------------------------------------------------

    def cell_part(self, index: int, trace, *, blank: bool) -> list[Block]:
        picked = None if self.picked is None else self.picked.get(index)
        if self.picked is not None and not picked:
            return []
        n, t = self.n, self.t
        rows: Callable[[], Iterator]
        picture = None
        if isinstance(trace, Trace) or (
            isinstance(trace, TransposeTrace) and self.trace.view == "direct"
        ):
            conv = trace if isinstance(trace, Trace) else trace.direct
            chosen = None if picked is None else [conv.cell(*where) for where in picked]
            symbol = lw.output_name(index)

            def rows(conv=conv, chosen=chosen, symbol=symbol):
                return cell_rows(conv, n, t, chosen, symbol=symbol)

            picture = conv_picture(conv)
        elif isinstance(trace, PoolTrace):

            def rows():
                return pool_rows(trace, n, t, picked)

            picture = Picture(
                trace.padded, trace.channel_names, trace.inside, False, trace.layer.one_d
            )
        elif isinstance(trace, ActivationTrace):

            def rows():
                return activation_rows(trace, n, t, picked)
        else:

            def rows():
                return scatter_rows(trace, n, t, picked)

            picture = Picture(trace.x, trace.channel_names, one_d=trace.layer.one_d)
        blanks = frozenset(w.DEFAULT_BLANKS) - {"size"} if blank else frozenset()
        instructions = w.instructions(blanks) if blank and isinstance(trace, Trace) else None
        return [
            Heading(
                (("w", _("Cells of layer {index}").format(index=index)),), level=3, only="document"
            ),
            Cells(
                rows,
                blank=blank,
                blanks=blanks,
                instructions=instructions,
                pictures=picture is not None,
                picture=picture,
            ),
        ]

    def output_items(self, index: int, trace) -> tuple[Matrix, ...]:
        names = self.chain.names_after(index - 1)
        symbol = lw.output_name(index)
        return tuple(
            Matrix(
                w.output_label(k, names[k], symbol),
                trace.output[k],
                sentence(
                    _("Output {label} ({name})"),
                    label=strong(f"{symbol}[{k}]"),
                    name=user(names[k]),
                ),
                signed=True,
            )
            for k in range(trace.output.shape[0])
        )

    def layer_output(self, index: int, trace, blank: bool) -> list[Block]:
        c, h, width = trace.output.shape
        size = w.volume_shape(self.n, width, h, c, self.chain.one_d)
        return [
            Heading(
                (("w", _("Output of layer {index} ({size})").format(index=index, size=size)),),
                level=3,
            ),
            Matrices(self.output_items(index, trace), blank=blank),
        ]

    def before_after(self, index: int, trace: ActivationTrace, blank: bool) -> list[Block]:
        changed = trace.changed
        items = []
        for c, name in enumerate(trace.channel_names):
            items.append(
                Matrix(
                    _("before {name}").format(name=name),
                    trace.x[c],
                    sentence(_("Before, {name}"), name=bold(name)),
                    signed=True,
                    marked=changed[c],
                )
            )
            after = self.output_items(index, trace)[c]
            items.append(dataclasses.replace(after, marked=changed[c]))
        note = lw.changed_note(trace.layer, int(changed.sum()), changed.size)
        return [
            Heading(
                (("w", _("Output of layer {index}: before and after").format(index=index)),),
                level=3,
            ),
            Matrices(tuple(items), blank=blank),
            Paragraph((("w", _("Marked: {note}.").format(note=note)),), role="note"),
        ]

    def output(self, *, blank: bool = False, level: int = 2) -> list[Block]:
        trace = self.trace
        index = len(trace.layers)
        c, h, width = trace.output.shape
        size = w.volume_shape(self.n, width, h, c, self.chain.one_d)
        return [
            Heading(
                (("w", _("Output volume")),),
                level=level,
                anchor="output-volume" if level == 2 else None,
                short=_("Output volume ({size}, layer {index})").format(size=size, index=index),
            ),
            Paragraph(
                sentence(
                    _("The output of layer {index}, {size}.").format(index=index, size="{size}"),
                    size=math(size),
                ),
                only="document",
            ),
            Matrices(self.output_items(index, trace.layers[-1]), blank=blank),
        ]


def chain_outline(trace: ChainTrace, options: Options) -> Solution:
    return ChainOutline(trace, options).solution()

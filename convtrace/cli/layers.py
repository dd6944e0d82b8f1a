"""``convtrace run`` on a chain of layers: which view the options ask for, and ``--cell L:…``.

A chain shows in the terminal, as JSON and as every export, like a single convolution; its
cells are picked per layer (``--cell 2:0,0,0``). The views themselves are called in
:mod:`.show`.
"""

from __future__ import annotations

from typing import Any

import click

from .. import language
from ..errors import InputError
from . import show
from .group import BadInput
from .guard import confirm_many

_, ngettext = language._, language.ngettext  # gettext's names, for the catalog tool


def parse_cell(text: str, count: int, one_d: bool) -> tuple[int, int, int]:
    """``K,I,J`` (``I,J`` with one channel; ``K,J`` or ``J`` for a 1-D chain) → (k, i, j)."""
    try:
        numbers = [int(part) for part in text.replace(";", ",").split(",")]
    except ValueError:
        said = _("{text!r} is not L:K,I,J (whole numbers)").format(text=text)
        raise InputError(said, place="--cell") from None
    if one_d and len(numbers) in (1, 2):
        if len(numbers) == 1 and count != 1:
            said = _("{text!r} is not K,J (channel, position)").format(text=text)
            raise InputError(said, place="--cell")
        return (numbers[0] if len(numbers) == 2 else 0), 0, numbers[-1]
    if len(numbers) == 2 and count == 1:
        numbers = [0, *numbers]
    if len(numbers) != 3:
        said = _("{text!r} is not L:K,I,J (layer: channel, row, column)").format(text=text)
        raise InputError(said, place="--cell")
    return numbers[0], numbers[1], numbers[2]


def parse_layer_cell(text: str, trace: Any) -> tuple[int, tuple[int, int, int]]:
    """``2:0,1,1`` → (2, (0, 1, 1)): layer 2's cell (channel or filter, row, col); a cell
    without ``L:`` is the last layer's. ``K,J`` or ``J`` for a 1-D chain, as for one layer.
    A transposed convolution's cells in the scatter view are its input's (one step each)."""
    layers = trace.layers
    head, colon, rest = text.partition(":")
    if colon:
        try:
            index = int(head)
        except ValueError:
            said = _("{text!r}: {head!r} is not a layer number").format(text=text, head=head)
            raise InputError(said, place="--cell") from None
    else:
        index, rest = len(layers), text
    if not 1 <= index <= len(layers):
        said = _("{text!r}: there is no layer {index} (layers 1 to {count})")
        raise InputError(said.format(text=text, index=index, count=len(layers)), place="--cell")
    layer = layers[index - 1]
    scatter = hasattr(layer, "steps") and trace.view == "scatter"  # its input cells are steps
    space = layer.x if scatter else layer.output
    count, h, w = space.shape
    k, i, j = parse_cell(rest, count, trace.chain.one_d)
    outside = {
        "input": {
            "channel": _(
                "{text!r}: channel {value} is outside layer {index}'s input (0 to {last})"
            ),
            "row": _("{text!r}: row {value} is outside layer {index}'s input (0 to {last})"),
            "col": _("{text!r}: col {value} is outside layer {index}'s input (0 to {last})"),
        },
        "output": {
            "channel": _(
                "{text!r}: channel {value} is outside layer {index}'s output (0 to {last})"
            ),
            "row": _("{text!r}: row {value} is outside layer {index}'s output (0 to {last})"),
            "col": _("{text!r}: col {value} is outside layer {index}'s output (0 to {last})"),
        },
    }["input" if scatter else "output"]
    for name, value, limit in (("channel", k, count), ("row", i, h), ("col", j, w)):
        if not 0 <= value < limit:
            said = outside[name].format(text=text, value=value, index=index, last=limit - 1)
            raise InputError(said, place="--cell")
    return index, (k, i, j)


def show_chain(
    trace: Any,
    *,
    cells,
    rows,
    cols,
    filters,
    summary,
    all_cells,
    quiet,
    fmt,
    step,
    auto,
    fine,
    no_color,
    ascii_only,
    **export,
) -> None:
    """The view the options ask for, for a :class:`~convtrace.engine.chain.ChainTrace`."""
    if rows or cols or filters or summary:
        raise BadInput(
            _(
                "--rows, --cols, --filter and --summary take a single convolution; "
                "pick a chain's cells with --cell L:K,I,J"
            )
        )
    out = {"no_color": no_color, "ascii": ascii_only}
    if step or fine or auto is not None:
        walk_chain(
            trace,
            cells,
            step=step,
            fine=fine,
            auto=auto,
            fmt=fmt,
            quiet=quiet,
            no_color=no_color,
            ascii=ascii_only,
            export=export,
        )
        return
    wanted = list(dict.fromkeys(parse_layer_cell(text, trace) for text in cells)) or None
    path = export.pop("export_path")
    if path is not None or fmt in ("md", "latex", "html", "svg"):
        export_chain(trace, wanted, path, fmt, quiet=quiet, **out, **export)
        return
    given = [name for name, value in export.items() if value]
    if given:
        option = "--" + given[0].replace("_", "-")
        said = _("{option} goes with --export FILE (or --format md|latex)")
        raise click.UsageError(said.format(option=option))
    if fmt == "json":
        show.print_chain_json(trace)
    else:
        if wanted is None and not quiet and not confirm_many(len(trace), 4, everything=all_cells):
            said = _("convtrace: showing the output only; pick cells with --cell L:K,I,J")
            click.echo(said, err=True)
            quiet = True
        show.print_terminal(trace, wanted, quiet=quiet, everything=all_cells, **out)


def export_chain(trace: Any, wanted, path: str | None, fmt: str, **options: Any) -> None:
    """``--export FILE`` (or ``--format md`` …); ``--format`` overrides the extension."""
    ctx = click.get_current_context()
    explicit = ctx.get_parameter_source("fmt") is not click.core.ParameterSource.DEFAULT
    path = "-" if path is None else path
    show.export(trace, wanted, path, fmt=fmt if explicit or path == "-" else None, **options)


def check_chain(
    chain: Any,
    answer_file: str,
    *,
    layer: int | None,
    tolerance: float,
    quiet: bool,
    fmt: str,
    no_color: bool,
    ascii_only: bool,
) -> int:
    """``check`` on a chain: the final output, or layer ``--layer N``'s; the exit status.

    A convolution layer is checked as a single convolution (every slip of its table); any
    other layer by :mod:`convtrace.homework.layer_check`.
    """
    from ..homework.answers import check as check_answer
    from ..homework.answers import read_answer, shape_message
    from ..homework.layer_check import check_layer, layer_verdict, print_layer_check
    from ..homework.report import verdict_json

    count = len(chain.layers)
    index = count if layer is None else layer
    if not 1 <= index <= count:
        said = _("there is no layer {index} (layers 1 to {count})")
        raise InputError(said.format(index=index, count=count), place="--layer")
    given = read_answer(answer_file, one_d=chain.chain.one_d)
    trace = chain.layers[index - 1]
    if hasattr(trace, "kernels"):  # a convolution: the single convolution's check and slips
        result = check_answer(trace, given, tolerance, ascii=ascii_only)
        if fmt == "json":
            show.print_verdict_json(result, task=chain.chain.source, answer=str(answer_file))
        if result.status == 2:
            raise InputError(shape_message(trace, given.shape, ascii_only), source=answer_file)
        if fmt != "json":
            show.print_report(
                result,
                answer=str(answer_file),
                traces=not quiet,
                no_color=no_color,
                ascii=ascii_only,
            )
        return result.status
    result = check_layer(chain, index, given, tolerance, ascii=ascii_only)
    if fmt == "json":
        doc = layer_verdict(result, task=chain.chain.source, answer=str(answer_file))
        click.echo(verdict_json(doc), nl=False)
    if result.status == 2:
        raise not_its_shape(given.shape, result.expected.shape, index, str(answer_file))
    if fmt != "json":
        console = show.make_console(no_color)
        print_layer_check(
            console, result, answer=str(answer_file), ascii=ascii_only, traces=not quiet
        )
    return result.status


def not_its_shape(given: tuple, shape: tuple, index: int, answer: str) -> InputError:
    """An answer the size of another volume than layer ``index``'s output."""
    said = _("your answer is {given}, layer {index}'s output is {shape} (channels × rows × cols)")
    given_text, shape_text = "×".join(map(str, given)), "×".join(map(str, shape))
    return InputError(said.format(given=given_text, index=index, shape=shape_text), source=answer)


def walk_chain(trace: Any, cells, *, step, fine, auto, fmt, quiet, no_color, ascii, export):
    """``run --step`` on a chain: every layer's cells in turn (no --fine: that is a
    convolution's products one at a time)."""
    from ..step.chain import step_of

    if not step:
        raise BadInput(
            _("--auto goes with --step") if auto is not None else _("--fine goes with --step")
        )
    if fine:
        raise BadInput(_("--fine walks a single convolution's products; a chain steps by cells"))
    if fmt != "text" or quiet or len(cells) > 1 or any(export.values()):
        raise BadInput(
            _(
                "--step shows one cell at a time on screen; it takes no --format, --export, -q "
                "or second --cell"
            )
        )
    begin = step_of(trace, *parse_layer_cell(cells[0], trace)) if cells else 0
    status = show.walk(trace, (0, 0, begin), fine=False, auto=auto, no_color=no_color, ascii=ascii)
    if status is None:
        raise BadInput(
            _(
                "--step needs an interactive terminal (keyboard and screen); "
                "to print one cell's trace instead, use --cell L:K,I,J"
            )
        )
    click.get_current_context().exit(status)

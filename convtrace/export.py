"""Exports: the trace written to a file (or standard output) as Markdown, LaTeX, an interactive
web page, the terminal's HTML or SVG, JSON or plain text, the format following the file's
extension (``.term.html``: the terminal's HTML).

Every export is deterministic (same input, same bytes), free of colour codes and ends with a
newline. Files are written atomically: the chunks stream into a temporary file in the same
directory, which then takes the file's name in one step, so an interrupted export never leaves a
half-written file; an existing file is only replaced with ``force``.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from .engine import Cell, Trace
from .errors import InputError
from .language import _

#: Format name → what it is; the keys are the values of ``--format``.
FORMATS = {
    "md": "Markdown with GitHub tables and LaTeX math",
    "latex": "a LaTeX document (or fragment)",
    "html": "an interactive, self-contained web page that steps through the cells",
    "terminal-html": "the coloured terminal trace as a self-contained HTML page",
    "svg": "the coloured terminal trace as an SVG picture",
    "json": "the JSON document of --format json",
    "text": "the terminal trace as plain text",
}

EXTENSIONS = {
    ".term.html": "terminal-html",
    ".md": "md",
    ".markdown": "md",
    ".tex": "latex",
    ".latex": "latex",
    ".html": "html",
    ".htm": "html",
    ".svg": "svg",
    ".json": "json",
    ".txt": "text",
}

#: The options each format understands (others are refused rather than silently ignored).
OPTIONS = {
    "md": {"plain_math", "worksheet", "answers", "pictures", "blank"},
    "latex": {"fragment", "worksheet", "answers", "blank"},
    "html": {"quiet", "ascii", "no_color", "worksheet", "answers"},
    "terminal-html": {"quiet", "ascii", "no_color"},
    "svg": {"quiet", "ascii", "no_color"},
    "json": set(),
    "text": {"quiet", "ascii"},
}

#: An SVG holds the whole picture in one piece; beyond this many cells it is too big to open.
SVG_MAX_CELLS = 400

#: Width of the terminal picture in HTML, SVG and text exports (fixed: exports are deterministic).
EXPORT_WIDTH = 100


def format_for(path: str | os.PathLike[str]) -> str:
    """The format a file name asks for, from its extension (``trace.md`` → ``"md"``)."""
    name = Path(path).name.lower()
    for ending, fmt in EXTENSIONS.items():
        if ending.count(".") > 1 and name.endswith(ending):
            return fmt
    suffix = Path(path).suffix.lower()
    try:
        return EXTENSIONS[suffix]
    except KeyError:
        known = ", ".join(EXTENSIONS)
        raise InputError(
            _(
                "cannot tell the format from the extension {suffix!r}; "
                "use one of {known} or --format {formats}"
            ).format(suffix=suffix or _("(none)"), known=known, formats="|".join(FORMATS)),
            source=str(path),
        ) from None


def _option_name(name: str) -> str:
    return "--" + name.replace("_", "-")


def iter_export(
    trace: Trace,
    fmt: str,
    *,
    cells: Iterable[Cell] | None = None,
    selection: dict | None = None,
    **options: Any,
) -> Iterator[str]:
    """The export in chunks of text; ``options`` are the format's own (see :data:`OPTIONS`);
    ``cells`` or ``selection`` (``filters``/``rows``/``cols``) limit the per-cell part."""
    given = _format_options(fmt, options)
    if fmt == "md":
        from .render.markdown import iter_markdown

        return iter_markdown(trace, cells=cells, selection=selection, **given)
    if fmt == "latex":
        from .render.latex import iter_latex

        return iter_latex(trace, cells=cells, selection=selection, **given)
    if fmt == "html":
        from .render.page import iter_page

        return iter_page(trace, cells=cells, selection=selection, **given)
    if fmt == "json":
        if hasattr(trace, "grad_input"):  # a backward pass (convtrace grad)
            from .render.grad_json import iter_grad_json

            return iter_grad_json(trace)
        if hasattr(trace, "layers"):  # a chain: every layer's trace
            from .render.chain_json import iter_chain_json

            return iter_chain_json(trace)
        from .render.json_doc import iter_json

        return iter_json(trace, cells, **(selection or {}))
    if fmt == "svg" and not given.get("quiet"):
        if cells is not None:
            count = len(cells := list(cells))
        elif selection:
            count = _selected_count(trace, selection)
        else:  # every cell: of each layer of a chain, of each gradient of a backward pass
            count = len(trace)
        if count > SVG_MAX_CELLS:
            raise InputError(
                _(
                    "an SVG of {count} cells would be too big to open (at most {most}); "
                    "pick cells with --cell, use -q, or export .html, which streams"
                ).format(count=count, most=SVG_MAX_CELLS)
            )
    from .render.recorded import iter_recorded

    recorded = "html" if fmt == "terminal-html" else fmt
    return iter_recorded(
        trace, recorded, cells=cells, width=EXPORT_WIDTH, selection=selection, **given
    )


def _format_options(fmt: str, options: dict[str, Any]) -> dict[str, Any]:
    """The options given (set ones only), each checked to apply to ``fmt``."""
    if fmt not in FORMATS:
        raise InputError(
            _("unknown format {format!r}; use one of {formats}").format(
                format=fmt, formats=", ".join(FORMATS)
            ),
            place="--format",
        )
    given = {key: value for key, value in options.items() if value}
    if fmt not in ("html", "terminal-html", "svg"):
        given.pop("no_color", None)  # the other formats have no colour to leave out
    for key in given:
        if key not in OPTIONS[fmt]:
            said = _("does not apply to {format} exports").format(format=fmt)
            raise InputError(said, place=_option_name(key))
    if given.get("answers") and not given.get("worksheet"):
        raise InputError(
            _("goes with --worksheet (the answers follow the worksheet)"), place="--answers"
        )
    if given.get("blank") and not given.get("worksheet"):
        raise InputError(
            _("goes with --worksheet (it says what the worksheet leaves blank)"), place="--blank"
        )
    return given


def _selected_count(trace: Trace, selection: dict | None) -> int:
    k, h, w = trace.shape
    count = 1
    for key, size in (("filters", k), ("rows", h), ("cols", w)):
        chosen = (selection or {}).get(key)
        count *= size if chosen is None else len(chosen)
    return count


def write_export(
    trace: Trace,
    path: str | os.PathLike[str],
    *,
    fmt: str | None = None,
    force: bool = False,
    cells: Iterable[Cell] | None = None,
    selection: dict | None = None,
    progress: Any = None,
    **options: Any,
) -> None:
    """Write the trace as ``fmt`` (default: from the extension) to ``path``; ``"-"`` is stdout
    (Markdown unless ``fmt`` says otherwise).

    The file is written atomically and streamed chunk by chunk; without ``force`` an existing
    file is left alone and :class:`InputError` names it. ``progress`` (a
    :class:`convtrace.progress.Tracker`) counts the cells written and watches the file grow.
    """
    if progress is not None:
        trace = progress.counting(trace)
    if str(path) == "-":
        chunks = iter_export(trace, fmt or "md", cells=cells, selection=selection, **options)
        _write_chunks(sys.stdout, chunks)
        return
    path = Path(path)
    chunks = iter_export(
        trace, fmt or format_for(path), cells=cells, selection=selection, **options
    )
    with atomic_file(path, force=force) as out:
        if progress is not None:
            progress.watch(out)
        _write_chunks(out, chunks)


#: Windows opens a file descriptor in text mode (\n written as \r\n) unless told otherwise.
_BINARY = getattr(os, "O_BINARY", 0)


@contextlib.contextmanager
def atomic_file(
    path: str | os.PathLike[str], *, force: bool = False, binary: bool = False
) -> Iterator[Any]:
    """A new file for ``path``, written atomically: a temporary file in the same folder that
    takes the name only when the block ends without an error (and is removed otherwise, on
    Ctrl-C too). Without ``force`` an existing file is an :class:`InputError` and stays as it
    is; so is a folder that does not exist. Text files are UTF-8 with ``\n`` line ends."""
    path = Path(path)
    if not force and path.exists():
        raise InputError(_("exists already; add --force to replace it"), source=str(path))
    if path.is_dir():
        raise InputError(_("is a directory"), source=str(path))
    directory = path.parent
    if not directory.is_dir():
        said = _("the folder {folder!r} does not exist").format(folder=str(directory))
        raise InputError(said, source=str(path))
    text = {} if binary else {"encoding": "utf-8", "newline": "\n"}
    temp: Path | None = None
    try:
        # the name is known before the file exists: a Ctrl-C that comes while it is made
        # (numpy's threads may take the signal at any moment) still finds it to remove
        for _attempt in range(100):
            temp = directory / f".{path.name}.{secrets.token_hex(4)}.part"
            try:
                fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY, 0o600)
                break
            except FileExistsError:
                temp = None  # another file's name: not ours to remove
            except OSError as error:
                temp = None
                said = _("cannot write here: {reason}").format(reason=error.strerror)
                raise InputError(said, source=str(path)) from None
        else:  # a hundred names taken: something else is at work in this folder
            said = _("cannot write here: {reason}").format(reason=os.strerror(17))
            raise InputError(said, source=str(path))
        with open(fd, "wb" if binary else "w", **text) as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        _set_mode(temp, path)
        if force:
            os.replace(temp, path)
        else:
            _link_new(temp, path)
    except BaseException as error:  # interrupted or failed: never leave the temporary file
        if temp is not None:
            with contextlib.suppress(OSError):
                temp.unlink()
        if isinstance(error, OSError):  # disk full, permissions …: one line, not a traceback
            reason = error.strerror or str(error)
            said = _("could not write it: {reason}").format(reason=reason)
            raise InputError(said, source=str(path)) from error
        raise


def _write_chunks(out: TextIO, chunks: Iterable[str]) -> None:
    for chunk in chunks:
        out.write(chunk)


def _set_mode(temp: Path, path: Path) -> None:
    """Give the new file the mode a plainly created file gets (mkstemp makes it private)."""
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.chmod(temp, mode)


def _link_new(temp: Path, path: Path) -> None:
    """Rename ``temp`` to ``path`` unless ``path`` appeared meanwhile (no clobbering race)."""
    try:
        os.link(temp, path)
    except FileExistsError:
        said = _("exists already; add --force to replace it")
        raise InputError(said, source=str(path)) from None
    except OSError:  # a file system without hard links: check, then rename
        if path.exists():
            raise InputError(
                _("exists already; add --force to replace it"), source=str(path)
            ) from None
        os.replace(temp, path)
        return
    temp.unlink()

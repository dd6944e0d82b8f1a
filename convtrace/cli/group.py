"""The ``convtrace`` group, and the one place where errors become a line on stderr.

Bad input (the project's :class:`InputError`) and misused options alike end as one line,
``convtrace: …``, with exit status 2: at the top level (``convtrace -V``) as in every command.
"""

from __future__ import annotations

import inspect
import sys
from typing import Any

import click

from .. import language
from .._version import __version__
from ..errors import InputError
from ..language import N_
from .helptext import HelpFormatter

_ = language._  # gettext's name, for the catalog tool

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

#: click 8.2+ raises this for a bare ``convtrace`` (it shows the help); older clicks exit instead.
NO_ARGS_IS_HELP = getattr(click.exceptions, "NoArgsIsHelpError", ())


class BadInput(click.ClickException):
    """Bad input, said in one line: exit status 2, as click does for usage errors."""

    exit_code = 2

    def show(self, file: Any = None) -> None:
        click.echo(f"convtrace: {self.format_message()}", err=True)


def usage_line(error: click.UsageError, ctx: click.Context) -> BadInput:
    """A usage error as one line that says where the help is, instead of click's usage block."""
    where = error.ctx.command_path if error.ctx else ctx.command_path
    said = _("{error} (see '{command} --help')")
    return BadInput(said.format(error=error.format_message(), command=where))


class Context(click.Context):
    formatter_class = HelpFormatter


def choose_language(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """``--lang`` and ``--decimal-comma``: checked here, applied by :meth:`Command.parse_args`."""
    if param.name == "lang" and value is not None:
        try:
            language.normalized(value)
        except ValueError as error:
            raise click.BadParameter(str(error), ctx, param) from None
    return value


LANGUAGE_OPTIONS = (
    ("--lang", N_("Language of everything a person reads: en or de (default: from LANG).")),
    (
        "--decimal-comma/--no-decimal-comma",
        N_("Write 0,25 for 0.25 (default: on with --lang de)."),
    ),
)

#: click's own help texts, translated where convtrace shows them.
CLICK_TEXTS = (N_("Show this message and exit."), N_("Show the version and exit."))


class Translated:
    """The help of a command and its options in the chosen language, for one ``with`` block:
    click keeps them as written (English) and reads them when it formats the help."""

    def __init__(self, command: click.Command, ctx: click.Context) -> None:
        self.saved = [(command, command.help)]
        self.saved += [(p, p.help) for p in command.get_params(ctx) if getattr(p, "help", None)]

    def __enter__(self) -> None:
        for owner, text in self.saved:
            if text:
                owner.help = language._(inspect.cleandoc(text).partition("\f")[0])

    def __exit__(self, *exc: object) -> None:
        for owner, text in self.saved:
            owner.help = text


def language_options() -> list[click.Option]:
    lang, comma = LANGUAGE_OPTIONS
    return [
        click.Option(
            [lang[0]], metavar="LANG", help=lang[1], callback=choose_language, expose_value=False
        ),
        click.Option(
            [comma[0]],
            is_flag=True,
            default=None,
            help=comma[1],
            callback=choose_language,
            expose_value=False,
        ),
    ]


def language_asked(args: list[str]) -> tuple[str | None, bool | None]:
    """The ``--lang`` and ``--decimal-comma`` of a command line, read before click parses it,
    so that ``--help`` and the parsing errors are already in that language."""
    code: str | None = None
    comma: bool | None = None
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(args):
            code = args[i + 1]
        elif arg.startswith("--lang="):
            code = arg.partition("=")[2]
        elif arg in ("--decimal-comma", "--no-decimal-comma"):
            comma = arg == "--decimal-comma"
    return code, comma


class Command(click.Command):
    """A convtrace command: its help wraps between words (see :mod:`.helptext`), and it takes
    ``--lang`` and ``--decimal-comma`` like every other."""

    context_class = Context

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.params += language_options()

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with Translated(self, ctx):
            super().format_help(ctx, formatter)

    def get_short_help_str(self, limit: int = 45) -> str:
        saved = self.help
        if saved:
            self.help = language._(inspect.cleandoc(saved).partition("\f")[0])
        try:
            return super().get_short_help_str(limit)
        finally:
            self.help = saved

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        code, comma = language_asked(args)
        try:
            language.use(code, comma)
        except ValueError:  # an unknown --lang: click's own check says so, in one line
            language.use(None, comma)
        return super().parse_args(ctx, args)


class Group(click.Group):
    """Turns the project's input errors into clean exits for every command."""

    context_class = Context
    command_class = Command

    def main(self, *args: Any, **kwargs: Any) -> Any:
        language.use(None)  # the environment's language, until a command's --lang says
        return super().main(*args, **kwargs)

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with Translated(self, ctx):
            super().format_help(ctx, formatter)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except NO_ARGS_IS_HELP:  # a bare `convtrace` shows the help, as click does
            raise
        except click.UsageError as error:  # `convtrace -V`: the same one line as below
            raise usage_line(error, ctx) from None

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The commands, each with its help's whole first sentence, wrapped if need be (click
        would cut it short with ``...`` to fit one line)."""
        rows = [
            (name, command.get_short_help_str(limit=1000))
            for name in self.list_commands(ctx)
            if (command := self.get_command(ctx, name)) is not None and not command.hidden
        ]
        if rows:
            with formatter.section(language._("Commands")):
                formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except InputError as error:
            raise BadInput(str(error)) from None
        except click.UsageError as error:  # misused options, too: one line, not a usage block
            raise usage_line(error, ctx) from None
        except BrokenPipeError:  # `convtrace run … | head`: the reader left, nothing to say
            sys.stderr.close()
            ctx.exit(0)
        except KeyboardInterrupt:  # Ctrl-C: files being written were removed on the way out
            said = _("convtrace: interrupted; no file was left half-written")
            click.echo(said, err=True)
            ctx.exit(130)


@click.group("convtrace", cls=Group, context_settings=CONTEXT)
@click.version_option(__version__, message="%(prog)s %(version)s")
def main() -> None:
    """Convolutions traced by hand: every window, product and sum, as a worked solution.

    \b
    Example:
      convtrace run seed
      convtrace run seed --cell 0,0,1 --no-color
      convtrace samples
    """

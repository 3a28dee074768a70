"""click's command and group with their -h/--help option written out in English, and the
`--version` option of the `firearms-gap` group: every command uses them (`cls=Command`).

Why: click words these options through gettext - `_("Show this message and exit.")` when a command
builds its help option, as it parses every command line, and `_("Show the version and exit.")` when
`click.version_option` decorates. The first gettext call of a process looks for a translation
catalogue and imports `locale` to do so: ~1.1 ms of every run (`check --format json` takes ~75 ms),
for a tool whose every other word is English. click evaluates those `_()` calls even when `help=`
is given (`kwargs.setdefault("help", _(...))`), so the options are built here instead, with the
same flags, the same callback and the same words. tests/test_startup.py checks that a `check`
imports no `locale`; tests/test_cli_check.py that -h/--help and --version work as before.
"""
from __future__ import annotations

import click

HELP = "Show this message and exit."
VERSION_HELP = "Show the version and exit."


def _show_help(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    """What click's own help option does: print the help page and exit."""
    if value and not ctx.resilient_parsing:
        click.echo(ctx.get_help(), color=ctx.color)
        ctx.exit()


class _EnglishHelp:
    """The help option of a command, made once (click's processing order compares options by identity)."""

    _english_help: click.Option | None = None

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        names = self.get_help_option_names(ctx)
        if not names or not self.add_help_option:
            return None
        if self._english_help is None:
            # The value is never exposed; a name of its own keeps it clear of any parameter named "help".
            self._english_help = click.Option([*names, "show_help"], is_flag=True, expose_value=False, is_eager=True,
                                              help=HELP, callback=_show_help)
        return self._english_help


class Command(_EnglishHelp, click.Command):
    """A click command whose help option is worded without gettext."""


class Group(_EnglishHelp, click.Group):
    """A click group whose help option is worded without gettext, as are its sub-commands'."""

    command_class = Command


Group.group_class = Group


def version_option(message: str):
    """`--version`: print MESSAGE and exit (click.version_option's behaviour, worded without gettext)."""
    def show(ctx: click.Context, param: click.Parameter, value: bool) -> None:
        if value and not ctx.resilient_parsing:
            click.echo(message, color=ctx.color)
            ctx.exit()

    return click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=show,
                        help=VERSION_HELP)

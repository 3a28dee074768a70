"""-h/--help and --version are click's own options, worded in English without gettext
(commands/help_option.py): the same flags, words and behaviour, on the group and every command."""
from __future__ import annotations

import click
import pytest
from clirun import run

from firearms_gap import __version__
from firearms_gap.cli import cli
from firearms_gap.commands import COMMANDS, RULES_SUBCOMMANDS, load
from firearms_gap.commands.help_option import Command, Group, version_option

NAMES = ["-h", "--help"]


def _help_option(command):
    with click.Context(command, info_name=command.name, help_option_names=NAMES) as ctx:
        option = command.get_help_option(ctx)
        assert command.get_help_option(ctx) is option        # made once: click orders options by identity
        return option, option.get_help_record(ctx)


@pytest.mark.parametrize("ours, clicks", [(Command("x"), click.Command("x")), (Group("x"), click.Group("x"))],
                         ids=["command", "group"])
def test_the_help_option_is_the_one_click_makes(ours, clicks):
    mine, my_record = _help_option(ours)
    theirs, their_record = _help_option(clicks)
    assert my_record == their_record == ("-h, --help", "Show this message and exit.")
    for attribute in ("opts", "secondary_opts", "is_flag", "is_eager", "expose_value", "hidden", "multiple"):
        assert getattr(mine, attribute) == getattr(theirs, attribute), attribute


def test_the_version_option_is_worded_as_clicks():
    @click.command()
    @version_option("v")
    def ours():
        pass

    @click.command()
    @click.version_option("1", "--version")
    def theirs():
        pass

    records = []
    for command in (ours, theirs):
        with click.Context(command) as ctx:
            option = next(p for p in command.params if p.name == "version")
            records.append((option.get_help_record(ctx), option.is_eager, option.expose_value, option.is_flag))
    assert records[0] == records[1]


def test_the_version_says_the_framework_format():
    r = run("--version")
    assert (r.code, r.stdout, r.stderr) == (0, f"firearms-gap {__version__} (framework format firearms-gap/framework-1)\n",
                                            "")


def _every_command():
    yield ()
    for name in sorted(COMMANDS):
        yield (name,)
    for name in ("list", "show", "coverage", *RULES_SUBCOMMANDS):
        yield ("rules", name)


@pytest.mark.parametrize("path", list(_every_command()), ids=lambda p: " ".join(p) or "firearms-gap")
@pytest.mark.parametrize("flag", NAMES)
def test_help_works_on_the_group_and_every_command(path, flag):
    r = run(*path, flag)
    assert r.code == 0 and r.stderr == ""
    assert r.stdout.startswith(f"Usage: {' '.join(('firearms-gap', *path))} ")
    assert "  -h, --help" in r.stdout and "Show this message and exit." in r.stdout


def test_every_command_words_its_help_option_in_english():
    """A command made with click's own class would call gettext (and import locale) on every run."""
    commands = {name: load(name) for name in COMMANDS}
    commands.update({f"rules {name}": load(name, RULES_SUBCOMMANDS) for name in RULES_SUBCOMMANDS})
    commands.update({f"rules {name}": c for name, c in commands["rules"].commands.items()})
    assert isinstance(cli, Group)
    for name, command in commands.items():
        assert isinstance(command, (Command, Group)), name

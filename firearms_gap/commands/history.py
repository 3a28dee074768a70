"""`firearms-gap history FILE FILE...`: one jurisdiction's progress over successive files."""
from __future__ import annotations

import click

from firearms_gap.commands import options
from firearms_gap.commands.help_option import Command
from firearms_gap.exitcodes import ExitCode, help_table

EXIT_CODES = {
    ExitCode.OK: "no regression from one file to the next at --fail-on",
    ExitCode.SHORTFALL: "a regression: a requirement at --fail-on newly short of an element in a later file",
    ExitCode.INPUT_ERROR: "usage or input error (bad option, unreadable or invalid file)",
    ExitCode.INTERNAL_ERROR: "internal error (a bug: please report it)",
}


@click.command("history", cls=Command, epilog=help_table(EXIT_CODES))
@click.argument("files", metavar="FILE FILE...", nargs=-1, required=True)
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "markdown", "csv", "json"]), default="table",
              show_default=True, help="Output format.")
@options.output
@options.rulesets
@options.forces
@options.themes
@options.fail_on
@click.option("--include-drafts", is_flag=True, help="Count provisions of draft sources (bills) as law.")
@options.width
def COMMAND(files, fmt, output, rulesets, forces, themes, fail_on, include_drafts, width):
    """Each requirement's status in each FILE (the same jurisdiction's framework files of successive
    dates, oldest first), counts per section, and the regressions from one file to the next."""
    from firearms_gap import api
    from firearms_gap.commands.output import emit, table_width
    from firearms_gap.history import history
    from firearms_gap.loader import read_inputs
    from firearms_gap.render.history_out import render

    click.get_current_context().meta.update(output=output, format=fmt)   # bad input is then reported as JSON too
    if len(files) < 2:
        raise click.UsageError("give at least two files, oldest first")
    book = api.load_rules(list(rulesets) or None, fail_on=fail_on, forces=tuple(forces), themes=tuple(themes))
    inputs = read_inputs(files)
    result = history(inputs, book, fail_on=fail_on, forces=tuple(forces), themes=tuple(themes),
                     include_drafts=include_drafts)
    emit(render(result, fmt, width=table_width(width, output)), output)
    raise click.exceptions.Exit(ExitCode.SHORTFALL if result.regressions else ExitCode.OK)

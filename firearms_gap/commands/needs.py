"""`firearms-gap needs FILE...`: the assistance each jurisdiction needs, by requirement."""
from __future__ import annotations

import click

from firearms_gap.commands import options
from firearms_gap.commands.help_option import Command
from firearms_gap.exitcodes import ExitCode, general, help_table


@click.command("needs", cls=Command, epilog=help_table(general()))
@click.argument("files", metavar="FILE...", nargs=-1, required=True)
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "markdown", "csv", "json"]), default="table",
              show_default=True, help="Output format.")
@options.output
@options.rulesets
@click.option("--as-of", "as_of", metavar="YYYY-MM-DD", default=None,
              help="Read each file's law in force on this date (default: each file's described_as_of).")
@options.width
def COMMAND(files, fmt, output, rulesets, as_of, width):
    """List the assistance needs recorded in the framework FILEs (answers' `assistance:`), for every
    requirement that is not met, by requirement then jurisdiction."""
    from firearms_gap import api
    from firearms_gap.commands.output import emit, table_width
    from firearms_gap.loader import read_input
    from firearms_gap.render.needs_out import render

    click.get_current_context().meta.update(output=output, format=fmt)   # bad input is then reported as JSON too
    as_of = options.as_of_date(as_of)
    book = api.load_rules(list(rulesets) or None)
    reports = [api.check_loaded(*read_input(f), book, as_of=as_of) for f in files]
    emit(render(reports, fmt, width=table_width(width, output)), output)
    raise click.exceptions.Exit(ExitCode.OK)

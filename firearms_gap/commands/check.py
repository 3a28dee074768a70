"""`firearms-gap check FILE`: the gap matrix of one jurisdiction."""
from __future__ import annotations

import click

from firearms_gap.commands import options
from firearms_gap.exitcodes import ExitCode, general, help_table


@click.command("check", epilog=help_table(general()))
@click.argument("file", metavar="FILE")
@options.report()
def COMMAND(file, fmt, output, csv_bom, rulesets, forces, themes, fail_on, color, width):
    """Check FILE (a framework file, or - for standard input) and print the gap matrix."""
    from firearms_gap import api
    from firearms_gap.commands.output import check_output, emit, rendered
    from firearms_gap.loader import read_input

    click.get_current_context().meta["format"] = fmt    # set first: an unreadable FILE is reported as JSON too
    check_output(fmt, output, csv_bom)
    raw, name = read_input(file)
    report = api.check_file(raw, name, rulesets=list(rulesets) or None, fail_on=fail_on,
                            forces=tuple(forces), themes=tuple(themes))
    emit(rendered(api.view(report), fmt, output=output, csv_bom=csv_bom, width=width, color=color), output)
    raise click.exceptions.Exit(ExitCode.SHORTFALL if report.failing else ExitCode.OK)

"""`firearms-gap check FILE`: the gap matrix of one jurisdiction."""
from __future__ import annotations

import click

from firearms_gap.commands import options
from firearms_gap.exitcodes import ExitCode, general, help_table


@click.command("check", epilog=help_table(general()))
@click.argument("file", metavar="FILE")
@options.report()
@click.option("--as-of", "as_of", metavar="YYYY-MM-DD", default=None,
              help="Read the law in force on this date (default: the file's described_as_of): provisions "
                   "not yet in force or repealed by then are set aside, and determinations expired by then ignored.")
@click.option("--include-drafts", is_flag=True, help="Count provisions of draft sources (bills) as law.")
@click.option("--no-determinations", "no_determinations", is_flag=True,
              help="Show the computed matrix alone, without the assessor's determinations.")
def COMMAND(file, fmt, output, csv_bom, rulesets, forces, themes, fail_on, color, width, as_of, include_drafts,
            no_determinations):
    """Check FILE (a framework file, or - for standard input) and print the gap matrix."""
    from firearms_gap import api
    from firearms_gap.commands.output import check_output, emit, rendered
    from firearms_gap.loader import read_input

    click.get_current_context().meta["format"] = fmt    # set first: an unreadable FILE is reported as JSON too
    check_output(fmt, output, csv_bom)
    as_of = options.as_of_date(as_of)
    raw, name = read_input(file)
    report = api.check_file(raw, name, rulesets=list(rulesets) or None, fail_on=fail_on,
                            forces=tuple(forces), themes=tuple(themes), as_of=as_of,
                            include_drafts=include_drafts, determinations=not no_determinations)
    for line in report.notices:       # what was set aside or ignored, also where a piped report cannot say it
        if line.startswith("Determination on"):
            click.echo(f"warning: {line}", err=True)
    emit(rendered(api.view(report), fmt, output=output, csv_bom=csv_bom, width=width, color=color), output)
    raise click.exceptions.Exit(ExitCode.SHORTFALL if report.failing else ExitCode.OK)

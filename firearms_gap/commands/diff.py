"""`firearms-gap diff OLD NEW`: what changes from the law to a draft."""
from __future__ import annotations

import click

from firearms_gap.commands import options
from firearms_gap.commands.help_option import Command
from firearms_gap.exitcodes import ExitCode, help_table
from firearms_gap.render.formats import formats_for

EXIT_CODES = {
    ExitCode.OK: "no regression: NEW has no new gap or partial result at --fail-on",
    ExitCode.SHORTFALL: ["regression: a requirement at --fail-on is a gap or partial in NEW with an element",
                         "not met that OLD did not find unmet"],
    ExitCode.INPUT_ERROR: "usage or input error (bad option, unreadable or invalid file)",
    ExitCode.INTERNAL_ERROR: "internal error (a bug: please report it)",
}


@click.command("diff", cls=Command, epilog=help_table(EXIT_CODES))
@click.argument("old", metavar="OLD.yaml")
@click.argument("new", metavar="NEW.yaml")
@options.report(formats_for("diff"))
@click.option("--old-as-of", metavar="YYYY-MM-DD", default=None,
              help="Read OLD's law in force on this date (default: its described_as_of).")
@click.option("--new-as-of", metavar="YYYY-MM-DD", default=None,
              help="Read NEW's law in force on this date; with the same file as OLD and NEW, what changes "
                   "between two dates.")
@click.option("--include-drafts", is_flag=True, help="Count provisions of draft sources (bills) as law.")
def COMMAND(old, new, fmt, output, csv_bom, rulesets, forces, themes, fail_on, color, width, old_as_of, new_as_of,
            include_drafts):
    """What changes from OLD to NEW (e.g. the law in force and a draft amendment).

    Lists the requirements whose status changes, the gaps NEW closes and opens, and the national
    citations that change. Either file may be - (standard input), not both.
    """
    from firearms_gap import api
    from firearms_gap.commands.output import check_output, emit, rendered
    from firearms_gap.loader import read_inputs

    click.get_current_context().meta["format"] = fmt
    check_output(fmt, output, csv_bom)
    old_as_of, new_as_of = options.as_of_date(old_as_of), options.as_of_date(new_as_of)
    if old == "-" and new == "-":
        raise click.UsageError("only one of OLD and NEW can be - (standard input)")
    book = api.load_rules(list(rulesets) or None, fail_on=fail_on, forces=tuple(forces), themes=tuple(themes))
    inputs = read_inputs((old, new))
    result = api.diff(inputs[0], inputs[1], book, fail_on=fail_on, forces=tuple(forces), themes=tuple(themes),
                      old_as_of=old_as_of, new_as_of=new_as_of, include_drafts=include_drafts)
    emit(rendered(api.view(result), fmt, output=output, csv_bom=csv_bom, width=width, color=color), output)
    raise click.exceptions.Exit(result.exit_code)

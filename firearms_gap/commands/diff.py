"""`firearms-gap diff OLD NEW`: what changes from the law to a draft."""
from __future__ import annotations

import click

from firearms_gap.commands import options
from firearms_gap.exitcodes import ExitCode, help_table
from firearms_gap.render.formats import formats_for

EXIT_CODES = {
    ExitCode.OK: "no regression: NEW has no new gap or partial result at --fail-on",
    ExitCode.SHORTFALL: ["regression: a requirement at --fail-on is a gap or partial in NEW with an element",
                         "not met that OLD did not find unmet"],
    ExitCode.INPUT_ERROR: "usage or input error (bad option, unreadable or invalid file)",
    ExitCode.INTERNAL_ERROR: "internal error (a bug: please report it)",
}


@click.command("diff", epilog=help_table(EXIT_CODES))
@click.argument("old", metavar="OLD.yaml")
@click.argument("new", metavar="NEW.yaml")
@options.report(formats_for("diff"))
def COMMAND(old, new, fmt, output, csv_bom, rulesets, forces, themes, fail_on, color, width):
    """What changes from OLD to NEW (e.g. the law in force and a draft amendment).

    Lists the requirements whose status changes, the gaps NEW closes and opens, and the national
    citations that change. Either file may be - (standard input), not both.
    """
    from firearms_gap import api
    from firearms_gap.commands.output import check_output, emit, rendered
    from firearms_gap.diagnostics import InputError
    from firearms_gap.loader import read_input

    click.get_current_context().meta["format"] = fmt
    check_output(fmt, output, csv_bom)
    if old == "-" and new == "-":
        raise click.UsageError("only one of OLD and NEW can be - (standard input)")
    book = api.load_rules(list(rulesets) or None, fail_on=fail_on, forces=tuple(forces), themes=tuple(themes))
    inputs, problems = [], []
    for path in (old, new):
        try:
            inputs.append(read_input(path))
        except InputError as e:
            problems.extend(e.diagnostics)
    if problems:
        raise InputError(problems)
    result = api.diff(inputs[0], inputs[1], book, fail_on=fail_on, forces=tuple(forces), themes=tuple(themes))
    emit(rendered(api.view(result), fmt, output=output, csv_bom=csv_bom, width=width, color=color), output)
    raise click.exceptions.Exit(result.exit_code)

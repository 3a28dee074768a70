"""`firearms-gap rules lint FILE`: check a custom ruleset before using it with --ruleset."""
from __future__ import annotations

import click

from firearms_gap.commands.help_option import Command
from firearms_gap.exitcodes import ExitCode, help_table

EXIT_CODES = {
    ExitCode.OK: "the ruleset is valid and every element can be both met and not met",
    ExitCode.INPUT_ERROR: "problems found (each as FILE:LINE:COL: PATH: MESSAGE), or a bad option",
    ExitCode.INTERNAL_ERROR: "internal error (a bug: please report it)",
}


@click.command("lint", cls=Command, epilog=help_table(EXIT_CODES))
@click.argument("file", metavar="FILE")
def COMMAND(file):
    """Check a custom ruleset FILE (- for standard input) before using it with --ruleset.

    \b
    Checks: the ruleset schema; unique requirement and element ids; facts that
    exist and are declared once; conditions whose operator and values suit the
    fact (an `includes` value that is not an option, `at_least` on a yes/no fact);
    elements that some answer can meet and some answer can fail; citations that
    name an article or item; cross-references to loaded requirements.
    """
    from firearms_gap import api
    from firearms_gap.commands.output import report_errors
    from firearms_gap.diagnostics import InputError
    from firearms_gap.loader import read_input

    raw, name = read_input(file, "ruleset file")
    result = api.lint(raw, name)
    if result.not_judged:
        # Said, not hidden: these conditions were not checked for never-met / always-met.
        click.echo(f"{name}: note: too complex to analyse whether any answer meets them (not checked for "
                   f"never-met, always-met, never-applies): {', '.join(result.not_judged)}", err=True)
    if not result.ok:
        report_errors(InputError(result.problems))
        raise click.exceptions.Exit(ExitCode.INPUT_ERROR)
    rs = result.ruleset
    click.echo(f"{name}: ruleset {rs.id} {rs.version} is valid: {len(rs.requirements)} requirements, "
               f"{len(rs.facts)} facts ({result.new_facts} new)")

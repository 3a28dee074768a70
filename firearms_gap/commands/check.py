"""`firearms-gap check FILE`: the shortfalls of one jurisdiction (the findings list), or its
whole gap matrix (--format table and the file formats), or one requirement in full (--explain)."""
from __future__ import annotations

import click

from firearms_gap.commands import options
from firearms_gap.commands.help_option import Command
from firearms_gap.exitcodes import ExitCode, general, help_table

DEFAULT_FORMAT = "findings"


@click.command("check", cls=Command, epilog=help_table(general()))
@click.argument("file", metavar="FILE")
@options.report(default=DEFAULT_FORMAT)
@options.statuses
@options.show
@options.explain
@click.option("--as-of", "as_of", metavar="YYYY-MM-DD", default=None,
              help="Read the law in force on this date (default: the file's described_as_of): provisions "
                   "not yet in force or repealed by then are set aside, and determinations expired by then ignored.")
@click.option("--include-drafts", is_flag=True, help="Count provisions of draft sources (bills) as law.")
@click.option("--no-determinations", "no_determinations", is_flag=True,
              help="Show the computed matrix alone, without the assessor's determinations.")
def COMMAND(file, fmt, output, csv_bom, rulesets, forces, themes, fail_on, color, width, statuses, show, explain,
            as_of, include_drafts, no_determinations):
    """Check FILE (a framework file, or - for standard input) against the rulesets.

    \b
    By default prints the findings: the shortfalls (gap, partial, not adopted,
    met (uncited)), binding obligations first, one entry each, then the counts
    and what was not assessed. --format table prints the whole gap matrix;
    -o report.html (.md, .csv, .json, .xlsx) writes that format.
    """
    from firearms_gap import api
    from firearms_gap.commands.output import check_output, emit, rendered
    from firearms_gap.loader import read_input

    click.get_current_context().meta["format"] = fmt    # set first: an unreadable FILE is reported as JSON too
    if (statuses or show) and fmt != "findings":
        raise click.UsageError(f"--status and --show choose what the findings list shows; --format {fmt} "
                               "shows every requirement")
    if statuses and show:
        raise click.UsageError("give --status or --show, not both")
    if explain and (fmt != DEFAULT_FORMAT or output):
        raise click.UsageError("--explain prints one requirement on standard output: leave out --format and -o")
    check_output(fmt, output, csv_bom)
    as_of = options.as_of_date(as_of)
    raw, name = read_input(file)
    rule_args = dict(rulesets=list(rulesets) or None, fail_on=fail_on, forces=tuple(forces), themes=tuple(themes))
    law_args = dict(as_of=as_of, include_drafts=include_drafts, determinations=not no_determinations)
    if explain:
        _explain(explain, raw, name, rule_args, law_args, width, color)
    report = api.check_file(raw, name, **rule_args, **law_args)
    for line in report.notices:       # what was set aside or ignored, also where a piped report cannot say it
        if line.startswith("Determination on"):
            click.echo(f"warning: {line}", err=True)
    view = api.view(report)
    if fmt == "findings":
        from firearms_gap.commands.output import use_color
        from firearms_gap.model import SHORTFALLS, STATUSES
        from firearms_gap.render import formats

        shown = STATUSES if show == "all" else statuses or SHORTFALLS
        pieces = formats.pieces(view, fmt, width=_width(width, output), color=use_color(color, output),
                                statuses=shown)
    else:
        pieces = rendered(view, fmt, output=output, csv_bom=csv_bom, width=width, color=color)
    emit(pieces, output)
    raise click.exceptions.Exit(ExitCode.SHORTFALL if report.failing else ExitCode.OK)


def _width(value: int | None, output: str | None) -> int:
    """--width; else the terminal's; else (piped, or written to a file) COLUMNS, else 80."""
    import shutil
    import sys

    from firearms_gap.commands.output import to_file

    if value is not None:
        return value
    if not to_file(output) and sys.stdout.isatty():
        return max(40, shutil.get_terminal_size((80, 24)).columns)
    import os
    columns = os.environ.get("COLUMNS", "")
    return min(max(int(columns), 40), 400) if columns.isdigit() and not to_file(output) else 80


def _explain(rid: str, raw: bytes, name: str, rule_args: dict, law_args: dict, width, color) -> None:
    """Print one requirement in full and exit as `check` would for the whole file."""
    import difflib

    from firearms_gap import api
    from firearms_gap.commands.output import emit, use_color
    from firearms_gap.diagnostics import OptionError
    from firearms_gap.engine import check
    from firearms_gap.findings import statements
    from firearms_gap.render.formats.findings import render_explain
    from firearms_gap.views.explain import explain

    book = api.load_rules(**rule_args)
    framework = api.validate(raw, name, book)
    report = check(framework, book, fail_on=rule_args["fail_on"], forces=rule_args["forces"],
                   themes=rule_args["themes"], **law_args)
    result = next((r for r in report.results if r.id == rid), None)
    if result is None:
        ids = [r.id for r in report.results]
        close = difflib.get_close_matches(rid, ids, n=3, cutoff=0.6)
        raise OptionError("explain", f"no requirement '{rid}' among those checked" + (
            f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else "")
            + " (every ID: firearms-gap rules list)")
    text = render_explain(explain(result, book.requirement(rid), framework, book, statements(result)),
                          width=_width(width, None), color=use_color(color, None))
    emit(text, None)
    raise click.exceptions.Exit(ExitCode.SHORTFALL if report.failing else ExitCode.OK)

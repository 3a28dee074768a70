"""`firearms-gap compare FILES_OR_DIRS...`: many jurisdictions side by side."""
from __future__ import annotations

import contextlib

import click

from firearms_gap.commands import options
from firearms_gap.commands.help_option import Command
from firearms_gap.exitcodes import ExitCode, help_table
from firearms_gap.render.formats import compare_cell_text, formats_for

EXIT_CODES = {
    ExitCode.OK: "every file evaluated; no jurisdiction has a gap or partial result at --fail-on",
    ExitCode.SHORTFALL: "every file evaluated; some jurisdiction has a gap or partial result at --fail-on",
    ExitCode.INPUT_ERROR: ["usage or input error; with several files: at least one could not be evaluated",
                           "(its errors are on standard error and in JSON input_errors; the others are reported)"],
    ExitCode.INTERNAL_ERROR: "internal error (a bug: please report it)",
}
# Only these formats show each cell's national provisions and notes; the others need the statuses
# alone, which keeps a comparison of thousands of files small (batch.compare(details=...)). JSON
# writes its cells as the files are checked instead (formats.compare_cell_text).
DETAILED = ("xlsx",)


@contextlib.contextmanager
def _progress(quiet: bool):
    """A progress bar on standard error, only when it is a terminal; transient, so it leaves nothing."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    console = Console(stderr=True)
    if quiet or not console.is_terminal:
        # No bar object at all: a disabled rich Progress still writes a newline when it stops
        # (rich 13.0), and standard error must stay empty when it is not a terminal.
        yield None
        return
    bar = Progress(TextColumn("Checking"), BarColumn(), MofNCompleteColumn(), console=console, transient=True)
    with bar:
        task = bar.add_task("compare", total=None)
        yield lambda done, total, name: bar.update(task, completed=done, total=total)


@contextlib.contextmanager
def _few_collections():
    """Checking a file makes a great many short-lived objects and next to no reference cycles, so
    the cyclic garbage collector mostly wastes its time (a tenth of a large comparison): run it less
    often, and never again over what is loaded by now (modules, the rulebook). Restored after."""
    import gc

    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(max(threshold[0], 10_000), *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


@click.command("compare", cls=Command, epilog=help_table(EXIT_CODES))
@click.argument("inputs", nargs=-1, required=True, metavar="FILES_OR_DIRS...")
@options.report(formats_for("compare"))
@click.option("-q", "--quiet", is_flag=True, help="No progress bar on standard error.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, metavar="N",
              help="Check the files in N processes at once (default: one per core; 1: in this process). "
                   "The output is the same whatever N is.")
def COMMAND(inputs, fmt, output, csv_bom, rulesets, forces, themes, fail_on, color, width, quiet, jobs):
    """Compare jurisdictions: check every framework file against the same rulesets.

    FILES_OR_DIRS are framework files, directories (their *.yaml and *.yml files) or quoted
    glob patterns ('laws/**/*.yaml'). Prints a requirements x jurisdictions matrix, the number
    of jurisdictions with each status per requirement, and a summary per jurisdiction.
    A file that cannot be evaluated is reported on standard error; the others are still compared.
    """
    from firearms_gap import api, workers
    from firearms_gap.commands.output import check_output, emit, rendered, report_errors
    from firearms_gap.diagnostics import Diagnostic, InputError

    click.get_current_context().meta["format"] = fmt
    check_output(fmt, output, csv_bom)
    book = api.load_rules(list(rulesets) or None, fail_on=fail_on, forces=tuple(forces), themes=tuple(themes))
    with _progress(quiet) as step, _few_collections():
        result = api.compare(list(inputs), book, fail_on=fail_on, forces=tuple(forces), themes=tuple(themes),
                             progress=step, details=fmt in DETAILED, cell_text=compare_cell_text(fmt),
                             jobs=jobs or workers.cores())
    if not result.columns and fmt != "json":
        raise InputError(list(result.input_errors) or [Diagnostic("compare", message="no framework file found")])
    # Rendered before the errors are listed (JSON: the pieces are made as they are written).
    pieces = rendered(api.view(result), fmt, output=output, csv_bom=csv_bom, width=width, color=color)
    if result.input_errors:
        report_errors(InputError(list(result.input_errors)))
    emit(pieces, output)
    raise click.exceptions.Exit(result.exit_code)



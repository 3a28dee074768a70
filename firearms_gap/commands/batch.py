"""`compare` (many jurisdictions side by side) and `diff` (a draft against the law).

Heavy imports (yaml, jsonschema, rich) stay inside the command functions; helpers shared
with `check` (_check_output, _emit, _use_color) come from firearms_gap.cli,
imported when a command runs (cli.py imports this module only when one of its commands is named).
"""
from __future__ import annotations

import contextlib
import os
import sys

import click

COMPARE_EXIT_HELP = """\b
Exit codes:
  0  every file evaluated; no jurisdiction has a gap or partial result at --fail-on
  1  every file evaluated; some jurisdiction has a gap or partial result at --fail-on
  2  usage or input error; with several files: at least one could not be evaluated
     (its errors are on standard error and in JSON input_errors; the others are reported)
  3  internal error (a bug: please report it)
"""

DIFF_EXIT_HELP = """\b
Exit codes:
  0  no regression: NEW has no new gap or partial result at --fail-on
  1  regression: a requirement at --fail-on is a gap or partial in NEW with an element
     not met that OLD did not find unmet
  2  usage or input error (bad option, unreadable or invalid file)
  3  internal error (a bug: please report it)
"""

FAIL_ON_HELP = ("Which legal force counts: mandatory (mandatory and conditional obligations; default), qualified, "
                "definitional, optional, recommended, any, none.")


def _common_options(formats: tuple[str, ...]):
    options = [
        click.option("-f", "--format", "fmt", type=click.Choice(formats), default="table", show_default=True,
                     help="Output format" + (" (xlsx needs -o FILE)." if "xlsx" in formats else ".")),
        click.option("-o", "--output", metavar="PATH", help="Write to PATH (atomically) instead of standard output."),
        click.option("--csv-bom", is_flag=True, help="Start CSV output with a UTF-8 byte order mark (for Excel)."),
        click.option("--ruleset", "rulesets", multiple=True, metavar="NAME|PATH",
                     help="Ruleset to check against (repeatable): a bundled name or a ruleset file. "
                          "Default: all bundled."),
        click.option("--force", "forces", multiple=True, metavar="FORCE",
                     help="Only requirements of this legal force (repeatable)."),
        click.option("--theme", "themes", multiple=True, metavar="THEME",
                     help="Only requirements of this theme (repeatable)."),
        click.option("--fail-on", default="mandatory", show_default=True, metavar="LEVEL", help=FAIL_ON_HELP),
        click.option("--color/--no-color", default=None,
                     help="Force or disable colour (default: colour on a terminal unless NO_COLOR is set)."),
        click.option("--width", type=click.IntRange(40, 400), default=None,
                     help="Table width in columns (default: terminal width, 120 when piped)."),
    ]

    def decorate(func):
        for option in reversed(options):
            func = option(func)
        return func
    return decorate


def _width(width: int | None, output: str | None) -> int:
    if width is not None:
        return width
    return os.get_terminal_size().columns if sys.stdout.isatty() and not output else 120


@contextlib.contextmanager
def _progress(quiet: bool):
    """A progress bar on standard error, only when it is a terminal; transient, so it leaves nothing."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    console = Console(stderr=True)
    bar = Progress(TextColumn("Checking"), BarColumn(), MofNCompleteColumn(), console=console, transient=True,
                   disable=quiet or not console.is_terminal)
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


@click.command(epilog=COMPARE_EXIT_HELP)
@click.argument("inputs", nargs=-1, required=True, metavar="FILES_OR_DIRS...")
@_common_options(("table", "markdown", "csv", "json", "html", "xlsx"))
@click.option("-q", "--quiet", is_flag=True, help="No progress bar on standard error.")
def compare(inputs, fmt, output, csv_bom, rulesets, forces, themes, fail_on, color, width, quiet):
    """Compare jurisdictions: check every framework file against the same rulesets.

    FILES_OR_DIRS are framework files, directories (their *.yaml and *.yml files) or quoted
    glob patterns ('laws/**/*.yaml'). Prints a requirements x jurisdictions matrix, the number
    of jurisdictions with each status per requirement, and a summary per jurisdiction.
    A file that cannot be evaluated is reported on standard error; the others are still compared.
    """
    from firearms_gap import api, batch
    from firearms_gap.cli import _check_output, _emit, _use_color
    from firearms_gap.diagnostics import Diagnostic, InputError
    from firearms_gap.render import batch_out

    ctx = click.get_current_context()
    ctx.meta["format"] = fmt
    _check_output(fmt, output, csv_bom)
    book = api.load_rules(list(rulesets) or None, fail_on=fail_on, forces=tuple(forces), themes=tuple(themes))
    with _progress(quiet) as step, _few_collections():
        # Only json and xlsx show each cell's national provisions and notes; the other formats need
        # the statuses alone, which keeps a comparison of thousands of files small.
        result = batch.compare(list(inputs), book, fail_on=fail_on, forces=tuple(forces), themes=tuple(themes),
                               progress=step, details=fmt in ("json", "xlsx"))
    if not result.columns and fmt != "json":
        raise InputError(list(result.input_errors) or [Diagnostic("compare", message="no framework file found")])
    if fmt == "json":            # written as it is made: a large comparison's document is never whole
        pieces = batch_out.render_pieces(result, fmt)
    else:
        text = batch_out.render(result, fmt, width=_width(width, output), color=_use_color(color, output))
        if csv_bom:
            from firearms_gap.render.csv_out import BOM
            text = BOM + text
    if result.input_errors:
        click.echo(InputError(list(result.input_errors)).render(), err=True)
    if fmt == "json":
        _emit_pieces(pieces, output)
    else:
        _emit(text, output)
    sys.exit(result.exit_code)


def _emit_pieces(pieces, output: str | None) -> None:
    """Write text given in pieces (a large JSON document is never held whole): to standard output
    as they come, or to a file all or nothing (output.emit_pieces)."""
    from firearms_gap.output import emit_pieces
    emit_pieces(pieces, output)


@click.command(epilog=DIFF_EXIT_HELP)
@click.argument("old", metavar="OLD.yaml")
@click.argument("new", metavar="NEW.yaml")
@_common_options(("table", "markdown", "csv", "json", "html"))
def diff(old, new, fmt, output, csv_bom, rulesets, forces, themes, fail_on, color, width):
    """What changes from OLD to NEW (e.g. the law in force and a draft amendment).

    Lists the requirements whose status changes, the gaps NEW closes and opens, and the national
    citations that change. Either file may be - (standard input), not both.
    """
    from firearms_gap import api
    from firearms_gap.cli import _check_output, _emit, _use_color
    from firearms_gap.loader import read_input
    from firearms_gap.diagnostics import InputError
    from firearms_gap.diff import diff_files
    from firearms_gap.render import diff_out

    ctx = click.get_current_context()
    ctx.meta["format"] = fmt
    _check_output(fmt, output, csv_bom)
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
    result = diff_files(inputs[0], inputs[1], book, fail_on=fail_on, forces=tuple(forces), themes=tuple(themes))
    text = diff_out.render(result, fmt, width=_width(width, output), color=_use_color(color, output))
    if csv_bom:
        from firearms_gap.render.csv_out import BOM
        text = BOM + text
    _emit(text, output)
    sys.exit(result.exit_code)


COMMANDS = [compare, diff]

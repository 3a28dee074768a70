"""`firearms-gap validate FILE...`: check framework files without evaluating them."""
from __future__ import annotations

import click

from firearms_gap.commands.help_option import Command
from firearms_gap.exitcodes import ExitCode, help_table

EXIT_CODES = {
    ExitCode.OK: "every file is valid",
    ExitCode.INPUT_ERROR: ["at least one file is invalid or unreadable (every file is still reported),",
                           "or a bad option"],
    ExitCode.INTERNAL_ERROR: "internal error (a bug: please report it)",
}


@click.command("validate", cls=Command, epilog=help_table(EXIT_CODES))
@click.argument("files", nargs=-1, required=True, metavar="FILES_OR_DIRS...")
@click.option("--ruleset", "rulesets", multiple=True, metavar="NAME|PATH",
              help="Ruleset (repeatable): a bundled name or a ruleset file. Default: all bundled.")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: one line per valid file on standard output; json: one document for every file "
                   "(problems are also listed on standard error either way).")
def COMMAND(files, rulesets, fmt):
    """Check framework files (- for standard input) without evaluating them.

    FILES_OR_DIRS are framework files, directories (their *.yaml and *.yml files) or quoted
    glob patterns ('laws/**/*.yaml'), as for compare.

    Every problem in every file is reported as FILE:LINE:COL: PATH: MESSAGE on standard
    error; each valid file gets one line on standard output. Give --ruleset for a custom
    ruleset whose questions the files answer.
    """
    from firearms_gap import api
    from firearms_gap.commands.output import report_errors
    from firearms_gap.diagnostics import InputError, sort_key
    from firearms_gap.loader import read_input

    click.get_current_context().meta["format"] = fmt   # a bad --ruleset is then reported as JSON too
    book = api.load_rules(list(rulesets) or None)
    checked = []                                  # (name, answered or None if invalid, diagnostics)
    for path, problem in _expanded(files):
        if problem is not None:                   # a directory or pattern that names no file
            report_errors(InputError([problem]))
            checked.append((problem.file, None, [problem]))
            continue
        name = "<stdin>" if path == "-" else path
        try:
            raw, name = read_input(path)
            framework = api.validate(raw, name, book)
        except InputError as e:
            report_errors(e)       # per file, so a file with many errors cannot hide the next file's
            checked.append((name, None, sorted(e.diagnostics, key=sort_key)))   # as listed on stderr
            continue
        checked.append((name, len(framework.answers), []))
        if fmt == "text":
            click.echo(f"{name}: valid; {len(framework.answers)} of {len(book.facts)} questions answered")
    if fmt == "json":
        from firearms_gap import __version__
        from firearms_gap.commands.output import emit
        from firearms_gap.render.formats.json import validation_text
        from firearms_gap.result import RulesetInfo
        emit(validation_text(book, checked, __version__, map(RulesetInfo.of, book.rulesets)), None)
    if any(answered is None for _, answered, _ in checked):
        raise click.exceptions.Exit(ExitCode.INPUT_ERROR)


def _expanded(args):
    """(path, None) for each file the arguments name, in the order given (directories and glob
    patterns expanded as compare expands them); (arg, Diagnostic) for one that names none."""
    import os

    from firearms_gap.batch import expand

    seen = set()          # a file named twice (by a directory and a pattern) is validated once
    for arg in args:
        if arg == "-":
            yield arg, None
            continue
        paths, problems = expand([arg])
        for p in paths:
            if os.path.realpath(p) not in seen:
                seen.add(os.path.realpath(p))
                yield p, None
        yield from ((d.file, d) for d in problems)

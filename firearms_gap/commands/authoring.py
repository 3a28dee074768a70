"""Authoring: `init` (a commented template), `validate` (check files without evaluating them)
and `rules lint` (check a custom ruleset).

Heavy imports stay inside the command functions; helpers shared with `check` come from
firearms_gap.cli, imported when a command runs (cli.py imports this module only when one of
its commands is named).
"""
from __future__ import annotations

import click

VALIDATE_EXIT_HELP = """\b
Exit codes:
  0  every file is valid
  2  at least one file is invalid or unreadable (every file is still reported),
     or a bad option
  3  internal error (a bug: please report it)
"""

LINT_EXIT_HELP = """\b
Exit codes:
  0  the ruleset is valid and every element can be both met and not met
  2  problems found (each as FILE:LINE:COL: PATH: MESSAGE), or a bad option
  3  internal error (a bug: please report it)
"""

_RULESET = click.option("--ruleset", "rulesets", multiple=True, metavar="NAME|PATH",
                        help="Ruleset (repeatable): a bundled name or a ruleset file. Default: all bundled.")


def _report(error) -> None:
    click.echo(error.render(), err=True)


@click.command()
@click.option("--jurisdiction", metavar="NAME", help="The jurisdiction's name (default: a placeholder to replace).")
@click.option("--code", metavar="XX", help='ISO 3166-1 alpha-2 code, e.g. NO (ISO 3166-2 for a subdivision, '
              'e.g. AU-NSW; XA-XZ for a fictional jurisdiction). Default: a placeholder.')
@_RULESET
@click.option("-o", "--output", metavar="PATH", help="Write the template to PATH instead of standard output.")
@click.option("--overwrite", is_flag=True, help="Replace PATH if it already exists (it is never replaced otherwise).")
@click.option("-f", "--format", "fmt", type=click.Choice(["yaml", "xlsx"]), default="yaml", show_default=True,
              help="yaml: a commented framework file; xlsx: an Excel questionnaire to send out (needs -o FILE.xlsx).")
@click.option("--from", "from_file", metavar="FILE", help="Pre-fill the questionnaire with what FILE (a framework "
              "file) already answers (with --format xlsx).")
def init(jurisdiction, code, rulesets, output, overwrite, fmt, from_file):
    """Write a framework-file template: every question the rulesets ask, commented out.

    \b
    The template is valid as written (everything is reported "not assessed").
    Describe the law by uncommenting a question and writing its answer.
    Editor help:  firearms-gap schema -o framework.schema.json  (beside the file).
    """
    import os

    from firearms_gap.cli import _emit
    from firearms_gap.diagnostics import InputError
    from firearms_gap.rulesets import load_book
    from firearms_gap.template import render_template

    if output and output != "-" and os.path.lexists(output) and not overwrite:
        raise InputError.single(output, "already exists and was left untouched (use --overwrite to replace it)")
    if fmt == "xlsx" or from_file:
        from firearms_gap.commands.questionnaire import init_questionnaire
        return init_questionnaire(fmt=fmt, from_file=from_file, jurisdiction=jurisdiction, code=code,
                                  rulesets=tuple(rulesets), output=output)
    book = load_book(list(rulesets) or None)
    text = render_template(book, jurisdiction=jurisdiction, code=code, rulesets=tuple(rulesets),
                           filename=os.path.basename(output) if output and output != "-" else "law.yaml")
    _emit(text, output)
    if output and output != "-":
        from firearms_gap.template import SCHEMA_FILE, schema_command, template_facts
        schema_path = os.path.join(os.path.dirname(output), SCHEMA_FILE)
        click.echo(f"{output}: template with {len(template_facts(book))} questions, all unanswered. "
                   f"For editor help: {schema_command(tuple(rulesets), schema_path)}", err=True)


@click.command(epilog=VALIDATE_EXIT_HELP)
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@_RULESET
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: one line per valid file on standard output; json: one document for every file "
                   "(problems are also listed on standard error either way).")
def validate(files, rulesets, fmt):
    """Check framework files (- for standard input) without evaluating them.

    Every problem in every file is reported as FILE:LINE:COL: PATH: MESSAGE on standard
    error; each valid file gets one line on standard output. Give --ruleset for a custom
    ruleset whose questions the files answer.
    """
    from firearms_gap.diagnostics import InputError, sort_key
    from firearms_gap.framework import parse_framework
    from firearms_gap.loader import read_input
    from firearms_gap.rulesets import load_book

    click.get_current_context().meta["format"] = fmt   # a bad --ruleset is then reported as JSON too
    book = load_book(list(rulesets) or None)
    checked = []                                  # (name, answered or None if invalid, diagnostics)
    for path in files:
        name = "<stdin>" if path == "-" else path
        try:
            raw, name = read_input(path)
            framework = parse_framework(raw, name, book)
        except InputError as e:
            _report(e)             # per file, so a file with many errors cannot hide the next file's
            checked.append((name, None, sorted(e.diagnostics, key=sort_key)))   # as listed on stderr
            continue
        checked.append((name, len(framework.answers), []))
        if fmt == "text":
            click.echo(f"{name}: valid; {len(framework.answers)} of {len(book.facts)} questions answered")
    if fmt == "json":
        from firearms_gap.cli import _emit
        from firearms_gap.render.json_out import validation_text
        _emit(validation_text(book, checked), None)
    if any(answered is None for _, answered, _ in checked):
        click.get_current_context().exit(2)


@click.command(epilog=LINT_EXIT_HELP)
@click.argument("file", metavar="FILE")
def lint(file):
    """Check a custom ruleset FILE (- for standard input) before using it with --ruleset.

    \b
    Checks: the ruleset schema; unique requirement and element ids; facts that
    exist and are declared once; conditions whose operator and values suit the
    fact (an `includes` value that is not an option, `at_least` on a yes/no fact);
    elements that some answer can meet and some answer can fail; citations that
    name an article or item; cross-references to loaded requirements.
    """
    from firearms_gap.diagnostics import InputError
    from firearms_gap.lint import lint_ruleset
    from firearms_gap.loader import read_input

    raw, name = read_input(file, "ruleset file")
    result = lint_ruleset(raw, name)
    if not result.ok:
        _report(InputError(result.problems))
        click.get_current_context().exit(2)
    rs = result.ruleset
    click.echo(f"{name}: ruleset {rs.id} {rs.version} is valid: {len(rs.requirements)} requirements, "
               f"{len(rs.facts)} facts ({result.new_facts} new)")


COMMANDS = [init, validate]
RULES_SUBCOMMANDS = [lint]

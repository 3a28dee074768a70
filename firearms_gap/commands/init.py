"""`firearms-gap init`: a commented framework-file template."""
from __future__ import annotations

import click

from firearms_gap.commands.help_option import Command


@click.command("init", cls=Command)
@click.option("--jurisdiction", metavar="NAME", help="The jurisdiction's name (default: a placeholder to replace).")
@click.option("--code", metavar="XX", help='ISO 3166-1 alpha-2 code, e.g. NO (ISO 3166-2 for a subdivision, '
              'e.g. AU-NSW; XA-XZ for a fictional jurisdiction). Default: a placeholder.')
@click.option("--ruleset", "rulesets", multiple=True, metavar="NAME|PATH",
              help="Ruleset (repeatable): a bundled name or a ruleset file. Default: all bundled.")
@click.option("-o", "--output", metavar="PATH", help="Write the template to PATH instead of standard output.")
@click.option("--overwrite", is_flag=True, help="Replace PATH if it already exists (it is never replaced otherwise).")
@click.option("-f", "--format", "fmt", type=click.Choice(["yaml", "xlsx"]), default="yaml", show_default=True,
              help="yaml: a commented framework file; xlsx: an Excel questionnaire to send out (needs -o FILE.xlsx).")
@click.option("--from", "from_file", metavar="FILE", help="Pre-fill the questionnaire with what FILE (a framework "
              "file) already answers (with --format xlsx).")
@click.option("--only-missing", metavar="FILE", default=None,
              help="Only the questions the framework file FILE leaves unanswered (its name and code are kept).")
def COMMAND(jurisdiction, code, rulesets, output, overwrite, fmt, from_file, only_missing):
    """Write a framework-file template: every question the rulesets ask, commented out.

    \b
    The template is valid as written (everything is reported "not assessed").
    Describe the law by uncommenting a question and writing its answer.
    Editor help:  firearms-gap schema -o framework.schema.json  (beside the file).
    """
    import os

    from firearms_gap.commands.output import emit, to_file
    from firearms_gap.diagnostics import InputError
    from firearms_gap.rulesets import load_book
    from firearms_gap.template import render_template

    if to_file(output) and os.path.lexists(output) and not overwrite:
        raise InputError.single(output, "already exists and was left untouched (use --overwrite to replace it)")
    if only_missing is not None and (fmt == "xlsx" or from_file):
        raise click.UsageError("--only-missing writes the YAML template; a questionnaire takes --from FILE")
    if fmt == "xlsx" or from_file:
        from firearms_gap.commands.questionnaire import init_questionnaire
        return init_questionnaire(fmt=fmt, from_file=from_file, jurisdiction=jurisdiction, code=code,
                                  rulesets=tuple(rulesets), output=output)
    book = load_book(list(rulesets) or None)
    answered = frozenset()
    if only_missing is not None:
        # The file must be valid for its answers to be known: its problems are reported as `check` would.
        from firearms_gap import api
        from firearms_gap.loader import read_input

        raw, name = read_input(only_missing)
        framework = api.validate(raw, name, book)
        answered = frozenset(framework.answers)
        jurisdiction = jurisdiction or framework.jurisdiction.get("name")
        code = code or framework.jurisdiction.get("code")
    text = render_template(book, jurisdiction=jurisdiction, code=code, rulesets=tuple(rulesets),
                           filename=os.path.basename(output) if to_file(output) else "law.yaml",
                           answered=answered, answered_in=only_missing)
    emit(text, output)
    if to_file(output):
        from firearms_gap.template import SCHEMA_FILE, schema_command, template_facts
        schema_path = os.path.join(os.path.dirname(output), SCHEMA_FILE)
        asked = len([f for f in template_facts(book) if f.id not in answered])
        click.echo(f"{output}: template with {asked} questions, all unanswered. "
                   f"For editor help: {schema_command(tuple(rulesets), schema_path)}", err=True)

"""`firearms-gap init`: a commented framework-file template."""
from __future__ import annotations

import click


@click.command("init")
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
def COMMAND(jurisdiction, code, rulesets, output, overwrite, fmt, from_file):
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
    if fmt == "xlsx" or from_file:
        from firearms_gap.commands.questionnaire import init_questionnaire
        return init_questionnaire(fmt=fmt, from_file=from_file, jurisdiction=jurisdiction, code=code,
                                  rulesets=tuple(rulesets), output=output)
    book = load_book(list(rulesets) or None)
    text = render_template(book, jurisdiction=jurisdiction, code=code, rulesets=tuple(rulesets),
                           filename=os.path.basename(output) if to_file(output) else "law.yaml")
    emit(text, output)
    if to_file(output):
        from firearms_gap.template import SCHEMA_FILE, schema_command, template_facts
        schema_path = os.path.join(os.path.dirname(output), SCHEMA_FILE)
        click.echo(f"{output}: template with {len(template_facts(book))} questions, all unanswered. "
                   f"For editor help: {schema_command(tuple(rulesets), schema_path)}", err=True)

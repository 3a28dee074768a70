"""The Excel questionnaire on the command line: `import` (a filled questionnaire -> framework
YAML), and what `init --format xlsx` / `init --from FILE` run. The work is done by
firearms_gap.questionnaire; this module only reads options and files and writes the result.
"""
from __future__ import annotations

import click

from firearms_gap.commands.help_option import Command
from firearms_gap.exitcodes import MEANINGS, ExitCode, help_table

IMPORT_EXIT_HELP = help_table({
    ExitCode.OK: "written",
    ExitCode.INPUT_ERROR: "the questionnaire has problems (each as FILE:SHEET!CELL: PATH: MESSAGE), or a bad option",
    ExitCode.INTERNAL_ERROR: MEANINGS[ExitCode.INTERNAL_ERROR],
})


def _refuse_existing(output: str | None, overwrite: bool) -> None:
    import os

    from firearms_gap.diagnostics import InputError

    if output and output != "-" and os.path.lexists(output) and not overwrite:
        raise InputError.single(output, "already exists and was left untouched (use --overwrite to replace it)")


def _read_framework(path: str, book):
    from firearms_gap.framework import parse_framework
    from firearms_gap.loader import read_input

    raw, name = read_input(path)
    return parse_framework(raw, name, book), name


@click.command("import", cls=Command, epilog=IMPORT_EXIT_HELP)
@click.argument("file", metavar="QUESTIONNAIRE.xlsx")
@click.option("-o", "--output", metavar="PATH", help="Write the framework file to PATH instead of standard output.")
@click.option("--ruleset", "rulesets", multiple=True, metavar="NAME|PATH",
              help="Ruleset (repeatable) whose questions the questionnaire answers. Default: all bundled.")
@click.option("--overwrite", is_flag=True, help="Replace PATH if it already exists (it is never replaced otherwise).")
def COMMAND(file, output, rulesets, overwrite):
    """Turn a filled questionnaire (or - for standard input) into a framework file (YAML).

    \b
    The YAML holds the same answers, provisions, notes and sources, with the
    explanations of `firearms-gap init`; `check` gives the same result from either.
    Nothing is written if the questionnaire has any problem.
    """
    import os

    from firearms_gap.commands.output import emit
    from firearms_gap.questionnaire.to_yaml import render_yaml
    from firearms_gap.rulesets import load_book

    _refuse_existing(output, overwrite)
    book = load_book(list(rulesets) or None)
    framework, name = _read_framework(file, book)
    text = render_yaml(book, framework, rulesets=tuple(rulesets), made_from=os.path.basename(name),
                       filename=os.path.basename(output) if output and output != "-" else "law.yaml")
    emit(text, output)
    if output and output != "-":
        click.echo(f"{output}: {len(framework.answers)} of {len(book.facts)} questions answered", err=True)


def init_questionnaire(*, fmt: str, from_file: str | None, jurisdiction: str | None, code: str | None,
                       rulesets: tuple[str, ...], output: str | None) -> None:
    """`init --format xlsx [--from FILE]`: a questionnaire workbook, pre-filled from FILE if given."""
    import os

    from firearms_gap.commands.output import emit
    from firearms_gap.framework import Framework
    from firearms_gap.rulesets import load_book
    from firearms_gap.template import check_options, template_facts

    if fmt != "xlsx":
        raise click.UsageError("--from goes with --format xlsx (a pre-filled questionnaire); to turn a "
                               "questionnaire into YAML, use: firearms-gap import QUESTIONNAIRE.xlsx -o law.yaml")
    if not output or output == "-":
        raise click.UsageError("--format xlsx writes a binary workbook: give -o FILE.xlsx")
    book = load_book(list(rulesets) or None)
    check_options(book, jurisdiction, code)
    if from_file:
        framework, _ = _read_framework(from_file, book)
    else:
        framework = Framework(name="", jurisdiction={}, described_as_of=None, party_to=(), sources={})
    if jurisdiction:
        framework.jurisdiction = {**framework.jurisdiction, "name": jurisdiction}
    if code:
        framework.jurisdiction = {**framework.jurisdiction, "code": code}
    from firearms_gap.render.questionnaire import write_questionnaire
    emit(write_questionnaire(book, framework, rulesets=tuple(rulesets)), output)
    click.echo(f"{output}: questionnaire with {len(template_facts(book))} questions, "
               f"{len(framework.answers)} answered. Send it; read it back with: firearms-gap check "
               f"{os.path.basename(output)}", err=True)


"""`firearms-gap schema`: the JSON Schema of the framework file, for editors and validators, or
(--output-of KIND) of a JSON document firearms-gap writes."""
from __future__ import annotations

import click

from firearms_gap.commands import options
from firearms_gap.commands.help_option import Command

# The `kind` of every JSON document firearms-gap writes (render/formats/json.py KINDS, not imported
# here: `--help` loads no renderer).
OUTPUT_KINDS = ("check", "compare", "diff", "validation", "rules", "coverage", "needs", "history")


@click.command("schema", cls=Command)
@options.output
@click.option("--ruleset", "rulesets", multiple=True, metavar="PATH",
              help="Also allow the questions of this custom ruleset (repeatable); the bundled ones are always in.")
@click.option("--output-of", "kind", type=click.Choice(OUTPUT_KINDS), default=None,
              help="Instead, the schema of the JSON document of this kind (its `kind` key): check, compare, diff, "
                   "validation (validate), rules (rules list/show), coverage (rules coverage), needs, history.")
def COMMAND(output, rulesets, kind):
    """Print the JSON Schema of the framework file (for editors and validators).

    For VS Code: `firearms-gap schema -o framework.schema.json` beside your framework files,
    which `firearms-gap init` templates point at in their first line.

    With --output-of KIND: the schema of what `--format json` writes, e.g.
    `firearms-gap schema --output-of compare`.
    """
    from firearms_gap.commands.output import emit
    from firearms_gap.render import json_text

    if kind is not None:
        if rulesets:
            raise click.UsageError("--ruleset applies to the framework file's schema, not to --output-of")
        from firearms_gap.render.formats.json import SCHEMA_FILES
        from firearms_gap.validation import bundled_schema
        emit(json_text.dumps(bundled_schema(SCHEMA_FILES[kind])) + "\n", output)
        return
    from firearms_gap.framework import derive_schema
    from firearms_gap.rulesets import load_book

    emit(json_text.dumps(derive_schema(load_book(list(rulesets) or None))) + "\n", output)

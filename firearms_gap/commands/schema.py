"""`firearms-gap schema`: the JSON Schema of the framework file, for editors and validators."""
from __future__ import annotations

import click

from firearms_gap.commands import options


@click.command("schema")
@options.output
@click.option("--ruleset", "rulesets", multiple=True, metavar="PATH",
              help="Also allow the questions of this custom ruleset (repeatable); the bundled ones are always in.")
def COMMAND(output, rulesets):
    """Print the JSON Schema of the framework file (for editors and validators).

    For VS Code: `firearms-gap schema -o framework.schema.json` beside your framework files,
    which `firearms-gap init` templates point at in their first line.
    """
    from firearms_gap.commands.output import emit
    from firearms_gap.framework import derive_schema
    from firearms_gap.render import json_text
    from firearms_gap.rulesets import load_book

    emit(json_text.dumps(derive_schema(load_book(list(rulesets) or None))) + "\n", output)

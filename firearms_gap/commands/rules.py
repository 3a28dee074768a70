"""`firearms-gap rules list | show | coverage` (and `rules lint`, commands/lint.py): what the rulesets contain."""
from __future__ import annotations

import click

from firearms_gap.commands import options
from firearms_gap.commands.help_option import Group
from firearms_gap.commands.output import emit as _emit

_FORMAT = click.option("-f", "--format", "fmt", type=click.Choice(["table", "markdown", "json"]), default="table",
                       show_default=True, help="Output format.")
_RULESET = click.option("--ruleset", "rulesets", multiple=True, metavar="NAME|PATH",
                        help="Ruleset(s) to read (repeatable). Default: all bundled.")


@click.group(cls=Group)
def rules():
    """What the rulesets contain: list, show one requirement, coverage of the sources."""


@rules.command("list")
@_RULESET
@click.option("--force", "forces", multiple=True, metavar="FORCE", help="Only this legal force (repeatable).")
@click.option("--theme", "themes", multiple=True, metavar="THEME", help="Only this theme (repeatable).")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(["legislative", "regulatory", "institutional"]),
              help="Only this kind of measure (repeatable).")
@_FORMAT
@options.output
def list_(rulesets, forces, themes, kinds, fmt, output):
    """List requirements, filtered by ruleset, legal force, theme or kind."""
    from firearms_gap import catalogue
    from firearms_gap.render import rules_out
    from firearms_gap.rulesets import load_book

    book = load_book(list(rulesets) or None)
    _emit(rules_out.listing(catalogue.select(book, forces=forces, themes=themes, kinds=kinds), fmt), output)


@rules.command()
@click.argument("requirement_id", metavar="ID")
@_RULESET
@_FORMAT
@options.output
def show(requirement_id, rulesets, fmt, output):
    """Show one requirement in full: the source's own words, elements, citations, related requirements."""
    from firearms_gap import catalogue
    from firearms_gap.diagnostics import InputError
    from firearms_gap.render import rules_out
    from firearms_gap.rulesets import load_book

    book = load_book(list(rulesets) or None)
    req = book.requirement(requirement_id)
    if req is None:
        import difflib
        close = difflib.get_close_matches(requirement_id, [r.id for r in book.requirements], n=3)
        raise InputError.single(requirement_id, "no such requirement" +
                                (f"; did you mean {', '.join(close)}?" if close else ""))
    _emit(rules_out.detail(catalogue.requirement_data(book, req), fmt), output)


@rules.command()
@_RULESET
@_FORMAT
@options.output
def coverage(rulesets, fmt, output):
    """Every numbered item of every source document: the requirements that encode it, or why it is excluded."""
    from firearms_gap import catalogue
    from firearms_gap.render import rules_out
    from firearms_gap.rulesets import load_book

    book = load_book(list(rulesets) or None)
    _emit(rules_out.coverage(catalogue.coverage(book), fmt), output)


def _attach_subcommands() -> None:
    """`rules` sub-commands defined in modules of their own (commands.RULES_SUBCOMMANDS)."""
    from firearms_gap.commands import RULES_SUBCOMMANDS, load

    for name in RULES_SUBCOMMANDS:
        rules.add_command(load(name, RULES_SUBCOMMANDS))


_attach_subcommands()
COMMAND = rules

"""Options shared by several commands, each declared once (name, type, default and help)."""
from __future__ import annotations

import click

from firearms_gap.render.formats import FORMATS

FAIL_ON_HELP = ("Which legal force makes a shortfall exit 1 (diff: a regression): mandatory (mandatory and "
                "conditional obligations; default), qualified, definitional, optional, recommended, any, none.")


def fmt(formats=tuple(FORMATS)):
    binary = [f for f in formats if FORMATS[f].binary]
    return click.option("-f", "--format", "fmt", type=click.Choice(list(formats)), default="table",
                        show_default=True, help="Output format" + (
                            f" ({', '.join(binary)} needs -o FILE)." if binary else "."))


output = click.option("-o", "--output", metavar="PATH", help="Write to PATH (atomically) instead of standard output.")
csv_bom = click.option("--csv-bom", is_flag=True, help="Start CSV output with a UTF-8 byte order mark (for Excel).")
rulesets = click.option("--ruleset", "rulesets", multiple=True, metavar="NAME|PATH",
                        help="Ruleset to check against (repeatable): a bundled name or a ruleset file. "
                             "Default: all bundled.")
forces = click.option("--force", "forces", multiple=True, metavar="FORCE",
                      help="Only requirements of this legal force (repeatable).")
themes = click.option("--theme", "themes", multiple=True, metavar="THEME",
                      help="Only requirements of this theme (repeatable).")
fail_on = click.option("--fail-on", default="mandatory", show_default=True, metavar="LEVEL", help=FAIL_ON_HELP)
color = click.option("--color/--no-color", default=None,
                     help="Force or disable colour (default: colour on a terminal unless NO_COLOR is set).")
width = click.option("--width", type=click.IntRange(40, 400), default=None,
                     help="Table width in columns (default: terminal width, 120 when piped).")


def report(formats=tuple(FORMATS)):
    """Every option of a report command (check, compare, diff), in the order --help lists them."""
    chosen = [fmt(formats), output, csv_bom, rulesets, forces, themes, fail_on, color, width]

    def decorate(func):
        for option in reversed(chosen):
            func = option(func)
        return func
    return decorate


def as_of_date(text: str | None) -> str | None:
    """--as-of, checked to be a calendar date (YYYY-MM-DD)."""
    from firearms_gap.in_force import valid_date

    if text is not None and not valid_date(text):
        raise click.BadParameter(f"'{text}' is not a date: write it as YYYY-MM-DD", param_hint="--as-of")
    return text

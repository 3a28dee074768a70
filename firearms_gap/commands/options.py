"""Options shared by several commands, each declared once (name, type, default and help)."""
from __future__ import annotations

import click

from firearms_gap.render.formats import FORMATS

FAIL_ON_HELP = ("Which legal force makes a shortfall exit 1 (diff: a regression): mandatory (mandatory and "
                "conditional obligations; default), qualified, definitional, optional, recommended, any, none.")


# The format a file's extension names, for -o FILE without --format (only formats in the registry:
# .docx works once the Word format is registered).
EXTENSIONS = {".md": "markdown", ".markdown": "markdown", ".csv": "csv", ".json": "json", ".html": "html",
              ".htm": "html", ".xlsx": "xlsx", ".docx": "docx"}


def fmt(formats=tuple(FORMATS), default="table"):
    binary = [f for f in formats if FORMATS[f].binary]
    return click.option("-f", "--format", "fmt", type=click.Choice(list(formats)), default=None,
                        help=f"Output format (default: {default}, or the one -o FILE's extension names: "
                             ".md, .csv, .json, .html, .xlsx, .docx)" + (
                            f"; {', '.join(binary)} needs -o FILE." if binary else "."))


def output_format(given: str | None, output: str | None, formats, default: str) -> str:
    """--format, or the format -o FILE's extension names, or the command's default. A --format
    that contradicts the extension is refused: it would write, say, JSON into report.html."""
    import os

    from firearms_gap.render.formats import REFUSED

    ext = os.path.splitext(output or "")[1].lower() if output and output != "-" else ""
    named = EXTENSIONS.get(ext)
    if named and named not in FORMATS:
        raise click.UsageError(f"-o {output}: this version has no {named} format (--format: {', '.join(formats)})")
    if named and given and given != named:
        raise click.UsageError(f"--format {given} does not match -o {output} (a {named} file): "
                               f"change the extension, or leave out --format")
    if named and not given and named not in formats:
        report = click.get_current_context().info_name
        reason = REFUSED.get((named, report), f"{report} does not write {named}")
        raise click.UsageError(f"-o {output}: {reason} (--format: {', '.join(formats)})")
    return given or named or default


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
                     help="Width in columns (default: the terminal's; when piped, the findings list "
                          "follows COLUMNS or 80, the table 120).")


def report(formats=tuple(FORMATS), default="table"):
    """Every option of a report command (check, compare, diff), in the order --help lists them;
    the command receives `fmt` resolved (output_format)."""
    import functools

    chosen = [fmt(formats, default), output, csv_bom, rulesets, forces, themes, fail_on, color, width]

    def decorate(func):
        @functools.wraps(func)
        def resolved(*args, **kwargs):
            kwargs["fmt"] = output_format(kwargs.get("fmt"), kwargs.get("output"), formats, default)
            return func(*args, **kwargs)

        for option in reversed(chosen):
            resolved = option(resolved)
        return resolved
    return decorate


# The statuses of the findings list (check's default output).
def _status_list(ctx, param, values):
    from firearms_gap.model import STATUSES

    chosen = []
    for value in values:
        for word in (w.strip() for w in value.split(",")):
            if word and word not in STATUSES:
                import difflib
                close = difflib.get_close_matches(word, STATUSES, n=1, cutoff=0.6)
                raise click.BadParameter(f"unknown status '{word}'" + (f"; did you mean '{close[0]}'?" if close else "")
                                         + " (statuses: " + ", ".join(STATUSES) + ")")
            if word and word not in chosen:
                chosen.append(word)
    return tuple(chosen)


statuses = click.option("--status", "statuses", multiple=True, callback=_status_list, metavar="STATUS[,STATUS...]",
                        help="Findings list: only requirements of these statuses (repeatable or comma-separated; "
                             "default: the shortfalls - gap, partial, not adopted, met (uncited)).")
show = click.option("--show", type=click.Choice(["shortfalls", "all"]), default=None,
                    help="Findings list: 'all' lists every requirement, 'shortfalls' (default) only the shortfalls.")
explain = click.option("--explain", metavar="ID", default=None,
                       help="Show one requirement in full: each element, the answers it read, the provisions "
                            "cited, the source's words.")


def as_of_date(text: str | None) -> str | None:
    """--as-of, checked to be a calendar date (YYYY-MM-DD)."""
    from firearms_gap.in_force import valid_date

    if text is not None and not valid_date(text):
        raise click.BadParameter(f"'{text}' is not a date: write it as YYYY-MM-DD", param_hint="--as-of")
    return text

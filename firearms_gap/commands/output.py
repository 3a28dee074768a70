"""Writing a command's result, the same way for every command: to standard output, or to a file
all or nothing (output.write_atomic_pieces). Nothing half-written, ever."""
from __future__ import annotations

import itertools
import os
import sys

import click


def to_file(output: str | None) -> bool:
    return bool(output) and output != "-"


def check_output(fmt: str, output: str | None, csv_bom: bool = False) -> None:
    """Refuse option combinations that cannot work, before any file is read."""
    from firearms_gap.render.formats import FORMATS

    click.get_current_context().meta["output"] = output      # where a JSON error document goes
    if FORMATS[fmt].binary and not to_file(output):
        raise click.UsageError(f"--format {fmt} writes a binary file: give -o FILE.{fmt}")
    if csv_bom and fmt != "csv":
        raise click.UsageError("--csv-bom applies to --format csv only")


def use_color(color: bool | None, output: str | None) -> bool:
    if to_file(output):
        return False
    if color is not None:
        return color
    if os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


def table_width(value: int | None, output: str | None) -> int:
    if value is not None:
        return value
    return os.get_terminal_size().columns if sys.stdout.isatty() and not output else 120


def rendered(view, fmt: str, *, output: str | None = None, csv_bom: bool = False, width: int | None = None,
             color: bool | None = None):
    """The report in pieces to write (a large comparison's JSON is never held whole)."""
    from firearms_gap.render import formats

    pieces = formats.pieces(view, fmt, width=table_width(width, output), color=use_color(color, output))
    if csv_bom:
        from firearms_gap.render.formats.csv import BOM
        pieces = itertools.chain((BOM,), pieces)
    return pieces


def emit(pieces, output: str | None) -> None:
    """Write text or bytes (whole, or given in pieces): to standard output as they come, or to
    the file all or nothing."""
    from firearms_gap.output import emit_pieces

    emit_pieces((pieces,) if isinstance(pieces, (str, bytes)) else pieces, output)


def report_errors(error) -> None:
    """Diagnostics on standard error, as FILE:LINE:COL: PATH: MESSAGE."""
    click.echo(error.render(), err=True)

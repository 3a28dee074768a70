"""Every output format, one module each, and the one way to render a view in one.

A format module `render/formats/<name>.py` has `render_check(view)`, `render_compare(view)` and
`render_diff(view)` (CheckView, CompareView, DiffView of firearms_gap/views/), each returning the
whole document (str, or bytes for a binary format); it may also offer `pieces_<report>(view)`,
the same text in pieces to write one after the other, and `compare_cell_text(...)`, the text of
one cell of a comparison when it writes each cell alone (batch.compare makes it as each file is
checked: see compare_cell_text below). A format that cannot show a report says why in REFUSED.
No format module imports another.

To add a format: write its module and add one line to FORMATS.

Modules are imported only when used: `--help` never loads a renderer (nor rich or openpyxl).
"""
from __future__ import annotations

import importlib

from firearms_gap.records import Record


class Format(Record):
    name: str
    binary: bool = False              # bytes: written to a file (-o FILE) only
    options: tuple[str, ...] = ()     # the rendering options it takes (width, color, statuses)
    help: str = ""


FORMATS = {f.name: f for f in (
    Format("findings", options=("width", "color", "statuses"), help="the shortfalls, one entry each (check's default)"),
    Format("table", options=("width", "color"), help="a table for the terminal"),
    Format("markdown", help="Markdown tables"),
    Format("csv", help="comma-separated values, safe to open in a spreadsheet"),
    Format("json", help="the documented JSON contract for scripts"),
    Format("html", help="one self-contained page to hand over or print"),
    Format("xlsx", binary=True, help="an Excel workbook (needs -o FILE)"),
    Format("docx", binary=True, help="a Word gap report of one check, to edit (needs -o FILE)"),
)}
REPORTS = ("check", "compare", "diff")
# (format, report) pairs a format does not render, and why.
REFUSED = {("xlsx", "diff"): "a diff has no workbook: use --format html, markdown, csv or json",
           ("docx", "compare"): "the Word report is one jurisdiction's gap report: check each file with "
                                "--format docx, or compare with --format xlsx, html, markdown, csv or json",
           ("docx", "diff"): "a diff has no Word report: use --format html, markdown, csv or json",
           ("findings", "compare"): "the findings list is one jurisdiction's: use --format table",
           ("findings", "diff"): "the findings list is one jurisdiction's: use --format table"}


class Refused(ValueError):
    """A format asked for a report it does not render."""


def formats_for(report: str) -> tuple[str, ...]:
    """The formats that render a report (check, compare, diff), in FORMATS order."""
    return tuple(name for name in FORMATS if (name, report) not in REFUSED)


def module(fmt: str):
    return importlib.import_module(f"firearms_gap.render.formats.{fmt}")


def _renderer(view, fmt: str, kind: str = "render"):
    report = view.report_name
    if (fmt, report) in REFUSED:
        raise Refused(f"--format {fmt}: {REFUSED[fmt, report]}")
    return getattr(module(fmt), f"{kind}_{report}", None)


def _options(fmt: str, options: dict) -> dict:
    return {k: v for k, v in options.items() if k in FORMATS[fmt].options}


def render(view, fmt: str, **options) -> str | bytes:
    """The whole document of a view in a format; options (width, color) go to the formats that take them."""
    return _renderer(view, fmt)(view, **_options(fmt, options))


def compare_cell_text(fmt: str):
    """The format's text of one compare cell (batch.CellText), or None if it has none: given to
    batch.compare, the cells are written as the files are checked, in the worker processes."""
    return getattr(module(fmt), "compare_cell_text", None) if fmt in FORMATS else None


def pieces(view, fmt: str, **options):
    """The document in pieces to write one after the other (their concatenation is `render`):
    in pieces where the format offers them (compare's JSON), else whole."""
    make = _renderer(view, fmt, "pieces") if fmt in FORMATS else None
    if make is None:
        return [render(view, fmt, **options)]
    return make(view, **_options(fmt, options))

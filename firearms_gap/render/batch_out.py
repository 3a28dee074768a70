"""Compare output (table, markdown, csv, json) of a BatchResult: requirements x jurisdictions.

Every format shows binding obligations apart from non-binding items (the SECTIONS of
render/common.py), the status of each cell as a word, per-requirement counts and
per-jurisdiction summaries. HTML and XLSX live in render/html.py and render/xlsx.py.
"""
from __future__ import annotations

import csv
import io
import json

from firearms_gap.batch import BatchResult, Column, RequirementInfo
from firearms_gap.model import STATUSES
from firearms_gap.render.common import (FORCE_LABELS, SECTIONS, clean, counts_text, json_header, rulesets_line,
                                        section_of, text_console, title_line)
from firearms_gap.render.csv_out import safe_cell
from firearms_gap.render.markdown import cell as _md_cell
from firearms_gap.render.table import STATUS_STYLE
from firearms_gap.render import json_text

# Short names of the matrix sections (render/common.py SECTIONS) for headings and spreadsheet cells.
SECTION_SHORT = {"binding": "Treaty obligations (binding)", "treaty-non-binding": "Treaty definitions and options",
                 "soft-law": "Recommendations and other soft law"}


def section_short(key: str) -> str:
    return SECTION_SHORT.get(key) or dict(SECTIONS)[key]



# --- text shared by the compare and diff formats ----------------------------------------------

def describe(report) -> str:
    """'Republic of Aldoria (XA) [fictional], law as of 2026-01-01' (title_line without its prefix),
    of a Report or a compare Column."""
    return one_line(title_line(report).removeprefix("Gap matrix: "))


def one_line(text: str) -> str:
    """For headings and labels: a newline in data must not start a line of its own."""
    return clean(" ".join(str(text).split()))


def theme_label(theme: str) -> str:
    return clean(theme.replace("_", " "))


def md(text: str) -> str:
    """A Markdown table cell: render/markdown.cell (HTML-escaped, | escaped, newlines as <br>), with
    backslashes, brackets and backticks escaped too, so data can never form a link or a code span."""
    return _md_cell(clean(str(text)))


def section_requirements(batch, key: str) -> list[RequirementInfo]:
    return [r for r in batch.requirements if section_of(r) == key]


def theme_line(batch: BatchResult, column: Column) -> str:
    by_theme = batch.summary(column)["by_theme"]
    return "By theme: " + "; ".join(f"{theme_label(t)} " + counts_text(c, compact=True) for t, c in by_theme.items())


def incomplete_line(batch: BatchResult) -> str:
    n = len({d.file for d in batch.input_errors})
    return (f"INCOMPLETE: {n} input(s) could not be evaluated and are not in this comparison "
            f"({len(batch.input_errors)} error(s)).")


def count_statuses(batch: BatchResult) -> list[str]:
    """The per-requirement counts shown beside the matrix: gap and partial, and "not adopted"
    when an optional provision is not taken up somewhere (it is never counted as a gap)."""
    shown = ["gap", "partial"]
    if any("not adopted" in col.statuses for col in batch.columns):
        shown.append("not adopted")
    return shown


def heading(batch: BatchResult) -> str:
    n = len(batch.columns)
    return f"Comparison of {n} jurisdiction{'s' if n != 1 else ''}"


# --- table ---------------------------------------------------------------------------------------

def render_table(batch: BatchResult, *, width: int = 120, color: bool = False) -> str:
    from rich.table import Table
    from rich.text import Text

    buf = io.StringIO()
    console = text_console(buf, width, color)
    console.print(Text(heading(batch), style="bold"))
    console.print(Text(clean(rulesets_line(batch))))
    if not batch.complete:
        console.print(Text(incomplete_line(batch) + " The errors are on standard error.", style="bold"))
    legend = Table(title=Text("Jurisdictions", style="bold"), title_justify="left", show_lines=False)
    legend.add_column("Column", no_wrap=True)
    legend.add_column("Jurisdiction", ratio=3, overflow="fold")
    legend.add_column("File", ratio=2, overflow="fold")
    for label, col in zip(batch.labels, batch.columns):
        legend.add_row(Text(one_line(label)), Text(describe(col)), Text(one_line(col.file)))
    console.print(legend)
    # Status words wrap at their space ("not / assessed") but are never cut, so each jurisdiction
    # needs 10 columns (+3 for padding and rule); the requirement title and legal force get what is left.
    id_width = max((len(r.id) for r in batch.requirements), default=2)
    counted = count_statuses(batch)
    room = width - (id_width + 3) - len(batch.labels) * 13 - sum(len(x) + 3 for x in counted) - 1
    show_title, show_force = room >= 36, room >= 18
    if not show_title:
        console.print(Text("Too many jurisdictions for this width: requirement titles"
                           + ("" if show_force else " and legal force") + " are left out "
                           "(try --width, or --format markdown, html or xlsx)."))
    for key, title in SECTIONS:
        reqs = section_requirements(batch, key)
        if not reqs:
            continue
        table = Table(title=Text(title, style="bold"), show_lines=True, title_justify="left")
        table.add_column("ID", no_wrap=True, overflow="fold")
        if show_title:
            table.add_column("Requirement", ratio=3, overflow="fold")
        if show_force:
            table.add_column("Legal force", ratio=1, min_width=12, overflow="fold")
        for label in batch.labels:
            table.add_column(Text(one_line(label), overflow="fold"), min_width=10, overflow="fold")
        for status in counted:
            table.add_column(status.capitalize(), justify="right", no_wrap=True)
        for r in reqs:
            counts = batch.requirement_counts(r.id)
            table.add_row(Text(clean(r.id)), *([Text(clean(r.title))] if show_title else []),
                          *([Text(FORCE_LABELS[r.force])] if show_force else []),
                          *[Text(s, style=STATUS_STYLE.get(s, "")) for s in batch.statuses(r.id)],
                          *[Text(str(counts[x])) for x in counted])
        console.print(table)
    for label, col in zip(batch.labels, batch.columns):
        console.print(Text(f"{one_line(label)}: {describe(col)} ({one_line(col.file)})", style="bold"))
        for line in [*col.summary_lines, theme_line(batch, col)]:
            console.print(Text("  " + clean(line)))
    if batch.columns and batch.fail_on != "none":
        console.print(Text(_failing_line(batch)))
    return buf.getvalue()


def _failing_line(batch: BatchResult) -> str:
    n = len(batch.failing)
    return (f"Threshold --fail-on {batch.fail_on}: {n} of {len(batch.columns)} jurisdiction(s) "
            "with a gap or partial result")


# --- markdown ------------------------------------------------------------------------------------

def render_markdown(batch: BatchResult) -> str:
    out = [f"# {md(heading(batch))}", "", md(rulesets_line(batch)), ""]
    if not batch.complete:
        out += [f"**{md(incomplete_line(batch))}**", ""]
        out += [f"- {md(d.render())}" for d in batch.input_errors] + [""]
    out += ["## Jurisdictions", "", "| Column | Jurisdiction | File |", "|---|---|---|"]
    out += [f"| {md(one_line(label))} | {md(describe(col))} | {md(col.file)} |"
            for label, col in zip(batch.labels, batch.columns)]
    counted = count_statuses(batch)
    for key, title in SECTIONS:
        reqs = section_requirements(batch, key)
        if not reqs:
            continue
        out += ["", f"## {title}", "",
                "| ID | Requirement | Legal force | " + " | ".join(md(one_line(x)) for x in batch.labels)
                + " | " + " | ".join(x.capitalize() for x in counted) + " |",
                "|---|---|---|" + "---|" * len(batch.labels) + "---:|" * len(counted)]
        for r in reqs:
            counts = batch.requirement_counts(r.id)
            out.append("| " + " | ".join(
                [md(r.id), md(r.title), md(FORCE_LABELS[r.force])]
                + [md(s) for s in batch.statuses(r.id)]
                + [str(counts[x]) for x in counted]) + " |")
    out += ["", "## Summary by jurisdiction", ""]
    for label, col in zip(batch.labels, batch.columns):
        out += [f"### {md(one_line(label))}: {md(describe(col))}", "", f"File: {md(col.file)}", ""]
        out += [f"- {md(line)}" for line in [*col.summary_lines, theme_line(batch, col)]] + [""]
    if batch.columns and batch.fail_on != "none":
        out += [md(_failing_line(batch)), ""]
    return "\n".join(out).rstrip("\n") + "\n"


# --- csv -----------------------------------------------------------------------------------------

CSV_HEADER = ["id", "requirement", "legal_force", "binding", "theme", "ruleset", "source_citation"]
COUNT_COLUMNS = [s.replace(" ", "_") for s in STATUSES]


def render_csv(batch: BatchResult) -> str:
    """The matrix: one row per requirement, one column per jurisdiction, then per-status counts."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([safe_cell(clean(h)) for h in CSV_HEADER + list(batch.labels) + COUNT_COLUMNS])
    for key, _ in SECTIONS:
        for r in section_requirements(batch, key):
            counts = batch.requirement_counts(r.id)
            writer.writerow([safe_cell(clean(str(v))) for v in (
                r.id, r.title, FORCE_LABELS[r.force], "yes" if r.binding else "no", r.theme, r.ruleset,
                r.citation, *batch.statuses(r.id), *[counts[s] for s in STATUSES])])
    return buf.getvalue()


# --- json ----------------------------------------------------------------------------------------

def _head(batch: BatchResult) -> dict:
    """The document's keys before "jurisdictions"."""
    return {
        **json_header("compare", batch.tool_version, batch.rulesets, batch.filters, batch.fail_on),
        "complete": batch.complete,
        "input_errors": [d.as_dict() for d in batch.input_errors],
    }


def _jurisdictions(batch: BatchResult):
    for label, col in zip(batch.labels, batch.columns):
        yield {
            "column": label, "file": col.file, "jurisdiction": col.jurisdiction,
            "described_as_of": col.described_as_of, "party_to": list(col.party_to),
            "summary": batch.summary(col),
        }


def _requirement(batch: BatchResult, r: RequirementInfo, *, cells: bool = True) -> dict:
    item = {"id": r.id, "title": r.title, "ruleset": r.ruleset, "citation": r.citation, "force": r.force,
            "binding": r.binding, "theme": r.theme, "kind": r.kind, "counts": batch.requirement_counts(r.id)}
    if cells:
        item["cells"] = [{"column": label, "file": col.file, "status": status, "summary": list(lines)}
                         for label, col, status, lines in zip(batch.labels, batch.columns, batch.statuses(r.id),
                                                              batch.lines(r.id))]
    return item


def _rows(batch: BatchResult) -> list[RequirementInfo]:
    return [r for key, _ in SECTIONS for r in section_requirements(batch, key)]


def to_data(batch: BatchResult) -> dict:
    return {**_head(batch), "jurisdictions": list(_jurisdictions(batch)), "failing": list(batch.failing),
            "requirements": [_requirement(batch, r) for r in _rows(batch)]}


def _dumps(value) -> str:
    return json_text.dumps(value)


def _items(texts):
    """A list that is a value of the document's top-level object, exactly as json.dumps(indent=2)
    writes it there, from the JSON text of each item (as _dumps writes it), one item at a time."""
    sep = "[\n    "
    for text in texts:
        yield sep + text.replace("\n", "\n    ")     # JSON text has no raw newline inside a string
        sep = ",\n    "
    yield "[]" if sep == "[\n    " else "\n  ]"


def _requirement_texts(batch: BatchResult):
    """_dumps(_requirement(batch, r)) of each row, with the cells (the bulk of a large comparison)
    written here directly: json.dumps with indent runs in pure Python; this is the same text, faster."""
    enc = json.encoder.encode_basestring            # what json.dumps(ensure_ascii=False) uses for strings
    starts = [f'{{\n      "column": {enc(label)},\n      "file": {enc(col.file)},\n      "status": '
              for label, col in zip(batch.labels, batch.columns)]
    statuses = {s: enc(s) + ',\n      "summary": ' for s in STATUSES}

    def summary(lines) -> str:
        return "[\n        " + ",\n        ".join(map(enc, lines)) + "\n      ]" if lines else "[]"
    for r in _rows(batch):
        head = _dumps(_requirement(batch, r, cells=False))
        cells = [start + (statuses.get(status) or enc(status) + ',\n      "summary": ') + summary(lines) + "\n    }"
                 for start, status, lines in zip(starts, batch.statuses(r.id), batch.lines(r.id))]
        yield (head[:-2] + ',\n  "cells": '                    # head ends with "\n}"
               + ("[\n    " + ",\n    ".join(cells) + "\n  ]" if cells else "[]") + "\n}")


def iter_json(batch: BatchResult):
    """render_json in pieces (one jurisdiction or one requirement each), so that a comparison of
    thousands of files is never held in memory as one document."""
    head = _dumps(_head(batch))
    yield head[:-2] + ',\n  "jurisdictions": '                  # head ends with "\n}"
    yield from _items(_dumps(j) for j in _jurisdictions(batch))
    yield ',\n  "failing": ' + _dumps(list(batch.failing)).replace("\n", "\n  ") + ',\n  "requirements": '
    yield from _items(_requirement_texts(batch))
    yield "\n}\n"


def render_json(batch: BatchResult) -> str:
    return "".join(iter_json(batch))


def render_pieces(batch: BatchResult, fmt: str, *, width: int = 120, color: bool = False):
    """The output in pieces to write one after the other (their concatenation is `render`): json
    in pieces, the other formats whole."""
    if fmt == "json":
        batch.require_details()                     # now, not once the first pieces are written
        return iter_json(batch)
    return [render(batch, fmt, width=width, color=color)]


def render(batch: BatchResult, fmt: str, *, width: int = 120, color: bool = False) -> str | bytes:
    if fmt == "json":
        return render_json(batch)
    if fmt == "csv":
        return render_csv(batch)
    if fmt == "markdown":
        return render_markdown(batch)
    if fmt == "html":
        from firearms_gap.render import html
        return html.render_compare(batch)
    if fmt == "xlsx":
        from firearms_gap.render import xlsx
        return xlsx.render(batch)
    return render_table(batch, width=width, color=color)

"""Text of `firearms-gap needs`: the assistance needed, by requirement then jurisdiction, in table,
markdown, csv and json. A listing of its own (like rules_out.py), not a gap matrix."""
from __future__ import annotations

import csv
import io

from firearms_gap.needs import NEEDS
from firearms_gap.needs import rows as needs_rows
from firearms_gap.render import json_text
from firearms_gap.render.escape import clean, markdown_cell, spreadsheet_text
from firearms_gap.views.labels import jurisdiction_name, one_line

FORMATS = ("table", "markdown", "csv", "json")
HEADER = ["requirement", "title", "jurisdiction", "status", "answer", "needs", "note", "source_citation"]
EMPTY = "No assistance needs are recorded on a requirement that is not met."


def _cells(row) -> list[str]:
    words = [row.other if n == "other" and row.other else NEEDS[n] for n in row.needs]
    return [row.requirement, row.title, jurisdiction_name(row.jurisdiction), row.status, row.fact,
            ", ".join(words), row.note or "", row.citation]


def render(reports, fmt: str, width: int = 120) -> str:
    """The needs recorded in `reports` (result.Report of each file, in the order given)."""
    rows = needs_rows(reports)
    if fmt == "json":
        # The head every document has (schemas/needs.schema.json); no --fail-on or filter here.
        from firearms_gap.render.formats.json import header
        first = reports[0]
        return json_text.dumps({**header("needs", first.tool_version, first.rulesets, None, None),
                                "vocabulary": NEEDS, "needs": [{
            "requirement": r.requirement, "title": r.title, "citation": r.citation, "file": r.file,
            "jurisdiction": r.jurisdiction, "status": r.status, "answer": r.fact, "needs": list(r.needs),
            "other": r.other, "note": r.note} for r in rows]}) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(HEADER)
        writer.writerows([spreadsheet_text(clean(v)) for v in _cells(r)] for r in rows)
        return buf.getvalue()
    if not rows:
        return EMPTY + "\n"
    if fmt == "markdown":
        out = ["# Assistance needs", "", "| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
        out += ["| " + " | ".join(markdown_cell(clean(v)) for v in _cells(r)) + " |" for r in rows]
        return "\n".join(out) + "\n"
    return _table(rows, width)


def _table(rows, width: int) -> str:
    from firearms_gap.render import text_table

    columns = [text_table.Column(h) for h in ("Requirement", "Jurisdiction", "Status", "Needs", "Note")]
    cells = []
    for r in rows:
        c = _cells(r)
        cells.append([clean(one_line(v)) for v in (f"{c[0]} {c[1]}", c[2], c[3], f"{c[5]} ({c[4]})", c[6])])
    return text_table.table(columns, cells, width, title="Assistance needs", show_lines=True)

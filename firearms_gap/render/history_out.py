"""Text of `firearms-gap history`: each requirement's status at each date, counts per section,
and the regressions, in table, markdown, csv and json."""
from __future__ import annotations

import csv
import io

from firearms_gap.model import section_of
from firearms_gap.render import json_text
from firearms_gap.render.escape import clean, markdown_cell, spreadsheet_text
from firearms_gap.views.labels import counts_text, describe, section_short

FORMATS = ("table", "markdown", "csv", "json")


def _status(r) -> str:
    """A status as the row reads it: the computed status, with a determination in effect beside it."""
    return r.status + (f" (determined {r.determination.status})" if r.determined else "")


def _rows(h):
    by_id = [{r.id: r for r in report.results} for report in h.reports]
    for r in h.reports[-1].results:
        yield r, [_status(ids[r.id]) if r.id in ids else "" for ids in by_id]


def _summary(h) -> list[str]:
    out = [f"{label}: {describe(report)}" for label, report in zip(h.labels, h.reports)]
    for key, counts in h.by_section():
        out += [f"{section_short(key)}, {label}: " + counts_text(c, compact=True) for label, c in zip(h.labels, counts)]
    out += [f"Regression from {g.before} to {g.after}: {g.requirement} ({g.title}), {g.old_status} then {g.new_status}"
            for g in h.regressions] or ["No regression from one date to the next at --fail-on "
                                         f"{h.reports[-1].fail_on}"]
    return [clean(x) for x in out]


def render(h, fmt: str, width: int = 120) -> str:
    if fmt == "json":
        # The head every document has (schemas/history.schema.json): every file is read with the same
        # rulesets, filters and --fail-on, so the last report's stand for all.
        from firearms_gap.render.formats.json import header
        last = h.reports[-1]
        return json_text.dumps({
            **header("history", last.tool_version, last.rulesets, dict(last.filters), last.fail_on),
            "columns": [{"label": label, "file": r.file, "as_of": r.as_of} for label, r in zip(h.labels, h.reports)],
            "by_section": {key: counts for key, counts in h.by_section()},
            "regressions": [g._asdict() for g in h.regressions],
            "requirements": [{"id": r.id, "title": r.title, "section": section_of(r), "statuses": statuses}
                             for r, statuses in _rows(h)]}) + "\n"
    header = ["id", "requirement", "section", *h.labels]
    rows = [[r.id, r.title, section_short(section_of(r)), *statuses] for r, statuses in _rows(h)]
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow([spreadsheet_text(clean(x)) for x in header])
        writer.writerows([spreadsheet_text(clean(x)) for x in row] for row in rows)
        return buf.getvalue()
    if fmt == "markdown":
        out = ["# Progress over time", ""] + [f"- {markdown_cell(x)}" for x in _summary(h)] + [""]
        out += ["| " + " | ".join(markdown_cell(clean(x)) for x in header) + " |", "|" + "---|" * len(header)]
        out += ["| " + " | ".join(markdown_cell(clean(x)) for x in row) + " |" for row in rows]
        return "\n".join(out) + "\n"
    return _table(header, rows, _summary(h), width)


def _table(header, rows, summary, width: int) -> str:
    from firearms_gap.render import text_table

    out = text_table.table([text_table.Column(clean(h)) for h in header], [[clean(v) for v in row] for row in rows],
                           width, title="Progress over time")
    return out + "".join(text_table.text(line, width) for line in summary)

"""Diff output (table, markdown, csv, json) of a DiffResult: what changes from OLD to NEW.

Binding obligations are shown apart from non-binding items, as in every other format.
HTML lives in render/html.py.
"""
from __future__ import annotations

import csv
import io

from firearms_gap.diff import Change, DiffResult
from firearms_gap.render.batch_out import describe, md, one_line, section_short
from firearms_gap.render.table import STATUS_STYLE
from firearms_gap.render.common import (FORCE_LABELS, SECTIONS, clean, counts_text, json_header, national_lines,
                                        rulesets_line, section_of, text_console)
from firearms_gap.render.csv_out import safe_cell
from firearms_gap.render import json_text


SUMMARY_ITEMS = (
    ("closes gap", "Gaps closed"),
    ("opens gap", "Gaps opened"),
    ("narrows gap", "Gaps narrowed (gap -> partial)"),
    ("widens gap", "Gaps widened (partial -> gap)"),
    ("missing changed", "Still short, but something else is missing"),
    ("no longer assessed", "No longer assessed (not a gap closed: answer the questions)"),
    ("now assessed", "Now assessed"),
    ("now adopted", "Options now adopted"),
    ("partly adopted", "Options partly adopted"),
    ("not adopted", "Options not adopted (never a gap)"),
    ("status changed", "Other status changes"),
)


def heading(d: DiffResult) -> str:
    return "Changes from OLD to NEW"


def head_lines(d: DiffResult) -> list[str]:
    lines = [f"OLD: {describe(d.old)} ({one_line(d.old.file)})", f"NEW: {describe(d.new)} ({one_line(d.new.file)})"]
    if not d.same_jurisdiction:
        lines.append("Note: the two files describe different jurisdictions.")
    return lines


def summary_lines(d: DiffResult) -> list[str]:
    out = [f"{len(d.status_changes)} requirement(s) change status; "
           f"{len(d.changes) - len(d.status_changes)} keep their status with other details; {d.unchanged} unchanged."]
    for kind, label in SUMMARY_ITEMS:
        ids = d.ids(kind)
        if ids:
            out.append(f"{label} ({len(ids)}): {', '.join(ids)}")
    cited = [c.requirement.id for c in d.citation_changes]
    if cited:
        out.append(f"National citations changed ({len(cited)}): {', '.join(cited)}")
    for key, title in SECTIONS:
        old = [r for r in d.old.results if section_of(r) == key]
        new = [r for r in d.new.results if section_of(r) == key]
        if old or new:
            out.append(f"{section_short(key)}: OLD {counts_text(d.old.counts(old), compact=True)}; "
                       f"NEW {counts_text(d.new.counts(new), compact=True)}")
    if d.fail_on != "none":
        out.append(f"Regressions at --fail-on {d.fail_on} ({len(d.regressions)}): " + (
            ", ".join(d.regressions) if d.regressions else "none"))
    return [clean(x) for x in out]


def change_lines(c: Change) -> list[str]:
    """What changed in one requirement, one statement a line."""
    if c.new.status == "not assessed":
        # Unknown in NEW: what OLD found missing is not "no longer missing", only no longer assessed.
        lines = ["Not assessed in NEW; answer: " + ", ".join(c.new.unanswered)]
    else:
        lines = [f"Now missing: {m}" for m in c.new.missing if m not in c.old.missing]
        lines += [f"No longer missing: {m}" for m in c.old.missing if m not in c.new.missing]
    if c.new.status == "not applicable":
        lines.append("Not applicable in NEW: " + (c.new.reason or "its condition does not hold"))
    lines += [f"Citation removed: {p}" for p in c.provisions_removed]
    lines += [f"Citation added: {p}" for p in c.provisions_added]
    return [clean(x) for x in lines]


def section_changes(d: DiffResult, key: str) -> list[Change]:
    return [c for c in d.changes if section_of(c.requirement) == key]


# --- table ---------------------------------------------------------------------------------------

def render_table(d: DiffResult, *, width: int = 120, color: bool = False) -> str:
    from rich.table import Table
    from rich.text import Text

    buf = io.StringIO()
    console = text_console(buf, width, color)
    console.print(Text(heading(d), style="bold"))
    for line in head_lines(d) + [clean(rulesets_line(d))]:
        console.print(Text(line))
    for key, title in SECTIONS:
        changes = section_changes(d, key)
        if not changes:
            continue
        table = Table(title=Text(title, style="bold"), show_lines=True, title_justify="left")
        table.add_column("ID", no_wrap=True, overflow="fold")
        table.add_column("Requirement", ratio=2, overflow="fold")
        table.add_column("Legal force", ratio=1)
        table.add_column("OLD", min_width=10)
        table.add_column("NEW", min_width=10)
        table.add_column("Change", min_width=10)
        table.add_column("What changed", ratio=4, overflow="fold")
        for c in changes:
            r = c.requirement
            table.add_row(Text(clean(r.id)), Text(clean(r.title)), Text(FORCE_LABELS[r.force]),
                          Text(c.old.status, style=STATUS_STYLE.get(c.old.status, "")),
                          Text(c.new.status, style=STATUS_STYLE.get(c.new.status, "")),
                          Text(c.change + (" (regression)" if c.regression else ""),
                               style="bold red" if c.regression else ""),
                          Text("\n".join(change_lines(c))))
        console.print(table)
    if not d.changes:
        console.print(Text("No requirement changes."))
    for line in summary_lines(d):
        console.print(Text(line))
    return buf.getvalue()


# --- markdown ------------------------------------------------------------------------------------

def render_markdown(d: DiffResult) -> str:
    out = [f"# {md(heading(d))}", ""] + [f"- {md(x)}" for x in head_lines(d)] + ["", md(rulesets_line(d)), ""]
    out += [f"- {md(x)}" for x in summary_lines(d)]
    for key, title in SECTIONS:
        changes = section_changes(d, key)
        if not changes:
            continue
        out += ["", f"## {title}", "",
                "| ID | Requirement | Legal force | OLD | NEW | Change | What changed | Source |",
                "|---|---|---|---|---|---|---|---|"]
        for c in changes:
            r = c.requirement
            change = md(c.change) + (" **(regression)**" if c.regression else "")
            out.append("| " + " | ".join([
                md(r.id), md(r.title), md(FORCE_LABELS[r.force]), md(c.old.status), f"**{md(c.new.status)}**",
                change, "<br>".join(md(x) for x in change_lines(c)) or " ", md(r.citation)]) + " |")
    if not d.changes:
        out += ["", "No requirement changes."]
    return "\n".join(out) + "\n"


# --- csv -----------------------------------------------------------------------------------------

CSV_HEADER = ["id", "requirement", "legal_force", "binding", "old_status", "new_status", "change", "regression",
              "what_changed", "source_citation", "ruleset", "theme"]


def render_csv(d: DiffResult) -> str:
    """One row per requirement that changes (status, what is missing, or national citations)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for key, _ in SECTIONS:
        for c in section_changes(d, key):
            r = c.requirement
            writer.writerow([safe_cell(clean(str(v))) for v in (
                r.id, r.title, FORCE_LABELS[r.force], "yes" if r.binding else "no", c.old.status, c.new.status,
                c.change, "yes" if c.regression else "no", " | ".join(change_lines(c)), r.citation, r.ruleset,
                r.theme)])
    return buf.getvalue()


# --- json ----------------------------------------------------------------------------------------

def _side(report) -> dict:
    return {"file": report.file, "jurisdiction": report.jurisdiction, "described_as_of": report.described_as_of,
            "party_to": list(report.party_to), "by_status": report.counts()}


def to_data(d: DiffResult) -> dict:
    return {
        **json_header("diff", d.tool_version, d.rulesets, d.filters, d.fail_on),
        "old": _side(d.old),
        "new": _side(d.new),
        "same_jurisdiction": d.same_jurisdiction,
        "summary": d.summary(),
        "changes": [{
            "id": c.requirement.id, "title": c.requirement.title, "ruleset": c.requirement.ruleset,
            "citation": c.requirement.citation, "force": c.requirement.force, "binding": c.requirement.binding,
            "theme": c.requirement.theme, "old_status": c.old.status, "new_status": c.new.status,
            "change": c.change, "regression": c.regression, "newly_unmet_elements": list(c.newly_unmet),
            "national_provisions_removed": list(c.provisions_removed),
            "national_provisions_added": list(c.provisions_added),
            "old_summary": national_lines(c.old), "new_summary": national_lines(c.new),
        } for key, _ in SECTIONS for c in section_changes(d, key)],
    }


def render_json(d: DiffResult) -> str:
    return json_text.dumps(to_data(d)) + "\n"


def render(d: DiffResult, fmt: str, *, width: int = 120, color: bool = False) -> str:
    if fmt == "json":
        return render_json(d)
    if fmt == "csv":
        return render_csv(d)
    if fmt == "markdown":
        return render_markdown(d)
    if fmt == "html":
        from firearms_gap.render import html
        return html.render_diff(d)
    return render_table(d, width=width, color=color)

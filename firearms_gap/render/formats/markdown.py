"""Markdown of every report: every cell escaped (escape.markdown_cell) so data can never break
a table, form a link or a code span."""
from __future__ import annotations

from firearms_gap.render.escape import clean, markdown_cell
from firearms_gap.views.labels import FORCE_LABELS, one_line


def md(text) -> str:
    """Data in Markdown: control characters replaced, then escaped as a table cell."""
    return markdown_cell(clean(str(text)))


def _section_head(section, columns: list[str], right: int = 0) -> list[str]:
    """A section's heading and its table's header row; the last `right` columns are counts."""
    return ["", f"## {md(section.title)}", "", "| " + " | ".join(columns) + " |",
            "|" + "---|" * (len(columns) - right) + "---:|" * right]


def render_check(view) -> str:
    out = [f"# {md(view.title)}", "", md(view.rulesets_line), ""]
    out += [md(line) + "\n" for line in view.file_notes]
    out += [f"- {md(line)}" for line in view.summary_lines]
    for section in view.sections:
        out += _section_head(section, ["ID", "Requirement", "Legal force", "Status",
                                       "National provision / what is missing", "Source"])
        for r in section.rows:
            out.append("| " + " | ".join([
                md(r.id), md(r.title), md(FORCE_LABELS[r.force]), f"**{md(r.status)}**",
                "<br>".join(md(x) for x in view.lines[r.id]), md(r.citation)]) + " |")
    return "\n".join(out) + "\n"


def render_compare(view) -> str:
    out = [f"# {md(view.title)}", "", md(view.rulesets_line), ""]
    if not view.complete:
        out += [f"**{md(view.incomplete_line)}**", ""]
        out += [f"- {md(d.render())}" for d in view.input_errors] + [""]
    jurisdictions = list(view.jurisdictions())
    out += ["## Jurisdictions", "", "| Column | Jurisdiction | File |", "|---|---|---|"]
    out += [f"| {md(one_line(j.label))} | {md(j.description)} | {md(one_line(j.column.file))} |" for j in jurisdictions]
    counted = view.counted
    for section in view.sections:
        out += _section_head(section, ["ID", "Requirement", "Legal force", *(md(one_line(x)) for x in view.labels),
                                       *(x.capitalize() for x in counted)], right=len(counted))
        for r in section.rows:
            counts = view.requirement_counts(r.id)
            out.append("| " + " | ".join(
                [md(r.id), md(r.title), md(FORCE_LABELS[r.force])]
                + [md(s) for s in view.statuses(r.id)]
                + [str(counts[x]) for x in counted]) + " |")
    out += ["", "## Summary by jurisdiction", ""]
    for j in jurisdictions:
        out += [f"### {md(one_line(j.label))}: {md(j.description)}", "", f"File: {md(one_line(j.column.file))}", ""]
        out += [f"- {md(line)}" for line in j.summary_lines] + [""]
    if view.failing_line:
        out += [md(view.failing_line), ""]
    return "\n".join(out).rstrip("\n") + "\n"


def render_diff(view) -> str:
    out = [f"# {md(view.title)}", ""] + [f"- {md(x)}" for x in view.head_lines] + ["", md(view.rulesets_line), ""]
    out += [f"- {md(x)}" for x in view.summary_lines]
    for section in view.sections:
        out += _section_head(section, ["ID", "Requirement", "Legal force", "OLD", "NEW", "Change", "What changed",
                                       "Source"])
        for c in section.rows:
            r = c.requirement
            change = md(c.change) + (" **(regression)**" if c.regression else "")
            out.append("| " + " | ".join([
                md(r.id), md(r.title), md(FORCE_LABELS[r.force]), md(c.old.status), f"**{md(c.new.status)}**",
                change, "<br>".join(md(x) for x in view.change_lines(c)) or " ", md(r.citation)]) + " |")
    if not view.changes:
        out += ["", "No requirement changes."]
    return "\n".join(out) + "\n"

"""Markdown output for reports: every cell escaped so data can never break the table."""
from __future__ import annotations

import html

from firearms_gap.result import Report
from firearms_gap.render.common import (FORCE_LABELS, SECTIONS, file_notes_lines, national_lines, rulesets_line,
                                        section_of, summary_lines, title_line)


def cell(text: str) -> str:
    """A Markdown table cell that data can never break out of: HTML escaped, | escaped, newlines
    as <br>, and backslashes, brackets and backticks escaped so no link or code span can form."""
    for ch in ("\\", "[", "]", "`"):
        text = text.replace(ch, "\\" + ch)
    text = html.escape(text, quote=False).replace("|", "\\|")
    return "<br>".join(line.strip() for line in text.splitlines()) or " "


def render(report: Report) -> str:
    out = [f"# {cell(title_line(report))}", "", cell(rulesets_line(report)), ""]
    out += [cell(line) + "\n" for line in file_notes_lines(report)]
    out += [f"- {cell(line)}" for line in summary_lines(report)]
    for key, _ in SECTIONS:
        rows = [r for r in report.results if section_of(r) == key]
        if not rows:
            continue
        out += ["", f"## {cell(report.section_title(key))}", "",
                "| ID | Requirement | Legal force | Status | National provision / what is missing | Source |",
                "|---|---|---|---|---|---|"]
        for r in rows:
            out.append("| " + " | ".join([
                cell(r.id), cell(r.title), cell(FORCE_LABELS[r.force]), f"**{cell(r.status)}**",
                "<br>".join(cell(x) for x in national_lines(r)), cell(r.citation)]) + " |")
    return "\n".join(out) + "\n"

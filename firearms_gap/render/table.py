"""The terminal table (rich). Data is passed as Text, never as markup, so '[b]' stays '[b]'."""
from __future__ import annotations

import io

from firearms_gap.result import Report
from firearms_gap.render.common import (FORCE_LABELS, SECTIONS, clean, file_notes_lines, national_lines, rulesets_line,
                                        section_of, summary_lines, text_console, title_line)

STATUS_STYLE = {"met": "green", "met (uncited)": "yellow", "partial": "yellow", "gap": "bold red", "not adopted": "magenta", "not assessed": "dim",
                "not applicable": "cyan"}


def render(report: Report, *, width: int = 120, color: bool = False) -> str:
    from rich.table import Table
    from rich.text import Text

    buf = io.StringIO()
    console = text_console(buf, width, color)
    console.print(Text(title_line(report), style="bold"))
    console.print(Text(clean(rulesets_line(report))))
    for line in file_notes_lines(report):
        console.print(Text(line))
    for key, _ in SECTIONS:
        rows = [r for r in report.results if section_of(r) == key]
        if not rows:
            continue
        table = Table(title=Text(report.section_title(key), style="bold"), show_lines=True, expand=True, title_justify="left")
        table.add_column("ID", no_wrap=True, overflow="fold")
        table.add_column("Requirement", ratio=3, overflow="fold")
        table.add_column("Legal force", ratio=1, min_width=12, overflow="fold")
        # Status words never wrap or truncate: the word carries the meaning, colour only helps.
        table.add_column("Status", no_wrap=True, min_width=14)
        table.add_column("National provision / what is missing", ratio=5, overflow="fold")
        table.add_column("Source", ratio=2, overflow="fold")
        for r in rows:
            table.add_row(Text(clean(r.id)), Text(clean(r.title)), Text(FORCE_LABELS[r.force]),
                          Text(r.status, style=STATUS_STYLE[r.status]),
                          Text("\n".join(national_lines(r))), Text(clean(r.citation)))
        console.print(table)
    for line in summary_lines(report):
        console.print(Text(clean(line)))
    return buf.getvalue()

"""The terminal table (rich) of every report. Data is passed as Text, never as markup, so
'[b]' stays '[b]'; status words never wrap or truncate: the word carries the meaning."""
from __future__ import annotations

import io

from firearms_gap.render.escape import clean
from firearms_gap.render.palette import REGRESSION_TERMINAL, TERMINAL
from firearms_gap.views.labels import FORCE_LABELS, one_line


def console(buf, width: int, color: bool):
    """A rich Console for our tables: data is never read as markup, emoji or highlighting."""
    from rich.console import Console

    return Console(file=buf, width=width, color_system="standard" if color else None,
                   force_terminal=color, no_color=not color, highlight=False, emoji=False, markup=False)


def render_check(view, *, width: int = 120, color: bool = False) -> str:
    from rich.table import Table
    from rich.text import Text

    buf = io.StringIO()
    out = console(buf, width, color)
    out.print(Text(view.title, style="bold"))
    out.print(Text(clean(view.rulesets_line)))
    for line in view.file_notes:
        out.print(Text(line))
    for section in view.sections:
        table = Table(title=Text(section.title, style="bold"), show_lines=True, expand=True, title_justify="left")
        table.add_column("ID", no_wrap=True, overflow="fold")
        table.add_column("Requirement", ratio=3, overflow="fold")
        table.add_column("Legal force", ratio=1, min_width=12, overflow="fold")
        table.add_column("Status", no_wrap=True, min_width=14)
        table.add_column("National provision / what is missing", ratio=5, overflow="fold")
        table.add_column("Source", ratio=2, overflow="fold")
        for r in section.rows:
            table.add_row(Text(clean(r.id)), Text(clean(r.title)), Text(FORCE_LABELS[r.force]),
                          Text(r.status, style=TERMINAL[r.status]),
                          Text("\n".join(view.lines[r.id])), Text(clean(r.citation)))
        out.print(table)
    for line in view.summary_lines:
        out.print(Text(line))
    return buf.getvalue()


def render_compare(view, *, width: int = 120, color: bool = False) -> str:
    from rich.table import Table
    from rich.text import Text

    buf = io.StringIO()
    out = console(buf, width, color)
    out.print(Text(view.title, style="bold"))
    out.print(Text(clean(view.rulesets_line)))
    if not view.complete:
        out.print(Text(view.incomplete_line + " The errors are on standard error.", style="bold"))
    jurisdictions = list(view.jurisdictions())
    legend = Table(title=Text("Jurisdictions", style="bold"), title_justify="left", show_lines=False)
    legend.add_column("Column", no_wrap=True)
    legend.add_column("Jurisdiction", ratio=3, overflow="fold")
    legend.add_column("File", ratio=2, overflow="fold")
    for j in jurisdictions:
        legend.add_row(Text(one_line(j.label)), Text(j.description), Text(one_line(j.column.file)))
    out.print(legend)
    # Status words wrap at their space ("not / assessed") but are never cut, so each jurisdiction
    # needs 10 columns (+3 for padding and rule); the requirement title and legal force get what is left.
    id_width = max((len(r.id) for r in view.requirements), default=2)
    counted = view.counted
    room = width - (id_width + 3) - len(view.labels) * 13 - sum(len(x) + 3 for x in counted) - 1
    show_title, show_force = room >= 36, room >= 18
    if not show_title:
        out.print(Text("Too many jurisdictions for this width: requirement titles"
                       + ("" if show_force else " and legal force") + " are left out "
                       "(try --width, or --format markdown, html or xlsx)."))
    for section in view.sections:
        table = Table(title=Text(section.title, style="bold"), show_lines=True, title_justify="left")
        table.add_column("ID", no_wrap=True, overflow="fold")
        if show_title:
            table.add_column("Requirement", ratio=3, overflow="fold")
        if show_force:
            table.add_column("Legal force", ratio=1, min_width=12, overflow="fold")
        for label in view.labels:
            table.add_column(Text(one_line(label), overflow="fold"), min_width=10, overflow="fold")
        for status in counted:
            table.add_column(status.capitalize(), justify="right", no_wrap=True)
        for r in section.rows:
            counts = view.requirement_counts(r.id)
            table.add_row(Text(clean(r.id)), *([Text(clean(r.title))] if show_title else []),
                          *([Text(FORCE_LABELS[r.force])] if show_force else []),
                          *[Text(s, style=TERMINAL.get(s, "")) for s in view.statuses(r.id)],
                          *[Text(str(counts[x])) for x in counted])
        out.print(table)
    for j in jurisdictions:
        out.print(Text(f"{one_line(j.label)}: {j.description} ({one_line(j.column.file)})", style="bold"))
        for line in j.summary_lines:
            out.print(Text("  " + clean(line)))
    if view.failing_line:
        out.print(Text(view.failing_line))
    return buf.getvalue()


# Below this width seven columns leave "What changed" a few letters wide (or off the screen): each
# change is then a block of lines, its element lines indented under it.
DIFF_TABLE_WIDTH = 100


def _diff_blocks(out, view, section) -> None:
    from rich.padding import Padding
    from rich.text import Text

    out.print(Text(section.title, style="bold"))
    for c in section.rows:
        r = c.requirement
        head = Text(f"{clean(r.id)}: ")
        head.append(c.old.status, style=TERMINAL.get(c.old.status, ""))
        head.append(" -> ")
        head.append(c.new.status, style=TERMINAL.get(c.new.status, ""))
        head.append(f" ({c.change})")
        if c.regression:
            head.append(" (regression)", style=REGRESSION_TERMINAL)
        out.print(head)
        out.print(Padding(Text(f"{clean(r.title)} [{FORCE_LABELS[r.force]}; {clean(r.citation)}]"), (0, 0, 0, 2)))
        for line in view.change_lines(c):
            out.print(Padding(Text(f"- {line}"), (0, 0, 0, 4)))
    out.print()


def render_diff(view, *, width: int = 120, color: bool = False) -> str:
    from rich.table import Table
    from rich.text import Text

    buf = io.StringIO()
    out = console(buf, width, color)
    out.print(Text(view.title, style="bold"))
    for line in view.head_lines + [clean(view.rulesets_line)]:
        out.print(Text(line))
    for section in view.sections:
        if width < DIFF_TABLE_WIDTH:
            _diff_blocks(out, view, section)
            continue
        table = Table(title=Text(section.title, style="bold"), show_lines=True, title_justify="left")
        table.add_column("ID", no_wrap=True, overflow="fold")
        table.add_column("Requirement", ratio=2, overflow="fold")
        table.add_column("Legal force", ratio=1)
        table.add_column("OLD", min_width=10)
        table.add_column("NEW", min_width=10)
        table.add_column("Change", min_width=10)
        table.add_column("What changed", ratio=4, overflow="fold")
        for c in section.rows:
            r = c.requirement
            table.add_row(Text(clean(r.id)), Text(clean(r.title)), Text(FORCE_LABELS[r.force]),
                          Text(c.old.status, style=TERMINAL.get(c.old.status, "")),
                          Text(c.new.status, style=TERMINAL.get(c.new.status, "")),
                          Text(c.change + (" (regression)" if c.regression else ""),
                               style=REGRESSION_TERMINAL if c.regression else ""),
                          Text("\n".join(view.change_lines(c))))
        out.print(table)
    if not view.changes:
        out.print(Text("No requirement changes."))
    for line in view.summary_lines:
        out.print(Text(line))
    return buf.getvalue()

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


NARROW = 120      # columns below which the check table folds six columns into four


def word_width(texts, cap: int = 14) -> int:
    """The least width of a column of these texts: its longest word, up to `cap` (a longer word,
    such as a document symbol, is folded; an ordinary one never is)."""
    return min(cap, max((len(w) for t in texts for w in clean(t).split()), default=1))


def force_width(rows, width: int) -> int:
    """A fixed width for the legal-force column: never narrower than its longest word (a ratio
    column was squeezed to one letter a line below ~200 columns), wider on a wide terminal."""
    labels = {FORCE_LABELS[r.force] for r in rows} or {"Legal force"}
    longest_word = max(len(w) for label in labels | {"Legal force"} for w in label.split())
    return max(longest_word, min(max(map(len, labels)), max(12, width // 8)))


def render_check(view, *, width: int = 120, color: bool = False) -> str:
    from rich.table import Table
    from rich.text import Text

    buf = io.StringIO()
    out = console(buf, width, color)
    out.print(Text(view.title, style="bold"))
    out.print(Text(clean(view.rulesets_line)))
    for line in view.file_notes:
        out.print(Text(line))
    # Six columns need ~120 columns; below that the requirement's title goes under its ID and the
    # source under what is missing, so no column is squeezed to a few letters a line.
    narrow = width < NARROW
    for section in view.sections:
        table = Table(title=Text(section.title, style="bold"), show_lines=True, expand=True, title_justify="left")
        if narrow:
            table.add_column("Requirement", ratio=2, overflow="fold",
                             width=word_width([r.id for r in section.rows] + [r.title for r in section.rows], 20))
        else:
            table.add_column("ID", no_wrap=True, overflow="fold")
            table.add_column("Requirement", ratio=3, overflow="fold", width=word_width([r.title for r in section.rows]))
        table.add_column("Legal force", width=force_width(section.rows, width))
        table.add_column("Status", no_wrap=True)
        table.add_column("National provision / what is missing" + (" / source" if narrow else ""),
                         ratio=5, overflow="fold")
        if not narrow:
            table.add_column("Source", ratio=2, overflow="fold", width=word_width([r.citation for r in section.rows]))
        for r in section.rows:
            said = Text("\n".join(view.lines[r.id]))
            status = Text(r.status, style=TERMINAL[r.status])
            force = Text(FORCE_LABELS[r.force])
            if narrow:
                table.add_row(Text(clean(r.id), style="bold") + Text("\n" + clean(r.title)), force, status,
                              said + Text("\nSource: " + clean(r.citation)))
            else:
                table.add_row(Text(clean(r.id)), Text(clean(r.title)), force, status, said, Text(clean(r.citation)))
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

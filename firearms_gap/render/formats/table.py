"""The terminal table of every report, laid out by render/text_table.py (no rich: see there why).
Data is never read as markup, so '[b]' stays '[b]'; status words never wrap or fold: the word
carries the meaning. A comparison is written section by section and row by row
(`pieces_compare`), in blocks of jurisdictions side by side when they do not all fit the width,
so its memory does not grow with the number of jurisdictions."""
from __future__ import annotations

from firearms_gap.render import text_table as tt
from firearms_gap.render.escape import clean
from firearms_gap.render.palette import REGRESSION_TERMINAL, TERMINAL
from firearms_gap.views.labels import FORCE_LABELS, one_line

NARROW = 120      # columns below which the check table folds six columns into four


def _status(status: str):
    return [(status, TERMINAL.get(status, ""))]


def _bold(text: str):
    return [(text, "bold")]


def force_width(rows, width: int) -> int:
    """A fixed width for the legal-force column: never narrower than its longest word (a ratio
    column was squeezed to one letter a line below ~200 columns), wider on a wide terminal."""
    labels = {FORCE_LABELS[r.force] for r in rows} or {"Legal force"}
    longest_word = max(len(w) for label in labels | {"Legal force"} for w in label.split())
    return max(longest_word, min(max(map(len, labels)), max(12, width // 8)))


def _head(view, width: int, color: bool, *, head=(), notes=()) -> str:
    """The title (bold), then the lines under it, each wrapped at the width."""
    out = tt.text(_bold(view.title), width, color)
    return out + "".join(tt.text(line, width, color) for line in (*head, *notes))


def render_check(view, *, width: int = 120, color: bool = False) -> str:
    out = [_head(view, width, color, head=[clean(view.rulesets_line)], notes=view.file_notes)]
    # Six columns need ~120 columns; below that the requirement's title goes under its ID and the
    # source under what is missing, so no column is squeezed to a few letters a line.
    narrow = width < NARROW
    for section in view.sections:
        force = tt.Column("Legal force", width=force_width(section.rows, width))
        status = tt.Column("Status", no_wrap=True)
        if narrow:
            columns = [tt.Column("Requirement", ratio=2, fold=20), force, status,
                       tt.Column("National provision / what is missing / source", ratio=5, fold=20)]
        else:
            columns = [tt.Column("ID", no_wrap=True), tt.Column("Requirement", ratio=3, fold=14), force, status,
                       tt.Column("National provision / what is missing", ratio=5, fold=20),
                       tt.Column("Source", ratio=2, fold=14)]
        rows = []
        for r in section.rows:
            said = "\n".join(view.lines[r.id])
            if narrow:
                rows.append([[(clean(r.id), "bold"), ("\n" + clean(r.title), "")], FORCE_LABELS[r.force],
                             _status(r.status), said + "\nSource: " + clean(r.citation)])
            else:
                rows.append([clean(r.id), clean(r.title), FORCE_LABELS[r.force], _status(r.status), said,
                             clean(r.citation)])
        out.append(tt.table(columns, rows, width, title=_bold(section.title), show_lines=True, expand=True,
                            color=color))
    out += [tt.text(line, width, color) for line in view.summary_lines]
    return "".join(out)


# ---------------------------------------------------------------------------------------- compare

COUNT_HEADERS = {"gap": "Gap", "partial": "Partial", "not adopted": "Not adopted"}
TITLE_ROOM, FORCE_ROOM = 36, 18       # what the requirement title and the legal force need at least
STATUS_FIRST = 1000                   # the ratio of a jurisdiction's column: the room goes to its statuses first
LABEL_WIDTH = 14                      # a jurisdiction's label wider than this wraps in its header


def _chunks(lines, size: int = 512):
    """Lines joined into pieces of `size` lines: few writes, and never the whole table at once."""
    batch = []
    for line in lines:
        batch.append(line)
        if len(batch) == size:
            yield "\n".join(batch) + "\n"
            batch = []
    if batch:
        yield "\n".join(batch) + "\n"


def _jurisdiction_sizes(view) -> tuple[list[int], list[int]]:
    """Each jurisdiction column's widest line and widest word: its statuses and its label (a label
    wider than LABEL_WIDTH wraps in its header)."""
    widest, longest = [], []
    for label, col in zip(view.labels, view.columns):
        label = one_line(label)
        statuses = set(col.statuses)
        widest.append(max(max((len(s) for s in statuses), default=1), tt.text_width(label)))
        longest.append(max(max((len(w) for s in statuses for w in s.split()), default=1),
                           min(tt.measure(label)[1], LABEL_WIDTH)))
    return widest, longest


def _blocks(sizes: list[int], fixed: int, counts: int, width: int) -> list[tuple[int, int]]:
    """Runs of jurisdictions (start, end) side by side within `width`, after the `fixed` columns;
    the counts (`counts` wide) go after the last jurisdiction, in a block of their own if need be."""
    blocks, start, used = [], 0, fixed
    for i, w in enumerate(sizes):
        if i > start and used + w + 3 > width:
            blocks.append((start, i))
            start, used = i, fixed
        used += w + 3
    blocks.append((start, len(sizes)))
    if counts and used + counts > width and blocks[-1][1] > blocks[-1][0]:
        blocks.append((len(sizes), len(sizes)))
    return blocks


class _Layout:
    """How the matrix of a comparison fits the width: one table per section with every jurisdiction
    (the requirement title and legal force while there is room), else blocks of jurisdictions side
    by side, each a table with the ID (and the legal force), the counts after the last."""

    def __init__(self, view, width: int):
        self.width = width
        widest, longest = _jurisdiction_sizes(view)
        self.id_width = max((len(r.id) for r in view.requirements), default=2)
        n = len(view.columns)
        self.counts = [tt.Column(COUNT_HEADERS[s], justify="right", width=max(len(COUNT_HEADERS[s]), len(str(n))))
                       for s in view.counted]
        count_width = sum(c.width + 3 for c in self.counts)
        force_words = max((len(w) for r in view.requirements for w in FORCE_LABELS[r.force].split()), default=5)
        # The least each jurisdiction needs is its longest word (a status wraps at its space).
        room = width - tt.outer([self.id_width] + longest) - count_width
        self.show_title, self.show_force = room >= TITLE_ROOM, room >= FORCE_ROOM
        if room >= 0:
            self.blocks = [(0, n)]
            # A status on one line comes before a wider title: the jurisdictions take the room first.
            self.jurisdictions = [tt.Column("", ratio=STATUS_FIRST, min_width=w, fold=LABEL_WIDTH) for w in longest]
            self.measured = (widest, longest)
        else:
            # Blocks: each status on one line, the legal force beside the ID if it leaves room.
            sizes = [max(min(w, LABEL_WIDTH), lw) for w, lw in zip(widest, longest)]
            self.show_force = tt.outer([self.id_width, force_words, max(sizes, default=1)]) <= width
            fixed = tt.outer([self.id_width] + ([force_words] if self.show_force else []))
            self.blocks = _blocks(sizes, fixed, count_width, width)
            self.jurisdictions = [tt.Column("", width=w) for w in sizes]
            self.measured = (sizes, sizes)
        self.left = [tt.Column("ID", no_wrap=True)]
        if self.show_title:
            self.left.append(tt.Column("Requirement", ratio=3))
        if self.show_force:
            self.left.append(tt.Column("Legal force", ratio=1, min_width=min(12, force_words) if self.show_title
                                       else force_words))

    def note(self) -> str | None:
        if self.show_title:
            return None
        how = (f"each section is printed in {len(self.blocks)} blocks of jurisdictions side by side, the counts "
               "in the last; " if len(self.blocks) > 1 else "")
        return ("Too many jurisdictions for this width: " + how + "requirement titles"
                + ("" if self.show_force else " and legal force") + " are left out "
                "(try --width, or --format markdown, html or xlsx).")

    def left_cells(self, r) -> list:
        return [clean(r.id), *([clean(r.title)] if self.show_title else []),
                *([FORCE_LABELS[r.force]] if self.show_force else [])]


def pieces_compare(view, *, width: int = 120, color: bool = False):
    """The comparison's text in pieces to write one after the other (`render_compare` joins them)."""
    notes = [] if view.complete else [[(view.incomplete_line + " The errors are on standard error.", "bold")]]
    yield _head(view, width, color, head=[clean(view.rulesets_line)], notes=notes)
    yield from _chunks(_legend(view, width, color))
    layout = _Layout(view, width)
    if layout.note():
        yield tt.text(layout.note(), width, color)
    position = {r.id: i for i, r in enumerate(view.requirements)}
    for section in view.sections:
        measured = tt.Measure(layout.left)
        for r in section.rows:
            measured.add(layout.left_cells(r))
        if len(layout.blocks) > 1:
            yield tt.text(_bold(section.title), width, color)
        for block in layout.blocks:
            yield from _chunks(_block(view, section, layout, measured, position, block, color))
    yield from _summaries(view, width, color)
    if view.failing_line:
        yield tt.text(view.failing_line, width, color)


def _block(view, section, layout, measured, position, block, color):
    """One table: the section's rows for the jurisdictions start..end (and the counts after the last)."""
    start, end = block
    counts = layout.counts if block == layout.blocks[-1] else []
    jurisdictions = [c._replace(header=one_line(label))
                     for label, c in zip(view.labels[start:end], layout.jurisdictions[start:end])]
    columns = layout.left + jurisdictions + counts
    widest, longest = layout.measured
    widths = tt.widths(columns, measured.widest + widest[start:end] + [c.width for c in counts],
                       measured.longest + longest[start:end] + [c.width for c in counts], layout.width)
    cols = view.columns[start:end]

    def rows():
        for r in section.rows:
            i = position[r.id]
            cells = layout.left_cells(r) + [_status(col.statuses[i]) for col in cols]
            if counts:
                tally = view.requirement_counts(r.id)
                cells += [str(tally[s]) for s in view.counted]
            yield cells
    if len(layout.blocks) == 1:
        title = _bold(section.title)
    elif end == start:
        title = "Counts"
    else:
        title = (f"Jurisdiction {end} of {len(view.columns)}" if end == start + 1
                 else f"Jurisdictions {start + 1}-{end} of {len(view.columns)}")
    return tt.render(columns, widths, rows(), title=title, show_lines=True, color=color)


def _legend(view, width: int, color: bool):
    """The table of jurisdictions: column label, who and when, file (rows made twice, never kept)."""
    from firearms_gap.views.labels import describe

    columns = [tt.Column("Column", no_wrap=True), tt.Column("Jurisdiction", ratio=3), tt.Column("File", ratio=2)]

    def rows():
        for label, col in zip(view.labels, view.columns):
            yield [one_line(label), describe(col), one_line(col.file)]
    measured = tt.Measure(columns)
    for row in rows():
        measured.add(row)
    yield from tt.render(columns, measured.widths(width), rows(), title=_bold("Jurisdictions"), color=color)


def _summaries(view, width: int, color: bool):
    for j in view.jurisdictions():
        yield tt.text(_bold(f"{one_line(j.label)}: {j.description} ({one_line(j.column.file)})"), width, color)
        yield "".join(tt.text(clean(line), width, color, indent="  ") for line in j.summary_lines)


def render_compare(view, *, width: int = 120, color: bool = False) -> str:
    return "".join(pieces_compare(view, width=width, color=color))


# ---------------------------------------------------------------------------------------- diff

# Below this width seven columns leave "What changed" a few letters wide (or off the screen): each
# change is then a block of lines, its element lines indented under it.
DIFF_TABLE_WIDTH = 100


def _diff_blocks(view, section, width: int, color: bool) -> str:
    out = [tt.text(_bold(section.title), width, color)]
    for c in section.rows:
        r = c.requirement
        head = [(f"{clean(r.id)}: ", ""), (c.old.status, TERMINAL.get(c.old.status, "")), (" -> ", ""),
                (c.new.status, TERMINAL.get(c.new.status, "")), (f" ({c.change})", "")]
        if c.regression:
            head.append((" (regression)", REGRESSION_TERMINAL))
        out.append(tt.text(head, width, color))
        out.append(tt.text(f"{clean(r.title)} [{FORCE_LABELS[r.force]}; {clean(r.citation)}]", width, color,
                           indent="  "))
        out += [tt.text(line, width, color, indent="    - ", hang="      ") for line in view.change_lines(c)]
    return "".join(out) + "\n"


def render_diff(view, *, width: int = 120, color: bool = False) -> str:
    out = [_head(view, width, color, head=[*view.head_lines, clean(view.rulesets_line)])]
    for section in view.sections:
        if width < DIFF_TABLE_WIDTH:
            out.append(_diff_blocks(view, section, width, color))
            continue
        columns = [tt.Column("ID", no_wrap=True), tt.Column("Requirement", ratio=2), tt.Column("Legal force", ratio=1),
                   tt.Column("OLD", min_width=10), tt.Column("NEW", min_width=10), tt.Column("Change", min_width=10),
                   tt.Column("What changed", ratio=4)]
        rows = []
        for c in section.rows:
            r = c.requirement
            rows.append([clean(r.id), clean(r.title), FORCE_LABELS[r.force], _status(c.old.status),
                         _status(c.new.status),
                         [(c.change + (" (regression)" if c.regression else ""),
                           REGRESSION_TERMINAL if c.regression else "")],
                         "\n".join(view.change_lines(c))])
        out.append(tt.table(columns, rows, width, title=_bold(section.title), show_lines=True, color=color))
    if not view.changes:
        out.append(tt.text("No requirement changes.", width, color))
    out += [tt.text(line, width, color) for line in view.summary_lines]
    return "".join(out)

"""XLSX workbook of check and compare (a check is laid out as a comparison of one jurisdiction:
CheckView.matrix): bytes, for -o FILE only. A diff has no workbook (formats.REFUSED).

Sheets: Matrix (requirements x jurisdictions, frozen header, autofilter, status fill colour
AND status word; for a single check the status and what is missing, no per-jurisdiction counts),
Summary (per jurisdiction: overall, binding / not binding, by legal force, by theme), Sources
(every cell's national provisions or what is missing, drafters' notes, source citation), About
(rulesets, versions, threshold, input errors).

Excel's limits on a sheet (1,048,576 rows, 16,384 columns: ooxml.MAX_ROWS, MAX_COLUMNS) are never
passed; a table past them goes on in numbered sheets, each complete in itself:
- rows (`table`): Summary and Sources have a row per jurisdiction and group or requirement; past
  the limit (Sources: ~7,000 jurisdictions) they go on in "Sources (2)", ..., each with the header;
- columns (`matrix_parts`): the Matrix has a column per jurisdiction; past 16,371 jurisdictions
  (16,384 less the 6 requirement columns and the 7 count columns) it goes on in "Matrix (2)", ...:
  each sheet repeats the requirement columns, holds the next jurisdictions in order, and ends with
  the count columns, which count ALL jurisdictions (headed "All jurisdictions: gap", ..., and said
  on About, with which jurisdictions each sheet holds), so that every sheet can be read and
  filtered alone. Each sheet has the Matrix's fills, frozen panes, filter, print setup and row
  heights (each row as tall as its own cells need). A check has one Matrix; About is a few rows.

Print-ready: every sheet prints on A4 landscape, fitted to the page width, its header row repeated
on each page, gridlines printed; each row is as tall as its wrapped text needs (estimated from the
text and the column widths, for Arial 10, which the cells use: Liberation Sans in LibreOffice has
the same metrics), so rows never overlap. A check's Summary fits on one page.

Safety: every text cell is stored as a string (t="inlineStr"), never as a formula, even when
it starts with '='; control characters are replaced. Deterministic: fixed document dates
(render/stamp.py: SOURCE_DATE_EPOCH, else 1980-01-01) and fixed zip entry times, so the same
input gives the same bytes.

Written by render/ooxml.py, row by row, in pieces (`pieces_compare`): a comparison of thousands
of jurisdictions goes to its file as it is made, never whole in memory.
"""
from __future__ import annotations

# clean from findings itself, not through render.escape, whose `html` import (its table of entities)
# cost ~1 ms of every workbook, for escaping a workbook never does.
from firearms_gap.findings import clean
from firearms_gap.model import STATUSES
from firearms_gap.render.ooxml import MAX_COLUMNS, MAX_ROWS, PageSetup, Workbook
from firearms_gap.render.palette import FILLS, HEADER_FILL, NON_BINDING_FILLS
from firearms_gap.render.stamp import document_time
from firearms_gap.views.labels import FORCE_LABELS, describe, filters_text, one_line, section_short, theme_label

MAX_CELL = 32767          # Excel's limit on the characters of a cell
FONT = "Arial"            # metric-compatible fonts everywhere (Liberation Sans, Arimo): row heights hold
FONT_SIZE = 10
LINE_HEIGHT = 12.75       # points per line of Arial 10 (Excel's default row height for it)
CHARS_PER_UNIT = 1.15     # characters of Arial 10 text per unit of column width (row_height)
MAX_ROW_HEIGHT = 409      # Excel's limit on a row's height (points)
MARGINS = (0.4, 0.4, 0.5, 0.5, 0.3, 0.3)    # inches: left, right, top, bottom, header, footer
ROWS_PER_PIECE = 2000     # rows written before the bytes made so far are handed to the output
SHEET_ROWS = MAX_ROWS     # Excel's limit on a sheet's rows: a longer table goes on in "Sources (2)", ...
SHEET_COLUMNS = MAX_COLUMNS   # ... and on its columns (XFD): a wider Matrix goes on in "Matrix (2)", ...
# The Matrix's columns before its status columns, with their widths: every Matrix sheet has them.
MATRIX_FIXED = ("ID", "Requirement", "Legal force", "Binding", "Theme", "Source citation")
MATRIX_FIXED_WIDTHS = (15, 40, 16, 8, 13, 24)


def render_check(view) -> bytes:
    return b"".join(_pieces(view.matrix(), single=True))


def render_compare(view) -> bytes:
    return b"".join(_pieces(view))


def pieces_compare(view):
    return _pieces(view)


def row_height(values, widths) -> float:
    """Points a row needs for its wrapped text: the most lines any of its cells wraps to.

    A width unit is one digit of the default font, Arial 10; CHARS_PER_UNIT average characters
    of text fit in it, less a margin for words that move whole to the next line."""
    lines = 1
    for value, width in zip(values, widths):
        if isinstance(value, str) and value:
            per_line = max(1, int(width * CHARS_PER_UNIT) - 1)
            if len(value) <= per_line * lines and "\n" not in value:
                continue                # fits in the lines the row already has
            lines = max(lines, sum(max(1, -(-len(part) // per_line)) for part in value.split("\n")))
    return min(MAX_ROW_HEIGHT, lines * LINE_HEIGHT + 3)


def cell_value(value):
    """What a cell holds: a number as a number, anything else as text, its control characters
    replaced and cut to what a cell can hold."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    text = clean(str(value if value is not None else ""))
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "\u2026"


def matrix_parts(jurisdictions: int) -> list[tuple[int, int]]:
    """The jurisdictions (start, end) of each Matrix sheet of a comparison: as many as fit a sheet
    beside the fixed columns and the count columns, in order; one sheet when there are none."""
    per_sheet = SHEET_COLUMNS - len(MATRIX_FIXED) - len(STATUSES)
    return [(lo, min(jurisdictions, lo + per_sheet)) for lo in range(0, jurisdictions, per_sheet)] or [(0, 0)]


def matrix_note(labels) -> str:
    """About's line on a Matrix split over sheets: which jurisdictions each sheet holds, and that
    the counts on every one are of all of them."""
    parts = matrix_parts(len(labels))
    where = "; ".join(f"{'Matrix' if k == 1 else f'Matrix ({k})'}: {lo + 1:,} to {hi:,} "
                      f"({one_line(labels[lo])} to {one_line(labels[hi - 1])})"
                      for k, (lo, hi) in enumerate(parts, 1))
    return (f"The {len(labels):,} jurisdictions are a column each in {len(parts)} Matrix sheets, in order (a sheet "
            f"holds at most {SHEET_COLUMNS:,} columns): {where}. Each sheet repeats the requirement columns. The "
            f"count columns at the right of every sheet ('All jurisdictions: gap', ...) count all {len(labels):,} "
            "jurisdictions, not only those of their sheet.")


def _pieces(view, single: bool = False):
    """The workbook's bytes, in pieces. Arial 10 is the workbook's default font: a column's width
    is counted in digits of the default font, so with Arial (Liberation Sans in LibreOffice, the
    same metrics) a width holds the same text in every program, and row_height can tell how many
    lines a cell wraps to."""
    view.batch.require_details()                   # the Sources sheet shows each cell's lines and notes
    wb = Workbook(document_time(), font=(FONT, FONT_SIZE))
    try:
        yield from _render(wb, view, single)
        yield wb.close()
    except BaseException:
        wb.discard()
        raise


def _render(wb: Workbook, view, single: bool):
    plain = wb.style()
    bold = wb.style(bold=True)
    header_style = wb.style(bold=True, fill=HEADER_FILL)
    filled: dict[str, int] = {}

    def style_of(fill: str | None) -> int:
        if fill is None:
            return plain
        if fill not in filled:
            filled[fill] = wb.style(bold=True, fill=fill)
        return filled[fill]

    def table(name: str, header: list[str], rows, count: int, widths: list[int], freeze: str, fills=None,
              one_page: bool = False, part: int = 1):
        """rows: an iterable of `count` lists of values, written as they come, each row as tall as
        its text needs. More rows than a sheet can hold (a comparison of ~7,000 jurisdictions
        has that many sources) go on in sheets "NAME (2)", "NAME (3)"..., each with the header,
        so that Excel opens every row instead of refusing or cutting the file. The first sheet
        is NAME (part); the number the next sheet of NAME would have is returned."""
        rows = iter(rows)
        per_sheet = SHEET_ROWS - 1
        done = 0
        while True:
            n = min(per_sheet, count - done)
            ws = wb.sheet(name if part == 1 else f"{name} ({part})", widths=widths, rows=n + 1, freeze=freeze,
                          page=PageSetup(one_page=one_page, margins=MARGINS))
            ws.row(header, header_style, row_height(header, widths))
            for index in range(done, done + n):
                values = [cell_value(v) for v in next(rows)]
                styles = [style_of(fills(index, c, v)) for c, v in enumerate(values)] if fills else plain
                ws.row(values, styles, row_height(values, widths))
                if index % ROWS_PER_PIECE == ROWS_PER_PIECE - 1:
                    yield wb.take()
            ws.close(autofilter=True)
            yield wb.take()
            done += n
            part += 1
            if done >= count:
                return part

    batch = view.batch
    position = {r.id: i for i, r in enumerate(view.requirements)}
    by_section = [(position[r.id], r) for r in view.rows]
    # Matrix ------------------------------------------------------------------------------------
    # A single check carries what each requirement lacks beside its status; a comparison carries a
    # status per jurisdiction and how many jurisdictions have each status (what is missing in each
    # is on the Sources sheet).
    fixed, fixed_widths = list(MATRIX_FIXED), list(MATRIX_FIXED_WIDTHS)
    row_binding = [r.binding for _, r in by_section]

    def base(r) -> list:
        return [r.id, r.title, FORCE_LABELS[r.force], "yes" if r.binding else "no", theme_label(r.theme), r.citation]

    def status_fill(last: int):
        """Fills of a Matrix sheet whose status columns end before column `last` (0-based)."""
        def fill(i, c, value):
            if len(fixed) <= c < last:
                return (FILLS if row_binding[i] else NON_BINDING_FILLS).get(value)
            return None
        return fill

    if single:
        col = view.columns[0]
        yield from table("Matrix", fixed + ["Status", "National provision / what is missing"],
                         (base(r) + [col.statuses[i], "\n".join(col.lines[i])] for i, r in by_section),
                         len(by_section), fixed_widths + [13, 70], "C2", status_fill(len(fixed) + 1))
    else:
        # Wider than a sheet (more than SHEET_COLUMNS less the fixed and count columns: 16,371
        # jurisdictions), the Matrix goes on in "Matrix (2)", ..., each sheet the requirement
        # columns, the next jurisdictions in order, and the counts, which are of ALL jurisdictions
        # (headed so, and said on About), so that every sheet can be filtered on them alone.
        parts = matrix_parts(len(view.columns))
        counted = "All jurisdictions" if len(parts) > 1 else "Jurisdictions"

        def matrix_rows(lo: int, hi: int):
            for i, r in by_section:
                counts = view.requirement_counts(r.id)
                yield base(r) + [*view.statuses(r.id)[lo:hi], *[counts[s] for s in STATUSES]]
        part = 1
        for lo, hi in parts:
            header = fixed + [one_line(x) for x in view.labels[lo:hi]] + [f"{counted}: {s}" for s in STATUSES]
            widths = fixed_widths + [13] * (hi - lo) + [11] * len(STATUSES)
            part = yield from table("Matrix", header, matrix_rows(lo, hi), len(by_section), widths, "C2",
                                    status_fill(len(fixed) + hi - lo), part=part)

    # Summary -----------------------------------------------------------------------------------
    sections = [section.key for section in view.sections]       # those with requirements

    def groups(s: dict) -> list:
        return ([("all", "all requirements", s["by_status"])]
                + [("section", section_short(k), s["by_section"][k]) for k in sections]
                + [("legal force", FORCE_LABELS[f], c) for f, c in s["by_force"].items()]
                + [("theme", theme_label(t), c) for t, c in s["by_theme"].items()])

    # A single check names its jurisdiction once (About), not on every row, so that its Summary
    # fits one page at a readable size.
    who = [] if single else ["Column", "Jurisdiction", "Law as of", "File"]

    def summary_rows():
        for j in view.jurisdictions():        # one at a time: 5,000 summaries at once were ~80 MiB
            s, col = j.summary, j.column
            base = [] if single else [j.label, one_line(col.jurisdiction.get("name", "")), col.described_as_of or "",
                                      col.file]
            for kind, group, counts in groups(s):
                yield (base + [kind, group] + [counts[x] for x in STATUSES]
                       + ([len(s["failing"])] if kind == "all" else [""]))
    # Every jurisdiction has the same groups (the same requirements).
    first = next(iter(view.jurisdictions()), None)
    count = len(view.columns) * len(groups(first.summary)) if first else 0
    yield from table("Summary", [*who, "Grouping", "Group", *STATUSES, f"Gap or partial at --fail-on {batch.fail_on}"],
                     summary_rows(), count,
                     ([] if single else [10, 24, 11, 30]) + [11, 30] + [11] * len(STATUSES) + [14],
                     "A2" if single else "C2", one_page=single)

    # Sources -----------------------------------------------------------------------------------
    def source_rows():
        for label, col in zip(view.labels, view.columns):
            for i, r in by_section:
                yield [label, col.file, r.id, FORCE_LABELS[r.force], col.statuses[i], "\n".join(col.lines[i]),
                       "\n".join(col.notes[i]), r.citation, r.ruleset]
    status_col = 4

    def source_fill(i, c, value):
        return FILLS.get(value) if c == status_col else None
    yield from table("Sources", ["Column", "File", "Requirement", "Legal force", "Status",
                                 "National provision / what is missing", "Drafter's notes", "Source citation",
                                 "Ruleset"], source_rows(), len(view.columns) * len(by_section),
                     [10, 22, 15, 16, 12, 60, 36, 24, 18], "D2", source_fill)

    # About -------------------------------------------------------------------------------------
    n = len(view.columns)
    about = [["Report", f"Comparison of {n} jurisdiction(s)" if n != 1 else f"Gap matrix: {describe(view.columns[0])}"],
             ["Rulesets", view.rulesets_line],
             ["Tool", f"firearms-gap {batch.tool_version}"],
             ["Threshold", f"--fail-on {batch.fail_on}"],
             ["Filters", filters_text(batch.filters) or "none"],
             ["Legal force", "Binding treaty obligations (mandatory, conditional, qualified) are marked 'yes' in the "
              "Binding column. Everything else (definitions, options, recommendations, discussion points, draft "
              "resolutions, context) is not an obligation: a 'gap' there is never a breach."],
             ["Complete", "yes" if view.complete else "NO: some inputs could not be evaluated (below)"]]
    if not single and len(matrix_parts(n)) > 1:
        about.append(["Matrix sheets", matrix_note(view.labels)])
    about += [[f"File notes ({label})", " ".join(col.file_notes.split())]
              for label, col in zip(view.labels, view.columns) if col.file_notes]
    about += [["Input error", d.render()] for d in view.input_errors]
    widths = [16, 110]
    ws = wb.sheet("About", widths=widths, rows=len(about), page=PageSetup(title_rows=False, margins=MARGINS))
    for k, v in about:
        values = [cell_value(k), cell_value(v)]
        ws.row(values, [bold, plain], row_height(values, widths))
    ws.close()

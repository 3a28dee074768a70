"""The tests' reference for render/formats/xlsx.py: the same workbook, made with openpyxl, as
firearms-gap made it before it wrote workbooks itself. tests/test_xlsx_writer.py reads both back
and compares them cell by cell (values, fills, fonts, wrapping, widths, heights, panes, filters,
print setup).

Originally: XLSX workbook of check and compare (a check is laid out as a comparison of one jurisdiction:
CheckView.matrix): bytes, for -o FILE only. A diff has no workbook (formats.REFUSED).

Sheets: Matrix (requirements x jurisdictions, frozen header, autofilter, status fill colour
AND status word; for a single check the status and what is missing, no per-jurisdiction counts),
Summary (per jurisdiction: overall, binding / not binding, by legal force, by theme), Sources
(every cell's national provisions or what is missing, drafters' notes, source citation), About
(rulesets, versions, threshold, input errors).

Print-ready: every sheet prints on A4 landscape, fitted to the page width, its header row repeated
on each page, gridlines printed; each row is as tall as its wrapped text needs (estimated from the
text and the column widths, for Arial 10, which the cells use: Liberation Sans in LibreOffice has
the same metrics), so rows never overlap. A check's Summary fits on one page.

Safety: every text cell is stored as a string (t="inlineStr"), never as a formula, even when
it starts with '='; control characters are replaced. Deterministic: fixed document dates
(render/stamp.py: SOURCE_DATE_EPOCH, else 1980-01-01) and fixed zip entry times, so the same
input gives the same bytes.
"""
from __future__ import annotations

from copy import copy

from firearms_gap.model import STATUSES
from firearms_gap.render.escape import clean
from firearms_gap.render.ooxml import _FixedTimeZip
from firearms_gap.render.palette import FILLS, HEADER_FILL, NON_BINDING_FILLS
from firearms_gap.render.stamp import document_time
from firearms_gap.views.labels import FORCE_LABELS, describe, filters_text, one_line, section_short, theme_label

MAX_CELL = 32767          # Excel's limit on the characters of a cell
FONT = "Arial"            # metric-compatible fonts everywhere (Liberation Sans, Arimo): row heights hold
FONT_SIZE = 10
LINE_HEIGHT = 12.75       # points per line of Arial 10 (Excel's default row height for it)
CHARS_PER_UNIT = 1.15     # characters of Arial 10 text per unit of column width (row_height)
MAX_ROW_HEIGHT = 409      # Excel's limit on a row's height (points)
PAPER_A4 = "9"            # the paperSize code of A4 in SpreadsheetML


def render_check(view) -> bytes:
    return _workbook(view.matrix(), single=True)


def render_compare(view) -> bytes:
    return _workbook(view)


def _workbook(view, single: bool = False) -> bytes:
    from openpyxl import Workbook

    view.batch.require_details()                   # the Sources sheet shows each cell's lines and notes
    # Write-only: each row goes to the sheet's temporary file as it is made, so a workbook of
    # thousands of jurisdictions is never held in memory cell by cell.
    wb = Workbook(write_only=True)
    _default_font(wb)
    try:
        return _render(wb, view, single)
    except BaseException:
        _discard(wb)
        raise


def _default_font(wb) -> None:
    """Arial 10 as the workbook's default font: a column's width is counted in digits of the default
    font, so with Arial (Liberation Sans in LibreOffice, the same metrics) a width holds the same
    text in every program, and row_height can tell how many lines a cell wraps to. (openpyxl has
    no public setting for it: its first font is the default.)"""
    from openpyxl.styles import Font
    from openpyxl.utils.indexed_list import IndexedList

    wb._fonts = IndexedList([Font(name=FONT, size=FONT_SIZE, family=2)])


def _discard(wb) -> None:
    """After a failure: close the rows written so far and remove the sheets' temporary files
    (a write-only sheet's row stream and writer)."""
    for ws in wb.worksheets:
        rows, writer = getattr(ws, "_rows", None), getattr(ws, "_writer", None)
        for step in (rows and rows.close, writer and writer.close, writer and writer.cleanup):
            try:
                if step:
                    step()
            except Exception:  # noqa: BLE001 - already failing; the first error is the one to report
                pass


def row_height(values, widths) -> float:
    """Points a row needs for its wrapped text: the most lines any of its cells wraps to.

    A width unit is one digit of the default font, Arial 10 (_default_font); CHARS_PER_UNIT
    average characters of text fit in it, less a margin for words that move whole to the next
    line."""
    lines = 1
    for value, width in zip(values, widths):
        if isinstance(value, str) and value:
            per_line = max(1, int(width * CHARS_PER_UNIT) - 1)
            lines = max(lines, sum(max(1, -(-len(part) // per_line)) for part in value.split("\n")))
    return min(MAX_ROW_HEIGHT, lines * LINE_HEIGHT + 3)


def print_setup(ws, one_page: bool = False) -> None:
    """A4 landscape, fitted to the page width (and height, for one_page), gridlines printed."""
    from openpyxl.worksheet.properties import PageSetupProperties

    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = PAPER_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 1 if one_page else 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.gridLines = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.page_margins.header = ws.page_margins.footer = 0.3


def _render(wb, view, single: bool) -> bytes:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    bold = Font(name=FONT, size=FONT_SIZE, bold=True)
    plain = Font(name=FONT, size=FONT_SIZE)
    top = Alignment(vertical="top", wrap_text=True)
    # One prototype cell per style; other cells copy its style array (as openpyxl's own
    # copy_worksheet does): setting font, fill and alignment on every cell is 10x slower.
    styles: dict[tuple, object] = {}

    def style(ws, fill: str | None, font) -> object:
        key = (fill, font is not None)
        if key not in styles:
            proto = WriteOnlyCell(ws)
            proto.alignment = top
            if fill:
                proto.fill = PatternFill("solid", fgColor=fill)
            proto.font = font or plain
            styles[key] = proto._style
        return styles[key]

    def put(ws, value, *, fill: str | None = None, font=None):
        cell = WriteOnlyCell(ws)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            cell.value = value
        else:
            text = clean(str(value if value is not None else ""))
            cell.value = text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "\u2026"
            cell.data_type = "s"            # a string, never a formula ('=HYPERLINK(...)' stays text)
        cell._style = copy(style(ws, fill, font))
        return cell

    def start(ws, size: str, widths: list[int], freeze: str | None = None) -> None:
        """What a sheet's file holds before its rows: its size, panes, column widths."""
        ws.calculate_dimension = lambda: size      # openpyxl writes the size when the sheet can tell it
        if freeze:
            ws.freeze_panes = freeze
        for c, w in enumerate(widths, 1):
            ws.column_dimensions[get_column_letter(c)].width = w

    def append(ws, number: int, values: list, cells: list, widths: list[int]) -> None:
        """Write row `number` as tall as its text needs. The row's height is forgotten once the
        row is written, so memory stays flat however many rows a sheet has."""
        ws.row_dimensions[number].height = row_height([clean(v) if isinstance(v, str) else v for v in values],
                                                      widths)
        ws.append(cells)
        del ws.row_dimensions[number]

    def table(ws, header: list[str], rows, count: int, widths: list[int], freeze: str, fills=None,
              one_page: bool = False):
        """rows: an iterable of `count` lists of values, written as they come."""
        last = get_column_letter(len(header))
        start(ws, f"A1:{last}{count + 1}", widths, freeze)
        print_setup(ws, one_page)             # before the first row: the sheet's properties precede its rows
        append(ws, 1, header, [put(ws, text, font=bold, fill=HEADER_FILL) for text in header], widths)
        n = 0
        for n, row in enumerate(rows, 1):
            cells = []
            for c, value in enumerate(row):
                fill = fills(n - 1, c, value) if fills else None
                cells.append(put(ws, value, fill=fill, font=bold if fill else None))
            append(ws, n + 1, row, cells, widths)
        if n != count:
            raise RuntimeError(f"sheet {ws.title}: {n} rows written, {count} announced")
        ws.auto_filter.ref = f"A1:{last}{max(n + 1, 2)}"
        ws.print_title_rows = "1:1"

    batch = view.batch
    position = {r.id: i for i, r in enumerate(view.requirements)}
    by_section = [(position[r.id], r) for r in view.rows]
    jurisdictions = list(view.jurisdictions())

    # Matrix ------------------------------------------------------------------------------------
    # A single check carries what each requirement lacks beside its status; a comparison carries a
    # status per jurisdiction and how many jurisdictions have each status (what is missing in each
    # is on the Sources sheet).
    ws = wb.create_sheet("Matrix")
    fixed = ["ID", "Requirement", "Legal force", "Binding", "Theme", "Source citation"]
    if single:
        header = fixed + ["Status", "National provision / what is missing"]
    else:
        header = fixed + [one_line(x) for x in view.labels] + [f"Jurisdictions: {s}" for s in STATUSES]
    row_binding: list[bool] = []

    def matrix_rows():
        for i, r in by_section:
            row_binding.append(r.binding)
            base = [r.id, r.title, FORCE_LABELS[r.force], "yes" if r.binding else "no", theme_label(r.theme), r.citation]
            if single:
                col = view.columns[0]
                yield base + [col.statuses[i], "\n".join(col.lines[i])]
            else:
                counts = view.requirement_counts(r.id)
                yield base + [*view.statuses(r.id), *[counts[s] for s in STATUSES]]
    first, last = len(fixed), len(fixed) + (1 if single else len(view.labels))

    def matrix_fill(i, c, value):
        if first <= c < last:
            return (FILLS if row_binding[i] else NON_BINDING_FILLS).get(value)
        return None
    widths = [15, 40, 16, 8, 13, 24] + ([13, 70] if single else [13] * len(view.labels) + [11] * len(STATUSES))
    table(ws, header, matrix_rows(), len(by_section), widths, "C2", matrix_fill)

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
        for j in jurisdictions:
            s, col = j.summary, j.column
            base = [] if single else [j.label, one_line(col.jurisdiction.get("name", "")), col.described_as_of or "",
                                      col.file]
            for kind, group, counts in groups(s):
                yield (base + [kind, group] + [counts[x] for x in STATUSES]
                       + ([len(s["failing"])] if kind == "all" else [""]))
    # Every jurisdiction has the same groups (the same requirements).
    count = len(jurisdictions) * len(groups(jurisdictions[0].summary)) if jurisdictions else 0
    table(wb.create_sheet("Summary"), [*who, "Grouping", "Group", *STATUSES,
                                       f"Gap or partial at --fail-on {batch.fail_on}"], summary_rows(), count,
          ([] if single else [10, 24, 11, 30]) + [11, 30] + [11] * len(STATUSES) + [14], "A2" if single else "C2",
          one_page=single)

    # Sources -----------------------------------------------------------------------------------
    def source_rows():
        for label, col in zip(view.labels, view.columns):
            for i, r in by_section:
                yield [label, col.file, r.id, FORCE_LABELS[r.force], col.statuses[i], "\n".join(col.lines[i]),
                       "\n".join(col.notes[i]), r.citation, r.ruleset]
    status_col = 4

    def source_fill(i, c, value):
        return FILLS.get(value) if c == status_col else None
    table(wb.create_sheet("Sources"), ["Column", "File", "Requirement", "Legal force", "Status",
                                       "National provision / what is missing", "Drafter's notes", "Source citation",
                                       "Ruleset"], source_rows(), len(view.columns) * len(by_section),
          [10, 22, 15, 16, 12, 60, 36, 24, 18], "D2", source_fill)

    # About -------------------------------------------------------------------------------------
    ws = wb.create_sheet("About")
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
    about += [[f"File notes ({label})", " ".join(col.file_notes.split())]
              for label, col in zip(view.labels, view.columns) if col.file_notes]
    about += [["Input error", d.render()] for d in view.input_errors]
    start(ws, f"A1:B{len(about)}", [16, 110])
    print_setup(ws)
    for number, (k, v) in enumerate(about, 1):
        append(ws, number, [k, v], [put(ws, k, font=bold), put(ws, v)], [16, 110])

    stamp = document_time()
    wb.properties.creator = "firearms-gap"
    wb.properties.created = wb.properties.modified = stamp
    return save_workbook(wb, stamp)


def save_workbook(wb, stamp) -> bytes:
    """Save without openpyxl's 'modified = now', every zip entry with the same fixed time."""
    import io
    import shutil

    from openpyxl.writer.excel import ExcelWriter

    class Zip(_FixedTimeZip):
        def write(self, filename, arcname=None, *args, **kwargs):      # a write-only sheet's temporary file
            with open(filename, "rb") as src, self.open(self._info(arcname or filename), "w") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)

    out = io.BytesIO()
    ExcelWriter(wb, Zip(out, stamp.timetuple()[:6])).save()
    return out.getvalue()

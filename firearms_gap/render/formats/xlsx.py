"""XLSX workbook of check and compare (a check is laid out as a comparison of one jurisdiction:
CheckView.matrix): bytes, for -o FILE only. A diff has no workbook (formats.REFUSED).

Sheets: Matrix (requirements x jurisdictions, frozen header, autofilter, status fill colour
AND status word), Summary (per jurisdiction: overall, binding / not binding, by legal force,
by theme), Sources (every cell's national provisions or what is missing, drafters' notes,
source citation), About (rulesets, versions, threshold, input errors).

Safety: every text cell is stored as a string (t="inlineStr"), never as a formula, even when
it starts with '='; control characters are replaced. Deterministic: fixed document dates
(render/stamp.py: SOURCE_DATE_EPOCH, else 1980-01-01) and fixed zip entry times, so the same
input gives the same bytes.
"""
from __future__ import annotations

from copy import copy

from firearms_gap.model import STATUSES
from firearms_gap.render.escape import clean
from firearms_gap.render.ooxml import save_workbook
from firearms_gap.render.palette import FILLS, HEADER_FILL, NON_BINDING_FILLS
from firearms_gap.render.stamp import document_time
from firearms_gap.views.labels import FORCE_LABELS, describe, filters_text, one_line, section_short, theme_label

MAX_CELL = 32767          # Excel's limit on the characters of a cell


def render_check(view) -> bytes:
    return _workbook(view.matrix())


def render_compare(view) -> bytes:
    return _workbook(view)


def _workbook(view) -> bytes:
    from openpyxl import Workbook

    view.batch.require_details()                   # the Sources sheet shows each cell's lines and notes
    # Write-only: each row goes to the sheet's temporary file as it is made, so a workbook of
    # thousands of jurisdictions is never held in memory cell by cell.
    wb = Workbook(write_only=True)
    try:
        return _render(wb, view)
    except BaseException:
        _discard(wb)
        raise


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


def _render(wb, view) -> bytes:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
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
            if font:
                proto.font = font
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

    def table(ws, header: list[str], rows, count: int, widths: list[int], freeze: str, fills=None):
        """rows: an iterable of `count` lists of values, written as they come."""
        last = get_column_letter(len(header))
        start(ws, f"A1:{last}{count + 1}", widths, freeze)
        ws.append([put(ws, text, font=bold, fill=HEADER_FILL) for text in header])
        n = 0
        for n, row in enumerate(rows, 1):
            cells = []
            for c, value in enumerate(row):
                fill = fills(n - 1, c, value) if fills else None
                cells.append(put(ws, value, fill=fill, font=bold if fill else None))
            ws.append(cells)
        if n != count:
            raise RuntimeError(f"sheet {ws.title}: {n} rows written, {count} announced")
        ws.auto_filter.ref = f"A1:{last}{max(n + 1, 2)}"
        ws.print_title_rows = "1:1"
        ws.page_setup.orientation = "landscape"

    batch = view.batch
    position = {r.id: i for i, r in enumerate(view.requirements)}
    by_section = [(position[r.id], r) for r in view.rows]
    jurisdictions = list(view.jurisdictions())

    # Matrix ------------------------------------------------------------------------------------
    ws = wb.create_sheet("Matrix")
    fixed = ["ID", "Requirement", "Legal force", "Binding", "Theme", "Source citation"]
    header = fixed + [one_line(x) for x in view.labels] + [f"Jurisdictions: {s}" for s in STATUSES]
    row_binding: list[bool] = []

    def matrix_rows():
        for _, r in by_section:
            counts = view.requirement_counts(r.id)
            row_binding.append(r.binding)
            yield [r.id, r.title, FORCE_LABELS[r.force], "yes" if r.binding else "no", theme_label(r.theme), r.citation,
                   *view.statuses(r.id), *[counts[s] for s in STATUSES]]
    first, last = len(fixed), len(fixed) + len(view.labels)

    def matrix_fill(i, c, value):
        if first <= c < last:
            return (FILLS if row_binding[i] else NON_BINDING_FILLS).get(value)
        return None
    table(ws, header, matrix_rows(), len(by_section),
          [22, 50, 24, 9, 16, 34] + [14] * len(view.labels) + [12] * len(STATUSES), "C2", matrix_fill)

    # Summary -----------------------------------------------------------------------------------
    sections = [section.key for section in view.sections]       # those with requirements

    def groups(s: dict) -> list:
        return ([("all", "all requirements", s["by_status"])]
                + [("section", section_short(k), s["by_section"][k]) for k in sections]
                + [("legal force", FORCE_LABELS[f], c) for f, c in s["by_force"].items()]
                + [("theme", theme_label(t), c) for t, c in s["by_theme"].items()])

    def summary_rows():
        for j in jurisdictions:
            s, col = j.summary, j.column
            base = [j.label, one_line(col.jurisdiction.get("name", "")), col.described_as_of or "", col.file]
            for kind, group, counts in groups(s):
                yield (base + [kind, group] + [counts[x] for x in STATUSES]
                       + ([len(s["failing"])] if kind == "all" else [""]))
    # Every jurisdiction has the same groups (the same requirements).
    count = len(jurisdictions) * len(groups(jurisdictions[0].summary)) if jurisdictions else 0
    table(wb.create_sheet("Summary"), ["Column", "Jurisdiction", "Law as of", "File", "Grouping", "Group", *STATUSES,
                                       f"Gap or partial at --fail-on {batch.fail_on}"], summary_rows(), count,
          [12, 30, 12, 34, 12, 30] + [11] * len(STATUSES) + [16], "C2")

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
          [12, 30, 20, 22, 14, 70, 40, 34, 24], "D2", source_fill)

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
    for k, v in about:
        ws.append([put(ws, k, font=bold), put(ws, v)])

    stamp = document_time()
    wb.properties.creator = "firearms-gap"
    wb.properties.created = wb.properties.modified = stamp
    return save_workbook(wb, stamp)

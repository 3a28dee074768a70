"""XLSX workbook of a BatchResult (compare; a check is a batch of one): bytes, for -o FILE only.

Sheets: Matrix (requirements x jurisdictions, frozen header, autofilter, status fill colour
AND status word), Summary (per jurisdiction: overall, binding / not binding, by legal force,
by theme), Sources (every cell's national provisions or what is missing, drafters' notes,
source citation), About (rulesets, versions, threshold, input errors).

Safety: every text cell is stored as a string (t="inlineStr"), never as a formula, even when
it starts with '='; control characters are replaced. Deterministic: fixed document dates
(SOURCE_DATE_EPOCH, else 1980-01-01) and fixed zip entry times, so the same input gives the
same bytes.
"""
from __future__ import annotations

import io
import zipfile
from copy import copy
from datetime import datetime

from firearms_gap.batch import BatchResult
from firearms_gap.model import STATUSES
from firearms_gap.render.batch_out import describe, one_line, section_requirements, section_short
from firearms_gap.render.common import FORCE_LABELS, SECTIONS, clean, national_lines, rulesets_line, section_of

FILLS = {"met": "D4EFD4", "partial": "FDE9B0", "gap": "F6C4C4", "not adopted": "EFE6F0", "not assessed": "ECECEC",
         "not applicable": "DBE9F6"}
NON_BINDING_FILLS = {**FILLS, "gap": "E6E0F3", "partial": "F1EEF8"}
MAX_CELL = 32767          # Excel's limit on the characters of a cell
EPOCH_1980 = datetime(1980, 1, 1)


def render(batch: BatchResult) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    bold = Font(bold=True)
    top = Alignment(vertical="top", wrap_text=True)
    # One prototype cell per style; other cells copy its style array (as openpyxl's own
    # copy_worksheet does): setting font, fill and alignment on every cell is 10x slower.
    scratch = wb.create_sheet("scratch")
    styles: dict[tuple, object] = {}

    def style(fill: str | None, font) -> object:
        key = (fill, font is not None)
        if key not in styles:
            proto = scratch.cell(row=len(styles) + 1, column=1)
            proto.alignment = top
            if fill:
                proto.fill = PatternFill("solid", fgColor=fill)
            if font:
                proto.font = font
            styles[key] = proto._style
        return styles[key]

    def put(ws, row: int, col: int, value, *, fill: str | None = None, font=None):
        cell = ws.cell(row=row, column=col)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            cell.value = value
        else:
            text = clean(str(value if value is not None else ""))
            cell.value = text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "\u2026"
            cell.data_type = "s"            # a string, never a formula ('=HYPERLINK(...)' stays text)
        cell._style = copy(style(fill, font))
        return cell

    def table(ws, header: list[str], rows: list[list], widths: list[int], freeze: str, fills=None):
        for c, text in enumerate(header, 1):
            put(ws, 1, c, text, font=bold, fill="E4E4E4")
        for r, row in enumerate(rows, 2):
            for c, value in enumerate(row, 1):
                fill = fills(r - 2, c - 1, value) if fills else None
                put(ws, r, c, value, fill=fill, font=bold if fill else None)
        for c, w in enumerate(widths, 1):
            ws.column_dimensions[get_column_letter(c)].width = w
        ws.freeze_panes = freeze
        ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(len(rows) + 1, 2)}"
        ws.print_title_rows = "1:1"
        ws.page_setup.orientation = "landscape"

    # Matrix ------------------------------------------------------------------------------------
    ws = wb.active
    ws.title = "Matrix"
    fixed = ["ID", "Requirement", "Legal force", "Binding", "Theme", "Source citation"]
    header = fixed + [one_line(x) for x in batch.labels] + [f"Jurisdictions: {s}" for s in STATUSES]
    rows, row_binding = [], []
    for key, _ in SECTIONS:
        for r in section_requirements(batch, key):
            counts = batch.requirement_counts(r.id)
            rows.append([r.id, r.title, FORCE_LABELS[r.force], "yes" if r.binding else "no", r.theme, r.citation,
                         *[c.status for c in batch.cells(r.id)], *[counts[s] for s in STATUSES]])
            row_binding.append(r.binding)
    first, last = len(fixed), len(fixed) + len(batch.labels)

    def matrix_fill(i, c, value):
        if first <= c < last:
            return (FILLS if row_binding[i] else NON_BINDING_FILLS).get(value)
        return None
    table(ws, header, rows, [22, 50, 24, 9, 16, 34] + [14] * len(batch.labels) + [12] * len(STATUSES), "C2",
          matrix_fill)

    # Summary -----------------------------------------------------------------------------------
    ws = wb.create_sheet("Summary")
    rows = []
    for label, rep in zip(batch.labels, batch.reports):
        s = batch.summary(rep)
        base = [label, one_line(rep.jurisdiction.get("name", "")), rep.described_as_of or "", rep.file]
        groups = [("all", "all requirements", s["by_status"])]
        groups += [("section", section_short(k), c) for k, c in s["by_section"].items()]
        groups += [("legal force", FORCE_LABELS[f], c) for f, c in s["by_force"].items()]
        groups += [("theme", t, c) for t, c in s["by_theme"].items()]
        for kind, group, counts in groups:
            rows.append(base + [kind, group] + [counts[x] for x in STATUSES]
                        + ([len(s["failing"])] if kind == "all" else [""]))
    table(ws, ["Column", "Jurisdiction", "Law as of", "File", "Grouping", "Group", *STATUSES,
               f"Gap or partial at --fail-on {batch.fail_on}"], rows,
          [12, 30, 12, 34, 12, 30] + [11] * len(STATUSES) + [16], "C2")

    # Sources -----------------------------------------------------------------------------------
    ws = wb.create_sheet("Sources")
    rows = []
    for label, rep in zip(batch.labels, batch.reports):
        for key, _ in SECTIONS:
            for r in (x for x in rep.results if section_of(x) == key):
                rows.append([label, rep.file, r.id, FORCE_LABELS[r.force], r.status,
                             "\n".join(national_lines(r)), "\n".join(r.notes), r.citation, r.ruleset])
    status_col = 4

    def source_fill(i, c, value):
        return FILLS.get(value) if c == status_col else None
    table(ws, ["Column", "File", "Requirement", "Legal force", "Status", "National provision / what is missing",
               "Drafter's notes", "Source citation", "Ruleset"], rows, [12, 30, 20, 22, 14, 70, 40, 34, 24], "D2",
          source_fill)

    # About -------------------------------------------------------------------------------------
    ws = wb.create_sheet("About")
    about = [["Report", f"Comparison of {len(batch.reports)} jurisdiction(s)" if len(batch.reports) != 1
              else f"Gap matrix: {describe(batch.reports[0])}"],
             ["Rulesets", rulesets_line(batch)],
             ["Tool", f"firearms-gap {batch.tool_version}"],
             ["Threshold", f"--fail-on {batch.fail_on}"],
             ["Filters", " ".join(f"--{k} {v}" for k, vs in sorted(batch.filters.items()) for v in vs) or "none"],
             ["Legal force", "Binding treaty obligations (mandatory, conditional, qualified) are marked 'yes' in the "
              "Binding column. Everything else (definitions, options, recommendations, discussion points, draft "
              "resolutions, context) is not an obligation: a 'gap' there is never a breach."],
             ["Complete", "yes" if batch.complete else "NO: some inputs could not be evaluated (below)"]]
    about += [["Input error", d.render()] for d in batch.input_errors]
    for r, (k, v) in enumerate(about, 1):
        put(ws, r, 1, k, font=bold)
        put(ws, r, 2, v)
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 110

    wb.remove(scratch)
    stamp = _stamp()
    wb.properties.creator = "firearms-gap"
    wb.properties.created = wb.properties.modified = stamp
    return _save(wb, stamp)


def _stamp() -> datetime:
    from firearms_gap.render.html import source_date

    when = source_date()
    return EPOCH_1980 if when is None else max(when.replace(tzinfo=None), EPOCH_1980)  # zip times start in 1980


def _save(wb, stamp: datetime) -> bytes:
    """Save without openpyxl's 'modified = now', then rewrite the zip with fixed entry times."""
    from openpyxl.writer.excel import ExcelWriter

    raw = io.BytesIO()
    ExcelWriter(wb, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED)).save()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            info = zipfile.ZipInfo(name, date_time=stamp.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            dst.writestr(info, src.read(name))
    return out.getvalue()

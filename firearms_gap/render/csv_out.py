"""CSV output, safe to open in Excel: formula-like cells are neutralised."""
from __future__ import annotations

import csv
import io

from firearms_gap.result import Report
from firearms_gap.render.common import FORCE_LABELS, national_lines

# With a byte order mark Excel reads the file as UTF-8 ("Côte d'Ivoire", not "CÃ´te d'Ivoire"): --csv-bom.
BOM = "\ufeff"

HEADER = ["id", "requirement", "legal_force", "binding", "status", "national_provision_or_missing",
          "source_citation", "ruleset", "theme", "kind"]


def safe_cell(value: str) -> str:
    """A cell starting with = + - @ TAB or CR is a formula to a spreadsheet; prefix a quote."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def render(report: Report) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(HEADER)
    for r in report.results:
        writer.writerow([safe_cell(str(v)) for v in (
            r.id, r.title, FORCE_LABELS[r.force], "yes" if r.binding else "no", r.status,
            " | ".join(national_lines(r)), r.citation, r.ruleset, r.theme, r.kind)])
    return buf.getvalue()

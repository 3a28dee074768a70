"""CSV of every report, safe to open in Excel: formula-like cells are neutralised
(escape.spreadsheet_text), CRLF line ends. `--csv-bom` adds BOM."""
from __future__ import annotations

import csv
import io

from firearms_gap.model import STATUSES
from firearms_gap.render.escape import clean, spreadsheet_text
from firearms_gap.views.labels import FORCE_LABELS

# With a byte order mark Excel reads the file as UTF-8 ("Côte d'Ivoire", not "CÃ´te d'Ivoire"): --csv-bom.
BOM = "\ufeff"

# Every row of a check carries the jurisdiction and the date of the law it describes, so that the
# CSVs of many checks can be stacked into one sheet (appended, so the earlier columns keep their place).
CHECK_HEADER = ["id", "requirement", "legal_force", "binding", "status", "national_provision_or_missing",
                "source_citation", "ruleset", "theme", "kind", "jurisdiction_code", "jurisdiction_name", "law_as_of"]
COMPARE_HEADER = ["id", "requirement", "legal_force", "binding", "theme", "ruleset", "source_citation"]
COUNT_COLUMNS = [s.replace(" ", "_") for s in STATUSES]
DIFF_HEADER = ["id", "requirement", "legal_force", "binding", "old_status", "new_status", "change", "regression",
               "what_changed", "source_citation", "ruleset", "theme", "elements_now_met", "element_changes"]


def _csv(header: list[str], rows) -> str:
    """The document: every cell cleaned and neutralised."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([spreadsheet_text(clean(h)) for h in header])
    writer.writerows([spreadsheet_text(clean(str(v))) for v in row] for row in rows)
    return buf.getvalue()


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def _where(jurisdiction: dict, described_as_of: str | None) -> tuple[str, str, str]:
    """Code, name and law's date of a jurisdiction ("" where the file does not say)."""
    return (str(jurisdiction.get("code", "")), str(jurisdiction.get("name", "")), described_as_of or "")


def render_check(view) -> str:
    """One row per requirement, in ruleset order."""
    where = _where(view.report.jurisdiction, view.report.described_as_of)
    return _csv(CHECK_HEADER, ((
        r.id, r.title, FORCE_LABELS[r.force], _yes(r.binding), r.status, " | ".join(view.lines[r.id]),
        r.citation, r.ruleset, r.theme, r.kind, *where) for r in view.results))


def render_compare(view) -> str:
    """The matrix: one row per requirement, one column per jurisdiction, then per-status counts."""
    def rows():
        for r in view.rows:
            counts = view.requirement_counts(r.id)
            yield (r.id, r.title, FORCE_LABELS[r.force], _yes(r.binding), r.theme, r.ruleset, r.citation,
                   *view.statuses(r.id), *[counts[s] for s in STATUSES])
    # Each jurisdiction's column named by its label (the code, with the file where codes repeat) and name.
    names = [f"{label}: {code_name[1]}" if code_name[1] else label
             for label, code_name in zip(view.labels, (_where(c.jurisdiction, None) for c in view.columns))]
    return _csv(COMPARE_HEADER + names + COUNT_COLUMNS, rows())


def render_diff(view) -> str:
    """One row per requirement that changes (status, what is missing, elements, or national citations);
    the element columns come last, so the earlier ones keep their place."""
    return _csv(DIFF_HEADER, ((
        c.requirement.id, c.requirement.title, FORCE_LABELS[c.requirement.force], _yes(c.requirement.binding),
        c.old.status, c.new.status, c.change, _yes(c.regression), " | ".join(view.change_lines(c)),
        c.requirement.citation, c.requirement.ruleset, c.requirement.theme,
        " ".join(c.now_met), view.elements_text(c)) for c in view.rows))

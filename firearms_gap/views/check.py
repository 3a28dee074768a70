"""CheckView: what the report of one `check` shows, built once from its Report."""
from __future__ import annotations

from firearms_gap.determinations import summary_line
from firearms_gap.findings import clean, file_notes_lines, statements
from firearms_gap.model import SECTIONS, section_of
from firearms_gap.result import count
from firearms_gap.views import common, labels


class CheckView:
    """The gap matrix of one jurisdiction: every format of `check` renders this.

    `report` stays available for the JSON contract, which writes the result's own fields."""

    report_name = "check"

    def __init__(self, report):
        self.report = report
        results = report.results
        self.title = labels.title_line(report)
        self.rulesets_line = labels.rulesets_line(report)
        self.results = results                                   # in ruleset order (CSV, JSON)
        self.sections = common.sections(results, party_status=report.party_status)
        # Each result's statements, made once for every format that shows them.
        self.lines = {r.id: statements(r) for r in results}
        self.by_status = report.counts()
        # Every section of the matrix, even one without requirements (a key scripts can rely on).
        self.by_section = {key: report.counts([r for r in results if section_of(r) == key]) for key, _ in SECTIONS}
        self.by_force = report.counts_by_force()
        self.failing = report.failing
        self.summary_lines = common.summary_lines(
            {s.key: self.by_section[s.key] for s in self.sections}, self.by_force, report.fail_on, len(self.failing),
            party_status=report.party_status, party_line=report.party_line)
        determined = summary_line(results)
        if determined:      # counted apart: the counts above stay those computed
            self.summary_lines.append(clean(determined))
        self.party_line = report.party_line
        # What the run set aside or ignored (law not in force, expired determinations) heads the report
        # with the file's own notes, in every format that shows them.
        self.file_notes = file_notes_lines(report.notes) + [clean(n) for n in getattr(report, "notices", ())]
        self.themes = common.themes(results)
        self.legend_forces = common.legend_forces(r.force for r in results)

    def theme_counts(self, theme: str, section: str) -> dict[str, int]:
        return count(r.status for r in self.results if r.theme == theme and section_of(r) == section)

    def matrix(self):
        """This check as a comparison of one jurisdiction (a CompareView), for the formats that
        lay every report out as a matrix of jurisdictions (xlsx)."""
        from firearms_gap.batch import from_report
        from firearms_gap.views.compare import CompareView

        return CompareView(from_report(self.report))

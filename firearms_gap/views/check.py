"""CheckView: what the report of one `check` shows, built once from its Report."""
from __future__ import annotations

import re

from firearms_gap.determinations import statement, summary_line
from firearms_gap.findings import clean, file_notes_lines, statements
from firearms_gap.model import NOT_A_PARTY, SECTIONS, SHORTFALLS, UNCITED, section_of
from firearms_gap.records import Record
from firearms_gap.result import count
from firearms_gap.views import common, labels

# "Firearms Protocol, art. 10(2)(a)" -> "art. 10": the article a chart groups a treaty provision under.
_ARTICLE = r"\bart\. ?(\d+)"       # compiled (by re, which keeps it) only for the charts of an HTML report


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

    # --- the executive summary and the charts of the HTML report ---------------------------------

    @property
    def benchmark(self) -> bool:
        """The State is not a Party to the Protocol: its shortfalls are a benchmark, never a breach."""
        return self.report.party_status == NOT_A_PARTY

    @property
    def shortfalls(self) -> tuple:
        """The shortfalls of the binding section (gap, partial, met but uncited), in ruleset order:
        what an executive summary lists. For a State not party to the Protocol they are shortfalls
        against a benchmark (`benchmark`), never breaches."""
        return tuple(r for r in self.results if section_of(r) == "binding" and r.status in SHORTFALLS)

    @staticmethod
    def missing_line(r) -> str:
        """What a shortfall lacks, on one line: the first unmet element's sentence, and how many
        more the matrix lists. A row the assessor determined says so first: nothing is hidden, and
        the determination (with the computed status) is what a reader must see."""
        if getattr(r, "determination", None) is not None:
            return labels.one_line(statement(r.determination, r.status))
        if r.status == UNCITED:
            return "Met on the answers given, but no national provision is cited for it."
        if r.missing:
            more = len(r.missing) - 1
            return labels.one_line(r.missing[0] + (f" (and {more} more shortfall{'s' if more > 1 else ''}: see the matrix)"
                                                    if more else ""))
        return labels.one_line("Not fully assessed yet; answer: " + ", ".join(r.unanswered))

    def chart_groups(self, section: str) -> list[tuple[str, dict[str, int]]]:
        """The status counts of one section's requirements, per treaty article where the citation
        names one ('art. 5'; 'Firearms Protocol, art. 5' when the section cites more than one
        instrument), otherwise per theme; groups in the order they first appear."""
        rows = [r for r in self.results if section_of(r) == section]
        found = [(r, re.search(_ARTICLE, r.citation)) for r in rows]
        instruments = {r.citation[:m.start()].rstrip(" ,") for r, m in found if m}
        groups: dict[str, list[str]] = {}
        for r, m in found:
            if m is None:
                name = labels.theme_label(r.theme)
            elif len(instruments) == 1:
                name = f"art. {m.group(1)}"
            else:
                name = f"{r.citation[:m.start()].rstrip(' ,')}, art. {m.group(1)}"
            groups.setdefault(name, []).append(r.status)
        return [(name, count(statuses)) for name, statuses in groups.items()]

    def matrix(self):
        """This check as a comparison of one jurisdiction (a CompareView), for the formats that
        lay every report out as a matrix of jurisdictions (xlsx)."""
        from firearms_gap.batch import from_report
        from firearms_gap.views.compare import CompareView

        return CompareView(from_report(self.report))

    def findings(self, statuses=SHORTFALLS):
        """The requirements whose status is one of `statuses`, by section of the matrix (binding
        first), each as one Finding: what the findings list (check's default output) shows."""
        wanted = set(statuses)
        return tuple((section, tuple(_finding(r, self.lines[r.id]) for r in section.rows if r.status in wanted))
                     for section in self.sections)

    @property
    def not_assessed(self) -> int:
        return self.by_status["not assessed"]


class Finding(Record):
    """One requirement in the findings list: who, how binding, what status, and the one sentence
    a reader needs first (the shortest thing missing); `more` is how many other sentences
    `check --explain ID` would show."""
    id: str
    status: str
    force: str
    citation: str
    sentence: str
    more: int
    benchmark: bool        # a treaty provision for a State not party to it: never a breach


def _finding(r, lines: list[str]) -> Finding:
    if getattr(r, "determination", None) is not None:
        # The assessor's determination is what a reader must see first: the computed status stays
        # in the status column and in the sentence ("computed: partial").
        return Finding(r.id, r.status, r.force, clean(r.citation), CheckView.missing_line(r), len(r.missing),
                       r.benchmark)
    if r.missing:
        shortest = min(r.missing, key=len)
        sentence, more = clean(shortest), len(r.missing) - 1
    else:
        said = [x for x in lines if not x.startswith("Benchmark:")]
        sentence, more = (said[0] if said else r.status), max(len(said) - 1, 0)
    return Finding(r.id, r.status, r.force, clean(r.citation), sentence, more, r.benchmark)

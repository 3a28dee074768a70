"""CompareView: what a comparison shows, built once from its BatchResult.

A comparison may cover thousands of jurisdictions, so the view computes per jurisdiction only
when a format asks (`jurisdictions()` is a generator) and keeps nothing per cell of its own."""
from __future__ import annotations

from functools import cached_property

from firearms_gap.views import common, labels
from firearms_gap.views.labels import counts_text, describe, theme_label


class Jurisdiction:
    """One column of the comparison, with its summary. Its description and summary lines are made
    when a format asks for them: the JSON of 5,000 jurisdictions needs neither."""

    def __init__(self, label: str, column, summary: dict, view: "CompareView"):
        self.label = label
        self.column = column            # batch.Column
        self.summary = summary          # BatchResult.summary(column): counts by status, section (every one), force, theme
        self._view = view

    @cached_property
    def description(self) -> str:
        """'Republic of Aldoria (XA) [fictional], law as of ...'"""
        return describe(self.column)

    @cached_property
    def summary_lines(self) -> list[str]:
        """As check shows them, then the counts by theme."""
        s, col, view = self.summary, self.column, self._view
        present = {k: c for k, c in s["by_section"].items() if k in view._sections_present}
        lines = common.summary_lines(present, s["by_force"], view.batch.fail_on, len(s["failing"]),
                                     party_status=col.party_status, party_line=col.party_line)
        lines.append("By theme: " + "; ".join(f"{theme_label(t)} " + counts_text(c, compact=True)
                                              for t, c in s["by_theme"].items()))
        return lines


class CompareView:
    report_name = "compare"

    def __init__(self, batch):
        self.batch = batch
        n = len(batch.columns)
        self.title = f"Comparison of {n} jurisdiction{'s' if n != 1 else ''}"
        self.rulesets_line = labels.rulesets_line(batch)
        self.complete = batch.complete
        self.input_errors = batch.input_errors
        self.labels = batch.labels
        self.columns = batch.columns
        self.requirements = batch.requirements
        self.sections = common.sections(batch.requirements)
        self.rows = tuple(r for s in self.sections for r in s.rows)          # in section order
        self._sections_present = {s.key for s in self.sections}
        self.counted = self._counted()
        self.legend_forces = common.legend_forces(r.force for r in batch.requirements)
        self.failing = batch.failing
        self.statuses = batch.statuses
        self.lines = batch.lines
        self.findings = batch.findings          # each cell's (national provisions, missing, unanswered)
        self.requirement_counts = batch.requirement_counts

    @property
    def incomplete_line(self) -> str:
        n = len({d.file for d in self.input_errors})
        return (f"INCOMPLETE: {n} input(s) could not be evaluated and are not in this comparison "
                f"({len(self.input_errors)} error(s)).")

    def _counted(self) -> list[str]:
        """The per-requirement counts shown beside the matrix: gap and partial, and "not adopted"
        when an optional provision is not taken up somewhere (it is never counted as a gap)."""
        shown = ["gap", "partial"]
        if any("not adopted" in col.statuses for col in self.batch.columns):
            shown.append("not adopted")
        return shown

    @property
    def failing_line(self) -> str | None:
        """The threshold over all jurisdictions (None when there is none, or no jurisdiction)."""
        if not self.columns or self.batch.fail_on == "none":
            return None
        return (f"Threshold --fail-on {self.batch.fail_on}: {len(self.failing)} of {len(self.columns)} "
                "jurisdiction(s) with a gap or partial result")

    def jurisdictions(self):
        """Each jurisdiction with its summary, in column order (made as they are asked for)."""
        batch = self.batch
        for label, col in zip(batch.labels, batch.columns):
            yield Jurisdiction(label, col, batch.summary(col), self)

"""DiffView: what a diff (OLD -> NEW) shows, built once from its DiffResult."""
from __future__ import annotations

from firearms_gap.findings import clean, statements
from firearms_gap.model import SECTIONS, section_of
from firearms_gap.views import common, labels
from firearms_gap.views.labels import counts_text, describe, one_line, section_short

# The summary's lines, one per kind of change (diff.CHANGES), in the order a reader wants them.
SUMMARY_ITEMS = (
    ("closes gap", "Gaps closed"),
    ("opens gap", "Gaps opened"),
    ("narrows gap", "Gaps narrowed (gap -> partial)"),
    ("widens gap", "Gaps widened (partial -> gap)"),
    ("missing changed", "Still short, but something else is missing"),
    ("elements changed", "Same status, but elements changed"),
    ("no longer assessed", "No longer assessed (not a gap closed: answer the questions)"),
    ("now assessed", "Now assessed"),
    ("now adopted", "Options now adopted"),
    ("partly adopted", "Options partly adopted"),
    ("not adopted", "Options not adopted (never a gap)"),
    ("status changed", "Other status changes"),
)
NO_CHANGES = "No requirement changes."
DIFFERENT_JURISDICTIONS = "The two files describe different jurisdictions."


class DiffView:
    report_name = "diff"

    def __init__(self, d):
        self.diff = d
        # Both files in the title: a printed or forwarded diff must say which draft it compares.
        self.title = f"Changes from OLD ({one_line(d.old.file)}) to NEW ({one_line(d.new.file)})"
        self.old, self.new = d.old, d.new
        self.sides = (("OLD", d.old), ("NEW", d.new))
        self.head_lines = [f"{name}: {describe(rep)} ({one_line(rep.file)})" for name, rep in self.sides]
        self.warning = None if d.same_jurisdiction else DIFFERENT_JURISDICTIONS
        if self.warning:
            self.head_lines.append("Note: the two files describe different jurisdictions.")
        self.rulesets_line = labels.rulesets_line(d)
        self.changes = d.changes
        self.sections = common.sections(d.changes, lambda c: c.requirement)
        self.rows = tuple(c for s in self.sections for c in s.rows)          # in section order
        self.summary_lines = self._summary_lines()
        self.legend_forces = common.legend_forces([c.requirement.force for c in d.changes]
                                                  + [r.force for r in d.new.results])

    def _summary_lines(self) -> list[str]:
        d = self.diff
        out = [f"{len(d.status_changes)} requirement(s) change status; "
               f"{len(d.changes) - len(d.status_changes)} keep their status with other details; {d.unchanged} unchanged."]
        for kind, label in SUMMARY_ITEMS:
            ids = d.ids(kind)
            if ids:
                out.append(f"{label} ({len(ids)}): {', '.join(ids)}")
        # A fix inside a requirement that is still not met (short, or not assessed because another
        # element is unanswered) is named element by element: "no longer assessed" alone would hide it.
        out += [f"Elements now met in {c.requirement.id} (still {c.new.status}): {self.elements_text(c)}"
                for c in d.changes if c.now_met and c.new.status not in ("met", "not applicable")]
        cited = [c.requirement.id for c in d.citation_changes]
        if cited:
            out.append(f"National citations changed ({len(cited)}): {', '.join(cited)}")
        for key, _ in SECTIONS:
            old = [r for r in d.old.results if section_of(r) == key]
            new = [r for r in d.new.results if section_of(r) == key]
            if old or new:
                out.append(f"{section_short(key)}: OLD {counts_text(d.old.counts(old), compact=True)}; "
                           f"NEW {counts_text(d.new.counts(new), compact=True)}")
        if d.fail_on != "none":
            out.append(f"Regressions at --fail-on {d.fail_on} ({len(d.regressions)}): " + (
                ", ".join(d.regressions) if d.regressions else "none"))
        return [clean(x) for x in out]

    @staticmethod
    def elements_text(c) -> str:
        """The requirement's elements in one line: 'a now met (was not met); b still not assessed'
        (elements whose state changed, then those NEW still finds short: ElementChange.shown)."""
        shown = [e for e in c.elements if e.shown]
        return "; ".join([f"{e.id} now {e.new} (was {e.old})" for e in shown if e.changed]
                         + [f"{e.id} still {e.new}" for e in shown if not e.changed])

    @staticmethod
    def element_lines(c) -> list[str]:
        """What changed in the requirement's elements, one element a line, in words: what a now-met
        element requires, what a now-unmet one leaves missing, what a not-assessed one needs answered;
        the elements still short are shown only beside a change."""
        if not c.changed_elements:
            return []
        lines = []
        for e in (e for e in c.elements if e.shown):
            head = f"{e.id} now {e.new} (was {e.old})" if e.changed else f"{e.id} still {e.new}"
            if e.new == "met":
                lines.append(f"{head}: {e.requires}")
            elif e.new == "not met":
                lines.append(f"{head}; missing: {e.gap}")
            else:
                lines.append(f"{head}; answer: {', '.join(e.unanswered)}")
        return lines

    @classmethod
    def change_lines(cls, c) -> list[str]:
        """What changed in one requirement, one statement a line."""
        if c.elements:
            lines = cls.element_lines(c)
        elif c.new.status == "not assessed":
            # Unknown in NEW: what OLD found missing is not "no longer missing", only no longer assessed.
            lines = ["Not assessed in NEW; answer: " + ", ".join(c.new.unanswered)]
        else:
            lines = [f"Now missing: {m}" for m in c.new.missing if m not in c.old.missing]
            lines += [f"No longer missing: {m}" for m in c.old.missing if m not in c.new.missing]
        if c.new.status == "not applicable":
            lines.append("Not applicable in NEW: " + (c.new.reason or "its condition does not hold"))
        lines += [f"Citation removed: {p}" for p in c.provisions_removed]
        lines += [f"Citation added: {p}" for p in c.provisions_added]
        return [clean(x) for x in lines]

    @staticmethod
    def statements(result) -> list[str]:
        """A side's statements about one requirement (findings.statements)."""
        return statements(result)

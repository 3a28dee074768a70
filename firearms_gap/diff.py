"""Draft against law: what changes between two framework files checked against the same RuleBook.

`compare_reports(old, new)` returns a `DiffResult`, the one object every diff format renders.

Kinds of change (per requirement, from its status in OLD and in NEW):
- closes gap: gap or partial -> met or not applicable;
- narrows gap: gap -> partial;           widens gap: partial -> gap;
- opens gap: met, not applicable or not assessed -> gap or partial;
- for an option ('shall consider', 'may', 'are encouraged'; status "not adopted", never "gap"):
  now adopted, partly adopted, not adopted instead of closes, narrows, opens/widens gap;
- no longer assessed: any other status -> not assessed (never counted as a gap closed);
- now assessed: not assessed -> met or not applicable;
- status changed: met <-> not applicable;
- missing changed: still a gap or partial, but something else is missing (or unanswered);
- elements changed: same status (not a shortfall), but an element's state changed (e.g. one
  element now met while another keeps the requirement not assessed);
- citations changed: same status and elements, other national provisions cited.

Each change also carries every element's state in OLD and in NEW (`Change.elements`), so that a
drafter who fixes one element and leaves another unanswered sees the fixed element reported as
now met, never only the requirement filed under "no longer assessed".

A *regression* is a requirement at the --fail-on threshold that is a shortfall (gap, partial, or
"not adopted" for an option, as --fail-on counts them) in NEW with
an element not met in NEW that OLD did not find unmet (so partial -> gap counts, and so does a
partial whose shortfall moved to another element). Nothing here prints or imports click.
"""
from __future__ import annotations

from dataclasses import dataclass

from firearms_gap.batch import RequirementInfo
from firearms_gap.diagnostics import InputError
from firearms_gap.engine import check
from firearms_gap.exitcodes import ExitCode
from firearms_gap.framework import parse_framework
from firearms_gap.model import FAIL_ON, NEVER_A_GAP, SHORTFALLS, RuleBook
from firearms_gap.result import Report, RequirementResult

SHORTFALL = SHORTFALLS          # gap, partial, not adopted: what --fail-on counts
CHANGES = ("closes gap", "narrows gap", "opens gap", "widens gap", "now adopted", "partly adopted", "not adopted",
           "no longer assessed", "now assessed", "status changed", "missing changed", "elements changed",
           "citations changed")
# An option ('shall consider', 'may', 'are encouraged') is never a gap: its changes are named for adoption.
_OPTION_WORDS = {"closes gap": "now adopted", "narrows gap": "partly adopted", "opens gap": "not adopted",
                 "widens gap": "not adopted"}


@dataclass(frozen=True)
class ElementChange:
    """One element of a requirement, its state (met | not met | not assessed) in OLD and in NEW."""
    id: str
    requires: str
    old: str
    new: str
    gap: str | None = None                # the ruleset's sentence, when not met in NEW
    unanswered: tuple[str, ...] = ()      # facts NEW does not answer that it needs
    # Whether the requirement's status weighs the element on each side: a "reach" element (does a
    # national definition narrow the obligation?) is not weighed while the obligation itself is short
    # or not assessed (engine.py), so it is not reported as still short there.
    weighed_old: bool = True
    weighed_new: bool = True

    @property
    def changed(self) -> bool:
        return self.old != self.new

    @property
    def shown(self) -> bool:
        """Worth a line: changed (to met, or where either side weighs it), or still short where NEW weighs it."""
        if self.changed:
            return self.new == "met" or self.weighed_old or self.weighed_new
        return self.new != "met" and self.weighed_new


def _weighed(e, r: RequirementResult) -> bool:
    """Whether r's status weighs element e: its gap is among what is missing, or its questions among
    those to answer (a met element is taken as weighed: it is reported only when it changes to met)."""
    if e.state == "not met":
        return e.gap in r.missing
    if e.state == "not assessed":
        return set(e.unanswered) <= set(r.unanswered)
    return True


def element_changes(o: RequirementResult, n: RequirementResult) -> tuple[ElementChange, ...]:
    """Every element's state in OLD and NEW, in ruleset order. Empty when a side evaluated no
    element (the requirement not applicable, or its applicability not assessed): its status says why."""
    if not o.elements or not n.elements:
        return ()
    old = {e.id: e for e in o.elements}
    return tuple(ElementChange(e.id, e.requires, old[e.id].state, e.state, e.gap, e.unanswered,
                               weighed_old=_weighed(old[e.id], o), weighed_new=_weighed(e, n))
                 for e in n.elements if e.id in old)


@dataclass(frozen=True)
class Change:
    requirement: RequirementInfo
    old: RequirementResult
    new: RequirementResult
    change: str
    regression: bool
    provisions_removed: tuple[str, ...] = ()
    provisions_added: tuple[str, ...] = ()
    newly_unmet: tuple[str, ...] = ()        # element ids not met in NEW that OLD did not find unmet
    elements: tuple[ElementChange, ...] = ()  # every element in OLD and NEW (element_changes)

    @property
    def changed_elements(self) -> tuple[ElementChange, ...]:
        return tuple(e for e in self.elements if e.changed)

    @property
    def now_met(self) -> tuple[str, ...]:
        """Elements met in NEW that OLD did not find met (a fix, whatever the requirement's status)."""
        return tuple(e.id for e in self.elements if e.new == "met" and e.old != "met")

    @property
    def status_changed(self) -> bool:
        return self.old.status != self.new.status


@dataclass(frozen=True)
class DiffResult:
    tool_version: str
    rulesets: tuple
    fail_on: str
    filters: dict
    old: Report
    new: Report
    changes: tuple[Change, ...]               # in ruleset order
    unchanged: int

    @property
    def same_jurisdiction(self) -> bool:
        return self.old.jurisdiction.get("code") == self.new.jurisdiction.get("code")

    def ids(self, *kinds: str) -> tuple[str, ...]:
        return tuple(c.requirement.id for c in self.changes if c.change in kinds)

    @property
    def status_changes(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.status_changed)

    @property
    def citation_changes(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.provisions_added or c.provisions_removed)

    @property
    def regressions(self) -> tuple[str, ...]:
        return tuple(c.requirement.id for c in self.changes if c.regression)

    @property
    def exit_code(self) -> ExitCode:
        """SHORTFALL when NEW regresses at the --fail-on threshold, else OK."""
        return ExitCode.SHORTFALL if self.regressions else ExitCode.OK

    def summary(self) -> dict:
        return {
            "status_changed": len(self.status_changes),
            "unchanged": self.unchanged,
            "closed": list(self.ids("closes gap")),
            "opened": list(self.ids("opens gap")),
            "narrowed": list(self.ids("narrows gap")),
            "widened": list(self.ids("widens gap")),
            "now_adopted": list(self.ids("now adopted")),
            "partly_adopted": list(self.ids("partly adopted")),
            "not_adopted": list(self.ids("not adopted")),
            "no_longer_assessed": list(self.ids("no longer assessed")),
            "now_assessed": list(self.ids("now assessed")),
            "missing_changed": list(self.ids("missing changed")),
            "elements_changed": list(self.ids("elements changed")),
            # Each element now met, as "<requirement>/<element>": a fix is listed here even when
            # another element leaves the requirement not assessed.
            "elements_now_met": [f"{c.requirement.id}/{e}" for c in self.changes for e in c.now_met],
            "citations_changed": [c.requirement.id for c in self.citation_changes],
            "regressions": list(self.regressions),
        }


def diff_files(old: tuple[bytes, str], new: tuple[bytes, str], book: RuleBook, *, fail_on: str = "mandatory",
               forces: tuple[str, ...] = (), themes: tuple[str, ...] = (), old_as_of: str | None = None,
               new_as_of: str | None = None, include_drafts: bool = False) -> DiffResult:
    """Check both files against `book` and compare. Problems in either file are raised together.
    `old_as_of` and `new_as_of` read each file's law on a date (in_force.py): one file on two dates
    shows what entries into force and repeals change."""
    reports, problems = [], []
    for (raw, name), as_of in ((old, old_as_of), (new, new_as_of)):
        try:
            reports.append(check(parse_framework(raw, name, book), book, fail_on=fail_on,
                                 forces=tuple(forces), themes=tuple(themes), as_of=as_of,
                                 include_drafts=include_drafts))
        except InputError as e:
            problems.extend(e.diagnostics)
    if problems:
        raise InputError(problems)
    return compare_reports(*reports)


def compare_reports(old: Report, new: Report) -> DiffResult:
    by_id = {r.id: r for r in new.results}
    threshold = FAIL_ON[new.fail_on]
    changes, unchanged = [], 0
    for o in old.results:
        n = by_id.get(o.id)
        if n is None:           # both reports come from one RuleBook and one filter, so this cannot happen
            continue
        elements = element_changes(o, n)
        change = _classify(o, n, any(e.changed for e in elements))
        if n.force in NEVER_A_GAP:
            change = _OPTION_WORDS.get(change, change)
        if change is None:
            unchanged += 1
            continue
        old_unmet = {e.id for e in o.elements if e.state == "not met"}
        newly_unmet = tuple(e.id for e in n.elements if e.state == "not met" and e.id not in old_unmet)
        regression = n.threshold_force in threshold and n.status in SHORTFALL and (
            o.status not in SHORTFALL or bool(newly_unmet))
        changes.append(Change(
            requirement=RequirementInfo.of(n), old=o, new=n, change=change, regression=regression,
            provisions_removed=tuple(p for p in o.provisions if p not in n.provisions),
            provisions_added=tuple(p for p in n.provisions if p not in o.provisions),
            newly_unmet=newly_unmet, elements=elements))
    return DiffResult(tool_version=new.tool_version, rulesets=new.rulesets, fail_on=new.fail_on,
                      filters=new.filters, old=old, new=new, changes=tuple(changes), unchanged=unchanged)


# How far each shortfall is from met: "met (uncited)" (met on the answers, no provision cited) is the
# nearest, then partial, then gap (or an option not adopted).
_SEVERITY = {"met (uncited)": 0, "partial": 1, "gap": 2, "not adopted": 2}


def _classify(o: RequirementResult, n: RequirementResult, elements_changed: bool = False) -> str | None:
    a, b = o.status, n.status
    if a == b:
        if a in SHORTFALL and (o.missing != n.missing or o.unanswered != n.unanswered or elements_changed):
            return "missing changed"
        if elements_changed:
            return "elements changed"
        if o.provisions != n.provisions:
            return "citations changed"
        return None
    if b == "not assessed":
        return "no longer assessed"
    if a in SHORTFALL and b in SHORTFALL:
        return "widens gap" if _SEVERITY[b] > _SEVERITY[a] else "narrows gap"
    if a in SHORTFALL:
        return "closes gap"
    if b in SHORTFALL:
        return "opens gap"
    if a == "not assessed":
        return "now assessed"
    return "status changed"


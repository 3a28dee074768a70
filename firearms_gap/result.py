"""The result of a check: one object, from which views/check.py builds what every format shows.

Immutable NamedTuple records (cheap to define at import; see model.py)."""

# No `from __future__ import annotations` in the record modules: see model.py.
from types import MappingProxyType
from typing import NamedTuple

from firearms_gap.model import BINDING_FORCES, FAIL_ON, FORCES, SHORTFALLS, STATUSES


def count(statuses) -> dict[str, int]:
    """How many of each status (every status a key, in STATUSES order): the one way every
    count of a report, a comparison and a view is made."""
    counts = dict.fromkeys(STATUSES, 0)
    for s in statuses:
        if s in counts:
            counts[s] += 1
    return counts


class ElementResult(NamedTuple):
    id: str
    requires: str
    citation: str
    state: str                          # met | not met | not assessed
    gap: str | None = None              # the ruleset's sentence, when not met
    unanswered: tuple[str, ...] = ()    # facts it needs that the file does not answer
    provisions: tuple[str, ...] = ()    # national provisions behind the answers it read


class RequirementResult(NamedTuple):
    id: str
    title: str
    ruleset: str
    citation: str
    force: str
    theme: str
    kind: str
    status: str
    qualifier: str | None = None
    provisions: tuple[str, ...] = ()    # national provisions that meet it (met elements)
    missing: tuple[str, ...] = ()       # what is missing (gap sentences of unmet elements)
    unanswered: tuple[str, ...] = ()    # facts to answer before it can be assessed
    reason: str | None = None           # why not applicable
    unsupported: tuple[str, ...] = ()   # facts read whose answer cites no national provision
    unverified: tuple[str, ...] = ()    # answers the file marks as unverified
    notes: tuple[str, ...] = ()         # drafter's notes on the answers read
    elements: tuple[ElementResult, ...] = ()

    @property
    def binding(self) -> bool:
        return self.force in BINDING_FORCES


class RulesetInfo(NamedTuple):
    id: str
    version: str
    title: str
    instrument: str

    @classmethod
    def of(cls, ruleset) -> "RulesetInfo":
        return cls(ruleset.id, ruleset.version, ruleset.title, ruleset.instrument["name"])


class Report(NamedTuple):
    tool_version: str
    file: str
    jurisdiction: dict
    described_as_of: str | None
    party_to: tuple[str, ...]
    rulesets: tuple[RulesetInfo, ...]
    results: tuple[RequirementResult, ...]
    fail_on: str
    filters: dict = MappingProxyType({})   # immutable: a NamedTuple default is shared

    def counts(self, results=None) -> dict[str, int]:
        return count(r.status for r in (self.results if results is None else results))

    def counts_by_force(self) -> dict[str, dict[str, int]]:
        present = [f for f in FORCES if any(r.force == f for r in self.results)]
        return {f: self.counts([r for r in self.results if r.force == f]) for f in present}

    @property
    def failing(self) -> tuple[str, ...]:
        forces = FAIL_ON[self.fail_on]
        return tuple(r.id for r in self.results if r.force in forces and r.status in SHORTFALLS)

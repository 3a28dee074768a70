"""The result of a check: one object, from which views/check.py builds what every format shows.

Immutable records (records.Record: cheap to define at import; see model.py)."""

from __future__ import annotations

from types import MappingProxyType

from firearms_gap.model import (BINDING_FORCES, FAIL_ON, FORCES, NOT_A_PARTY, PARTY, PARTY_NOT_STATED, SECTIONS,
                                SHORTFALLS, STATUSES)
from firearms_gap.records import Record

PARTY_NOT_STATED_GENERIC = ""

# Titles of the three sections of the matrix (model.SECTIONS). The first one depends on whether the
# State is a Party to the treaty (Report.party_status): a State that is not a Party cannot breach it,
# so its provisions are shown as a benchmark.
SECTION_TITLES = {
    **dict(SECTIONS),
    "binding": {
        PARTY: "Treaty obligations (binding on this State as a Party, subject to their own qualifiers)",
        NOT_A_PARTY: "Treaty provisions as a benchmark (this State is not a Party: not binding on it, never a breach)",
        PARTY_NOT_STATED: "Treaty obligations (binding on States Parties, subject to their own qualifiers; "
                          "the file does not state whether this State is a Party)",
        # The Firearms Protocol ruleset is not among those checked: nothing is said about party status.
        PARTY_NOT_STATED_GENERIC: dict(SECTIONS)["binding"],
    },
}


def section_title(key: str, party_status: str | None = None) -> str:
    """The title of a section of the matrix for a State of this party status (None: not said)."""
    title = SECTION_TITLES[key]
    return title[party_status or PARTY_NOT_STATED_GENERIC] if isinstance(title, dict) else title


def count(statuses) -> dict[str, int]:
    """How many of each status (every status a key, in STATUSES order): the one way every
    count of a report, a comparison and a view is made."""
    counts = dict.fromkeys(STATUSES, 0)
    for s in statuses:
        if s in counts:
            counts[s] += 1
    return counts


class ElementResult(Record):
    id: str
    requires: str
    citation: str
    state: str                          # met | not met | not assessed
    gap: str | None = None              # the ruleset's sentence, when not met
    unanswered: tuple[str, ...] = ()    # facts it needs that the file does not answer
    provisions: tuple[str, ...] = ()    # national provisions behind the answers it read


class RequirementResult(Record):
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
    evidence: tuple[str, ...] = ()      # where the answers read come from (the file's `evidence:`)
    benchmark: bool = False             # a treaty provision for a State not party to the treaty
    # The assessor's determinations.Determination (None: none): shown beside `status`, which stays
    # the computed status; one in effect takes the row out of --fail-on's shortfalls.
    determination: object = None
    not_in_force: tuple[str, ...] = ()  # answers set aside: every provision they cite is not law on the date
    assistance: tuple = ()              # needs.Assistance recorded on the answers read

    @property
    def determined(self) -> bool:
        """Carries a determination in effect (not expired)."""
        return self.determination is not None and self.determination.in_effect

    @property
    def binding(self) -> bool:
        """Binds this State: a binding force, of a treaty it has not stayed out of."""
        return self.force in BINDING_FORCES and not self.benchmark

    @property
    def threshold_force(self) -> str:
        """The force --fail-on weighs: a benchmark weighs as a voluntary recommendation."""
        return "recommended" if self.benchmark else self.force


class RulesetInfo(Record):
    id: str
    version: str
    title: str
    instrument: str

    @classmethod
    def of(cls, ruleset) -> "RulesetInfo":
        return cls(ruleset.id, ruleset.version, ruleset.title, ruleset.instrument["name"])


class Report(Record):
    tool_version: str
    file: str
    jurisdiction: dict
    described_as_of: str | None
    party_to: tuple[str, ...]
    rulesets: tuple[RulesetInfo, ...]
    results: tuple[RequirementResult, ...]
    fail_on: str
    filters: dict = MappingProxyType({})   # immutable: a record's default is shared
    # To the Firearms Protocol (model.py PARTY, NOT_A_PARTY, PARTY_NOT_STATED); None when the Protocol
    # ruleset is not among those checked, so nothing is said about it.
    party_status: str | None = None
    notes: str | None = None               # the framework file's own `notes` (caveats on the whole file)
    as_of: str | None = None               # the date the law was read on (--as-of, else described_as_of)
    notices: tuple[str, ...] = ()          # what the run set aside or ignored, for the head of the report

    def section_title(self, key: str) -> str:
        return section_title(key, self.party_status)

    @property
    def party_line(self) -> str | None:
        """One sentence on what the State's party status means for the matrix (None: Protocol not checked)."""
        if self.party_status is None:
            return None
        if self.party_status == PARTY:
            return "Party to the Firearms Protocol: its obligations bind this State."
        if self.party_status == NOT_A_PARTY:
            return ("Not a Party to the Firearms Protocol (listed in not_party_to): its provisions are a benchmark "
                    "for this State, never a breach; their shortfalls count only from --fail-on recommended.")
        return ("Party status to the Firearms Protocol not stated (neither party_to nor not_party_to lists it): "
                "its obligations are shown as binding on States Parties.")

    def counts(self, results=None) -> dict[str, int]:
        return count(r.status for r in (self.results if results is None else results))

    def counts_by_force(self) -> dict[str, dict[str, int]]:
        present = [f for f in FORCES if any(r.force == f for r in self.results)]
        return {f: self.counts([r for r in self.results if r.force == f]) for f in present}

    @property
    def failing(self) -> tuple[str, ...]:
        forces = FAIL_ON[self.fail_on]
        # A determination in effect closes the shortfall: that is what an assessor asserts with it.
        return tuple(r.id for r in self.results
                     if r.threshold_force in forces and r.status in SHORTFALLS and not r.determined)

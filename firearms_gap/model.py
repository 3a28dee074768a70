"""The data model: rulesets, their facts and requirements, and citations.

Immutable records built from validated YAML. Nothing here reads files or prints.

The records are named tuples (records.Record, declared as a typing.NamedTuple is) rather than
frozen dataclasses: they are as immutable and as readable, and defining one costs a fraction as
much - a frozen dataclass writes and execs six methods per class at import, ~4 ms for this
module, paid on every `check` (records.py says what Record saves over typing.NamedTuple).
"""
from __future__ import annotations

from types import MappingProxyType

from firearms_gap.records import Record

NO_OPTIONS = MappingProxyType({})   # an immutable default: a record's default is shared by every record

# Legal-force levels, strongest first. The words follow the Protocol's own: "shall", "shall
# consider", "may", "are encouraged".
FORCES: dict[str, str] = {
    "mandatory": "binding: 'shall' with no softening words",
    "conditional": "binding once its stated situation applies",
    "qualified": "binding 'shall' softened by a qualifier (e.g. 'where appropriate', 'within their domestic legal systems')",
    "definitional": "a definition the obligations rely on; not an obligation by itself",
    "optional": "'shall consider': a duty to consider, adopting the measure is optional",
    "permissive": "'may': an option, never a breach if unused",
    "hortatory": "'are encouraged': never a breach",
    "recommended": "a voluntary recommendation adopted by the Working Group; not a treaty obligation",
    "draft_resolution": "an operative paragraph of a draft resolution whose adoption and final wording are unconfirmed; not a treaty obligation",
    "discussion_point": "a point from a Chair's summary, never adopted; not a recommendation",
    "secretariat_recommendation": "a recommendation the Secretariat makes in a background paper, never adopted by the Working Group; not a treaty obligation",
    "context": "background material (e.g. a Secretariat paper); context, not a recommendation",
}

# Forces whose measures a State Party is bound to take (subject to their own qualifiers).
BINDING_FORCES = ("mandatory", "conditional", "qualified")

# --fail-on thresholds: which forces make a gap or partial result exit 1.
FAIL_ON: dict[str, tuple[str, ...]] = {
    "mandatory": ("mandatory", "conditional"),
    "qualified": ("mandatory", "conditional", "qualified"),
    "definitional": ("mandatory", "conditional", "qualified", "definitional"),
    "optional": ("mandatory", "conditional", "qualified", "definitional", "optional", "permissive", "hortatory"),
    "recommended": ("mandatory", "conditional", "qualified", "definitional", "optional", "permissive",
                    "hortatory", "recommended", "draft_resolution", "secretariat_recommendation"),
    "any": tuple(FORCES),
    "none": (),
}

STATUSES = ("met", "met (uncited)", "partial", "gap", "not adopted", "not assessed", "not applicable")

# "met" is a statement about national law, so it needs a national provision behind it: a requirement
# whose every element is met, but whose answers cite no national provision, is "met (uncited)" -
# counted apart from "met" and, for the forces --fail-on includes, a shortfall until a provision is cited.
UNCITED = "met (uncited)"

# A missing measure under "shall consider", "may" or "are encouraged" is
# "optional, not adopted" - never a gap. Such requirements report "not adopted" instead of "gap".
NEVER_A_GAP = ("optional", "permissive", "hortatory")

# Statuses that count against --fail-on (for the forces the threshold includes).
SHORTFALLS = ("gap", "partial", "not adopted", "met (uncited)")

# Party status of the State to the treaty a ruleset encodes (framework file `party_to`). A State that
# is not a Party is not bound by the treaty (UNTOC art. 37(3) for its protocols): its provisions are a
# benchmark for it, never a breach. "not stated" (no or an empty `party_to`) keeps the treaty framing.
PARTY = "party"
NOT_A_PARTY = "not a party"
PARTY_NOT_STATED = "not stated"

# The matrix is always split into these three sections, with separate counts, so that a report
# never presents a definition, an option or a recommendation as a breach of the Protocol.
SECTIONS = (
    ("binding", "Treaty obligations (binding on States Parties, subject to their own qualifiers)"),
    # A definition is no duty by itself, but it fixes the reach of the obligations: a narrower national
    # definition shows as a shortfall of each obligation it narrows (the rulesets' "reach" elements).
    ("treaty-non-binding", "Treaty definitions, options and encouragements (definitions fix the reach of the "
                           "obligations above; options and encouragements are never a breach)"),
    ("soft-law", "Recommendations (of the Working Group, or of the Secretariat and not adopted), discussion points, "
                 "draft resolutions and context (voluntary; never a breach)"),
)
SECTION_OF_FORCE = {
    "mandatory": "binding", "conditional": "binding", "qualified": "binding",
    "definitional": "treaty-non-binding", "optional": "treaty-non-binding", "permissive": "treaty-non-binding",
    "hortatory": "treaty-non-binding",
    "recommended": "soft-law", "draft_resolution": "soft-law", "discussion_point": "soft-law",
    "secretariat_recommendation": "soft-law", "context": "soft-law",
}


def section_of(r) -> str:
    """Which section of the matrix a requirement (or its result) belongs to, by its legal force."""
    return SECTION_OF_FORCE[r.force]


class Citation(Record):
    article: str | None = None
    paragraph: str | None = None
    subparagraph: str | None = None
    point: str | None = None
    part: str | None = None
    item_label: str | None = None
    item: str | None = None
    item_sub: str | None = None

    @classmethod
    def from_data(cls, data: dict | None) -> "Citation":
        return cls(**(data or {}))

    def local(self) -> str:
        """'art. 8(1)(a)' or 'recommendation 3(b)'."""
        if self.article:
            text = f"art. {self.article}"
            for sub in (self.paragraph, self.subparagraph, self.point):
                if sub:
                    text += f"({sub})"
        elif self.item:
            text = f"{self.item_label or 'para.'} {self.item}"
            if self.item_sub:
                text += f"({self.item_sub})"
        else:
            text = ""
        if self.part:
            text = f"{text}, {self.part}" if text else self.part
        return text

    def as_dict(self) -> dict:
        return {k: v for k, v in self._asdict().items() if v is not None}


class Fact(Record):
    id: str
    question: str
    type: str
    unit: str | None = None
    options: dict[str, str] = NO_OPTIONS
    help: str | None = None
    declared_in: str = ""

    @property
    def group(self) -> str:
        return self.id.split(".", 1)[0]

    @property
    def name(self) -> str:
        return self.id.split(".", 1)[1]


class Element(Record):
    id: str
    requires: str
    when: dict
    gap: str
    cites: Citation | None = None
    # A "reach" element checks that a national definition does not narrow the obligation (art. 3 feeds
    # arts. 5-8, 10 and 11). It only ever takes away from "met": engine.py, _status.
    reach: bool = False


class Requirement(Record):
    id: str
    ruleset: str
    instrument: str
    title: str
    citation: Citation
    force: str
    theme: str
    kind: str
    elements: tuple[Element, ...]
    qualifier: str | None = None
    source_text: str | None = None
    applies_if: dict | None = None
    not_applicable_reason: str | None = None
    builds_on: tuple[str, ...] = ()
    restates: tuple[str, ...] = ()
    verification: str | None = None
    unconfirmed: str | None = None
    note: str | None = None
    # The source only asks States to consider or explore the measure ("may wish to consider"):
    # its absence is "not adopted", as under a Protocol option, never a gap.
    asks_to_consider: bool = False

    @property
    def cited_as(self) -> str:
        return f"{self.instrument}, {self.citation.local()}"

    def element_citation(self, element: Element) -> str:
        return f"{self.instrument}, {(element.cites or self.citation).local()}"


class NotEncoded(Record):
    provision: str
    reason: str
    force: str | None = None


class CoverageItem(Record):
    item: str
    summary: str
    encoded_as: tuple[str, ...] = ()
    excluded: str | None = None


class Ruleset(Record):
    id: str
    version: str
    title: str
    instrument: dict
    groups: dict[str, dict]
    facts: dict[str, Fact]
    requirements: tuple[Requirement, ...]
    not_encoded: tuple[NotEncoded, ...]
    origin: str
    description: str | None = None
    item_label: str | None = None
    coverage: tuple[CoverageItem, ...] = ()


class RuleBook(Record):
    """The rulesets selected for one run, with their facts merged into one vocabulary."""
    rulesets: tuple[Ruleset, ...]
    groups: dict[str, dict]
    facts: dict[str, Fact]
    requirements: tuple[Requirement, ...]

    def requirement(self, rid: str) -> Requirement | None:
        return next((r for r in self.requirements if r.id == rid), None)

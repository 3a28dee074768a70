"""Assistance needs: what help a jurisdiction needs to close a gap, as the adviser records it on
the answers of its framework file (`assistance:`), and the list `firearms-gap needs` prints.

The vocabulary is the tool's own, modelled on the kinds of technical assistance UNODC's firearms
programme offers; no source of the rulesets defines it, and it is not an official classification.
"""
from __future__ import annotations

from firearms_gap.records import Record

# tag -> how a report writes it (README, "Assistance needs")
NEEDS = {
    "legislative_drafting": "legislative drafting",
    "institutional_capacity": "institutional capacity",
    "marking_equipment": "marking equipment",
    "record_keeping_systems": "record-keeping systems",
    "training": "training",
    "forensic_tracing_capacity": "forensic and tracing capacity",
    "international_cooperation": "international cooperation",
    "other": "other",
}


class Assistance(Record):
    """The needs recorded on one answer."""
    fact: str
    needs: tuple[str, ...]              # keys of NEEDS
    other: str | None = None            # what "other" is (required with it)
    note: str | None = None

    def words(self) -> str:
        named = [self.other if n == "other" and self.other else NEEDS[n] for n in self.needs]
        return ", ".join(named) + (f" ({self.note})" if self.note else "")


def statement(items) -> list[str]:
    """The rows' lines: 'Assistance needed (fact): training, marking equipment (note)'."""
    return [f"Assistance needed ({a.fact}): {a.words()}" for a in items]


class NeedRow(Record):
    jurisdiction: dict
    file: str
    requirement: str
    title: str
    citation: str
    status: str
    fact: str
    needs: tuple[str, ...]
    other: str | None
    note: str | None


def rows(reports) -> list[NeedRow]:
    """Every need recorded, by requirement then jurisdiction: one row per (requirement, jurisdiction,
    answer). Only requirements that are not met (a shortfall, or not assessed) list needs: a need on
    an answer of a met requirement does not concern it."""
    out = []
    for report in reports:
        for r in report.results:
            if r.status in ("met", "not applicable"):
                continue
            for a in r.assistance:
                out.append(NeedRow(report.jurisdiction, report.file, r.id, r.title,
                                   r.citation, r.status + (" (determined " + r.determination.status + ")" if r.determined else ""), a.fact, a.needs, a.other, a.note))
    from firearms_gap.model import SECTIONS, section_of

    rank = {key: i for i, (key, _) in enumerate(SECTIONS)}
    order = {}
    for report in reports:      # binding obligations first, then the ruleset order
        for i, r in enumerate(report.results):
            order.setdefault(r.id, (rank[section_of(r)], i))
    return sorted(out, key=lambda n: (order[n.requirement], n.file, n.fact))

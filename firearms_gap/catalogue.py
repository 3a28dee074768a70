"""What the rulesets contain: requirement listings, one requirement in full, and coverage
of every numbered item of every source document. Pure data in, text or data out."""
from __future__ import annotations

from dataclasses import dataclass

from firearms_gap.conditions import describe
from firearms_gap.model import FORCES, Requirement, RuleBook


def select(book: RuleBook, *, forces=(), themes=(), kinds=()) -> list[Requirement]:
    return [r for r in book.requirements
            if (not forces or r.force in forces) and (not themes or r.theme in themes)
            and (not kinds or r.kind in kinds)]


def related(book: RuleBook, rid: str) -> dict[str, list[str]]:
    """Links in both directions, across every loaded ruleset."""
    req = book.requirement(rid)
    return {
        "builds_on": list(req.builds_on) if req else [],
        "restates": list(req.restates) if req else [],
        "built_on_by": [r.id for r in book.requirements if rid in r.builds_on],
        "restated_by": [r.id for r in book.requirements if rid in r.restates],
    }


def requirement_data(book: RuleBook, req: Requirement) -> dict:
    return {
        "id": req.id, "ruleset": req.ruleset, "title": req.title, "citation": req.cited_as,
        "force": req.force, "force_meaning": FORCES[req.force], "qualifier": req.qualifier,
        "theme": req.theme, "kind": req.kind, "source_text": req.source_text,
        "applies_if": describe(req.applies_if) if req.applies_if else None,
        "not_applicable_reason": req.not_applicable_reason,
        "elements": [{"id": e.id, "requires": e.requires, "citation": req.element_citation(e),
                      "met_when": describe(e.when), "gap": e.gap} for e in req.elements],
        "related": related(book, req.id),
        "verification": req.verification, "unconfirmed": req.unconfirmed, "note": req.note,
        "asks_to_consider": req.asks_to_consider,
    }


@dataclass(frozen=True)
class CoverageRow:
    ruleset: str
    source: str
    item: str                 # "recommendation 3", "art. 9(a)"
    summary: str
    encoded_as: tuple[str, ...]
    excluded: str | None


def coverage(book: RuleBook) -> list[CoverageRow]:
    """Every numbered item of every selected ruleset's source, encoded or excluded with a reason.

    Rulesets over a document list their items under `coverage`; a treaty ruleset (no
    coverage list) is covered by its requirements plus its `not_encoded` provisions.
    """
    rows: list[CoverageRow] = []
    for rs in book.rulesets:
        source = rs.instrument["name"]
        if rs.coverage:
            for c in rs.coverage:
                rows.append(CoverageRow(rs.id, source, f"{rs.item_label} {c.item}", c.summary,
                                        c.encoded_as, c.excluded))
            continue
        by_provision: dict[str, list[str]] = {}
        titles: dict[str, str] = {}
        for r in rs.requirements:
            key = r.citation.local()
            by_provision.setdefault(key, []).append(r.id)
            titles.setdefault(key, r.title)
        for key, ids in by_provision.items():
            rows.append(CoverageRow(rs.id, source, key, titles[key], tuple(ids), None))
        for n in rs.not_encoded:
            rows.append(CoverageRow(rs.id, source, n.provision, "", (), n.reason))
    return rows


def uncovered_requirements(book: RuleBook) -> list[str]:
    """Requirements of document rulesets that no coverage item names (a coverage hole the other way)."""
    out = []
    for rs in book.rulesets:
        if rs.coverage:
            named = {rid for c in rs.coverage for rid in c.encoded_as}
            out += [r.id for r in rs.requirements if r.id not in named]
    return out

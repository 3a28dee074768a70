"""Evaluate a framework against a RuleBook: each requirement's status, derived from its elements.

Status rules (README, "Statuses"):
- applicability condition false -> not applicable (with the reason);
- applicability unknown -> not assessed;
- every element met -> met;
- every element answered, none met -> gap ("not adopted" for optional, permissive and
  hortatory provisions, which are never a gap: protocol-text.md §0.4, and for a soft-law item
  that only asks States to consider a measure, `asks_to_consider`);
- every element answered, some met -> partial;
- some element unanswered, none found unmet -> not assessed (we never guess a gap);
- some element unanswered, some found unmet -> partial: a shortfall is established,
  but without the missing answers it cannot be called a complete gap.
"""
from __future__ import annotations

from firearms_gap import __version__
from firearms_gap.conditions import OpenList, evaluate
from firearms_gap.framework import Framework
from firearms_gap.model import NEVER_A_GAP, Requirement, RuleBook
from firearms_gap.result import ElementResult, Report, RequirementResult, RulesetInfo


def check(framework: Framework, book: RuleBook, *, fail_on: str = "mandatory",
          forces: tuple[str, ...] = (), themes: tuple[str, ...] = ()) -> Report:
    values = {fid: (OpenList(a.value) if a.partial_list else a.value) for fid, a in framework.answers.items()}
    # Each answer's national provisions as report text, rendered once per file rather than once
    # for every requirement element that reads the answer.
    cited = {fid: _unique(framework.render_provision(p) for p in a.provisions)
             for fid, a in framework.answers.items()}
    results = tuple(
        _evaluate(r, framework, values, cited) for r in book.requirements
        if (not forces or r.force in forces) and (not themes or r.theme in themes))
    return Report(
        tool_version=__version__, file=framework.name, jurisdiction=dict(framework.jurisdiction),
        described_as_of=framework.described_as_of, party_to=framework.party_to,
        rulesets=tuple(map(RulesetInfo.of, book.rulesets)),
        results=results, fail_on=fail_on,
        filters={"force": list(forces), "theme": list(themes)})


def _evaluate(req: Requirement, fw: Framework, values: dict, cited: dict) -> RequirementResult:
    common = dict(id=req.id, title=req.title, ruleset=req.ruleset, citation=req.cited_as, force=req.force,
                  theme=req.theme, kind=req.kind, qualifier=req.qualifier)
    if req.applies_if is not None:
        gate = evaluate(req.applies_if, values)
        if gate.value is None:
            return RequirementResult(status="not assessed", unanswered=tuple(gate.missing), **common,
                                     **_about(gate.read, fw))
        if gate.value is False:
            return RequirementResult(status="not applicable", reason=req.not_applicable_reason,
                                     provisions=_provisions(gate.read, cited), **common, **_about(gate.read, fw))
    elements = []
    read: list[str] = []
    for el in req.elements:
        out = evaluate(el.when, values)
        read += [f for f in out.read if f not in read]
        state = {True: "met", False: "not met", None: "not assessed"}[out.value]
        elements.append(ElementResult(
            id=el.id, requires=el.requires, citation=req.element_citation(el), state=state,
            gap=el.gap if out.value is False else None, unanswered=tuple(out.missing),
            provisions=_provisions(out.read, cited)))
    states = [e.state for e in elements]
    if all(s == "met" for s in states):
        status = "met"
    elif "not met" not in states:
        status = "not assessed"
    elif "met" in states or "not assessed" in states:
        status = "partial"
    else:
        status = "not adopted" if req.force in NEVER_A_GAP or req.asks_to_consider else "gap"
    met_provisions = _unique(p for e in elements if e.state == "met" for p in e.provisions)
    unmet_provisions = _unique(p for e in elements if e.state == "not met" for p in e.provisions)
    return RequirementResult(
        status=status, elements=tuple(elements),
        provisions=met_provisions if status in ("met", "partial") else unmet_provisions,
        missing=tuple(e.gap for e in elements if e.gap),
        unanswered=_unique(f for e in elements for f in e.unanswered),
        **common, **_about(read, fw))


def _about(read: list[str], fw: Framework) -> dict:
    answers = [fw.answers[f] for f in read if f in fw.answers]
    return {"unsupported": tuple(a.fact for a in answers if not a.provisions),
            "unverified": tuple(f"{a.fact}: {a.unverified}" for a in answers if a.unverified),
            "notes": tuple(f"{a.fact}: {a.note}" for a in answers if a.note)}


def _provisions(read: list[str], cited: dict) -> tuple[str, ...]:
    return _unique(p for f in read for p in cited.get(f, ()))


def _unique(items) -> tuple[str, ...]:
    """The items once each, in first-seen order."""
    return tuple(dict.fromkeys(items))

"""Evaluate a framework against a RuleBook: each requirement's status, derived from its elements.

Status rules (README, "Statuses"):
- applicability condition false -> not applicable (with the reason);
- applicability unknown -> not assessed;
- every element met -> met, or "met (uncited)" when an answer it rests on cites no national
  provision (a "met" is a statement about national law and needs a provision behind it);
- every element answered, none met -> gap ("not adopted" for optional, permissive and
  hortatory provisions, which are never a gap (the words "shall consider", "may", "are
  encouraged" oblige no measure), and for a soft-law item
  that only asks States to consider a measure, `asks_to_consider`);
- every element answered, some met -> partial;
- some element unanswered, none found unmet -> not assessed (we never guess a gap);
- some element unanswered, some found unmet -> partial: a shortfall is established,
  but without the missing answers it cannot be called a complete gap.
"Reach" elements (a national definition must not narrow the obligation, art. 3 for arts. 5-8, 10
and 11) only take away from "met": an obligation whose own elements are met is partial if a
definition narrows it and not assessed if the definition is unanswered; they are not weighed when
the obligation itself falls short, so a missing offence stays a gap, never "partial".
"""
from __future__ import annotations

from firearms_gap import __version__
from firearms_gap.conditions import OpenList, compiled, evaluate
from firearms_gap.determinations import applied
from firearms_gap.findings import clean
from firearms_gap.in_force import law_on
from firearms_gap.framework import INSTRUMENTS, Framework
from firearms_gap.model import NEVER_A_GAP, NOT_A_PARTY, PARTY, PARTY_NOT_STATED, UNCITED, Requirement, RuleBook
from firearms_gap.result import ElementResult, Report, RequirementResult, RulesetInfo


def check(framework: Framework, book: RuleBook, *, fail_on: str = "mandatory",
          forces: tuple[str, ...] = (), themes: tuple[str, ...] = (), as_of: str | None = None,
          include_drafts: bool = False, determinations: bool = True) -> Report:
    """The report of `framework` read on `as_of` (default: the file's described_as_of; in_force.py),
    with the assessor's determinations beside the computed statuses unless `determinations` is False."""
    on = as_of or framework.described_as_of
    framework, set_aside = law_on(framework, on, include_drafts)
    values = {fid: (OpenList(a.value) if a.partial_list else a.value) for fid, a in framework.answers.items()}
    # Each answer's national provisions as report text, rendered once per file rather than once
    # for every requirement element that reads the answer.
    cited = {fid: _unique(framework.render_provision(p) for p in a.provisions)
             for fid, a in framework.answers.items()}
    # A ruleset whose id names a treaty of `party_to` (framework.INSTRUMENTS) is a benchmark for a
    # State that the file says is not party to it.
    outside = {rs.id for rs in book.rulesets if rs.id in INSTRUMENTS and party_status(framework, rs.id) == NOT_A_PARTY}
    chosen = framework.determinations if determinations else {}
    results = []
    for r, fixed in _prepared(book):
        if (forces and r.force not in forces) or (themes and r.theme not in themes):
            continue
        result = _evaluate(r, fixed, framework, values, cited)
        determination = chosen.get(r.id)
        if set_aside or determination is not None:   # else _annotate would change nothing
            result = _annotate(result, framework, set_aside, on, determination)
        if r.ruleset in outside:
            result = result._replace(benchmark=True)
        results.append(result)
    results = tuple(results)
    return Report(
        tool_version=__version__, file=framework.name, jurisdiction=dict(framework.jurisdiction),
        described_as_of=framework.described_as_of, party_to=framework.party_to,
        rulesets=tuple(map(RulesetInfo.of, book.rulesets)),
        results=results, fail_on=fail_on,
        filters={"force": list(forces), "theme": list(themes)},
        party_status=(party_status(framework, "firearms-protocol")
                      if any(rs.id == "firearms-protocol" for rs in book.rulesets) else None),
        notes=framework.notes, as_of=on,
        notices=_notices(framework, results, set_aside, on, as_of, include_drafts, determinations))


def _annotate(result: RequirementResult, fw: Framework, set_aside: dict, on: str | None,
              determination) -> RequirementResult:
    """What the row says beyond its computed status: answers set aside as not in force on the date,
    and the assessor's determination."""
    read = set(result.unanswered) | {f for e in result.elements for f in e.unanswered}
    gone = tuple(f"{f}: {set_aside[f]}" for f in sorted(read) if f in set_aside)
    return result._replace(not_in_force=gone, determination=applied(determination, on))


def _notices(fw: Framework, results, set_aside: dict, on, as_of, include_drafts: bool, determinations: bool):
    out = []
    if as_of and as_of != fw.described_as_of:
        out.append(f"Law in force at {as_of} (--as-of; the file describes the law as of "
                   f"{fw.described_as_of or 'an unstated date'}): provisions not in force on that date are set aside")
    if on is None and any(s.get("in_force") or s.get("repealed") for s in fw.sources.values()):
        out.append("No date for the law (no described_as_of, no --as-of): in-force and repeal dates are not weighed")
    if include_drafts and any(s.get("draft") for s in fw.sources.values()):
        out.append("Drafts counted as law (--include-drafts): " + ", ".join(
            s.get("title", k) for k, s in sorted(fw.sources.items()) if s.get("draft")))
    if set_aside:
        out.append(f"{len(set_aside)} answer(s) set aside, resting only on provisions not in force"
                   + (f" at {on}" if on else "") + " (each row says which): " + ", ".join(sorted(set_aside)))
    if not determinations and fw.determinations:
        out.append(f"Assessor determinations not shown (--no-determinations): {len(fw.determinations)} in the file; "
                   "the computed matrix alone")
    for r in results:
        d = r.determination
        if d is not None and d.expired:
            out.append(f"Determination on {r.id} ignored: valid only until {d.expires}, before the law's date {on}")
    if determinations and on is None and any(d.expires for d in fw.determinations.values()):
        out.append("No date for the law: the expiry of determinations is not weighed")
    return tuple(clean(x) for x in out)


def party_status(framework: Framework, instrument: str) -> str:
    """party (listed in party_to), not a party (listed in not_party_to, e.g. a signatory that has not
    ratified), or not stated. Only what the file says: nothing is inferred or looked up."""
    if instrument in framework.party_to:
        return PARTY
    return NOT_A_PARTY if instrument in getattr(framework, "not_party_to", ()) else PARTY_NOT_STATED


# What a requirement's every result repeats (its identity and each element's citation) and its conditions
# as functions of the answers, made once per RuleBook rather than once per requirement of every file:
# compare checks thousands of files against one book. The conditions are compiled (conditions.compiled)
# from the book's second check on: compiling them all (~0.3 ms) costs what it saves in one check, so a
# single `check` walks them (conditions.evaluate). The book is kept alongside so its id() cannot be
# reused by another object (as framework._SCHEMAS).
_PREPARED: dict[int, tuple[RuleBook, list, bool]] = {}


def _walked(cond: dict):
    return lambda values: evaluate(cond, values)


def _prepared(book: RuleBook) -> list:
    """(requirement, (its result's fixed fields, each element's citation, its applies_if as a function of
    the answers or None, each element's condition as one)) for each requirement of `book`."""
    entry = _PREPARED.get(id(book))
    if entry is None or entry[0] is not book or not entry[2]:
        first = entry is None or entry[0] is not book
        how = _walked if first else compiled
        entry = _PREPARED[id(book)] = (book, [
            (r, (dict(id=r.id, title=r.title, ruleset=r.ruleset, citation=r.cited_as, force=r.force,
                      theme=r.theme, kind=r.kind, qualifier=r.qualifier),
                 tuple(r.element_citation(el) for el in r.elements),
                 None if r.applies_if is None else how(r.applies_if),
                 tuple(how(el.when) for el in r.elements)))
            for r in book.requirements], not first)
    return entry[1]


_STATES = {True: "met", False: "not met", None: "not assessed"}


def _evaluate(req: Requirement, fixed: tuple, fw: Framework, values: dict, cited: dict) -> RequirementResult:
    common, citations, applies_if, conditions = fixed
    if applies_if is not None:
        gate = applies_if(values)
        if gate.value is None:
            return RequirementResult(status="not assessed", unanswered=tuple(gate.missing), **common,
                                     **_about(gate.read, fw))
        if gate.value is False:
            return RequirementResult(status="not applicable", reason=req.not_applicable_reason,
                                     provisions=_provisions(gate.read, cited), **common, **_about(gate.read, fw))
    core: list[ElementResult] = []
    reach: list[ElementResult] = []
    core_read: list[str] = []       # facts read by the obligation's own elements
    reach_read: list[str] = []      # facts read by its "reach" elements (the definitions it rests on)
    for el, citation, when in zip(req.elements, citations, conditions):
        out = when(values)
        into = reach_read if el.reach else core_read
        for f in out.read:
            if f not in into:
                into.append(f)
        value = out.value
        element = ElementResult(el.id, el.requires, citation, _STATES[value], el.gap if value is False else None,
                                tuple(out.missing), _provisions(out.read, cited))
        (reach if el.reach else core).append(element)
    elements = tuple(_in_order(req.elements, core, reach))
    status = _status([e.state for e in core], never_a_gap=req.force in NEVER_A_GAP or req.asks_to_consider)
    if status == "met":
        # The obligation's own elements are met; a narrower national definition still cuts its reach.
        reach_states = [e.state for e in reach]
        status = "partial" if "not met" in reach_states else "not assessed" if "not assessed" in reach_states \
            else "met"
    # When the obligation itself is a gap (or not assessed), whether a definition narrows it says nothing:
    # its reach elements are not weighed, listed or read.
    weighed = core + reach if status in ("met", "partial") and reach else core
    read = core_read + ([f for f in reach_read if f not in core_read] if status in ("met", "partial") else [])
    about = _about(read, fw)
    if status == "met" and about["unsupported"]:
        status = UNCITED
    # The provisions of the met elements, or, when none is met for the status, of the unmet ones.
    shown = "met" if status in ("met", UNCITED, "partial") else "not met"
    if len(weighed) == 1:
        # Half the requirements have one element, whose provisions and unanswered facts are unique already.
        e = weighed[0]
        return RequirementResult(status=status, elements=elements, provisions=e.provisions if e.state == shown else (),
                                 missing=(e.gap,) if e.gap else (), unanswered=e.unanswered, **common, **about)
    return RequirementResult(
        status=status, elements=elements,
        provisions=_unique(p for e in weighed if e.state == shown for p in e.provisions),
        missing=tuple(e.gap for e in weighed if e.gap),
        unanswered=_unique(f for e in weighed for f in e.unanswered),
        **common, **about)


def _in_order(elements, core: list, reach: list):
    """The element results in the requirement's order (core and reach were collected apart)."""
    if not reach:
        return core
    core_it, reach_it = iter(core), iter(reach)
    return [next(reach_it) if el.reach else next(core_it) for el in elements]


def _status(states: list[str], *, never_a_gap: bool) -> str:
    if all(s == "met" for s in states):
        return "met"
    if "not met" not in states:
        return "not assessed"
    if "met" in states or "not assessed" in states:
        return "partial"
    return "not adopted" if never_a_gap else "gap"


def _about(read: list[str], fw: Framework) -> dict:
    """What the answers read add to the row. One pass over them (five passes were a tenth of a check)."""
    unsupported, unverified, notes, evidence, assistance = [], [], [], [], []
    answers = fw.answers
    for f in read:
        a = answers.get(f)
        if a is None:
            continue
        if not a.provisions:
            unsupported.append(a.fact)
        if a.unverified:
            unverified.append(f"{a.fact}: {a.unverified}")
        if a.note:
            notes.append(f"{a.fact}: {a.note}")
        if a.evidence:
            evidence.append(f"{a.fact}: {a.evidence}")
        if a.assistance:
            assistance.append(a.assistance)
    return {"unsupported": tuple(unsupported), "unverified": tuple(unverified), "notes": tuple(notes),
            "evidence": tuple(evidence), "assistance": tuple(assistance)}


def _provisions(read: list[str], cited: dict) -> tuple[str, ...]:
    if len(read) == 1:                  # the usual case: one fact, whose provisions are unique already
        return cited.get(read[0], ())
    return _unique(p for f in read for p in cited.get(f, ()))


def _unique(items) -> tuple[str, ...]:
    """The items once each, in first-seen order."""
    return tuple(dict.fromkeys(items))

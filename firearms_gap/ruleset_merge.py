"""Merging parsed rulesets into one RuleBook: the requirements of the selected rulesets over
the facts, groups and requirement ids of a wider vocabulary, checked as a whole."""
from __future__ import annotations

from firearms_gap.diagnostics import Diagnostic, InputError
from firearms_gap.model import Fact, Requirement, RuleBook, Ruleset
from firearms_gap.ruleset_checks import conditions_problems
from firearms_gap.ruleset_positions import located


def merge(selected: list[Ruleset], vocabulary: list[Ruleset] | None = None, *, checked: bool = False) -> RuleBook:
    """Requirements of `selected`; facts, groups and cross-reference targets of `vocabulary`.

    checked: these rulesets are known to merge without a problem (rulesets._bundled_book: the same
    bundled rulesets and checking code merged before), so the checks of their conditions and
    cross-references, the costly part, are skipped; the book is the same."""
    vocabulary = vocabulary if vocabulary is not None else selected
    problems: list[Diagnostic] = []
    groups: dict[str, dict] = {}
    facts: dict[str, Fact] = {}
    for rs in vocabulary:
        for gid, g in rs.groups.items():
            groups.setdefault(gid, g)
        for fid, fact in rs.facts.items():
            prior = facts.get(fid)
            if prior is None:
                facts[fid] = fact
            elif prior.declared_in != fact.declared_in and _comparable(prior) != _comparable(fact):
                problems.append(located(rs.origin, ["facts", fid], f"facts.{fid}",
                                        f"declared differently in ruleset '{prior.declared_in}'; "
                                        "a shared fact must be declared identically (or only once)",
                                        "fact-declared-differently", key=True))
    origins = {rs.id: rs.origin for rs in vocabulary}
    for fid, fact in sorted(facts.items()):
        if fact.group not in groups:
            problems.append(located(origins.get(fact.declared_in, fact.declared_in), ["facts", fid], f"facts.{fid}",
                                    f"group '{fact.group}' is not declared under groups in any ruleset",
                                    "undeclared-group", key=True))
    reqs: list[Requirement] = []
    seen_rs: set[str] = set()
    for rs in selected:
        if rs.id in seen_rs:
            problems.append(Diagnostic(rs.origin, None, None, "ruleset", f"ruleset '{rs.id}' is selected twice",
                                       "selected-twice"))
            continue
        seen_rs.add(rs.id)
        reqs.extend(rs.requirements)
    owner: dict[str, str] = {}
    for rs in vocabulary:
        for i, r in enumerate(rs.requirements):
            if r.id in owner and owner[r.id] != rs.id:
                problems.append(located(rs.origin, ["requirements", i, "id"], r.id,
                                        f"requirement id also used in ruleset '{owner[r.id]}'", "requirement-id-clash"))
            owner.setdefault(r.id, rs.id)
    book = RuleBook(tuple(rulesets_unique(selected)), groups, facts, tuple(reqs))
    if not checked:
        problems.extend(conditions_problems(book, set(owner) | {r.id for r in reqs}))
    if problems:
        raise InputError(problems)
    return book


def rulesets_unique(rulesets: list[Ruleset]) -> list[Ruleset]:
    seen, out = set(), []
    for rs in rulesets:
        if rs.id not in seen:
            seen.add(rs.id)
            out.append(rs)
    return out


def _comparable(f: Fact):
    return (f.question, f.type, f.unit, tuple(sorted(f.options.items())), f.help)

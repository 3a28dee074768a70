"""`firearms-gap rules lint`: check a custom ruleset before anyone relies on it.

A ruleset that loads can still be wrong in ways a reader of the gap matrix would never
see: a condition that reads an option the fact does not have, an operator that does not
suit the fact's type, an element that no answer can ever meet (so it always shows a gap)
or that every answer meets (so it never can), a citation that names no article or item.
This module finds those, each at the line and column of the offending text, using the
same parser, schema and merge as `check` (so what lints clean also loads).

Nothing here prints or imports click.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from firearms_gap import ruleset_checks, rulesets
from firearms_gap.conditions import evaluate, facts_in, leaves, operator_of
from firearms_gap.diagnostics import Diagnostic, InputError
from firearms_gap.model import Citation, Fact, Ruleset
from firearms_gap.ruleset_merge import merge
from firearms_gap.ruleset_positions import located

# Check id -> what it finds, for the checks only lint makes; the others are ruleset_checks.CHECKS.
# Every problem lint reports carries one of these ids (printed `[id]`, as yamllint does).
LINT_CHECKS = {
    "options-unused": "a fact that is not choice or choices declares options",
    "unit-unused": "a fact that is not a number declares a unit",
    "citation-untraceable": "a citation names no article, item or part",
    "citation-article-and-item": "a citation names both an article and an item",
    "citation-no-article": "a citation gives a paragraph, subparagraph or point but no article",
    "citation-no-item": "a citation gives item_sub but no item",
    "never-applies": "applies_if can never hold, whatever the answers",
    "never-met": "an element can never be met, whatever the answers (it would always show a gap)",
    "always-met": "an element is met by every possible answer (it can never show a gap)",
}
CHECKS = {**ruleset_checks.CHECKS, **LINT_CHECKS}

MAX_COMBINATIONS = 20_000     # answers tried per element; beyond this the element is not judged
# Conditions evaluated x their leaves, per element: a bound on the time one element may take (a
# wide `any` over thousands of branches took minutes); beyond it the element is not judged and
# `rules lint` says so.
MAX_WORK = 400_000
_EXHAUSTIVE_CHOICES = 8       # a list fact with up to this many options is tried with every subset


@dataclass
class LintResult:
    name: str
    ruleset: Ruleset | None
    problems: list[Diagnostic] = field(default_factory=list)
    new_facts: int = 0
    # Where (requirement.elements.id) the reachability checks gave up: too many answers to try.
    not_judged: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def lint_ruleset(raw: bytes, name: str) -> LintResult:
    """Every problem with the ruleset in `raw`, checked against the bundled rulesets' vocabulary.

    Raises InputError only if a *bundled* ruleset cannot be loaded (an installation problem)."""
    try:
        rs, problems = rulesets.parse_ruleset_with_problems(raw, name)
    except InputError as e:
        return LintResult(name, None, list(e.diagnostics))
    bundled = rulesets.bundled_rulesets()
    impostor = ruleset_checks.impostor_problems([rs], bundled)
    if impostor:
        # Checked against itself in place of the bundled ruleset, everything else would mislead.
        return LintResult(name, rs, sorted(set(problems + impostor), key=_order))
    vocabulary = [b for b in bundled if b.id != rs.id] + [rs]
    try:
        merge([rs], vocabulary)
    except InputError as e:
        problems.extend(e.diagnostics)
    facts: dict[str, Fact] = {}
    for v in vocabulary:
        for fid, fact in v.facts.items():
            facts.setdefault(fid, fact)
    problems += _fact_problems(rs)
    problems += _citation_problems(rs)
    reachability, not_judged = _reachability(rs, facts)
    problems += reachability
    new = sum(1 for fid in rs.facts if all(fid not in b.facts for b in bundled if b.id != rs.id))
    return LintResult(name, rs, sorted(set(problems), key=_order), new, not_judged)


def _order(d: Diagnostic):
    return (d.file, d.line or 0, d.column or 0, d.path, d.message)


# A fact field only some types use: (field, the types that use it, what the message says they are).
_TYPED_FIELDS = (("options", ("choice", "choices"), "options are only used by choice and choices facts",
                  "options-unused"),
                 ("unit", ("number",), "a unit is only used by number facts", "unit-unused"))


def _fact_problems(rs: Ruleset) -> list[Diagnostic]:
    return [located(rs.origin, ["facts", fid, name], f"facts.{fid}", f"{message}, and this one is {fact.type}", check,
                    key=True)
            for fid, fact in rs.facts.items() for name, types, message, check in _TYPED_FIELDS
            if getattr(fact, name) and fact.type not in types]


def _citation_problems(rs: Ruleset) -> list[Diagnostic]:
    out = []
    for i, r in enumerate(rs.requirements):
        cites = [(["requirements", i, "citation"], r.citation, f"{r.id}.citation")]
        cites += [(["requirements", i, "elements", j, "cites"], e.cites, f"{r.id}.elements.{e.id}.cites")
                  for j, e in enumerate(r.elements) if e.cites is not None]
        for path, c, label in cites:
            out += [located(rs.origin, path, label, msg, check) for msg, check in _citation_messages(c)]
    return out


def _citation_messages(c: Citation) -> list[tuple[str, str]]:
    out = []
    if not (c.article or c.item or c.part):
        out.append(("names no article, item or part, so a reader cannot trace it", "citation-untraceable"))
    if c.article and c.item:
        out.append(("names both an article and an item; cite one", "citation-article-and-item"))
    if not c.article and (c.paragraph or c.subparagraph or c.point):
        out.append(("gives a paragraph, subparagraph or point but no article", "citation-no-article"))
    if c.item_sub and not c.item:
        out.append(("gives item_sub but no item", "citation-no-item"))
    return out


# ---------------------------------------------------------------- reachability

def _reachability(rs: Ruleset, facts: dict[str, Fact]) -> tuple[list[Diagnostic], list[str]]:
    """Elements no answer can meet, or every answer meets; conditions that can never apply. And
    the conditions too complex to judge within the bounds (MAX_COMBINATIONS, MAX_WORK)."""
    out: list[Diagnostic] = []
    not_judged: list[str] = []
    for i, r in enumerate(rs.requirements):
        gate = r.applies_if
        if gate is not None and _judgeable(gate, facts):
            outcomes = _outcomes(gate, None, facts)
            if outcomes is None:
                not_judged.append(f"{r.id}.applies_if")
            elif True not in {g for g, _ in outcomes}:
                out.append(located(rs.origin, ["requirements", i, "applies_if"], f"{r.id}.applies_if",
                                   "can never hold, whatever the answers, so the requirement never applies",
                                   "never-applies"))
                continue
        if gate is not None and not _judgeable(gate, facts):
            continue
        for j, e in enumerate(r.elements):
            if not _judgeable(e.when, facts):
                continue
            outcomes = _outcomes(gate, e.when, facts)
            if outcomes is None:
                not_judged.append(f"{r.id}.elements.{e.id}.when")
                continue
            applicable = {w for g, w in outcomes if g is not False}
            path, where = ["requirements", i, "elements", j, "when"], f"{r.id}.elements.{e.id}.when"
            if True not in applicable and outcomes.exhaustive:
                out.append(located(rs.origin, path, where,
                                   "can never be met, whatever the answers, so it would always show a gap", "never-met"))
            elif False not in applicable and outcomes.exhaustive and not _uses(e.when, "answered"):
                out.append(located(rs.origin, path, where,
                                   "is met by every possible answer, so it can never show a gap", "always-met"))
    return out, not_judged


class _Outcomes(set):
    exhaustive = True


def _outcomes(gate: dict | None, when: dict | None, facts: dict[str, Fact]) -> _Outcomes | None:
    """The (gate value, element value) pairs over every combination of answers (or a
    representative of each class of answers); None if there are too many to try."""
    conds = [c for c in (gate, when) if c is not None]
    # One walk over the conditions: each fact's boundary values, and how many leaves an evaluation visits.
    mentioned: dict[str, list] = {}
    n_leaves = 0
    for c in conds:
        for leaf, _ in leaves(c):
            n_leaves += 1
            values = mentioned.setdefault(leaf["fact"], [])
            op = operator_of(leaf)
            if op.boundary:
                values.append(leaf[op.name])
    domains = []
    result = _Outcomes()
    size = 1
    for fid in mentioned:
        values, exhaustive = _domain(facts[fid], mentioned[fid])
        result.exhaustive = result.exhaustive and exhaustive
        domains.append(values)
        size *= len(values)
        if size > MAX_COMBINATIONS or size * n_leaves > MAX_WORK:
            return None
    fids = list(mentioned)
    for combo in itertools.product(*domains):
        answers = dict(zip(fids, combo))
        g = evaluate(gate, answers).value if gate is not None else True
        w = evaluate(when, answers).value if when is not None else None
        result.add((g, w))
    return result


def _domain(fact: Fact, mentioned: list) -> tuple[list, bool]:
    """Answers that between them reach every outcome the conditions can distinguish (given the
    values the conditions compare the fact with)."""
    if fact.type == "yes_no":
        return [True, False], True
    if fact.type == "choice":
        return list(fact.options), True
    if fact.type == "choices":
        keys = list(fact.options)
        if len(keys) <= _EXHAUSTIVE_CHOICES:
            return [list(c) for n in range(len(keys) + 1) for c in itertools.combinations(keys, n)], True
        subsets = [[], keys] + [[k] for k in keys] + [[x for x in keys if x != k] for k in keys]
        return subsets, False
    if fact.type == "number":
        points = {0}
        for v in mentioned:
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                points |= {v, v - 0.5, v + 0.5}
        return sorted(p for p in points if p >= 0), True
    return [v for v in mentioned if isinstance(v, str)] + ["\ue000any other text"], True


def _judgeable(cond: dict, facts: dict[str, Fact]) -> bool:
    """Only conditions without other problems (unknown facts, wrong operators) are judged."""
    return all(f in facts for f in facts_in(cond)) and not ruleset_checks.condition_problems(cond, facts)


def _uses(cond: dict, op: str) -> bool:
    return any(operator_of(leaf).name == op for leaf, _ in leaves(cond))

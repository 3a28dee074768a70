"""Checks of rulesets that a schema cannot express, each with the id `rules lint` shows.

Unique ids, declared options and groups, conditions whose facts exist and whose operator and
value suit the fact (read from the operator table in conditions.py), cross-references that
point at loaded requirements, and no custom ruleset posing as a bundled one. `check` runs the
same checks (a ruleset that lints clean also loads) but prints their messages without the ids.
"""
from __future__ import annotations

import re

from firearms_gap import ruleset_files
from firearms_gap.conditions import leaves, operator_of
from firearms_gap.diagnostics import Diagnostic
from firearms_gap.model import Fact, RuleBook, Ruleset
from firearms_gap.ruleset_positions import located

# Check id -> what it finds. docs/rulesets.md lists them; tests/lint_cases/ has a case for each.
CHECKS = {
    "duplicate-requirement-id": "two requirements of one ruleset share an id",
    "duplicate-element-id": "two elements of one requirement share an id",
    "duplicate-coverage-item": "a coverage item is listed twice",
    "unknown-coverage-requirement": "a coverage item names a requirement the ruleset does not have",
    "choice-without-options": "a choice or choices fact declares no options",
    "bundled-id": "a custom ruleset takes the id of a bundled ruleset",
    "bundled-instrument": "a custom ruleset names a bundled ruleset's instrument as its own",
    "fact-declared-differently": "a fact shared with another ruleset is declared differently there",
    "undeclared-group": "a fact's group is declared under groups in no ruleset",
    "selected-twice": "one ruleset is selected twice",
    "requirement-id-clash": "a requirement id is also used by another ruleset",
    "unknown-fact": "a condition reads a fact no loaded ruleset declares",
    "unsuited-operator": "a condition's operator does not suit the fact's type",
    "unknown-option": "a condition names an option the fact does not have",
    "wrong-value-type": "a condition compares a fact with a value of the wrong kind",
    "unknown-reference": "builds_on or restates names a requirement that is not loaded",
}


def without_check_ids(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """The diagnostics as `check` prints them: its messages predate the check ids, which are
    `rules lint`'s (a ruleset author looks a check up in docs/rulesets.md by its id)."""
    return [d._replace(keyword="") if d.keyword in CHECKS else d for d in diagnostics]


def own_problems(rs: Ruleset) -> list[Diagnostic]:
    """Checks within one ruleset: unique ids, coverage items that name its requirements, options declared."""
    out = []
    seen: dict[str, int] = {}
    for i, r in enumerate(rs.requirements):
        if r.id in seen:
            out.append(located(rs.origin, ["requirements", i, "id"], f"requirements[{i}].id",
                               f"duplicate requirement id '{r.id}' (also requirements[{seen[r.id]}])",
                               "duplicate-requirement-id"))
        seen.setdefault(r.id, i)
        eids = [e.id for e in r.elements]
        for j, e in enumerate(r.elements):
            if eids.index(e.id) != j:
                out.append(located(rs.origin, ["requirements", i, "elements", j, "id"],
                                   f"requirements[{i}].elements[{j}].id",
                                   f"duplicate element id '{e.id}' in requirement {r.id}", "duplicate-element-id"))
    own_ids = {r.id for r in rs.requirements}
    items_seen: set[str] = set()
    for k, c in enumerate(rs.coverage):
        if c.item in items_seen:
            out.append(located(rs.origin, ["coverage", "items", k, "item"], f"coverage.items[{k}]",
                               f"item {c.item} is listed twice", "duplicate-coverage-item"))
        items_seen.add(c.item)
        for rid in c.encoded_as:
            if rid not in own_ids:
                out.append(located(rs.origin, ["coverage", "items", k, "encoded_as"], f"coverage.items[{k}].encoded_as",
                                   f"'{rid}' is not a requirement of this ruleset", "unknown-coverage-requirement"))
    for fid, fact in rs.facts.items():
        if fact.type in ("choice", "choices") and not fact.options:
            out.append(located(rs.origin, ["facts", fid], f"facts.{fid}", f"a {fact.type} fact needs options",
                               "choice-without-options", key=True))
    return out


def impostor_problems(rulesets: list[Ruleset], bundled_rulesets: list[Ruleset] = ()) -> list[Diagnostic]:
    """A custom ruleset may not take a bundled ruleset's id, nor name a bundled ruleset's
    instrument as its own: every citation starts with the instrument's name, so the report would
    show, say, "Firearms Protocol, art. 1" among the treaty obligations while checking something
    else."""
    out = []
    origins = ruleset_files.bundled_origins()
    custom = [rs for rs in rulesets if rs.origin not in origins]      # not a bundled ruleset itself
    if not custom:
        return out                               # the usual run: the instruments' names are not even compared
    bundled = set(ruleset_files.bundled_names())
    instruments = {_comparable(text): b.id for b in bundled_rulesets
                   for text in (b.instrument.get("name"), b.instrument.get("full_title")) if text}
    for rs in custom:
        if rs.id in bundled:
            if not ruleset_files.same_file(rs.origin, ruleset_files.bundled_path(rs.id)):
                out.append(located(rs.origin, ["ruleset"], "ruleset",
                                   f"'{rs.id}' is the id of a bundled ruleset; give this ruleset its own id",
                                   "bundled-id"))
            continue
        for key in ("name", "full_title"):
            text = rs.instrument.get(key)
            if text and _comparable(text) in instruments:
                out.append(located(rs.origin, ["instrument", key], f"instrument.{key}",
                                   f"'{text}' names the instrument of the bundled ruleset "
                                   f"'{instruments[_comparable(text)]}'; a custom ruleset names its own instrument",
                                   "bundled-instrument"))
    return out


def _comparable(text: str) -> str:
    """An instrument's name as a reader would take it: case, spacing and punctuation aside."""
    return " ".join(re.sub(r"[\W_]+", " ", text).split()).casefold()


def conditions_problems(book: RuleBook, known_ids: set[str]) -> list[Diagnostic]:
    """Every fact a condition reads exists, with an operator that suits its type and valid options;
    every cross-reference points at a loaded requirement."""
    out = []
    for rs in book.rulesets:
        for i, r in enumerate(rs.requirements):
            base = ["requirements", i]
            conds = [("applies_if", r.applies_if, base + ["applies_if"])] if r.applies_if else []
            conds += [(f"elements.{e.id}.when", e.when, base + ["elements", j, "when"])
                      for j, e in enumerate(r.elements)]
            for label, cond, path in conds:
                for sub, msg, check in condition_problems(cond, book.facts, path):
                    # A path ending in None points at the key before it (an operator that does
                    # not suit the fact); otherwise at the offending value.
                    at_key = sub[-1] is None
                    out.append(located(rs.origin, sub[:-1] if at_key else sub, f"{r.id}.{label}", msg, check,
                                       key=at_key))
            for field_name in ("builds_on", "restates"):
                for k, ref in enumerate(getattr(r, field_name)):
                    if ref not in known_ids:
                        out.append(located(rs.origin, base + [field_name, k], f"{r.id}.{field_name}",
                                           f"refers to requirement '{ref}', which is not in the loaded rulesets",
                                           "unknown-reference"))
    return out


def condition_problems(cond: dict, facts: dict[str, Fact], path: list | None = None) -> list[tuple[list, str, str]]:
    """(path of the offending part, message, check id) for each problem in a condition, at most
    one per comparison; a path ending in None means the key before it (the operator), not its value."""
    return [p for leaf, leaf_path in leaves(cond, path if path is not None else [])
            for p in _comparison_problems(leaf, facts, leaf_path)]


def _comparison_problems(leaf: dict, facts: dict[str, Fact], path: list) -> list[tuple[list, str, str]]:
    fid = leaf["fact"]
    fact = facts.get(fid)
    if fact is None:
        import difflib                           # only when something is wrong

        close = difflib.get_close_matches(fid, list(facts), n=1, cutoff=0.75)
        return [(path + ["fact"], f"reads fact '{fid}', which no loaded ruleset declares"
                                  + (f"; did you mean '{close[0]}'?" if close else ""), "unknown-fact")]
    op = operator_of(leaf)
    if fact.type not in op.fact_types:
        return [(path + [op.name, None], f"'{op.name}' does not suit fact '{fid}' of type {fact.type}",
                 "unsuited-operator")]
    value = leaf[op.name]
    listed = isinstance(value, list)
    values = (value if listed else [value]) if fact.type in op.options_for else []
    bad = [k for k, v in enumerate(values) if v not in fact.options]
    if bad:
        where = path + [op.name] + ([bad[0]] if listed else [])
        import difflib

        close = difflib.get_close_matches(str(values[bad[0]]), list(fact.options), n=1, cutoff=0.6)
        return [(where, f"fact '{fid}' has no option {', '.join(repr(values[k]) for k in bad)}"
                        + (f"; did you mean '{close[0]}'?" if close and len(bad) == 1 else
                           f" (options: {', '.join(fact.options)})"), "unknown-option")]
    for fact_type, accepts, advice in op.value_kinds:
        if fact.type == fact_type and not accepts(value):
            return [(path + [op.name], f"fact '{fid}' {advice}", "wrong-value-type")]
    return []

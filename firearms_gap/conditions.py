"""A small three-valued evaluator for the declarative conditions in rulesets.

A condition is data (``{fact: records.retention_years, at_least: 10}``,
``{all: [...]}``, ``{any: [...]}``, ``{not: ...}``); no string is ever evaluated as
code. The result is True, False or None (None: a fact it needs is not answered), so
that an unanswered question can never turn into a gap.
"""

# No `from __future__ import annotations` in the record modules: see model.py.
from typing import NamedTuple


class Outcome(NamedTuple):
    value: bool | None
    read: list[str]        # facts that were answered and consulted
    missing: list[str]     # facts needed but not answered


class OpenList(list):
    """A list answer that names only what is known (``partial_list: true``): an option it does
    not name is unknown, not absent."""


def evaluate(cond: dict, answers: dict) -> Outcome:
    """`answers` maps fact id -> answer value for the answered facts only."""
    if "all" in cond or "any" in cond:
        is_all = "all" in cond
        parts = [evaluate(c, answers) for c in cond["all" if is_all else "any"]]
        decisive = False if is_all else True
        if any(p.value is decisive for p in parts):
            value = decisive
            # Only the parts that decided the outcome explain it.
            parts = [p for p in parts if p.value is decisive]
        elif all(p.value is not None for p in parts):
            value = not decisive
        else:
            value = None
        return Outcome(value, _flat(p.read for p in parts), _flat(p.missing for p in parts))
    if "not" in cond:
        inner = evaluate(cond["not"], answers)
        return Outcome(None if inner.value is None else not inner.value, inner.read, inner.missing)
    fid = cond["fact"]
    if fid not in answers:
        return Outcome(None, [], [fid])
    value = _compare(cond, answers[fid])
    if value is False and isinstance(answers[fid], OpenList) and "includes" in cond:
        return Outcome(None, [fid], [fid])      # not named in a partial list: not known to be absent
    return Outcome(value, [fid], [])


def _compare(cond: dict, value) -> bool:
    if "is" in cond:
        return value == cond["is"] and type(value) is type(cond["is"]) or (
            isinstance(value, (int, float)) and not isinstance(value, bool)
            and isinstance(cond["is"], (int, float)) and value == cond["is"])
    if "at_least" in cond:
        return value >= cond["at_least"]
    if "at_most" in cond:
        return value <= cond["at_most"]
    if "one_of" in cond:
        return value in cond["one_of"]
    if "includes" in cond:
        return all(v in value for v in cond["includes"])
    if "answered" in cond:
        return True
    raise ValueError(f"unknown condition {sorted(cond)}")    # the ruleset schema makes this unreachable


def _flat(lists) -> list[str]:
    out: list[str] = []
    for items in lists:
        for item in items:
            if item not in out:
                out.append(item)
    return out


def facts_in(cond: dict) -> list[str]:
    """Every fact a condition can read, in order."""
    for key in ("all", "any"):
        if key in cond:
            return _flat(facts_in(c) for c in cond[key])
    if "not" in cond:
        return facts_in(cond["not"])
    return [cond["fact"]]

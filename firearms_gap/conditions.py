"""The condition language of rulesets: its one table of operators, its one walker, and the
three-valued evaluator.

A condition is data (``{fact: records.retention_years, at_least: 10}``,
``{all: [...]}``, ``{any: [...]}``, ``{not: ...}``); no string is ever evaluated as
code. The result is True, False or None (None: a fact it needs is not answered), so
that an unanswered question can never turn into a gap.

Everything that knows an operator reads it from OPERATORS or COMBINATORS below: the
evaluator here, the wording of `rules show` (catalogue), the ruleset checks (which
operator suits which fact type, which values must be options), `rules lint` (which values
mark a boundary worth trying), the ruleset schema's condition branches (generated from
`condition_schema()`; tests/test_ruleset_language.py checks the committed file and
docs/rulesets.md against this table).
A new operator is one row here (then regenerate the schema and add its section to the guide).
"""

from __future__ import annotations

from typing import Callable

from firearms_gap.records import Record


class Outcome(Record):
    value: bool | None
    read: list[str]        # facts that were answered and consulted
    missing: list[str]     # facts needed but not answered


class OpenList(list):
    """A list answer that names only what is known (``partial_list: true``): an option it does
    not name is unknown, not absent."""


class Operator(Record):
    """A comparison of one fact's answer with the value written after the operator."""
    name: str
    fact_types: tuple[str, ...]            # the fact types it suits
    test: Callable                         # (answer, value) -> bool
    words: Callable                        # (fact id, value) -> the condition in words
    value_schema: dict                     # JSON Schema of the value (the ruleset schema's branch)
    description: str                       # for ruleset authors: the schema and docs/rulesets.md
    options_for: tuple[str, ...] = ()      # fact types for which the value names options of the fact
    boundary: bool = False                 # its value splits answers (lint tries either side of it)
    unknown_if_partial: bool = False       # False on a partial list answer is "not known", not False
    value_kinds: tuple = ()                # (fact type, accepts(value), advice) for values of the wrong kind


class Combinator(Record):
    """A condition made of other conditions."""
    name: str
    many: bool                             # a list of conditions (all, any) or one (not)
    combine: Callable                      # (list of Outcome) -> Outcome
    words: Callable                        # (list of parts in words) -> words
    description: str


def _same(answer, value) -> bool:
    # A yes/no answer never equals a number (True == 1 in Python); 10 and 10.0 are the same number.
    return answer == value and type(answer) is type(value) or (
        isinstance(answer, (int, float)) and not isinstance(answer, bool)
        and isinstance(value, (int, float)) and answer == value)


def _shown(value) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


_OPTION_LIST = {"type": "array", "minItems": 1, "items": {"type": "string"}}
_ALL_TYPES = ("yes_no", "number", "choice", "choices", "text")

OPERATORS: dict[str, Operator] = {op.name: op for op in (
    Operator(
        "is", ("yes_no", "number", "choice", "text"), _same,
        lambda fact, v: f"{fact} is {_shown(v)}",
        {"type": ["boolean", "string", "number"]},
        "Met when the answer equals this value: true or false for a yes/no fact, a number for a "
        "number fact, an option key for a choice fact, the exact text for a text fact.",
        options_for=("choice",), boundary=True,
        value_kinds=(("yes_no", lambda v: isinstance(v, bool), "is yes/no; compare it with true or false"),
                     ("number", lambda v: not isinstance(v, (bool, str)), "is a number; compare it with a number"),
                     ("text", lambda v: isinstance(v, str), "is text; compare it with text in quotes"))),
    Operator(
        "at_least", ("number",), lambda answer, v: answer >= v,
        lambda fact, v: f"{fact} is at least {v}",
        {"type": "number"},
        "Met when the number answered is this value or more.", boundary=True),
    Operator(
        "at_most", ("number",), lambda answer, v: answer <= v,
        lambda fact, v: f"{fact} is at most {v}",
        {"type": "number"},
        "Met when the number answered is this value or less.", boundary=True),
    Operator(
        "one_of", ("choice",), lambda answer, v: answer in v,
        lambda fact, v: f"{fact} is one of {', '.join(v)}",
        _OPTION_LIST,
        "Met when the option answered is one of these option keys.", options_for=("choice",)),
    Operator(
        "includes", ("choices",), lambda answer, v: all(x in answer for x in v),
        lambda fact, v: f"{fact} includes {', '.join(v)}",
        _OPTION_LIST,
        "Met when the list answered contains every one of these option keys. On a list answered "
        "with partial_list: true, an option the list does not name is not known to be absent, so "
        "the condition is not assessed rather than not met.",
        options_for=("choices",), unknown_if_partial=True),
    Operator(
        "answered", _ALL_TYPES, lambda answer, v: True,
        lambda fact, v: f"{fact} is answered",
        {"const": True},
        "Met when the fact has any answer at all (write answered: true); not assessed when it has none."),
)}


def _all_or_any(decisive: bool):
    """all: one False decides; any: one True decides. Otherwise an unanswered part leaves it open."""
    def combine(parts: list) -> Outcome:
        if any(p.value is decisive for p in parts):
            value = decisive
            # Only the parts that decided the outcome explain it.
            parts = [p for p in parts if p.value is decisive]
        elif all(p.value is not None for p in parts):
            value = not decisive
        else:
            value = None
        return Outcome(value, _flat(p.read for p in parts), _flat(p.missing for p in parts))
    return combine


def _negate(parts: list) -> Outcome:
    inner = parts[0]
    return Outcome(None if inner.value is None else not inner.value, inner.read, inner.missing)


COMBINATORS: dict[str, Combinator] = {c.name: c for c in (
    Combinator("all", True, _all_or_any(False), lambda parts: "all of: " + "; ".join(parts),
               "Met when every condition in the list is met; not met when any one is not met."),
    Combinator("any", True, _all_or_any(True), lambda parts: "any of: " + "; ".join(parts),
               "Met when at least one condition in the list is met; not met when none is."),
    Combinator("not", False, _negate, lambda parts: f"not ({parts[0]})",
               "Met when the condition under it is not met (and not assessed when it is not assessed)."),
)}


# --------------------------------------------------------------------------- the one walker

def walk(cond: dict, on_leaf: Callable, on_group: Callable, path: list | None = None):
    """Fold a condition: `on_leaf(leaf, path)` for each comparison, `on_group(combinator,
    results, path)` for each all/any/not over its parts' results. `path` (a list of keys
    into the ruleset document) is followed only when one is given."""
    if "fact" in cond:                  # a comparison (the usual case, so asked first)
        return on_leaf(cond, path)
    for name, comb in COMBINATORS.items():
        if name in cond:
            inner = cond[name]
            if path is None:
                parts = [walk(c, on_leaf, on_group) for c in inner] if comb.many else [walk(inner, on_leaf, on_group)]
            elif comb.many:
                parts = [walk(c, on_leaf, on_group, path + [name, i]) for i, c in enumerate(inner)]
            else:
                parts = [walk(inner, on_leaf, on_group, path + [name])]
            return on_group(comb, parts, path)
    return on_leaf(cond, path)


def operator_of(leaf: dict) -> Operator:
    """The operator of a comparison (the ruleset schema allows exactly one beside `fact`)."""
    for key in leaf:
        if key != "fact":
            return OPERATORS[key]
    raise ValueError(f"unknown condition {sorted(leaf)}")    # the ruleset schema makes this unreachable


def leaves(cond: dict, path: list | None = None) -> list[tuple[dict, list | None]]:
    """Every comparison in a condition, in order, with its path when `path` is given."""
    return walk(cond, lambda leaf, p: [(leaf, p)], lambda _, parts, p: [x for part in parts for x in part], path)


def facts_in(cond: dict) -> list[str]:
    """Every fact a condition can read, in order."""
    return _flat([leaf["fact"]] for leaf, _ in leaves(cond))


def describe(cond: dict) -> str:
    """A condition in words, for `rules show` and the template: never code, always readable."""
    return walk(cond, lambda leaf, _: _leaf_words(leaf), lambda comb, parts, _: comb.words(parts))


def _leaf_words(leaf: dict) -> str:
    op = operator_of(leaf)
    return op.words(leaf["fact"], leaf[op.name])


# --------------------------------------------------------------------------- evaluation

def evaluate(cond: dict, answers: dict) -> Outcome:
    """`answers` maps fact id -> answer value for the answered facts only."""
    return walk(cond, lambda leaf, _: _leaf_outcome(leaf, answers), lambda comb, parts, _: comb.combine(parts))


def _leaf_outcome(leaf: dict, answers: dict) -> Outcome:
    fid = leaf["fact"]
    if fid not in answers:
        return Outcome(None, [], [fid])
    answer = answers[fid]
    op = operator_of(leaf)
    value = op.test(answer, leaf[op.name])
    if value is False and op.unknown_if_partial and isinstance(answer, OpenList):
        return Outcome(None, [fid], [fid])      # not named in a partial list: not known to be absent
    return Outcome(value, [fid], [])


# --------------------------------------------------------------------------- compiled evaluation

def compiled(cond: dict) -> Callable[[dict], Outcome]:
    """`evaluate(cond, answers)` as a function of the answers alone, made once per condition.

    `compare` evaluates every condition of a ruleset once per file (~370 for the bundled rulesets);
    walking each condition's dict again for every file, asking which combinator or operator it
    holds, was most of the engine's time. The closures made here do only the comparison.
    `evaluate` stays the reference: tests/test_compiled_conditions.py checks that both give the same
    Outcome on every condition of the bundled rulesets, for the requirement cases, every example and
    generated answers."""
    return walk(cond, lambda leaf, _: _compiled_leaf(leaf), lambda comb, parts, _: _compiled_group(comb, parts))


_make = tuple.__new__           # Outcome(...) without NamedTuple's keyword-aware constructor


def _compiled_leaf(leaf: dict) -> Callable[[dict], Outcome]:
    try:
        fid = leaf["fact"]
        op = operator_of(leaf)
    except (KeyError, ValueError):      # not a comparison (the ruleset schema refuses it): fail as evaluate does
        return lambda answers: _leaf_outcome(leaf, answers)
    test, value, partial = op.test, leaf[op.name], op.unknown_if_partial

    def outcome(answers: dict) -> Outcome:
        if fid not in answers:
            return _make(Outcome, (None, [], [fid]))
        answer = answers[fid]
        met = test(answer, value)
        if met is False and partial and isinstance(answer, OpenList):
            return _make(Outcome, (None, [fid], [fid]))
        return _make(Outcome, (met, [fid], []))
    return outcome


def _compiled_group(comb: Combinator, parts: list) -> Callable[[dict], Outcome]:
    combine = comb.combine
    if len(parts) == 1:
        only = parts[0]
        return lambda answers: combine([only(answers)])
    return lambda answers: combine([part(answers) for part in parts])


def _flat(lists) -> list[str]:
    out: list[str] = []
    for items in lists:
        for item in items:
            if item not in out:
                out.append(item)
    return out


# --------------------------------------------------------------------------- the schema's branches

def condition_schema() -> dict:
    """`$defs.condition` of the ruleset schema: one branch per operator, then per combinator."""
    fact = {"description": "Id of the fact whose answer is compared (GROUP.NAME), declared by a loaded ruleset.",
            "type": "string"}
    branches = [{"description": f"Comparison '{op.name}' (suits fact types: {', '.join(op.fact_types)}).",
                 "required": ["fact", op.name],
                 "properties": {"fact": fact, op.name: {"description": op.description, **op.value_schema}},
                 "additionalProperties": False} for op in OPERATORS.values()]
    for comb in COMBINATORS.values():
        ref = {"$ref": "#/$defs/condition"}
        inner = {"type": "array", "minItems": 1, "items": ref} if comb.many else ref
        branches.append({"description": f"Combination '{comb.name}'.", "required": [comb.name],
                         "properties": {comb.name: {"description": comb.description, **inner}},
                         "additionalProperties": False})
    return {"description": "A declarative condition over facts: one comparison of a fact's answer, "
                           "or all/any/not over other conditions. See docs/rulesets.md.",
            "type": "object", "minProperties": 1, "oneOf": branches}

"""The compiled conditions (conditions.compiled, what the engine runs) against the reference walker
(conditions.evaluate): the same Outcome - value, facts read, facts missing, in the same order - for
every condition of the bundled rulesets, on the answers of every requirement case, every example
and generated answers."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from frameworks import framework
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from firearms_gap.conditions import OpenList, compiled, evaluate
from firearms_gap.framework import parse_framework
from firearms_gap.rulesets import load_book

TESTS = Path(__file__).parent
EXAMPLES = sorted((TESTS.parent / "examples").glob("*.yaml"))
BOOK = load_book()
CONDITIONS = [c for r in BOOK.requirements for c in ([r.applies_if] if r.applies_if is not None else [])
              + [el.when for el in r.elements]]
COMPILED = [(c, compiled(c)) for c in CONDITIONS]


def _values(fw) -> dict:
    """The answers as the engine hands them to a condition (engine.check)."""
    return {fid: (OpenList(a.value) if a.partial_list else a.value) for fid, a in fw.answers.items()}


def _assert_same(values: dict):
    for cond, fast in COMPILED:
        want, got = evaluate(cond, values), fast(values)
        assert got == want and type(got.value) is type(want.value), (cond, want, got)


def _case_answers():
    for path in sorted((TESTS / "cases").glob("*.yaml")):
        for i, case in enumerate(yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]):
            yield pytest.param(case["answers"], id=f"{path.stem}[{i}]")


def test_every_condition_of_the_bundled_rulesets_is_compared():
    assert len(CONDITIONS) > 300 and any("all" in c or "any" in c or "not" in c for c in CONDITIONS)


@pytest.mark.parametrize("answers", list(_case_answers()))
def test_same_outcome_on_each_requirement_case(answers):
    _assert_same(_values(framework(answers)))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_same_outcome_on_each_example(path):
    fw = parse_framework(path.read_bytes(), path.name, BOOK)
    assert fw.answers
    _assert_same(_values(fw))


def _answer(fact):
    """A value of the fact's type, or something near a boundary a condition draws."""
    options = sorted(fact.options) + ["not_an_option"]
    if fact.type == "yes_no":
        return st.booleans()
    if fact.type == "number":
        return st.one_of(st.integers(-2, 30), st.sampled_from([0.0, 4.5, 5.0, 10.0, 10.5, 20.0]))
    if fact.type == "choice":
        return st.sampled_from(options)
    if fact.type == "choices":
        return st.builds(lambda items, partial: OpenList(items) if partial else items,
                         st.lists(st.sampled_from(options), unique=True), st.booleans())
    return st.text(max_size=5)


ANSWERS = st.fixed_dictionaries({}, optional={fid: _answer(f) for fid, f in BOOK.facts.items()})


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ANSWERS)
def test_same_outcome_on_generated_answers(values):
    _assert_same(values)


def test_same_outcome_when_nothing_or_everything_partial_is_answered():
    _assert_same({})
    _assert_same({fid: OpenList([]) for fid, f in BOOK.facts.items() if f.type == "choices"})

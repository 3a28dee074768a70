"""Requirement cases as data: tests/cases/<ruleset>.yaml.

Each case gives answers (dotted fact id -> value) and the expected status of requirements
(and, optionally, the state of single elements). A second test checks that the cases of a
ruleset cover every element of every requirement both met and not met, so a ruleset change
that no case exercises fails here.

Case file format:
    ruleset: firearms-protocol
    cases:
      - name: five-year retention falls short of ten years
        answers: {records.firearm_records_kept: true, records.retention_years: 5}
        expect: {FP-7-firearms: partial}
        elements: {FP-7-firearms: {records-kept: met, ten-years: not met}}
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from frameworks import framework

from firearms_gap.engine import check
from firearms_gap.rulesets import load_book

CASES_DIR = Path(__file__).parent / "cases"


def _case_files():
    return sorted(CASES_DIR.glob("*.yaml"))


def _load(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _all_cases():
    for path in _case_files():
        data = _load(path)
        for i, case in enumerate(data["cases"]):
            yield pytest.param(data["ruleset"], case, id=f"{path.stem}[{i}] {case['name']}")


@pytest.fixture(scope="module")
def book():
    return load_book()


@pytest.mark.parametrize("ruleset,case", list(_all_cases()))
def test_case(book, ruleset, case):
    report = check(framework(case["answers"]), book)
    by_id = {r.id: r for r in report.results}
    for rid, status in case["expect"].items():
        assert rid in by_id, f"{rid} is not a requirement of the bundled rulesets"
        assert by_id[rid].ruleset == ruleset or ruleset == "*", f"{rid} is not in ruleset {ruleset}"
        assert by_id[rid].status == status, f"{rid}: expected {status}, got {by_id[rid].status}"
    for rid, states in (case.get("elements") or {}).items():
        got = {e.id: e.state for e in by_id[rid].elements}
        for eid, state in states.items():
            assert got.get(eid) == state, f"{rid}/{eid}: expected {state}, got {got.get(eid)}"


@pytest.mark.parametrize("path", _case_files(), ids=lambda p: p.stem)
def test_cases_cover_every_element_met_and_not_met(book, path):
    data = _load(path)
    seen: dict[tuple[str, str], set[str]] = {}
    for case in data["cases"]:
        report = check(framework(case["answers"]), book)
        for r in report.results:
            if r.ruleset != data["ruleset"]:
                continue
            for e in r.elements:
                seen.setdefault((r.id, e.id), set()).add(e.state)
    ruleset = next(rs for rs in book.rulesets if rs.id == data["ruleset"])
    missing = [f"{r.id}/{e.id}: {sorted({'met', 'not met'} - seen.get((r.id, e.id), set()))}"
               for r in ruleset.requirements for e in r.elements
               if not {"met", "not met"} <= seen.get((r.id, e.id), set())]
    assert not missing, "elements never exercised both met and not met:\n" + "\n".join(missing)


def test_every_bundled_ruleset_has_cases(book):
    have = {_load(p)["ruleset"] for p in _case_files()}
    assert {rs.id for rs in book.rulesets} <= have

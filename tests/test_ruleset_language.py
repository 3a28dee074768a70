"""The ruleset language, as a ruleset author meets it: the schema their editor reads, the guide in
docs/rulesets.md, and the checks of `rules lint` with their ids.

The condition branches of firearms_gap/schemas/ruleset.schema.json are generated from the operator
table (firearms_gap/conditions.py); the rest of the file is written by hand. After changing the
table, regenerate with

    FIREARMS_GAP_REGENERATE_SCHEMA=1 python -m pytest tests/test_ruleset_language.py

and commit the result.
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from firearms_gap import loader
from firearms_gap.conditions import COMBINATORS, OPERATORS, condition_schema, operator_of, walk
from firearms_gap.lint import CHECKS
from firearms_gap.model import FORCES
from firearms_gap.rulesets import load_book
from firearms_gap.validation import make_validator

from clirun import invoke_main

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_FILE = ROOT / "firearms_gap" / "schemas" / "ruleset.schema.json"
DOC = (ROOT / "docs" / "rulesets.md").read_text(encoding="utf-8")
CASES = ROOT / "tests" / "lint_cases"


def _schema() -> dict:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


def _generated() -> str:
    schema = _schema()
    schema["$defs"]["condition"] = condition_schema()
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


# --------------------------------------------------------------------------- the schema

def test_committed_ruleset_schema_has_the_operator_tables_condition_branches():
    """Regenerate with FIREARMS_GAP_REGENERATE_SCHEMA=1 (see the module docstring)."""
    if os.environ.get("FIREARMS_GAP_REGENERATE_SCHEMA"):
        SCHEMA_FILE.write_text(_generated(), encoding="utf-8")
    assert SCHEMA_FILE.read_text(encoding="utf-8") == _generated(), (
        "ruleset.schema.json is out of date with conditions.OPERATORS: run FIREARMS_GAP_REGENERATE_SCHEMA=1 "
        "python -m pytest tests/test_ruleset_language.py")


def _properties(node, where="#"):
    """(where, name, sub-schema) of every property declared anywhere in the schema, $defs included."""
    if isinstance(node, dict):
        for name, sub in (node.get("properties") or {}).items():
            yield f"{where}/properties/{name}", name, sub
        for key, value in node.items():
            if key in ("properties", "$defs"):
                for name, sub in value.items():
                    yield from _properties(sub, f"{where}/{key}/{name}")
            elif isinstance(value, (dict, list)):
                yield from _properties(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from _properties(item, f"{where}/{i}")


def test_every_property_of_the_ruleset_schema_has_a_description():
    """An author's editor shows the description on hover: a property without one is a field
    nobody explained."""
    missing = [where for where, _, sub in _properties(_schema()) if "description" not in sub]
    assert missing == []


def test_the_schema_accepts_each_operator_and_refuses_an_unknown_one():
    validator = make_validator({"$schema": _schema()["$schema"], "$defs": _schema()["$defs"],
                                "$ref": "#/$defs/condition"})
    for op in OPERATORS.values():
        value = {"is": True, "at_least": 1, "at_most": 1, "answered": True}.get(op.name, ["a"])
        assert list(validator.iter_errors({"fact": "records.kept", op.name: value})) == [], op.name
    assert list(validator.iter_errors({"fact": "records.kept", "more_than": 1}))


# --------------------------------------------------------------------------- the guide

def test_the_guide_names_every_property_of_the_ruleset_schema():
    named = set(re.findall(r"`([a-z_]+)`", DOC))
    missing = sorted({name for _, name, _ in _properties(_schema())} - named)
    assert missing == [], f"docs/rulesets.md does not document: {', '.join(missing)}"


def test_the_guide_has_a_section_for_every_operator_and_no_other():
    headings = re.findall(r"^#### `([a-z_]+)`$", DOC, flags=re.M)
    assert sorted(headings) == sorted(list(OPERATORS) + list(COMBINATORS))


def test_the_guide_lists_every_legal_force_with_its_meaning():
    for force, meaning in FORCES.items():
        assert f"| `{force}` | {meaning} |" in DOC, force


def test_the_guide_lists_every_lint_check_with_what_it_finds():
    rows = dict(re.findall(r"^\| `([a-z-]+)` \| ([^|]+) \|$", DOC, flags=re.M))
    assert {k: v for k, v in rows.items() if k in CHECKS or "-" in k} == CHECKS


def _examples() -> list[tuple[str | None, str, dict]]:
    """(requirement id, key, condition) of each YAML example of a condition in the guide; the id is
    the one a "From `ID`" line before it names, or None for an illustration."""
    out, start = [], 0
    for match in re.finditer(r"```yaml\n(.*?)```", DOC, flags=re.S):
        before, start = DOC[start:match.start()], match.end()
        data = loader.load(match.group(1).encode(), "docs/rulesets.md").data
        if not isinstance(data, dict) or len(data) != 1 or set(data) - {"when", "applies_if"}:
            continue
        (key, cond), = data.items()
        origin = re.search(r"From `([A-Za-z0-9-]+)`", before)
        out.append((origin.group(1) if origin else None, key, cond))
    return out


def test_every_example_in_the_guide_is_taken_from_the_bundled_requirement_it_names():
    book = load_book()
    examples = _examples()
    assert len(examples) >= len(OPERATORS) + len(COMBINATORS) - 1
    for rid, key, cond in examples:
        if rid is None:
            continue
        req = book.requirement(rid)
        assert req is not None, rid
        written = [req.applies_if] if key == "applies_if" else [e.when for e in req.elements]
        assert cond in written, f"the guide's example from {rid} is not one of its {key} conditions"


def test_every_operator_has_an_example_and_only_unused_ones_are_illustrations():
    book = load_book()
    in_rulesets: set[str] = set()
    for r in book.requirements:
        for cond in [r.applies_if] * bool(r.applies_if) + [e.when for e in r.elements]:
            in_rulesets |= _walked_names(cond)
    shown = {name: [] for name in list(OPERATORS) + list(COMBINATORS)}
    for rid, _, cond in _examples():
        for name in _walked_names(cond):
            shown[name].append(rid)
    for name, rids in shown.items():
        assert rids, f"docs/rulesets.md has no example of '{name}'"
        if name in in_rulesets:
            assert any(rids), f"'{name}' is used by a bundled ruleset: take its example from there"


def _walked_names(cond: dict) -> set[str]:
    return walk(cond, lambda leaf, _: {operator_of(leaf).name},
                lambda comb, parts, _: set().union({comb.name}, *parts))


# --------------------------------------------------------------------------- lint cases

def _case_files() -> list[str]:
    return sorted(p.name for p in CASES.glob("*.yaml"))


@pytest.mark.parametrize("name", _case_files())
def test_lint_case(name, monkeypatch):
    """Each file in tests/lint_cases/ is a ruleset whose `# expect:` lines are exactly what
    `rules lint` prints for it; a problem exits 2, a clean ruleset 0."""
    monkeypatch.chdir(CASES)
    text = (CASES / name).read_text(encoding="utf-8")
    expected = [line[len("# expect: "):] for line in text.splitlines() if line.startswith("# expect: ")]
    code, out, err = invoke_main(["rules", "lint", name])
    assert (out + err).decode().splitlines() == expected
    assert code == (2 if any(line.endswith("]") for line in expected) else 0)


def test_every_lint_check_has_a_case_named_after_it():
    """A check only `check` can meet (one ruleset selected twice) cannot be shown by lint."""
    cases = {name[:-len(".yaml")] for name in _case_files()}
    assert set(CHECKS) - {"selected-twice"} <= cases
    for check in set(CHECKS) & cases:
        assert f"[{check}]" in (CASES / f"{check}.yaml").read_text(encoding="utf-8")

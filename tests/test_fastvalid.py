"""The fast yes/no validator must agree with jsonschema, which stays the source of truth."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import ROOT

from firearms_gap import fastvalid, loader
from firearms_gap.diagnostics import InputError
from firearms_gap.framework import derive_schema
from firearms_gap.rulesets import load_book
from firearms_gap.validation import bundled_schema, make_validator  # jsonschema with JSON Schema's `$` (patterns.py)


@pytest.fixture(scope="module")
def schema():
    return derive_schema(load_book())


def _documents():
    for path in sorted(ROOT.glob("examples/**/*.yaml")) + sorted(ROOT.glob("tests/**/*.yaml")):
        try:
            yield path.relative_to(ROOT).as_posix(), loader.load(path.read_bytes(), path.name).data
        except InputError:
            continue


def test_agrees_with_jsonschema_on_every_yaml_file_in_the_repository(schema):
    validator = make_validator(schema)
    checked = 0
    for name, data in _documents():
        assert fastvalid.is_valid(schema, data) == validator.is_valid(data), name
        checked += 1
    assert checked > 10


def test_agrees_on_the_ruleset_schema_for_bundled_rulesets():
    schema = bundled_schema("ruleset.schema.json")
    validator = make_validator(schema)
    for path in sorted((ROOT / "rulesets").glob("*.yaml")):
        data = loader.load(path.read_bytes(), path.name).data
        assert fastvalid.is_valid(schema, data) is validator.is_valid(data) is True, path.name


def test_known_invalid_answers_are_rejected(schema):
    base = {"format": "firearms-gap/framework-1", "jurisdiction": {"name": "X", "code": "XA"}}
    assert fastvalid.is_valid(schema, base)
    assert not fastvalid.is_valid(schema, {**base, "answers": {"records": {"retention_years": {"answer": "ten"}}}})
    assert not fastvalid.is_valid(schema, {**base, "answers": {"records": {"retention_yeras": {"answer": 10}}}})
    assert not fastvalid.is_valid(schema, {**base, "answers": {"deactivation": {
        "deactivated_remain_firearms": {"answer": 1}}}})      # 1 is not true
    assert not fastvalid.is_valid(schema, {**base, "jurisdiction": {"name": "X", "code": "norway"}})


def test_unknown_keywords_are_refused_not_guessed():
    with pytest.raises(fastvalid.Unsupported):
        fastvalid.is_valid({"if": {"type": "string"}}, "x")


_scalars = st.one_of(st.booleans(), st.integers(-5, 20), st.floats(allow_nan=False, allow_infinity=False),
                     st.sampled_from(["true", "yes", "NO", "", "XA", "s. 1", "before_1900_only", "import"]), st.none())


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_agrees_on_generated_answers(schema, data):
    groups = schema["properties"]["answers"]["properties"]
    group = data.draw(st.sampled_from(sorted(groups)))
    fact = data.draw(st.sampled_from(sorted(groups[group]["properties"]) + ["not_a_fact"]))
    answer = data.draw(st.one_of(_scalars, st.lists(_scalars, max_size=3),
                                 st.lists(st.sampled_from(["import", "export", "transit", "firearms", "x"]), max_size=4)))
    entry = data.draw(st.sampled_from([{"answer": answer}, {"answer": answer, "provision": {"source": "A", "at": "s. 1"}},
                                       {"answer": answer, "provision": []}, {"answer": answer, "extra": 1}, {}]))
    doc = {"format": "firearms-gap/framework-1", "jurisdiction": {"name": "X", "code": "XA"},
           "answers": {group: {fact: entry}}}
    assert fastvalid.is_valid(schema, doc) == make_validator(schema).is_valid(doc)


def test_a_recursive_reference_compiles_and_validates_deeply():
    schema = {"$defs": {"node": {"type": "object", "additionalProperties": False,
                                 "properties": {"name": {"type": "string"}, "next": {"$ref": "#/$defs/node"}}}},
              "$ref": "#/$defs/node"}
    chain = {"name": "a", "next": {"name": "b", "next": {"name": "c"}}}
    assert fastvalid.is_valid(schema, chain)
    assert not fastvalid.is_valid(schema, {"name": "a", "next": {"name": "b", "next": {"name": 3}}})
    assert not fastvalid.is_valid(schema, {"name": "a", "next": {"other": 1}})
    assert fastvalid.is_valid(schema, chain) == make_validator(schema).is_valid(chain)


def test_an_unknown_keyword_anywhere_is_refused_even_if_unreached():
    with pytest.raises(fastvalid.Unsupported):
        fastvalid.is_valid({"anyOf": [{"type": "string"}, {"not": {"type": "null"}}]}, "x")

"""The JSON Schemas we ship: current, valid under draft-07 and 2020-12, documented, offline.

firearms_gap/schemas/framework.schema.json is a committed copy of `firearms-gap schema`
(derive_schema over the bundled rulesets), so that editors and other tools can use it
without running firearms-gap. When a ruleset changes, regenerate it with

    FIREARMS_GAP_REGENERATE_SCHEMA=1 python -m pytest tests/test_schema_files.py

(or `firearms-gap schema -o firearms_gap/schemas/framework.schema.json`) and commit the result.
Requirements: ecosystem-reliability.md ED-1, ED-2, SEC-2.
"""
from __future__ import annotations

import json
import os
import urllib.request

import jsonschema
import pytest
from referencing import Registry
from support import ROOT

from firearms_gap import loader
from firearms_gap.diagnostics import InputError
from firearms_gap.framework import derive_schema
from firearms_gap.rulesets import load_book
from firearms_gap.validation import bundled_schema, diagnose, make_validator

COMMITTED = ROOT / "firearms_gap" / "schemas" / "framework.schema.json"
HOSTILE = ROOT / "tests" / "hostile"


def _text(schema: dict) -> str:
    # Exactly what `firearms-gap schema` writes.
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


@pytest.fixture(scope="module")
def derived():
    return derive_schema(load_book())


def test_committed_framework_schema_is_current(derived):
    """Regenerate with FIREARMS_GAP_REGENERATE_SCHEMA=1 (see the module docstring)."""
    if os.environ.get("FIREARMS_GAP_REGENERATE_SCHEMA"):
        COMMITTED.write_text(_text(derived), encoding="utf-8")
    assert json.loads(COMMITTED.read_text(encoding="utf-8")) == derived, (
        "framework.schema.json is out of date: run FIREARMS_GAP_REGENERATE_SCHEMA=1 "
        "python -m pytest tests/test_schema_files.py")


def test_the_schema_command_writes_the_committed_file(tmp_path):
    from click.testing import CliRunner

    from firearms_gap.cli import cli

    result = CliRunner().invoke(cli, ["schema", "-o", str(tmp_path / "framework.schema.json")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "framework.schema.json").read_text(encoding="utf-8") == COMMITTED.read_text(encoding="utf-8")


SCHEMAS = {"framework": lambda: json.loads(COMMITTED.read_text(encoding="utf-8")),
           "ruleset": lambda: bundled_schema("ruleset.schema.json")}


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_schema_is_valid_under_draft_07_and_2020_12(name):
    """ED-1: VS Code's YAML extension validates with draft-07; we validate with 2020-12."""
    schema = SCHEMAS[name]()
    jsonschema.Draft7Validator.check_schema(schema)
    jsonschema.Draft202012Validator.check_schema(schema)


def _undescribed(schema, where="#", defs=None) -> list[str]:
    """Every property (and every named sub-schema) whose schema has no description."""
    defs = defs if defs is not None else schema.get("$defs", {})
    missing = []
    if not isinstance(schema, dict):
        return missing

    def described(sub) -> bool:
        if "description" in sub:
            return True
        ref = sub.get("$ref", "")
        return ref.startswith("#/$defs/") and "description" in defs.get(ref.split("/")[-1], {})

    for key, sub in (schema.get("properties") or {}).items():
        if not described(sub):
            missing.append(f"{where}/properties/{key}")
        missing += _undescribed(sub, f"{where}/properties/{key}", defs)
    extra = schema.get("additionalProperties")
    if isinstance(extra, dict):
        missing += _undescribed(extra, f"{where}/additionalProperties", defs)
    for key in ("anyOf", "oneOf", "allOf"):
        for i, sub in enumerate(schema.get(key, [])):
            missing += _undescribed(sub, f"{where}/{key}/{i}", defs)
    if isinstance(schema.get("items"), dict):
        missing += _undescribed(schema["items"], f"{where}/items", defs)
    return missing


def test_every_framework_property_has_a_description():
    """ED-2: the editor shows the description on hover; for answers it is the question itself."""
    assert _undescribed(SCHEMAS["framework"]()) == []


def test_every_answer_is_described_by_its_question_and_choices_by_their_meanings(derived):
    book = load_book()
    groups = derived["properties"]["answers"]["properties"]
    for fid, fact in book.facts.items():
        answer = groups[fact.group]["properties"][fact.name]
        assert answer["description"].startswith(fact.question)
        for key, meaning in fact.options.items():
            assert f"{key} = {meaning}" in answer["properties"]["answer"]["description"]


def test_the_schema_only_uses_keywords_draft_07_understands():
    """A keyword draft-07 does not know is silently ignored by VS Code, so a rule written with it
    would hold on the command line and not in the editor. Annotations are the exception."""
    draft7 = set(jsonschema.Draft7Validator.VALIDATORS)
    annotations = {"$schema", "$id", "title", "description", "patternErrorMessage"}
    used: set[str] = set()

    def walk(node, in_properties=False):
        if isinstance(node, dict):
            for key, value in node.items():
                if not in_properties:
                    used.add(key)
                walk(value, in_properties=(key == "properties" and not in_properties))
        elif isinstance(node, list):
            for item in node:
                walk(item)
    walk(SCHEMAS["framework"]())
    assert used - draft7 - annotations == set()


# --------------------------------------------------------------------------- the same verdicts in both drafts

def _documents():
    paths = sorted((ROOT / "examples").glob("**/*.yaml")) + sorted(HOSTILE.glob("*.yaml"))
    for path in paths:
        if path.name == "expected.yaml":
            continue
        try:
            yield path, loader.load(path.read_bytes(), path.name)
        except InputError:
            continue            # YAML-level problems never reach a schema


def _errors(validator_cls, schema, doc):
    validator = validator_cls(schema, registry=Registry())
    return sorted(d.render() for d in diagnose(validator, doc))


def test_draft_07_and_2020_12_give_the_same_errors_on_examples_and_the_hostile_corpus():
    """ED-1. Framework files against the framework schema; ruleset-shaped files against the
    ruleset schema as well (the overlay example, the hostile rulesets, the bundled rulesets)."""
    framework = SCHEMAS["framework"]()
    ruleset = SCHEMAS["ruleset"]()
    seen = 0
    docs = list(_documents()) + [(p, loader.load(p.read_bytes(), p.name)) for p in sorted((ROOT / "rulesets").glob("*.yaml"))]
    for path, doc in docs:
        schema = ruleset if ("ruleset" in doc.data) else framework
        seven = _errors(jsonschema.Draft7Validator, schema, doc)
        twenty = _errors(jsonschema.Draft202012Validator, schema, doc)
        assert seven == twenty, path.name
        seen += 1
    assert seen >= 40


# --------------------------------------------------------------------------- no network (SEC-2)

@pytest.fixture
def no_network(monkeypatch):
    calls = []

    def refuse(*args, **kwargs):
        calls.append(args)
        raise AssertionError("validation tried to use the network")
    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    return calls


def test_validating_every_example_and_corpus_file_touches_no_network(no_network):
    validator = make_validator(derive_schema(load_book()))
    for _, doc in _documents():
        if "ruleset" not in doc.data:
            diagnose(validator, doc)
    assert no_network == []


def test_a_remote_ref_is_an_error_not_a_download(no_network):
    from referencing.exceptions import Unresolvable

    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema",
              "type": "object", "properties": {"x": {"$ref": "https://example.invalid/x.json"}}}
    validator = make_validator(schema)
    with pytest.raises(Unresolvable):
        list(validator.iter_errors({"x": 1}))
    assert no_network == []


def test_a_ruleset_cannot_smuggle_a_ref_into_validation(tmp_path, no_network):
    """Rulesets are closed by their schema: a $ref key is just an unknown key."""
    from firearms_gap.rulesets import parse_ruleset

    raw = ((ROOT / "examples" / "overlays" / "regional-example.yaml").read_text(encoding="utf-8")
           + '\n"$ref": "https://example.invalid/evil.json"\n').encode()
    with pytest.raises(InputError) as info:
        parse_ruleset(raw, "evil.yaml")
    assert "unknown key '$ref'" in info.value.render()
    assert no_network == []

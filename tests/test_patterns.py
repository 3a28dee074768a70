"""No identifier ends in a line break (issue 16): every `^...$` pattern of every schema, in both
validators. Python's `re` let `$` match before a final "\n", so `ruleset: "firearms-protocol\n"`
passed the id pattern (and slipped past the bundled-id refusal) and `code: "XB\n"` the ISO code."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from firearms_gap import fastvalid
from firearms_gap.framework import derive_schema
from firearms_gap.patterns import ecma_end
from firearms_gap.rulesets import load_book
from firearms_gap.validation import make_validator

SCHEMAS = Path(__file__).resolve().parent.parent / "firearms_gap" / "schemas"


def _patterns(node, found: set) -> set:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "pattern" and isinstance(value, str):
                found.add(value)
            elif key == "patternProperties" and isinstance(value, dict):
                found.update(value)
            _patterns(value, found)
    elif isinstance(node, list):
        for item in node:
            _patterns(item, found)
    return found


def _every_pattern() -> list[str]:
    found: set = set()
    for name in ("framework.schema.json", "ruleset.schema.json"):
        _patterns(json.loads((SCHEMAS / name).read_text(encoding="utf-8")), found)
    _patterns(derive_schema(load_book()), found)
    return sorted(found)


PATTERNS = _every_pattern()
ANCHORED = [p for p in PATTERNS if p.endswith("$")]


def test_the_schemas_have_anchored_patterns_to_test():
    assert len(ANCHORED) >= 10


@pytest.mark.parametrize("pattern", ANCHORED)
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_no_anchored_pattern_accepts_a_trailing_line_break(pattern, data):
    value = data.draw(st.from_regex(pattern, fullmatch=True))
    schema = {"type": "string", "pattern": pattern}
    validator = make_validator(schema)
    assert validator.is_valid(value) and fastvalid.is_valid(schema, value)
    for broken in (value + "\n", value + "\r\n", "\n" + value):
        assert not validator.is_valid(broken), repr(broken)
        assert not fastvalid.is_valid(schema, broken), repr(broken)


@pytest.mark.parametrize("pattern, expected", [
    ("^[a-z]+$", r"^[a-z]+\Z"),
    (r"^a\$$", r"^a\$\Z"),                 # an escaped dollar stays a dollar
    ("^[$a]+$", r"^[$a]+\Z"),              # so does one inside a class
    ("^(a|b$)", r"^(a|b\Z)"),
    ("^https?://", "^https?://"),
])
def test_dollar_becomes_end_of_text(pattern, expected):
    assert ecma_end(pattern) == expected

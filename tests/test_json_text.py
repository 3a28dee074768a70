"""The fast indented JSON writer gives exactly json.dumps(indent=2, ensure_ascii=False)."""
from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from firearms_gap.render import json_text

LEAVES = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text()
VALUES = st.recursive(LEAVES, lambda inner: st.lists(inner, max_size=5) | st.tuples(inner, inner)
                      | st.dictionaries(st.text(), inner, max_size=5)
                      | st.dictionaries(st.integers() | st.booleans() | st.none(), inner, max_size=3),
                      max_leaves=40)


@settings(max_examples=400, deadline=None)
@given(VALUES)
def test_same_text_as_the_standard_library(value):
    assert json_text.dumps(value) == json.dumps(value, ensure_ascii=False, indent=2)


@settings(max_examples=300, deadline=None)
@given(st.lists(VALUES | st.just(()) | st.just([]), max_size=6), st.sampled_from(["", "  ", "      "]))
def test_member_texts_are_each_value_written_where_it_stands(values, pad):
    """The values of a record written at once (the check report's results and elements) are each
    dumps_at's text: strings, None and empty lists without a call, anything else as dumps_at has it."""
    assert json_text.member_texts(values, pad) == [json_text.dumps_at(v, pad) for v in values]
    assert json_text.member_texts(values, pad) == [
        json.dumps(v, ensure_ascii=False, indent=2).replace("\n", "\n" + pad) for v in values]


def test_strings_that_need_escaping_and_text_outside_ascii():
    value = {"q\"uote": ["\\", "\n\t\x00\x1f", "\u202e", "é 中 😀", "\ud800"], "": {}, "e": []}
    assert json_text.dumps(value) == json.dumps(value, ensure_ascii=False, indent=2)


def test_dicts_of_integers_written_from_templates_are_the_same_text():
    """Counts are written by filling a template per key order and indentation (json_text._TEMPLATES):
    keys that look like format directives, the same keys at several depths, booleans (not integers),
    big and negative numbers, and more key orders than the templates kept."""
    counts = {"met": 3, "100%": -1, "%d %s %%": 2 ** 70, "gap": 0}
    value = {"a": counts, "b": [counts, {"x": {"y": counts}}], "c": {"met": True, "gap": 1},
             "d": {"met": 1, "gap": False}, **{f"k{i}": {str(i): i, "n": i} for i in range(300)}}
    for _ in range(2):                           # the second time, from the templates made the first
        assert json_text.dumps(value) == json.dumps(value, ensure_ascii=False, indent=2)
    assert len(json_text._TEMPLATES) <= json_text._MAX_TEMPLATES

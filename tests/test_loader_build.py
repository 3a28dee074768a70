"""loader._build (the one-pass builder) gives exactly what PyYAML's strict constructor gives,
and leaves everything it does not handle to that constructor (issue 6)."""
from __future__ import annotations

import math
from contextlib import contextmanager

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from support import ROOT

from firearms_gap import loader

SCALAR_TEXT = st.sampled_from(["0", "-0", "+1", "012", "0x1F", "1_000", "1.", ".5", "-.5e3", "1e3", ".inf", ".nan",
                               "true", "True", "TRUE", "yes", "no", "NO", "on", "null", "Null", "~", "", "2001-12-14",
                               "12:30", "a: b", "- x", "'q'", "#", "é", "\u202e", "\x07"]) | st.text(max_size=12)
LEAF = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | SCALAR_TEXT
DATA = st.recursive(LEAF, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(SCALAR_TEXT, inner, max_size=4),
                    max_leaves=25)


@contextmanager
def composed(text: str):
    """The strict loader over `text`, and the node tree it composed."""
    base = loader.FAST_BASE or loader.PURE_BASE
    parsed = (loader._LOADERS.get(base) or loader._make_loader(base))(text)
    try:
        yield parsed, parsed.get_single_node()
    finally:
        parsed.dispose()


def fast_build(root):
    try:
        return loader._build(root)
    except loader._Unusual:
        return loader._Unusual


def both_ways(text: str):
    with composed(text) as (parsed, root):
        return fast_build(root), parsed.construct_document(root)


def fast_only(text: str):
    with composed(text) as (_, root):
        return fast_build(root)


def same(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return a == b and math.copysign(1, a) == math.copysign(1, b) or (math.isnan(a) and math.isnan(b))
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


@settings(max_examples=300, deadline=None)
@given(DATA, st.sampled_from([None, False, True]))
def test_dumped_data_builds_the_same_both_ways(data, flow):
    text = yaml.safe_dump({"root": data}, default_flow_style=flow, allow_unicode=True)
    try:
        fast, slow = both_ways(text)
    except (yaml.YAMLError, loader._Located):
        return                                   # not loadable by the strict loader either way
    assert fast is loader._Unusual or same(fast, slow)


@pytest.mark.parametrize("text", [
    "a: 1\nb: 1.5\nc: true\nd: ~\ne: [x, 'y', \"z\"]\nf: {g: -0.0}\n",
    "a: 012\nb: 1_000\nc: 0x1F\nd: .5\ne: 1e3\nf: +3\n",        # YAML 1.1 forms: text under YAML 1.2 typing
    "a: yes\nb: NO\nc: TRUE\nd: False\n",
])
def test_plain_documents_take_the_fast_path_and_match(text):
    fast, slow = both_ways(text)
    assert fast is not loader._Unusual and same(fast, slow)


@pytest.mark.parametrize("text", [
    "a: !!int 0x1F\n", "a: !!float 1_0.5\n", "a: !!binary aGk=\n", "a: !!timestamp 2001-12-14\n",
    "a: !!set {x}\n", "? [a]\n: 1\n", "a: 1\na: 2\n", "a: \"\\u202e\"\n", "\"\\x07\": 1\n", "1: one\n",
])
def test_anything_unusual_is_left_to_the_original_path(text):
    assert fast_only(text) is loader._Unusual


def test_limits_fall_back_so_the_original_checks_word_the_error():
    deep = "a:\n" + "".join("  " * i + "- \n" for i in range(1, 70))
    nested = "x: " + "[" * 70 + "]" * 70 + "\n"
    for text in (deep, nested):
        assert fast_only(text) is loader._Unusual


# --------------------------------------------------------------------------- the streamed path (issue 17)
# loader.load builds a plain file straight from the parser's events and leaves everything else to the
# composed path (streamed=False, the straightforward implementation): both must give the same data,
# or the same error, for every input.

def outcome(raw: bytes, streamed: bool, base=None):
    from firearms_gap.diagnostics import InputError

    try:
        doc = loader.load(raw, "f.yaml", base=base, streamed=streamed)
    except InputError as e:
        return "error", [tuple(d) for d in e.diagnostics]
    return "data", doc


def assert_same_both_paths(raw: bytes, base=None) -> None:
    fast, slow = outcome(raw, True, base), outcome(raw, False, base)
    assert fast[0] == slow[0], (raw[:200], fast, slow)
    if fast[0] == "error":
        assert fast[1] == slow[1]
    else:
        assert same(fast[1].data, slow[1].data)
        # positions are found on the node tree composed when first asked for, as on the composed path
        for path in _paths(slow[1].data):
            assert fast[1].position(path) == slow[1].position(path)
            if path:
                assert fast[1].key_position(path) == slow[1].key_position(path)


def _paths(value, path=()):
    yield list(path)
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, path + (i,))


BASES = [pytest.param(loader.PURE_BASE, id="pure")] + (
    [pytest.param(loader.FAST_BASE, id="C")] if loader.FAST_BASE else [])


@settings(max_examples=300, deadline=None)
@given(DATA, st.sampled_from([None, False, True]))
def test_the_streamed_path_gives_the_composed_path_s_data_and_errors(data, flow):
    text = yaml.safe_dump({"root": data}, default_flow_style=flow, allow_unicode=True)
    assert_same_both_paths(text.encode())


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a:", " b", ": ", "- ", "[", "]", "{", "}", ", ", "\n", "  ", "x", "1", "'q'",
                                 "&a ", "*a", "!!str ", "---\n", "? ", "#c", "\t", "\u202e", "1e999", "true"]),
                max_size=30).map("".join))
def test_the_streamed_path_agrees_on_fragments_of_yaml(text):
    assert_same_both_paths(text.encode())


@pytest.mark.parametrize("base", BASES)
@pytest.mark.parametrize("path", sorted((ROOT / "tests" / "hostile").glob("*.yaml")) + sorted(
    (ROOT / "examples").glob("*.yaml")), ids=lambda p: p.name)
def test_the_streamed_path_agrees_on_the_hostile_corpus_and_the_examples(path, base):
    assert_same_both_paths(path.read_bytes(), base)


@pytest.mark.parametrize("text", [
    "a: 1\na: 2\n", "1: one\n", "? [a]\n: 1\n", "a: &x 1\nb: *x\n", "a: !!str 1\n", "a: 1\n---\nb: 2\n",
    "- a\n", "just text\n", "~\n", "a: " + "[" * 70 + "]" * 70 + "\n", "a: 1e999\n", "a: " + "9" * 301 + "\n",
    "a: \"\\u202e\"\n", "a: [1, 2\n", "a:\n\tb: 1\n",
])
@pytest.mark.parametrize("base", BASES)
def test_the_streamed_path_leaves_what_is_unusual_to_the_composed_path(text, base):
    assert loader._streamed(text, loader._LOADERS.get(base) or loader._make_loader(base)) is None
    assert_same_both_paths(text.encode(), base)


def test_a_plain_file_takes_the_streamed_path_and_composes_no_tree_until_a_position_is_asked():
    doc = loader.load((ROOT / "examples" / "canada.yaml").read_bytes(), "canada.yaml")
    assert doc._root is None
    assert doc.position(["jurisdiction"])[0] > 0 and doc._root is not None

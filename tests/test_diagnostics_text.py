"""diagnostics.CONTROL_OR_BIDI answers exactly as its regular expression would, though it compiles the
expression only for a text that could hold such a character (str.isprintable decides the rest)."""
from __future__ import annotations

import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from firearms_gap.diagnostics import CONTROL_OR_BIDI

EXPRESSION = re.compile(CONTROL_OR_BIDI.pattern)


def test_every_character_the_expression_matches_is_one_isprintable_refuses():
    """The premise of the shortcut, over every code point of this Python's Unicode database."""
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    matched = [m.group() for m in EXPRESSION.finditer(every)]
    assert len(matched) > 200 and "\u202e" in matched and "\U000e0041" in matched      # it did match the class
    assert [f"U+{ord(c):04X}" for c in matched if c.isprintable()] == []


@pytest.mark.parametrize("text", [
    "", "Firearms Act 2019, s. 12", "line one\nline two\ttabbed", "prix\u00a0: 12\u202f€",   # no-break spaces
    "RTL \u202eevil", "soft\u00adhyphen", "tag \U000e0041", "NEL\x85", "bell\x07", "\r\n", "\ufeffBOM",
    "Loi n\u00b0 2019-12\u2028art. 3", "zero\u200bwidth", "\u0627\u0644\u0642\u0627\u0646\u0648\u0646 \u061c",
])
def test_search_and_sub_answer_as_the_expression(text):
    found, expected = CONTROL_OR_BIDI.search(text), EXPRESSION.search(text)
    assert (found and found.span()) == (expected and expected.span())
    assert CONTROL_OR_BIDI.sub("\ufffd", text) == EXPRESSION.sub("\ufffd", text)
    assert CONTROL_OR_BIDI.sub(lambda m: f"<{ord(m.group()):X}>", text) == \
        EXPRESSION.sub(lambda m: f"<{ord(m.group()):X}>", text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("aZ \t\n\r\x00\x1f\x7f\x85\u00a0\u00ad\u200b\u200d\u202e\u2066\u3000"
                                        "\ufeff\U000e0001\U0001f600\u00e9\u0644"), max_size=30) | st.text(max_size=30))
def test_search_agrees_with_the_expression_on_any_text(text):
    found, expected = CONTROL_OR_BIDI.search(text), EXPRESSION.search(text)
    assert (found and found.span()) == (expected and expected.span())

"""plain_scalars' tests type every plain scalar exactly as the YAML 1.2 core patterns do."""
from __future__ import annotations

import itertools
import re

import pytest

from firearms_gap import plain_scalars as ps

TESTS = [(ps.is_bool, ps.BOOL_PATTERN), (ps.is_null, ps.NULL_PATTERN), (ps.is_int, ps.INT_PATTERN),
         (ps.is_float, ps.FLOAT_PATTERN)]

# The characters the patterns care about, and a few they must refuse (a digit of another script,
# a superscript, a space, line breaks).
ALPHABET = "01+-.eE9x\n \u0663\u00b2"
WORDS = ["true", "True", "TRUE", "false", "False", "FALSE", "tRue", "yes", "no", "on", "off", "~", "null", "Null",
         "NULL", "nULL", "", "0", "00", "007", "-0", "+0", "12", "-12", "+12", "1_000", "0x1F", "0o17", "1e3", "1E3",
         "1e", "e3", ".5", "5.", "-.5", "+5.e-3", ".", "-.", "1.2.3", "2026-01-31", "12(1)", "s. 12", "1e999999",
         "nan", ".nan", ".inf", "-.inf", "Infinity", "9" * 400, "\u0661\u0662", "\uff11"]


def _strings():
    for n in range(5):
        for chars in itertools.product(ALPHABET, repeat=n):
            yield "".join(chars)
    for word in WORDS:
        yield from (word, word + "\n", word + "\n\n", "\n" + word, " " + word, word + " ")


@pytest.mark.parametrize("test, pattern", TESTS, ids=lambda t: getattr(t, "__name__", None) or "pattern")
def test_each_test_answers_as_its_pattern(test, pattern):
    compiled = re.compile(pattern)
    differ = [s for s in _strings() if bool(test(s)) != bool(compiled.match(s))]
    assert differ == []


def test_the_tests_are_not_all_the_same_answer():
    """The control: each test says yes to some strings and no to others."""
    for test, _ in TESTS:
        answers = {bool(test(s)) for s in WORDS}
        assert answers == {True, False}


def test_pyyaml_calls_a_test_as_it_calls_a_pattern():
    assert ps.Test(ps.is_int).match("12") and not ps.Test(ps.is_int).match("012")

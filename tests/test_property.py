"""Property: whatever YAML a user feeds `validate` and `check`, the answer is an exit code
of 0, 1 or 2 with readable messages, never a traceback, and the two commands agree.

Documents are generated (hypothesis): random nested structures around a framework-file
skeleton, keys that are real, near-miss or random, and scalars that trip YAML 1.1 readers
(yes/no/NO, dates, 1:20, 012), carry markup or formulas, or hold control characters; some
are then mangled at the text level. Bounded: 200 examples per property, no deadline.
"""
from __future__ import annotations

import re

import yaml
from clirun import run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from firearms_gap.rulesets import load_book

BOOK = load_book()
FACT_NAMES = sorted({f.name for f in BOOK.facts.values()})
GROUPS = sorted(BOOK.groups)
TOP_KEYS = ["format", "jurisdiction", "described_as_of", "party_to", "sources", "answers", "notes"]
ANSWER_KEYS = ["answer", "provision", "note", "evidence", "unverified", "source", "at"]
OPTIONS = sorted({k for f in BOOK.facts.values() for k in f.options})
LINE = re.compile(r"^(<stdin>(:\d+:\d+)?: \S.*|\.\.\. and \d+ more)$")


def _near_miss(word: str, data) -> str:
    """A plausible typo: a letter dropped, doubled or swapped, or the case changed."""
    i = data.draw(st.integers(0, max(len(word) - 2, 0)))
    kind = data.draw(st.sampled_from(["drop", "double", "swap", "upper"]))
    if kind == "drop":
        return word[:i] + word[i + 1:]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    if kind == "swap" and len(word) > 1:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    return word.upper()


TRICKY = ["yes", "no", "NO", "No", "on", "Off", "y", "n", "true", "True", "TRUE", "false", "null", "~", "",
          "2026-01-31", "31/01/2026", "1:20", "012", "0x1F", "1e3", "1.10", ".inf", "<script>alert(1)</script>",
          '=HYPERLINK("http://evil.invalid")', "[red]x[/red]", "[/]", "XT", "Norway", "s. 12(1)(b)",
          "firearms-gap/framework-1", "firearms-protocol"]
CONTROL_TEXT = st.text(alphabet=st.sampled_from(list("aZ é\t\n") + ["\x00", "\x07", "\x1b", "\x7f", "\x85",
                                                                     "\u202e", "\u2066", "\ufeff", "\u00a0"]),
                       max_size=12)


@st.composite
def keys(draw):
    pool = draw(st.sampled_from(["top", "group", "fact", "answer", "option", "random"]))
    word = {"top": TOP_KEYS, "group": GROUPS, "fact": FACT_NAMES, "answer": ANSWER_KEYS,
            "option": OPTIONS or ["x"], "random": ["x"]}[pool]
    if pool == "random":
        return draw(st.text(max_size=8))
    base = draw(st.sampled_from(word))
    return _near_miss(base, draw(st.data())) if draw(st.booleans()) else base


SCALARS = (st.sampled_from(TRICKY) | st.integers(-10**6, 10**6) | st.floats(allow_nan=False, width=32)
           | st.booleans() | st.none() | CONTROL_TEXT | st.sampled_from(OPTIONS or ["x"]))
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys(), inner, max_size=4),
                      max_leaves=25)


@st.composite
def framework_like(draw):
    """A framework-file skeleton with random parts, or a wholly random structure."""
    if draw(st.integers(0, 4)) == 0:
        return draw(VALUES)
    doc = {"format": draw(st.sampled_from(["firearms-gap/framework-1"] * 3 + TRICKY)),
           "jurisdiction": {"name": draw(SCALARS), "code": draw(st.sampled_from(["XT", "NO", "no", "AU-NSW", "X"]))}}
    answers = {}
    for _ in range(draw(st.integers(0, 4))):
        group = draw(st.sampled_from(GROUPS))
        facts = [f.name for f in BOOK.facts.values() if f.group == group] or ["x"]
        name = draw(st.sampled_from(facts))
        if draw(st.booleans()):
            name = _near_miss(name, draw(st.data()))
        answers.setdefault(group, {})[name] = {"answer": draw(VALUES)} if draw(st.booleans()) else draw(VALUES)
    if answers:
        doc["answers"] = answers
    for _ in range(draw(st.integers(0, 3))):
        doc[draw(keys())] = draw(VALUES)
    return doc


@st.composite
def documents(draw) -> bytes:
    data = draw(framework_like())
    text = yaml.safe_dump(data, allow_unicode=draw(st.booleans()),
                          default_flow_style=draw(st.sampled_from([None, True, False])), sort_keys=False)
    if draw(st.integers(0, 3)) == 0:                    # mangle the text: insert or delete a few characters
        for _ in range(draw(st.integers(1, 3))):
            i = draw(st.integers(0, len(text)))
            if draw(st.booleans()):
                text = text[:i] + draw(st.sampled_from(["'", '"', ":", "- ", "\t", "[", "{", "&a ", "*a", "\n  ", "#"])) + text[i:]
            else:
                text = text[:i] + text[i + 3:]
    return text.encode("utf-8")


SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _assert_clean(result, allowed):
    assert "Traceback" not in result.stdout + result.stderr
    assert result.exit_code in allowed, (result.exit_code, result.stderr[-500:])
    if result.exit_code == 2:
        lines = result.stderr.splitlines()
        assert lines, "exit 2 without a message"
        for line in lines:
            assert LINE.match(line), line
            assert len(line) <= 300
            assert "\x1b" not in line and "\u202e" not in line


@SETTINGS
@given(documents())
def test_validate_and_check_never_crash_and_agree(raw):
    checked = run("validate", "-", input=raw)
    _assert_clean(checked, {0, 2})
    evaluated = run("check", "-", "--format", "json", input=raw)
    _assert_clean(evaluated, {0, 1, 2})
    if checked.exit_code == 0:
        assert evaluated.exit_code in (0, 1), evaluated.stderr       # what validate accepts, check evaluates
    else:
        assert evaluated.exit_code == 2
        assert evaluated.stderr == checked.stderr                     # and both explain it the same way


@SETTINGS
@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_crash(raw):
    _assert_clean(run("validate", "-", input=raw), {0, 2})

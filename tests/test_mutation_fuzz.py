"""Property: a bundled example, mangled at random (bytes flipped, hostile characters and YAML
syntax inserted, ranges deleted, lines repeated), is checked or refused - exit 0, 1 or 2 with
located one-line messages and a JSON document on standard output - never an internal error or
a traceback. A line separator anywhere (it can end a # comment unseen) is always refused.
Bounded: 150 examples, a few seconds (issue 16)."""
from __future__ import annotations

import json
import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clirun import invoke_main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
SNIPPETS = ["\u2028", "\u2029", "\x85", "\u200b", "\ufeff", "\u202e", "\x00", "\x1b[31m", "\t", "\r", "\n",
            "!!bool ", "!!int 0x", "!include ", "&a ", "*a", "<<: ", "- ", ": ", "? ", "[", "]", "{", "}",
            "'", '"', "#", "---\n", "1e999999", ".inf", "9" * 4400, "yes", "~", "\\u200b", "é", "🇺🇳"]
LINE = re.compile(r"^(<stdin>(:\d+:\d+)?: \S.*|\.\.\. and \d+ more)$")
SEPARATORS = re.compile("[\x85\u2028\u2029]")


@st.composite
def mangled(draw) -> bytes:
    data = bytearray(draw(st.sampled_from(EXAMPLES)).read_bytes())
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["flip", "insert", "delete", "repeat"]))
        if kind == "flip" and at < len(data):
            data[at] = draw(st.integers(0, 255))
        elif kind == "insert":
            data[at:at] = draw(st.sampled_from(SNIPPETS)).encode("utf-8")
        elif kind == "delete":
            del data[at:at + draw(st.integers(1, 200))]
        else:
            start = data.rfind(b"\n", 0, at) + 1
            end = data.find(b"\n", at)
            end = len(data) if end < 0 else end + 1
            data[end:end] = data[start:end]
    return bytes(data)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(raw=mangled())
def test_a_mangled_example_is_checked_or_refused_never_a_crash(raw):
    code, out, err = invoke_main(["check", "-", "--format", "json", "--ruleset", "firearms-protocol"], input=raw)
    text = err.decode("utf-8")
    assert code in (0, 1, 2), text
    assert "Traceback" not in text and "internal error" not in text
    document = json.loads(out)
    if code == 2:
        assert document["input_errors"]
        assert text and all(LINE.match(line) for line in text.splitlines()), text
    else:
        assert text == "" and "results" in document
    try:
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError:
        return
    if SEPARATORS.search(decoded):
        assert code == 2

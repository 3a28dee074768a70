"""Schema `pattern`s with JSON Schema's meaning of `$`: the very end of the text.

Why: JSON Schema patterns are ECMA-262 regular expressions, where `$` (without the multiline
flag) matches only at the end of the input; editors validate with that meaning. Python's `re`
also lets `$` match just before a final line break, so `^[a-z0-9-]+$` accepted
"firearms-protocol\\n" (which then slipped past the refusal of a bundled ruleset id) and
`code: "XB\\n"`. Both validators (fastvalid and jsonschema) compile patterns here, where a `$`
outside a character class becomes `\\Z`: no identifier can end in a line break.
"""
from __future__ import annotations

import re
from functools import lru_cache


def ecma_end(pattern: str) -> str:
    """PATTERN with each unescaped `$` outside [...] written as `\\Z`."""
    out, escaped, in_class = [], False, False
    for ch in pattern:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "$":
            ch = r"\Z"
        out.append(ch)
    return "".join(out)


@lru_cache(maxsize=None)
def compile_pattern(pattern: str) -> re.Pattern:
    return re.compile(ecma_end(pattern))


def pattern_keyword(validator, pattern, instance, schema):
    """jsonschema's `pattern` keyword with compile_pattern (same message, so diagnostics are unchanged)."""
    from jsonschema.exceptions import ValidationError

    if validator.is_type(instance, "string") and compile_pattern(pattern).search(instance) is None:
        yield ValidationError(f"{instance!r} does not match {pattern!r}")

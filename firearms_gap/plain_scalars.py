"""YAML 1.2 core typing of a plain scalar: is it a boolean, null, an integer or a float?

Each test answers exactly as the pattern beside it (`re.match`, where `$` also matches before a
final line break), which tests/test_plain_scalars.py checks over every short string of the
characters that matter. Why tests rather than the patterns: compiling the four patterns cost
~0.5 ms of every run, and set look-ups and str methods are as fast to run. The float pattern is
kept, compiled (by re, which keeps it) the first time a scalar could be a float: one with a "."
or an exponent, which dates and section numbers such as 2026-01-31 or 12(1) never have.

`match` is the name PyYAML's resolver calls on what it is given (loader._make_loader).
"""
from __future__ import annotations

import re

BOOL_PATTERN = r"^(?:true|True|TRUE|false|False|FALSE)$"
NULL_PATTERN = r"^(?:~|null|Null|NULL|)$"
INT_PATTERN = r"^[-+]?(?:0|[1-9][0-9]*)$"
FLOAT_PATTERN = r"^[-+]?(?:(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|[0-9]+[eE][-+]?[0-9]+)$"

_BOOLS = frozenset(("true", "True", "TRUE", "false", "False", "FALSE"))
_NULLS = frozenset(("~", "null", "Null", "NULL", ""))


def _line(value: str) -> str:
    """VALUE as `^...$` reads it: a final line break is allowed before `$`."""
    return value[:-1] if value[-1:] == "\n" else value


def is_bool(value: str) -> bool:
    return _line(value) in _BOOLS


def is_null(value: str) -> bool:
    return _line(value) in _NULLS


def is_int(value: str) -> bool:
    value = _line(value)
    digits = value[1:] if value[:1] in ("-", "+") else value
    # isascii: str.isdigit also accepts other scripts' digits (and superscripts), which are text.
    return digits.isascii() and digits.isdigit() and (digits[0] != "0" or digits == "0")


def is_float(value: str) -> bool:
    # Every float the pattern accepts has a "." or an exponent; only such a scalar compiles it.
    return ("." in value or "e" in value or "E" in value) and re.match(FLOAT_PATTERN, value) is not None


class Test:
    """One of the tests above where PyYAML's resolver expects a compiled pattern (it calls .match)."""
    __slots__ = ("match",)

    def __init__(self, test):
        self.match = test

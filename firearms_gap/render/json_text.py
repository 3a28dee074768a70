"""JSON text exactly as json.dumps(value, ensure_ascii=False, indent=2) writes it, twice as fast.

Why: with an indent, the standard library encodes in pure Python through nested generators;
for a full report (~320 kB) that was ~4.3 ms of a ~50 ms `check`. This writer leaves strings to
the same C function json.dumps uses, so the text is identical (a property test compares the two
on generated values). Anything it does not expect (a non-string key, a custom type) goes to
json.dumps itself, so it is never wrong, only slower.

How: a dict is written by filling a %-template of its keys at its indentation, made once per key
order (a report's dicts repeat the same keys: 153 results, ~45 counts a jurisdiction), with the
text of each value; strings are encoded in the loop that collects the values, not by a call each.
Writing a check report's JSON: 32.6 M -> 29.9 M instructions (callgrind; the emitting writer it replaced).

The string encoder is taken from CPython's `_json` directly, and the `json` package is imported only
for the fallback: importing it compiles six regular expressions (its decoder's and encoder's) that
this writer never uses, 4.7 M of a ~373 M `check --format json` (callgrind).
"""
from __future__ import annotations

try:
    # What json.encoder calls c_encode_basestring: the function json.dumps(ensure_ascii=False) uses.
    from _json import encode_basestring
except ImportError:                          # another Python implementation: the same function, by its public name
    from json.encoder import encode_basestring

_INDENT = "  "
_INTEGERS = {int}
# (keys, indentation) -> the dict's text with %s for each value. Bounded, since keys can come from data.
_TEMPLATES: dict[tuple, str] = {}
_MAX_TEMPLATES = 256


class _Unusual(Exception):
    """A value this writer leaves to json.dumps."""


def dumps(value) -> str:
    try:
        return _text(value, "")
    except _Unusual:
        return _standard(value)


def _standard(value) -> str:
    """json.dumps itself, for what this writer does not expect."""
    import json

    return json.dumps(value, ensure_ascii=False, indent=2)


def dumps_at(value, pad: str) -> str:
    """The text of VALUE as a member of an object whose keys are indented by PAD (so a dict's closing
    brace, or a list's bracket, at PAD), as json.dumps(indent=2) writes it there."""
    try:
        return _text(value, pad)
    except _Unusual:         # JSON text holds no raw line break inside a string: indenting every line is exact
        return _standard(value).replace("\n", "\n" + pad)


def member_texts(values, pad: str) -> list[str]:
    """[dumps_at(value, pad) for value in values], without a call for a string, None or an empty list
    (most of a report's values: ~2,700 of the ~4,500 of a check's results and elements)."""
    try:
        return [encode_basestring(value) if type(value) is str else "null" if value is None
                else "[]" if value == () else _text(value, pad) for value in values]
    except _Unusual:
        return [dumps_at(value, pad) for value in values]


def template(keys: tuple, pad: str) -> str:
    """A dict with these (text) keys, its braces at indentation PAD, %s for the text of each value."""
    template = _TEMPLATES.get((keys, pad))
    if template is None:
        if any(type(key) is not str for key in keys):
            raise _Unusual
        inner = ",\n" + pad + _INDENT
        template = ("{\n" + pad + _INDENT + inner.join(encode_basestring(key).replace("%", "%%") + ": %s"
                                                       for key in keys) + "\n" + pad + "}")
        if len(_TEMPLATES) < _MAX_TEMPLATES:
            _TEMPLATES[keys, pad] = template
    return template


def _text(value, pad: str) -> str:
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if kind is dict:
        if not value:
            return "{}"
        values = value.values()
        if type(next(iter(values))) is int and set(map(type, values)) == _INTEGERS:
            return template(tuple(value), pad) % tuple(values)         # counts: %s of an int is its text
        inner = pad + _INDENT
        return template(tuple(value), pad) % tuple(
            [encode_basestring(item) if type(item) is str else _text(item, inner) for item in values])
    if kind is list or kind is tuple:
        if not value:
            return "[]"
        inner = pad + _INDENT
        return ("[\n" + inner + (",\n" + inner).join(
            [encode_basestring(item) if type(item) is str else _text(item, inner) for item in value])
            + "\n" + pad + "]")
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if kind is int:
        return int.__repr__(value)
    raise _Unusual                               # floats (NaN, infinities), subclasses, other types

"""JSON text exactly as json.dumps(value, ensure_ascii=False, indent=2) writes it, twice as fast.

Why: with an indent, the standard library encodes in pure Python through nested generators;
for a full report (~270 kB) that was ~4.3 ms of a ~50 ms `check`. This writer appends to one
list and leaves strings to the same C function json.dumps uses, so the text is identical
(a property test compares the two on generated values). Anything it does not expect (a
non-string key, a custom type) goes to json.dumps itself, so it is never wrong, only slower.
"""
from __future__ import annotations

import json
from json.encoder import encode_basestring   # the C encoder json.dumps(ensure_ascii=False) uses

_INDENT = "  "
_INTEGERS = {int}
# A dict of integers only (a report's counts: every status, in the same order, over and over) is
# written by filling a %-template made once per key order and indentation: one C call instead of
# a write per count. A comparison's jurisdiction summaries are ~320 counts each; this took writing
# them from 2.9 M to 2.3 M instructions a jurisdiction (callgrind). Bounded, since keys can come from data.
_TEMPLATES: dict[tuple, str] = {}
_MAX_TEMPLATES = 256


class _Unusual(Exception):
    """A value this writer leaves to json.dumps."""


def dumps(value) -> str:
    out: list[str] = []
    try:
        _write(value, "", out.append)
    except _Unusual:
        return json.dumps(value, ensure_ascii=False, indent=2)
    return "".join(out)


def _integers_template(keys: tuple, pad: str) -> str:
    """The text of a dict with these keys and integer values at this indentation, %d for each value."""
    template = _TEMPLATES.get((keys, pad))
    if template is None:
        if any(type(key) is not str for key in keys):
            raise _Unusual
        inner = pad + _INDENT
        template = ("{\n" + ",\n".join(inner + encode_basestring(key).replace("%", "%%") + ": %d" for key in keys)
                    + "\n" + pad + "}")
        if len(_TEMPLATES) < _MAX_TEMPLATES:
            _TEMPLATES[keys, pad] = template
    return template


def _write(value, pad: str, emit) -> None:
    # Strings and integers inside a container are written by the container's loop, not by a call
    # of _write each: they are most of a report's values (a comparison's summaries are all counts),
    # and a call per value was a fifth of the writer's time.
    kind = type(value)
    if kind is dict:
        if not value:
            emit("{}")
            return
        if type(next(iter(value.values()))) is int and set(map(type, value.values())) == _INTEGERS:
            emit(_integers_template(tuple(value), pad) % tuple(value.values()))
            return
        inner = pad + _INDENT
        sep = "{\n" + inner
        for key, item in value.items():
            if type(key) is not str:
                raise _Unusual
            emit(sep)
            emit(encode_basestring(key))
            emit(": ")
            if type(item) is str:
                emit(encode_basestring(item))
            elif type(item) is int:
                emit(int.__repr__(item))
            else:
                _write(item, inner, emit)
            sep = ",\n" + inner
        emit("\n" + pad + "}")
    elif kind is list or kind is tuple:
        if not value:
            emit("[]")
            return
        inner = pad + _INDENT
        sep = "[\n" + inner
        for item in value:
            emit(sep)
            if type(item) is str:
                emit(encode_basestring(item))
            elif type(item) is int:
                emit(int.__repr__(item))
            else:
                _write(item, inner, emit)
            sep = ",\n" + inner
        emit("\n" + pad + "]")
    elif kind is str:
        emit(encode_basestring(value))
    elif value is None:
        emit("null")
    elif value is True:
        emit("true")
    elif value is False:
        emit("false")
    elif kind is int:
        emit(int.__repr__(value))
    else:                                        # floats (NaN, infinities), subclasses, other types
        raise _Unusual

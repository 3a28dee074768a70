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


class _Unusual(Exception):
    """A value this writer leaves to json.dumps."""


def dumps(value) -> str:
    out: list[str] = []
    try:
        _write(value, "", out.append)
    except _Unusual:
        return json.dumps(value, ensure_ascii=False, indent=2)
    return "".join(out)


def _write(value, pad: str, emit) -> None:
    # Strings and integers inside a container are written by the container's loop, not by a call
    # of _write each: they are most of a report's values (a comparison's summaries are all counts),
    # and a call per value was a fifth of the writer's time.
    kind = type(value)
    if kind is dict:
        if not value:
            emit("{}")
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

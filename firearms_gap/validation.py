"""Turn JSON Schema violations into located, readable diagnostics.

One function serves framework files and rulesets: every error is reported (not just
the first), at the line and column of the offending key or value, in words a drafter
understands (unknown keys get a "did you mean", yes/no get a hint to write true/false).
"""
from __future__ import annotations

import difflib
import json
from functools import lru_cache
from importlib import resources

from firearms_gap.diagnostics import Diagnostic
from firearms_gap.loader import Document, dotted


@lru_cache(maxsize=None)
def bundled_schema(name: str) -> dict:
    return json.loads(resources.files("firearms_gap.schemas").joinpath(name).read_text("utf-8"))


def make_validator(schema: dict):
    """Build a validator once. No remote $ref is ever fetched: an empty registry is passed."""
    import jsonschema
    from referencing import Registry

    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, registry=Registry())


def diagnose(validator, doc: Document) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for error in validator.iter_errors(doc.data):
        out.extend(_explain(error, doc))
    return sorted(set(out), key=lambda d: (d.line or 0, d.column or 0, d.path, d.message))


def _explain(error, doc: Document) -> list[Diagnostic]:
    path = list(error.absolute_path)
    kw = error.validator
    if kw == "additionalProperties":
        allowed = sorted((error.schema.get("properties") or {}).keys())
        extras = [k for k in error.instance if k not in allowed] if isinstance(error.instance, dict) else []
        found = []
        for key in extras:
            line, col = doc.key_position(path + [key])
            hint = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            msg = f"unknown key '{key}'" + (f"; did you mean '{hint[0]}'?" if hint else
                                            (f"; expected one of: {', '.join(allowed)}" if 0 < len(allowed) <= 12 else ""))
            found.append(Diagnostic(doc.name, line, col, dotted(path), msg, kw))
        return found
    if kw == "required":
        line, col = doc.position(path)
        missing = [k for k in error.validator_value if isinstance(error.instance, dict) and k not in error.instance]
        return [Diagnostic(doc.name, line, col, dotted(path), f"missing required key '{m}'", kw) for m in missing]
    line, col = doc.position(path)
    return [Diagnostic(doc.name, line, col, dotted(path), _message(error), kw)]


_TYPE_WORDS = {"boolean": "true or false", "integer": "a whole number", "number": "a number",
               "string": "text", "object": "a mapping (key: value lines)", "array": "a list (- item lines)"}


def _message(error) -> str:
    kw, value = error.validator, error.instance
    if kw == "type":
        wanted = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        words = " or ".join(_TYPE_WORDS.get(w, w) for w in wanted)
        if "boolean" in wanted and isinstance(value, str) and value.lower() in {"yes", "no", "on", "off", "y", "n"}:
            return f"write true or false, not '{value}'"
        return f"expected {words}, got {_describe(value)}"
    if kw == "enum":
        options = ", ".join(str(v) for v in error.validator_value)
        return f"{_describe(value)} is not one of the allowed answers: {options}"
    if kw == "const":
        return f"must be {error.validator_value!r}"
    if kw == "pattern":
        desc = error.schema.get("patternHint") or f"does not match the expected form {error.validator_value}"
        return f"{_describe(value)} {desc}"
    if kw in ("minLength", "maxLength", "minimum", "maximum", "minItems", "uniqueItems", "minProperties"):
        return f"{_describe(value)}: {error.message.split(' is ', 1)[-1] if ' is ' in error.message else error.message}"
    if kw == "oneOf":
        return f"{_describe(value)} is not in any of the accepted forms"
    if kw == "propertyNames":
        return f"key {error.instance!r} is not a valid name"
    return error.message


def _describe(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:39] + "…")
    if isinstance(value, (int, float)):
        return str(value)
    return "a mapping" if isinstance(value, dict) else "a list"

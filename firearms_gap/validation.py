"""Turn JSON Schema violations into located, readable diagnostics.

One function serves framework files and rulesets: every error is reported (not just
the first), at the line and column of the offending key or value, in words a drafter
understands (unknown keys get a "did you mean", yes/no get a hint to write true/false).
"""
from __future__ import annotations

import json
import os
from functools import lru_cache

from firearms_gap.diagnostics import Diagnostic, shorten
from firearms_gap.loader import Document, dotted


@lru_cache(maxsize=None)
def bundled_schema(name: str) -> dict:
    # The schemas ship inside the package (package_data), so a path beside this module finds
    # them in a wheel and a checkout alike; importlib.resources would cost ~3 ms of imports per run.
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "schemas", name), encoding="utf-8") as f:
        return json.load(f)


def make_validator(schema: dict):
    """Build a validator once. No remote $ref is ever fetched: an empty registry is passed."""
    import jsonschema
    from referencing import Registry

    cls = _with_ecma_patterns(jsonschema.validators.validator_for(schema))
    return cls(schema, registry=Registry())


@lru_cache(maxsize=None)
def _with_ecma_patterns(cls):
    """CLS whose `pattern` keyword reads `$` as JSON Schema does (patterns.py): no identifier
    with a trailing line break gets past a `^...$` pattern."""
    import jsonschema

    from firearms_gap.patterns import pattern_keyword
    return jsonschema.validators.extend(cls, {"pattern": pattern_keyword})


# "Did you mean" costs a fuzzy match per unknown key: past this many in one file (not a typo, then)
# the keys are still reported, without a suggestion, so that 90,000 unknown keys take a second,
# not minutes (issue 16).
MAX_HINTS = 200
_hints_left = [MAX_HINTS]


def diagnose(validator, doc: Document) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    _hints_left[0] = MAX_HINTS
    for error in validator.iter_errors(doc.data):
        out.extend(_explain(error, doc))
    return sorted(set(out), key=lambda d: (d.line or 0, d.column or 0, d.path, d.message))


def _explain(error, doc: Document) -> list[Diagnostic]:
    path = list(error.absolute_path)
    kw = error.validator
    if kw in ("anyOf", "oneOf") and error.context:
        return _explain_alternatives(error, doc)
    if "propertyNames" in error.schema_path and isinstance(error.instance, str):
        # A bad key: point at the key itself, not at the mapping that holds it.
        line, col = doc.key_position(path + [error.instance])
        return [Diagnostic(doc.name, line, col, dotted(path), f"key {_message(error)}", kw)]
    if kw == "additionalProperties":
        allowed = sorted((error.schema.get("properties") or {}).keys())
        extras = [k for k in error.instance if k not in allowed] if isinstance(error.instance, dict) else []
        found = []
        for key in extras:
            line, col = doc.key_position(path + [key])
            hint = _hint(key, allowed)
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


def _explain_alternatives(error, doc: Document) -> list[Diagnostic]:
    """A value that fits none of several accepted forms: explain the form it was meant to be.

    Saying "not valid under any of the given schemas" (and repeating the value) helps no one.
    The form the value was meant to be is the one whose own shape it has (keys present,
    right type); its errors are the real ones. Failing that, keys no form knows are typos,
    and keys every near form lacks are what is missing.
    """
    from jsonschema.exceptions import best_match

    path = list(error.absolute_path)
    branches: dict = {}
    for e in error.context:
        branches.setdefault(e.relative_schema_path[0], []).append(e)

    def at_root(e, *kws):
        return not e.relative_path and e.validator in kws

    fitting = [errs for errs in branches.values() if not any(at_root(e, "type", "required") for e in errs)]
    if fitting:
        return [d for e in min(fitting, key=len) for d in _explain(e, doc)]
    instance = error.instance
    shaped = [errs for errs in branches.values() if not any(at_root(e, "type") for e in errs)]
    if isinstance(instance, dict):
        forms = [s for s in error.validator_value if isinstance(s, dict) and "properties" in s]
        known = sorted({k for s in forms for k in s["properties"]})
        unknown = [k for k in instance if forms and k not in known]
        if unknown:
            found = []
            for key in unknown:
                line, col = doc.key_position(path + [key])
                hint = _hint(key, known)
                found.append(Diagnostic(doc.name, line, col, dotted(path), f"unknown key '{key}'" + (
                    f"; did you mean '{hint[0]}'?" if hint else f"; expected one of: {', '.join(known)}"),
                    "additionalProperties"))
            return found
        missing = [[k for e in errs if at_root(e, "required") for k in e.validator_value if k not in instance]
                   for errs in shaped]
        if len(shaped) > 1 and all(missing):
            overlap = [len(set(k for e in errs if at_root(e, "required") for k in e.validator_value) & set(instance))
                       for errs in shaped]
            near = [m for m, o in zip(missing, overlap) if o == max(overlap)]
            keys = list(dict.fromkeys(k for m in near for k in m))
            line, col = doc.position(path)
            return [Diagnostic(doc.name, line, col, dotted(path), (
                f"missing required key '{keys[0]}'" if len(keys) == 1 else
                f"needs one of these keys: {', '.join(keys)}"), "required")]
    return _explain(best_match([e for errs in shaped for e in errs] or error.context), doc)


def _hint(word: str, choices) -> list[str]:
    if _hints_left[0] <= 0:
        return []
    _hints_left[0] -= 1
    return closest(word, choices)


def closest(word: str, choices) -> list[str]:
    """The likeliest intended choice for a misspelt key ([] if none is close), ignoring case:
    PRINTER_TECHNICAL_LIMITS means printer_technical_limits."""
    by_lower = {c.lower(): c for c in choices}
    import difflib                               # only when something is wrong

    return [by_lower[m] for m in difflib.get_close_matches(word.lower(), list(by_lower), n=1, cutoff=0.6)]


_TYPE_WORDS = {"boolean": "true or false", "integer": "a whole number", "number": "a number",
               "string": "text", "object": "a mapping (key: value lines)", "array": "a list (- item lines)"}


def _message(error) -> str:
    kw, value = error.validator, error.instance
    if kw == "type":
        wanted = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        # "null" is accepted only to let a section stay empty; it is no answer to suggest.
        words = " or ".join(_TYPE_WORDS.get(w, w) for w in wanted if w != "null" or len(wanted) == 1)
        if "boolean" in wanted and isinstance(value, str) and value.lower() in {"yes", "no", "on", "off", "y", "n"}:
            return f"write true or false, not '{value}'"
        if "boolean" in wanted and isinstance(value, str) and value.lower() in {"true", "false"}:
            return f"write {value.lower()} without quotes (quoted, it is text)"
        return f"expected {words}, got {_describe(value)}"
    if kw == "enum":
        options = ", ".join(str(v) for v in error.validator_value)
        return f"{_describe(value)} is not one of the allowed answers: {options}"
    if kw == "const":
        return f"must be {error.validator_value!r}"
    if kw == "pattern":
        # patternErrorMessage is the keyword VS Code's YAML extension shows for a failed pattern,
        # so the editor and the command line give the same hint. Unknown keywords are ignored by
        # every JSON Schema validator (draft-07 and 2020-12 alike).
        hint = error.schema.get("patternErrorMessage")
        if hint:
            return f"{_describe(value)}: {hint[0].lower()}{hint[1:]}"
        return f"{_describe(value)} does not match the expected form {error.validator_value}"
    limit = error.validator_value
    if kw == "minLength":
        return "must not be empty" if value == "" else f"{_describe(value)} is shorter than {limit} characters"
    if kw == "maxLength":
        return f"{_describe(value)} is {len(value):,} characters long; the limit is {limit}"
    if kw == "minimum":
        return f"{_describe(value)} is below the minimum of {limit}"
    if kw == "maximum":
        return f"{_describe(value)} is above the maximum of {limit}"
    if kw == "minItems":
        return f"the list needs at least {limit} item{'s' if limit != 1 else ''}"
    if kw == "uniqueItems":
        return "the list names the same item more than once"
    if kw == "minProperties":
        return f"needs at least {limit} key{'s' if limit != 1 else ''}"
    if kw == "oneOf":
        return "fits more than one of the accepted forms; keep only one (e.g. encoded_as or excluded, not both)" \
            if "valid under each of" in error.message else f"{_describe(value)} is not in any of the accepted forms"
    if kw == "propertyNames":
        return f"key {error.instance!r} is not a valid name"
    return shorten(error.message)      # never the whole (possibly huge) value


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

"""A yes/no validator for the JSON Schema subset our own schemas use.

Why: importing jsonschema costs more than the rest of a `check` run. Most files a drafter
checks are valid, and for those a plain yes is all we need. When this says "no" (or meets a
keyword it does not know), the caller falls back to jsonschema, which remains the single
source of truth for error messages. A test asserts both agree on every fixture.
"""
from __future__ import annotations

import re
from functools import lru_cache

_TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "null": lambda v: v is None,
}
# Keywords that only annotate; they never change the verdict.
_ANNOTATIONS = {"$schema", "$id", "title", "description", "markdownDescription", "patternHint", "patternErrorMessage", "default",
                "examples", "$comment", "$defs", "definitions"}


class Unsupported(Exception):
    """The schema uses a keyword this validator does not implement: use jsonschema."""


@lru_cache(maxsize=256)
def _regex(pattern: str):
    return re.compile(pattern)


def _equal(a, b) -> bool:
    # JSON equality: true is not 1.
    return type(a) is type(b) and a == b if isinstance(a, bool) or isinstance(b, bool) else a == b


def is_valid(schema: dict, value, root: dict | None = None) -> bool:
    """True if `value` satisfies `schema`. Raises Unsupported for keywords outside the subset.

    `root` is the document local references (``#/$defs/...``) resolve in; never a URL.
    """
    root = schema if root is None else root

    def ok(sub, v) -> bool:
        return is_valid(sub, v, root)

    for key, rule in schema.items():
        if key in _ANNOTATIONS or key in ("properties", "patternProperties"):
            continue
        if key == "type":
            kinds = rule if isinstance(rule, list) else [rule]
            if not any(_TYPES[k](value) for k in kinds):
                return False
        elif key == "enum":
            if not any(_equal(value, option) for option in rule):
                return False
        elif key == "const":
            if not _equal(value, rule):
                return False
        elif key == "pattern":
            if isinstance(value, str) and not _regex(rule).search(value):
                return False
        elif key in ("minLength", "maxLength"):
            if isinstance(value, str) and not (len(value) >= rule if key == "minLength" else len(value) <= rule):
                return False
        elif key in ("minimum", "maximum"):
            if _TYPES["number"](value) and not (value >= rule if key == "minimum" else value <= rule):
                return False
        elif key in ("minItems", "maxItems"):
            if isinstance(value, list) and not (len(value) >= rule if key == "minItems" else len(value) <= rule):
                return False
        elif key == "minProperties":
            if isinstance(value, dict) and len(value) < rule:
                return False
        elif key == "uniqueItems":
            if rule and isinstance(value, list) and not _unique(value):
                return False
        elif key == "items":
            if isinstance(value, list) and not all(ok(rule, v) for v in value):
                return False
        elif key == "required":
            if isinstance(value, dict) and any(k not in value for k in rule):
                return False
        elif key == "additionalProperties":
            if isinstance(value, dict):
                props = schema.get("properties", {})
                extra = [k for k in value if k not in props]
                if rule is False and extra:
                    return False
                if isinstance(rule, dict) and not all(ok(rule, value[k]) for k in extra):
                    return False
        elif key == "propertyNames":
            if isinstance(value, dict) and not all(ok(rule, k) for k in value):
                return False
        elif key == "anyOf":
            if not any(ok(s, value) for s in rule):
                return False
        elif key == "oneOf":
            if sum(1 for s in rule if ok(s, value)) != 1:
                return False
        elif key == "allOf":
            if not all(ok(s, value) for s in rule):
                return False
        elif key == "$ref":
            if not rule.startswith("#/"):
                raise Unsupported(f"$ref {rule}")
            target = root
            for part in rule[2:].split("/"):
                target = target[part]
            if not ok(target, value):
                return False
        else:
            raise Unsupported(key)
    if isinstance(value, dict) and "properties" in schema:
        for k, sub in schema["properties"].items():
            if k in value and not ok(sub, value[k]):
                return False
    return True


def _unique(items: list) -> bool:
    seen = []
    for item in items:
        if any(_equal(item, s) for s in seen):
            return False
        seen.append(item)
    return True

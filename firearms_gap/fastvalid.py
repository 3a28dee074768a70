"""A yes/no validator for the JSON Schema subset our own schemas use.

Why: importing jsonschema costs more than the rest of a `check` run. Most files a drafter
checks are valid, and for those a plain yes is all we need. When this says "no" (or meets a
keyword it does not know), the caller falls back to jsonschema, which remains the single
source of truth for error messages. Tests assert both agree on every fixture and on
generated documents.

A schema is compiled once into nested closures (one per subschema), so validating a file
does no keyword dispatch: in `compare` this validator runs for every file, and walking the
schema dict per value cost ~2 ms of each 50 kB framework file.
"""
from __future__ import annotations

from firearms_gap.patterns import compile_pattern

# Keywords that only annotate; they never change the verdict.
_ANNOTATIONS = {"$schema", "$id", "title", "description", "markdownDescription", "patternHint", "patternErrorMessage",
                "default", "examples", "$comment", "$defs", "definitions"}
_HANDLED_WITH_PROPERTIES = {"properties", "additionalProperties", "required"}

_TYPE_TESTS = {
    "object": lambda v: type(v) is dict,
    "array": lambda v: type(v) is list,
    "string": lambda v: type(v) is str,
    "boolean": lambda v: type(v) is bool,
    "integer": lambda v: type(v) is int,
    "number": lambda v: type(v) is int or type(v) is float,
    "null": lambda v: v is None,
}


class Unsupported(Exception):
    """The schema uses a keyword this validator does not implement: use jsonschema."""


def is_valid(schema: dict, value) -> bool:
    """True if `value` satisfies `schema`. Raises Unsupported for keywords outside the subset.

    Local references (``#/$defs/...``) resolve in `schema`; never a URL."""
    compiled = _COMPILED.get(id(schema))
    if compiled is None or compiled[0] is not schema:
        compiled = _COMPILED[id(schema)] = (schema, _Compiler(schema).compile(schema))
    return compiled[1](value)


# id(schema) -> (schema, check). The schema is kept so that its id cannot be reused by another.
_COMPILED: dict[int, tuple] = {}


def _equal(a, b) -> bool:
    # JSON equality: true is not 1.
    return type(a) is type(b) and a == b if isinstance(a, bool) or isinstance(b, bool) else a == b


def _unique(items: list) -> bool:
    seen: list = []
    for item in items:
        if any(_equal(item, s) for s in seen):
            return False
        seen.append(item)
    return True


# Plain loops, not all()/any() over a generator: a generator per value checked was a third of the
# validator's time (it runs over every value of every file compare reads).
def _every(checks: tuple):
    def every(v) -> bool:
        for check in checks:
            if not check(v):
                return False
        return True
    return every


def _some(checks: tuple):
    def some(v) -> bool:
        for check in checks:
            if check(v):
                return True
        return False
    return some


class _Compiler:
    def __init__(self, root: dict):
        self.root = root
        self.done: dict[int, object] = {}        # subschema id -> its check (shared subschemas, $ref)

    def compile(self, schema) :
        key = id(schema)
        if key not in self.done:
            # A forward slot first, so that a recursive $ref finds a check that defers to the result.
            slot: list = []
            self.done[key] = lambda v: slot[0](v)
            check = self._build(schema)
            slot.append(check)
            self.done[key] = check
        return self.done[key]

    def _build(self, schema: dict):
        checks = []
        for key, rule in schema.items():
            if key in _ANNOTATIONS or key in _HANDLED_WITH_PROPERTIES:
                continue
            checks.append(self._keyword(key, rule))
        if any(k in schema for k in _HANDLED_WITH_PROPERTIES):
            checks.append(self._object(schema))
        if not checks:
            return lambda v: True
        if len(checks) == 1:
            return checks[0]
        if len(checks) == 2:                     # the usual case (type and one keyword): no loop at all
            first, second = checks
            return lambda v: bool(first(v) and second(v))
        return _every(tuple(checks))

    def _keyword(self, key: str, rule):
        if key == "type":
            tests = tuple(_TYPE_TESTS[k] for k in (rule if isinstance(rule, list) else [rule]))
            if len(tests) == 1:
                return tests[0]
            return _some(tests)
        if key == "enum":
            if all(type(o) is str for o in rule):
                options = frozenset(rule)
                return lambda v: type(v) is str and v in options
            return lambda v: any(_equal(v, o) for o in rule)
        if key == "const":
            return lambda v: _equal(v, rule)
        if key == "pattern":
            search = compile_pattern(rule).search       # `$` is the end of the text (patterns.py)
            return lambda v: type(v) is not str or search(v) is not None
        if key == "minLength":
            return lambda v: type(v) is not str or len(v) >= rule
        if key == "maxLength":
            return lambda v: type(v) is not str or len(v) <= rule
        if key == "minimum":
            return lambda v: not (type(v) is int or type(v) is float) or v >= rule
        if key == "maximum":
            return lambda v: not (type(v) is int or type(v) is float) or v <= rule
        if key == "minItems":
            return lambda v: type(v) is not list or len(v) >= rule
        if key == "maxItems":
            return lambda v: type(v) is not list or len(v) <= rule
        if key == "minProperties":
            return lambda v: type(v) is not dict or len(v) >= rule
        if key == "uniqueItems":
            return (lambda v: type(v) is not list or _unique(v)) if rule else (lambda v: True)
        if key == "items":
            item = self.compile(rule)

            def items(v) -> bool:
                if type(v) is not list:
                    return True
                for x in v:
                    if not item(x):
                        return False
                return True
            return items
        if key == "propertyNames":
            name = self.compile(rule)
            return lambda v: type(v) is not dict or all(name(k) for k in v)
        if key == "anyOf":
            return _some(tuple(self.compile(s) for s in rule))
        if key == "oneOf":
            options = tuple(self.compile(s) for s in rule)
            return lambda v: sum(1 for o in options if o(v)) == 1
        if key == "allOf":
            return _every(tuple(self.compile(s) for s in rule))
        if key == "$ref":
            if not isinstance(rule, str) or not rule.startswith("#/"):
                raise Unsupported(f"$ref {rule}")
            target = self.root
            for part in rule[2:].split("/"):
                target = target[part]
            return self.compile(target)
        raise Unsupported(key)

    def _object(self, schema: dict):
        """properties, additionalProperties and required in one pass over the object's keys.

        A property's subschema is compiled the first time a value for it is seen: the framework
        schema has a subschema for each of ~150 facts, and a `check` of one file that answers
        forty of them should not pay for compiling the rest."""
        specs = schema.get("properties") or {}
        properties: dict = {}
        extra = schema.get("additionalProperties", True)
        if extra is True:
            extra_check = None
        elif extra is False:
            extra_check = False
        else:
            extra_check = self.compile(extra)
        required = tuple(schema.get("required") or ())
        compile_ = self.compile

        def check(v) -> bool:
            if type(v) is not dict:
                return True                      # `type` (if any) decides; these keywords only apply to objects
            for key, item in v.items():
                sub = properties.get(key)
                if sub is None and key in specs:
                    sub = properties[key] = compile_(specs[key])
                if sub is not None:
                    if not sub(item):
                        return False
                elif extra_check is False:
                    return False
                elif extra_check is not None and not extra_check(item):
                    return False
            for key in required:
                if key not in v:
                    return False
            return True
        return check

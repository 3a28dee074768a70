"""`Record`: the base of the package's immutable records, declared as a typing.NamedTuple is.

    class Citation(Record):
        article: str | None = None
        def local(self) -> str: ...

makes the same class typing.NamedTuple would - a collections.namedtuple with the annotated fields
(in order, with their defaults), the body's methods, docstring and annotations - only without
typing's checks of each annotation. A module defining records starts with `from __future__ import
annotations`: the annotations stay strings, never evaluated (and a dict on every Python version).

Why: a `check` imports ~25 record classes, and typing.NamedTuple's work on each field (a type
check of every annotation, a second class namespace) made them cost a quarter more to define:
`check --format json` 429.1 -> 422.7 M instructions with Record (callgrind; issue 17). The
annotations stay documentation, never read at run time. tests/test_records.py holds that a Record and a
typing.NamedTuple of the same declaration behave alike (fields, defaults, equality, repr,
_replace, _asdict, pickling, methods, errors). Type checkers see typing.NamedTuple itself.
"""
from collections import namedtuple
from typing import TYPE_CHECKING

# Names of a class body that are not copied onto the record (namedtuple sets its own module and
# name; the fields are the record's).
_SPECIAL = frozenset({"__module__", "__annotations__", "__name__"})
# What typing.NamedTuple refuses to have overwritten: the tuple machinery of the record.
_PROHIBITED = frozenset({"__new__", "__init__", "__slots__", "__getnewargs__", "_fields", "_field_defaults",
                         "_make", "_replace", "_asdict", "_source"})


class _RecordMeta(type):
    def __new__(mcls, name: str, bases: tuple, namespace: dict):
        if not bases:                                        # Record itself
            return super().__new__(mcls, name, bases, namespace)
        if bases != (Record,):
            raise TypeError(f"{name}: a record derives from Record alone (as a NamedTuple cannot be extended)")
        fields = namespace.get("__annotations__")
        if fields is None:
            # Python 3.14 evaluates a class's annotations lazily, through a function (PEP 649) that
            # this cheap path does not call; `from __future__ import annotations` keeps them a dict.
            if any(key.startswith("__annotate") for key in namespace):
                raise TypeError(f"{name}: a module defining a record needs `from __future__ import annotations`")
            fields = {}
        defaults = []
        for field in fields:
            if field in namespace:
                defaults.append(namespace[field])
            elif defaults:
                raise TypeError(f"Non-default namedtuple field {field} cannot follow default field"
                                f"{'s' if len(defaults) > 1 else ''} {', '.join(f for f in fields if f in namespace)}")
        record = namedtuple(name, fields, defaults=defaults, module=namespace["__module__"])
        record.__annotations__ = dict(fields)
        for key, value in namespace.items():
            if key in _PROHIBITED:
                raise AttributeError(f"Cannot overwrite NamedTuple attribute {key}")
            if key not in _SPECIAL and key not in fields:
                setattr(record, key, value)
        return record


if TYPE_CHECKING:
    from typing import NamedTuple as Record
else:
    class Record(metaclass=_RecordMeta):
        """Derive a record from this, as from typing.NamedTuple."""

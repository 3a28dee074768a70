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

The class is the one collections.namedtuple makes (a tuple subclass with the same attributes), made
here with less work: namedtuple compiles a `__new__` for each class from source, ~0.4 M instructions
a class (~40 % of its cost), while a record's `__new__` is that of any record with as many fields, its
parameters renamed (CodeType.replace); and the methods every record shares (_make, _replace, __repr__,
_asdict, __getnewargs__) are defined once here, not once per class. 25 classes: 13.1 -> 7.7 M instructions.
Those `__new__`s, one per number of fields, come compiled: record_constructors.py writes them out, so
they are unmarshalled with its bytecode rather than compiled at each run (12 compiled for a `check`
cost ~1 ms of its ~85 ms, more than their instruction count says; 365.0 -> 360.6 M instructions).
"""
import sys
import types
from operator import itemgetter
from typing import TYPE_CHECKING

from firearms_gap.record_constructors import CONSTRUCTORS

try:
    from _collections import _tuplegetter      # the C field accessor collections.namedtuple uses
except ImportError:                              # another Python implementation: what namedtuple falls back to
    def _tuplegetter(index, doc):
        return property(itemgetter(index), doc=doc)

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
        body = {}
        for key, value in namespace.items():
            if key in _PROHIBITED:
                raise AttributeError(f"Cannot overwrite NamedTuple attribute {key}")
            if key not in _SPECIAL and key not in fields:
                body[key] = value
        record = _record_class(name, tuple(fields), tuple(defaults), namespace["__module__"], body)
        record.__annotations__ = dict(fields)
        return record


def constructor_source(count: int) -> str:
    """namedtuple's `__new__` for `count` fields, as source, its parameters named by position
    (`lambda _cls, _0, _1, : _tuple_new(_cls, (_0, _1, ))`): a record renames them to its fields."""
    params = "".join(f"_{i}, " for i in range(count))
    return f"lambda _cls, {params}: _tuple_new(_cls, ({params}))"


# number of fields -> the code of constructor_source(number): for 0 to 24 fields, compiled once into
# the bytecode of record_constructors (written out from constructor_source); for more, compiled here,
# once per process.
_NEW_CODE: dict[int, types.CodeType] = {len(f.__code__.co_varnames) - 1: f.__code__ for f in CONSTRUCTORS}
_NEW_GLOBALS = {"_tuple_new": tuple.__new__}


def _new_function(name: str, fields: tuple, defaults: tuple):
    code = _NEW_CODE.get(len(fields))
    if code is None:
        code = _NEW_CODE[len(fields)] = eval(constructor_source(len(fields)), _NEW_GLOBALS).__code__
    names = {"co_varnames": ("_cls", *fields), "co_name": "__new__"}
    if hasattr(code, "co_qualname"):                 # Python 3.11 and later
        names["co_qualname"] = f"{name}.__new__"
    code = code.replace(**names)
    new = types.FunctionType(code, _NEW_GLOBALS, "__new__", defaults or None)
    new.__qualname__ = f"{name}.__new__"
    new.__doc__ = f"Create new instance of {name}({', '.join(fields)})"
    return new


# What namedtuple defines for each class, defined once: each reads the class's fields from the record.
@classmethod
def _make(cls, iterable):
    """Make a new record from a sequence or iterable."""
    result = tuple.__new__(cls, iterable)
    if len(result) != len(cls._fields):
        raise TypeError(f"Expected {len(cls._fields)} arguments, got {len(result)}")
    return result


# What namedtuple's _replace raises for a field the record does not have (TypeError from Python 3.13 on).
_UNEXPECTED_FIELD = TypeError if sys.version_info >= (3, 13) else ValueError


def _replace(self, /, **kwds):
    """Return a new record replacing the fields given with new values."""
    result = self._make(map(kwds.pop, self._fields, self))
    if kwds:
        raise _UNEXPECTED_FIELD(f"Got unexpected field names: {list(kwds)!r}")
    return result


def _repr(self):
    """Return a nicely formatted representation string."""
    return f"{self.__class__.__name__}({', '.join(f'{field}={value!r}' for field, value in zip(self._fields, self))})"


def _asdict(self):
    """Return a new dict which maps field names to their values."""
    return dict(zip(self._fields, self))


def _getnewargs(self):
    """Return self as a plain tuple. Used by copy and pickle."""
    return tuple(self)


def _record_class(name: str, fields: tuple, defaults: tuple, module: str, body: dict) -> type:
    """collections.namedtuple(name, fields, defaults=defaults, module=module) with the class body's
    methods (`body`), made with less work (the module's docstring says how much). The fields are a
    class body's annotations: identifiers, each once; like namedtuple, refused if one starts with an
    underscore. The body goes into the namespace the class is made from: typing.NamedTuple sets each
    of its attributes on the class afterwards, which costs a slot update each."""
    for field in fields:
        if field.startswith("_"):
            raise ValueError(f"Field names cannot start with an underscore: {field!r}")
    namespace = {
        "__doc__": f"{name}({', '.join(fields)})", "__slots__": (), "_fields": fields,
        "_field_defaults": dict(zip(fields[len(fields) - len(defaults):], defaults)),
        "__new__": _new_function(name, fields, defaults), "_make": _make, "_replace": _replace,
        "__repr__": _repr, "_asdict": _asdict, "__getnewargs__": _getnewargs, "__match_args__": fields,
        "__module__": module,
    }
    for index, field in enumerate(fields):
        namespace[field] = _tuplegetter(index, f"Alias for field number {index}")
    namespace.update(body)
    return type(name, (tuple,), namespace)


if TYPE_CHECKING:
    from typing import NamedTuple as Record
else:
    class Record(metaclass=_RecordMeta):
        """Derive a record from this, as from typing.NamedTuple."""

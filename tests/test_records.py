"""records.Record against the straightforward implementation it replaces, typing.NamedTuple: the
same declaration must make a class that behaves the same in everything the package relies on."""
from __future__ import annotations

import ast
import copy
import inspect
import os
import pathlib
import pickle
import sys
from typing import NamedTuple

import pytest

import firearms_gap
from firearms_gap.records import Record


# One declaration, made twice: once on each base (at module level, so that pickle finds the classes).
DECLARATION = '''
class {name}({base}):
    """A citation-like record."""
    article: str
    paragraph: str | None = None
    points: tuple[str, ...] = ()

    @classmethod
    def from_data(cls, data: dict) -> {name}:
        return cls(**data)

    @property
    def label(self) -> str:
        return f"art. {{self.article}}" + (f"({{self.paragraph}})" if self.paragraph else "")

    def with_point(self, point: str) -> {name}:
        return self._replace(points=self.points + (point,))
'''


def declared(name: str, base) -> type:
    namespace = {"__name__": __name__, "base": base}
    exec(DECLARATION.format(name=name, base="base"), namespace)
    return namespace[name]


ViaRecord = declared("ViaRecord", Record)
ViaNamedTuple = declared("ViaNamedTuple", NamedTuple)


BOTH = pytest.mark.parametrize("cls", [ViaRecord, ViaNamedTuple], ids=["Record", "NamedTuple"])


def test_the_class_is_described_alike():
    assert ViaRecord._fields == ViaNamedTuple._fields == ("article", "paragraph", "points")
    assert ViaRecord._field_defaults == ViaNamedTuple._field_defaults == {"paragraph": None, "points": ()}
    assert ViaRecord.__doc__ == ViaNamedTuple.__doc__
    assert ViaRecord.__module__ == ViaNamedTuple.__module__ == __name__
    assert (ViaRecord.__name__, ViaRecord.__qualname__) == ("ViaRecord", "ViaRecord")
    assert list(ViaRecord.__annotations__) == list(ViaNamedTuple.__annotations__)
    assert ViaRecord.__mro__[1:] == ViaNamedTuple.__mro__[1:] == (tuple, object)


@BOTH
def test_a_record_is_made_read_and_copied_alike(cls):
    r = cls("8", paragraph="1")
    assert r == ("8", "1", ()) and r == cls(article="8", paragraph="1") and hash(r) == hash(("8", "1", ()))
    assert (r.article, r[1], tuple(r), len(r)) == ("8", "1", ("8", "1", ()), 3)
    assert repr(r) == f"{cls.__name__}(article='8', paragraph='1', points=())"
    assert r._asdict() == {"article": "8", "paragraph": "1", "points": ()}
    assert cls._make(["8", "1", ("a",)]) == r.with_point("a") == cls.from_data({"article": "8", "paragraph": "1",
                                                                                "points": ("a",)})
    assert r.label == "art. 8(1)" and cls("5").label == "art. 5"
    assert pickle.loads(pickle.dumps(r)) == r and type(pickle.loads(pickle.dumps(r))) is cls


def test_the_constructor_and_the_fields_are_described_alike():
    def parameters(cls):                      # (typing.NamedTuple also annotates them; a Record does not)
        return [(p.name, p.kind, p.default) for p in inspect.signature(cls).parameters.values()]
    assert parameters(ViaRecord) == parameters(ViaNamedTuple) == [
        ("article", inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.empty),
        ("paragraph", inspect.Parameter.POSITIONAL_OR_KEYWORD, None),
        ("points", inspect.Parameter.POSITIONAL_OR_KEYWORD, ())]
    assert ViaRecord.__new__.__defaults__ == ViaNamedTuple.__new__.__defaults__ == (None, ())
    assert ViaRecord.__match_args__ == ViaNamedTuple.__match_args__ == ViaRecord._fields
    assert [ViaRecord.__dict__[f].__doc__ for f in ViaRecord._fields] == \
        [ViaNamedTuple.__dict__[f].__doc__ for f in ViaNamedTuple._fields]


def test_records_with_as_many_fields_keep_their_own_names():
    """Records with the same number of fields share the code of their constructor (records.py), each
    under its own parameter names: a keyword of one is not a keyword of the other."""
    namespace = {"__name__": __name__, "Record": Record}
    exec("class Left(Record):\n    a: str\n    b: int = 0\n"
         "class Right(Record):\n    x: str\n    y: int = 1\n", namespace)
    left, right = namespace["Left"], namespace["Right"]
    assert left(a="l", b=2) == ("l", 2) and right(x="r") == ("r", 1) and left("l") == ("l", 0)
    assert list(inspect.signature(left).parameters) == ["a", "b"]
    assert list(inspect.signature(right).parameters) == ["x", "y"]
    with pytest.raises(TypeError):
        left(x="r")
    with pytest.raises(TypeError):
        right(a="l")
    assert repr(right("r")) == "Right(x='r', y=1)" and left.__new__.__qualname__ == "Left.__new__"


@BOTH
def test_a_record_is_copied_and_matched_alike(cls):
    r = cls("8", paragraph="1", points=("a",))
    assert copy.copy(r) == r and copy.deepcopy(r) == r and type(copy.deepcopy(r)) is cls
    match r:
        case cls(article, paragraph):
            assert (article, paragraph) == ("8", "1")
        case _:
            raise AssertionError("no match")
    with pytest.raises(TypeError):
        cls._make(["8"])                      # every field, in order


@BOTH
def test_a_record_refuses_what_a_named_tuple_refuses(cls):
    r = cls("8")
    with pytest.raises(AttributeError):
        r.article = "9"
    with pytest.raises(AttributeError):
        r.other = 1                           # no __dict__: a record holds its fields and nothing else
    with pytest.raises(TypeError):
        cls()                                 # a field without a default is required
    with pytest.raises(TypeError):
        cls("8", "1", (), "extra")
    with pytest.raises(TypeError):
        cls("8", chapter="2")
    with pytest.raises(TypeError if sys.version_info >= (3, 13) else ValueError):
        r._replace(chapter="2")                # (namedtuple's ValueError became a TypeError in 3.13)


@pytest.mark.parametrize("base", [Record, NamedTuple], ids=["Record", "NamedTuple"])
@pytest.mark.parametrize("body, error", [
    ("a: int = 1\n    b: int", TypeError),                                 # a field without default after one with
    ("a: int\n    def _replace(self, **kw):\n        return self", AttributeError),   # the tuple machinery
    ("a: int\n    _fields = ('b',)", AttributeError),
    ("_a: int", ValueError),                                               # a field named like the machinery
], ids=["default-first", "_replace", "_fields", "underscore"])
def test_a_declaration_a_named_tuple_refuses_is_refused(base, body, error):
    with pytest.raises(error):
        exec(f"class Bad(base):\n    {body}\n", {"base": base, "__name__": __name__})


def test_a_record_derives_from_record_alone():
    with pytest.raises(TypeError):
        class Mixed(Record, dict):
            a: int


def test_annotations_evaluated_lazily_are_refused_with_the_remedy():
    """Python 3.14 keeps a class body's annotations in a function unless the module has `from __future__
    import annotations`; a record of such a module would silently have no fields: it is refused."""
    namespace = {"__module__": __name__, "__qualname__": "Lazy", "__annotate_func__": lambda format: {"a": int}}
    with pytest.raises(TypeError, match="__future__"):
        type(Record)("Lazy", (Record,), namespace)


def _package_modules():
    for path in sorted(pathlib.Path(firearms_gap.__file__).parent.rglob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"))


def test_every_record_of_the_package_is_a_record_of_a_module_with_string_annotations():
    """typing.NamedTuple costs more to define (records.py says how much), and a record module without
    `from __future__ import annotations` evaluates every field's annotation at import."""
    named_tuples, eager = [], []
    for path, tree in _package_modules():
        bases = {getattr(b, "id", getattr(b, "attr", None)) for n in ast.walk(tree) if isinstance(n, ast.ClassDef)
                 for b in n.bases}
        future = any(isinstance(n, ast.ImportFrom) and n.module == "__future__" for n in tree.body)
        if "NamedTuple" in bases:
            named_tuples.append(path.name)
        if "Record" in bases and not future:
            eager.append(path.name)
    assert named_tuples == [] and eager == []


def test_the_package_defines_its_records_through_record():
    """The real records: a sample of each kind the package pickles (compare's workers send results)."""
    from firearms_gap.model import Citation
    from firearms_gap.result import ElementResult

    assert Citation._fields[0] == "article" and Citation().local is not None
    element = ElementResult._make([None] * len(ElementResult._fields))
    assert pickle.loads(pickle.dumps(element)) == element


# -- the constructors written out -------------------------------------------------------------------

CONSTRUCTORS_FILE = pathlib.Path(firearms_gap.__file__).parent / "record_constructors.py"
MOST_FIELDS = 24


def constructors_module(most: int) -> str:
    """The text record_constructors.py must have: records.constructor_source for 0 to `most` fields."""
    from firearms_gap.records import constructor_source

    lambdas = "".join(f"    {constructor_source(n)},\n" for n in range(most + 1))
    return f'''"""namedtuple's `__new__` for a record of 0 to {most} fields, written out from records.constructor_source
so that each is compiled once, into this module's bytecode: compiled at every run (as collections.namedtuple
compiles one for each class), the dozen a `check` needs cost ~1 ms of it (issue 17). records.Record renames
the parameters to a record's fields.

Generated, not edited: `UPDATE_GOLDEN=1 python -m pytest tests/test_records.py` writes it again, and the
tests fail while it differs from what records.constructor_source makes.
"""
_tuple_new = tuple.__new__

CONSTRUCTORS = (
{lambdas})
'''


def test_the_written_out_constructors_are_what_records_would_compile():
    expected = constructors_module(MOST_FIELDS)
    if os.environ.get("UPDATE_GOLDEN") == "1":
        CONSTRUCTORS_FILE.write_text(expected, encoding="utf-8")
    assert CONSTRUCTORS_FILE.read_text(encoding="utf-8") == expected, (
        "record_constructors.py is not what records.constructor_source makes: "
        "UPDATE_GOLDEN=1 python -m pytest tests/test_records.py")


@pytest.mark.parametrize("count", [0, 1, 2, MOST_FIELDS, MOST_FIELDS + 1, MOST_FIELDS + 9])
def test_a_record_of_any_number_of_fields_is_made_and_read_back(count):
    """Up to MOST_FIELDS the constructor comes written out; past it, compiled: the same behaviour."""
    names = [f"f{i}" for i in range(count)]
    source = "from __future__ import annotations\nclass Wide(Record):\n" + (
        "".join(f"    {n}: int = {i}\n" for i, n in enumerate(names)) or "    pass\n")
    namespace = {"__name__": __name__, "Record": Record}
    exec(source, namespace)
    Wide = namespace["Wide"]
    assert Wide() == tuple(range(count))
    assert Wide(*range(10, 10 + count)) == tuple(range(10, 10 + count))
    if count:
        assert getattr(Wide(**{names[-1]: -1}), names[-1]) == -1
    assert list(inspect.signature(Wide).parameters) == names
    with pytest.raises(TypeError):
        Wide(*range(count + 1))

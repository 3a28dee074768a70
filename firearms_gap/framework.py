"""The framework file: one jurisdiction's law, answering the questions the rulesets ask, and
reading one (validated against the schema framework_schema.py derives from the rulesets' facts).
"""

# No `from __future__ import annotations` in the record modules: see model.py.
from typing import NamedTuple

from firearms_gap import loader
from firearms_gap.diagnostics import Diagnostic, InputError
# FORMAT, INSTRUMENTS and derive_schema are also imported from here by the CLI, the template and
# the HTML report, which predate framework_schema.py.
from firearms_gap.framework_schema import FORMAT, INSTRUMENTS, derive_schema  # noqa: F401
from firearms_gap.model import RuleBook
from firearms_gap.validation import diagnose, make_validator


class Provision(NamedTuple):
    source: str
    at: str


class Answer(NamedTuple):
    fact: str
    value: object
    provisions: tuple[Provision, ...] = ()
    note: str | None = None
    evidence: str | None = None
    unverified: str | None = None
    partial_list: bool = False      # a list answer names only what is known; other options are not assessed


class Framework:
    """A parsed framework file. A plain class: the dataclasses module and the methods it
    generates would cost ~1 ms of every run (see model.py)."""
    __slots__ = ("name", "jurisdiction", "described_as_of", "party_to", "sources", "answers", "notes", "not_party_to")

    def __init__(self, name: str, jurisdiction: dict, described_as_of: str | None, party_to: tuple[str, ...],
                 sources: dict[str, dict], answers: dict[str, Answer] | None = None, notes: str | None = None,
                 not_party_to: tuple[str, ...] = ()):
        self.name = name                  # the file as given on the command line
        self.jurisdiction = jurisdiction
        self.described_as_of = described_as_of
        self.party_to = party_to
        self.sources = sources
        self.answers = {} if answers is None else answers
        self.notes = notes
        self.not_party_to = not_party_to  # instruments it is known not to be party to (e.g. signed, not ratified)

    def render_provision(self, p: Provision) -> str:
        src = self.sources.get(p.source, {})
        title = src.get("title", p.source)
        year = src.get("year")
        if year and str(year) not in title:
            title = f"{title} {year}"
        return f"{title}, {p.at}"


# One schema and one validator per RuleBook, built once per process (not per file). The
# book is kept alongside so its id() cannot be reused by another object.
_SCHEMAS: dict[int, tuple[RuleBook, dict]] = {}
_VALIDATORS: dict[int, object] = {}


def _schema(book: RuleBook) -> dict:
    key = id(book)
    if key not in _SCHEMAS:
        _SCHEMAS[key] = (book, derive_schema(book))
    return _SCHEMAS[key][1]


def _validator(book: RuleBook):
    key = id(book)
    if key not in _VALIDATORS:
        _VALIDATORS[key] = make_validator(_schema(book))
    return _VALIDATORS[key]


def _problems(book: RuleBook, doc) -> list[Diagnostic]:
    """Schema problems of a framework document. A valid file (the usual case) is confirmed by the
    fast yes/no validator without importing jsonschema; anything else gets jsonschema's full,
    located diagnostics."""
    from firearms_gap import fastvalid

    try:
        if fastvalid.is_valid(_schema(book), doc.data):
            return []
    except fastvalid.Unsupported:
        pass
    return diagnose(_validator(book), doc)


def parse_framework(raw: bytes, name: str, book: RuleBook) -> Framework:
    """Load and validate a framework file (YAML, or a filled Excel questionnaire). Raises
    InputError with every problem found."""
    from firearms_gap.questionnaire import is_workbook       # a tiny module; the reader loads only if needed

    if is_workbook(raw, name):
        return _framework_from_workbook(raw, name, book)
    return framework_from_document(loader.load(raw, name), book)


def _framework_from_workbook(raw: bytes, name: str, book: RuleBook) -> Framework:
    """A filled questionnaire, checked as a YAML file is; every problem located at its sheet and cell."""
    from firearms_gap.questionnaire.read import read_questionnaire

    doc = read_questionnaire(raw, name, book)
    try:
        framework = framework_from_document(doc, book)
    except InputError as e:
        raise InputError(doc.problems + doc.relocate(e.diagnostics)) from None
    if doc.problems:
        raise InputError(doc.problems)
    return framework


def framework_from_document(doc, book: RuleBook) -> Framework:
    """Validate loaded framework data (a loader.Document, or a questionnaire's WorkbookDocument:
    anything with .name, .data, .position(path) and .key_position(path))."""
    name = doc.name
    problems = _problems(book, doc)
    if problems:
        raise InputError(problems)
    d = doc.data
    sources = d.get("sources") or {}
    answers: dict[str, Answer] = {}
    for group, items in (d.get("answers") or {}).items():
        for fname, a in (items or {}).items():
            prov = a.get("provision")
            provs = tuple(Provision(p["source"], p["at"]) for p in (prov if isinstance(prov, list) else [prov] if prov else []))
            for i, p in enumerate(provs):
                if p.source not in sources:
                    path = ["answers", group, fname, "provision"] + ([i] if isinstance(prov, list) else []) + ["source"]
                    line, col = doc.position(path)
                    problems.append(Diagnostic(name, line, col, loader.dotted(path),
                                               f"'{p.source}' is not declared under sources"
                                               + (f" (declared: {', '.join(sorted(sources))})" if sources else "")))
            answers[f"{group}.{fname}"] = Answer(f"{group}.{fname}", a["answer"], provs, a.get("note"),
                                                 a.get("evidence"), a.get("unverified"), bool(a.get("partial_list")))
    for i, inst in enumerate(d.get("not_party_to") or ()):
        if inst in (d.get("party_to") or ()):
            line, col = doc.position(["not_party_to", i])
            problems.append(Diagnostic(name, line, col, loader.dotted(["not_party_to", i]),
                                       f"'{inst}' is also listed under party_to: a State is either a Party or not"))
    if problems:
        raise InputError(problems)
    return Framework(name=name, jurisdiction=d["jurisdiction"], described_as_of=d.get("described_as_of"),
                     party_to=tuple(d.get("party_to") or ()), sources=sources, answers=answers, notes=d.get("notes"),
                     not_party_to=tuple(d.get("not_party_to") or ()))

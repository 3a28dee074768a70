"""The framework file: one jurisdiction's law, answering the questions the rulesets ask, and
reading one (validated against the schema framework_schema.py derives from the rulesets' facts).
"""

from __future__ import annotations

from firearms_gap import loader
from firearms_gap.diagnostics import Diagnostic, InputError
# FORMAT, INSTRUMENTS and derive_schema are also imported from here by the CLI, the template and
# the HTML report, which predate framework_schema.py.
from firearms_gap.framework_schema import FORMAT, INSTRUMENTS, derive_schema  # noqa: F401
from firearms_gap.model import RuleBook
from firearms_gap.records import Record


class Provision(Record):
    source: str
    at: str
    in_force: str | None = None     # YYYY-MM-DD: this provision's own dates (in_force.py), over its source's
    repealed: str | None = None


class Answer(Record):
    fact: str
    value: object
    provisions: tuple[Provision, ...] = ()
    note: str | None = None
    evidence: str | None = None
    unverified: str | None = None
    partial_list: bool = False      # a list answer names only what is known; other options are not assessed
    assistance: object = None       # needs.Assistance: the help needed to close what this answer leaves open


class Framework:
    """A parsed framework file. A plain class: the dataclasses module and the methods it
    generates would cost ~1 ms of every run (see model.py)."""
    __slots__ = ("name", "jurisdiction", "described_as_of", "party_to", "sources", "answers", "notes", "not_party_to",
                 "determinations")

    def __init__(self, name: str, jurisdiction: dict, described_as_of: str | None, party_to: tuple[str, ...],
                 sources: dict[str, dict], answers: dict[str, Answer] | None = None, notes: str | None = None,
                 not_party_to: tuple[str, ...] = (), determinations: dict | None = None):
        self.name = name                  # the file as given on the command line
        self.jurisdiction = jurisdiction
        self.described_as_of = described_as_of
        self.party_to = party_to
        self.sources = sources
        self.answers = {} if answers is None else answers
        self.notes = notes
        self.not_party_to = not_party_to  # instruments it is known not to be party to (e.g. signed, not ratified)
        # requirement id -> determinations.Determination: the assessor's judgement, shown beside the computed status
        self.determinations = {} if determinations is None else determinations

    def with_answers(self, answers: dict) -> "Framework":
        """The same file with other answers (in_force.law_on: the law as it stood on a date)."""
        return Framework(self.name, self.jurisdiction, self.described_as_of, self.party_to, self.sources, answers,
                         self.notes, self.not_party_to, self.determinations)

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
    from firearms_gap.validation import make_validator        # only for a file the fast validator refuses

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
    from firearms_gap.validation import diagnose

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
            at = ["answers", group, fname]
            provs = _provisions(doc, at, a.get("provision"), sources, problems)
            answers[f"{group}.{fname}"] = Answer(f"{group}.{fname}", a["answer"], provs, a.get("note"),
                                                 a.get("evidence"), a.get("unverified"), bool(a.get("partial_list")),
                                                 _assistance(doc, at, f"{group}.{fname}", a.get("assistance"),
                                                             problems))
    for key, src in sources.items():
        _dates(doc, ["sources", key], src, problems)
    determinations = _determinations(doc, d.get("determinations") or {}, sources, book, problems)
    for i, inst in enumerate(d.get("not_party_to") or ()):
        if inst in (d.get("party_to") or ()):
            line, col = doc.position(["not_party_to", i])
            problems.append(Diagnostic(name, line, col, loader.dotted(["not_party_to", i]),
                                       f"'{inst}' is also listed under party_to: a State is either a Party or not"))
    if problems:
        raise InputError(problems)
    return Framework(name=name, jurisdiction=d["jurisdiction"], described_as_of=d.get("described_as_of"),
                     party_to=tuple(d.get("party_to") or ()), sources=sources, answers=answers, notes=d.get("notes"),
                     not_party_to=tuple(d.get("not_party_to") or ()), determinations=determinations)


def _problem(doc, path: list, message: str) -> Diagnostic:
    line, col = doc.position(path)
    return Diagnostic(doc.name, line, col, loader.dotted(path), message)


def _provisions(doc, at: list, prov, sources: dict, problems: list) -> tuple[Provision, ...]:
    """The provisions of an answer or a determination (`prov`: one or a list), each checked to cite a
    declared source and to carry real dates."""
    listed = isinstance(prov, list)
    items = prov if listed else [prov] if prov else []
    out = []
    for i, p in enumerate(items):
        if p["source"] not in sources or "in_force" in p or "repealed" in p:
            # Only then is there anything to check (a path is made only for what may be reported).
            path = at + ["provision"] + ([i] if listed else [])
            if p["source"] not in sources:
                problems.append(_problem(doc, path + ["source"], f"'{p['source']}' is not declared under sources"
                                         + (f" (declared: {', '.join(sorted(sources))})" if sources else "")))
            _dates(doc, path, p, problems)
        out.append(Provision(p["source"], p["at"], p.get("in_force"), p.get("repealed")))
    return tuple(out)


def _dates(doc, at: list, item: dict, problems: list, keys=("in_force", "repealed")) -> None:
    """Every date of `item` a real calendar date (the schema checks only its shape), and a repeal
    not before entry into force."""
    from firearms_gap.in_force import valid_date

    for key in keys:
        if key in item and not valid_date(item[key]):
            problems.append(_problem(doc, at + [key], f"'{item[key]}' is not a calendar date (YYYY-MM-DD)"))
    if item.get("in_force") and item.get("repealed") and item["repealed"] < item["in_force"]:
        problems.append(_problem(doc, at + ["repealed"], f"repealed ({item['repealed']}) before it came into "
                                                         f"force ({item['in_force']})"))


def _assistance(doc, at: list, fact: str, a: dict | None, problems: list):
    from firearms_gap.needs import Assistance

    if not a:
        return None
    if "other" in a["needs"] and not a.get("other"):
        problems.append(_problem(doc, at + ["assistance", "needs"],
                                 "'other' needs its text: say what under assistance.other"))
    return Assistance(fact, tuple(a["needs"]), a.get("other"), a.get("note"))


def _determinations(doc, items: dict, sources: dict, book: RuleBook, problems: list) -> dict:
    """requirement id -> Determination. A determination must name a requirement of the rulesets (of
    this run, or bundled: a file may carry determinations on rulesets a run leaves out) and say why."""
    from firearms_gap.determinations import Determination

    known = {r.id for r in book.requirements}
    out = {}
    for rid, item in items.items():
        at = ["determinations", rid]
        if rid not in known and rid not in _bundled_ids():
            line, col = doc.key_position(at)
            problems.append(Diagnostic(doc.name, line, col, loader.dotted(at), f"'{rid}' is not a requirement id of the rulesets "
                                              "(see firearms-gap rules list)"))
            continue
        if not (item.get("justification") or "").strip():
            problems.append(_problem(doc, at + (["justification"] if "justification" in item else []),
                                     "a determination needs its justification: say why the requirement is "
                                     + ("met by other measures" if item["status"] == "met" else "not applicable")))
            continue
        _dates(doc, at, item, problems, keys=("date", "expires"))
        if item.get("expires") and item["expires"] < item["date"]:
            problems.append(_problem(doc, at + ["expires"], f"expires ({item['expires']}) before it was made "
                                                            f"({item['date']})"))
        provs = _provisions(doc, at, item.get("provision"), sources, problems)
        out[rid] = Determination(rid, item["status"], item["justification"], item["by"],
                                 item["date"], item.get("expires"),
                                 tuple(_render(sources, p) for p in provs), cited=tuple((p.source, p.at) for p in provs))
    return out


def _render(sources: dict, p: Provision) -> str:
    return Framework("", {}, None, (), sources).render_provision(p)


def _bundled_ids() -> frozenset:
    from firearms_gap.rulesets import load_book

    return frozenset(r.id for r in load_book(None).requirements)

"""Finding, loading and checking rulesets, and merging them into one RuleBook."""
from __future__ import annotations

import os
from functools import lru_cache

from firearms_gap import input_files, loader
from firearms_gap.diagnostics import Diagnostic, InputError
from firearms_gap.model import Citation, CoverageItem, Element, Fact, NotEncoded, Requirement, RuleBook, Ruleset
from firearms_gap.validation import bundled_schema, diagnose, make_validator

# Which condition operators suit which fact type.
_OPERATORS = {"is": ("yes_no", "number", "choice", "text"), "at_least": ("number",), "at_most": ("number",),
              "one_of": ("choice",), "includes": ("choices",), "answered": ("yes_no", "number", "choice", "choices", "text")}


def bundled_names() -> list[str]:
    return list(_bundled_name_tuple())


@lru_cache(maxsize=1)
def _bundled_name_tuple() -> tuple[str, ...]:
    # Listed once per process: a run asks a few dozen times, and the package does not change under it.
    return tuple(sorted(n[:-5] for n in os.listdir(_bundled_dir()) if n.endswith(".yaml")))


# os.path rather than pathlib on this path: pathlib's imports cost ~2.5 ms of every `check`.
@lru_cache(maxsize=1)
def _bundled_dir() -> str:
    """Installed: firearms_gap/rulesets (setup.cfg maps the top-level rulesets/ there).
    Source checkout or editable install: the repository's rulesets/ beside the package."""
    package = os.path.dirname(os.path.realpath(__file__))
    installed = os.path.join(package, "rulesets")
    return installed if os.path.isdir(installed) else os.path.join(os.path.dirname(package), "rulesets")


@lru_cache(maxsize=1)
def _validator():
    return make_validator(bundled_schema("ruleset.schema.json"))


def read_ruleset(name_or_path: str) -> tuple[bytes, str]:
    """Bytes and display name of a bundled ruleset (by name) or a ruleset file (by path)."""
    if name_or_path in bundled_names():
        return _read_bytes(bundled_path(name_or_path)), f"rulesets/{name_or_path}.yaml"
    if name_or_path.endswith((".yaml", ".yml")) or os.path.exists(name_or_path):
        return loader.read_input(name_or_path, "ruleset file", unreadable="cannot read ruleset")
    raise InputError.single(
        name_or_path, f"no bundled ruleset of that name (bundled: {', '.join(bundled_names())}) and no such file")


def _read_bytes(path: str) -> bytes:
    with open(path, "rb") as handle:
        input_files.remember(handle.fileno())    # a report is never written over a bundled file
        return handle.read()


# The parsed document of each ruleset, by origin (its display name), so that checks made
# after parsing (merge, conditions) can still point at a line and column.
_DOCUMENTS: dict[str, loader.Document] = {}


def position(origin: str, path: list, *, key: bool = False) -> tuple[int | None, int | None]:
    """Line and column of `path` (of its key, with key=True) in the ruleset parsed from `origin`."""
    doc = _DOCUMENTS.get(origin)
    if doc is None:
        return None, None
    return doc.key_position(path) if key else doc.position(path)


def parse_ruleset(raw: bytes, name: str) -> Ruleset:
    ruleset, problems = parse_ruleset_with_problems(raw, name)
    if problems:
        raise InputError(problems)
    return ruleset


def parse_ruleset_with_problems(raw: bytes, name: str) -> tuple[Ruleset, list[Diagnostic]]:
    """The ruleset, and the problems found once its structure is valid (duplicate ids, ...),
    so that a linter can go on to report everything else. Raises InputError if the file
    cannot be read as a ruleset at all (YAML or schema errors)."""
    doc = loader.load(raw, name)
    problems = diagnose(_validator(), doc)
    if problems:
        raise InputError(problems)
    _DOCUMENTS[name] = doc
    ruleset = _build(doc)
    return ruleset, _check_own(ruleset, doc)


def _build(doc) -> Ruleset:
    d = doc.data
    inst = d["instrument"]
    facts = {fid: Fact(id=fid, declared_in=d["ruleset"], **spec) for fid, spec in d["facts"].items()}
    reqs = []
    for r in d["requirements"]:
        elements = tuple(Element(id=e["id"], requires=e["requires"], when=e["when"], gap=e["gap"],
                                 cites=Citation.from_data(e["cites"]) if "cites" in e else None)
                         for e in r["elements"])
        reqs.append(Requirement(
            id=r["id"], ruleset=d["ruleset"], instrument=inst["name"], title=r["title"],
            citation=Citation.from_data(r["citation"]), force=r["force"], theme=r["theme"], kind=r["kind"],
            elements=elements, qualifier=r.get("qualifier"), source_text=r.get("source_text"),
            applies_if=r.get("applies_if"), not_applicable_reason=r.get("not_applicable_reason"),
            builds_on=tuple(r.get("builds_on", ())), restates=tuple(r.get("restates", ())),
            verification=r.get("verification"), unconfirmed=r.get("unconfirmed"), note=r.get("note")))
    not_encoded = tuple(NotEncoded(n["provision"], n["reason"], n.get("force")) for n in d.get("not_encoded", ()))
    ruleset = Ruleset(id=d["ruleset"], version=d["version"], title=d["title"], instrument=inst,
                      groups=d.get("groups", {}), facts=facts, requirements=tuple(reqs),
                      not_encoded=not_encoded, origin=doc.name, description=d.get("description"),
                      item_label=(d.get("coverage") or {}).get("item_label"),
                      coverage=tuple(CoverageItem(c["item"], c["summary"], tuple(c.get("encoded_as", ())),
                                                  c.get("excluded"))
                                     for c in (d.get("coverage") or {}).get("items", ())))
    return ruleset


def _check_own(rs: Ruleset, doc) -> list[Diagnostic]:
    """Checks a schema cannot express: unique ids, fact groups declared, option answers sensible."""
    out = []
    seen: dict[str, int] = {}
    for i, r in enumerate(rs.requirements):
        if r.id in seen:
            line, col = doc.position(["requirements", i, "id"])
            out.append(Diagnostic(rs.origin, line, col, f"requirements[{i}].id",
                                  f"duplicate requirement id '{r.id}' (also requirements[{seen[r.id]}])"))
        seen.setdefault(r.id, i)
        eids = [e.id for e in r.elements]
        for j, e in enumerate(r.elements):
            if eids.index(e.id) != j:
                line, col = doc.position(["requirements", i, "elements", j, "id"])
                out.append(Diagnostic(rs.origin, line, col, f"requirements[{i}].elements[{j}].id",
                                      f"duplicate element id '{e.id}' in requirement {r.id}"))
    own_ids = {r.id for r in rs.requirements}
    items_seen: set[str] = set()
    for k, c in enumerate(rs.coverage):
        if c.item in items_seen:
            line, col = doc.position(["coverage", "items", k, "item"])
            out.append(Diagnostic(rs.origin, line, col, f"coverage.items[{k}]", f"item {c.item} is listed twice"))
        items_seen.add(c.item)
        for rid in c.encoded_as:
            if rid not in own_ids:
                line, col = doc.position(["coverage", "items", k, "encoded_as"])
                out.append(Diagnostic(rs.origin, line, col, f"coverage.items[{k}].encoded_as",
                                      f"'{rid}' is not a requirement of this ruleset"))
    for fid, fact in rs.facts.items():
        if fact.type in ("choice", "choices") and not fact.options:
            line, col = doc.key_position(["facts", fid])
            out.append(Diagnostic(rs.origin, line, col, f"facts.{fid}", f"a {fact.type} fact needs options"))
    return out


def conditions_problems(book: RuleBook, known_ids: set[str]) -> list[Diagnostic]:
    """Every fact a condition reads exists, with an operator that suits its type and valid options;
    every cross-reference points at a loaded requirement."""
    out = []
    ids = known_ids
    for rs in book.rulesets:
        for i, r in enumerate(rs.requirements):
            where = f"{r.id}"
            base = ["requirements", i]
            conds = [("applies_if", r.applies_if, base + ["applies_if"])] if r.applies_if else []
            conds += [(f"elements.{e.id}.when", e.when, base + ["elements", j, "when"])
                      for j, e in enumerate(r.elements)]
            for label, cond, path in conds:
                for sub, msg in _condition_problems(cond, book.facts, path):
                    # A path ending in None points at the key before it (an operator that does
                    # not suit the fact); otherwise at the offending value.
                    at_key = sub[-1] is None
                    line, col = position(rs.origin, sub[:-1] if at_key else sub, key=at_key)
                    out.append(Diagnostic(rs.origin, line, col, f"{where}.{label}", msg))
            for field_name in ("builds_on", "restates"):
                for k, ref in enumerate(getattr(r, field_name)):
                    if ref not in ids:
                        line, col = position(rs.origin, base + [field_name, k])
                        out.append(Diagnostic(rs.origin, line, col, f"{where}.{field_name}",
                                              f"refers to requirement '{ref}', which is not in the loaded rulesets"))
    return out


def _condition_problems(cond: dict, facts: dict[str, Fact], path: list | None = None) -> list[tuple[list, str]]:
    """(path of the offending part, message) for each problem in a condition; a path ending
    in None means the key before it (the operator), not its value."""
    path = path if path is not None else []
    for key in ("all", "any"):
        if key in cond:
            return [p for i, c in enumerate(cond[key]) for p in _condition_problems(c, facts, path + [key, i])]
    if "not" in cond:
        return _condition_problems(cond["not"], facts, path + ["not"])
    fid = cond["fact"]
    fact = facts.get(fid)
    if fact is None:
        import difflib                           # only when something is wrong

        close = difflib.get_close_matches(fid, list(facts), n=1, cutoff=0.75)
        return [(path + ["fact"], f"reads fact '{fid}', which no loaded ruleset declares"
                                  + (f"; did you mean '{close[0]}'?" if close else ""))]
    op = next(k for k in cond if k != "fact")
    if fact.type not in _OPERATORS[op]:
        return [(path + [op, None], f"'{op}' does not suit fact '{fid}' of type {fact.type}")]
    values = cond[op] if op in ("one_of", "includes") else ([cond[op]] if op == "is" and fact.type == "choice" else [])
    bad = [k for k, v in enumerate(values) if v not in fact.options]
    if bad:
        where = path + [op] + ([bad[0]] if op in ("one_of", "includes") else [])
        import difflib

        close = difflib.get_close_matches(str(values[bad[0]]), list(fact.options), n=1, cutoff=0.6)
        return [(where, f"fact '{fid}' has no option {', '.join(repr(values[k]) for k in bad)}"
                        + (f"; did you mean '{close[0]}'?" if close and len(bad) == 1 else
                           f" (options: {', '.join(fact.options)})"))]
    if op == "is" and fact.type == "yes_no" and not isinstance(cond[op], bool):
        return [(path + [op], f"fact '{fid}' is yes/no; compare it with true or false")]
    if op == "is" and fact.type == "number" and (isinstance(cond[op], (bool, str))):
        return [(path + [op], f"fact '{fid}' is a number; compare it with a number")]
    if op == "is" and fact.type == "text" and not isinstance(cond[op], str):
        return [(path + [op], f"fact '{fid}' is text; compare it with text in quotes")]
    return []


def load_book(selection: list[str] | None = None) -> RuleBook:
    """Load the named/path rulesets (default: all bundled) and merge them. Raises InputError.

    The fact vocabulary is always that of every bundled ruleset plus the custom ones
    given, so one framework file stays valid whichever rulesets a run selects, and a
    recommendation that reads a Protocol fact works without selecting the Protocol.
    """
    names = selection or bundled_names()
    selected, problems = [], []
    for name in names:
        try:
            selected.append(_load_cached(name) if name in bundled_names() else parse_ruleset(*read_ruleset(name)))
        except InputError as e:
            problems.extend(e.diagnostics)
    problems += impostor_problems(selected)
    if problems:
        raise InputError(problems)
    return merge(selected, bundled_rulesets() + [rs for rs in selected if rs.origin not in _bundled_origins()])


def impostor_problems(rulesets: list[Ruleset]) -> list[Diagnostic]:
    """A custom ruleset may not take a bundled ruleset's id: the report would name it as,
    say, the Firearms Protocol ruleset while checking something else."""
    out = []
    bundled = set(bundled_names())
    for rs in rulesets:
        if rs.id in bundled and rs.origin not in _bundled_origins() and not _same_file(rs.origin, bundled_path(rs.id)):
            line, col = position(rs.origin, ["ruleset"])
            out.append(Diagnostic(rs.origin, line, col, "ruleset",
                                  f"'{rs.id}' is the id of a bundled ruleset; give this ruleset its own id"))
    return out


def _same_file(name: str, path: str) -> bool:
    try:
        return os.path.realpath(name) == os.path.realpath(path)
    except (OSError, ValueError):
        return False


MODEL_RULESET = "firearms-protocol"


def bundled_rulesets() -> list[Ruleset]:
    """Every bundled ruleset, parsed (cached): the Protocol first, then by name. The order
    is the vocabulary's: the Protocol's groups (definitions ... brokering) lead every template
    and schema, and its declaration of a shared fact is the one that counts."""
    return [_load_cached(n) for n in sorted(bundled_names(), key=lambda n: (n != MODEL_RULESET, n))]


def bundled_path(name: str) -> str:
    return os.path.join(_bundled_dir(), f"{name}.yaml")


def _bundled_origins() -> set[str]:
    return {f"rulesets/{n}.yaml" for n in bundled_names()}


@lru_cache(maxsize=1)
def _schema_bytes() -> bytes:
    return _read_bytes(os.path.join(os.path.dirname(os.path.realpath(__file__)), "schemas", "ruleset.schema.json"))


@lru_cache(maxsize=None)
def _load_cached(name: str) -> Ruleset:
    """A bundled ruleset, parsed and validated once per process - and, through the on-disk
    cache keyed by its bytes and the ruleset schema, once per change rather than once per run."""
    from firearms_gap import cache

    raw, origin = read_ruleset(name)
    key = "ruleset-" + cache.key(raw, _schema_bytes())
    data = cache.get(key)
    if isinstance(data, dict):
        try:
            return _build(loader.Document(origin, data, None))
        except (KeyError, TypeError, ValueError):
            pass                                 # a damaged cache entry: fall back to the full path
    ruleset = parse_ruleset(raw, origin)
    cache.put(key, _DOCUMENTS[origin].data)
    return ruleset


def merge(selected: list[Ruleset], vocabulary: list[Ruleset] | None = None) -> RuleBook:
    """Requirements of `selected`; facts, groups and cross-reference targets of `vocabulary`."""
    vocabulary = vocabulary if vocabulary is not None else selected
    problems: list[Diagnostic] = []
    groups: dict[str, dict] = {}
    facts: dict[str, Fact] = {}
    for rs in vocabulary:
        for gid, g in rs.groups.items():
            groups.setdefault(gid, g)
        for fid, fact in rs.facts.items():
            prior = facts.get(fid)
            if prior is None:
                facts[fid] = fact
            elif prior.declared_in != fact.declared_in and _comparable(prior) != _comparable(fact):
                line, col = position(rs.origin, ["facts", fid], key=True)
                problems.append(Diagnostic(rs.origin, line, col, f"facts.{fid}",
                                           f"declared differently in ruleset '{prior.declared_in}'; "
                                           "a shared fact must be declared identically (or only once)"))
    origins = {rs.id: rs.origin for rs in vocabulary}
    for fid, fact in sorted(facts.items()):
        if fact.group not in groups:
            origin = origins.get(fact.declared_in, fact.declared_in)
            line, col = position(origin, ["facts", fid], key=True)
            problems.append(Diagnostic(origin, line, col, f"facts.{fid}",
                                       f"group '{fact.group}' is not declared under groups in any ruleset"))
    reqs: list[Requirement] = []
    seen_rs: set[str] = set()
    for rs in selected:
        if rs.id in seen_rs:
            problems.append(Diagnostic(rs.origin, None, None, "ruleset", f"ruleset '{rs.id}' is selected twice"))
            continue
        seen_rs.add(rs.id)
        reqs.extend(rs.requirements)
    owner: dict[str, str] = {}
    for rs in vocabulary:
        for i, r in enumerate(rs.requirements):
            if r.id in owner and owner[r.id] != rs.id:
                line, col = position(rs.origin, ["requirements", i, "id"])
                problems.append(Diagnostic(rs.origin, line, col, r.id,
                                           f"requirement id also used in ruleset '{owner[r.id]}'"))
            owner.setdefault(r.id, rs.id)
    book = RuleBook(tuple(rulesets_unique(selected)), groups, facts, tuple(reqs))
    problems.extend(conditions_problems(book, set(owner) | {r.id for r in reqs}))
    if problems:
        raise InputError(problems)
    return book


def rulesets_unique(rulesets: list[Ruleset]) -> list[Ruleset]:
    seen, out = set(), []
    for rs in rulesets:
        if rs.id not in seen:
            seen.add(rs.id)
            out.append(rs)
    return out


def _comparable(f: Fact):
    return (f.question, f.type, f.unit, tuple(sorted(f.options.items())), f.help)

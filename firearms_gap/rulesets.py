"""Loading rulesets: parse and check one, load the bundled ones through the cache, and merge
a selection into the RuleBook a run checks against.

The jobs around it have their own modules: ruleset_files (where rulesets are, reading their
bytes), ruleset_build (a valid document made into the model), ruleset_checks (what the schema
cannot express), ruleset_merge (one RuleBook out of many rulesets) and ruleset_positions (the
line and column of any part of a parsed ruleset).
"""
from __future__ import annotations

import os
from functools import lru_cache

from firearms_gap import conditions, loader, model, ruleset_build, ruleset_checks, ruleset_merge, ruleset_positions
from firearms_gap.diagnostics import Diagnostic, InputError
from firearms_gap.model import RuleBook, Ruleset
from firearms_gap.ruleset_build import build
from firearms_gap.ruleset_checks import impostor_problems, own_problems, without_check_ids
from firearms_gap.ruleset_files import bundled_names, bundled_origins, read_bytes, read_ruleset
from firearms_gap.ruleset_merge import merge

__all__ = ["MODEL_RULESET", "bundled_names", "bundled_rulesets", "load_book", "parse_ruleset",
           "parse_ruleset_with_problems"]

MODEL_RULESET = "firearms-protocol"


# validation (and through it jsonschema) is imported only when a ruleset is parsed: a run whose rulesets
# all come from the cache never needs it.
@lru_cache(maxsize=1)
def _validator():
    from firearms_gap.validation import bundled_schema, make_validator

    return make_validator(bundled_schema("ruleset.schema.json"))


def parse_ruleset(raw: bytes, name: str) -> Ruleset:
    ruleset, problems = parse_ruleset_with_problems(raw, name)
    if problems:
        raise InputError(problems)
    return ruleset


def parse_ruleset_with_problems(raw: bytes, name: str) -> tuple[Ruleset, list[Diagnostic]]:
    """The ruleset, and the problems found once its structure is valid (duplicate ids, ...),
    so that a linter can go on to report everything else. Raises InputError if the file
    cannot be read as a ruleset at all (YAML or schema errors)."""
    from firearms_gap.validation import diagnose

    doc = loader.load(raw, name)
    problems = diagnose(_validator(), doc)
    if problems:
        raise InputError(problems)
    ruleset_positions.remember(doc)
    ruleset = build(doc)
    return ruleset, own_problems(ruleset)


def load_book(selection: list[str] | None = None) -> RuleBook:
    """Load the named/path rulesets (default: all bundled) and merge them. Raises InputError.

    The fact vocabulary is always that of every bundled ruleset plus the custom ones
    given, so one framework file stays valid whichever rulesets a run selects, and a
    recommendation that reads a Protocol fact works without selecting the Protocol.
    """
    try:
        return _load_book(selection)
    except InputError as e:
        raise InputError(without_check_ids(e.diagnostics)) from None


def _load_book(selection: list[str] | None) -> RuleBook:
    names = selection or bundled_names()
    selected, problems = [], []
    for name in names:
        try:
            selected.append(_load_cached(name) if name in bundled_names() else parse_ruleset(*read_ruleset(name)))
        except InputError as e:
            problems.extend(e.diagnostics)
    problems += impostor_problems(selected, bundled_rulesets())
    if problems:
        raise InputError(problems)
    origins = bundled_origins()
    vocabulary = bundled_rulesets() + [rs for rs in selected if rs.origin not in origins]
    if not selection:
        return _bundled_book(names, selected, vocabulary)
    return merge(selected, vocabulary)


# The modules whose code decides whether a merge of rulesets finds a problem: the verdict of the
# bundled book is remembered under a key that hashes their source too, so a new check is never skipped.
_CHECKING_MODULES = (conditions, model, ruleset_build, ruleset_checks, ruleset_merge)


def _bundled_book(names: list[str], selected: list[Ruleset], vocabulary: list[Ruleset]) -> RuleBook:
    """The book of every bundled ruleset (a run without --ruleset), merged as any selection is.

    Why: the merge's checks of conditions and cross-references (ruleset_checks.conditions_problems)
    cost ~1.3 ms of every run (~8 M of the ~435 M instructions of a `check`), and for the same
    bundled rulesets and the same checking code they find the same nothing every time. The cache
    remembers that verdict, under a key hashing the key of every bundled ruleset's entry (its bytes,
    the ruleset schema, the version) and the source of the checking modules; with it the merge
    skips those checks. An entry is only ever written after a merge that found no problem, and is
    verified like any entry (cache.py): a missing, damaged or other verdict means the full merge."""
    from firearms_gap import cache

    key = "book-" + cache.key(*(_ENTRY_KEYS[n].encode() for n in names), *_checking_code())
    verdict = {"rulesets": [rs.id for rs in selected], "problems": 0}
    if cache.get(key) == verdict:
        return merge(selected, vocabulary, checked=True)
    book = merge(selected, vocabulary)           # raises InputError on any problem: nothing is remembered
    cache.put(key, verdict)
    return book


def _checking_code() -> list[bytes]:
    out = []
    for module in _CHECKING_MODULES:
        with open(module.__file__, "rb") as handle:
            out.append(handle.read())
    return out


def bundled_rulesets() -> list[Ruleset]:
    """Every bundled ruleset, parsed (cached): the Protocol first, then by name. The order
    is the vocabulary's: the Protocol's groups (definitions ... brokering) lead every template
    and schema, and its declaration of a shared fact is the one that counts."""
    return [_load_cached(n) for n in sorted(bundled_names(), key=lambda n: (n != MODEL_RULESET, n))]


@lru_cache(maxsize=1)
def _schema_key() -> bytes:
    """The ruleset schema's own key (a hash of its bytes), part of every bundled ruleset's key: the schema
    is hashed once per run, not once per ruleset (its 21 kB seven times cost ~2 M instructions a run)."""
    from firearms_gap import cache

    schema = read_bytes(os.path.join(os.path.dirname(os.path.realpath(__file__)), "schemas", "ruleset.schema.json"))
    return cache.key(schema).encode()


# bundled ruleset name -> the key of the cache entry it was loaded under (by _load_cached)
_ENTRY_KEYS: dict[str, str] = {}


@lru_cache(maxsize=None)
def _load_cached(name: str) -> Ruleset:
    """A bundled ruleset, parsed and validated once per process - and, through the on-disk
    cache keyed by its bytes and the ruleset schema, once per change rather than once per run."""
    from firearms_gap import cache

    raw, origin = read_ruleset(name)
    key = _ENTRY_KEYS[name] = "ruleset-" + cache.key(raw, _schema_key())
    data = cache.get(key)
    if isinstance(data, dict):
        try:
            return build(loader.Document(origin, data, None))
        except (KeyError, TypeError, ValueError):
            pass                                 # a damaged cache entry: fall back to the full path
    ruleset = parse_ruleset(raw, origin)
    cache.put(key, ruleset_positions.document(origin).data)
    return ruleset

"""Every bundled ruleset is traceable to the project's sources, and nothing is left out silently.

- coverage: every numbered item of each source document is listed, encoded or excluded with a reason;
- every requirement of a document ruleset is named by a coverage item;
- every `source_text` and `qualifier` is verbatim from the ruleset's source file;
- every cross-link (builds_on, restates) points at an existing requirement;
- the legal force of a whole ruleset matches what its source is.
"""
from __future__ import annotations

import re

import pytest
from support import source_file

from firearms_gap import catalogue
from firearms_gap.rulesets import load_book

# Numbered items of each source document (shared/sources/README.md).
EXPECTED_ITEMS = {
    "wg-2017-recommendations": 26,
    "wg-2020-discussion-points": 28,
    "wg-2024-recommendations": 22,
    "cop10-draft-resolution": 24,
}
# What a ruleset's source is decides its legal force (README "Legal force").
EXPECTED_FORCE = {
    "wg-2017-recommendations": {"recommended"},
    "wg-2020-discussion-points": {"discussion_point"},
    "wg-2024-recommendations": {"recommended"},
    "cop10-draft-resolution": {"draft_resolution"},
    "bp-2024-context": {"context"},
    "firearms-protocol": {"mandatory", "conditional", "qualified", "definitional", "optional", "permissive",
                          "hortatory"},
}


@pytest.fixture(scope="module")
def book():
    return load_book()


def test_every_bundled_ruleset_is_accounted_for_here(book):
    assert {rs.id for rs in book.rulesets} == set(EXPECTED_FORCE)


@pytest.mark.parametrize("ruleset,count", sorted(EXPECTED_ITEMS.items()))
def test_coverage_lists_every_numbered_item(book, ruleset, count):
    rs = next(r for r in book.rulesets if r.id == ruleset)
    items = sorted(int(re.match(r"\d+", c.item).group()) for c in rs.coverage)
    assert sorted(set(items)) == list(range(1, count + 1)), f"{ruleset}: items missing or extra"
    for c in rs.coverage:
        assert c.encoded_as or (c.excluded and len(c.excluded) > 10), f"{ruleset} item {c.item}: no reason"


def test_every_requirement_of_a_document_ruleset_is_named_by_a_coverage_item(book):
    assert catalogue.uncovered_requirements(book) == []


@pytest.mark.parametrize("ruleset,forces", sorted(EXPECTED_FORCE.items()))
def test_legal_force_matches_the_source(book, ruleset, forces):
    rs = next(r for r in book.rulesets if r.id == ruleset)
    assert {r.force for r in rs.requirements} <= forces


def test_cross_links_point_at_existing_requirements(book):
    ids = {r.id for r in book.requirements}
    for r in book.requirements:
        for ref in r.builds_on + r.restates:
            assert ref in ids, f"{r.id} -> {ref}"
            assert ref != r.id


def _normalise(text: str) -> str:
    text = text.replace("\u201c", '"').replace("\u201d", '"').replace("\u2018", "'").replace("\u2019", "'")
    text = text.replace("*", "")                     # markdown emphasis in the stored copies
    return " ".join(text.split()).lower()


def _fragments(quote: str) -> list[str]:
    parts = re.split(r"\.\.\.|\u2026", quote)
    return [p.strip(" ;:,.") for p in parts if len(p.strip(" ;:,.").split()) >= 3]


@pytest.mark.parametrize("ruleset", sorted(set(EXPECTED_FORCE) - {"firearms-protocol"}))
def test_quotes_are_verbatim_from_the_source_file(book, ruleset):
    rs = next(r for r in book.rulesets if r.id == ruleset)
    source = source_file(rs.instrument["source_file"])
    text = _normalise(source.read_text(encoding="utf-8"))
    bad = []
    for r in rs.requirements:
        for field in ("source_text", "qualifier"):
            quote = getattr(r, field)
            for fragment in _fragments(quote or ""):
                if _normalise(fragment) not in text:
                    bad.append(f"{r.id}.{field}: {fragment[:80]!r}")
    assert not bad, "not found verbatim in the source:\n" + "\n".join(bad)


def test_unconfirmed_symbols_are_stated_not_guessed(book):
    by_id = {rs.id: rs for rs in book.rulesets}
    for rid in ("wg-2024-recommendations", "cop10-draft-resolution", "wg-2020-discussion-points"):
        assert by_id[rid].instrument.get("unconfirmed"), f"{rid} must say what is unconfirmed"
    # The 2024 report's symbol is only probable (legal-context.md §e): never cite it.
    for r in by_id["wg-2024-recommendations"].requirements:
        assert "CTOC/COP/WG.6/2024/5" not in r.cited_as

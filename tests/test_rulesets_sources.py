"""Every bundled ruleset is traceable to the project's sources, and nothing is left out silently.

- coverage: every numbered item of each source document is listed, encoded or excluded with a reason;
- every requirement of a document ruleset is named by a coverage item;
- every `source_text` and `qualifier` is verbatim from the ruleset's source file;
- every cross-link (builds_on, restates) points at an existing requirement;
- the legal force of a whole ruleset matches what its source is;
- nothing shipped (rulesets, examples, README) names a file of the project's research sources:
  a reader cannot open them, so every citation must be to a public document;
- every printed citation of a 2020 discussion point keeps its draft-numbering caveat.
"""
from __future__ import annotations

import marshal
import re
from pathlib import Path

import pytest
from support import ROOT, SOURCES, source_file

from firearms_gap import catalogue
from firearms_gap.rulesets import load_book

# Numbered items of each source document (shared/sources/README.md). The 2023 report is known
# only from CTOC/COP/WG.6/2024/2, para. 47, which describes its recommendations 12 and 13.
EXPECTED_ITEMS = {
    "wg-2017-recommendations": list(range(1, 27)),
    "wg-2020-discussion-points": list(range(1, 29)),
    "wg-2024-recommendations": list(range(1, 23)),
    "cop10-draft-resolution": list(range(1, 25)),
    "wg-2023-recommendations": [12, 13],
}
# The file of shared/sources each ruleset's quotations come from (kept here, not in the shipped
# rulesets: a user has none of these files).
SOURCE_FILES = {
    "wg-2017-recommendations": "001_a609d8635328e6b4.txt",
    "wg-2020-discussion-points": "000_eb1482c4157c5ed5.txt",
    "wg-2024-recommendations": "004_d7355c23290ceb8b.txt",
    "cop10-draft-resolution": "003_ec2929493b18ea40.txt",
    "bp-2024-context": "002_e174bf27e444e4d9.txt",
    "wg-2023-recommendations": "002_e174bf27e444e4d9.txt",   # CTOC/COP/WG.6/2024/2, para. 47
}
# What a ruleset's source is decides its legal force (README "Legal force").
EXPECTED_FORCE = {
    "wg-2017-recommendations": {"recommended"},
    "wg-2020-discussion-points": {"discussion_point"},
    "wg-2024-recommendations": {"recommended"},
    "cop10-draft-resolution": {"draft_resolution"},
    "bp-2024-context": {"secretariat_recommendation"},
    "wg-2023-recommendations": {"recommended"},
    "firearms-protocol": {"mandatory", "conditional", "qualified", "definitional", "optional", "permissive",
                          "hortatory"},
}


@pytest.fixture(scope="module")
def book():
    return load_book()


def test_every_bundled_ruleset_is_accounted_for_here(book):
    assert {rs.id for rs in book.rulesets} == set(EXPECTED_FORCE)


@pytest.mark.parametrize("ruleset,expected", sorted(EXPECTED_ITEMS.items()))
def test_coverage_lists_every_numbered_item(book, ruleset, expected):
    rs = next(r for r in book.rulesets if r.id == ruleset)
    items = sorted(int(re.match(r"\d+", c.item).group()) for c in rs.coverage)
    assert sorted(set(items)) == expected, f"{ruleset}: items missing or extra"
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
    source = source_file(SOURCE_FILES[ruleset])
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


def test_every_ruleset_with_quotations_has_its_source_file_named_here(book):
    quoting = {rs.id for rs in book.rulesets if rs.id != "firearms-protocol"}
    assert quoting == set(SOURCE_FILES)


# ---------------------------------------------------------------- only public citations

# The research files of shared/sources, by name, plus the file names found there now (so a new
# file is caught too). A reader of a report has none of them.
_PRIVATE = [r"legal[-_ ]context", r"protocol[-_ ]text", r"shared/sources", r"\b\d{3}_[0-9a-f]{16}\.txt\b",
            r"research note", r"project.s (sources|research|notes)"]


def _private_names() -> re.Pattern:
    names = list(_PRIVATE)
    if SOURCES.is_dir():
        names += [re.escape(p.stem) for p in SOURCES.iterdir() if p.is_file() and p.name != "README.md"]
    return re.compile("|".join(names), re.IGNORECASE)


def _shipped():
    """Everything a user gets: rulesets, examples, the README and the package itself (its messages,
    schemas and even comments, which a user reading the code sees)."""
    files = sorted((ROOT / "rulesets").glob("*.yaml")) + sorted((ROOT / "examples").rglob("*.yaml"))
    package = sorted(p for p in (ROOT / "firearms_gap").rglob("*") if p.suffix in (".py", ".json", ".entry"))
    return files + [ROOT / "README.md"] + package


def _lines(path: Path) -> list[str]:
    """A file's lines; a cache entry's (binary, cache.py) are the strings of the value it holds."""
    if path.suffix != ".entry":
        return path.read_text(encoding="utf-8").splitlines()
    strings, stack = [], [marshal.loads(path.read_bytes().partition(b"\n")[2])]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            stack.extend(value.items())
        elif isinstance(value, (list, tuple)):
            stack.extend(value)
        elif isinstance(value, str):
            strings.extend(value.splitlines())
    return strings


@pytest.mark.parametrize("path", _shipped(), ids=lambda path: str(path.relative_to(ROOT)))
def test_nothing_shipped_names_a_research_file_a_reader_does_not_have(path):
    """Notes, `unconfirmed`, exclusion reasons, examples' `unverified` and even comments are read
    by users: each must cite the public document (UNTOC art. 2(b), a UN symbol and paragraph, a
    national act and section), never the project's research notes."""
    pattern = _private_names()
    hits = [f"{path.name}:{n}: {line.strip()[:100]}"
            for n, line in enumerate(_lines(path), 1) if pattern.search(line)]
    assert not hits, "names a research file instead of a public document:\n" + "\n".join(hits)


# ---------------------------------------------------------------- 2020 draft numbering

CAVEAT_2020 = "(draft numbering; discussion point, not adopted)"
# CTOC/COP/WG.6/2024/2, footnotes 29-38, cite the final report CTOC/COP/WG.6/2020/4 by its own
# numbers; for the same topic the draft's point has another number. draft point -> (final, footnote)
FINAL_2020 = {"WG20-4-a": ("12", "33"), "WG20-6-a": ("6", "29"), "WG20-7": ("9", "30"),
              "WG20-8": ("6 and 10", "31"), "WG20-9": ("11", "32"), "WG20-12": ("14", "34"),
              "WG20-13": ("17", "36"), "WG20-14": ("19 and 20", "37"), "WG20-16": ("22", "38")}


def test_every_printed_2020_citation_keeps_its_draft_numbering_caveat(book):
    from firearms_gap.engine import check
    from frameworks import framework

    report = check(framework({}), book)
    rows = [r for r in report.results if r.ruleset == "wg-2020-discussion-points"]
    assert rows
    for r in rows:
        assert CAVEAT_2020 in r.citation, r.citation
        for e in r.elements:
            assert CAVEAT_2020 in e.citation, e.citation
    from firearms_gap.render import rules_out

    rows = [row for row in catalogue.coverage(book) if row.ruleset == "wg-2020-discussion-points"]
    printed = rules_out.coverage(rows, "markdown").splitlines()[2:-1]
    assert len(printed) == 28
    for line in printed:
        assert CAVEAT_2020 in line, line


@pytest.mark.parametrize("rid", sorted(FINAL_2020))
def test_a_2020_citation_shows_the_final_reports_number_where_the_background_paper_gives_it(book, rid):
    final, footnote = FINAL_2020[rid]
    cited = book.requirement(rid).cited_as
    assert f"CTOC/COP/WG.6/2020/4: discussion point{'s' if ' and ' in final else ''} {final} " in cited
    assert f"CTOC/COP/WG.6/2024/2, fn. {footnote}" in cited


# ---------------------------------------------------------------- Secretariat recommendations

def test_the_secretariats_recommendations_are_labelled_as_such_not_as_context(book):
    """CTOC/COP/WG.6/2024/2 paras. 19-22 stand under the heading "Recommendations": the
    Secretariat's, never adopted by the Working Group. The matrix must say so in its force column."""
    from firearms_gap.engine import check
    from firearms_gap.views.labels import FORCE_LABELS
    from frameworks import framework

    report = check(framework({"online_and_postal.service_provider_channels": False}), book)
    row = next(r for r in report.results if r.id == "BP-20")
    assert row.force == "secretariat_recommendation"
    assert FORCE_LABELS[row.force] == "Secretariat recommendation (not adopted)"
    assert "(Secretariat recommendation, not adopted by the Working Group)" in row.missing[0]
    assert {r.id for r in report.results if r.ruleset == "bp-2024-context"} == {"BP-19", "BP-20", "BP-21", "BP-22"}


@pytest.mark.parametrize("ruleset,item", [("bp-2024-context", "49"), ("bp-2024-context", "57"),
                                          ("wg-2024-recommendations", "13"), ("wg-2024-recommendations", "14")])
def test_items_addressed_to_unodc_are_never_a_states_gap(book, ruleset, item):
    """Topics for the technical standards UNODC is to develop are not measures asked of States:
    they are excluded (with the reason), so no framework answer can turn them into a gap."""
    rs = next(r for r in book.rulesets if r.id == ruleset)
    entry = next(c for c in rs.coverage if c.item == item)
    assert not entry.encoded_as and "UNODC" in entry.excluded


# ---------------------------------------------------------------- "consider" items and consistency

def test_a_soft_law_consider_item_is_not_adopted_and_says_what_the_text_says(book):
    """COP 10 draft op. 14 asks States to "consider extending" record retention: a five-year period
    is "not adopted" (as a Protocol option would be), and the sentence must not call five years
    "no longer than the ten-year minimum"."""
    from firearms_gap.engine import check
    from frameworks import framework

    report = check(framework({"records.firearm_records_kept": True, "records.retention_years": 5}), book)
    row = next(r for r in report.results if r.id == "COP10-14-retention")
    assert row.status == "not adopted"
    assert "only to consider extending" in row.missing[0]
    assert "no longer than" not in row.missing[0]
    from firearms_gap.render import rules_out

    shown = rules_out.detail(catalogue.requirement_data(book, book.requirement("COP10-14-retention")), "table")
    assert 'Only asks States to consider the measure: if it is absent, the status is "not adopted"' in shown


def test_every_item_that_only_asks_to_consider_is_flagged_so(book):
    """A requirement whose qualifier is "consider"/"explore" language reports "not adopted", never "gap"."""
    import re as _re

    unflagged = [r.id for r in book.requirements
                 if r.ruleset != "firearms-protocol" and r.qualifier
                 and _re.search(r"(wish to|encouraged to|should|should also|Calls upon .*to|to) (consider|explore)\b",
                                r.qualifier) and not r.asks_to_consider]
    # WG17-11 asks States to consider how technologies affect marking: the consideration itself is
    # the measure, so its absence is a shortfall of the recommendation.
    assert unflagged == ["WG17-11"]


@pytest.mark.parametrize("contents,alternative", [
    ([], False), (["serial_number"], False), (["manufacturer_name", "country_or_place_of_manufacture"], False),
    (["manufacturer_name", "country_or_place_of_manufacture", "serial_number"], False), (["serial_number"], True)])
def test_marking_recommendations_never_contradict_the_protocol_row_they_build_on(book, contents, alternative):
    from firearms_gap.engine import check
    from frameworks import framework

    # A national definition of firearm as wide as art. 3(a), so the Protocol row is judged on the
    # marking alone (a narrower definition would cut its reach: FP-8-1-a's `reach` elements).
    wide_definition = {"definitions.firearm_defined": True, "definitions.firearm_covers_readily_convertible": True,
                       "definitions.antique_exemption": "none"}
    report = check(framework({"marking.manufacture_marking_contents": contents,
                              "marking.alternative_symbol_marking": alternative, **wide_definition}), book)
    by_id = {r.id: r for r in report.results}
    assert by_id["WG24-5"].status == by_id["FP-8-1-a"].status
    protocol = [e.state for e in by_id["FP-8-1-a"].elements if not e.id.startswith("reach-")]
    # Every recommendation row that restates art. 8(1)(a) judges the marking at manufacture as it does.
    for rid in ("WG24-5", "WG17-9-marking", "WG20-12"):
        states = {e.id: e.state for e in by_id[rid].elements}
        assert [states[k] for k in ("manufacturer", "country-or-place", "serial-number")] == protocol, rid


# ---------------------------------------------------------------- real-jurisdiction examples

REAL_EXAMPLES = ["canada", "china", "north-macedonia", "south-africa", "new-south-wales", "singapore", "jamaica"]
# What the cited passages do not establish, so the example must leave it unanswered (not assessed):
NOT_ESTABLISHED = {
    # S.C. 2023, c. 32, s. 1: "firearm part" comes into force on a day fixed by order (not verified);
    # the panellist (2024 report, para. 23) spoke of a licence for essential parts, not of ALL of them.
    "canada": ["definitions.parts_components_defined", "parts_control.essential_parts_regulated"],
    # 2024 report, para. 12: one workstation at Shenzhen airport is not a national specialized unit;
    # para. 22 names carriers and platforms only, not manufacturers, dealers, importers, exporters, brokers.
    "china": ["enforcement.specialized_unit", "cooperation.industry_cooperation"],
    # 2024 report, para. 25: possession of a converted blank-firing weapon IS illegal, so "not
    # criminalized" contradicts the passage, and "criminalized" is not established either.
    "south-africa": ["manufacturing_technology.convertible_weapons_criminalized", "cooperation.industry_cooperation"],
}


def _example(name: str) -> dict:
    from firearms_gap import loader

    path = ROOT / "examples" / f"{name}.yaml"
    return loader.load(path.read_bytes(), path.name).data


@pytest.mark.parametrize("name,facts", sorted(NOT_ESTABLISHED.items()))
def test_real_examples_leave_unanswered_what_their_sources_do_not_establish(name, facts):
    answers = _example(name).get("answers", {})
    answered = {f"{group}.{fact}" for group, items in answers.items() for fact in items}
    assert not answered & set(facts)


@pytest.mark.parametrize("name", REAL_EXAMPLES)
def test_every_answer_of_a_real_example_cites_the_passage_it_rests_on(name):
    """A real jurisdiction is described only from public documents: each answer names its passage
    (a UN symbol or report and paragraph, or a national act and section)."""
    public = re.compile(r"CTOC/COP/WG\.6/\d{4}/\d+|report of 3-4 April 2024 meeting, para|S\.C\. 2023, c\. 32|"
                        r"Criminal Code s\.|Act 2021, s\. 13")
    data = _example(name)
    assert data["jurisdiction"]["fictional"] is False
    for group, items in data["answers"].items():
        for fact, answer in items.items():
            assert public.search(answer.get("evidence", "")), f"{name}: {group}.{fact}"


def test_the_nsw_example_does_not_quote_the_weapons_prohibition_act_wording_as_s_51f():
    """The wording 'a digital blueprint for the manufacture of a firearm on a 3D printer or on an
    electronic milling machine' is attributed by its only source to the Weapons Prohibition Act
    1998 amendment, not to Firearms Act 1996 s. 51F: it may appear only where that is said."""
    text = (ROOT / "examples" / "new-south-wales.yaml").read_text(encoding="utf-8")
    phrase = "a digital blueprint for the manufacture of a firearm on a 3D printer"
    for block in text.split("unverified:")[0:1]:
        assert phrase not in block
    assert "Weapons Prohibition" in text.split("unverified:")[1]


def test_readme_rulesets_table_matches_the_bundled_rulesets(book):
    """README "Rulesets and sources": one row per bundled ruleset, with its requirement count and,
    for document rulesets, its number of items and every excluded item named."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Rulesets and sources", 1)[1].split("\n## ", 1)[0]
    rows = {m.group(1): m for m in re.finditer(r"^\| `([a-z0-9-]+)` \| (.*) \| (.+?) \| (\d+) \| (.+?) \|$",
                                                section, re.MULTILINE)}
    assert set(rows) == {rs.id for rs in book.rulesets}
    for rs in book.rulesets:
        row = rows[rs.id]
        assert int(row.group(4)) == len(rs.requirements), rs.id
        if rs.coverage:
            assert int(row.group(3)) == len(rs.coverage), rs.id
            assert "excluded" in row.group(2) or not any(c.excluded for c in rs.coverage), rs.id

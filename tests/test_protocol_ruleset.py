"""The Firearms Protocol ruleset against its schema and its source, protocol-text.md.

Legal accuracy is the product: every requirement must cite an article that exists, quote the
treaty verbatim, and carry the legal force the source's summary table (§2) gives the provision.
The source lives beside the clone (``../shared/sources/protocol-text.md``); the tests that need it
are skipped when it is absent (they fail under CI=true, see tests/support.py).
"""
from __future__ import annotations

import html
import json
import re

import pytest
from support import ROOT, SOURCES, source_file

from firearms_gap import loader
from firearms_gap.rulesets import parse_ruleset

RULESET = ROOT / "rulesets" / "firearms-protocol.yaml"
SCHEMA = ROOT / "firearms_gap" / "schemas" / "ruleset.schema.json"
PROTOCOL_TEXT = SOURCES / "protocol-text.md"


# --------------------------------------------------------------------------- helpers

def normalise(text: str) -> str:
    """Typography only: HTML entities, curly quotes, ellipsis, dashes and runs of whitespace."""
    text = html.unescape(text).replace("\xa0", " ")
    for curly, plain in (("\u201c", '"'), ("\u201d", '"'), ("\u2018", "'"), ("\u2019", "'"), ("\u2026", "...")):
        text = text.replace(curly, plain)
    return " ".join(text.split())


@pytest.fixture(scope="module")
def data() -> dict:
    return loader.load(RULESET.read_bytes(), "rulesets/firearms-protocol.yaml").data


@pytest.fixture(scope="module")
def requirements(data) -> list[dict]:
    return data["requirements"]


@pytest.fixture(scope="module")
def source() -> str:
    return source_file(PROTOCOL_TEXT.name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def articles(source) -> dict[str, list[str]]:
    """Article number -> its treaty text, one normalised paragraph per item (from the '> ' quote)."""
    out: dict[str, list[str]] = {}
    parts = re.split(r"^### Article (\d+) [^\n]*$", source, flags=re.M)
    for number, body in zip(parts[1::2], parts[2::2]):
        text = body.split("**Source", 1)[0]
        paragraphs = [normalise(line[1:]) for line in text.splitlines() if line.startswith(">")]
        out[number] = [p for p in paragraphs if p]
    return out


@pytest.fixture(scope="module")
def summary_table(source) -> dict[str, str]:
    """§2 summary matrix: provision -> the whole normalised row (label, qualifier, verification)."""
    section = source.split("## 2. Summary matrix", 1)[1].split("\n### ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 3 and cells[0] not in ("Provision", "---") and not set(cells[0]) <= {"-"}:
            rows[normalise(cells[0])] = normalise(" | ".join(cells[1:]))
    return rows


def article_text(articles, number: str) -> str:
    return " ".join(articles[number])


def citations(req: dict):
    yield "citation", req["citation"]
    for el in req["elements"]:
        if "cites" in el:
            yield f"elements.{el['id']}.cites", el["cites"]


# --------------------------------------------------------------------------- schema and ids

def test_ruleset_schema_is_a_valid_draft_2020_12_schema():
    from jsonschema import Draft202012Validator

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def test_ruleset_validates_against_the_ruleset_schema(data):
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)]
    assert errors == []


def test_ruleset_loads_through_the_product_parser():
    ruleset = parse_ruleset(RULESET.read_bytes(), "rulesets/firearms-protocol.yaml")
    assert ruleset.id == "firearms-protocol" and ruleset.requirements


def test_requirement_ids_are_unique(requirements):
    ids = [r["id"] for r in requirements]
    assert sorted({i for i in ids if ids.count(i) > 1}) == []


def test_element_ids_are_unique_within_each_requirement(requirements):
    dupes = [f"{r['id']}/{e}" for r in requirements
             for e in {el["id"] for el in r["elements"]}
             if [el["id"] for el in r["elements"]].count(e) > 1]
    assert dupes == []


def test_every_qualified_requirement_has_a_qualifier(requirements):
    missing = [r["id"] for r in requirements if r["force"] == "qualified" and not (r.get("qualifier") or "").strip()]
    assert missing == []


# --------------------------------------------------------------------------- citations against the source

def test_source_has_all_twenty_one_articles(articles):
    assert sorted(articles, key=int) == [str(n) for n in range(1, 22)]
    assert all(articles[n] for n in articles), "an article with no quoted text"


def test_every_cited_article_exists_in_the_source(requirements, articles):
    bad = [f"{r['id']} {where}: art. {c['article']}" for r in requirements for where, c in citations(r)
           if "article" in c and c["article"] not in articles]
    assert bad == []
    assert all("article" in r["citation"] for r in requirements), "a Protocol requirement without an article"


def test_every_cited_paragraph_and_subparagraph_exists_in_that_article(requirements, articles):
    """'art. 8(1)(c)' needs a paragraph starting '1.' and one starting '(c)' in art. 8."""
    bad = []
    for r in requirements:
        for where, c in citations(r):
            paragraphs = articles.get(c.get("article"), [])
            for key, label in (("paragraph", "{}. "), ("subparagraph", "({}) "), ("point", "({}) ")):
                if key in c and not any(p.startswith(label.format(c[key])) for p in paragraphs):
                    bad.append(f"{r['id']} {where}: art. {c['article']} has no {key} {c[key]!r}")
    assert bad == []


# A chapeau quoted with a later subparagraph ('... intentionally: (b) Illicit trafficking ...')
# skips the subparagraphs in between, so the quotation is also split where a subparagraph label
# follows a colon.
_SUBPARAGRAPH_JOIN = re.compile(r"(?<=:) (?=\((?:[a-z]|[ivx]+)\) )")


def fragments(text: str) -> list[str]:
    """The verbatim pieces of a quotation: split where the ruleset elides text with '...' and at
    chapeau-subparagraph joins."""
    return [f.strip() for part in normalise(text).split("...") for f in _SUBPARAGRAPH_JOIN.split(part) if f.strip()]


def test_every_source_text_is_verbatim_from_its_article(requirements, articles):
    problems = []
    for r in requirements:
        if not r.get("source_text"):
            problems.append(f"{r['id']}: no source_text")
            continue
        # Paragraphs of the article are joined with a space, so a quotation may run across them.
        text = article_text(articles, r["citation"]["article"])
        for frag in fragments(r["source_text"]):
            if len(frag.split()) < 3:
                problems.append(f"{r['id']}: fragment too short to prove anything: {frag!r}")
            elif frag not in text:
                problems.append(f"{r['id']}: not in art. {r['citation']['article']}: {frag!r}")
    assert problems == []


def test_the_verbatim_check_catches_a_changed_word(articles):
    """The check above must be able to fail: one word changed in a real quotation is caught."""
    text = article_text(articles, "7")
    good = "Each State Party shall ensure the maintenance, for not less than ten years, of information"
    assert all(f in text for f in fragments(good))
    assert not all(f in text for f in fragments(good.replace("ten years", "five years")))


def test_qualifiers_of_qualified_requirements_quote_the_article(requirements, articles):
    """A qualifier is the treaty's own softening words; each quoted piece must be in the article."""
    problems = []
    for r in requirements:
        if r["force"] != "qualified":
            continue
        text = article_text(articles, r["citation"]["article"])
        pieces = [p.strip(" ;,") for frag in fragments(r["qualifier"]) for p in re.split(r'[;"]', frag)]
        for piece in (p for p in pieces if p):
            if piece not in text:
                problems.append(f"{r['id']}: qualifier words not in art. {r['citation']['article']}: {piece!r}")
    assert problems == []


# --------------------------------------------------------------------------- legal force against §2

# requirement id -> (provision row in protocol-text.md §2, words that row must contain, expected force).
# The comment on each line quotes the row's label.
EXPECTED_FORCE = {
    # Convention obligations the Protocol imports: listed under art. 1(2), a relational provision (§0.4:
    # "Not obligations by themselves"), to be assessed under the Convention.
    "FP-1-2-legal-persons": ("1(2)", "RELATIONAL (imports UNTOC obligations)", "definitional"),
    "FP-1-2-sanctions": ("1(2)", "RELATIONAL (imports UNTOC obligations)", "definitional"),
    "FP-1-2-confiscation": ("1(2)", "RELATIONAL (imports UNTOC obligations)", "definitional"),
    "FP-3-a": ("3(a)", "DEFINITIONAL", "definitional"),                  # DEFINITIONAL (hard limit + domestic discretion)
    "FP-3-b": ("3(b)", "DEFINITIONAL", "definitional"),                  # DEFINITIONAL
    "FP-3-c": ("3(c)", "DEFINITIONAL", "definitional"),                  # DEFINITIONAL (domestic-law dependent)
    "FP-3-d": ("3(d)", "DEFINITIONAL", "definitional"),                  # DEFINITIONAL (feeds art. 5(1)(a))
    "FP-3-e": ("3(e)", "DEFINITIONAL", "definitional"),                  # DEFINITIONAL (feeds art. 5(1)(b))
    "FP-3-f": ("3(f)", "DEFINITIONAL", "definitional"),                  # DEFINITIONAL
    "FP-4-2": ("4(2)", "SCOPE (exclusion)", "definitional"),             # SCOPE (exclusion); §0.4 DEFINITIONAL / SCOPE
    "FP-5-1-a": ("5(1)(a)", "MANDATORY |", "mandatory"),                 # MANDATORY
    "FP-5-1-b": ("5(1)(b)", "MANDATORY |", "mandatory"),                 # MANDATORY
    "FP-5-1-c": ("5(1)(c)", "MANDATORY |", "mandatory"),                 # MANDATORY
    "FP-5-2-a": ("5(2)(a)", "MANDATORY\u2013QUALIFIED", "qualified"),    # MANDATORY–QUALIFIED ("Subject to the basic concepts")
    "FP-5-2-b": ("5(2)(b)", "MANDATORY |", "mandatory"),                 # MANDATORY ("no qualifier in (b)")
    "FP-6-1": ("6(1)", "MANDATORY\u2013QUALIFIED", "qualified"),         # MANDATORY–QUALIFIED
    "FP-6-2": ("6(2)", "MANDATORY\u2013QUALIFIED", "qualified"),         # MANDATORY–QUALIFIED ("within their domestic legal systems")
    "FP-6-2-disposal": ("6(2)", "with mandatory preconditions", "mandatory"),  # ... (with mandatory preconditions)
    "FP-7-firearms": ("7 chapeau (firearms)", "MANDATORY |", "mandatory"),                              # MANDATORY
    "FP-7-parts-ammunition": ("7 chapeau (parts, components, ammunition)", "QUALIFIED", "qualified"),    # MANDATORY–QUALIFIED
    "FP-7-a": ("7(a)", "MANDATORY (minimum content)", "mandatory"),      # MANDATORY (minimum content)
    "FP-7-b": ("7(b)", "MANDATORY (minimum content)", "mandatory"),      # MANDATORY (minimum content)
    "FP-7-b-transit": ("7(b)", '"the transit countries, where appropriate"', "qualified"),  # same row; its qualifier words
    "FP-8-1-a": ("8(1)(a)", "MANDATORY (with two permitted options)", "mandatory"),         # MANDATORY (two options)
    "FP-8-1-b": ("8(1)(b)", "MANDATORY (one element qualified)", "mandatory"),               # MANDATORY (one element qualified)
    "FP-8-1-b-year": ("8(1)(b)", '"where possible, the year of import"', "qualified"),      # ... the qualified element
    "FP-8-1-c": ("8(1)(c)", "MANDATORY |", "mandatory"),                 # MANDATORY
    "FP-8-2": ("8(2)", "MANDATORY (soft: duty to encourage)", "mandatory"),                  # MANDATORY (soft)
    "FP-9": ("9 chapeau", "CONDITIONAL", "conditional"),                 # CONDITIONAL → MANDATORY
    "FP-9-offence": ("9 chapeau (offences)", "QUALIFIED (discretionary)", "qualified"),      # QUALIFIED (discretionary)
    "FP-9-a": ("9(a)", "within the conditional article", "conditional"),  # MANDATORY standard (within the conditional article)
    "FP-9-b": ("9(b)", "QUALIFIED", "qualified"),                        # QUALIFIED ("where appropriate")
    # MANDATORY content of a verification that 9(b) requires only "where appropriate" (QUALIFIED): 9(c)
    # applies only where there is a verification, and is never a gap of its own at the default threshold.
    "FP-9-c": ("9(c)", "MANDATORY content (alternatives)", "qualified"),
    "FP-10-1": ("10(1)", "MANDATORY |", "mandatory"),                    # MANDATORY
    "FP-10-2-a": ("10(2)(a)", "MANDATORY |", "mandatory"),               # MANDATORY
    "FP-10-2-b": ("10(2)(b)", "MANDATORY (minimum)", "mandatory"),       # MANDATORY (minimum)
    "FP-10-3": ("10(3)", "MANDATORY (minimum content)", "mandatory"),    # MANDATORY (minimum content)
    "FP-10-4": ("10(4)", "MANDATORY (on request)", "conditional"),       # MANDATORY (on request); §0.4 lists "upon request" as CONDITIONAL
    "FP-10-5": ("10(5)", "MANDATORY\u2013QUALIFIED", "qualified"),       # MANDATORY–QUALIFIED ("within available means")
    "FP-10-6": ("10(6)", "PERMISSIVE", "permissive"),                    # PERMISSIVE
    "FP-11-a": ("11(a)", "MANDATORY\u2013QUALIFIED", "qualified"),       # MANDATORY–QUALIFIED
    "FP-11-b": ("11(b)", "MANDATORY\u2013QUALIFIED", "qualified"),       # MANDATORY–QUALIFIED
    "FP-12-1": ("12(1)", "MANDATORY\u2013QUALIFIED", "qualified"),       # MANDATORY–QUALIFIED
    "FP-12-2": ("12(2)", "MANDATORY\u2013QUALIFIED", "qualified"),       # MANDATORY–QUALIFIED
    "FP-12-4": ("12(4)", "MANDATORY (cooperation)", "mandatory"),        # MANDATORY (cooperation) / QUALIFIED (promptness)
    "FP-12-5": ("12(5)", "MANDATORY\u2013QUALIFIED", "qualified"),       # MANDATORY–QUALIFIED
    "FP-13-2": ("13(2)", "MANDATORY |", "mandatory"),                    # MANDATORY
    "FP-13-3": ("13(3)", "MANDATORY (soft: best efforts)", "mandatory"),  # MANDATORY (soft: best efforts)
    "FP-15-1": ("15(1) first sentence", "OBLIGATION TO CONSIDER", "optional"),  # OBLIGATION TO CONSIDER (optional outcome)
    "FP-15-1-a": ("15(1)(a)\u2013(c)", "OPTIONAL (illustrative menu)", "optional"),  # OPTIONAL (illustrative menu)
    "FP-15-1-b": ("15(1)(a)\u2013(c)", "OPTIONAL (illustrative menu)", "optional"),  # OPTIONAL (illustrative menu)
    "FP-15-1-c": ("15(1)(a)\u2013(c)", "OPTIONAL (illustrative menu)", "optional"),  # OPTIONAL (illustrative menu)
    "FP-15-2": ("15(2)", "HORTATORY", "hortatory"),                      # HORTATORY + CONDITIONAL (applies_if models the trigger)
}


def test_every_requirement_has_an_expected_force_row(requirements):
    ids = [r["id"] for r in requirements]
    assert sorted(set(ids) - set(EXPECTED_FORCE)) == [], "add a row to EXPECTED_FORCE from the §2 table"
    assert sorted(set(EXPECTED_FORCE) - set(ids)) == [], "EXPECTED_FORCE names a requirement that no longer exists"


def test_expected_force_rows_match_the_summary_table(summary_table):
    problems = []
    for rid, (provision, words, _force) in EXPECTED_FORCE.items():
        row = summary_table.get(normalise(provision))
        if row is None:
            problems.append(f"{rid}: no row '{provision}' in the §2 table")
        elif normalise(words) not in row + " |":
            problems.append(f"{rid}: row '{provision}' ({row}) does not say {words!r}")
    assert problems == []


def test_legal_force_matches_the_summary_table(requirements):
    wrong = [f"{r['id']}: {r['force']} (table row {EXPECTED_FORCE[r['id']][0]} -> {EXPECTED_FORCE[r['id']][2]})"
             for r in requirements if r["id"] in EXPECTED_FORCE and r["force"] != EXPECTED_FORCE[r["id"]][2]]
    assert wrong == []


def test_conditional_requirements_are_conditional_in_section_0_4(requirements, source):
    """§0.4 names the conditional provisions (art. 9, art. 15(2), art. 10(4)); 'conditional' is used only there."""
    row = next(line for line in source.splitlines() if line.startswith("| **CONDITIONAL**"))
    for r in requirements:
        if r["force"] == "conditional":
            c = r["citation"]
            mention = f"art. {c['article']}" + (f"({c['paragraph']})" if c["article"] == "10" else "")
            assert mention in row, f"{r['id']}: {mention} is not a conditional provision in §0.4"


def test_applicability_conditions_follow_the_treaty_triggers(requirements):
    """Art. 9 binds only a State that does not treat deactivated firearms as firearms; art. 15(2) only
    a State with a brokering authorization system."""
    by_id = {r["id"]: r for r in requirements}
    for rid in ("FP-9", "FP-9-offence", "FP-9-a", "FP-9-b"):
        assert by_id[rid]["applies_if"] == {"fact": "deactivation.deactivated_remain_firearms", "is": False}, rid
        assert by_id[rid].get("not_applicable_reason"), rid
    # Art. 9(c) sets the content of a verification: it also needs one (art. 9(b), "where appropriate").
    assert by_id["FP-9-c"]["applies_if"] == {"all": [
        {"fact": "deactivation.deactivated_remain_firearms", "is": False},
        {"fact": "deactivation.verified_by_authority", "is": True}]}
    assert "9(b)" in by_id["FP-9-c"]["not_applicable_reason"]
    assert by_id["FP-15-2"]["applies_if"] == {"fact": "brokering.brokering_licensing", "is": True}
    assert by_id["FP-15-2"].get("not_applicable_reason")
    gated = {r["id"] for r in requirements if "applies_if" in r}
    assert gated == {"FP-9", "FP-9-offence", "FP-9-a", "FP-9-b", "FP-9-c", "FP-15-2"}

"""Report-grade law (issue #11): what a treaty lawyer reading the report must be able to rely on.

Each test is a situation a reviewer of a technical-assistance report would recognise, run through
the CLI as a user runs it: a "met" with no national provision behind it, a State that is not a
Party, evidence and caveats that must reach the reader, definitions that cut the reach of the
obligations, and the ruleset's own wording (public citations, "any one" State, conditions).
"""
from __future__ import annotations

import csv
import io

import pytest

import clirun
from support import ROOT
from test_cli_check import FP, HEADER

from firearms_gap import loader

SOURCES = """\
sources:
  FA: {title: Firearms Act, year: 2020}
"""
# Definitions that do not narrow the obligations, each resting on a provision.
DEFINITIONS = """\
  definitions:
    firearm_defined: {answer: true, provision: {source: FA, at: "s. 1"}}
    firearm_covers_readily_convertible: {answer: true, provision: {source: FA, at: "s. 1(b)"}}
    antique_exemption: {answer: before_1900_only, provision: {source: FA, at: "s. 1(3)"}}
"""
RECORDS_CITED = """\
  records:
    firearm_records_kept: {answer: true, provision: {source: FA, at: "s. 20"}}
    retention_years: {answer: 10, provision: {source: FA, at: "s. 20(4)"}}
"""
RECORDS_UNCITED = """\
  records:
    firearm_records_kept: {answer: true}
    retention_years: {answer: 10}
"""
# Meets art. 7 except that the retention period is five years: a mandatory shortfall.
RECORDS_SHORT = """\
  records:
    firearm_records_kept: {answer: true, provision: {source: FA, at: "s. 20"}}
    retention_years: {answer: 5, provision: {source: FA, at: "s. 20(4)"}}
"""


def run(*args: str):
    if "table" in args:                      # wide enough that no statement is wrapped across lines
        args = (*args, "--width", "400")
    return clirun.run(*args)


pytestmark = pytest.mark.usefixtures("in_repository")  # conftest.py


def result(report: dict, rid: str) -> dict:
    return next(r for r in report["results"] if r["id"] == rid)


# --------------------------------------------------------------------------- 7. "met" needs a provision

def test_a_requirement_met_on_answers_that_cite_no_provision_is_met_uncited_and_fails_the_default(law):
    path = law(HEADER + SOURCES + "answers:\n" + DEFINITIONS + RECORDS_UNCITED)
    out = run("check", path, *FP, "--format", "json")
    report = out.json()
    assert result(report, "FP-7-firearms")["status"] == "met (uncited)"
    assert report["summary"]["by_status"]["met (uncited)"] == 1
    assert report["summary"]["by_section"]["binding"]["met"] == 0      # never counted as met
    assert report["summary"]["failing"] == ["FP-7-firearms"]
    assert out.code == 1


def test_the_same_answers_with_provisions_cited_are_met_and_pass(law):
    out = run("check", law(HEADER + SOURCES + "answers:\n" + DEFINITIONS + RECORDS_CITED), *FP, "--format", "json")
    assert result(out.json(), "FP-7-firearms")["status"] == "met"
    assert out.code == 0


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv", "html"])
def test_met_uncited_is_its_own_word_in_every_format_and_never_green(law, fmt):
    path = law(HEADER + SOURCES + "answers:\n" + DEFINITIONS + RECORDS_UNCITED)
    out = run("check", path, *FP, "--format", fmt)
    assert "met (uncited)" in out.stdout
    assert "not by a cited national provision" in out.stdout
    if fmt == "html":
        row = next(line for line in out.stdout.split("<tr>") if "FP-7-firearms" in line)
        assert "s-uncited" in row and "s-met" not in row


# --------------------------------------------------------------------------- 6. party status

def test_a_state_not_party_gets_a_benchmark_never_a_breach_and_exit_0_by_default(law):
    path = law(HEADER + "not_party_to: [firearms-protocol]\n" + SOURCES + "answers:\n" + DEFINITIONS + RECORDS_SHORT)
    out = run("check", path, *FP, "--format", "json")
    report = out.json()
    assert report["framework"]["party_status"] == "not a party"
    assert result(report, "FP-7-firearms")["status"] == "partial"
    assert result(report, "FP-7-firearms")["binding"] is False
    assert "benchmark" in report["summary"]["section_titles"]["binding"]
    assert report["summary"]["failing"] == []
    assert out.code == 0
    # A benchmark shortfall counts as a voluntary one: from --fail-on recommended.
    strict = run("check", path, *FP, "--format", "json", "--fail-on", "recommended")
    assert strict.code == 1 and "FP-7-firearms" in strict.json()["summary"]["failing"]


@pytest.mark.parametrize("fmt", ["table", "markdown", "html"])
def test_a_state_not_party_is_told_so_in_every_format(law, fmt):
    path = law(HEADER + "not_party_to: [firearms-protocol]\n" + SOURCES + "answers:\n" + DEFINITIONS + RECORDS_SHORT)
    text = " ".join(run("check", path, *FP, "--format", fmt).stdout.split())
    assert "Treaty provisions as a benchmark (this State is not a Party" in text
    assert "binding on States Parties" not in text and "binding on this State" not in text
    assert "Not a Party to the Firearms Protocol" in text


def test_csv_marks_a_non_party_s_obligations_not_binding(law):
    path = law(HEADER + "not_party_to: [firearms-protocol]\n" + SOURCES + "answers:\n" + DEFINITIONS + RECORDS_SHORT)
    rows = list(csv.DictReader(io.StringIO(run("check", path, *FP, "--format", "csv").stdout)))
    row = next(r for r in rows if r["id"] == "FP-7-firearms")
    assert row["binding"] == "no"
    assert row["national_provision_or_missing"].startswith("Benchmark: the State is not a Party to this treaty")


def test_a_comparison_does_not_count_a_non_party_s_benchmarks_as_its_binding_obligations(law, tmp_path):
    body = SOURCES + "answers:\n" + DEFINITIONS + RECORDS_SHORT
    party = law(HEADER + "party_to: [firearms-protocol]\n" + body, "party.yaml")
    other = law(HEADER.replace("XT", "XU") + "not_party_to: [firearms-protocol]\n" + body, "other.yaml")
    out = run("compare", party, other, *FP, "--format", "json")
    summaries = {j["file"]: j["summary"] for j in out.json()["jurisdictions"]}
    assert summaries[party]["binding"]["partial"] == 1 and summaries[party]["failing"] == ["FP-7-firearms"]
    assert summaries[other]["binding"]["partial"] == 0 and summaries[other]["failing"] == []
    assert out.json()["failing"] == [party] and out.code == 1


def test_a_party_and_a_file_that_does_not_say_are_framed_apart(law):
    party = run("check", law(HEADER + "party_to: [firearms-protocol]\n" + SOURCES + "answers:\n" + RECORDS_SHORT),
                *FP, "--format", "markdown")
    assert "## Treaty obligations (binding on this State as a Party" in party.stdout and party.code == 1
    unstated = run("check", law(HEADER + SOURCES + "answers:\n" + RECORDS_SHORT), *FP, "--format", "markdown")
    assert "the file does not state whether this State is a Party" in unstated.stdout and unstated.code == 1


def test_a_state_cannot_be_both_party_and_not_party(law):
    path = law(HEADER + "party_to: [firearms-protocol]\nnot_party_to: [firearms-protocol]\n")
    out = run("check", path, *FP)
    assert out.code == 2 and out.stdout == ""
    assert "law.yaml:7:" in out.stderr and "not_party_to" in out.stderr and "either a Party or not" in out.stderr


# --------------------------------------------------------------------------- 8. evidence and file notes

EVIDENCED = HEADER + SOURCES + """\
notes: Described from the 2020 consolidation; later amendments not checked.
answers:
  records:
    firearm_records_kept:
      answer: true
      provision: {source: FA, at: "s. 20"}
      evidence: Government reply to the 2024 questionnaire, para. 12
      note: Dealers' registers only.
    retention_years: {answer: 5, provision: {source: FA, at: "s. 20(4)"}}
"""


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv", "json", "html"])
def test_evidence_of_an_answer_reaches_the_reader_in_every_format(law, fmt):
    text = " ".join(run("check", law(EVIDENCED), *FP, "--format", fmt).stdout.split())
    assert "Evidence: records.firearm_records_kept: Government reply to the 2024 questionnaire, para. 12" in text


@pytest.mark.parametrize("fmt", ["table", "markdown", "json", "html"])
def test_the_file_s_own_notes_reach_the_reader(law, fmt):
    text = " ".join(run("check", law(EVIDENCED), *FP, "--format", fmt).stdout.split())
    assert "Described from the 2020 consolidation; later amendments not checked." in text


def test_file_notes_and_evidence_reach_the_workbook(law, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    target = tmp_path / "out.xlsx"
    assert run("check", law(EVIDENCED), *FP, "--format", "xlsx", "-o", str(target)).code == 1
    wb = openpyxl.load_workbook(target)
    cells = " ".join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value is not None)
    assert "Government reply to the 2024 questionnaire, para. 12" in cells
    assert "later amendments not checked" in cells


# --------------------------------------------------------------------------- 1. definitions feed obligations

def test_a_narrower_definition_shows_as_a_shortfall_of_the_obligations_it_narrows(law):
    narrow = DEFINITIONS.replace("firearm_covers_readily_convertible: {answer: true",
                                 "firearm_covers_readily_convertible: {answer: false")
    out = run("check", law(HEADER + SOURCES + "answers:\n" + narrow + RECORDS_CITED), *FP, "--format", "json")
    r = result(out.json(), "FP-7-firearms")
    assert r["status"] == "partial"
    assert any("Narrower national definition (art. 3(a))" in m for m in r["missing"])
    assert "FP-7-firearms" in out.json()["summary"]["failing"] and out.code == 1


# Meets art. 10(1) on its own elements; the definitions of firearm and of parts do not narrow it.
LICENSING = """\
    parts_components_defined: {answer: false, provision: {source: FA, at: "s. 1"}}
  transfers:
    licensing_covers: {answer: [export, import, transit], provision: {source: FA, at: "s. 30"}}
    licensing_items: {answer: [firearms, parts_components, ammunition], provision: {source: FA, at: "s. 30(2)"}}
"""


@pytest.mark.parametrize("ammunition,status", [
    # a definition of ammunition without the complete round narrows the licensing system (art. 3(c))
    ("ammunition_defined: {answer: false, provision: {source: FA, at: \"s. 2\"}}\n"
     "    ammunition_term_defined: {answer: true, provision: {source: FA, at: \"s. 2\"}}", "partial"),
    # no definition at all: the ordinary term applies, nothing narrows it
    ("ammunition_defined: {answer: false, provision: {source: FA, at: \"s. 2\"}}\n"
     "    ammunition_term_defined: {answer: false, provision: {source: FA, at: \"s. 2\"}}", "met"),
    # "no complete round" alone cannot tell a narrower definition from none: never a guessed shortfall
    ("ammunition_defined: {answer: false, provision: {source: FA, at: \"s. 2\"}}", "not assessed"),
    ("ammunition_defined: {answer: true, provision: {source: FA, at: \"s. 2\"}}", "met"),
])
def test_a_definition_of_ammunition_without_the_complete_round_narrows_the_obligations_on_ammunition(
        law, ammunition, status):
    answers = "answers:\n" + DEFINITIONS + "    " + ammunition + "\n" + LICENSING
    out = run("check", law(HEADER + SOURCES + answers), *FP, "--format", "json")
    r = result(out.json(), "FP-10-1")
    assert r["status"] == status
    narrowed = [m for m in r["missing"] if "Narrower national definition (art. 3(c))" in m]
    assert bool(narrowed) == (status == "partial")


def test_the_reach_of_ammunition_follows_the_protocol_text():
    """Art. 3(c) cuts the reach of exactly the obligations art. 3(b) cuts: in each the Protocol's words
    are "firearms, their parts and components and ammunition". Art. 3(f) cuts none (FP-3-f says why)."""
    from firearms_gap.rulesets import load_book

    book = load_book(["firearms-protocol"])
    with_parts = {r.id for r in book.requirements for e in r.elements if e.id == "reach-parts"}
    with_ammunition = {r.id for r in book.requirements for e in r.elements if e.id == "reach-ammunition"}
    assert with_ammunition == with_parts
    for r in book.requirements:
        if r.id in with_ammunition:
            assert "ammunition" in r.source_text, r.id
        for e in r.elements:
            assert not (e.reach and e.cites and e.cites.subparagraph == "f"), f"{r.id}/{e.id}"
    tracing = next(r for r in book.requirements if r.id == "FP-3-f")
    assert "Not tied to the reach of any obligation" in tracing.note


def test_no_heading_calls_a_definition_never_a_breach(law):
    text = run("check", law(HEADER + SOURCES + "answers:\n" + DEFINITIONS), *FP, "--format", "markdown").stdout
    assert "no breach if absent" not in text
    assert "definitions fix the reach of the obligations" in text


# --------------------------------------------------------------------------- 3, 4. thresholds of arts. 9(c), 6(2)

def test_art_9_c_is_not_a_default_failure_when_there_is_no_verification(law):
    path = law(HEADER + SOURCES + """\
answers:
  deactivation:
    deactivated_remain_firearms: {answer: false, provision: {source: FA, at: "s. 5"}}
    verified_by_authority: {answer: false, provision: {source: FA, at: "s. 5"}}
""")
    report = run("check", path, *FP, "--format", "json").json()
    assert result(report, "FP-9-c")["status"] == "not applicable"
    assert result(report, "FP-9-b")["status"] == "gap"        # the qualified 'where appropriate' gap
    assert "FP-9-c" not in report["summary"]["failing"]


def test_disposal_without_the_art_6_2_safeguards_fails_the_default_threshold(law):
    path = law(HEADER + SOURCES + """\
answers:
  confiscation:
    seizure_and_destruction: {answer: true, provision: {source: FA, at: "s. 40"}}
    other_disposal: {answer: without_safeguards, provision: {source: FA, at: "s. 41"}}
""")
    out = run("check", path, *FP, "--format", "json")
    assert result(out.json(), "FP-6-2-disposal")["force"] == "mandatory"
    assert out.json()["summary"]["failing"] == ["FP-6-2-disposal"] and out.code == 1


# --------------------------------------------------------------------------- 5, 10. art. 4(2); Convention

def test_a_blanket_exemption_of_state_actors_is_flagged_against_art_4_2(law):
    path = law(HEADER + SOURCES + """\
answers:
  scope:
    state_actor_exemption: {answer: blanket, provision: {source: FA, at: "s. 3"}}
""")
    r = result(run("check", path, *FP, "--format", "json").json(), "FP-4-2")
    assert r["status"] == "gap" and r["citation"] == "Firearms Protocol, art. 4(2)"
    assert "assess the exemption against art. 4(2)" in r["missing"][0]


def test_the_convention_obligations_the_protocol_imports_are_listed_not_silent(law):
    report = run("check", law(HEADER), *FP, "--format", "json").json()
    for rid, article in (("FP-1-2-legal-persons", "UNTOC art. 10"), ("FP-1-2-sanctions", "UNTOC art. 11(1)"),
                         ("FP-1-2-confiscation", "UNTOC art. 12")):
        r = result(report, rid)
        assert article in r["citation"] and "assess under the Convention" in r["title"]
        assert r["status"] == "not assessed" and r["section"] == "treaty-non-binding"


# --------------------------------------------------------------------------- 2, 9. the ruleset's wording

@pytest.fixture(scope="module")
def protocol() -> dict:
    path = ROOT / "rulesets" / "firearms-protocol.yaml"
    return loader.load(path.read_bytes(), str(path)).data


def _strings(node, path=()):
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _strings(v, path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _strings(v, path + (i,))
    elif isinstance(node, str):
        yield path, node


def test_illicit_trafficking_is_any_one_state_concerned_never_every_state(protocol):
    fact = protocol["facts"]["offences.trafficking_without_authorization"]
    assert "any one of the States concerned" in fact["question"]
    assert "only" in fact["help"] and "this State" in fact["help"]
    texts = [t for _, t in _strings(protocol)]
    assert not [t for t in texts if "every State concerned" in t]


def test_what_a_reader_sees_cites_only_public_documents(protocol):
    """The research notes behind the ruleset are never named where a reader sees them; the
    Protocol is cited as GA res. 55/255, annex, with its Treaty Series reference."""
    bad = [(p, t) for p, t in _strings(protocol) if p != ("instrument", "source_file")
           and any(name in t for name in ("protocol-text", "legal-context", ".md", "shared/"))]
    assert bad == []
    adoption = " ".join(protocol["instrument"]["adoption"].split())
    assert "resolution 55/255 of 31 May 2001, annex" in adoption
    assert "Treaty Series, vol. 2326, No. 39574" in adoption

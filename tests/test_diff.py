"""`firearms-gap diff OLD NEW`: a draft against the law in force.

Goldens in tests/golden/diff/ (the fictional Dravenia law and draft in tests/fixtures/batch/diff/,
against the fictional test ruleset). Regenerate after an intended change, and review the diff:

    UPDATE_GOLDEN=1 python -m pytest -q tests/test_diff.py
"""
from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from clirun import run
from frameworks import framework
from test_compare import (
    FORMATS,
    HOSTILE,
    HOSTILE_RULESET,
    ROOT,
    RULESET,
    SCRIPT,
    check_golden,
)

from firearms_gap.diff import compare_reports
from firearms_gap.engine import check
from firearms_gap.rulesets import load_book

LAW = "tests/fixtures/batch/diff/law.yaml"
DRAFT = "tests/fixtures/batch/diff/draft.yaml"
BROKEN = "tests/fixtures/batch/invalid/broken.yaml"
GOLDEN = Path(__file__).resolve().parent / "golden" / "diff"


pytestmark = pytest.mark.usefixtures("in_repository")  # conftest.py


def diff(*args: str, input: bytes | None = None):
    return run("diff", "--ruleset", RULESET, "--width", "120", *args, input=input)


# --------------------------------------------------------------------------- golden outputs

@pytest.mark.parametrize("fmt", FORMATS)
def test_output_matches_golden(fmt):
    result = diff(LAW, DRAFT, "--format", fmt)
    assert result.code == 1, result.stderr           # the draft repeals the licence requirement
    assert result.err == b""
    check_golden(result.out, GOLDEN / f"law-to-draft.{FORMATS[fmt]}")


def test_no_stale_golden_files():
    present = {p.name for p in GOLDEN.iterdir()} if GOLDEN.is_dir() else set()
    assert sorted(present - {f"law-to-draft.{ext}" for ext in FORMATS.values()}) == []


def test_golden_json_says_what_the_draft_changes():
    data = json.loads((GOLDEN / "law-to-draft.json").read_text(encoding="utf-8"))
    s = data["summary"]
    assert s["closed"] == ["TI-2", "TI-3", "TI-4"]
    assert s["opened"] == ["TI-1"]
    assert s["regressions"] == ["TI-1"]
    assert s["no_longer_assessed"] == ["TI-5"]        # an unanswered question is never a gap closed
    assert s["now_adopted"] == ["TI-6"]                # an option: never called a gap closed
    assert s["now_assessed"] == []
    assert "TI-R1" in s["citations_changed"] and "TI-D1" not in s["citations_changed"]
    changes = {c["id"]: c for c in data["changes"]}
    assert changes["TI-R1"]["change"] == "citations changed"
    assert changes["TI-R1"]["national_provisions_removed"] == ["Firearms Control Act 1994, s. 60"]
    assert changes["TI-R1"]["national_provisions_added"] == ["Firearms Control (Amendment) Bill 2026, cl. 14"]
    assert "TI-D1" not in changes                      # gap in both, nothing else changed
    assert data["old"]["file"] == LAW and data["new"]["file"] == DRAFT


# --------------------------------------------------------------------------- exit codes

def test_exit_codes():
    assert diff(LAW, DRAFT).code == 1                 # TI-1 opens (mandatory)
    assert diff(DRAFT, LAW).code == 1                 # TI-2, TI-3, TI-4 reopen
    assert diff(LAW, LAW).code == 0
    assert diff(LAW, DRAFT, "--fail-on", "none").code == 0
    assert diff(LAW, DRAFT, "--force", "qualified").code == 0   # TI-3 closes; nothing opens
    assert diff(LAW, BROKEN).code == 2
    assert diff(LAW).code == 2


def test_same_file_has_no_changes():
    result = diff(LAW, LAW)
    assert "No requirement changes." in result.stdout
    assert json.loads(diff(LAW, LAW, "-f", "json").out)["changes"] == []


def test_errors_of_both_files_are_reported_together(tmp_path):
    other = tmp_path / "other.yaml"
    other.write_text("format: firearms-gap/framework-1\njurisdiction: {name: X, code: xx}\n", encoding="utf-8")
    result = diff(BROKEN, str(other))
    assert result.code == 2 and result.out == b""
    assert f"{BROKEN}:3:37" in result.stderr and f"{other}:2:" in result.stderr
    data = json.loads(diff(BROKEN, str(other), "-f", "json").out)
    assert {e["file"] for e in data["input_errors"]} == {BROKEN, str(other)}
    missing = diff(LAW, "no/such.yaml")
    assert missing.code == 2 and "no/such.yaml: cannot read" in missing.stderr


def test_standard_input_as_one_side():
    law = (ROOT / LAW).read_bytes()
    result = diff("-", DRAFT, "-f", "json", input=law)
    assert result.code == 1
    assert json.loads(result.out)["old"]["file"] == "<stdin>"
    assert diff("-", "-", input=law).code == 2


def test_formats_diff_cannot_write():
    assert diff(LAW, DRAFT, "-f", "xlsx", "-o", "x.xlsx").code == 2      # not a diff format


# --------------------------------------------------------------------------- classification rules

@pytest.fixture(scope="module")
def book():
    return load_book([str(ROOT / RULESET)])


def changes(book, old: dict, new: dict, fail_on="mandatory"):
    d = compare_reports(check(framework(old), book, fail_on=fail_on), check(framework(new), book, fail_on=fail_on))
    return d, {c.requirement.id: c for c in d.changes}


@pytest.mark.parametrize("old,new,kind", [
    ({"testkit.licence_required": False}, {"testkit.licence_required": True}, "closes gap"),
    ({"testkit.licence_required": True}, {"testkit.licence_required": False}, "opens gap"),
    ({}, {"testkit.licence_required": False}, "opens gap"),
    ({"testkit.licence_required": False}, {}, "no longer assessed"),
    ({}, {"testkit.licence_required": True}, "now assessed"),
])
def test_licence_requirement(book, old, new, kind):
    d, by_id = changes(book, old, new)
    assert by_id["TI-1"].change == kind
    assert by_id["TI-1"].regression == (kind == "opens gap")
    assert d.exit_code == (1 if kind == "opens gap" else 0)


def test_narrowed_widened_and_moved_shortfalls(book):
    gap = {"testkit.records_kept": False, "testkit.records_years": 5}
    partial = {"testkit.records_kept": True, "testkit.records_years": 5}
    _, by_id = changes(book, gap, partial)
    assert by_id["TI-2"].change == "narrows gap" and not by_id["TI-2"].regression
    _, by_id = changes(book, partial, gap)
    assert by_id["TI-2"].change == "widens gap" and by_id["TI-2"].regression
    assert by_id["TI-2"].newly_unmet == ("kept",)
    # partial -> partial with another element missing: a regression at the threshold
    a = {"testkit.records_kept": True, "testkit.records_years": 5}
    b = {"testkit.records_kept": False, "testkit.records_years": 12}
    _, by_id = changes(book, a, b)
    assert by_id["TI-2"].change == "missing changed"
    assert by_id["TI-2"].regression and by_id["TI-2"].newly_unmet == ("kept",)


def test_same_partial_other_element(book):
    _, by_id = changes(book, {"testkit.marking_items": ["serial"]}, {"testkit.marking_items": ["maker"]},
                       fail_on="qualified")
    c = by_id["TI-3"]
    assert c.old.status == c.new.status == "partial"
    assert c.change == "missing changed" and c.regression and c.newly_unmet == ("serial",)
    _, by_id = changes(book, {"testkit.marking_items": ["serial"]}, {"testkit.marking_items": ["maker"]})
    assert not by_id["TI-3"].regression                  # qualified is not at --fail-on mandatory


def test_met_and_not_applicable(book):
    old = {"testkit.exports_permitted": True, "testkit.export_licence": True}
    new = {"testkit.exports_permitted": False}
    _, by_id = changes(book, old, new)
    assert by_id["TI-4"].change == "status changed" and not by_id["TI-4"].regression


def test_recommendations_never_make_a_regression_at_the_default_threshold(book):
    d, by_id = changes(book, {"testkit.awareness_campaign": True}, {"testkit.awareness_campaign": False})
    assert by_id["TI-R1"].change == "opens gap" and not by_id["TI-R1"].regression and d.exit_code == 0
    d, by_id = changes(book, {"testkit.awareness_campaign": True}, {"testkit.awareness_campaign": False},
                       fail_on="recommended")
    assert by_id["TI-R1"].regression and d.exit_code == 1


# --------------------------------------------------------------------------- safety and determinism

def test_hostile_text_is_neutralised():
    files = ("--ruleset", HOSTILE_RULESET, *HOSTILE)
    table = run("diff", *files, "--width", "200").stdout
    assert "\x1b" not in table and "[red]x[/red]" in table
    md = run("diff", *files, "-f", "markdown").stdout
    assert SCRIPT not in md and "<iframe" not in md and "&lt;iframe" in md
    assert "\\[link\\](javascript:alert(1))" in md        # no Markdown link can form
    rows = list(csv.reader(io.StringIO(run("diff", *files, "-f", "csv").stdout)))
    assert rows[1][0] == "HX-1"
    assert rows[1][1].startswith("'=HYPERLINK")
    for row in rows:
        for cell in row:
            assert cell[:1] not in ("=", "+", "-", "@"), cell


def test_csv_bom():
    assert diff(LAW, DRAFT, "-f", "csv", "--csv-bom").out.startswith(b"\xef\xbb\xbf")


def test_same_bytes_in_a_fresh_process():
    env = dict(os.environ, PYTHONHASHSEED="3")
    env.pop("SOURCE_DATE_EPOCH", None)
    proc = subprocess.run([sys.executable, "-m", "firearms_gap", "diff", "--ruleset", RULESET, LAW, DRAFT, "-f",
                           "json"], cwd=ROOT, env=env, capture_output=True, timeout=120)
    assert proc.returncode == 1
    assert proc.stdout == (GOLDEN / "law-to-draft.json").read_bytes()


# --------------------------------------------------------------------------- element by element

FIXED_ONE_ELEMENT = ({"testkit.records_kept": False}, {"testkit.records_kept": True})   # ten-years never answered


def test_a_fixed_element_is_reported_even_when_the_requirement_becomes_not_assessed(book):
    d, by_id = changes(book, *FIXED_ONE_ELEMENT)
    c = by_id["TI-2"]
    assert (c.old.status, c.new.status, c.change) == ("partial", "not assessed", "no longer assessed")
    assert c.now_met == ("kept",)
    assert d.summary()["elements_now_met"] == ["TI-2/kept"]
    from firearms_gap.views.diff import DiffView
    view = DiffView(d)
    assert "Elements now met in TI-2 (still not assessed): kept now met (was not met); " \
           "ten-years still not assessed" in view.summary_lines
    assert view.change_lines(c)[:2] == ["kept now met (was not met): Records are kept.",
                                        "ten-years still not assessed; answer: testkit.records_years"]


def test_an_element_fixed_under_an_unchanged_status_is_a_change(book):
    # TI-2 not assessed in both (kept: not assessed -> met; ten-years unanswered throughout).
    d, by_id = changes(book, {}, {"testkit.records_kept": True})
    assert by_id["TI-2"].change == "elements changed"
    assert by_id["TI-2"].now_met == ("kept",)


def _fixed_element_files(tmp_path):
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    head = ("format: firearms-gap/framework-1\njurisdiction: {name: Republic of Dravenia, code: XD, fictional: true}\n"
            "described_as_of: \"2026-01-01\"\nsources:\n  FCA: {title: Firearms Control Act, year: 1994}\n"
            "answers:\n  testkit:\n")
    old.write_text(head + "    records_kept: {answer: false, provision: {source: FCA, at: \"s. 20\"}}\n", encoding="utf-8")
    new.write_text(head + "    records_kept: {answer: true, provision: {source: FCA, at: \"s. 20\"}}\n", encoding="utf-8")
    return str(old), str(new)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_says_the_fixed_element_is_now_met_and_names_both_files(fmt, tmp_path):
    old, new = _fixed_element_files(tmp_path)
    result = diff(old, new, "--format", fmt)
    assert result.code == 0, result.stderr
    text = result.out.decode("utf-8")
    assert "kept now met (was not met)" in text
    assert "ten-years still not assessed" in text
    if fmt == "json":
        data = json.loads(text)
        c = next(c for c in data["changes"] if c["id"] == "TI-2")
        assert {"id": "kept", "old_state": "not met", "new_state": "met"}.items() <= c["elements"][0].items()
        assert data["summary"]["elements_now_met"] == ["TI-2/kept"]
    elif fmt == "csv":
        row = next(r for r in csv.DictReader(io.StringIO(text)) if r["id"] == "TI-2")
        assert row["elements_now_met"] == "kept"
    else:       # the title, however the terminal table wraps it
        assert "".join(f"Changes from OLD ({old}) to NEW ({new})".split()) in "".join(text.split())


def test_at_80_columns_every_change_and_its_element_lines_fit(tmp_path):
    old, new = _fixed_element_files(tmp_path)
    result = run("diff", "--ruleset", RULESET, "--width", "80", old, new)
    text = result.out.decode("utf-8")
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "TI-2: partial -> not assessed (no longer assessed)" in text
    assert "- kept now met (was not met): Records are kept." in text
    assert "- ten-years still not assessed; answer: testkit.records_years" in text


def test_a_definition_the_new_status_does_not_weigh_is_not_reported_as_still_short():
    """FP-8-1-b: the draft meets country-of-import and leaves unique-if-unmarked unanswered, so the
    obligation is not assessed and its reach (does the definition narrow it?) is not weighed, as check
    does not weigh it: the narrower definition is not reported as 'still not met' there."""
    protocol = load_book(["firearms-protocol"])
    law = {"marking.import_marking_country": False, "definitions.firearm_defined": True,
           "definitions.firearm_covers_readily_convertible": False}
    draft = dict(law, **{"marking.import_marking_country": True})
    d, by_id = changes(protocol, law, draft)
    c = by_id["FP-8-1-b"]
    assert (c.old.status, c.new.status) == ("partial", "not assessed")
    assert any("readily converted" in m for m in c.old.missing)        # weighed in OLD
    from firearms_gap.views.diff import DiffView
    lines = DiffView.change_lines(c)
    assert lines[0].startswith("country-of-import now met (was not met): ")
    assert lines[1] == "unique-if-unmarked still not assessed; answer: marking.import_unique_marking_if_unmarked"
    assert not any("reach-convertible" in line for line in lines)
    assert DiffView.elements_text(c) == ("country-of-import now met (was not met); "
                                         "unique-if-unmarked still not assessed")

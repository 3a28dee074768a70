"""The assessment as advisers run it (#14): determinations beside the computed status, the law in
force on a date, and assistance needs. Nothing is hidden: each changes how a row reads, never
removes it."""
from __future__ import annotations

import json

import pytest

from tests.clirun import run

BASE = """\
format: firearms-gap/framework-1
jurisdiction: {name: Testland, code: XT, fictional: true}
described_as_of: "2026-01-01"
party_to: [firearms-protocol]
sources:
  ACT: {title: Test Act, year: 2020}
  OLD: {title: Old Act, year: 1990, repealed: "2021-01-01"}
  BILL: {title: Test Bill, year: 2025, draft: true}
answers:
  marking:
    import_marking_country:
      answer: false
      provision: {source: ACT, at: "s. 1"}
      assistance: {needs: [marking_equipment, other], other: a customs marking bay, note: two ports}
    import_unique_marking_if_unmarked:
      answer: false
      provision: {source: ACT, at: "s. 2"}
"""

DETERMINATION = """\
determinations:
  FP-8-1-b:
    status: met
    justification: Import permits record the serial number and the country of import.
    by: Legal adviser
    date: "2026-02-01"
    expires: "2026-12-31"
"""


def check(tmp_path, text, *args, fmt="json"):
    path = tmp_path / "law.yaml"
    path.write_text(text, encoding="utf-8")
    return run("check", path, "--ruleset", "firearms-protocol", "--format", fmt, *args)


def row(out, rid):
    return next(r for r in json.loads(out.stdout)["results"] if r["id"] == rid)


def test_a_determination_keeps_the_computed_status_and_closes_the_shortfall(tmp_path):
    without = check(tmp_path, BASE)
    assert without.code == 1 and "FP-8-1-b" in json.loads(without.stdout)["summary"]["failing"]
    out = check(tmp_path, BASE + DETERMINATION)
    r = row(out, "FP-8-1-b")
    assert r["status"] == "gap"                      # the computed status stays
    assert r["determination"]["status"] == "met" and r["determination"]["in_effect"] is True
    assert r["summary"][0] == ("Determined met by functionally equivalent measures by Legal adviser, dated 2026-02-01, "
                               "until 2026-12-31: Import permits record the serial number and the country of "
                               "import. (computed: gap)")
    assert "FP-8-1-b" not in json.loads(out.stdout)["summary"]["failing"]
    assert json.loads(out.stdout)["summary"]["by_status"] == json.loads(without.stdout)["summary"]["by_status"]


def test_no_determinations_shows_the_computed_matrix_and_says_so(tmp_path):
    out = check(tmp_path, BASE + DETERMINATION, "--no-determinations")
    assert row(out, "FP-8-1-b")["determination"] is None
    assert out.code == 1
    assert any("--no-determinations" in n for n in json.loads(out.stdout)["framework"]["notices"])


def test_an_expired_determination_is_ignored_with_a_warning(tmp_path):
    out = check(tmp_path, BASE + DETERMINATION, "--as-of", "2027-01-01")
    r = row(out, "FP-8-1-b")
    assert r["determination"]["in_effect"] is False and out.code == 1
    assert r["summary"][0].startswith("Determination ignored: valid only until 2026-12-31")
    assert "warning: Determination on FP-8-1-b ignored: valid only until 2026-12-31" in out.stderr
    assert any("FP-8-1-b ignored" in n for n in json.loads(out.stdout)["framework"]["notices"])
    # the last day it may be relied on still counts
    assert row(check(tmp_path, BASE + DETERMINATION, "--as-of", "2026-12-31"), "FP-8-1-b")["determination"][
        "in_effect"] is True


@pytest.mark.parametrize("text, where, message", [
    (DETERMINATION.replace("FP-8-1-b:", "FP-99:"), ":19:3: determinations.FP-99:", "not a requirement id"),
    (DETERMINATION.replace("Import permits record the serial number and the country of import.", '""'),
     ":21:20: determinations.FP-8-1-b.justification:", "needs its justification"),
    (DETERMINATION.replace('expires: "2026-12-31"', 'expires: "2026-02-30"'),
     ":24:14: determinations.FP-8-1-b.expires:", "not a calendar date"),
])
def test_bad_determinations_are_located_input_errors(tmp_path, text, where, message):
    out = check(tmp_path, BASE + text, fmt="table")
    assert out.code == 2 and out.stdout == ""
    assert where in out.stderr and message in out.stderr


def test_a_missing_justification_is_an_input_error(tmp_path):
    out = check(tmp_path, BASE + DETERMINATION.replace(
        "    justification: Import permits record the serial number and the country of import.\n", ""), fmt="table")
    assert out.code == 2 and "justification" in out.stderr


def test_determinations_show_in_every_text_format(tmp_path):
    for fmt in ("table", "markdown", "csv", "html"):
        out = check(tmp_path, BASE + DETERMINATION, "--width", "400", fmt=fmt)
        assert "Determined met by functionally equivalent measures by Legal adviser" in out.stdout, fmt
        assert fmt == "csv" or "counted apart" in out.stdout, fmt      # CSV has rows only


def test_a_determination_shows_in_the_workbook(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    target = tmp_path / "out.xlsx"
    check(tmp_path, BASE + DETERMINATION, "-o", target, fmt="xlsx")
    cells = [str(c.value) for ws in openpyxl.load_workbook(target) for r in ws.iter_rows() for c in r if c.value]
    assert any(c.startswith("Determined met by functionally equivalent measures") for c in cells)


def test_a_draft_is_never_law_unless_asked(tmp_path):
    text = BASE.replace('provision: {source: ACT, at: "s. 2"}', 'provision: {source: BILL, at: "cl. 2"}')
    r = row(check(tmp_path, text), "FP-8-1-b")
    assert r["status"] == "partial"      # one element found unmet, the other set aside: not a full gap
    assert r["not_in_force"] == ["marking.import_unique_marking_if_unmarked: Test Bill 2025, cl. 2 "
                                 "(a draft, not law (add --include-drafts to count it))"]
    assert row(check(tmp_path, text, "--include-drafts"), "FP-8-1-b")["status"] == "gap"


def test_a_repealed_provision_does_not_count_after_its_repeal(tmp_path):
    text = BASE.replace('provision: {source: ACT, at: "s. 2"}', 'provision: {source: OLD, at: "s. 9"}')
    assert row(check(tmp_path, text), "FP-8-1-b")["not_in_force"] == [
        "marking.import_unique_marking_if_unmarked: Old Act 1990, s. 9 (repealed from 2021-01-01)"]
    before = check(tmp_path, text, "--as-of", "2020-12-31")
    assert row(before, "FP-8-1-b")["status"] == "gap" and row(before, "FP-8-1-b")["not_in_force"] == []
    assert json.loads(before.stdout)["framework"]["as_of"] == "2020-12-31"


def test_a_provision_not_yet_in_force_and_its_own_dates(tmp_path):
    text = BASE.replace('provision: {source: ACT, at: "s. 2"}',
                        'provision: {source: ACT, at: "s. 2", in_force: "2026-06-01"}')
    assert row(check(tmp_path, text), "FP-8-1-b")["not_in_force"] == [
        "marking.import_unique_marking_if_unmarked: Test Act 2020, s. 2 (in force only from 2026-06-01)"]
    assert row(check(tmp_path, text, "--as-of", "2026-06-01"), "FP-8-1-b")["status"] == "gap"


def test_dates_show_in_the_text_formats(tmp_path):
    text = BASE.replace('provision: {source: ACT, at: "s. 2"}', 'provision: {source: OLD, at: "s. 9"}')
    for fmt in ("table", "markdown", "csv", "html"):
        out = check(tmp_path, text, "--width", "400", fmt=fmt)
        assert "Not in force: marking.import_unique_marking_if_unmarked: Old Act 1990, s. 9" in out.stdout, fmt


def test_a_bad_as_of_is_a_usage_error(tmp_path):
    out = check(tmp_path, BASE, "--as-of", "2026-02-30", fmt="table")
    assert out.code == 2 and "--as-of" in out.stderr


def test_needs_lists_what_help_closes_each_gap(tmp_path):
    (tmp_path / "law.yaml").write_text(BASE, encoding="utf-8")
    out = run("needs", tmp_path / "law.yaml", "--ruleset", "firearms-protocol", "--format", "json")
    assert out.code == 0
    needs = json.loads(out.stdout)["needs"]
    assert [n["requirement"] for n in needs] == ["FP-8-1-b"]
    assert needs[0]["needs"] == ["marking_equipment", "other"] and needs[0]["other"] == "a customs marking bay"
    csv = run("needs", tmp_path / "law.yaml", "--ruleset", "firearms-protocol", "--format", "csv").stdout
    assert "FP-8-1-b" in csv and "marking equipment, a customs marking bay" in csv


def test_other_needs_its_text(tmp_path):
    out = check(tmp_path, BASE.replace(" other: a customs marking bay,", ""), fmt="table")
    assert out.code == 2 and "'other' needs its text" in out.stderr


def test_the_questionnaire_refuses_a_provision_date_it_cannot_hold(tmp_path):
    text = BASE.replace('provision: {source: ACT, at: "s. 2"}',
                        'provision: {source: ACT, at: "s. 2", repealed: "2025-01-01"}')
    (tmp_path / "law.yaml").write_text(text, encoding="utf-8")
    out = run("init", "--format", "xlsx", "--from", tmp_path / "law.yaml", "-o", tmp_path / "q.xlsx")
    assert out.code == 2 and "date its source instead" in out.stderr and not (tmp_path / "q.xlsx").exists()


def test_the_questionnaire_carries_determinations_needs_and_source_dates(tmp_path):
    text = BASE + DETERMINATION
    (tmp_path / "law.yaml").write_text(text, encoding="utf-8")
    assert run("init", "--format", "xlsx", "--from", tmp_path / "law.yaml", "-o", tmp_path / "q.xlsx").code == 0
    from_yaml = run("check", tmp_path / "law.yaml", "--ruleset", "firearms-protocol", "-f", "json").stdout
    from_workbook = run("check", tmp_path / "q.xlsx", "--ruleset", "firearms-protocol", "-f", "json").stdout
    assert from_workbook.replace(str(tmp_path / "q.xlsx"), "F") == from_yaml.replace(str(tmp_path / "law.yaml"), "F")
    assert '"in_effect": true' in from_workbook and "a customs marking bay" in from_workbook


def test_diff_compares_one_file_on_two_dates(tmp_path):
    text = BASE.replace('provision: {source: ACT, at: "s. 2"}', 'provision: {source: OLD, at: "s. 9"}')
    path = tmp_path / "law.yaml"
    path.write_text(text, encoding="utf-8")
    out = run("diff", path, path, "--old-as-of", "2020-06-30", "--new-as-of", "2021-06-30", "--ruleset",
              "firearms-protocol", "-f", "json")
    changes = {c["id"]: (c["old_status"], c["new_status"]) for c in json.loads(out.stdout)["changes"]}
    assert changes["FP-8-1-b"] == ("gap", "partial")      # the repeal leaves one element unanswered
    assert "law in force at 2020-06-30" in run("diff", path, path, "--old-as-of", "2020-06-30", "--ruleset",
                                                 "firearms-protocol", "--width", "200").stdout


def test_history_names_regressions_and_counts_each_date(tmp_path):
    earlier = BASE.replace('"2026-01-01"', '"2025-01-01"').replace(
        "import_marking_country:\n      answer: false", "import_marking_country:\n      answer: true")
    (tmp_path / "a.yaml").write_text(earlier, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(BASE + DETERMINATION, encoding="utf-8")
    out = run("history", tmp_path / "a.yaml", tmp_path / "b.yaml", "--ruleset", "firearms-protocol", "-f", "json")
    assert out.code == 1                                   # a regression at --fail-on mandatory
    data = json.loads(out.stdout)
    assert [c["label"] for c in data["columns"]] == ["2025-01-01", "2026-01-01"]
    assert [(g["requirement"], g["old_status"], g["new_status"]) for g in data["regressions"]] == [
        ("FP-8-1-b", "partial", "gap")]
    row = next(r for r in data["requirements"] if r["id"] == "FP-8-1-b")
    assert row["statuses"] == ["partial", "gap (determined met)"]
    assert data["by_section"]["binding"][1]["gap"] == data["by_section"]["binding"][0]["gap"] + 1
    text = run("history", tmp_path / "a.yaml", tmp_path / "b.yaml", "--ruleset", "firearms-protocol",
               "-f", "markdown").stdout
    assert "Regression from 2025-01-01 to 2026-01-01: FP-8-1-b" in text


def test_history_needs_two_files(tmp_path):
    (tmp_path / "a.yaml").write_text(BASE, encoding="utf-8")
    assert run("history", tmp_path / "a.yaml").code == 2


def test_the_executive_summaries_show_a_determined_row_with_its_determination(tmp_path):
    """The HTML and Word executive summaries list the binding rows short as computed; a row the
    assessor determined met stays there (nothing hidden) and says so, with the computed status."""
    from docx import Document

    html = run("check", "examples/aldoria-typical-gaps.yaml", "-f", "html").stdout
    summary = html.split("Executive summary", 1)[1].split("Counts per section", 1)[0]
    row = summary.split("FP-7-firearms", 1)[1].split("</tr>", 1)[0]
    assert "Determined met by functionally equivalent measures" in row and "(computed: partial)" in row
    out = tmp_path / "r.docx"
    run("check", "examples/aldoria-typical-gaps.yaml", "-o", out)
    text = "\n".join(p.text for p in Document(out).paragraphs)
    line = next(x for x in text.splitlines() if "FP-7-firearms" in x or "art. 7" in x and "Determined" in x)
    assert "Determined met" in line, line

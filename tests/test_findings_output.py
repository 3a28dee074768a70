"""What a new user sees first: `check`'s findings list (its default output), its filters, --explain,
the format named by -o's extension, errors that name the valid values, and init --only-missing."""
from __future__ import annotations

import json
import re

import pytest
from clirun import run

ALDORIA = "examples/aldoria-typical-gaps.yaml"
# FP-7-firearms is partial as computed, but the example's assessor determined it met by functionally
# equivalent measures: listed with its determination, no longer failing.
BINDING_SHORTFALLS = ["FP-5-1-a", "FP-5-1-b", "FP-5-1-c", "FP-6-2-disposal", "FP-8-1-a",
                      "FP-8-1-b", "FP-9", "FP-9-a", "FP-10-1", "FP-13-2"]

pytestmark = pytest.mark.usefixtures("in_repository")  # conftest.py


def entries(text: str) -> list[tuple[str, str]]:
    """(status, id) of each entry of a findings list."""
    return re.findall(r"^  (gap|partial|not adopted|met \(uncited\)|met|not assessed|not applicable) +(\S+)  ",
                      text, re.M)


@pytest.fixture(scope="module")
def aldoria():
    return run("check", ALDORIA, "--width", "80")


def test_the_default_output_is_the_findings_list_binding_shortfalls_first(aldoria):
    assert aldoria.code == 1
    text = aldoria.stdout
    assert text.startswith("Gap matrix: Republic of Aldoria (XA) [fictional], law as of 2026-01-01\n"
                           "Party to the Firearms Protocol: its obligations bind this State.\nRulesets: ")
    found = entries(text)
    assert {s for s, _ in found} == {"gap", "partial", "not adopted", "met (uncited)"}
    ids = [i for _, i in found]
    # Binding obligations come first, then definitions and options, then soft law.
    assert ids.index("FP-6-2-disposal") < ids.index("FP-3-a") < ids.index("WG24-17")
    assert text.index("Treaty obligations (binding):") < text.index("Treaty definitions and options:") \
        < text.index("Recommendations and other soft law:")
    # Every binding shortfall is on one entry, with its citation and the thing missing.
    assert ("  gap            FP-8-1-b  mandatory  Firearms Protocol, art. 8(1)(b)\n"
            "    Imported firearms need not be marked with the country of import.") in text


def test_the_summary_names_the_failing_requirements_and_what_was_not_assessed(aldoria):
    text = " ".join(aldoria.stdout.split())
    assert ("Threshold --fail-on mandatory: 10 requirement(s) with a shortfall (exit 1): "
            + ", ".join(BINDING_SHORTFALLS) + ".") in text
    assert re.search(r"\d+ requirements not assessed .* firearms-gap init --only-missing "
                     r"examples/aldoria-typical-gaps\.yaml lists the questions to answer\.", text)


def test_it_is_far_shorter_than_the_matrix_and_fits_80_columns_without_splitting_a_word(aldoria):
    lines = aldoria.stdout.splitlines()
    table = run("check", ALDORIA, "--width", "80", "-f", "table").stdout.splitlines()
    assert len(lines) * 10 < len(table)
    assert max(map(len, lines)) <= 80
    # No word is cut: every word of every finding's sentence is whole in the text.
    words = set(" ".join(lines).split())
    assert {"manufacturing", "deactivation", "inoperable", "mandatory", "conditional"} <= words


def test_columns_is_honoured_when_piped(monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")
    lines = run("check", ALDORIA).stdout.splitlines()
    assert max(map(len, lines)) <= 60 and max(map(len, lines)) > 50
    monkeypatch.delenv("COLUMNS")
    assert max(map(len, run("check", ALDORIA).stdout.splitlines())) <= 80


def test_status_words_always_colour_only_on_request(monkeypatch):
    plain = run("check", ALDORIA).stdout
    assert "\x1b" not in plain and "  gap  " in plain
    coloured = run("check", ALDORIA, "--color").stdout
    assert "\x1b[1;31mgap\x1b[0m" in coloured
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b" not in run("check", ALDORIA).stdout


def test_status_and_show_filters():
    only_gaps = run("check", ALDORIA, "--status", "gap")
    assert {s for s, _ in entries(only_gaps.stdout)} == {"gap"}
    assert only_gaps.code == 1                      # the exit status still weighs every requirement
    two = run("check", ALDORIA, "--status", "gap,not adopted", "--status", "gap")
    assert {s for s, _ in entries(two.stdout)} == {"gap", "not adopted"}
    every = run("check", ALDORIA, "--show", "all", "--width", "100")
    statuses = [s for s, _ in entries(every.stdout)]
    assert {"met", "not assessed", "gap"} <= set(statuses)
    assert len(statuses) == len(json.loads(run("check", ALDORIA, "-f", "json").stdout)["results"])
    assert "init --only-missing" not in every.stdout      # the not-assessed ones are listed already


def test_a_bad_status_is_refused_with_a_suggestion():
    r = run("check", ALDORIA, "--status", "gaps")
    assert r.code == 2
    assert "unknown status 'gaps'; did you mean 'gap'?" in r.stderr
    assert "not applicable" in r.stderr
    r = run("check", ALDORIA, "--status", "gap", "-f", "table")
    assert r.code == 2 and "--format table shows every requirement" in r.stderr


def test_explain_shows_one_requirement_in_full():
    r = run("check", ALDORIA, "--explain", "FP-7-firearms", "--width", "80")
    assert r.code == 1
    text = r.stdout
    assert text.startswith("FP-7-firearms: ")
    assert "Element ten-years (Firearms Protocol, art. 7, chapeau): not met" in text
    assert "records.retention_years = 5" in text and "per Arms and Firearms Act 2009, s. 20(4)" in text
    assert "Met when: records.retention_years is at least 10" in text
    assert "The source's words:" in text and "for not less than ten years" in text
    assert max(map(len, text.splitlines())) <= 80


def test_explain_of_an_unknown_id_suggests_the_nearest():
    r = run("check", ALDORIA, "--explain", "FP-7-firearm")
    assert r.code == 2 and r.stdout == ""
    assert "--explain: no requirement 'FP-7-firearm' among those checked; did you mean 'FP-7-firearms'" in r.stderr


@pytest.mark.parametrize("name,starts", [("report.json", "{"), ("report.md", "# Gap matrix"),
                                         ("report.csv", "id,requirement,"), ("report.html", "<!DOCTYPE html>"),
                                         ("report.txt", "Gap matrix")])
def test_the_output_file_extension_picks_the_format(tmp_path, name, starts):
    target = tmp_path / name
    r = run("check", ALDORIA, "-o", target)
    assert r.code == 1, r.stderr
    assert target.read_text(encoding="utf-8-sig").startswith(starts)


def test_a_format_that_contradicts_the_extension_is_refused_and_nothing_is_written(tmp_path):
    target = tmp_path / "report.html"
    r = run("check", ALDORIA, "--format", "json", "-o", target)
    assert r.code == 2
    assert "--format json does not match -o" in r.stderr and "(a html file)" in r.stderr
    assert not target.exists()
    r = run("diff", ALDORIA, ALDORIA, "-o", tmp_path / "changes.xlsx")
    assert r.code == 2 and "a diff has no workbook" in r.stderr


def test_unknown_theme_suggests_and_lists_every_theme_untruncated():
    r = run("check", ALDORIA, "--theme", "record")
    assert r.code == 2
    line = r.stderr.strip()
    assert line.startswith("--theme: unknown theme 'record'; did you mean 'records'? (themes: brokering, ")
    assert line.endswith(", transfers)") and "…" not in line and len(line) > 300


def test_findings_is_check_only():
    r = run("compare", ALDORIA, "--format", "findings")
    assert r.code == 2


def test_the_table_never_squeezes_the_legal_force_column():
    for width in ("80", "100", "120", "160"):
        text = run("check", ALDORIA, "--width", width, "-f", "table").stdout
        assert "│ mandatory " in text, width
        # No cell holds a piece of a legal force: 'manda' / 'tory', 'L' / 'e' / 'g'...
        assert not re.search(r"│ (m|ma|man|mand|manda|mandat|mandato|mandator|Legal|L) +│", text), width
        assert "Legal force" in text, width


def test_init_only_missing_lists_only_the_unanswered_questions(tmp_path):
    r = run("init", "--only-missing", ALDORIA)
    assert r.code == 0, r.stderr
    text = r.stdout
    assert "leaves unanswered" in text and 'name: "Republic of Aldoria"' in text
    assert "# retention_years:" not in text           # Aldoria answers it
    full = run("init").stdout
    assert "# retention_years:" in full
    asked = len(re.findall(r"^    # \w+:$", full, re.M))
    missing = len(re.findall(r"^    # \w+:$", text, re.M))
    answered = sum(len(group) for group in __import__("yaml").safe_load(
        open(ALDORIA, encoding="utf-8"))["answers"].values())
    assert missing == asked - answered
    template = tmp_path / "missing.yaml"
    template.write_text(text, encoding="utf-8")
    assert run("validate", template).code == 0      # valid as written, like init's template


def test_the_readme_shows_the_real_output(monkeypatch):
    """README's capture near the top is what the command prints at 80 columns, byte for byte."""
    from support import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    marker = "<!-- capture: COLUMNS=80 firearms-gap "
    block = readme.split(marker, 1)[1]
    args = block.split(" -->", 1)[0].split()
    shown = block.split("```console\n", 1)[1].split("```", 1)[0]
    prompt, _, output = shown.partition("\n")
    assert prompt == "$ firearms-gap " + " ".join(args)
    monkeypatch.setenv("COLUMNS", "80")
    assert output == run(*args).stdout


def test_a_determined_row_shows_its_determination_first_and_keeps_its_computed_status(aldoria):
    """Issue 14: the findings list hides nothing - the determined row stays, with the computed status
    in its status column and the assessor's determination as its sentence."""
    text = " ".join(aldoria.stdout.split())
    assert "partial FP-7-firearms mandatory" in text
    assert re.search(r"FP-7-firearms .*? Determined met by functionally equivalent measures by .*?\(computed: partial\)",
                     text)


def test_no_control_or_bidi_character_from_data_reaches_a_statement():
    from firearms_gap.findings import statements
    from firearms_gap.result import RequirementResult

    row = RequirementResult(id="FP-7", title="t", ruleset="r", citation="c", force="mandatory", theme="records",
                            kind="legislative", status="met", provisions=("Act \u202e1, s. 2", "Act, s.\x1b[2J 3"),
                            unverified=("records.kept: ok\u2066",))
    lines = statements(row)
    assert lines == ["Met by: Act \ufffd1, s. 2; Act, s.\ufffd[2J 3", "Unverified: records.kept: ok\ufffd"]
    plain = row._replace(provisions=("Act, s. 2",), unverified=())
    assert statements(plain) == ["Met by: Act, s. 2"]

"""`firearms-gap check` as a user meets it: exit codes, messages, output files and output safety.

Exit codes (documented in `firearms-gap check --help`): 0 nothing failing at the --fail-on
threshold, 1 gaps, 2 usage or input error, 3 internal error. The tests call `cli.main` (which maps
errors to those codes) inside click's CliRunner isolation, so stdout and stderr are captured
separately and standard input can be fed.
"""
from __future__ import annotations

import csv
import io
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from clirun import run
from support import ROOT

ALDORIA = "examples/aldoria-typical-gaps.yaml"
BOREALIA = "examples/borealia-near-complete.yaml"
# The Protocol ruleset only: these tests are about the command, not about the other rulesets.
FP = ("--ruleset", "firearms-protocol")

HEADER = """\
format: firearms-gap/framework-1
jurisdiction:
  name: Testland
  code: XT
  fictional: true
"""

# Meets everything it answers: the rest is "not assessed", never a gap, so exit 0.
TINY_MET = HEADER + """\
sources:
  FA: {title: Firearms Act, year: 2020}
answers:
  definitions:
    ammunition_defined: {answer: true, provision: {source: FA, at: "s. 2"}}
    tracing_defined: {answer: true, provision: {source: FA, at: "s. 3"}}
    firearm_defined: {answer: true, provision: {source: FA, at: "s. 1"}}
"""

TINY_GAP = HEADER + """\
answers:
  records:
    firearm_records_kept: {answer: true}
    retention_years: {answer: 5}
"""


pytestmark = pytest.mark.usefixtures("in_repository")  # conftest.py


# --------------------------------------------------------------------------- exit 0 and 1

def test_exit_0_when_everything_answered_is_met(law):
    r = run("check", law(TINY_MET), *FP, "--width", "400", "-f", "table")
    assert r.code == 0, r.stderr
    assert "Gap matrix: Testland (XT) [fictional]" in r.stdout
    assert "Met by: Firearms Act 2020, s. 2" in r.stdout
    assert r.stderr == ""
    statuses = {x["id"]: x["status"] for x in json.loads(run("check", law(TINY_MET), *FP, "-f", "json").stdout)["results"]}
    assert statuses["FP-3-c"] == statuses["FP-3-f"] == "met"
    assert statuses["FP-3-a"] == "not assessed"         # partly answered: never a gap
    assert not {"gap", "partial"} & set(statuses.values())


def test_exit_0_for_a_near_complete_framework_whose_shortfalls_are_not_mandatory():
    r = run("check", BOREALIA, *FP, "--format", "json")
    assert r.code == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["summary"]["failing"] == []
    assert {x["id"] for x in data["results"] if x["status"] == "partial"} == {"FP-11-a", "FP-15-2"}


def test_exit_0_with_fail_on_none_even_with_gaps():
    r = run("check", *FP, ALDORIA, "--fail-on", "none")
    assert r.code == 0, r.stderr
    assert "gap" in r.stdout


def test_exit_1_when_a_mandatory_requirement_has_a_gap():
    r = run("check", *FP, ALDORIA)
    assert r.code == 1, r.stderr
    assert "Threshold --fail-on mandatory:" in r.stdout
    assert r.stderr == ""


def test_exit_1_names_the_failing_requirements_in_json(law):
    r = run("check", law(TINY_GAP), *FP, "-f", "json")
    assert r.code == 1
    assert json.loads(r.stdout)["summary"]["failing"] == ["FP-7-firearms"]


def test_fail_on_raises_and_lowers_the_threshold():
    # Borealia's two shortfalls are qualified (art. 11(a)) and hortatory (art. 15(2)).
    assert run("check", BOREALIA, *FP, "--fail-on", "qualified").code == 1
    assert run("check", BOREALIA, *FP, "--fail-on", "mandatory").code == 0


# --------------------------------------------------------------------------- exit 2: input and usage errors

def test_missing_file_exits_2_with_a_message_and_no_output():
    r = run("check", *FP, "no-such-law.yaml")
    assert r.code == 2
    assert r.stderr.strip() == "no-such-law.yaml: cannot read: No such file or directory"
    assert r.stdout == ""


def test_a_directory_is_not_a_framework_file(tmp_path):
    r = run("check", *FP, str(tmp_path))
    assert r.code == 2
    assert "is a directory" in r.stderr


def test_invalid_yaml_exits_2_with_line_and_column(law):
    path = law(HEADER + "answers: [1, 2\n")
    r = run("check", *FP, path)
    assert r.code == 2
    assert r.stderr.startswith(f"{path}:7:1: invalid YAML: ")
    assert "Traceback" not in r.stderr
    assert r.stdout == ""


def test_schema_invalid_file_exits_2_with_every_problem_located(law):
    path = law(HEADER.replace("XT", "xt") + "answers:\n  records:\n    retention_years: {answer: five}\n"
               "    firearm_records_kep: {answer: true}\n")
    r = run("check", *FP, path)
    assert r.code == 2
    lines = r.stderr.splitlines()
    assert lines[0].startswith(f"{path}:4:9: jurisdiction.code: 'xt': ")
    assert lines[1] == f"{path}:8:31: answers.records.retention_years.answer: expected a number, got 'five' [type]"
    assert lines[2].startswith(f"{path}:9:5: answers.records: unknown key 'firearm_records_kep'; "
                               "did you mean 'firearm_records_kept'?")
    assert len(lines) == 3
    assert r.stdout == ""       # nothing is evaluated on data that failed validation


def test_yes_instead_of_true_gets_a_hint(law):
    r = run("check", *FP, law(HEADER + "answers:\n  records:\n    firearm_records_kept: {answer: yes}\n"))
    assert r.code == 2
    assert ":8:" in r.stderr and "write true or false, not 'yes'" in r.stderr


def test_unknown_format_exits_2():
    r = run("check", *FP, ALDORIA, "--format", "xml")
    assert r.code == 2
    assert "'xml' is not one of" in r.stderr
    assert r.stdout == ""


def test_unknown_fail_on_exits_2():
    r = run("check", *FP, ALDORIA, "--fail-on", "sometimes")
    assert r.code == 2
    assert r.stderr.strip() == ("--fail-on: unknown threshold 'sometimes' "
                                "(thresholds: mandatory, qualified, definitional, optional, recommended, any, none)")


def test_unknown_theme_exits_2_listing_the_themes():
    r = run("check", *FP, ALDORIA, "--theme", "astrology")
    assert r.code == 2
    assert r.stderr.startswith("--theme: unknown theme 'astrology' (themes: ")
    assert "records" in r.stderr


def test_unknown_force_exits_2():
    r = run("check", *FP, ALDORIA, "--force", "binding-ish")
    assert r.code == 2
    assert "--force: unknown legal force 'binding-ish'" in r.stderr


def test_unknown_ruleset_name_exits_2():
    r = run("check", ALDORIA, "--ruleset", "firearms-protocl")
    assert r.code == 2
    assert r.stderr.startswith("firearms-protocl: no bundled ruleset of that name (bundled: ")
    assert "firearms-protocol" in r.stderr


def test_unknown_option_exits_2():
    r = run("check", *FP, ALDORIA, "--colour")
    assert r.code == 2
    assert "No such option" in r.stderr


# --------------------------------------------------------------------------- exit 3: internal errors

@pytest.fixture
def broken_table(monkeypatch):
    from firearms_gap.render.formats import findings, table

    def explode(*args, **kwargs):
        raise ZeroDivisionError("renderer bug")
    monkeypatch.setattr(table, "render_check", explode)
    monkeypatch.setattr(findings, "render_check", explode)      # check's default format


def test_internal_error_exits_3_without_a_traceback(broken_table):
    r = run("check", *FP, ALDORIA)
    assert r.code == 3
    assert "firearms-gap: internal error: ZeroDivisionError: renderer bug" in r.stderr
    assert "This is a bug" in r.stderr
    assert "Traceback" not in r.stderr
    assert r.stdout == ""


def test_internal_error_shows_the_traceback_when_debugging(broken_table, monkeypatch):
    monkeypatch.setenv("FIREARMS_GAP_DEBUG", "1")
    r = run("check", *FP, ALDORIA)
    assert r.code == 3
    assert "Traceback" in r.stderr


# --------------------------------------------------------------------------- -o FILE is all or nothing

def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.startswith(".firearms-gap-"))


def test_output_file_keeps_its_old_content_when_the_renderer_fails(tmp_path, broken_table):
    report = tmp_path / "report.txt"
    report.write_text("the previous report\n", encoding="utf-8")
    r = run("check", *FP, ALDORIA, "-o", str(report))
    assert r.code == 3
    assert report.read_text(encoding="utf-8") == "the previous report\n"
    assert leftovers(tmp_path) == []


def test_output_file_keeps_its_old_content_when_writing_fails_midway(tmp_path, monkeypatch):
    from firearms_gap import output

    report = tmp_path / "report.md"
    report.write_text("the previous report\n", encoding="utf-8")

    def disk_full(fd):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(output.os, "fsync", disk_full)
    r = run("check", *FP, ALDORIA, "-f", "markdown", "-o", str(report))
    assert r.code == 2
    assert "cannot write output: No space left on device" in r.stderr
    assert report.read_text(encoding="utf-8") == "the previous report\n"
    assert leftovers(tmp_path) == []


def test_output_file_gets_the_whole_report_on_success(tmp_path):
    report = tmp_path / "report.md"
    report.write_text("the previous report\n", encoding="utf-8")
    r = run("check", *FP, ALDORIA, "-f", "markdown", "-o", str(report))
    assert r.code == 1
    assert r.stdout == ""
    assert report.read_text(encoding="utf-8") == run("check", *FP, ALDORIA, "-f", "markdown").stdout
    assert leftovers(tmp_path) == []
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(report.stat().st_mode) == 0o666 & ~umask


def test_output_dash_means_stdout():
    r = run("check", *FP, ALDORIA, "-f", "csv", "-o", "-")
    assert r.stdout.startswith("id,requirement,")


# --------------------------------------------------------------------------- standard input

def test_stdin_dash_reads_the_framework(law):
    r = run("check", "-", *FP, "-f", "json", input=TINY_GAP.encode())
    assert r.code == 1
    assert json.loads(r.stdout)["framework"]["file"] == "<stdin>"


def test_stdin_errors_are_located_as_stdin():
    r = run("check", *FP, "-", input=(HEADER + "answers:\n  records:\n    retention_years: {answer: -1}\n").encode())
    assert r.code == 2
    assert r.stderr.startswith("<stdin>:8:31: answers.records.retention_years.answer: ")


def test_invalid_yaml_on_stdin_is_located_as_stdin():
    r = run("check", *FP, "-", input=b"a: [1, 2\n")
    assert r.code == 2
    assert r.stderr.startswith("<stdin>:2:1: invalid YAML:")


# --------------------------------------------------------------------------- JSON errors for scripts

def test_json_format_puts_input_errors_on_stdout(law):
    path = law(HEADER + "answers:\n  records:\n    retention_years: {answer: five}\n")
    r = run("check", *FP, path, "-f", "json")
    assert r.code == 2
    data = json.loads(r.stdout)
    assert data == {"output_schema_version": "1", "kind": "check", "input_errors": [{
        "file": path, "line": 8, "column": 31, "path": "answers.records.retention_years.answer",
        "message": "expected a number, got 'five'", "keyword": "type"}]}
    assert f"{path}:8:31:" in r.stderr          # people still read stderr


def test_json_format_reports_an_unreadable_file_as_json_too():
    r = run("check", *FP, "no-such-law.yaml", "-f", "json")
    assert r.code == 2
    assert json.loads(r.stdout)["input_errors"][0]["message"] == "cannot read: No such file or directory"


def test_table_format_never_puts_input_errors_on_stdout(law):
    r = run("check", *FP, law(HEADER + "answers:\n  records:\n    retention_years: {answer: five}\n"))
    assert r.code == 2 and r.stdout == ""


# --------------------------------------------------------------------------- terminal safety

def test_no_ansi_escapes_when_not_a_terminal():
    r = run("check", *FP, ALDORIA)
    assert "\x1b" not in r.stdout and "\x1b" not in r.stderr


def test_color_can_be_forced():
    assert "\x1b[" in run("check", *FP, ALDORIA, "--color").stdout


def test_color_flag_overrides_no_color_and_no_color_flag_disables_it(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")         # no-color.org: a command-line flag overrides NO_COLOR
    assert "\x1b[" in run("check", *FP, ALDORIA, "--color").stdout
    assert "\x1b" not in run("check", *FP, ALDORIA, "--no-color").stdout


MARKUP_LAW = HEADER.replace("name: Testland", "name: \"[red]Testland[/red]\"") + """\
sources:
  DEC: {title: "Decree [/2019]"}
  LAW: {title: "Law [b]2019[/b]", year: 2019}
answers:
  definitions:
    tracing_defined: {answer: true, provision: {source: DEC, at: "art. [i]1[/i]"}}
    ammunition_defined: {answer: true, provision: {source: LAW, at: "s. 2"}}
"""


def test_rich_markup_in_data_is_shown_literally_in_the_table(law):
    r = run("check", law(MARKUP_LAW), *FP, "--width", "400", "-f", "table")
    assert r.code == 0, r.stderr
    assert "Gap matrix: [red]Testland[/red] (XT)" in r.stdout
    assert "Decree [/2019], art. [i]1[/i]" in r.stdout
    assert "Law [b]2019[/b], s. 2" in r.stdout
    assert "MarkupError" not in r.stderr


def test_markdown_escapes_pipes_and_angle_brackets(law):
    text = MARKUP_LAW.replace('"Decree [/2019]"', '"Act 5|6 <script>alert(1)</script>"')
    r = run("check", law(text), *FP, "-f", "markdown")
    assert r.code == 0, r.stderr
    assert "Act 5\\|6 &lt;script&gt;alert(1)&lt;/script&gt;" in r.stdout
    assert "<script>" not in r.stdout
    table_rows = [line for line in r.stdout.splitlines() if line.startswith("| FP-")]
    assert table_rows and all(line.count(" | ") == 5 for line in table_rows)   # six cells, never more


FORMULA_RULESET = """\
ruleset: formula-test
version: "0.0.1"
title: A custom ruleset whose titles look like spreadsheet formulas
instrument: {name: Test instrument, full_title: Test instrument, nature: test, cite_as: "Test, art. N"}
facts: {}
requirements:
  - id: T-1
    title: '=HYPERLINK("http://example.invalid","click")'
    citation: {article: "1"}
    force: mandatory
    theme: definitions
    kind: legislative
    elements:
      - {id: defined, requires: A definition., when: {fact: definitions.firearm_defined, is: true}, gap: None.}
  - id: T-2
    title: "+1+2"
    citation: {article: "2"}
    force: recommended
    theme: definitions
    kind: legislative
    elements:
      - {id: defined, requires: A definition., when: {fact: definitions.firearm_defined, is: true}, gap: None.}
  - id: T-3
    title: "@SUM(A1:A2)"
    citation: {article: "3"}
    force: recommended
    theme: definitions
    kind: legislative
    elements:
      - {id: defined, requires: A definition., when: {fact: definitions.firearm_defined, is: true}, gap: None.}
"""


def test_csv_cells_that_look_like_formulas_are_neutralised(law):
    rules = law(FORMULA_RULESET, "formula.yaml")
    r = run("check", law(TINY_MET), "--ruleset", rules, "-f", "csv")
    assert r.code == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO(r.stdout, newline="")))
    assert [row["requirement"] for row in rows] == [
        "'=HYPERLINK(\"http://example.invalid\",\"click\")", "'+1+2", "'@SUM(A1:A2)"]
    assert r.stdout.endswith("\r\n")


# --------------------------------------------------------------------------- a real process

def test_the_console_entry_point_runs_as_a_module():
    proc = subprocess.run([sys.executable, "-m", "firearms_gap", "check", ALDORIA, *FP, "-f", "json"],
                          cwd=ROOT, capture_output=True, timeout=120)
    assert proc.returncode == 1, proc.stderr.decode()
    assert json.loads(proc.stdout)["framework"]["jurisdiction"]["code"] == "XA"
    assert proc.stderr == b""


def test_help_documents_the_exit_codes():
    r = run("check", "--help")
    assert r.code == 0
    for line in ("0    no shortfall", "1    a gap, partial, not adopted or met (uncited) result",
                 "2    usage or input error", "3    internal error", "130  interrupted"):
        assert line in r.stdout


def test_max_bytes_lowers_and_raises_the_size_limit(tmp_path):
    """IN-6: --max-bytes applies to files and standard input; without it the limit is 5 MiB."""
    import subprocess
    import sys

    example = ROOT / "examples" / "aldoria-typical-gaps.yaml"
    size = example.stat().st_size
    low = subprocess.run([sys.executable, "-m", "firearms_gap", "--max-bytes", str(size - 1), "check", str(example)],
                         capture_output=True, text=True)
    assert low.returncode == 2
    assert f"file is more than {size - 1:,} bytes, the limit (raise it with --max-bytes)" in low.stderr
    ok = subprocess.run([sys.executable, "-m", "firearms_gap", "--max-bytes", str(size), "check", "-"],
                        input=example.read_text(encoding="utf-8"), capture_output=True, text=True)
    assert ok.returncode == 1 and "Traceback" not in ok.stderr

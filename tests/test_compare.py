"""`firearms-gap compare`: many jurisdictions against the same rulesets, as a user meets it.

Golden outputs (tests/golden/compare/) come from the fictional fixtures in tests/fixtures/batch/,
checked against the fictional test ruleset tests/fixtures/batch/ruleset/test-ruleset.yaml, so that
work on the bundled rulesets and examples never churns them. Regenerate after an intended change,
and review the diff:

    UPDATE_GOLDEN=1 python -m pytest -q tests/test_compare.py tests/test_diff.py
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from clirun import Run, run
from support import ROOT

FIXTURES = "tests/fixtures/batch"
RULESET = f"{FIXTURES}/ruleset/test-ruleset.yaml"
HOSTILE_RULESET = f"{FIXTURES}/ruleset/hostile-ruleset.yaml"
XA, XB, XC = (f"{FIXTURES}/xa-aldoria.yaml", f"{FIXTURES}/xb-borealia.yaml", f"{FIXTURES}/xc-cordania.yaml")
BROKEN = f"{FIXTURES}/invalid/broken.yaml"
HOSTILE = (f"{FIXTURES}/hostile/xh-hostile.yaml", f"{FIXTURES}/hostile/xh-hostile-draft.yaml")
GOLDEN = Path(__file__).resolve().parent / "golden" / "compare"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
FORMATS = {"table": "txt", "markdown": "md", "csv": "csv", "json": "json", "html": "html"}

# The payloads planted in the hostile fixtures, and what must never come out raw.
SCRIPT = "<script>alert(1)</script>"


pytestmark = pytest.mark.usefixtures("in_repository")  # conftest.py


def compare(*args: str) -> Run:
    return run("compare", "--ruleset", RULESET, "--width", "120", *args)


def check_golden(out: bytes, path: Path) -> None:
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(out)
    assert path.exists(), f"no golden file {path.name}: run UPDATE_GOLDEN=1 python -m pytest {Path(__file__).name}"
    expected = path.read_bytes()
    if out != expected:
        lines, wanted = out.splitlines(), expected.splitlines()
        i = next((n for n, (a, b) in enumerate(zip(lines, wanted)) if a != b), min(len(lines), len(wanted)))
        pytest.fail(f"output differs from {path.relative_to(ROOT)} at line {i + 1}:\n"
                    f"got:      {lines[i] if i < len(lines) else b'(end)'!r}\n"
                    f"expected: {wanted[i] if i < len(wanted) else b'(end)'!r}\n"
                    "If the change is intended: UPDATE_GOLDEN=1 python -m pytest tests/test_compare.py")


# --------------------------------------------------------------------------- golden outputs

@pytest.mark.parametrize("fmt", FORMATS)
def test_output_matches_golden(fmt):
    result = compare(f"{FIXTURES}/", "--format", fmt)
    assert result.code == 1, result.stderr          # XA and XC have binding gaps
    assert result.err == b""
    check_golden(result.out, GOLDEN / f"fixtures.{FORMATS[fmt]}")


def test_no_stale_golden_files():
    present = {p.name for p in GOLDEN.iterdir()} if GOLDEN.is_dir() else set()
    assert sorted(present - {f"fixtures.{ext}" for ext in FORMATS.values()}) == []


def test_golden_json_shows_what_the_fixtures_are_meant_to_show():
    data = json.loads((GOLDEN / "fixtures.json").read_text(encoding="utf-8"))
    assert [j["column"] for j in data["jurisdictions"]] == ["XA", "XB", "XC"]
    rows = {r["id"]: r for r in data["requirements"]}
    cells = {rid: [c["status"] for c in r["cells"]] for rid, r in rows.items()}
    assert cells["TI-1"] == ["met", "met", "gap"]
    assert cells["TI-2"] == ["partial", "met", "partial"]
    assert cells["TI-4"] == ["gap", "not applicable", "not assessed"]
    assert rows["TI-1"]["counts"] == {"met": 2, "met (uncited)": 0, "partial": 0, "gap": 1, "not adopted": 0,
                                      "not assessed": 0, "not applicable": 0}
    # An option: never "gap". XB answers it without citing a provision: "met (uncited)", not "met".
    assert cells["TI-6"] == ["not adopted", "met (uncited)", "not assessed"]
    assert rows["TI-6"]["counts"]["gap"] == 0 and rows["TI-6"]["counts"]["not adopted"] == 1
    for r in data["requirements"]:
        assert sum(r["counts"].values()) == 3
    assert data["failing"] == [XA, XC]
    assert data["complete"] is True and data["input_errors"] == []
    xb = data["jurisdictions"][1]["summary"]
    assert xb["binding"] == {"met": 3, "met (uncited)": 0, "partial": 0, "gap": 0, "not adopted": 0,
                             "not assessed": 0, "not applicable": 1}
    assert set(xb["by_section"]) == {"binding", "treaty-non-binding", "soft-law"}
    assert xb["by_theme"]["prevention"]["met"] == 1 and xb["by_theme"]["prevention"]["met (uncited)"] == 1


# --------------------------------------------------------------------------- which files, in which order

def test_order_of_the_files_does_not_change_the_output():
    outs = {compare(*files, "-f", fmt).out
            for fmt in ("json",) for files in [(XA, XB, XC), (XC, XA, XB), (XB, XC, XA)]}
    assert len(outs) == 1
    assert compare(XC, XB, XA).out == compare(XA, XB, XC).out


def test_a_directory_a_quoted_glob_and_the_files_give_the_same_result():
    by_files = compare(XA, XB, XC, "-f", "json")
    by_dir = compare(FIXTURES, "-f", "json")
    by_glob = compare(f"{FIXTURES}/x*.yaml", "-f", "json")
    assert by_files.out == by_dir.out == by_glob.out
    assert by_dir.code == 1


def test_a_file_named_twice_is_compared_once():
    data = json.loads(compare(XA, f"{FIXTURES}/", XA, "-f", "json").out)
    assert [j["file"] for j in data["jurisdictions"]] == [XA, XB, XC]


def test_files_are_shown_as_given_never_as_machine_paths():
    for fmt in FORMATS:
        text = compare(f"{FIXTURES}/", "-f", fmt).stdout
        assert str(ROOT) not in text
        assert XA in text or fmt == "csv"        # the CSV matrix names jurisdictions by code


def test_sorted_by_jurisdiction_code_then_file(tmp_path, monkeypatch):
    """Two files of one jurisdiction: both are shown, told apart by file name, in name order."""
    (tmp_path / "b-later.yaml").write_bytes((ROOT / XA).read_bytes())
    (tmp_path / "a-earlier.yaml").write_bytes((ROOT / XA).read_bytes())
    (tmp_path / "c.yaml").write_bytes((ROOT / XB).read_bytes())
    (tmp_path / "ruleset.yml.txt").write_text("not a framework file")
    monkeypatch.chdir(tmp_path)
    result = run("compare", "--ruleset", str(ROOT / RULESET), ".", "-f", "json")
    data = json.loads(result.out)
    assert [j["column"] for j in data["jurisdictions"]] == ["XA (a-earlier)", "XA (b-later)", "XB"]
    assert [j["file"] for j in data["jurisdictions"]] == ["./a-earlier.yaml", "./b-later.yaml", "./c.yaml"]


def test_the_rulebook_is_loaded_once(monkeypatch):
    from firearms_gap import api

    calls = []
    real = api.load_book

    def counting(selection=None):
        calls.append(selection)
        return real(selection)
    monkeypatch.setattr(api, "load_book", counting)
    assert compare(XA, XB, XC, "-f", "json").code == 1
    assert len(calls) == 1


def test_filters_apply_to_every_jurisdiction():
    data = json.loads(compare(f"{FIXTURES}/", "--theme", "records", "-f", "json").out)
    assert [r["id"] for r in data["requirements"]] == ["TI-2"]
    assert data["filters"] == {"force": [], "theme": ["records"]}
    assert compare(f"{FIXTURES}/", "--theme", "nonsense").code == 2


# --------------------------------------------------------------------------- exit codes and bad input

def test_exit_codes():
    assert compare(f"{FIXTURES}/").code == 1
    assert compare(f"{FIXTURES}/", "--fail-on", "none").code == 0
    assert compare(XB).code == 0
    assert compare(XB, BROKEN).code == 2                        # incomplete beats everything
    assert compare(f"{FIXTURES}/", BROKEN, "--fail-on", "none").code == 2
    assert run("compare").code == 2                             # no file at all
    assert compare(XA, "--fail-on", "sometimes").code == 2


def test_one_invalid_file_does_not_hide_the_others():
    result = compare(XA, BROKEN, XB, XC)
    assert result.code == 2
    assert f"{BROKEN}:3:37: jurisdiction.code:" in result.stderr
    assert f"{BROKEN}:6:32: answers.testkit.licence_required.answer:" in result.stderr
    for code in ("XA", "XB", "XC"):
        assert f"│ {code} " in result.stdout
    assert "INCOMPLETE" in result.stdout
    assert "broken.yaml" not in result.stdout.replace("INCOMPLETE", "")  # errors go to stderr, not the table


def test_invalid_file_in_json_is_listed_under_input_errors():
    result = compare(XA, BROKEN, XB, XC, "-f", "json")
    assert result.code == 2
    data = json.loads(result.out)
    assert data["complete"] is False
    assert {e["file"] for e in data["input_errors"]} == {BROKEN}
    assert {e["path"] for e in data["input_errors"]} == {"jurisdiction.code", "answers.testkit.licence_required.answer"}
    assert [j["column"] for j in data["jurisdictions"]] == ["XA", "XB", "XC"]


def test_invalid_file_is_named_in_reports_meant_to_be_handed_over(tmp_path):
    md = compare(XA, BROKEN, "-f", "markdown")
    assert md.code == 2 and "INCOMPLETE" in md.stdout and f"{BROKEN}:3:37" in md.stdout
    out = tmp_path / "report.html"
    html = compare(XA, BROKEN, "-f", "html", "-o", str(out))
    assert html.code == 2 and html.out == b""
    text = out.read_text(encoding="utf-8")
    assert 'class="warning"' in text and f"{BROKEN}:3:37" in text and "Republic of Aldoria" in text


def test_nothing_valid_prints_only_errors(tmp_path):
    result = compare(BROKEN)
    assert result.code == 2 and result.out == b"" and "jurisdiction.code" in result.stderr
    result = compare(BROKEN, "-f", "json")
    data = json.loads(result.out)
    assert result.code == 2 and data["jurisdictions"] == [] and data["input_errors"]
    out = tmp_path / "r.html"
    assert compare(BROKEN, "-f", "html", "-o", str(out)).code == 2
    assert not out.exists()


def test_missing_files_empty_directories_and_unmatched_patterns(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = compare(XA, "no/such/file.yaml", str(empty), "nothing-matches-*.yaml", "-f", "json")
    assert result.code == 2
    errors = {e["file"]: e["message"] for e in json.loads(result.out)["input_errors"]}
    assert errors["no/such/file.yaml"].startswith("cannot read")
    assert "no .yaml, .yml or .xlsx file" in errors[str(empty)]
    assert "matches this pattern" in errors["nothing-matches-*.yaml"]


def test_xlsx_needs_an_output_file():
    result = compare(XA, "-f", "xlsx")
    assert result.code == 2 and "-o FILE.xlsx" in result.stderr and result.out == b""
    assert compare(XA, "-f", "xlsx", "-o", "-").code == 2


# --------------------------------------------------------------------------- output safety and formats

def test_progress_never_reaches_stdout(tmp_path):
    """stdout is byte-identical whether stderr is a terminal (progress bar shown) or a pipe."""
    pty = pytest.importorskip("pty")
    argv = [sys.executable, "-m", "firearms_gap", "compare", "--ruleset", RULESET, f"{FIXTURES}/", "-f", "json"]
    env = dict(os.environ, TERM="xterm", COLUMNS="100")
    env.pop("NO_COLOR", None)
    piped = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, timeout=120)
    assert piped.returncode == 1 and piped.stderr == b""          # no progress on a pipe
    outs = {}
    for extra in ((), ("--quiet",)):
        master, slave = pty.openpty()
        proc = subprocess.run(argv + list(extra), cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=slave,
                              timeout=120)
        os.close(slave)
        seen = b""
        try:
            while chunk := os.read(master, 65536):
                seen += chunk
        except OSError:
            pass
        os.close(master)
        assert proc.returncode == 1
        outs[extra] = (proc.stdout, seen)
    assert outs[()][0] == outs[("--quiet",)][0] == piped.stdout
    assert b"Checking" in outs[()][1]                               # the bar did show on the terminal
    assert outs[("--quiet",)][1] == b""                             # --quiet: nothing on the terminal


def test_csv_bom_for_excel():
    plain = compare(f"{FIXTURES}/", "-f", "csv")
    bom = compare(f"{FIXTURES}/", "-f", "csv", "--csv-bom")
    assert not plain.out.startswith(b"\xef\xbb\xbf")
    assert bom.out == b"\xef\xbb\xbf" + plain.out
    assert compare(XA, "-f", "json", "--csv-bom").code == 2
    # check has the same option
    checked = run("check", XC, "--ruleset", RULESET, "-f", "csv", "--csv-bom")
    assert checked.out.startswith(b"\xef\xbb\xbf") and checked.code == 1


def test_csv_is_the_matrix():
    rows = list(csv.reader(io.StringIO(compare(f"{FIXTURES}/", "-f", "csv").stdout)))
    assert rows[0][:7] == ["id", "requirement", "legal_force", "binding", "theme", "ruleset", "source_citation"]
    # Each column names its jurisdiction by code and name (accents kept: the CSV is UTF-8).
    assert rows[0][7:10] == ["XA: Republic of Aldoria", "XB: Kingdom of Borealia", "XC: République fédérale de Cordània"]
    by_id = {r[0]: r for r in rows[1:]}
    assert by_id["TI-1"][7:10] == ["met", "met", "gap"]
    assert by_id["TI-R1"][3] == "no"


def test_narrow_terminal_keeps_status_words_whole():
    text = compare(f"{FIXTURES}/", "--width", "60").stdout
    assert "…" not in text
    assert "assessed" in text and "applicable" in text and "partial" in text
    assert "requirement titles" in text                 # says what it left out


def test_colour_only_when_asked():
    assert "\x1b[" not in compare(f"{FIXTURES}/").stdout
    assert "\x1b[" in compare(f"{FIXTURES}/", "--color").stdout


def test_hostile_text_is_neutralised_in_text_formats():
    files = ("--ruleset", HOSTILE_RULESET, *HOSTILE)
    table = run("compare", *files, "--width", "200")
    assert table.code == 0 and "\x1b" not in table.stdout
    assert "[red]x[/red]" in table.stdout                  # rich markup shown literally, not applied
    md = run("compare", *files, "-f", "markdown").stdout
    assert SCRIPT not in md and "&lt;script&gt;alert(1)&lt;/script&gt;" in md
    assert "a\\|b" in md and "\\[red\\]" in md
    header = next(line for line in md.splitlines() if line.startswith("| ID |"))
    rows = [line for line in md.splitlines() if line.startswith("| HX-")]
    assert len(rows) == 2                                  # a newline in data never starts a new row
    for line in rows:                                      # and a | in data never adds a column
        assert len(re.split(r"(?<!\\)\|", line)) == len(header.split("|"))
    rows = list(csv.reader(io.StringIO(run("compare", *files, "-f", "csv").stdout)))
    for row in rows:
        for cell in row:
            assert cell[:1] not in ("=", "+", "-", "@"), cell
    assert any(cell.startswith("'=HYPERLINK") for row in rows for cell in row)
    assert any(cell.startswith("'-2+3") for row in rows for cell in row)


def test_bundled_examples_are_all_accounted_for():
    """Smoke test over examples/ (others add examples; only the bookkeeping is asserted)."""
    result = run("compare", "examples", "-f", "json", "--quiet")
    data = json.loads(result.out)
    examples = sorted(f"examples/{p.name}" for p in (ROOT / "examples").glob("*.y*ml"))
    shown = [j["file"] for j in data["jurisdictions"]]
    failed = {e["file"] for e in data["input_errors"]}
    assert sorted(set(shown) | failed) == examples
    assert result.code == (2 if failed else 1 if data["failing"] else 0)
    codes = [(j["jurisdiction"]["code"], j["file"]) for j in data["jurisdictions"]]
    assert codes == sorted(codes)


def test_same_bytes_in_a_fresh_process():
    argv = [sys.executable, "-m", "firearms_gap", "compare", "--ruleset", RULESET, XC, XB, XA, "-f", "html"]
    env = dict(os.environ, PYTHONHASHSEED="7")
    env.pop("SOURCE_DATE_EPOCH", None)
    proc = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, timeout=120)
    assert proc.returncode == 1
    assert proc.stdout == (GOLDEN / "fixtures.html").read_bytes()


def test_compare_honours_max_bytes(tmp_path):
    """IN-6 applies to every file compare reads: an oversized file is an input error (exit 2)."""
    import subprocess
    import sys

    example = Path(__file__).resolve().parent.parent / "examples" / "aldoria-typical-gaps.yaml"
    size = example.stat().st_size
    proc = subprocess.run([sys.executable, "-m", "firearms_gap", "--max-bytes", str(size - 1), "compare",
                           str(example), "--format", "json", "--quiet"], capture_output=True, text=True)
    assert proc.returncode == 2
    assert f"file is more than {size - 1:,} bytes" in proc.stderr


@pytest.mark.parametrize("ruleset, file", [(RULESET, XA), (HOSTILE_RULESET, HOSTILE[0])])
def test_a_file_compared_alone_has_the_counts_check_gives_it(ruleset, file):
    """A script reading summary.by_section finds the same keys and counts for one file in check's
    JSON and in compare's (every section, even one without requirements)."""
    checked = json.loads(run("check", file, "--ruleset", ruleset, "-f", "json").out)["summary"]
    compared = json.loads(run("compare", file, "--ruleset", ruleset, "-f", "json").out)["jurisdictions"][0]["summary"]
    assert compared["by_section"] == checked["by_section"]
    assert compared["by_status"] == checked["by_status"]
    assert compared["by_force"] == checked["by_force"]


def test_a_theme_is_spelled_one_way_in_every_format_a_reader_sees(tmp_path):
    """'online_and_postal' is 'online and postal' in the table, Markdown, HTML and the workbook;
    CSV and JSON give its id in a column or key of their own."""
    spelled = {}
    for fmt in ("table", "markdown", "html"):
        text = compare(XA, XB, "-f", fmt).stdout
        spelled[fmt] = {s for s in ("licensing", "Licensing") if re.search(rf"\b{s}\b", text)}
    out = tmp_path / "c.xlsx"
    compare(XA, XB, "-f", "xlsx", "-o", str(out))
    import openpyxl
    cells = {str(c.value) for ws in openpyxl.load_workbook(out) for row in ws.iter_rows() for c in row}
    spelled["xlsx"] = {s for s in ("licensing", "Licensing") if s in cells}
    assert spelled == {fmt: {"licensing"} for fmt in spelled}

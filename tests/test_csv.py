"""CSV for analysts: every check row says which jurisdiction and which law it is about, compare's
columns name their jurisdictions, and --csv-bom lets a spreadsheet read the accents.

Excel reads a CSV as UTF-8 only when it starts with a byte order mark (--csv-bom); that is tested
on the bytes. LibreOffice is tested for real where it is installed: its headless import with the
UTF-8 filter option must consume the mark (the first header stays "id") and keep the accents."""
from __future__ import annotations

import csv
import io
import shutil
import subprocess

import pytest
from clirun import run

RULESET = "tests/fixtures/batch/ruleset/test-ruleset.yaml"
CORDANIA = "tests/fixtures/batch/xc-cordania.yaml"          # République fédérale de Cordània, law of 2024-03-15
BATCH = ["tests/fixtures/batch/xa-aldoria.yaml", "tests/fixtures/batch/xb-borealia.yaml", CORDANIA]
NAME = "République fédérale de Cordània"
BOM = b"\xef\xbb\xbf"

pytestmark = pytest.mark.usefixtures("in_repository")  # conftest.py


def rows(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_every_check_row_names_the_jurisdiction_and_the_date_of_the_law():
    r = run("check", "--ruleset", RULESET, CORDANIA, "-f", "csv")
    table = rows(r.out)
    assert len(table) > 5
    assert {(row["jurisdiction_code"], row["jurisdiction_name"], row["law_as_of"]) for row in table} \
        == {("XC", NAME, "2024-03-15")}


def test_check_csvs_of_several_jurisdictions_stack_into_one_table():
    stacked = [row for file in BATCH for row in rows(run("check", "--ruleset", RULESET, file, "-f", "csv").out)]
    assert {row["jurisdiction_code"] for row in stacked} == {"XA", "XB", "XC"}
    assert len({(row["jurisdiction_code"], row["id"]) for row in stacked}) == len(stacked)


def test_compare_columns_are_named_by_code_and_name():
    header = next(csv.reader(io.StringIO(run("compare", "--ruleset", RULESET, *BATCH, "-f", "csv").stdout)))
    assert f"XC: {NAME}" in header


@pytest.mark.parametrize("argv", [["check", CORDANIA], ["compare", *BATCH],
                                  ["diff", "tests/fixtures/batch/diff/law.yaml", "tests/fixtures/batch/diff/draft.yaml"]])
def test_csv_bom_is_the_mark_then_the_same_utf8_text(argv):
    plain = run(argv[0], "--ruleset", RULESET, *argv[1:], "-f", "csv").out
    marked = run(argv[0], "--ruleset", RULESET, *argv[1:], "-f", "csv", "--csv-bom").out
    assert not plain.startswith(BOM)
    assert marked == BOM + plain
    if argv[0] != "diff":
        assert NAME.encode("utf-8") in marked


def _libreoffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def test_libreoffice_imports_the_marked_csv_with_accents_and_no_stray_mark(tmp_path):
    import openpyxl

    from support import unavailable

    if _libreoffice() is None:
        unavailable("LibreOffice Calc not found; install it: apt-get install -y libreoffice-calc-nogui")

    for name, argv in (("check", ["check", CORDANIA]), ("compare", ["compare", *BATCH])):
        (tmp_path / f"{name}.csv").write_bytes(
            run(argv[0], "--ruleset", RULESET, *argv[1:], "-f", "csv", "--csv-bom").out)
    # CSV:44,34,76,1 = comma-separated, double-quoted, UTF-8 (76), from line 1: README's command line.
    proc = subprocess.run([_libreoffice(), "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                           "--infilter=CSV:44,34,76,1", "--convert-to", "xlsx", "--outdir", str(tmp_path / "out"),
                           str(tmp_path / "check.csv"), str(tmp_path / "compare.csv")],
                          capture_output=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    check = openpyxl.load_workbook(tmp_path / "out" / "check.xlsx").active
    header = [c.value for c in check[1]]
    assert header[0] == "id"                               # the mark is consumed, not a stray "ï»¿"
    assert check.cell(2, header.index("jurisdiction_name") + 1).value == NAME
    compare = openpyxl.load_workbook(tmp_path / "out" / "compare.xlsx").active
    assert f"XC: {NAME}" in [c.value for c in compare[1]]

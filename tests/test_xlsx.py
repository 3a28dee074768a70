"""`--format xlsx`: the workbook is opened again with openpyxl and its cells checked."""
from __future__ import annotations

import io
import zipfile

import pytest
from clirun import run
from test_compare import (
    FIXTURES,
    HOSTILE,
    HOSTILE_RULESET,
    ROOT,
    RULESET,
    XA,
    XB,
    XC,
)

openpyxl = pytest.importorskip("openpyxl")

from firearms_gap.render.formats.xlsx import row_height
from firearms_gap.render.palette import FILLS as FILL


pytestmark = pytest.mark.usefixtures("in_repository")  # conftest.py


def workbook(tmp_path, *args: str, name="out.xlsx", code=1):
    path = tmp_path / name
    result = run(*args, "-f", "xlsx", "-o", str(path))
    assert result.code == code, result.stderr
    assert result.out == b""
    return openpyxl.load_workbook(path), path


def rows(ws):
    return [[c.value for c in row] for row in ws.iter_rows()]


def fill(cell) -> str:
    return (cell.fill.fgColor.rgb or "")[-6:].upper()


def test_compare_workbook(tmp_path):
    wb, _ = workbook(tmp_path, "compare", "--ruleset", RULESET, XC, XA, XB)
    assert wb.sheetnames == ["Matrix", "Summary", "Sources", "About"]
    ws = wb["Matrix"]
    header = rows(ws)[0]
    assert header[:9] == ["ID", "Requirement", "Legal force", "Binding", "Theme", "Source citation", "XA", "XB", "XC"]
    assert ws.freeze_panes == "C2"
    assert ws.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(len(header))}9"
    by_id = {r[0]: r for r in rows(ws)[1:]}
    assert by_id["TI-1"][6:9] == ["met", "met", "gap"]
    assert by_id["TI-1"][3] == "yes" and by_id["TI-R1"][3] == "no"
    assert by_id["TI-6"][6] == "not adopted"
    counts = dict(zip(header[9:], by_id["TI-1"][9:]))
    assert counts["Jurisdictions: gap"] == 1 and counts["Jurisdictions: met"] == 2
    assert isinstance(counts["Jurisdictions: gap"], int)
    for row in ws.iter_rows(min_row=2):
        for cell in row[6:9]:
            binding = row[3].value == "yes"
            if binding or cell.value not in ("gap", "partial"):
                assert fill(cell) == FILL[cell.value], (row[0].value, cell.value)
            else:                                   # non-binding shortfalls are never painted as breaches
                assert fill(cell) != FILL[cell.value]
    assert [r[0] for r in rows(ws)[1:]] == ["TI-1", "TI-2", "TI-3", "TI-4", "TI-5", "TI-6", "TI-R1", "TI-D1"]


def test_summary_and_sources_sheets(tmp_path):
    wb, _ = workbook(tmp_path, "compare", "--ruleset", RULESET, f"{FIXTURES}/")
    summary = rows(wb["Summary"])
    assert summary[0][:6] == ["Column", "Jurisdiction", "Law as of", "File", "Grouping", "Group"]
    xc_all = next(r for r in summary if r[0] == "XC" and r[4] == "all")
    assert xc_all[1] == "République fédérale de Cordània" and xc_all[3] == XC
    assert xc_all[-1] == 2                                  # failing at --fail-on mandatory
    groups = {(r[0], r[4], r[5]) for r in summary[1:]}
    assert ("XA", "legal force", "optional (consider)") in groups
    assert ("XB", "theme", "prevention") in groups
    assert ("XA", "section", "Treaty obligations (binding)") in groups
    sources = rows(wb["Sources"])
    assert sources[0][:5] == ["Column", "File", "Requirement", "Legal force", "Status"]
    row = next(r for r in sources if r[0] == "XA" and r[2] == "TI-2")
    assert row[4] == "partial"
    assert "Missing: Records are kept for less than ten years." in row[5]
    assert row[7] == "Test Instrument (fictional), art. 2"
    notes = next(r for r in sources if r[0] == "XB" and r[2] == "TI-6")
    assert "amnesty was held in 2019" in notes[6]
    about = dict((r[0], r[1]) for r in rows(wb["About"]))
    assert about["Rulesets"] == "Rulesets: test-fixture 1.0.0 (firearms-gap 0.1.0)"
    assert about["Complete"] == "yes"
    assert wb["Sources"].freeze_panes == "D2" and wb["Summary"].auto_filter.ref


def test_incomplete_run_is_written_and_says_so(tmp_path):
    wb, _ = workbook(tmp_path, "compare", "--ruleset", RULESET, XA, f"{FIXTURES}/invalid/broken.yaml", code=2)
    about = rows(wb["About"])
    assert any(r[0] == "Input error" and "broken.yaml:3:37" in r[1] for r in about)
    assert dict((r[0], r[1]) for r in about)["Complete"].startswith("NO")


def test_check_workbook(tmp_path):
    """A single check: status and what is missing beside each requirement, no per-jurisdiction
    counts; its Summary does not repeat the jurisdiction on every row."""
    wb, _ = workbook(tmp_path, "check", "--ruleset", RULESET, XA)
    header, *body = rows(wb["Matrix"])
    assert header == ["ID", "Requirement", "Legal force", "Binding", "Theme", "Source citation", "Status",
                      "National provision / what is missing"]
    by_id = {r[0]: r for r in body}
    assert by_id["TI-2"][6] == "partial"
    assert "Missing: Records are kept for less than ten years." in by_id["TI-2"][7]
    assert fill(wb["Matrix"]["G2"]) == FILL[wb["Matrix"]["G2"].value]
    assert rows(wb["Summary"])[0][:2] == ["Grouping", "Group"]
    assert dict((r[0], r[1]) for r in rows(wb["About"]))["Report"].startswith("Gap matrix: Republic of Aldoria")


def _sheet_xml(path, n: int) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read(f"xl/worksheets/sheet{n}.xml").decode("utf-8")


@pytest.mark.parametrize("report", ["check", "compare"])
def test_every_sheet_prints_on_a4_landscape_fitted_to_the_width_with_its_header_repeated(tmp_path, report):
    args = ("check", "--ruleset", RULESET, XA) if report == "check" else ("compare", "--ruleset", RULESET, XA, XB, XC)
    wb, path = workbook(tmp_path, *args)
    for n, ws in enumerate(wb, 1):
        setup = ws.page_setup
        assert (setup.orientation, setup.paperSize) == ("landscape", 9), ws.title          # 9: A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage and setup.fitToWidth == 1, ws.title
        one_page = report == "check" and ws.title == "Summary"
        assert setup.fitToHeight == (1 if one_page else 0), ws.title
        if ws.title != "About":
            assert ws.print_title_rows == "$1:$1", ws.title
        # Every row has a height (LibreOffice would otherwise overlap wrapped text).
        xml = _sheet_xml(path, n)
        assert xml.count("<row ") == ws.max_row == xml.count('customHeight="1"'), ws.title


def test_row_heights_fit_the_wrapped_text(tmp_path):
    wb, _ = workbook(tmp_path, "check", "examples/aldoria-typical-gaps.yaml")
    ws = wb["Sources"]
    widths = [ws.column_dimensions[openpyxl.utils.get_column_letter(c)].width for c in range(1, ws.max_column + 1)]
    tallest = 0.0
    for number, row in enumerate(ws.iter_rows(), 1):
        height = ws.row_dimensions[number].height
        assert height == row_height([c.value for c in row], widths)
        lines = max(str(c.value or "").count("\n") + 1 for c in row)
        assert height >= 12 * lines                   # at least a line of Arial 10 for every line of text
        tallest = max(tallest, height)
    assert tallest > 100                               # some cells wrap over many lines, and their rows grow


def test_row_height_grows_with_the_text_and_the_narrower_column():
    one = row_height(["short"], [40])
    assert row_height(["word " * 40], [40]) > one
    assert row_height(["word " * 40], [20]) > row_height(["word " * 40], [40])
    assert row_height(["a\nb\nc"], [40]) == row_height(["a\nb"], [40]) + (row_height(["a\nb"], [40]) - one)
    assert row_height(["x" * 100_000], [10]) == 409                   # Excel's limit


def test_hostile_text_stays_text(tmp_path):
    wb, path = workbook(tmp_path, "compare", "--ruleset", HOSTILE_RULESET, *HOSTILE, code=0)
    cell = next(c for row in wb["Matrix"].iter_rows() for c in row if str(c.value).startswith("=HYPERLINK"))
    assert cell.data_type == "s"
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                xml = z.read(name).decode("utf-8")
                assert "<f>" not in xml and "<f " not in xml        # not a single formula
                assert "<script>" not in xml                         # XML-escaped like any text
    values = [str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value is not None]
    assert any("<script>alert(1)</script>" in v for v in values)   # shown verbatim, as text


def test_same_bytes_every_time_and_source_date_epoch(tmp_path, monkeypatch):
    args = ("compare", "--ruleset", RULESET, XA, XB, XC)
    _, a = workbook(tmp_path, *args, name="a.xlsx")
    _, b = workbook(tmp_path, "compare", "--ruleset", RULESET, XC, XB, XA, name="b.xlsx")
    assert a.read_bytes() == b.read_bytes()
    with zipfile.ZipFile(a) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert "1980-01-01T00:00:00Z" in z.read("docProps/core.xml").decode()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")          # 2026-01-01T00:00:00Z
    wb, c = workbook(tmp_path, *args, name="c.xlsx")
    with zipfile.ZipFile(c) as z:
        assert {i.date_time for i in z.infolist()} == {(2026, 1, 1, 0, 0, 0)}
        assert "2026-01-01T00:00:00Z" in z.read("docProps/core.xml").decode()
    assert wb.properties.creator == "firearms-gap"


def test_xlsx_needs_a_file_and_never_half_writes(tmp_path):
    assert run("check", XA, "--ruleset", RULESET, "-f", "xlsx").code == 2
    assert run("check", XA, "--ruleset", RULESET, "-f", "xlsx", "-o", "-").code == 2
    result = run("check", XA, "--ruleset", RULESET, "-f", "xlsx", "-o", str(tmp_path / "no" / "dir" / "x.xlsx"))
    assert result.code == 2 and "cannot write output" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_render_is_pure_bytes():
    from firearms_gap import api

    book = api.load_rules([str(ROOT / RULESET)])
    data = api.render(api.compare([XA], book), "xlsx")
    assert data[:2] == b"PK"
    assert openpyxl.load_workbook(io.BytesIO(data)).sheetnames[0] == "Matrix"

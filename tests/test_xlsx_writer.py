"""render/ooxml.py writes the workbooks itself: each report and questionnaire is laid out twice,
once written by ooxml and once by openpyxl behind the same interface (tests/openpyxl_writer.py),
and the two files are read back with openpyxl and compared cell by cell. What a reader sees must be
the same: values and their types, bold, fills, wrapping, borders, locked cells, number formats,
column widths, row heights, frozen panes, filters, print setup, footers, protection, drop-downs."""
from __future__ import annotations

import io
import zipfile

import pytest
from support import EXAMPLES
from test_compare import FIXTURES, HOSTILE, HOSTILE_RULESET, ROOT, RULESET, XA, XB, XC
from test_startup import imported

openpyxl = pytest.importorskip("openpyxl")

import openpyxl_writer  # noqa: E402

from firearms_gap import api  # noqa: E402
from firearms_gap.render import ooxml  # noqa: E402
from firearms_gap.render.formats import xlsx  # noqa: E402
from firearms_gap.render.questionnaire import write_questionnaire  # noqa: E402
from firearms_gap.render.stamp import document_time  # noqa: E402


@pytest.fixture
def by_openpyxl(monkeypatch):
    """make() once as shipped and once with openpyxl as the writer: (ours, openpyxl's)."""
    def both(make):
        ours = make()
        with monkeypatch.context() as m:
            m.setattr(xlsx, "Workbook", openpyxl_writer.Workbook)     # imported by the report module
            m.setattr(ooxml, "Workbook", openpyxl_writer.Workbook)    # imported when a questionnaire is made
            return ours, make()
    return both

pytestmark = pytest.mark.usefixtures("in_repository")  # conftest.py


def _cell(c) -> tuple:
    """An empty cell is empty whatever type it is stored with (openpyxl stored '' as an empty
    inline string)."""
    return (c.coordinate, c.value, c.data_type if c.value is not None else None, bool(c.font.b), c.fill.fill_type,
            (c.fill.fgColor.rgb or "")[-6:] if c.fill.fill_type else None, bool(c.alignment.wrap_text),
            c.alignment.vertical, c.border.left.style, (c.border.left.color.rgb or "")[-6:] if c.border.left.style
            else None, c.protection.locked, c.number_format)


def _validations(ws) -> list:
    return sorted((dv.type, dv.formula1, dv.formula2, dv.operator, dv.errorStyle, dv.error, dv.errorTitle,
                   dv.prompt, bool(dv.showErrorMessage), bool(dv.showInputMessage), bool(dv.allow_blank),
                   frozenset(str(dv.sqref).split()))
                  for dv in ws.data_validations.dataValidation if str(dv.sqref))


def _sheet(ws) -> dict:
    """What a reader of the sheet sees (and prints), apart from the cells."""
    setup, margins = ws.page_setup, ws.page_margins
    return {
        "state": ws.sheet_state, "freeze": ws.freeze_panes, "filter": ws.auto_filter.ref,
        "title rows": ws.print_title_rows, "size": ws.dimensions,
        "widths": {k: d.width for k, d in ws.column_dimensions.items() if d.width},
        "heights": {k: d.height for k, d in ws.row_dimensions.items() if d.height},
        "print": (setup.orientation, str(setup.paperSize), setup.fitToWidth, setup.fitToHeight,
                  ws.sheet_properties.pageSetUpPr.fitToPage, ws.print_options.gridLines),
        "margins": (margins.left, margins.right, margins.top, margins.bottom, margins.header, margins.footer),
        "footer": (ws.oddFooter.left.text, ws.oddFooter.right.text),
        "protection": (ws.protection.sheet, ws.protection.formatColumns, ws.protection.formatRows,
                       ws.protection.formatCells, ws.protection.insertRows, ws.protection.deleteRows),
        "validations": _validations(ws),
    }


def assert_same_workbook(ours: bytes, reference: bytes) -> None:
    a, b = (openpyxl.load_workbook(io.BytesIO(data)) for data in (ours, reference))
    assert a.sheetnames == b.sheetnames
    assert bool(a.security and a.security.lockStructure) == bool(b.security and b.security.lockStructure)
    assert (a.properties.creator, a.properties.title, a.properties.created) == \
        (b.properties.creator, b.properties.title, b.properties.created)
    for name in a.sheetnames:
        assert _sheet(a[name]) == _sheet(b[name]), name
        for row_a, row_b in zip(a[name].iter_rows(), b[name].iter_rows(), strict=True):
            assert [_cell(c) for c in row_a] == [_cell(c) for c in row_b], name


def _check_view(path: str, rulesets=None):
    return api.view(api.check_file((ROOT / path).read_bytes(), path, rulesets=rulesets))


@pytest.mark.parametrize("example", ["aldoria-typical-gaps.yaml", "borealia-near-complete.yaml"])
def test_check_workbook_reads_back_as_openpyxl_wrote_it(example, by_openpyxl):
    path = f"examples/{example}"
    assert_same_workbook(*by_openpyxl(lambda: xlsx.render_check(_check_view(path))))


@pytest.mark.parametrize("args", [
    ([XA, XB, XC], RULESET),
    ([f"{FIXTURES}/"], RULESET),
    ([XA, f"{FIXTURES}/invalid/broken.yaml"], RULESET),          # an input error, on the About sheet
    (list(HOSTILE), HOSTILE_RULESET),                            # '=HYPERLINK(...)', '<script>', control characters
])
def test_compare_workbook_reads_back_as_openpyxl_wrote_it(args, by_openpyxl):
    files, ruleset = args
    book = api.load_rules([str(ROOT / ruleset)])

    def view():
        return api.view(api.compare(files, book))
    assert_same_workbook(*by_openpyxl(lambda: xlsx.render_compare(view())))


@pytest.mark.parametrize("source", [None, "borealia-near-complete.yaml", "aldoria-typical-gaps.yaml"])
def test_questionnaire_reads_back_as_openpyxl_wrote_it(source, by_openpyxl):
    book = api.load_rules(None)
    if source:
        framework = api.validate((EXAMPLES / source).read_bytes(), source, book)
    else:
        from firearms_gap.framework import Framework
        framework = Framework(name="", jurisdiction={}, described_as_of=None, party_to=(), sources={})
    rulesets = ("firearms-protocol",)
    assert_same_workbook(*by_openpyxl(lambda: write_questionnaire(book, framework, rulesets=rulesets)))


def test_compare_in_pieces_is_the_whole_workbook():
    book = api.load_rules([str(ROOT / RULESET)])
    whole = xlsx.render_compare(api.view(api.compare([f"{FIXTURES}/"], book)))
    pieces = list(xlsx.pieces_compare(api.view(api.compare([f"{FIXTURES}/"], book))))
    assert b"".join(pieces) == whole and len(pieces) > 1
    from firearms_gap.render import formats                       # what the CLI writes: these pieces
    assert len(list(formats.pieces(api.view(api.compare([f"{FIXTURES}/"], book)), "xlsx"))) == len(pieces)
    assert zipfile.ZipFile(io.BytesIO(whole)).testzip() is None


def test_text_is_never_a_formula_and_always_xml():
    wb = ooxml.Workbook(document_time())
    ws = wb.sheet("S", widths=[10, 10, 10, 10], rows=1)
    ws.row(["=1+1", "a\x00b\ud800 & <c> \"d\"", "  lead", 3.5], wb.style())
    ws.close()
    data = wb.close()
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet
    cells = [c.value for c in next(openpyxl.load_workbook(io.BytesIO(data))["S"].iter_rows())]
    assert cells == ["=1+1", "a\ufffdb\ufffd & <c> \"d\"", "  lead", 3.5]


def test_numbers_stay_numbers_and_what_is_not_a_number_is_text():
    wb = ooxml.Workbook(document_time())
    ws = wb.sheet("S", widths=[10] * 6, rows=1)
    ws.row([3, 2.5, True, float("inf"), None, ""], wb.style())
    ws.close()
    cells = next(openpyxl.load_workbook(io.BytesIO(wb.close()))["S"].iter_rows())
    assert [(c.value, c.data_type) for c in cells] == [(3, "n"), (2.5, "n"), (True, "b"), ("inf", "s"),
                                                       (None, "n"), (None, "n")]


def test_a_sheet_must_get_the_rows_it_announced():
    wb = ooxml.Workbook(document_time())
    ws = wb.sheet("S", widths=[10], rows=2)
    ws.row(["one"], wb.style())
    with pytest.raises(RuntimeError, match="1 rows written, 2 announced"):
        ws.close()
    wb.discard()


def test_column_letters():
    from firearms_gap.questionnaire.layout import col_letter
    assert [col_letter(n) for n in (1, 26, 27, 52, 53, 702, 703)] == ["A", "Z", "AA", "AZ", "BA", "ZZ", "AAA"]


def test_writing_a_workbook_does_not_import_openpyxl(tmp_path):
    """Importing openpyxl alone cost more than a whole JSON check: writing needs none of it."""
    report, questionnaire = tmp_path / "report.xlsx", tmp_path / "q.xlsx"
    for args in (["check", str(ROOT / "examples" / "aldoria-typical-gaps.yaml"), "-f", "xlsx", "-o", str(report)],
                 ["init", "--format", "xlsx", "-o", str(questionnaire)]):
        assert "openpyxl" not in imported(args)
    assert report.read_bytes()[:2] == questionnaire.read_bytes()[:2] == b"PK"


def test_a_table_longer_than_a_sheet_goes_on_in_numbered_sheets(monkeypatch):
    """Excel opens at most 1,048,576 rows a sheet: a comparison's Sources past that goes on in
    "Sources (2)", ..., each with its header, every row once and in order (the limit lowered here)."""
    book = api.load_rules([str(ROOT / RULESET)])
    whole = openpyxl.load_workbook(io.BytesIO(xlsx.render_compare(api.view(api.compare([f"{FIXTURES}/"], book)))))
    sources = [list(r) for r in whole["Sources"].iter_rows(values_only=True)]
    assert len(sources) > 20
    monkeypatch.setattr(xlsx, "SHEET_ROWS", 8)
    split = openpyxl.load_workbook(io.BytesIO(xlsx.render_compare(api.view(api.compare([f"{FIXTURES}/"], book)))))
    parts = [n for n in split.sheetnames if n == "Sources" or n.startswith("Sources (")]
    assert parts == ["Sources"] + [f"Sources ({k})" for k in range(2, len(parts) + 1)]
    assert len(parts) == -(-(len(sources) - 1) // 7)
    rows = []
    for name in parts:
        got = [list(r) for r in split[name].iter_rows(values_only=True)]
        assert got[0] == sources[0] and 1 < len(got) <= 8, name          # the header, then at most 7 rows
        assert split[name].freeze_panes == whole["Sources"].freeze_panes
        rows += got[1:]
    assert rows == sources[1:]
    assert split.sheetnames[-1] == "About"

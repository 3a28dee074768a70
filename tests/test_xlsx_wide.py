"""A comparison of more jurisdictions than a sheet has columns (Excel: 16,384, A to XFD): the
Matrix goes on in "Matrix (2)", ..., each sheet the requirement columns, the next jurisdictions in
order and the counts of all jurisdictions. The comparisons here are made up (batch.Column objects
with their cells in memory), not thousands of files checked."""
from __future__ import annotations

import io

import pytest
from test_compare import FIXTURES, ROOT, RULESET
from test_xlsx_writer import assert_same_workbook, by_openpyxl  # noqa: F401 - by_openpyxl: a fixture

openpyxl = pytest.importorskip("openpyxl")

from firearms_gap import api, cells  # noqa: E402
from firearms_gap.batch import BatchResult, Column, RequirementInfo  # noqa: E402
from firearms_gap.model import STATUSES  # noqa: E402
from firearms_gap.questionnaire.layout import col_letter  # noqa: E402
from firearms_gap.render import ooxml  # noqa: E402
from firearms_gap.render.formats import xlsx  # noqa: E402
from firearms_gap.render.palette import FILLS, NON_BINDING_FILLS  # noqa: E402
from firearms_gap.result import RulesetInfo, count  # noqa: E402
from firearms_gap.views.compare import CompareView  # noqa: E402
from firearms_gap.views.labels import FORCE_LABELS, theme_label  # noqa: E402

pytestmark = pytest.mark.usefixtures("in_repository")  # conftest.py

FIXED = len(xlsx.MATRIX_FIXED)
# A binding and a non-binding requirement (their gaps have different fills), in two themes.
REQUIREMENTS = (RequirementInfo("W-1", "Marking at manufacture", "wide", "GA res. 55/255, annex, art. 8", "mandatory",
                                "marking", "obligation"),
                RequirementInfo("W-2", "Record keeping", "wide", "GA res. 55/255, annex, art. 7", "mandatory",
                                "record_keeping", "obligation"),
                RequirementInfo("W-R1", "Online sales", "wide", "Working Group, rec. 3", "recommended",
                                "marking", "obligation"))


def status(j: int, i: int) -> str:
    """Jurisdiction j's status of requirement i: every status, in a pattern no sheet boundary repeats."""
    return STATUSES[(j * j + 3 * i) % len(STATUSES)]


def wide_view(n: int, requirements=REQUIREMENTS) -> CompareView:
    keeper = cells.InMemory()
    lines = keeper.keep([("s. 1 of the Act",)] * len(requirements))
    notes = keeper.keep([()] * len(requirements))
    columns = tuple(Column(file=f"j{j:05d}.yaml", jurisdiction={"name": f"Land {j}", "code": f"J{j:05d}"},
                           described_as_of="2024-01-01", party_to=(),
                           statuses=tuple(status(j, i) for i in range(len(requirements))), lines=lines, notes=notes)
                    for j in range(n))
    return CompareView(BatchResult(tool_version="0", rulesets=(RulesetInfo("wide", "1", "Wide", "Protocol"),),
                                   fail_on="mandatory", filters={}, requirements=requirements, columns=columns,
                                   labels=tuple(c.jurisdiction["code"] for c in columns)))


def matrix_parts(names: list[str]) -> list[str]:
    parts = [n for n in names if n == "Matrix" or n.startswith("Matrix (")]
    assert parts == ["Matrix"] + [f"Matrix ({k})" for k in range(2, len(parts) + 1)]
    assert names[: len(parts)] == parts and names[len(parts)] == "Summary"
    return parts


def assert_matrix_holds_every_jurisdiction_once(wb, view: CompareView, parts: list[str]) -> None:
    """Across the Matrix sheets: every jurisdiction once, in order, with its statuses; on every
    sheet the requirement columns and the counts of ALL jurisdictions."""
    n, requirements = len(view.columns), view.requirements
    labels, statuses = [], {r.id: [] for r in requirements}
    count_header = [f"All jurisdictions: {s}" for s in STATUSES]
    for name in parts:
        rows = [list(r) for r in wb[name].iter_rows(values_only=True)]
        header = rows[0]
        width = len(header)
        assert FIXED + len(STATUSES) < width <= xlsx.SHEET_COLUMNS, name
        assert header[:FIXED] == list(xlsx.MATRIX_FIXED) and header[-len(STATUSES):] == count_header, name
        labels += header[FIXED:-len(STATUSES)]
        assert len(rows) == 1 + len(requirements), name
        for row in rows[1:]:
            assert len(row) == width, name
            r = next(r for r in requirements if r.id == row[0])
            assert row[1:FIXED] == [r.title, FORCE_LABELS[r.force], "yes" if r.binding else "no",
                                    theme_label(r.theme), r.citation], name
            statuses[r.id] += row[FIXED:-len(STATUSES)]
            every = count(view.statuses(r.id))
            assert row[-len(STATUSES):] == [every[s] for s in STATUSES], name     # all n, not this sheet's
            assert sum(row[-len(STATUSES):]) == n
    assert labels == list(view.labels)
    for i, r in enumerate(requirements):
        assert statuses[r.id] == [status(j, i) for j in range(n)]


def test_a_matrix_wider_than_a_sheet_goes_on_in_numbered_sheets_at_excels_own_limit():
    """16,400 jurisdictions at Excel's real limit: the first Matrix sheet is as wide as a sheet can
    be (to XFD), the rest of the jurisdictions on "Matrix (2)"; no sheet is past the limits. One
    requirement, so that the workbook is quick to make (its Summary and Sources have a few rows
    per jurisdiction; openpyxl reading those back took a minute: their size is read from each
    sheet's dimension, which the writer checks against the rows it wrote)."""
    n, requirements = 16_400, REQUIREMENTS[:1]
    assert xlsx.SHEET_COLUMNS == 16_384 and col_letter(xlsx.SHEET_COLUMNS) == "XFD"
    view = wide_view(n, requirements)
    wb = openpyxl.load_workbook(io.BytesIO(xlsx.render_compare(view)), read_only=True)
    parts = matrix_parts(wb.sheetnames)
    assert parts == ["Matrix", "Matrix (2)"]
    per_sheet = 16_384 - FIXED - len(STATUSES)
    assert [wb[name].calculate_dimension() for name in parts] == \
        ["A1:XFD2", f"A1:{col_letter(FIXED + n - per_sheet + len(STATUSES))}2"]
    assert_matrix_holds_every_jurisdiction_once(wb, view, parts)
    sizes = {name: (wb[name].max_row, wb[name].max_column) for name in wb.sheetnames}
    assert sizes["Summary"] == (1 + n * 4, 4 + 2 + len(STATUSES) + 1)    # groups: all, 1 section, 1 force, 1 theme
    assert sizes["Sources"] == (1 + n, 9)
    assert all(rows <= ooxml.MAX_ROWS and columns <= ooxml.MAX_COLUMNS for rows, columns in sizes.values()), sizes
    about = dict(wb["About"].iter_rows(values_only=True))
    assert about["Matrix sheets"].startswith("The 16,400 jurisdictions are a column each in 2 Matrix sheets")
    assert f"Matrix: 1 to {per_sheet:,} (J00000 to J{per_sheet - 1:05d}); Matrix (2): {per_sheet + 1:,} to 16,400 " \
           f"(J{per_sheet:05d} to J16399)" in about["Matrix sheets"]
    assert "count all 16,400 jurisdictions, not only those of their sheet" in about["Matrix sheets"]
    wb.close()


@pytest.fixture
def narrow_sheets(monkeypatch):
    """Sheets of 17 columns: the 6 requirement columns, 4 jurisdictions, the 7 counts."""
    monkeypatch.setattr(xlsx, "SHEET_COLUMNS", FIXED + 4 + len(STATUSES))


def test_each_matrix_sheet_is_laid_out_as_the_one_matrix(narrow_sheets):
    """10 jurisdictions on sheets of 4: three Matrix sheets (4, 4, 2), each with the fills, frozen
    panes, filter, print setup and row heights the Matrix has."""
    view = wide_view(10)
    data = xlsx.render_compare(view)
    full = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    parts = matrix_parts(full.sheetnames)
    assert parts == ["Matrix", "Matrix (2)", "Matrix (3)"]
    assert_matrix_holds_every_jurisdiction_once(full, view, parts)
    full.close()
    wb = openpyxl.load_workbook(io.BytesIO(data))
    defined = {name: wb[name].print_title_rows for name in parts}
    assert defined == {name: "$1:$1" for name in parts}
    done = 0
    for name, k in zip(parts, (4, 4, 2)):
        ws = wb[name]
        width = FIXED + k + len(STATUSES)
        assert ws.freeze_panes == "C2"
        assert ws.auto_filter.ref == f"A1:{col_letter(width)}{1 + len(REQUIREMENTS)}"
        assert (ws.page_setup.orientation, ws.page_setup.fitToWidth, ws.print_options.gridLines) == \
            ("landscape", 1, True)
        assert [ws.column_dimensions[col_letter(c)].width for c in range(1, width + 1)] == \
            list(xlsx.MATRIX_FIXED_WIDTHS) + [13] * k + [11] * len(STATUSES)
        rows = list(ws.iter_rows())
        assert all(c.font.b and (c.fill.fgColor.rgb or "")[-6:] == "E4E4E4" for c in rows[0])   # the header
        for row in rows[1:]:
            r = next(r for r in REQUIREMENTS if r.id == row[0].value)
            for c, cell in enumerate(row):
                want = (FILLS if r.binding else NON_BINDING_FILLS).get(cell.value) if FIXED <= c < FIXED + k else None
                assert (cell.fill.fgColor.rgb[-6:] if cell.fill.fill_type else None) == want, (name, cell.coordinate)
            values = [cell.value for cell in row]
            widths = [ws.column_dimensions[col_letter(c)].width for c in range(1, width + 1)]
            assert ws.row_dimensions[row[0].row].height == xlsx.row_height(values, widths)
        done += k
    assert done == 10


def test_a_split_matrix_reads_back_as_openpyxl_wrote_it(narrow_sheets, by_openpyxl):  # noqa: F811
    assert_same_workbook(*by_openpyxl(lambda: xlsx.render_compare(wide_view(10))))


def test_a_matrix_that_fits_one_sheet_is_not_split(narrow_sheets):
    """4 jurisdictions fill the narrow sheet exactly: one Matrix, its counts headed as ever, no note."""
    wb = openpyxl.load_workbook(io.BytesIO(xlsx.render_compare(wide_view(4))), read_only=True)
    assert matrix_parts(wb.sheetnames) == ["Matrix"]
    header = next(wb["Matrix"].iter_rows(values_only=True))
    assert len(header) == xlsx.SHEET_COLUMNS and header[-1] == f"Jurisdictions: {STATUSES[-1]}"
    assert "Matrix sheets" not in dict(wb["About"].iter_rows(values_only=True))
    wb.close()


def test_a_real_comparison_split_has_the_cells_of_the_one_matrix(monkeypatch):
    """The fixtures' comparison on sheets of one jurisdiction each: the same cells, fills and
    counts as its one Matrix."""
    book = api.load_rules([str(ROOT / RULESET)])

    def matrix_sheets() -> list[list[list[tuple]]]:
        wb = openpyxl.load_workbook(io.BytesIO(xlsx.render_compare(api.view(api.compare([f"{FIXTURES}/"], book)))))
        return [[[(c.value, c.fill.fgColor.rgb if c.fill.fill_type else None) for c in row]
                 for row in wb[name].iter_rows()] for name in matrix_parts(wb.sheetnames)]
    [one] = matrix_sheets()
    n = len(one[0]) - FIXED - len(STATUSES)
    assert n == 3
    monkeypatch.setattr(xlsx, "SHEET_COLUMNS", FIXED + 1 + len(STATUSES))
    parts = matrix_sheets()
    assert len(parts) == n
    fixed = [row[:FIXED] for row in one]           # requirement columns, with the header
    joined = [list(row) for row in fixed]
    for got in parts:
        assert [row[:FIXED] for row in got] == fixed
        assert [row[-len(STATUSES):] for row in got[1:]] == [row[-len(STATUSES):] for row in one[1:]]
        for row, into in zip(got, joined):
            into += row[FIXED:-len(STATUSES)]
    assert joined == [row[:-len(STATUSES)] for row in one]


def test_a_check_never_has_a_second_matrix(narrow_sheets):
    path = "examples/aldoria-typical-gaps.yaml"
    view = api.view(api.check_file((ROOT / path).read_bytes(), path))
    wb = openpyxl.load_workbook(io.BytesIO(xlsx.render_check(view)), read_only=True)
    assert wb.sheetnames == ["Matrix", "Summary", "Sources", "About"]
    wb.close()


def test_the_writer_refuses_a_sheet_excel_cannot_open():
    wb = ooxml.Workbook(xlsx.document_time())
    with pytest.raises(ValueError, match="16,385 columns.*at most 16,384 columns"):
        wb.sheet("S", widths=[10] * (ooxml.MAX_COLUMNS + 1), rows=1)
    with pytest.raises(ValueError, match="1,048,577 rows.*1,048,576 rows"):
        wb.sheet("S", widths=[10], rows=ooxml.MAX_ROWS + 1)
    ws = wb.sheet("S", widths=[10] * ooxml.MAX_COLUMNS, rows=1)       # the widest Excel opens
    ws.row(["x"] * ooxml.MAX_COLUMNS, wb.style())
    ws.close()
    last = openpyxl.load_workbook(io.BytesIO(wb.close()), read_only=True)["S"]
    assert last.calculate_dimension() == "A1:XFD1"


def test_column_letters_at_excels_last_column():
    assert [col_letter(n) for n in (16_383, 16_384, 16_385)] == ["XFC", "XFD", "XFE"]

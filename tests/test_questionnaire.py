"""The Excel questionnaire: `init --format xlsx`, filling it as a user would, `check`, `validate`,
`import` and `compare` of filled workbooks, and workbooks made to hurt.

Workbooks are generated here (with openpyxl and zipfile), never committed, except the one filled
example in examples/."""
from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import pytest
from clirun import run
from support import EXAMPLES

from firearms_gap import loader

openpyxl = pytest.importorskip("openpyxl")

pytestmark = pytest.mark.usefixtures("in_repository")  # conftest.py

BOREALIA = EXAMPLES / "borealia-near-complete.yaml"


def make(tmp_path, *args, name="q.xlsx") -> bytes:
    path = tmp_path / name
    result = run("init", "--format", "xlsx", "-o", str(path), *args)
    assert result.code == 0, result.stderr
    assert result.out == b""
    return path.read_bytes()


def row_of(ws, ident: str) -> int:
    for row in ws.iter_rows(min_col=2, max_col=2):
        if row[0].value == ident:
            return row[0].row
    raise AssertionError(f"no row {ident}")


def field_row(ws, field: str) -> int:
    return next(r[0].row for r in ws.iter_rows(min_col=1, max_col=1) if r[0].value == field)


def edit(raw: bytes, change) -> bytes:
    """Open the workbook as Excel would, let `change(wb)` fill it in, save."""
    wb = openpyxl.load_workbook(io.BytesIO(raw))
    change(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def check_json(raw: bytes, *args) -> tuple[int, bytes]:
    """`check - -f json` on these bytes: read from standard input, so that a workbook and a YAML
    file are both named <stdin> and their JSON can be compared byte for byte."""
    result = run("check", "-", "-f", "json", *args, input=raw)
    assert result.code in (0, 1), result.stderr
    return result.code, result.out


def problems(raw: bytes, name="q.xlsx", tmp_path=None) -> list[str]:
    path = tmp_path / name
    path.write_bytes(raw)
    result = run("check", str(path))
    assert result.code == 2, result.stdout
    assert result.out == b""
    return result.stderr.splitlines()


def fill_answers(wb):
    """What a ministry official does: the jurisdiction, one law, and a few answers of each kind."""
    j = wb["Jurisdiction"]
    j.cell(field_row(j, "jurisdiction.name"), 3).value = "Republic of Questland"
    j.cell(field_row(j, "jurisdiction.code"), 3).value = "XQ"
    j.cell(field_row(j, "jurisdiction.fictional"), 3).value = "yes"
    j.cell(field_row(j, "described_as_of"), 3).value = dt.datetime(2026, 3, 1)   # typed as a date
    j.cell(field_row(j, "party_to.firearms-protocol"), 3).value = "yes"
    j.cell(field_row(j, "party_to.att"), 3).value = "no"
    s = wb["Sources"]
    s["A2"], s["B2"], s["C2"] = "FA", "Firearms Act", 2019
    q = wb["Questions"]
    r = row_of(q, "definitions.firearm_defined")
    q.cell(r, 4).value, q.cell(r, 5).value, q.cell(r, 6).value = "yes", "FA", "s. 2(1)"
    q.cell(r, 7).value = "Covers readily convertible weapons too."
    r = row_of(q, "definitions.antique_exemption")
    q.cell(r, 4).value, q.cell(r, 5).value, q.cell(r, 6).value = "before_1900_only", "FA", "s. 2(4)\ns. 2(5)"
    q.cell(row_of(q, "definitions.parts_components_covered = barrel"), 4).value = "yes"
    q.cell(row_of(q, "definitions.parts_components_covered = frame_or_receiver"), 4).value = "no"
    r = row_of(q, "records.retention_years")
    q.cell(r, 4).value, q.cell(r, 5).value, q.cell(r, 6).value = 10, "FA", "s. 30"
    q.cell(row_of(q, "marking.alternative_symbol_marking"), 4).value = "no"


def test_the_whole_loop_init_fill_check_import_check(tmp_path):
    blank = make(tmp_path)
    filled = edit(blank, fill_answers)
    code, from_workbook = check_json(filled)
    report = json.loads(from_workbook)
    assert report["framework"]["jurisdiction"]["name"] == "Republic of Questland"
    path = tmp_path / "filled.xlsx"
    path.write_bytes(filled)
    valid = run("validate", str(path))
    assert valid.code == 0 and ": valid; 5 of " in valid.stdout, valid.stderr

    yaml_path = tmp_path / "law.yaml"
    imported = run("import", str(path), "-o", str(yaml_path))
    assert imported.code == 0, imported.stderr
    text = yaml_path.read_text("utf-8")
    # The template's explanations stay, the answers are written out, the rest stays commented out.
    assert "# Q: Does the law define" in text
    assert 'provision: {source: "FA", at: "s. 2(1)"}' in text
    assert '- {source: "FA", at: "s. 2(5)"}' in text
    assert "answer: [\"barrel\"]" in text and "partial_list: true" in text
    assert 'described_as_of: "2026-03-01"' in text
    # yes: a party; no: known not to be one; blank: not stated
    assert 'party_to: ["firearms-protocol"]' in text and 'not_party_to: ["att"]' in text
    assert "    # alternative_symbol_marking:" not in text and "    # retention_years:" not in text
    assert check_json(yaml_path.read_bytes()) == (code, from_workbook)


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.glob("*.yaml")))
def test_every_example_survives_yaml_to_workbook_to_yaml(tmp_path, example):
    source = (EXAMPLES / example).read_bytes()
    expected = check_json(source)
    workbook = make(tmp_path, "--from", str(EXAMPLES / example))
    assert check_json(workbook) == expected
    back = run("import", "-", input=workbook)
    assert back.code == 0, back.stderr
    assert check_json(back.out) == expected


def test_the_workbook_is_the_same_bytes_every_time(tmp_path):
    assert make(tmp_path, "--from", str(BOREALIA), name="a.xlsx") == make(tmp_path, "--from", str(BOREALIA),
                                                                            name="b.xlsx")


def test_layout_drop_downs_protection_and_printing(tmp_path):
    wb = openpyxl.load_workbook(io.BytesIO(make(tmp_path)))
    assert wb.sheetnames == ["About", "Jurisdiction", "Questions", "Sources", "Determinations"]
    q = wb["Questions"]
    assert [c.value for c in q[1]][:4] == ["Group", "Question id", "Question", "Answer"]
    assert q.protection.sheet and not q.protection.password
    assert wb.security.lockStructure
    r = row_of(q, "marking.alternative_symbol_marking")
    assert q.cell(r, 4).protection.locked is False and q.cell(r, 3).protection.locked is True

    def rule_for(cell):
        return next(dv for dv in q.data_validations.dataValidation if cell in dv.sqref)

    assert rule_for(f"D{r}").formula1 == '"yes,no"'
    r = row_of(q, "definitions.antique_exemption")
    assert rule_for(f"D{r}").formula1.startswith('"none,')
    r = row_of(q, "records.retention_years")
    assert (rule_for(f"D{r}").type, rule_for(f"D{r}").operator) == ("decimal", "greaterThanOrEqual")
    assert rule_for(f"E{r}").formula1.startswith("Sources!$A$2")
    assert q.cell(r, 11).value.startswith("Firearms Protocol, art. 7")      # asked by
    assert q.page_setup.orientation == "landscape" and str(q.page_setup.paperSize) == q.PAPERSIZE_A4
    assert q.sheet_properties.pageSetUpPr.fitToPage and q.page_setup.fitToWidth == 1
    assert q.print_title_rows == "$1:$1"


def test_pre_filled_from_a_framework_file(tmp_path):
    wb = openpyxl.load_workbook(io.BytesIO(make(tmp_path, "--from", str(BOREALIA))))
    q = wb["Questions"]
    r = row_of(q, "definitions.firearm_defined")
    assert [q.cell(r, c).value for c in (4, 5, 6)] == ["yes", "FAA", "s. 3(1)"]
    assert wb["Sources"]["A2"].value == "FAA" and wb["Sources"]["C2"].value == 2015
    assert q.cell(row_of(q, "definitions.parts_components_covered = barrel"), 4).value == "yes"


def test_cell_problems_are_located_with_the_yaml_hints(tmp_path):
    def spoil(wb):
        fill_answers(wb)
        q = wb["Questions"]
        q.cell(row_of(q, "marking.alternative_symbol_marking"), 4).value = "maybe"
        q.cell(row_of(q, "definitions.antique_exemption"), 4).value = "before_1900"
        q.cell(row_of(q, "records.retention_years"), 4).value = dt.datetime(2020, 1, 1)
        q.cell(row_of(q, "definitions.ammunition_defined"), 4).value = "=1=1"
        q.cell(row_of(q, "definitions.tracing_defined"), 7).value = "a note but no answer"

    blank = make(tmp_path)
    q = openpyxl.load_workbook(io.BytesIO(blank))["Questions"]
    rows = {k: row_of(q, k) for k in ("marking.alternative_symbol_marking", "definitions.antique_exemption",
                                      "records.retention_years", "definitions.firearm_defined",
                                      "definitions.ammunition_defined", "definitions.tracing_defined")}
    lines = problems(edit(blank, spoil), name="spoilt.xlsx", tmp_path=tmp_path)
    text = "\n".join(lines).replace(str(tmp_path / "spoilt.xlsx"), "q.xlsx")
    assert f"q.xlsx:Questions!D{rows['marking.alternative_symbol_marking']}: answers.marking.alternative_symbol_marking." \
           f"answer: 'maybe' is not an accepted answer: yes or no" in text
    assert f"q.xlsx:Questions!D{rows['definitions.antique_exemption']}: " in text
    assert "'before_1900' is not one of the allowed answers: none, before_1900_only" in text
    assert f"q.xlsx:Questions!D{rows['records.retention_years']}: " in text and "date" in text
    assert f"q.xlsx:Questions!D{rows['definitions.ammunition_defined']}: " in text and "a formula" in text
    assert f"q.xlsx:Questions!D{rows['definitions.tracing_defined']}: " in text and "no answer" in text
    assert len(lines) == 5
    cells = [line.split(":Questions!")[1].split(":")[0] for line in lines]
    assert [int(c[1:]) for c in cells] == sorted(int(c[1:]) for c in cells)     # in row order, D9 before D17


def test_an_undeclared_source_key_is_located_at_its_cell(tmp_path):
    def spoil(wb):
        fill_answers(wb)
        q = wb["Questions"]
        q.cell(row_of(q, "definitions.firearm_defined"), 5).value = "FAX"

    blank = make(tmp_path)
    row = row_of(openpyxl.load_workbook(io.BytesIO(blank))["Questions"], "definitions.firearm_defined")
    lines = problems(edit(blank, spoil), name="spoilt.xlsx", tmp_path=tmp_path)
    assert lines == [f"{tmp_path / 'spoilt.xlsx'}:Questions!E{row}: answers.definitions.firearm_defined.provision."
                     "source: 'FAX' is not declared under sources (declared: FA)"]


def test_an_unknown_question_gets_a_did_you_mean(tmp_path):
    def typo(wb):
        q = wb["Questions"]
        r = row_of(q, "definitions.firearm_defined")
        q.cell(r, 2).value, q.cell(r, 4).value = "definitions.firearm_defind", "yes"

    lines = problems(edit(make(tmp_path), typo), tmp_path=tmp_path)
    assert any("unknown question 'definitions.firearm_defind'; did you mean 'definitions.firearm_defined'?" in x
               for x in lines)


def test_questions_of_a_ruleset_not_selected_count_only_when_answered(tmp_path):
    """A questionnaire made with an overlay ruleset, checked without it: as in a YAML template, its
    unanswered questions are no problem, and an answered one asks for --ruleset."""
    overlay = EXAMPLES / "overlays" / "regional-example.yaml"
    raw = make(tmp_path, "--ruleset", str(overlay), "--code", "XA", "--jurisdiction", "Aldoria")
    assert check_json(raw)[0] in (0, 1)
    question = next(r[0].value for r in openpyxl.load_workbook(io.BytesIO(raw))["Questions"].iter_rows(
        min_col=2, max_col=2) if str(r[0].value).startswith("regional_register."))

    def answer(wb):
        q = wb["Questions"]
        q.cell(row_of(q, question), 4).value = 6 if "months" in question else "yes"

    answered = edit(raw, answer)
    lines = problems(answered, tmp_path=tmp_path)
    assert len(lines) == 1 and f"unknown question {question!r}" in lines[0] and "--ruleset" in lines[0]
    assert check_json(answered, "--ruleset", str(overlay))[0] in (0, 1)


def test_import_writes_nothing_from_a_questionnaire_with_problems(tmp_path):
    def spoil(wb):
        q = wb["Questions"]
        q.cell(row_of(q, "marking.alternative_symbol_marking"), 4).value = "perhaps"

    path = tmp_path / "q.xlsx"
    path.write_bytes(edit(make(tmp_path), spoil))
    out = tmp_path / "law.yaml"
    result = run("import", str(path), "-o", str(out))
    assert result.code == 2 and "q.xlsx:Questions!D" in result.stderr
    assert not out.exists()
    existing = tmp_path / "kept.yaml"
    existing.write_text("keep", "utf-8")
    assert run("import", str(BOREALIA), "-o", str(existing)).code == 2
    assert existing.read_text("utf-8") == "keep"


def test_compare_reads_a_folder_of_workbooks_and_yaml(tmp_path):
    folder = tmp_path / "laws"
    folder.mkdir()
    (folder / "aldoria.yaml").write_bytes((EXAMPLES / "aldoria-typical-gaps.yaml").read_bytes())
    (folder / "borealia.xlsx").write_bytes(make(tmp_path, "--from", str(BOREALIA)))
    (folder / "~$borealia.xlsx").write_bytes(b"\x00Excel's lock file")
    result = run("compare", str(folder), "-f", "json")
    assert result.code in (0, 1), result.stderr
    data = json.loads(result.out)
    assert sorted(j["jurisdiction"]["code"] for j in data["jurisdictions"]) == ["XA", "XB"]
    assert not data.get("input_errors")


def test_the_filled_example_questionnaire_answers_as_its_yaml(tmp_path):
    example = (EXAMPLES / "questionnaires" / "borealia-near-complete.xlsx").read_bytes()
    assert check_json(example) == check_json(BOREALIA.read_bytes())


# -- hostile workbooks ------------------------------------------------------------------------

def rezip(raw: bytes, replace: dict | None = None, add: dict | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = (replace or {}).get(info.filename, src.read(info.filename))
            dst.writestr(info.filename, data)
        for name, data in (add or {}).items():
            dst.writestr(name, data)
    return out.getvalue()


def sheet_part(raw: bytes, sheet: str) -> str:
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        wb = openpyxl.load_workbook(io.BytesIO(raw), read_only=True)
        index = wb.sheetnames.index(sheet) + 1
        wb.close()
        assert f"xl/worksheets/sheet{index}.xml" in z.namelist()
        return f"xl/worksheets/sheet{index}.xml"


def rows_xml(count: int) -> bytes:
    head = b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/' \
           b'spreadsheetml/2006/main"><sheetData>'
    return head + b"".join(b'<row r="%d"/>' % i for i in range(1, count + 1)) + b"</sheetData></worksheet>"


HOSTILE = {
    "not a zip": lambda raw: b"name,answer\nfirearm_defined,yes\n",
    "old xls": lambda raw: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
    "truncated zip": lambda raw: raw[: len(raw) // 2],
    "zip bomb": lambda raw: rezip(raw, add={"xl/media/bomb.txt": b"\0" * (60 << 20)}),
    "macros": lambda raw: rezip(raw, add={"xl/vbaProject.bin": b"\0" * 64}),
    "activex": lambda raw: rezip(raw, add={"xl/activeX/activeX1.bin": b"\0" * 64}),
    "external link": lambda raw: rezip(raw, add={"xl/externalLinks/externalLink1.xml": b"<externalLink/>"}),
    "a million rows": lambda raw: rezip(raw, replace={sheet_part(raw, "Questions"): rows_xml(1_000_000)}),
    "too many rows": lambda raw: edit(raw, lambda wb: wb["Sources"].cell(6_001, 2, "a title far below")),
    "huge shared strings": lambda raw: rezip(raw, add={"xl/sharedStrings.xml": b"<sst>" + b"<si><t>x</t></si>"
                                                                               * 2_000_000 + b"</sst>"}),
    "entity declaration": lambda raw: rezip(raw, add={"xl/sharedStrings.xml": b'<?xml version="1.0"?>'
                                        b'<!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa">]><sst>&a;</sst>'}),
    "no questionnaire sheets": lambda raw: _plain_workbook(),
    "zip directory lies about sizes": lambda raw: _lying_sizes(raw),
    "malformed sheet xml": lambda raw: rezip(raw, replace={sheet_part(raw, "Questions"): b"<worksheet><sheetData><row"}),
    "a number cell that is not a number": lambda raw: rezip(raw, replace={sheet_part(raw, "Sources"): (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row r="1"><c r="A1" t="n"><v>not a number</v></c></row></sheetData></worksheet>')}),
}


def _lying_sizes(raw: bytes) -> bytes:
    """The Questions sheet, whose zip directory says 100 bytes, inflates to 50 MB."""
    import struct

    part = sheet_part(raw, "Questions")
    bomb = bytearray(rezip(raw, replace={part: b"<worksheet>" + b" " * (50 << 20) + b"</worksheet>"}))
    name = part.encode()
    local = bomb.find(b"PK\x03\x04")
    while bomb[local + 30:local + 30 + len(name)] != name:
        local = bomb.find(b"PK\x03\x04", local + 4)
    bomb[local + 22:local + 26] = struct.pack("<I", 100)
    central = bomb.find(b"PK\x01\x02")
    while bomb[central + 46:central + 46 + len(name)] != name:
        central = bomb.find(b"PK\x01\x02", central + 4)
    bomb[central + 24:central + 28] = struct.pack("<I", 100)
    return bytes(bomb)


def _plain_workbook() -> bytes:
    out = io.BytesIO()
    openpyxl.Workbook().save(out)
    return out.getvalue()


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_workbooks_exit_2_with_a_located_message(tmp_path, case):
    raw = HOSTILE[case](make(tmp_path, name="base.xlsx"))
    lines = problems(raw, tmp_path=tmp_path)
    assert lines and all(line.startswith(str(tmp_path / "q.xlsx")) for line in lines), lines
    assert not any("missing required" in line for line in lines), lines     # refused for what it is


@pytest.mark.parametrize("change, where, words", [
    (lambda wb: wb["Questions"].merge_cells("D5:E5"), "Questions!D5:E5", "merged cells"),
    (lambda wb: setattr(wb["Sources"], "sheet_state", "hidden"), "q.xlsx", "is hidden"),
    (lambda wb: wb.create_sheet("Secret").__setattr__("sheet_state", "veryHidden"), "q.xlsx", "is hidden"),
    (lambda wb: wb["Questions"].cell(1, 4, "Reply"), "Questions!D1", "header row"),
    (lambda wb: setattr(wb["Questions"].row_dimensions[7], "hidden", True), "Questions!7:7", "hidden"),
    (lambda wb: setattr(wb["Sources"].column_dimensions["C"], "hidden", True), "Sources!C:C", "hidden"),
    (lambda wb: wb["Jurisdiction"].column_dimensions.group("B", "C", hidden=True), "Jurisdiction!B:C", "hidden"),
])
def test_workbooks_edited_out_of_shape_are_refused(tmp_path, change, where, words):
    lines = problems(edit(make(tmp_path, name="base.xlsx"), change), tmp_path=tmp_path)
    assert any(where in line and words in line for line in lines), lines


def test_printer_settings_saved_by_excel_are_not_taken_for_macros(tmp_path):
    raw = rezip(make(tmp_path, "--from", str(BOREALIA), name="base.xlsx"),
                add={"xl/printerSettings/printerSettings1.bin": b"\0" * 64})
    assert check_json(raw) == check_json(BOREALIA.read_bytes())


def test_macro_enabled_name_and_size_limit(tmp_path, monkeypatch):
    raw = make(tmp_path, name="base.xlsx")
    assert "macro-enabled" in problems(raw, name="q.xlsm", tmp_path=tmp_path)[0]
    monkeypatch.setattr(loader, "MAX_BYTES", loader.MAX_BYTES)     # --max-bytes sets it for the process
    path = tmp_path / "q.xlsx"
    path.write_bytes(raw)
    result = run("--max-bytes", "1000", "check", str(path))
    assert result.code == 2 and "more than 1,000 bytes" in result.stderr


def test_init_options_that_cannot_work_are_refused_before_anything_is_written(tmp_path):
    result = run("init", "--format", "xlsx")
    assert result.code == 2 and "give -o FILE.xlsx" in result.stderr and result.out == b""
    result = run("init", "--from", str(BOREALIA), "-o", str(tmp_path / "law.yaml"))
    assert result.code == 2 and "firearms-gap import" in result.stderr
    assert not (tmp_path / "law.yaml").exists()
    result = run("init", "--format", "xlsx", "--code", "Norway", "-o", str(tmp_path / "q.xlsx"))
    assert result.code == 2 and "not an ISO 3166 code" in result.stderr
    assert not (tmp_path / "q.xlsx").exists()


def test_a_questionnaire_for_one_ruleset_asks_only_its_questions(tmp_path):
    wb = openpyxl.load_workbook(io.BytesIO(make(tmp_path, "--ruleset", "firearms-protocol", "--jurisdiction",
                                                "Republic of Aldoria", "--code", "XA")))
    asked = [r[0].value for r in wb["Questions"].iter_rows(min_row=2, min_col=11, max_col=11) if r[0].value]
    assert asked and all(a.startswith("Firearms Protocol") or a.startswith("no selected") for a in asked)
    j = wb["Jurisdiction"]
    assert j.cell(field_row(j, "jurisdiction.name"), 3).value == "Republic of Aldoria"


def test_libreoffice_saving_the_questionnaire_changes_no_answer(tmp_path):
    """What a ministry using LibreOffice sends back: the workbook opened and saved again."""
    import shutil
    import subprocess

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        from support import unavailable
        unavailable("LibreOffice Calc not found; install it: apt-get install -y libreoffice-calc-nogui")
    source = tmp_path / "in.xlsx"
    source.write_bytes((EXAMPLES / "questionnaires" / "borealia-near-complete.xlsx").read_bytes())
    out = tmp_path / "out"
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--convert-to",
                    "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(source)],
                   check=True, capture_output=True, timeout=300)
    resaved = (out / "in.xlsx").read_bytes()
    assert resaved != source.read_bytes()
    assert check_json(resaved) == check_json(BOREALIA.read_bytes())


def test_what_excel_users_type_is_read_as_they_mean_it(tmp_path):
    """Capitals and spaces around yes/no, Excel's own TRUE, a number typed as text, a whole number
    stored as 10.0, Windows line breaks: all read as the YAML answer they stand for."""
    def typed(wb):
        fill_answers(wb)
        q = wb["Questions"]
        q.cell(row_of(q, "definitions.firearm_defined"), 4).value = " Yes "
        q.cell(row_of(q, "definitions.ammunition_defined"), 4).value = True
        q.cell(row_of(q, "records.retention_years"), 4).value = "10"
        q.cell(row_of(q, "records.retention_years"), 7).value = "pasted from Word:\r\nkept ten years"

    def canonical(wb):
        fill_answers(wb)
        q = wb["Questions"]
        q.cell(row_of(q, "records.retention_years"), 7).value = "pasted from Word:\nkept ten years"
        q.cell(row_of(q, "definitions.ammunition_defined"), 4).value = "yes"
        q.cell(row_of(q, "records.retention_years"), 4).value = 10.0

    blank = make(tmp_path)
    assert check_json(edit(blank, typed)) == check_json(edit(blank, canonical))


def test_invisible_characters_and_dates_in_text_cells_are_refused(tmp_path):
    def spoil(wb):
        fill_answers(wb)
        q = wb["Questions"]
        q.cell(row_of(q, "definitions.firearm_defined"), 7).value = "covers \u202eall\u202c weapons"
        q.cell(row_of(q, "records.retention_years"), 6).value = dt.datetime(2030, 1, 1)

    lines = problems(edit(make(tmp_path), spoil), name="spoilt.xlsx", tmp_path=tmp_path)
    assert any(":Questions!G" in x and "control character U+202E" in x for x in lines), lines
    assert any(":Questions!F" in x and "Excel turned this into a date" in x for x in lines), lines


def test_json_output_names_the_cell_of_each_problem(tmp_path):
    def spoil(wb):
        fill_answers(wb)
        q = wb["Questions"]
        q.cell(row_of(q, "definitions.firearm_defined"), 4).value = "maybe"

    path = tmp_path / "q.xlsx"
    path.write_bytes(edit(make(tmp_path, name="blank.xlsx"), spoil))
    result = run("check", str(path), "-f", "json")
    assert result.code == 2
    (error,) = json.loads(result.out)["input_errors"]
    assert error["file"].startswith(str(path) + ":Questions!D")
    assert error["path"] == "answers.definitions.firearm_defined.answer"


def test_a_sheet_is_scanned_alike_whatever_the_chunk_size(monkeypatch):
    """Hidden rows, hidden columns and merged cells are found by reading a sheet in chunks: an
    element cut in two by a chunk's end is still found, once."""
    from firearms_gap.questionnaire import safety

    sheet = (b'<worksheet><cols><col min="2" max="3" width="9" hidden="1"/><col min="4" max="4"/>'
             b'<col hidden="true" max="6" min="6"/></cols><sheetData>'
             + b"".join(b'<row r="%d" spans="1:3"%s><c r="A%d"/></row>' % (n, b' hidden="1"' if n in (3, 40) else b"", n)
                        for n in range(1, 60))
             + b'</sheetData><mergeCells><mergeCell ref="D5:E5"/><mergeCell ref="A9:B9"/></mergeCells></worksheet>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("xl/worksheets/sheet1.xml", sheet)
    expected = (["B:C", "F:F", "3:3", "40:40"], ["D5:E5", "A9:B9"])
    with zipfile.ZipFile(buffer) as zf:
        for size in (7, 13, 64, 100, 1 << 20):
            monkeypatch.setattr(safety, "_CHUNK", size)
            found = (safety.hidden_rows_and_columns(zf, "xl/worksheets/sheet1.xml"),
                     safety.merged_ranges(zf, "xl/worksheets/sheet1.xml"))
            assert found == expected, size

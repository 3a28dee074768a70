"""`--format docx`: the Word report is read back with python-docx (headings, styles, tables, the
executive summary against the JSON of the same check), its package parts checked, its bytes
compared across runs, and it is opened by LibreOffice when that is installed.

The LibreOffice test is skipped without `soffice`, except when CI=true, where it fails: CI installs
it (.ci/run: apt-get install -y libreoffice-writer-nogui).
"""
from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import zipfile
import zlib

import pytest
from clirun import run
from support import ROOT, unavailable
from test_compare import HOSTILE, HOSTILE_RULESET, RULESET, XA, XB

docx = pytest.importorskip("docx")
from firearms_gap.render.palette import FILLS, NON_BINDING_FILLS  # noqa: E402

pytestmark = pytest.mark.usefixtures("in_repository")  # conftest.py

ALDORIA = "examples/aldoria-typical-gaps.yaml"          # a Party, with binding shortfalls
SHORTFALLS = ("gap", "partial", "not adopted", "met (uncited)")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def word(tmp_path, *args: str, name="out.docx", code=1):
    path = tmp_path / name
    result = run(*args, "-f", "docx", "-o", str(path))
    assert result.code == code, result.stderr
    assert result.out == b""
    return docx.Document(str(path)), path


def as_json(*args: str) -> dict:
    return json.loads(run(*args, "-f", "json").out)


def headings(doc, level: int | None = None) -> list[str]:
    names = {f"Heading {level}"} if level else {"Heading 1", "Heading 2"}
    return [p.text for p in doc.paragraphs if p.style.name in names]


def under(doc, heading: str) -> list:
    """The paragraphs after a heading, up to the next heading."""
    out, inside = [], False
    for p in doc.paragraphs:
        if p.style.name.startswith("Heading"):
            if inside:
                break
            inside = p.text == heading
        elif inside:
            out.append(p)
    return out


def summary_ids(doc, heading: str) -> list[str]:
    """The requirement ids of the executive summary's bullets: '<citation> (<id>)' in bold."""
    return [re.search(r"\(([^()]*)\)$", p.runs[0].text).group(1)
            for p in under(doc, heading) if p.style.name == "List Bullet"]


def test_structure_of_the_report(tmp_path):
    doc, path = word(tmp_path, "check", ALDORIA)
    data = as_json("check", ALDORIA)
    titles = data["summary"]["section_titles"]
    sections = [k for k in ("binding", "treaty-non-binding", "soft-law") if data["summary"]["by_section"][k]
                and any(r["section"] == k for r in data["results"])]
    assert [p.text for p in doc.paragraphs if p.style.name == "Title"] == [
        "Gap matrix: Republic of Aldoria (XA) [fictional], law as of 2026-01-01"]
    assert headings(doc, 1) == ["Executive summary", *(titles[k] for k in sections), "How to read this report",
                                "Annex: sources"]
    # One table per section of the matrix, the counts per section, and two of the legend.
    assert len(doc.tables) == len(sections) + 3
    styles = {p.style.name for p in doc.paragraphs} | {t.style.name for t in doc.tables}
    assert {"Title", "Heading 1", "Heading 2", "List Bullet", "Table Grid"} <= styles
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Party to the Firearms Protocol: its obligations bind this State." in text
    assert f"firearms-gap {data['tool']['version']}" in text
    for r in data["rulesets"]:
        assert f"{r['id']} {r['version']}: " in text


def test_executive_summary_lists_the_binding_shortfalls(tmp_path):
    doc, _ = word(tmp_path, "check", ALDORIA)
    data = as_json("check", ALDORIA)
    expected = [r["id"] for r in data["results"] if r["binding"] and r["status"] in SHORTFALLS]
    assert expected, "the example should have binding shortfalls"
    assert summary_ids(doc, "Binding obligations with a shortfall") == expected
    first = next(r for r in data["results"] if r["id"] == expected[0])
    bullet = under(doc, "Binding obligations with a shortfall")[1]
    assert first["missing"][0] in bullet.text and first["status"] in bullet.text
    # Counts per section: the JSON's counts.
    counts = doc.tables[0]
    header = [c.text for c in counts.rows[0].cells]
    binding = [c.text for c in counts.rows[1].cells]
    assert binding[0] == data["summary"]["section_titles"]["binding"]
    assert dict(zip(header[1:], map(int, binding[1:]))) == data["summary"]["by_section"]["binding"]


def test_matrix_tables_show_each_result(tmp_path):
    doc, _ = word(tmp_path, "check", ALDORIA)
    data = as_json("check", ALDORIA)
    table = doc.tables[1]
    header = [c.text for c in table.rows[0].cells]
    assert header == ["Article", "Requirement", "Legal force", "National provision", "Status", "What is missing",
                      "Notes and evidence"]
    assert table.rows[0]._tr.trPr.find(f"{W}tblHeader") is not None       # repeats on every page
    binding = [r for r in data["results"] if r["section"] == "binding"]
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert [(r[0], r[4]) for r in rows] == [(r["citation"], r["status"]) for r in binding]
    for row, r in zip(rows, binding):
        assert row[1].endswith(r["id"])
        for missing in r["missing"]:
            assert f"Missing: {missing}" in row[5]
        for provision in r["national_provisions"]:
            assert provision in row[3]
    # A status is a word, its cell shaded with the status colour.
    gap = next(i for i, r in enumerate(binding) if r["status"] == "gap")
    shading = table.rows[gap + 1].cells[4]._tc.tcPr.find(f"{W}shd")
    assert shading.get(f"{W}fill") == FILLS["gap"]
    # In a non-binding section a gap is never painted as a breach.
    fills = {row.cells[4].text: row.cells[4]._tc.tcPr.find(f"{W}shd").get(f"{W}fill")
             for table in doc.tables[2:-2] for row in table.rows[1:]}
    assert fills["partial"] == NON_BINDING_FILLS["partial"] != FILLS["partial"]


def test_a_state_not_party_reads_as_a_benchmark(tmp_path):
    """Aldoria's law, but the State is not a Party: no binding shortfall, the same shortfalls as a
    benchmark, and the counts table says the section binds no one here."""
    law = tmp_path / "not-party.yaml"
    source = open(ALDORIA, encoding="utf-8").read()
    assert "party_to: [firearms-protocol, untoc]" in source
    law.write_text(source.replace("party_to: [firearms-protocol, untoc]",
                                  "party_to: [untoc]\nnot_party_to: [firearms-protocol]"), encoding="utf-8")
    doc, _ = word(tmp_path, "check", str(law), code=0)
    data = as_json("check", str(law))
    party = as_json("check", ALDORIA)
    assert data["framework"]["party_status"] == "not a party"
    assert [p.text for p in under(doc, "Binding obligations with a shortfall")][0].startswith(
        "None binds this State. Not a Party to the Firearms Protocol")
    benchmark = "Treaty benchmark: provisions not met (not binding on this State, never a breach)"
    expected = [r["id"] for r in data["results"] if r["section"] == "binding" and r["status"] in SHORTFALLS]
    assert expected == [r["id"] for r in party["results"] if r["binding"] and r["status"] in SHORTFALLS]
    assert summary_ids(doc, benchmark) == expected
    title = data["summary"]["section_titles"]["binding"]
    assert "not a Party" in title and title in headings(doc, 1)
    assert doc.tables[0].rows[1].cells[0].text == title


def test_legend_and_sources_annex(tmp_path):
    doc, _ = word(tmp_path, "check", ALDORIA)
    data = as_json("check", ALDORIA)
    statuses, forces = doc.tables[-2], doc.tables[-1]
    assert [r.cells[0].text for r in statuses.rows[1:]] == ["met", "met (uncited)", "partial", "gap", "not adopted",
                                                            "not assessed", "not applicable"]
    assert "never a gap" in statuses.rows[5].cells[1].text
    assert "mandatory" in [r.cells[0].text for r in forces.rows[1:]]
    cited = [p.text for p in under(doc, "National provisions cited")]
    assert cited == list(dict.fromkeys(p for r in data["results"] for p in r["national_provisions"]))
    instruments = "\n".join(p.text for p in under(doc, "Instruments and the provisions cited from them"))
    protocol = next(line for line in instruments.splitlines() if line.startswith("Firearms Protocol ("))
    cited = dict.fromkeys(r["citation"] for r in data["results"] if r["ruleset"] == "firearms-protocol")
    assert all(c.startswith("Firearms Protocol, art. ") for c in cited)
    # Under the instrument's name, each citation without it.
    assert protocol.endswith("): " + "; ".join(c.removeprefix("Firearms Protocol, ") for c in cited))


def test_same_input_same_bytes(tmp_path, monkeypatch):
    _, one = word(tmp_path, "check", ALDORIA, name="one.docx")
    _, two = word(tmp_path, "check", ALDORIA, name="two.docx")
    assert one.read_bytes() == two.read_bytes()
    with zipfile.ZipFile(one) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert "docProps/thumbnail.jpeg" not in z.namelist()     # python-docx's picture of another document
        assert "<dcterms:created" in z.read("docProps/core.xml").decode()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")          # 2026-01-01 00:00 UTC
    doc, three = word(tmp_path, "check", ALDORIA, name="three.docx")
    assert doc.core_properties.created.isoformat().startswith("2026-01-01T00:00:00")
    with zipfile.ZipFile(three) as z:
        assert {i.date_time for i in z.infolist()} == {(2026, 1, 1, 0, 0, 0)}


def test_hostile_text_stays_text(tmp_path):
    doc, path = word(tmp_path, "check", "--ruleset", HOSTILE_RULESET, HOSTILE[0], code=0)
    with zipfile.ZipFile(path) as z:
        body = z.read("word/document.xml").decode()
    for construct in ("<w:fldSimple", "<w:instrText", "<w:fldChar", "<w:hyperlink", "<script"):
        assert construct not in body
    cells = "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    assert '=HYPERLINK("http://x","y") <script>alert(1)</script>' in cells


def test_text_the_loader_lets_through_does_not_corrupt_the_document(tmp_path):
    """The loader refuses control and bidi characters; a tab and U+FFFF (not allowed in XML at all)
    get through, and so does text that looks like WordprocessingML or a field code."""
    text = tmp_path / "x.yaml"
    note = 'tab\\tend nonchar\\uffff <w:fldSimple w:instr=\\"HYPERLINK http://x\\"/> { HYPERLINK http://x }'
    text.write_text(open(XA, encoding="utf-8").read().replace(
        "awareness_campaign: {answer: false}", f'awareness_campaign: {{answer: false, note: "{note}"}}'),
        encoding="utf-8")
    doc, path = word(tmp_path, "check", "--ruleset", RULESET, str(text))
    notes = "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells if "nonchar" in c.text)
    assert 'tab end nonchar\ufffd <w:fldSimple w:instr="HYPERLINK http://x"/> { HYPERLINK http://x }' in notes
    with zipfile.ZipFile(path) as z:
        assert "<w:fldSimple" not in z.read("word/document.xml").decode()


def test_xml_illegal_characters_are_replaced():
    from firearms_gap.render.formats.docx import _text

    assert _text("a\ud800b\uffffc<&>\"") == "a\ufffdb\ufffdc&lt;&amp;&gt;&quot;"


@pytest.mark.parametrize("args, message", [
    (("compare", "--ruleset", RULESET, XA, XB), "'docx' is not one of"),
    (("diff", "--ruleset", RULESET, XA, XB), "'docx' is not one of"),
])
def test_compare_and_diff_offer_no_word_report(args, message, tmp_path):
    result = run(*args, "-f", "docx", "-o", tmp_path / "x.docx")
    assert result.code == 2
    assert message in result.stderr
    assert not (tmp_path / "x.docx").exists()


def test_the_extension_docx_asks_for_the_word_report(tmp_path):
    result = run("check", ALDORIA, "-o", tmp_path / "report.docx")
    assert result.code == 1, result.stderr
    assert docx.Document(str(tmp_path / "report.docx")).paragraphs[0].style.name == "Title"
    refused = run("compare", "--ruleset", RULESET, XA, XB, "-o", tmp_path / "all.docx")
    assert refused.code == 2
    assert "one jurisdiction's gap report" in refused.stderr          # REFUSED's reason, by name
    assert not (tmp_path / "all.docx").exists()


def test_word_report_needs_a_file():
    result = run("check", ALDORIA, "-f", "docx")
    assert result.code == 2
    assert "give -o FILE.docx" in result.stderr
    assert result.out == b""


def test_registry_says_why_compare_and_diff_have_no_word_report():
    from firearms_gap.render.formats import REFUSED, Refused, formats_for, render

    assert "docx" in formats_for("check")
    assert "docx" not in formats_for("compare") and "docx" not in formats_for("diff")

    class CompareView:
        report_name = "compare"
    with pytest.raises(Refused, match="one jurisdiction's gap report"):
        render(CompareView(), "docx")
    assert "no Word report" in REFUSED["docx", "diff"]


def test_libreoffice_opens_it(tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        unavailable("LibreOffice (soffice) not found; install it: apt-get install -y libreoffice-writer-nogui")
    _, path = word(tmp_path, "check", ALDORIA)
    profile = tmp_path / "profile"              # a profile of its own: no clash with a running LibreOffice
    done = subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                           "--outdir", str(tmp_path), str(path)], capture_output=True, timeout=180)
    pdf = tmp_path / "out.pdf"
    assert done.returncode == 0 and pdf.is_file(), done.stderr.decode(errors="replace")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    # Title page, executive summary, three sections of the matrix, legend: more than five pages.
    pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
    assert pages > 5, pages


# --- the shipped template (render/word_template.py) --------------------------------------------------

EXAMPLES = sorted(str(p) for p in (ROOT / "examples").glob("*.yaml"))


def by_python_docx(raw: bytes, name: str, rulesets=None) -> tuple[bytes, bytes]:
    """The Word report of a check, made from the shipped template and made by python-docx for it
    (the straightforward way): the same body, title and date in both."""
    from firearms_gap import api
    from firearms_gap.render.formats import docx as word_format
    from firearms_gap.render.word_template import with_python_docx

    view = api.view(api.check_file(raw, name, rulesets=rulesets))
    return word_format.render_check(view), with_python_docx(*word_format.contents(view))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.rsplit("/", 1)[-1])
def test_the_template_gives_the_bytes_python_docx_gives(path, monkeypatch):
    fast, reference = by_python_docx(open(path, "rb").read(), path)
    assert fast == reference
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    fast, reference = by_python_docx(open(path, "rb").read(), path)
    assert fast == reference and b"2026-01-01T00:00:00Z" in zipfile.ZipFile(io.BytesIO(fast)).read("docProps/core.xml")


def test_the_template_gives_the_bytes_python_docx_gives_for_hostile_text():
    fast, reference = by_python_docx(open(HOSTILE[0], "rb").read(), HOSTILE[0], rulesets=[HOSTILE_RULESET])
    title = zipfile.ZipFile(io.BytesIO(fast)).read("docProps/core.xml").decode()
    assert "<dc:title>Gap matrix: &lt;script&gt;alert(1)&lt;/script&gt;\" onmouseover" in title
    assert fast == reference


def test_a_title_xml_cannot_hold_is_replaced_not_a_crash(tmp_path):
    """U+FFFF gets through the loader; the document's properties cannot hold it (python-docx refused it)."""
    law = tmp_path / "x.yaml"
    source = open(XA, encoding="utf-8").read()
    assert "{name: Republic of Aldoria," in source
    law.write_text(source.replace("{name: Republic of Aldoria,", '{name: "Republic of \\uffffAldoria",'),
                   encoding="utf-8")
    doc, _ = word(tmp_path, "check", "--ruleset", RULESET, str(law))
    assert "Republic of \ufffdAldoria" in doc.core_properties.title
    assert "Republic of \ufffdAldoria" in doc.paragraphs[0].text


def test_the_shipped_template_is_what_python_docx_makes():
    """python-docx, the page or the properties changed: UPDATE_GOLDEN=1 makes the template again."""
    from firearms_gap.render import word_template

    made = word_template.make()
    if os.environ.get("UPDATE_GOLDEN") == "1":
        with open(word_template.TEMPLATE, "wb") as out:
            out.write(made)
    with open(word_template.TEMPLATE, "rb") as shipped:
        assert shipped.read() == made, (
            "render/word-template.docx is not what python-docx makes: UPDATE_GOLDEN=1 python -m pytest tests/test_docx.py")


def test_a_word_report_does_not_import_python_docx(tmp_path):
    from test_startup import modules_after

    mods = modules_after(["check", str(ROOT / ALDORIA), "-o", str(tmp_path / "r.docx")])
    assert (tmp_path / "r.docx").stat().st_size > 10_000
    assert not {m.split(".")[0] for m in mods} & {"docx", "lxml"}


def test_the_shipped_template_is_read_as_zipfile_reads_it(tmp_path, monkeypatch):
    """fill reads its own template without zipfile: the same entries, in the same order, the same
    bytes; a damaged entry is an error, not a report."""
    from firearms_gap.render import word_template

    with zipfile.ZipFile(word_template.TEMPLATE) as template:
        expected = [(info.filename, template.read(info)) for info in template.infolist()]
    assert word_template.template_entries() == expected and len(expected) > 10
    raw = bytearray(open(word_template.TEMPLATE, "rb").read())
    start = raw.index(b"word/styles.xml") + len(b"word/styles.xml") + 40    # in its deflated data
    raw[start] ^= 0xFF
    damaged = tmp_path / "template.docx"
    damaged.write_bytes(bytes(raw))
    monkeypatch.setattr(word_template, "TEMPLATE", str(damaged))
    with pytest.raises((RuntimeError, zlib.error)):
        word_template.template_entries()

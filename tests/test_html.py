"""HTML reports (check, compare, diff): self-contained, escaped, binding apart from non-binding.

The structure is read back with html.parser, as a browser would see it: no script, no event
attribute, no URL, the Content-Security-Policy first in <head> with the hash of the one <style>,
every table with a <thead> (repeated on each printed page), and every hostile string from the
fixtures shown as text. The browser rendering itself is tested in test_html_browser.py.
"""
from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser

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

from firearms_gap.model import BINDING_FORCES, STATUSES
from firearms_gap.render.palette import GLYPHS
from firearms_gap.views.labels import FORCE_LABELS

LAW, DRAFT = f"{FIXTURES}/diff/law.yaml", f"{FIXTURES}/diff/draft.yaml"
VOID = {"meta", "br", "img", "link", "hr", "input", "col", "base", "wbr", "source", "area", "embed", "param"}


class Node:
    def __init__(self, tag: str, attrs: dict, parent=None):
        self.tag, self.attrs, self.parent, self.children = tag, attrs, parent, []

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def find_all(self, tag: str):
        for c in self.children:
            if isinstance(c, Node):
                if c.tag == tag:
                    yield c
                yield from c.find_all(tag)

    def ancestor(self, tag: str):
        node = self.parent
        while node is not None and node.tag != tag:
            node = node.parent
        return node

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())


class Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.node = self.root
        self.all: list[Node] = []

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs), self.node)
        self.node.children.append(node)
        self.all.append(node)
        if tag not in VOID:
            self.node = node

    def handle_startendtag(self, tag, attrs):
        node = Node(tag, dict(attrs), self.node)
        self.node.children.append(node)
        self.all.append(node)

    def handle_endtag(self, tag):
        node = self.node
        while node is not None and node.tag != tag:
            node = node.parent
        assert node is not None, f"</{tag}> closes nothing"
        self.node = node.parent

    def handle_data(self, data):
        self.node.children.append(data)


def parse(text: str) -> Parser:
    p = Parser()
    p.feed(text)
    p.close()
    assert p.node is p.root, f"unclosed <{p.node.tag}>"
    return p


pytestmark = pytest.mark.usefixtures("in_repository")  # conftest.py


def html_of(*args: str) -> str:
    result = run(*args, "-f", "html")
    assert result.code in (0, 1), result.stderr
    assert result.err == b""
    return result.stdout


REPORTS = {
    "check": ("check", XA, "--ruleset", RULESET),
    "check-bundled": ("check", "examples/aldoria-typical-gaps.yaml"),
    "compare": ("compare", "--ruleset", RULESET, XA, XB, XC),
    "diff": ("diff", "--ruleset", RULESET, LAW, DRAFT),
}


@pytest.fixture(scope="module", params=sorted(REPORTS))
def report(request):
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(ROOT)
        mp.delenv("SOURCE_DATE_EPOCH", raising=False)
        return request.param, html_of(*REPORTS[request.param])


# --------------------------------------------------------------------------- self-contained and safe

def test_self_contained_and_script_free(report):
    _, text = report
    doc = parse(text)
    assert not list(doc.root.find_all("script"))
    for node in doc.all:
        assert node.tag not in ("link", "iframe", "object", "embed", "base", "form", "img", "a"), node.tag
        for name, value in node.attrs.items():
            assert not name.startswith("on"), (node.tag, name)
            assert name not in ("href", "src", "action", "style"), (node.tag, name)
            assert "javascript:" not in (value or "").lower()
    assert not re.search(r"https?://", " ".join(str(v) for n in doc.all for v in n.attrs.values()))


def test_content_security_policy_first_in_head_with_the_style_hash(report):
    _, text = report
    doc = parse(text)
    head = next(doc.root.find_all("head"))
    first = next(c for c in head.children if isinstance(c, Node))
    assert first.tag == "meta" and first.attrs["http-equiv"] == "Content-Security-Policy"
    policy = dict(part.strip().split(" ", 1) for part in first.attrs["content"].split(";"))
    styles = list(doc.root.find_all("style"))
    assert len(styles) == 1
    digest = base64.b64encode(hashlib.sha256(styles[0].text().encode("utf-8")).digest()).decode()
    assert policy == {"default-src": "'none'", "style-src": f"'sha256-{digest}'", "img-src": "data:",
                      "base-uri": "'none'", "form-action": "'none'"}
    assert "unsafe-inline" not in text


def test_every_table_has_a_header_repeated_in_print(report):
    _, text = report
    doc = parse(text)
    tables = list(doc.root.find_all("table"))
    assert tables
    for table in tables:
        assert [c.tag for c in table.children if isinstance(c, Node)][0] == "thead"
    style = next(doc.root.find_all("style")).text()
    assert "@media print" in style and "thead { display: table-header-group; }" in style
    assert "break-inside: avoid" in style


def test_no_timestamp_unless_source_date_epoch(report, monkeypatch):
    name, text = report
    assert " on 19" not in text and " on 20" not in text
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "86400")
    dated = html_of(*REPORTS[name])
    assert "Made with firearms-gap 0.1.0 on 1970-01-02 00:00 UTC." in dated
    assert dated.replace(" on 1970-01-02 00:00 UTC", "") == text
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    bad = run(*REPORTS[name], "-f", "html")
    assert bad.code == 2 and "SOURCE_DATE_EPOCH" in bad.stderr


# --------------------------------------------------------------------------- what a reader must see

def _rows(doc):
    """(section classes, cell texts) of every data row of every matrix."""
    for tr in doc.root.find_all("tr"):
        cells = [c for c in tr.children if isinstance(c, Node) and c.tag == "td"]
        section = tr.ancestor("section")
        if cells and tr.ancestor("tbody") is not None and section is not None:
            yield section.classes, [c.text() for c in cells], tr


def test_check_report_title_block_and_rows():
    doc = parse(html_of(*REPORTS["check"]))
    header = next(doc.root.find_all("header")).text()
    for expected in ("Republic of Aldoria (XA) [fictional]", "2026-01-01", "test-fixture 1.0.0",
                     "firearms-gap 0.1.0", XA, "--fail-on mandatory"):
        assert expected in header
    rows = {cells[0]: (classes, cells) for classes, cells, _ in _rows(doc) if re.match(r"TI-", cells[0])}
    assert sorted(rows) == ["TI-1", "TI-2", "TI-3", "TI-4", "TI-5", "TI-6", "TI-D1", "TI-R1"]
    classes, cells = rows["TI-2"]
    assert "binding" in classes and cells[3] == "partial"
    assert "Missing: Records are kept for less than ten years." in cells[4]
    assert cells[5].startswith("Test Instrument (fictional), art. 2")
    assert rows["TI-3"][1][4].endswith("Qualified by: \u201cwhere appropriate\u201d")
    themes = [th.text() for th in doc.root.find_all("th") if th.parent.classes == {"theme"}]
    assert themes[:4] == ["licensing", "records", "marking", "transfers"]      # views.labels.theme_label


def test_binding_obligations_are_kept_apart_from_everything_else():
    """A recommendation, discussion point, draft or context item never sits among obligations,
    and every non-binding part says in words that it is not a breach."""
    doc = parse(html_of(*REPORTS["check-bundled"]))
    binding_labels = {FORCE_LABELS[f] for f in BINDING_FORCES}
    seen = {"binding": 0, "nonbinding": 0}
    for classes, cells, _ in _rows(doc):
        if "binding" in classes:
            seen["binding"] += 1
            assert cells[2] in binding_labels, cells[:3]
        elif "nonbinding" in classes:
            seen["nonbinding"] += 1
            assert cells[2] not in binding_labels, cells[:3]
    assert seen["binding"] and seen["nonbinding"]
    for section in doc.root.find_all("section"):
        if "nonbinding" in section.classes:
            notice = next(p for p in section.find_all("p") if "notice" in p.classes).text()
            assert "never a breach" in notice or "is never a breach" in notice
    assert doc.root.text().index("Treaty obligations") < doc.root.text().index("Recommendations (of the Working Group")


def test_compare_report_colours_and_words():
    """The heatmap: per cell the status's glyph on its colour (class), never colour alone; the
    legend on the first page names each glyph and colour in words."""
    doc = parse(html_of(*REPORTS["compare"]))
    cells = {}
    for tr in doc.root.find_all("tr"):
        heads = [c for c in tr.children if isinstance(c, Node) and c.tag == "th"]
        tds = [c for c in tr.children if isinstance(c, Node) and c.tag == "td"]
        if heads and tds and tr.ancestor("table").classes == {"heat"}:
            cells[heads[0].text().split()[0]] = [(td.text(), td.classes) for td in tds[:3]]
    assert [w for w, _ in cells["TI-1"]] == [GLYPHS["met"], GLYPHS["met"], GLYPHS["gap"]]
    assert cells["TI-1"][2][1] == {"g", "s-gap"}
    assert cells["TI-4"][1] == (GLYPHS["not applicable"], {"g", "s-na"})
    headers = [th.text() for th in doc.root.find_all("th")]
    assert {"XA", "XB", "XC", "Gap in", "Partial in"} <= set(headers)
    legend = next(p for p in doc.root.find_all("p") if "legend" in p.classes).text()
    for status in STATUSES:
        assert f"{GLYPHS[status]} {status}" in legend


def test_compare_folds_requirements_no_jurisdiction_answers():
    doc = parse(html_of("compare", "examples/aldoria-typical-gaps.yaml", "examples/cordania-early-stage.yaml"))
    folded = list(doc.root.find_all("details"))
    assert folded
    for details in folded:
        summary = next(details.find_all("summary")).text()
        rows = [tr for tr in details.find_all("tr") if any(c.tag == "td" for c in tr.children if isinstance(c, Node))]
        assert summary.startswith(f"{len(rows)} requirement")
        for tr in rows:
            assert {td.text() for td in tr.children if isinstance(td, Node) and "g" in td.classes} == {
                GLYPHS["not assessed"]}


# --------------------------------------------------------------------------- the first page of a check

def _section(doc, cls: str):
    return next(s for s in doc.root.find_all("section") if cls in s.classes)


@pytest.mark.parametrize("example", ["aldoria-typical-gaps", "borealia-near-complete", "cordania-early-stage",
                                     "canada"])
def test_executive_summary_lists_exactly_the_binding_shortfalls_of_the_json(example):
    path = f"examples/{example}.yaml"
    data = json.loads(run("check", path, "-f", "json").stdout)
    expected = [r["id"] for r in data["results"] if r["section"] == "binding"
                and r["status"] in ("gap", "partial", "met (uncited)", "not adopted")]
    doc = parse(html_of("check", path))
    summary = _section(doc, "executive")
    listed = [td.text() for td in summary.find_all("td") if "id" in td.classes]
    assert listed == expected
    heading = next(summary.find_all("h3")).text()
    assert heading.split("(")[1].startswith(f"{len(expected)})")
    # A State not party to the Protocol: a benchmark, never a breach.
    not_party = data["framework"]["party_status"] == "not a party"
    text = summary.text()
    assert ("benchmark" in heading) == not_party
    if not_party:
        assert "breach" not in text.lower() and "Binding shortfalls" not in text
    # The executive summary and the legend come before the matrix.
    whole = doc.root.text()
    assert whole.index("Status:") < whole.index("Executive summary") < whole.index("National provision / what is missing")


def test_check_folds_not_assessed_rows_and_counts_them():
    doc = parse(html_of(*REPORTS["check-bundled"]))
    data = json.loads(run(*REPORTS["check-bundled"], "-f", "json").stdout)
    for section in doc.root.find_all("section"):
        key = ("binding" if "binding" in section.classes else "nonbinding" if "nonbinding" in section.classes else None)
        if key is None:
            continue
        details = list(section.find_all("details"))
        statuses = [r.children[3].text() for r in (tr for tr in section.find_all("tr"))
                    if len([c for c in r.children if isinstance(c, Node) and c.tag == "td"]) == 6]
        folded = [tr for d in details for tr in d.find_all("tr") if len(list(tr.find_all("td"))) == 6]
        unassessed = statuses.count("not assessed")
        assert len(folded) == unassessed
        if unassessed:
            assert next(details[0].find_all("summary")).text().startswith(f"{unassessed} requirement")
    assert sum(c["not assessed"] for c in data["summary"]["by_section"].values()) == sum(
        1 for tr in doc.root.find_all("tr") if tr.ancestor("details") is not None and len(list(tr.find_all("td"))) == 6)


def test_no_column_of_zeros_in_the_counts():
    doc = parse(html_of(*REPORTS["check-bundled"]))
    counts = next(t for t in doc.root.find_all("table") if "counts" in t.classes)
    header = [th.text() for th in next(counts.find_all("thead")).find_all("th")]
    columns = list(zip(*[[td.text() for td in tr.find_all("td")] for tr in next(counts.find_all("tbody")).find_all("tr")]))
    assert len(columns) == len(header) - 1
    for column in columns[:-1]:
        assert any(column), header


def test_diff_report_says_what_changed():
    doc = parse(html_of(*REPORTS["diff"]))
    text = doc.root.text()
    assert "Gaps closed (3): TI-2, TI-3, TI-4" in text
    assert "Regressions at --fail-on mandatory (1): TI-1" in text
    rows = {cells[0]: cells for _, cells, _ in _rows(doc) if cells[0].startswith("TI-")}
    assert rows["TI-1"][3:6] == ["met", "gap", "opens gap (regression)"]
    assert "Citation added: Firearms Control (Amendment) Bill 2026, cl. 14" in rows["TI-R1"][6]


# --------------------------------------------------------------------------- hostile input

HOSTILE_RUNS = {
    "check": ("check", "--ruleset", HOSTILE_RULESET, HOSTILE[0]),
    "compare": ("compare", "--ruleset", HOSTILE_RULESET, *HOSTILE),
    "diff": ("diff", "--ruleset", HOSTILE_RULESET, *HOSTILE),
}


@pytest.mark.parametrize("name", sorted(HOSTILE_RUNS))
def test_hostile_strings_are_escaped(name):
    result = run(*HOSTILE_RUNS[name], "-f", "html")
    assert result.code in (0, 1), result.stderr
    text = result.stdout
    lowered = text.lower()
    assert "<script" not in lowered and "<iframe" not in lowered and "<img" not in lowered
    assert "<b>" not in lowered and "<i>recommendation" not in lowered
    assert lowered.count("</style>") == 1 and lowered.count("</title>") == 1
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    doc = parse(text)
    for node in doc.all:
        assert not any(name.startswith("on") for name in node.attrs), node.attrs
    visible = doc.root.text()
    # what the reader sees is the data, verbatim
    assert "<script>alert(1)</script>" in visible
    if name != "compare":
        assert "=HYPERLINK(\"http://x\",\"y\") <script>alert(1)</script> a|b" in visible
    if name == "check":                                     # the <title> is text too
        assert "<script>alert(1)</script>" in next(doc.root.find_all("title")).text()


def test_hostile_check_shows_notes_as_text():
    text = run(*HOSTILE_RUNS["check"], "-f", "html").stdout
    assert "Note on hostile.flag: &lt;script&gt;alert(7)&lt;/script&gt; [red]x[/red] a|b\nnote line2" in text

"""DOCX (Word) gap report of one check: a technical-assistance document an adviser edits in Word.
Bytes, for -o FILE only. A comparison and a diff have no Word report (formats.REFUSED).

Contents: title page (jurisdiction, law as of, party status, rulesets and versions, tool),
executive summary (each binding obligation with a shortfall and what is missing; counts per
section), one table per section of the matrix (article | requirement | legal force | national
provision | status | what is missing | notes and evidence), the legend (statuses and legal forces,
in the words of views/labels.py), and a sources annex (the national provisions and evidence the
results cite; each instrument and the articles cited from it).

Editable: only Word's own styles (Title, Heading 1/2, List Bullet, Table Grid), so the navigation
pane and the style gallery work; a status is always a word, its cell shaded only to help.

Safety: every text from data goes through `_text` (control, bidi and XML-illegal characters
replaced) and is written as plain run text: never a field code, a hyperlink or a formula.
Deterministic: fixed document dates (render/stamp.py: SOURCE_DATE_EPOCH, else 1980-01-01), and the
package zipped with fixed entry times in python-docx's own part order, so the same input gives
the same bytes.

Fast: the body is written as WordprocessingML text (python-docx's per-cell and per-run calls, and
even parsing the body into its tree, would make the report several times slower than the JSON of
the same check) and put into python-docx's template with our page and styles, which is shipped made
(render/word_template.py): a Word report imports neither python-docx nor lxml. The tests check it
gives the bytes python-docx gives, read the document back with python-docx and open it in LibreOffice.
"""
from __future__ import annotations

from datetime import datetime

from firearms_gap.framework import INSTRUMENTS
from firearms_gap.model import BINDING_FORCES, FORCES, NOT_A_PARTY, SHORTFALLS, STATUSES
from firearms_gap.render.escape import clean, markup
from firearms_gap.render.palette import FILLS, HEADER_FILL, NON_BINDING_FILLS
from firearms_gap.render.stamp import document_time, generated_at
from firearms_gap.render.word_template import NOT_XML, STYLE_IDS, fill
from firearms_gap.views.labels import FORCE_LABELS, STATUS_MEANING, filters_text, jurisdiction_name

COLUMNS = ("Article", "Requirement", "Legal force", "National provision", "Status", "What is missing",
           "Notes and evidence")
# Column widths in centimetres, on an A4 landscape page with 2 cm margins (25.7 cm of text).
WIDTHS = (3.6, 4.2, 2.8, 4.0, 2.3, 5.3, 3.5)
TWIPS_PER_CM = 567


def render_check(view) -> bytes:
    return fill(*contents(view))


def contents(view) -> tuple[bytes, str, datetime]:
    """The report's body (WordprocessingML), its title and its date: what goes into the package."""
    body = _Body(STYLE_IDS)
    _title_page(body, view)
    _executive_summary(body, view)
    for section in view.sections:
        _matrix_section(body, view, section)
    _legend(body, view)
    _sources(body, view)
    return body.xml(), _one_line(clean(view.title))[:255], document_time()


# --- text --------------------------------------------------------------------------------------

def _text(value) -> str:
    """Any value from data as XML text: no control, bidi or XML-illegal character, tabs as spaces,
    & < > " ' escaped. It is only ever run text (w:t): never a field code, a hyperlink or a formula.
    (escape.markup, as html.escape: xml.sax.saxutils.escape's module imports urllib.request, ~0.1 s.)"""
    return markup(NOT_XML.sub("\ufffd", clean(str(value))).replace("\t", " "))


def _one_line(value) -> str:
    return " ".join(str(value).split())


class _Body:
    """The document's body as WordprocessingML text (put into word/document.xml by `_package`)."""

    def __init__(self, style_ids: dict[str, str]):
        self.style = style_ids
        self.parts: list[str] = []

    def para(self, *runs: tuple[str, bool], style: str | None = None, page_break: bool = False) -> None:
        """A paragraph of runs (text, bold)."""
        props = (f'<w:pStyle w:val="{self.style[style]}"/>' if style else "") + \
                ("<w:pageBreakBefore/>" if page_break else "")
        self.parts.append(("<w:p>" + (f"<w:pPr>{props}</w:pPr>" if props else "")
                           + "".join(_run(text, bold) for text, bold in runs) + "</w:p>"))

    def text(self, text: str, style: str | None = None) -> None:
        self.para((text, False), style=style)

    def heading(self, text: str, level: int, page_break: bool = False) -> None:
        self.para((_one_line(text), False), style=f"Heading {level}", page_break=page_break)

    def bullets(self, lines) -> None:
        for line in lines:
            self.text(_one_line(line), "List Bullet")

    def field(self, label: str, value: str) -> None:
        """'Label: value' on the title page, the label in bold."""
        self.para((f"{label}: ", True), (_one_line(value), False))

    def table(self, header, rows, widths, shade=None) -> None:
        """A Table Grid table, its header row bold, shaded and repeated on every page. rows: lists
        of cells, each a list of lines; shade(row, column) -> a fill colour or None."""
        twips = [round(w * TWIPS_PER_CM) for w in widths]
        out = [f'<w:tbl><w:tblPr><w:tblStyle w:val="{self.style["Table Grid"]}"/>'
               f'<w:tblW w:w="{sum(twips)}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
               '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
               'w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>'
               + "".join(f'<w:gridCol w:w="{t}"/>' for t in twips) + "</w:tblGrid>"]
        out.append('<w:tr><w:trPr><w:tblHeader/></w:trPr>'
                   + "".join(_cell([h], t, HEADER_FILL, bold=True) for h, t in zip(header, twips)) + "</w:tr>")
        for i, row in enumerate(rows):
            cells = []
            for c, (lines, t) in enumerate(zip(row, twips)):
                fill = shade(i, c) if shade else None
                cells.append(_cell(lines, t, fill, bold=fill is not None))     # a shaded status is bold
            out.append("<w:tr>" + "".join(cells) + "</w:tr>")
        out.append("</w:tbl>")
        self.parts.append("".join(out))
        self.parts.append("<w:p/>")                  # Word needs a paragraph between two tables

    def xml(self) -> bytes:
        return "".join(self.parts).encode("utf-8")


def _run(text: str, bold: bool = False) -> str:
    return ("<w:r>" + ("<w:rPr><w:b/></w:rPr>" if bold else "")
            + f'<w:t xml:space="preserve">{_text(text)}</w:t></w:r>')


def _cell(lines, twips: int, fill: str | None = None, bold: bool = False) -> str:
    """A table cell, each line a paragraph of its own (a cell needs at least one)."""
    paragraphs = [x for line in lines for x in str(line).split("\n")] or [""]
    shade = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
    return (f'<w:tc><w:tcPr><w:tcW w:w="{twips}" w:type="dxa"/>{shade}</w:tcPr>'
            + "".join(f"<w:p>{_run(x, bold)}</w:p>" for x in paragraphs) + "</w:tc>")


# --- the document ------------------------------------------------------------------------------

def _title_page(body, view) -> None:
    report = view.report
    body.text(_one_line(view.title), "Title")
    body.text("Technical-assistance gap report: the national law as the framework file describes it, checked "
              "against the rulesets listed below.")
    body.field("Jurisdiction", jurisdiction_name(report.jurisdiction))
    body.field("Law described as of", report.described_as_of or "not stated")
    body.field("Party to", ", ".join(INSTRUMENTS.get(p, p) for p in report.party_to) or "none stated")
    if view.party_line:
        body.field("Party status", view.party_line)
    body.field("Framework file", report.file)
    body.field("Threshold", f"--fail-on {report.fail_on}")
    if filters_text(report.filters):
        body.field("Only", filters_text(report.filters))
    when = generated_at()
    body.field("Tool", f"firearms-gap {report.tool_version}" + (f", {when}" if when else ""))
    body.para(("Rulesets", True))
    body.bullets(f"{r.id} {r.version}: {r.title} ({r.instrument})" for r in report.rulesets)
    for line in view.file_notes:
        body.text(line)
    body.text("Statuses are computed from the framework file as given; legal force follows the rulesets. "
              "This report is a drafting aid, not legal advice.")


def binding_shortfalls(view) -> list:
    """The binding obligations with a shortfall, in ruleset order: the executive summary's list."""
    return [r for r in view.results if r.binding and r.status in SHORTFALLS]


def benchmark_shortfalls(view) -> list:
    """For a State not party: treaty provisions of binding force with a shortfall, a benchmark only."""
    return [r for r in view.results if r.benchmark and r.force in BINDING_FORCES and r.status in SHORTFALLS]


def _what_is_missing(view, r) -> str:
    """One line: the assessor's determination if there is one, else the first thing missing (and how
    many more), else the first statement (uncited...)."""
    if getattr(r, "determination", None) is not None:
        return view.missing_line(r)
    if r.missing:
        more = len(r.missing) - 1
        return r.missing[0] + (f" (and {more} more: see the matrix)" if more else "")
    return next((x for x in view.lines[r.id] if not x.startswith("Benchmark:")), r.status)


def _shortfall_list(body, view, rows) -> None:
    for r in rows:
        body.para((f"{r.citation} ({r.id})", True), (f": {r.title}. ", False), (r.status, True),
                  (f". {_what_is_missing(view, r)}", False), style="List Bullet")


def _executive_summary(body, view) -> None:
    body.heading("Executive summary", 1, page_break=True)
    body.heading("Binding obligations with a shortfall", 2)
    rows = binding_shortfalls(view)
    if rows:
        body.text(f"{len(rows)} binding obligation(s) not fully met by cited national provisions:")
        _shortfall_list(body, view, rows)
    elif view.report.party_status == NOT_A_PARTY:
        body.text("None binds this State. " + view.party_line)
    else:
        body.text("No binding obligation has a shortfall in this check.")
    benchmark = benchmark_shortfalls(view)
    if benchmark:
        body.heading("Treaty benchmark: provisions not met (not binding on this State, never a breach)", 2)
        _shortfall_list(body, view, benchmark)
    body.heading("Counts per section", 2)
    body.table(("Section", *STATUSES),
               [[[s.title], *([str(view.by_section[s.key][x])] for x in STATUSES)] for s in view.sections],
               (8.4,) + (2.47,) * len(STATUSES))
    body.bullets(view.summary_lines)


def _notes(r) -> list[str]:
    return [f"Note on {n}" for n in r.notes] + [f"Evidence: {e}" for e in r.evidence]


def _missing(view, r) -> list[str]:
    """The statements but those the other columns show: the provisions that meet it (National
    provision) and the evidence (its own column, the statements' tail)."""
    lines = view.lines[r.id]
    lines = lines[:len(lines) - len(r.evidence)]
    cited = "; ".join(r.provisions)
    return [x for x in lines if not (cited and x.partition(": ")[2] == cited)]


def _matrix_section(body, view, section) -> None:
    body.heading(section.title, 1, page_break=True)
    if section.notice:
        body.text(section.notice)
    if section.key == "binding" and view.party_line and not any(r.binding for r in section.rows):
        body.text(view.party_line)
    fills = FILLS if section.key == "binding" else NON_BINDING_FILLS
    rows = section.rows
    status = COLUMNS.index("Status")
    body.table(COLUMNS, [[[r.citation], [r.title, r.id], [FORCE_LABELS[r.force]],
                          list(r.provisions) or ["none cited"], [r.status], _missing(view, r), _notes(r)]
                         for r in rows], WIDTHS,
               shade=lambda i, c: fills.get(rows[i].status) if c == status else None)


def _legend(body, view) -> None:
    body.heading("How to read this report", 1, page_break=True)
    body.heading("Statuses", 2)
    widths = (4.0, 21.7)
    body.table(("Status", "Meaning"), [[[s], [STATUS_MEANING.get(s, "")]] for s in STATUSES], widths,
               shade=lambda i, c: FILLS[STATUSES[i]] if c == 0 else None)
    body.heading("Legal forces", 2)
    body.table(("Legal force", "Meaning"), [[[FORCE_LABELS[f]], [FORCES[f]]] for f in view.legend_forces], widths)


def _sources(body, view) -> None:
    body.heading("Annex: sources", 1)
    body.heading("National provisions cited", 2)
    provisions = list(dict.fromkeys(p for r in view.results for p in r.provisions))
    body.bullets(provisions or ["The framework file cites no national provision."])
    evidence = list(dict.fromkeys(e for r in view.results for e in r.evidence))
    if evidence:
        body.heading("Evidence cited", 2)
        body.bullets(evidence)
    body.heading("Instruments and the provisions cited from them", 2)
    for info in view.report.rulesets:
        # Under the instrument's name (which carries its caveats), each citation without it.
        citations = list(dict.fromkeys(r.citation.removeprefix(f"{info.instrument}, ")
                                       for r in view.results if r.ruleset == info.id))
        body.para((info.instrument, True),
                  (f" ({info.title}; ruleset {info.id} {info.version}): " + ("; ".join(citations) or "none"), False),
                  style="List Bullet")

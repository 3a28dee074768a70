"""HTML of every report: one self-contained file an adviser can hand over.

- No JavaScript, no external resource: a Content-Security-Policy meta tag (first in <head>)
  allows only the one inline <style>, by its sha256 hash, and data: images.
- Every value from data goes through `h()` (escape.html_text: control characters replaced, then
  escaped as html.escape(..., quote=True) escapes); nothing from data is ever placed in an attribute
  or a URL.
- Binding obligations and non-binding items are separate sections, styled differently; the
  non-binding one says in words that nothing in it is a breach.
- Status is always a word; colour only helps. Prints to PDF: A4 landscape, table headers repeat
  on each page (thead), rows are not split, the non-binding part starts on a new page.
- Deterministic: no timestamp unless SOURCE_DATE_EPOCH is set (render/stamp.py).
"""
from __future__ import annotations

import base64
import hashlib

from firearms_gap.framework import INSTRUMENTS
from firearms_gap.model import FORCES, STATUSES
from firearms_gap.render.escape import html_text as h
from firearms_gap.render.palette import FILLS, GLYPHS, NON_BINDING_FILLS
from firearms_gap.render.stamp import generated_at
from firearms_gap.render.svg_chart import stacked_bars
from firearms_gap.views.labels import (FORCE_LABELS, STATUS_MEANING, filters_text, jurisdiction_name,
                                       section_short, theme_label)

STATUS_CLASS = {"met": "s-met", "met (uncited)": "s-uncited", "partial": "s-partial", "gap": "s-gap", "not adopted": "s-notadopted",
                "not assessed": "s-unassessed", "not applicable": "s-na"}
# A status that is not a finding (no answer, no condition) is not shown in bold.
_STATUS_EXTRA = {"not assessed": " font-weight: normal; font-style: italic;", "not applicable": " font-weight: normal;",
                 "met (uncited)": " font-style: italic;"}
_STATUS_CSS = "".join(f".{STATUS_CLASS[s]} {{ background: #{FILLS[s].lower()};{_STATUS_EXTRA.get(s, '')} }}\n"
                      for s in STATUSES)
_NON_BINDING_CSS = "".join(f".nonbinding .{STATUS_CLASS[s]} {{ background: #{NON_BINDING_FILLS[s].lower()}; }}\n"
                           for s in ("gap", "partial") if NON_BINDING_FILLS[s] != FILLS[s])

STYLE = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font: 10.5pt/1.4 "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #111; margin: 1.5em; }
h1 { font-size: 1.5em; margin: 0 0 .4em; }
h2 { font-size: 1.2em; margin: 1.4em 0 .5em; border-bottom: 2px solid #333; }
h3 { font-size: 1.05em; margin: 1em 0 .3em; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .15em 1em; margin: 0 0 1em; }
dl.meta dt { font-weight: bold; }
dl.meta dd { margin: 0; }
ul { margin: .2em 0; padding-left: 1.3em; }
ul.lines { list-style: none; padding: 0; margin: 0; }
ul.lines li, .data { white-space: pre-line; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; margin: .4em 0 1em; }
th, td { border: 1px solid #888; padding: .25em .4em; vertical-align: top; text-align: left; }
thead th { background: #e4e4e4; }
tbody tr.theme th { background: #f2f2f2; font-weight: bold; }
td.num { text-align: right; white-space: nowrap; }
td.id, span.id { white-space: nowrap; font-family: "DejaVu Sans Mono", monospace; font-size: .9em; }
.cite { color: #444; font-size: .9em; }
td.st { font-weight: bold; white-space: nowrap; }
""" + _STATUS_CSS + """section.nonbinding { border-left: 6px solid #6c63a8; padding-left: .8em; }
section.nonbinding h2 { border-bottom-color: #6c63a8; }
""" + _NON_BINDING_CSS + """section.binding { border-left: 6px solid #333; padding-left: .8em; }
p.notice { border: 1px solid #6c63a8; background: #f5f3fb; padding: .4em .6em; }
p.warning, div.warning { border: 2px solid #a00; background: #fff0f0; padding: .4em .6em; }
td.regression, span.regression { color: #a00; font-weight: bold; }
.note { color: #333; font-style: italic; }
footer { margin-top: 2em; font-size: .85em; color: #444; }
p.legend { margin: .3em 0; line-height: 1.9; }
p.legend span.st { display: inline-block; padding: 0 .4em; margin-right: .3em; border: 1px solid #888; }
section.executive { border-left: 6px solid #333; padding-left: .8em; }
table.counts td.num { text-align: center; }
figure.chart { margin: .3em 0 1em; }
figure.chart svg { max-width: 100%; height: auto; }
figure.chart figcaption { font-weight: bold; margin-bottom: .2em; }
table.counts th { text-align: left; }
details { margin: .3em 0 1em; }
details > summary { cursor: pointer; font-style: italic; }
div.heat { overflow: auto; max-height: 85vh; border: 1px solid #888; margin: .4em 0 1em; }
table.heat { width: auto; margin: 0; border-collapse: separate; border-spacing: 0; }
table.heat th, table.heat td { border: 0; border-right: 1px solid #bbb; border-bottom: 1px solid #bbb; }
table.heat thead th { position: sticky; top: 0; z-index: 2; vertical-align: bottom; }
table.heat thead th.j { writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap;
  font-weight: normal; padding: .3em .1em; min-width: 1.9em; max-height: 14em; overflow: hidden; }
table.heat thead th:first-child { left: 0; z-index: 3; }
table.heat tbody th { position: sticky; left: 0; z-index: 1; background: #fff; font-weight: normal;
  min-width: 16em; max-width: 28em; }
table.heat tbody tr.theme th { background: #f2f2f2; font-weight: bold; }
table.heat td.g { text-align: center; white-space: nowrap; min-width: 1.9em; padding: .15em .1em; font-weight: bold; }
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  body { margin: 0; font-size: 8.5pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  section.nonbinding, section.binding { break-before: page; page-break-before: always; }
  figure.chart { break-inside: avoid; page-break-inside: avoid; }
  figure.chart svg { max-height: 165mm; width: auto; }
  div.heat { overflow: visible; max-height: none; border: 0; }
  table.heat thead th, table.heat tbody th { position: static; }
  table.heat { width: 100%; table-layout: fixed; }
  table.heat tbody th { min-width: 0; max-width: none; }
  table.heat thead th:first-child { width: 34%; }
  table.heat td.g, table.heat thead th.j { min-width: 1.5em; font-size: .85em; }
}
"""

STYLE_HASH = base64.b64encode(hashlib.sha256(STYLE.encode("utf-8")).digest()).decode("ascii")
CSP = (f"default-src 'none'; style-src 'sha256-{STYLE_HASH}'; img-src data:; "
       "base-uri 'none'; form-action 'none'")


def page(title: str, body, tool_version: str) -> str:
    return "".join(page_pieces(title, body, tool_version))


def page_pieces(title: str, body, tool_version: str):
    """The page in pieces: its head, each item of the body (an iterable of HTML texts, each on a
    line of its own), its foot."""
    generated = generated_at()
    foot = f"Made with firearms-gap {h(tool_version)}" + (f" on {h(generated)}" if generated else "") + "."
    yield "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        f'<meta http-equiv="Content-Security-Policy" content="{h(CSP)}">',
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f'<meta name="generator" content="firearms-gap {h(tool_version)}">',
        f"<title>{h(title)}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
    ]) + "\n"
    for item in body:
        yield item + "\n"
    yield (f"<footer><p>{foot} Statuses are computed from the framework file as given; legal force follows "
           "the rulesets. This report is a drafting aid, not legal advice.</p></footer>\n</body>\n</html>\n")


# --- pieces ----------------------------------------------------------------------------------------

def _status(status: str, extra: str = "") -> str:
    return f'<td class="st {STATUS_CLASS.get(status, "s-other")}{extra}">{h(status)}</td>'


def _lines(lines) -> str:
    items = [f"<li>{h(x)}</li>" for x in lines]
    return '<ul class="lines">' + "".join(items) + "</ul>" if items else ""


def _list(lines) -> str:
    return "<ul>" + "".join(f"<li>{h(x)}</li>" for x in lines) + "</ul>"


def _dl(items: list[tuple[str, str]]) -> str:
    """items: (term, already-escaped HTML)."""
    return '<dl class="meta">' + "".join(f"<dt>{h(k)}</dt><dd>{v}</dd>" for k, v in items) + "</dl>"


def _run_items(result) -> list[tuple[str, str]]:
    """What the report was made with, short enough for the first page (the rulesets in full are in
    "About this report" at the end: _about)."""
    items = [("Rulesets", h("; ".join(f"{r.id} {r.version}" for r in result.rulesets))),
             ("Tool", h(f"firearms-gap {result.tool_version}")), ("Threshold", h(f"--fail-on {result.fail_on}"))]
    if filters_text(result.filters):
        items.append(("Only", h(filters_text(result.filters))))
    return items


def _about(result) -> str:
    rulesets = "".join(f"<li>{h(r.id)} {h(r.version)}: {h(r.title)} ({h(r.instrument)})</li>" for r in result.rulesets)
    return f"<section><h2>About this report</h2><h3>Rulesets</h3><ul>{rulesets}</ul></section>"


def _jurisdiction(report) -> str:
    """Of a Report or a compare Column."""
    return h(" ".join(jurisdiction_name(report.jurisdiction).split()))


def _theme_name(theme: str) -> str:
    return h(theme_label(theme))


def _legend(forces) -> str:
    status = "".join(f'<tr><td class="st {STATUS_CLASS.get(s, "s-other")}">{h(GLYPHS[s])} {h(s)}</td>'
                     f"<td>{h(STATUS_MEANING.get(s, ''))}</td></tr>"
                     for s in STATUSES)
    force = "".join(f"<tr><td>{h(FORCE_LABELS[f])}</td><td>{h(FORCES[f])}</td></tr>" for f in forces)
    return ("<section><h2>How to read this report</h2>"
            "<table><thead><tr><th>Status</th><th>Meaning</th></tr></thead><tbody>" + status + "</tbody></table>"
            "<table><thead><tr><th>Legal force</th><th>Meaning</th></tr></thead><tbody>" + force + "</tbody></table>"
            "</section>")


def _legend_strip() -> str:
    """The colours and glyphs of the statuses, on the first page: in the binding section, then in
    the non-binding ones (where a shortfall is never a breach, so never in the colours of one)."""
    def swatches(extra: str) -> str:
        return "".join(f'<span class="st {STATUS_CLASS[s]}">{h(GLYPHS[s])} {h(s)}</span>' for s in STATUSES
                       if not extra or NON_BINDING_FILLS[s] != FILLS[s])
    return ('<p class="legend"><strong>Status:</strong> ' + swatches("")
            + '<br><span class="nonbinding"><strong>Not binding (never a breach):</strong> ' + swatches("nb")
            + "</span> meanings: see \u201cHow to read this report\u201d at the end.</p>")


def _chart(groups, binding: bool, caption: str) -> str:
    return stacked_bars(groups, FILLS if binding else NON_BINDING_FILLS, caption)


def _counts_table(rows: list[tuple[str, dict[str, int]]], first: str) -> str:
    """Counts by status, one row per group: only the statuses some group has (no column of zeros)."""
    shown = [s for s in STATUSES if any(c[s] for _, c in rows)]
    head = (f"<table class=\"counts\"><thead><tr><th>{h(first)}</th>"
            + "".join(f'<th class="st {STATUS_CLASS[s]}">{h(GLYPHS[s])} {h(s)}</th>' for s in shown)
            + "<th>total</th></tr></thead><tbody>")
    body = "".join(f"<tr><th>{h(name)}</th>" + "".join(f'<td class="num">{c[s] or ""}</td>' for s in shown)
                   + f'<td class="num">{sum(c.values())}</td></tr>' for name, c in rows)
    return head + body + "</tbody></table>"


def _section_open(section) -> list[str]:
    if section.notice is None:
        return ['<section class="binding">', f"<h2>{h(section.title)}</h2>"]
    return ['<section class="nonbinding">', f"<h2>{h(section.title)}</h2>", f'<p class="notice">{h(section.notice)}</p>']


def _folding(rows, unanswered, table, why: str, where: str = ""):
    """The rows as table(rows) makes them, those nobody answered folded in a <details> with their
    count (no script: the browser opens it; closed, it does not print)."""
    folded = [r for r in rows if unanswered(r)]
    shown = [r for r in rows if not unanswered(r)]
    if shown or not folded:
        yield from table(shown)
    if folded:
        n = len(folded)
        yield (f"<details><summary>{n} requirement{'s' if n != 1 else ''} not assessed{where}: {h(why)} "
               "(not a gap). Open to list them.</summary>")
        yield from table(folded)
        yield "</details>"


def _by_theme(rows) -> list[tuple[str, list]]:
    """The rows grouped by theme, themes in the order they first appear."""
    groups: dict[str, list] = {}
    for r in rows:
        groups.setdefault(r.theme, []).append(r)
    return list(groups.items())


# --- check -----------------------------------------------------------------------------------------

def render_check(view) -> str:
    """The gap matrix of one jurisdiction: on the first page who, as of when, the party status, the
    legend and the executive summary (binding shortfalls, counts, charts); then the matrix."""
    report = view.report
    party = ", ".join(INSTRUMENTS.get(p, p) for p in report.party_to) or "none stated"
    body = [f"<header><h1>{h(view.title)}</h1>", _dl([
        ("Jurisdiction", _jurisdiction(report)),
        ("Law described as of", h(report.described_as_of or "not stated")),
        ("Party to", h(party)),
        *([("Party status", h(view.party_line))] if view.party_line else []),
        ("Framework file", h(report.file)),
        *_run_items(report),
    ]), *(f'<p class="note data">{h(x)}</p>' for x in view.file_notes), _legend_strip(), "</header>"]
    body += _executive_summary(view)
    for section in view.sections:
        body += _section_open(section)
        if section.key == "binding" and view.party_line and not any(r.binding for r in section.rows):
            body.append(f'<p class="notice">{h(view.party_line)}</p>')
        body += _folding(section.rows, lambda r: r.status == "not assessed", lambda rows: _check_table(view, rows),
                         "the framework file does not answer the questions they need")
        body.append("</section>")
    body += [_legend(view.legend_forces), _about(report)]
    return page(view.title, body, report.tool_version)


BENCHMARK_SECTION = "Treaty provisions as a benchmark (this State is not a Party)"


def _check_table(view, rows) -> list[str]:
    out = ["<table><thead><tr><th>ID</th><th>Requirement</th><th>Legal force</th><th>Status</th>"
           "<th>National provision / what is missing</th><th>Source</th></tr></thead>"]
    for theme, group in _by_theme(rows):
        out.append(f'<tbody><tr class="theme"><th colspan="6">{_theme_name(theme)}</th></tr>')
        for r in group:
            notes = "".join(f'<p class="note data">Note on {h(n)}</p>' for n in r.notes)
            out.append(
                f'<tr><td class="id">{h(r.id)}</td><td class="data">{h(r.title)}</td>'
                f"<td>{h(FORCE_LABELS[r.force])}</td>{_status(r.status)}"
                f"<td>{_lines(view.lines[r.id])}{notes}</td>"
                f'<td class="cite data">{h(r.citation)}<br>{h(r.ruleset)}</td></tr>')
        out.append("</tbody>")
    out.append("</table>")
    return out


def _executive_summary(view) -> list[str]:
    """The binding shortfalls by article with what each lacks, the counts per section, the charts.
    For a State not party to the Protocol the same list is a benchmark: it never says breach."""
    shortfalls = view.shortfalls
    n = len(shortfalls)
    if view.benchmark:
        heading = (f"Shortfalls against the Protocol as a benchmark ({n}): this State is not a Party, "
                   "so these provisions do not bind it")
    elif view.report.party_status == "party":
        heading = f"Binding shortfalls ({n}): treaty obligations of this State not shown to be met"
    else:
        heading = f"Shortfalls of treaty obligations ({n}): binding on States Parties"
    out = ['<section class="executive"><h2>Executive summary</h2>', f"<h3>{h(heading)}</h3>"]
    if shortfalls:
        out.append("<table><thead><tr><th>Article</th><th>ID</th><th>Requirement</th><th>Status</th>"
                   "<th>What is missing</th></tr></thead><tbody>")
        out += [f'<tr><td class="cite data">{h(r.citation)}</td><td class="id">{h(r.id)}</td>'
                f'<td class="data">{h(r.title)}</td>{_status(r.status)}<td class="data">{h(view.missing_line(r))}</td></tr>'
                for r in shortfalls]
        out.append("</tbody></table>")
    else:
        assessed = sum(c for s, c in view.by_section["binding"].items() if s != "not assessed")
        out.append(f"<p>None among the {assessed} treaty provision(s) assessed"
                   + (f"; {view.by_section['binding']['not assessed']} not assessed." if
                      view.by_section["binding"]["not assessed"] else ".") + "</p>")
    out.append("<h3>Counts per section</h3>")
    names = {s.key: BENCHMARK_SECTION if s.key == "binding" and view.benchmark else section_short(s.key)
             for s in view.sections}
    out.append(_counts_table([(names[s.key], view.by_section[s.key]) for s in view.sections], "Section"))
    if view.report.fail_on != "none":
        out.append(_list(view.summary_lines[-1:]))          # the --fail-on threshold line
    out.append("<h3>Status by article and theme</h3>")
    out += [_chart(view.chart_groups(s.key), s.key == "binding", names[s.key]) for s in view.sections]
    out.append("</section>")
    return out


# --- compare ---------------------------------------------------------------------------------------

def render_compare(view) -> str:
    return "".join(pieces_compare(view))


def pieces_compare(view):
    """Jurisdictions first (counts and a chart of their binding obligations), then per section a
    heatmap requirements x jurisdictions: a glyph and a colour per cell, header row and first
    column sticky on screen, the header repeated on each printed page.
    In pieces, a row or a jurisdiction at a time: with thousands of jurisdictions the page is tens
    of megabytes, and made whole it was held several times over (joined, then encoded)."""
    return page_pieces(view.title, _compare_body(view), view.batch.tool_version)


def _compare_body(view):
    batch = view.batch
    yield from [f"<header><h1>{h(view.title)}</h1>", _dl(_run_items(batch)), _legend_strip(), "</header>"]
    if not view.complete:
        yield ('<div class="warning"><p><strong>' + h(view.incomplete_line) + "</strong></p>"
               + _lines(d.render() for d in view.input_errors) + "</div>")
    # Each jurisdiction's binding counts (the table's columns and the chart need them all first);
    # the rest of its summary is made again for its own section below, never kept for all.
    binding = [(j.label, j.summary["binding"], len(j.summary["failing"])) for j in view.jurisdictions()]
    # Only the statuses some jurisdiction has (no column of zeros).
    shown = [x for x in STATUSES if any(counts[x] for _, counts, _ in binding)] or ["met"]
    yield '<section class="executive"><h2>Jurisdictions</h2>'
    yield ("<table><thead><tr><th>Column</th><th>Jurisdiction</th><th>Law as of</th><th>File</th>"
           f'<th colspan="{len(shown)}">{h(section_short("binding"))}</th><th>At --fail-on '
           + h(batch.fail_on) + "</th></tr>"
           '<tr><th colspan="4"></th>'
           + "".join(f'<th class="st {STATUS_CLASS[x]}">{h(GLYPHS[x])} {h(x)}</th>' for x in shown)
           + "<th>gap or partial</th></tr></thead><tbody>")
    for col, (label, counts, failing) in zip(batch.columns, binding):
        yield (f'<tr><td class="id">{h(label)}</td><td class="data">{_jurisdiction(col)}</td>'
               f"<td>{h(col.described_as_of or 'not stated')}</td><td class=\"data\">{h(col.file)}</td>"
               + "".join(f'<td class="num">{counts[x]}</td>' for x in shown)
               + f'<td class="num">{failing}</td></tr>')
    yield "</tbody></table>"
    yield _chart([(label, counts) for label, counts, _ in binding], True,
                 "Treaty obligations binding on each jurisdiction (a State not party to the Protocol has none)")
    yield "</section>"
    del binding
    for section in view.sections:
        yield from _section_open(section)
        n = len(view.columns)
        yield from _folding(section.rows, lambda r: n > 0 and view.requirement_counts(r.id)["not assessed"] == n,
                            lambda rows: _heatmap(view, rows), "no framework file answers the questions they need",
                            " in any jurisdiction")
        yield "</section>"
    yield "<section><h2>Summary by jurisdiction</h2>"
    for j in view.jurisdictions():
        yield f"<h3>{h(j.label)}: {h(j.description)}</h3><p>File: {h(j.column.file)}</p>"
        yield _list(j.summary_lines)
    yield "</section>"
    yield _legend(view.legend_forces)
    yield _about(batch)


def _heatmap(view, rows):
    """Requirements x jurisdictions: each cell the status's glyph on its colour (the legend on the
    first page names both), then how many jurisdictions have a gap, a partial result... (a row at a time)."""
    counted = view.counted
    columns = 1 + len(view.labels) + len(counted)
    yield ('<div class="heat"><table class="heat"><thead><tr><th>Requirement (ID, title, source)</th>'
           + "".join(f'<th class="j">{h(x)}</th>' for x in view.labels)
           + "".join(f'<th class="j">{h(x.capitalize())} in</th>' for x in counted) + "</tr></thead>")
    for theme, group in _by_theme(rows):
        yield f'<tbody><tr class="theme"><th colspan="{columns}">{_theme_name(theme)}</th></tr>'
        for r in group:
            counts = view.requirement_counts(r.id)
            yield (f'<tr><th><span class="id">{h(r.id)}</span> <span class="data">{h(r.title)}</span><br>'
                   f'<span class="cite">{h(r.citation)}; {h(FORCE_LABELS[r.force])}</span></th>'
                   + "".join(f'<td class="g {STATUS_CLASS.get(s, "s-other")}">{h(GLYPHS.get(s, s))}</td>'
                             for s in view.statuses(r.id))
                   + "".join(f'<td class="num">{counts[x]}</td>' for x in counted) + "</tr>")
        yield "</tbody>"
    yield "</table></div>"


# --- diff ------------------------------------------------------------------------------------------

def render_diff(view) -> str:
    d = view.diff
    sides = [(name, _jurisdiction(rep) + ", law as of " + h(rep.described_as_of or "not stated")
              + f"<br>File: {h(rep.file)}") for name, rep in view.sides]
    body = [f"<header><h1>{h(view.title)}</h1>", _dl(sides + _run_items(d)), _legend_strip(), "</header>"]
    if view.warning:
        body.append(f'<p class="warning">{h(view.warning)}</p>')
    body += ["<section><h2>Summary</h2>", _list(view.summary_lines), "</section>"]
    for section in view.sections:
        body += _section_open(section)
        body.append("<table><thead><tr><th>ID</th><th>Requirement</th><th>Legal force</th><th>OLD</th><th>NEW</th>"
                    "<th>Change</th><th>What changed</th><th>Source</th></tr></thead><tbody>")
        for c in section.rows:
            r = c.requirement
            change = h(c.change) + (' <span class="regression">(regression)</span>' if c.regression else "")
            body.append(
                f'<tr><td class="id">{h(r.id)}</td><td class="data">{h(r.title)}</td>'
                f"<td>{h(FORCE_LABELS[r.force])}</td>{_status(c.old.status)}{_status(c.new.status)}"
                f"<td>{change}</td><td>{_lines(view.change_lines(c))}</td><td class=\"cite data\">{h(r.citation)}</td></tr>")
        body += ["</tbody></table>", "</section>"]
    if not view.changes:
        body.append("<p>No requirement changes.</p>")
    body += [_legend(view.legend_forces), _about(d)]
    return page(view.title, body, d.tool_version)

"""HTML of every report: one self-contained file an adviser can hand over.

- No JavaScript, no external resource: a Content-Security-Policy meta tag (first in <head>)
  allows only the one inline <style>, by its sha256 hash, and data: images.
- Every value from data goes through `h()` (escape.html_text: control characters replaced, then
  html.escape(..., quote=True)); nothing from data is ever placed in an attribute or a URL.
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
from firearms_gap.render.palette import FILLS, NON_BINDING_FILLS
from firearms_gap.render.stamp import generated_at
from firearms_gap.views.labels import (FORCE_LABELS, STATUS_MEANING, filters_text, jurisdiction_name,
                                       section_short, theme_label)

STATUS_CLASS = {"met": "s-met", "met (uncited)": "s-uncited", "partial": "s-partial", "gap": "s-gap", "not adopted": "s-notadopted",
                "not assessed": "s-unassessed", "not applicable": "s-na"}
# A status that is not a finding (no answer, no condition) is not shown in bold.
_STATUS_EXTRA = {"not assessed": " font-weight: normal; font-style: italic;", "not applicable": " font-weight: normal;",
                 "met (uncited)": " font-style: italic;"}
_STATUS_CSS = "".join(f".{STATUS_CLASS[s]} {{ background: #{FILLS[s].lower()};{_STATUS_EXTRA.get(s, '')} }}\n"
                      for s in STATUSES)
_NON_BINDING_CSS = "".join(f"section.nonbinding .{STATUS_CLASS[s]} {{ background: #{NON_BINDING_FILLS[s].lower()}; }}\n"
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
td.id { white-space: nowrap; font-family: "DejaVu Sans Mono", monospace; font-size: .9em; }
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
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  body { margin: 0; font-size: 8.5pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  section.nonbinding { break-before: page; page-break-before: always; }
}
"""

STYLE_HASH = base64.b64encode(hashlib.sha256(STYLE.encode("utf-8")).digest()).decode("ascii")
CSP = (f"default-src 'none'; style-src 'sha256-{STYLE_HASH}'; img-src data:; "
       "base-uri 'none'; form-action 'none'")


def page(title: str, body: list[str], tool_version: str) -> str:
    generated = generated_at()
    foot = f"Made with firearms-gap {h(tool_version)}" + (f" on {h(generated)}" if generated else "") + "."
    return "\n".join([
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
        *body,
        f"<footer><p>{foot} Statuses are computed from the framework file as given; legal force follows "
        "the rulesets. This report is a drafting aid, not legal advice.</p></footer>",
        "</body>",
        "</html>",
    ]) + "\n"


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
    rulesets = "<ul>" + "".join(f"<li>{h(r.id)} {h(r.version)}: {h(r.title)} ({h(r.instrument)})</li>"
                                for r in result.rulesets) + "</ul>"
    items = [("Rulesets", rulesets), ("Tool", h(f"firearms-gap {result.tool_version}")),
             ("Threshold", h(f"--fail-on {result.fail_on}"))]
    if filters_text(result.filters):
        items.append(("Only", h(filters_text(result.filters))))
    return items


def _jurisdiction(report) -> str:
    """Of a Report or a compare Column."""
    return h(" ".join(jurisdiction_name(report.jurisdiction).split()))


def _theme_name(theme: str) -> str:
    return h(theme_label(theme))


def _legend(forces) -> str:
    status = "".join(f'<tr><td class="st {STATUS_CLASS.get(s, "s-other")}">{h(s)}</td>'
                     f"<td>{h(STATUS_MEANING.get(s, ''))}</td></tr>"
                     for s in STATUSES)
    force = "".join(f"<tr><td>{h(FORCE_LABELS[f])}</td><td>{h(FORCES[f])}</td></tr>" for f in forces)
    return ("<section><h2>How to read this report</h2>"
            "<table><thead><tr><th>Status</th><th>Meaning</th></tr></thead><tbody>" + status + "</tbody></table>"
            "<table><thead><tr><th>Legal force</th><th>Meaning</th></tr></thead><tbody>" + force + "</tbody></table>"
            "</section>")


def _section_open(section) -> list[str]:
    if section.notice is None:
        return ['<section class="binding">', f"<h2>{h(section.title)}</h2>"]
    return ['<section class="nonbinding">', f"<h2>{h(section.title)}</h2>", f'<p class="notice">{h(section.notice)}</p>']


def _counts_cells(counts: dict[str, int]) -> str:
    return "".join(f'<td class="num">{counts[s]}</td>' for s in STATUSES)


def _status_headers() -> str:
    return "".join(f"<th>{h(s)}</th>" for s in STATUSES)


def _by_theme(rows) -> list[tuple[str, list]]:
    """The rows grouped by theme, themes in the order they first appear."""
    groups: dict[str, list] = {}
    for r in rows:
        groups.setdefault(r.theme, []).append(r)
    return list(groups.items())


# --- check -----------------------------------------------------------------------------------------

def render_check(view) -> str:
    """The gap matrix of one jurisdiction."""
    report = view.report
    party = ", ".join(INSTRUMENTS.get(p, p) for p in report.party_to) or "none stated"
    body = [f"<header><h1>{h(view.title)}</h1>", _dl([
        ("Jurisdiction", _jurisdiction(report)),
        ("Law described as of", h(report.described_as_of or "not stated")),
        ("Party to", h(party)),
        ("Framework file", h(report.file)),
        *_run_items(report),
    ]), *(f'<p class="note data">{h(x)}</p>' for x in view.file_notes), "</header>"]
    body += ["<section><h2>Summary</h2>", _list(view.summary_lines), _theme_summary(view), "</section>"]
    for section in view.sections:
        body += _section_open(section)
        if section.key == "binding" and view.party_line and not any(r.binding for r in section.rows):
            body.append(f'<p class="notice">{h(view.party_line)}</p>')
        body.append("<table><thead><tr><th>ID</th><th>Requirement</th><th>Legal force</th><th>Status</th>"
                    "<th>National provision / what is missing</th><th>Source</th></tr></thead>")
        for theme, rows in _by_theme(section.rows):
            body.append(f'<tbody><tr class="theme"><th colspan="6">{_theme_name(theme)}</th></tr>')
            for r in rows:
                notes = "".join(f'<p class="note data">Note on {h(n)}</p>' for n in r.notes)
                body.append(
                    f'<tr><td class="id">{h(r.id)}</td><td class="data">{h(r.title)}</td>'
                    f"<td>{h(FORCE_LABELS[r.force])}</td>{_status(r.status)}"
                    f"<td>{_lines(view.lines[r.id])}{notes}</td>"
                    f'<td class="cite data">{h(r.citation)}<br>{h(r.ruleset)}</td></tr>')
            body.append("</tbody>")
        body += ["</table>", "</section>"]
    body.append(_legend(view.legend_forces))
    return page(view.title, body, report.tool_version)


def _theme_summary(view) -> str:
    """Counts by theme, one group of columns per section of the matrix (never added together)."""
    keys = [s.key for s in view.sections]
    head = ('<table><thead><tr><th rowspan="2">Theme</th>'
            + "".join(f'<th colspan="{len(STATUSES)}">{h(section_short(k))}</th>' for k in keys)
            + "</tr><tr>" + _status_headers() * len(keys) + "</tr></thead><tbody>")
    rows = [f"<tr><th>{_theme_name(theme)}</th>" + "".join(_counts_cells(view.theme_counts(theme, k)) for k in keys)
            + "</tr>" for theme in view.themes]
    return "<h3>By theme</h3>" + head + "".join(rows) + "</tbody></table>"


# --- compare ---------------------------------------------------------------------------------------

def render_compare(view) -> str:
    batch = view.batch
    body = [f"<header><h1>{h(view.title)}</h1>", _dl(_run_items(batch)), "</header>"]
    if not view.complete:
        body.append('<div class="warning"><p><strong>' + h(view.incomplete_line) + "</strong></p>"
                    + _lines(d.render() for d in view.input_errors) + "</div>")
    jurisdictions = list(view.jurisdictions())
    body += ["<section><h2>Jurisdictions</h2>",
             "<table><thead><tr><th>Column</th><th>Jurisdiction</th><th>Law as of</th><th>File</th>"
             f'<th colspan="{len(STATUSES)}">{h(section_short("binding"))}</th><th>At --fail-on '
             + h(batch.fail_on) + "</th></tr>"
             '<tr><th colspan="4"></th>' + _status_headers() + "<th>gap or partial</th></tr></thead><tbody>"]
    for j in jurisdictions:
        col, s = j.column, j.summary
        body.append(f'<tr><td class="id">{h(j.label)}</td><td class="data">{_jurisdiction(col)}</td>'
                    f"<td>{h(col.described_as_of or 'not stated')}</td><td class=\"data\">{h(col.file)}</td>"
                    f'{_counts_cells(s["binding"])}<td class="num">{len(s["failing"])}</td></tr>')
    body += ["</tbody></table>", "</section>"]
    counted = view.counted
    columns = 3 + len(view.labels) + len(counted)
    for section in view.sections:
        body += _section_open(section)
        body.append("<table><thead><tr><th>ID</th><th>Requirement and source</th><th>Legal force</th>"
                    + "".join(f"<th>{h(x)}</th>" for x in view.labels)
                    + "".join(f"<th>{h(x.capitalize())} in</th>" for x in counted) + "</tr></thead>")
        for theme, rows in _by_theme(section.rows):
            body.append(f'<tbody><tr class="theme"><th colspan="{columns}">{_theme_name(theme)}</th></tr>')
            for r in rows:
                counts = view.requirement_counts(r.id)
                body.append(
                    f'<tr><td class="id">{h(r.id)}</td>'
                    f'<td class="data">{h(r.title)}<br><span class="cite">{h(r.citation)}</span></td>'
                    f"<td>{h(FORCE_LABELS[r.force])}</td>"
                    + "".join(_status(s) for s in view.statuses(r.id))
                    + "".join(f'<td class="num">{counts[x]}</td>' for x in counted) + "</tr>")
            body.append("</tbody>")
        body += ["</table>", "</section>"]
    body.append("<section><h2>Summary by jurisdiction</h2>")
    for j in jurisdictions:
        body.append(f"<h3>{h(j.label)}: {h(j.description)}</h3><p>File: {h(j.column.file)}</p>")
        body.append(_list(j.summary_lines))
    body.append("</section>")
    body.append(_legend(view.legend_forces))
    return page(view.title, body, batch.tool_version)


# --- diff ------------------------------------------------------------------------------------------

def render_diff(view) -> str:
    d = view.diff
    sides = [(name, _jurisdiction(rep) + ", law as of " + h(rep.described_as_of or "not stated")
              + f"<br>File: {h(rep.file)}") for name, rep in view.sides]
    body = [f"<header><h1>{h(view.title)}</h1>", _dl(sides + _run_items(d)), "</header>"]
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
    body.append(_legend(view.legend_forces))
    return page(view.title, body, d.tool_version)

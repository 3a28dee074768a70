"""HTML reports (check, compare, diff): one self-contained file an adviser can hand over.

- No JavaScript, no external resource: a Content-Security-Policy meta tag (first in <head>)
  allows only the one inline <style>, by its sha256 hash, and data: images.
- Every value from data goes through `h()` (control characters replaced, then
  html.escape(..., quote=True)); nothing from data is ever placed in an attribute or a URL.
- Binding obligations and non-binding items are separate sections, styled differently; the
  non-binding one says in words that nothing in it is a breach.
- Status is always a word; colour only helps. Prints to PDF: A4 landscape, table headers repeat
  on each page (thead), rows are not split, the non-binding part starts on a new page.
- Deterministic: no timestamp unless SOURCE_DATE_EPOCH is set.
"""
from __future__ import annotations

import base64
import hashlib
import html
import os
from datetime import datetime, timezone

from firearms_gap.diagnostics import InputError
from firearms_gap.framework import INSTRUMENTS
from firearms_gap.model import FORCES, STATUSES
from firearms_gap.render.batch_out import section_short
from firearms_gap.render.common import (FORCE_LABELS, SECTIONS, clean, file_notes_lines, national_lines, section_of,
                                        summary_lines, title_line)
from firearms_gap.result import Report

STATUS_CLASS = {"met": "s-met", "met (uncited)": "s-uncited", "partial": "s-partial", "gap": "s-gap", "not adopted": "s-notadopted",
                "not assessed": "s-unassessed", "not applicable": "s-na"}

STATUS_MEANING = {
    "met": "every element of the requirement is met by a cited national provision.",
    "met (uncited)": "every element is met on the answers given, but no national provision is cited for them; "
                     "never counted as met.",
    "partial": "some elements are met, or a shortfall is established while other answers are missing.",
    "gap": "every element was answered and none is met.",
    "not adopted": "an option ('shall consider', 'may', 'are encouraged') the law does not take up; never a gap.",
    "not assessed": "the framework file does not answer the questions this requirement needs; it is not a gap.",
    "not applicable": "the requirement's condition does not hold for this jurisdiction.",
}

# What each non-binding section of the matrix is, in words (render/common.py SECTIONS).
SECTION_NOTICES = {
    "treaty-non-binding": (
        "Not obligations by themselves. Definitions fix the reach of the obligations: a national definition "
        "narrower than the Protocol's shows here and also as a shortfall of each obligation it narrows. Options "
        "the Protocol leaves to each State ('shall consider', 'may', 'are encouraged') are never a breach: here "
        "'gap' only means that an option is not taken up."),
    "soft-law": (
        "Voluntary, never a breach. Recommendations of the Working Group on Firearms, points from a Chair's "
        "summary that were never adopted, text of a draft resolution whose adoption is unconfirmed, and "
        "background material. None of it is a treaty obligation: here 'gap' only means that a measure is "
        "not taken up."),
}
NON_BINDING_NOTICE = "Not obligations: nothing in this part is a breach; 'gap' only means a measure is not taken up."

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
.s-met { background: #d4efd4; }
.s-partial { background: #fde9b0; }
.s-uncited { background: #fdf3d0; font-style: italic; }
.s-gap { background: #f6c4c4; }
.s-notadopted { background: #efe6f0; }
.s-unassessed { background: #ececec; font-weight: normal; font-style: italic; }
.s-na { background: #dbe9f6; font-weight: normal; }
section.nonbinding { border-left: 6px solid #6c63a8; padding-left: .8em; }
section.nonbinding h2 { border-bottom-color: #6c63a8; }
section.nonbinding .s-gap { background: #e6e0f3; }
section.nonbinding .s-partial { background: #f1eef8; }
section.binding { border-left: 6px solid #333; padding-left: .8em; }
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


def h(value) -> str:
    """Every value from data: control and bidi characters replaced, then escaped for text and attributes."""
    return html.escape(clean(str(value)), quote=True)


def source_date() -> datetime | None:
    """SOURCE_DATE_EPOCH as a UTC datetime (reproducible builds), or None when it is not set."""
    raw = os.environ.get("SOURCE_DATE_EPOCH")
    if raw is None or raw.strip() == "":
        return None
    try:
        return datetime.fromtimestamp(int(raw), tz=timezone.utc)
    except (ValueError, OverflowError, OSError):
        raise InputError.single("SOURCE_DATE_EPOCH", f"is not a number of seconds since 1970: {raw!r}") from None


def generated_at() -> str | None:
    """The report's date line: only from SOURCE_DATE_EPOCH, never the clock."""
    when = source_date()
    return when.strftime("%Y-%m-%d %H:%M UTC") if when else None


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


def _dl(items: list[tuple[str, str]]) -> str:
    """items: (term, already-escaped HTML)."""
    return '<dl class="meta">' + "".join(f"<dt>{h(k)}</dt><dd>{v}</dd>" for k, v in items) + "</dl>"


def _rulesets(obj) -> str:
    return "<ul>" + "".join(f"<li>{h(r.id)} {h(r.version)}: {h(r.title)} ({h(r.instrument)})</li>"
                            for r in obj.rulesets) + "</ul>"


def _run_items(obj) -> list[tuple[str, str]]:
    items = [("Rulesets", _rulesets(obj)), ("Tool", h(f"firearms-gap {obj.tool_version}")),
             ("Threshold", h(f"--fail-on {obj.fail_on}"))]
    filters = [f"--{k} {v}" for k, vs in sorted(obj.filters.items()) for v in vs]
    if filters:
        items.append(("Only", h(" ".join(filters))))
    return items


def _jurisdiction(report) -> str:
    """Of a Report or a compare Column."""
    j = report.jurisdiction
    text = f"{j.get('name')} ({j.get('code')})" + (", fictional" if j.get("fictional") else "")
    return h(" ".join(text.split()))


def _theme_name(theme: str) -> str:
    return h(theme.replace("_", " ").capitalize())


def _themes(rows) -> list[str]:
    out: list[str] = []
    for r in rows:
        if r.theme not in out:
            out.append(r.theme)
    return out


def _legend(forces: list[str]) -> str:
    status = "".join(f'<tr><td class="st {STATUS_CLASS.get(s, "s-other")}">{h(s)}</td>'
                     f"<td>{h(STATUS_MEANING.get(s, ''))}</td></tr>"
                     for s in STATUSES)
    force = "".join(f"<tr><td>{h(FORCE_LABELS[f])}</td><td>{h(FORCES[f])}</td></tr>" for f in FORCES if f in forces)
    return ("<section><h2>How to read this report</h2>"
            "<table><thead><tr><th>Status</th><th>Meaning</th></tr></thead><tbody>" + status + "</tbody></table>"
            "<table><thead><tr><th>Legal force</th><th>Meaning</th></tr></thead><tbody>" + force + "</tbody></table>"
            "</section>")


def _section_open(key: str, title: str) -> list[str]:
    if key == "binding":
        return ['<section class="binding">', f"<h2>{h(title)}</h2>"]
    return ['<section class="nonbinding">', f"<h2>{h(title)}</h2>",
            f'<p class="notice">{h(SECTION_NOTICES.get(key, NON_BINDING_NOTICE))}</p>']


def _counts_cells(counts: dict[str, int]) -> str:
    return "".join(f'<td class="num">{counts[s]}</td>' for s in STATUSES)


def _status_headers() -> str:
    return "".join(f"<th>{h(s)}</th>" for s in STATUSES)


# --- check -----------------------------------------------------------------------------------------

def render(report: Report) -> str:
    """The gap matrix of one jurisdiction."""
    title = title_line(report)
    party = ", ".join(INSTRUMENTS.get(p, p) for p in report.party_to) or "none stated"
    body = [f"<header><h1>{h(title)}</h1>", _dl([
        ("Jurisdiction", _jurisdiction(report)),
        ("Law described as of", h(report.described_as_of or "not stated")),
        ("Party to", h(party)),
        ("Framework file", h(report.file)),
        *_run_items(report),
    ]), *(f'<p class="note data">{h(x)}</p>' for x in file_notes_lines(report)), "</header>"]
    body += ["<section><h2>Summary</h2>", "<ul>" + "".join(f"<li>{h(x)}</li>" for x in summary_lines(report))
             + "</ul>", _theme_summary(report), "</section>"]
    for key, title_text in SECTIONS:
        rows = [r for r in report.results if section_of(r) == key]
        if not rows:
            continue
        body += _section_open(key, report.section_title(key))
        if key == "binding" and report.party_line and not any(r.binding for r in rows):
            body.append(f'<p class="notice">{h(report.party_line)}</p>')
        body.append("<table><thead><tr><th>ID</th><th>Requirement</th><th>Legal force</th><th>Status</th>"
                    "<th>National provision / what is missing</th><th>Source</th></tr></thead>")
        for theme in _themes(rows):
            body.append(f'<tbody><tr class="theme"><th colspan="6">{_theme_name(theme)}</th></tr>')
            for r in (r for r in rows if r.theme == theme):
                notes = "".join(f'<p class="note data">Note on {h(n)}</p>' for n in r.notes)
                body.append(
                    f'<tr><td class="id">{h(r.id)}</td><td class="data">{h(r.title)}</td>'
                    f"<td>{h(FORCE_LABELS[r.force])}</td>{_status(r.status)}"
                    f"<td>{_lines(national_lines(r))}{notes}</td>"
                    f'<td class="cite data">{h(r.citation)}<br>{h(r.ruleset)}</td></tr>')
            body.append("</tbody>")
        body += ["</table>", "</section>"]
    body.append(_legend([r.force for r in report.results]))
    return page(title, body, report.tool_version)


def _theme_summary(report: Report) -> str:
    """Counts by theme, one group of columns per section of the matrix (never added together)."""
    keys = [(k, t) for k, t in SECTIONS if any(section_of(r) == k for r in report.results)]
    head = ('<table><thead><tr><th rowspan="2">Theme</th>'
            + "".join(f'<th colspan="{len(STATUSES)}">{h(section_short(k))}</th>' for k, _ in keys)
            + "</tr><tr>" + _status_headers() * len(keys) + "</tr></thead><tbody>")
    rows = []
    for theme in _themes(report.results):
        cells = "".join(_counts_cells(report.counts([r for r in report.results
                                                     if r.theme == theme and section_of(r) == k])) for k, _ in keys)
        rows.append(f"<tr><th>{_theme_name(theme)}</th>{cells}</tr>")
    return "<h3>By theme</h3>" + head + "".join(rows) + "</tbody></table>"


# --- compare ---------------------------------------------------------------------------------------

def render_compare(batch) -> str:
    from firearms_gap.render.batch_out import (count_statuses, describe, heading, incomplete_line,
                                               section_requirements, theme_line)

    title = heading(batch)
    body = [f"<header><h1>{h(title)}</h1>", _dl(_run_items(batch)), "</header>"]
    if not batch.complete:
        body.append('<div class="warning"><p><strong>' + h(incomplete_line(batch)) + "</strong></p>"
                    + _lines(d.render() for d in batch.input_errors) + "</div>")
    body += ["<section><h2>Jurisdictions</h2>",
             "<table><thead><tr><th>Column</th><th>Jurisdiction</th><th>Law as of</th><th>File</th>"
             f'<th colspan="{len(STATUSES)}">Treaty obligations (binding)</th><th>At --fail-on '
             + h(batch.fail_on) + "</th></tr>"
             '<tr><th colspan="4"></th>' + _status_headers() + "<th>gap or partial</th></tr></thead><tbody>"]
    for label, col in zip(batch.labels, batch.columns):
        s = batch.summary(col)
        body.append(f'<tr><td class="id">{h(label)}</td><td class="data">{_jurisdiction(col)}</td>'
                    f"<td>{h(col.described_as_of or 'not stated')}</td><td class=\"data\">{h(col.file)}</td>"
                    f'{_counts_cells(s["binding"])}<td class="num">{len(s["failing"])}</td></tr>')
    body += ["</tbody></table>", "</section>"]
    counted = count_statuses(batch)
    columns = 3 + len(batch.labels) + len(counted)
    for key, title_text in SECTIONS:
        reqs = section_requirements(batch, key)
        if not reqs:
            continue
        body += _section_open(key, title_text)
        body.append("<table><thead><tr><th>ID</th><th>Requirement and source</th><th>Legal force</th>"
                    + "".join(f"<th>{h(x)}</th>" for x in batch.labels)
                    + "".join(f"<th>{h(x.capitalize())} in</th>" for x in counted) + "</tr></thead>")
        for theme in _themes(reqs):
            body.append(f'<tbody><tr class="theme"><th colspan="{columns}">{_theme_name(theme)}</th></tr>')
            for r in (r for r in reqs if r.theme == theme):
                counts = batch.requirement_counts(r.id)
                body.append(
                    f'<tr><td class="id">{h(r.id)}</td>'
                    f'<td class="data">{h(r.title)}<br><span class="cite">{h(r.citation)}</span></td>'
                    f"<td>{h(FORCE_LABELS[r.force])}</td>"
                    + "".join(_status(s) for s in batch.statuses(r.id))
                    + "".join(f'<td class="num">{counts[x]}</td>' for x in counted) + "</tr>")
            body.append("</tbody>")
        body += ["</table>", "</section>"]
    body.append("<section><h2>Summary by jurisdiction</h2>")
    for label, col in zip(batch.labels, batch.columns):
        body.append(f"<h3>{h(label)}: {h(describe(col))}</h3><p>File: {h(col.file)}</p>")
        body.append("<ul>" + "".join(f"<li>{h(x)}</li>" for x in [*col.summary_lines, theme_line(batch, col)])
                    + "</ul>")
    body.append("</section>")
    body.append(_legend([r.force for r in batch.requirements]))
    return page(title, body, batch.tool_version)


# --- diff ------------------------------------------------------------------------------------------

def render_diff(d) -> str:
    from firearms_gap.render.diff_out import change_lines, heading, section_changes, summary_lines as diff_lines

    title = heading(d)
    sides = [(f"{name}", _jurisdiction(rep) + ", law as of " + h(rep.described_as_of or "not stated")
              + f"<br>File: {h(rep.file)}") for name, rep in (("OLD", d.old), ("NEW", d.new))]
    body = [f"<header><h1>{h(title)}</h1>", _dl(sides + _run_items(d)), "</header>"]
    if not d.same_jurisdiction:
        body.append('<p class="warning">The two files describe different jurisdictions.</p>')
    body += ["<section><h2>Summary</h2>", "<ul>" + "".join(f"<li>{h(x)}</li>" for x in diff_lines(d)) + "</ul>",
             "</section>"]
    for key, title_text in SECTIONS:
        changes = section_changes(d, key)
        if not changes:
            continue
        body += _section_open(key, title_text)
        body.append("<table><thead><tr><th>ID</th><th>Requirement</th><th>Legal force</th><th>OLD</th><th>NEW</th>"
                    "<th>Change</th><th>What changed</th><th>Source</th></tr></thead><tbody>")
        for c in changes:
            r = c.requirement
            change = h(c.change) + (' <span class="regression">(regression)</span>' if c.regression else "")
            body.append(
                f'<tr><td class="id">{h(r.id)}</td><td class="data">{h(r.title)}</td>'
                f"<td>{h(FORCE_LABELS[r.force])}</td>{_status(c.old.status)}{_status(c.new.status)}"
                f"<td>{change}</td><td>{_lines(change_lines(c))}</td><td class=\"cite data\">{h(r.citation)}</td></tr>")
        body += ["</tbody></table>", "</section>"]
    if not d.changes:
        body.append("<p>No requirement changes.</p>")
    body.append(_legend([c.requirement.force for c in d.changes] + [r.force for r in d.new.results]))
    return page(title, body, d.tool_version)

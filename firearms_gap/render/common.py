"""Text every output format shares, so the formats cannot disagree about a row."""
from __future__ import annotations

import re

from firearms_gap.model import FORCES, STATUSES, UNCITED
from firearms_gap.result import SECTION_TITLES, Report, RequirementResult

FORCE_LABELS = {
    "mandatory": "mandatory", "conditional": "conditional", "qualified": "qualified",
    "definitional": "definitional", "optional": "optional (consider)", "permissive": "permissive (may)",
    "hortatory": "hortatory (encouraged)", "recommended": "recommended (voluntary)",
    "draft_resolution": "draft resolution (adoption unconfirmed)",
    "discussion_point": "discussion point (not adopted)",
    "secretariat_recommendation": "Secretariat recommendation (not adopted)", "context": "context",
}

# The matrix is always split into these three groups, with separate counts, so that a report
# never presents a definition, an option or a recommendation as a breach of the Protocol.
# These are the default titles; a check report's own titles (Report.section_title) also say
# whether the State is a Party.
SECTIONS = tuple((key, title[""] if isinstance(title, dict) else title) for key, title in SECTION_TITLES.items())
_SECTION_OF_FORCE = {
    "mandatory": "binding", "conditional": "binding", "qualified": "binding",
    "definitional": "treaty-non-binding", "optional": "treaty-non-binding", "permissive": "treaty-non-binding",
    "hortatory": "treaty-non-binding",
    "recommended": "soft-law", "draft_resolution": "soft-law", "discussion_point": "soft-law",
    "secretariat_recommendation": "soft-law", "context": "soft-law",
}

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean(text: str) -> str:
    """Never let a control or bidi character from data reach a terminal or a report."""
    return _CONTROL.sub("\ufffd", text)


def section_of(r) -> str:
    """Which group of the matrix a requirement (or its result) belongs to, by legal force."""
    return _SECTION_OF_FORCE[r.force]


def national_lines(r: RequirementResult) -> list[str]:
    """The 'national provision / what is missing' cell, one statement a line."""
    lines: list[str] = []
    if getattr(r, "benchmark", False):
        # On the row itself, so that no format (a CSV row, a spreadsheet cell) can show it as a breach.
        lines.append("Benchmark: the State is not a Party to this treaty; a shortfall is never a breach")
    if r.status == "met":
        lines.append("Met by: " + ("; ".join(r.provisions) if r.provisions else "(no national provision cited)"))
    elif r.status == UNCITED:
        lines.append("Met on the answers given, but not by a cited national provision: cite one before "
                     "reporting it as met" + (" (cited so far: " + "; ".join(r.provisions) + ")" if r.provisions else ""))
    elif r.status == "not applicable":
        lines.append("Not applicable: " + (r.reason or "its condition does not hold"))
        if r.provisions:
            lines.append("Per: " + "; ".join(r.provisions))
    elif r.status == "not assessed":
        lines.append("Not assessed; answer: " + ", ".join(r.unanswered))
    else:
        if r.status == "partial" and r.provisions:
            lines.append("Met in part by: " + "; ".join(r.provisions))
        elif r.provisions:
            lines.append("Law read: " + "; ".join(r.provisions))
        lines += [f"Missing: {m}" for m in r.missing]
        if r.unanswered:
            lines.append("Also not assessed; answer: " + ", ".join(r.unanswered))
        if r.qualifier and r.force == "qualified":
            lines.append(f"Qualified by: \u201c{r.qualifier}\u201d")
    if r.unsupported:
        lines.append("Unsupported (no national provision cited): " + ", ".join(r.unsupported))
    if r.unverified:
        lines += [f"Unverified: {u}" for u in r.unverified]
    # Where each answer comes from: a reader must be able to check the statement (drafters' notes
    # are shown apart, by the formats that have room for them).
    lines += [f"Evidence: {e}" for e in getattr(r, "evidence", ())]
    return [clean(x) for x in lines]


def summary_lines(report: Report) -> list[str]:
    party_line = getattr(report, "party_line", None)
    out = [party_line] if party_line else []
    for key, title in SECTIONS:
        rows = [r for r in report.results if section_of(r) == key]
        if rows:
            title = report.section_title(key) if hasattr(report, "section_title") else title
            out.append(f"{title}: " + counts_text(report.counts(rows), compact=True))
    by_force = report.counts_by_force()
    out.append("By legal force: " + "; ".join(
        f"{FORCE_LABELS[f]} " + counts_text(c, compact=True) for f, c in by_force.items()))
    if report.fail_on != "none":
        failing = report.failing
        out.append(f"Threshold --fail-on {report.fail_on}: " + (
            f"{len(failing)} requirement(s) with a gap, partial, not adopted or uncited result"
            if failing else "no gap at this threshold"))
    return out


def file_notes_lines(report) -> list[str]:
    """The framework file's own notes (caveats on the whole file), for the head of a report."""
    notes = getattr(report, "notes", None)
    return [clean("File notes: " + " ".join(notes.split()))] if notes else []


def counts_text(counts: dict[str, int], compact: bool = False) -> str:
    parts = [f"{counts[s]} {s}" for s in STATUSES if counts[s] or not compact]
    return ", ".join(parts) if parts else "none"


def title_line(report: Report) -> str:
    j = report.jurisdiction
    name = f"{j.get('name')} ({j.get('code')})" + (" [fictional]" if j.get("fictional") else "")
    when = f", law as of {report.described_as_of}" if report.described_as_of else ""
    return clean(f"Gap matrix: {name}{when}")


def rulesets_line(report: Report) -> str:
    return "Rulesets: " + "; ".join(f"{r.id} {r.version}" for r in report.rulesets) + \
        f" (firearms-gap {report.tool_version})"


def force_order(force: str) -> int:
    return list(FORCES).index(force)


def ruleset_items(rulesets) -> list[dict]:
    """The `rulesets` list of every JSON document (RulesetInfo records)."""
    return [{"id": r.id, "version": r.version, "title": r.title, "instrument": r.instrument} for r in rulesets]


def json_header(kind: str | None, tool_version: str, rulesets, filters: dict, fail_on: str) -> dict:
    """The keys every JSON document starts with (check, compare, diff), in one place."""
    head = {"output_schema_version": "1"}
    if kind:
        head["kind"] = kind
    head.update({
        "tool": {"name": "firearms-gap", "version": tool_version},
        "rulesets": ruleset_items(rulesets),
        "filters": filters,
        "fail_on": fail_on,
    })
    return head


def text_console(buf, width: int, color: bool):
    """A rich Console for our tables: data is never read as markup, emoji or highlighting."""
    from rich.console import Console

    return Console(file=buf, width=width, color_system="standard" if color else None,
                   force_terminal=color, no_color=not color, highlight=False, emoji=False, markup=False)

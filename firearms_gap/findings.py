"""What a check found about one requirement, in words: one statement a line.

These statements are part of the result, not of one format: every format shows them in its
"national provision / what is missing" cell, JSON writes them as `summary`, and a comparison
keeps them per cell (batch.Column.lines). Control and bidi characters from data are replaced
here, once, so no statement can reach a terminal or a report with one. Nothing here prints.
"""
from __future__ import annotations

from firearms_gap.diagnostics import CONTROL_OR_BIDI
from firearms_gap.model import UNCITED


def clean(text: str) -> str:
    """Never let a control or bidi character from data reach a terminal or a report."""
    return CONTROL_OR_BIDI.sub("\ufffd", text)


def statements(r) -> list[str]:
    """The 'national provision / what is missing' cell of a RequirementResult, one statement a line."""
    lines: list[str] = []
    determination = getattr(r, "determination", None)
    if determination is not None:
        # First, so that whoever reads the row reads how the assessor reads it, and what was computed.
        from firearms_gap.determinations import statement
        lines.append(statement(determination, r.status))
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
    lines += [f"Not in force: {x}" for x in getattr(r, "not_in_force", ())]
    if getattr(r, "assistance", ()) and r.status not in ("met", "not applicable"):
        from firearms_gap.needs import statement as needs_statement
        lines += needs_statement(r.assistance)
    if r.unsupported:
        lines.append("Unsupported (no national provision cited): " + ", ".join(r.unsupported))
    if r.unverified:
        lines += [f"Unverified: {u}" for u in r.unverified]
    # Where each answer comes from: a reader must be able to check the statement (drafters' notes
    # are shown apart, by the formats that have room for them).
    lines += [f"Evidence: {e}" for e in getattr(r, "evidence", ())]
    # One search over the row's lines (the pattern matches single characters, never "\n"), not a
    # substitution per line: compare makes these for every requirement of every file.
    if not CONTROL_OR_BIDI.search("\n".join(lines)):
        return lines
    return [clean(x) for x in lines]


def file_notes_lines(notes: str | None) -> list[str]:
    """The framework file's own notes (caveats on the whole file), for the head of a report."""
    return [clean("File notes: " + " ".join(notes.split()))] if notes else []

"""The findings list: `check`'s default output. What a reader needs first - the shortfalls, one
entry each, binding obligations first - then the counts, then what was not assessed; the full
matrix is `--format table` (or markdown, html...).

Plain text wrapped at word boundaries (a word is never split, whatever the width), so it reads the
same on a terminal, in a pipe and in an e-mail, and costs next to nothing to make (no rich). The
status is always written as a word; colour (ANSI, on a terminal only) merely repeats it.
"""
from __future__ import annotations

import shlex
import textwrap

from firearms_gap.model import NOT_A_PARTY, SHORTFALLS
from firearms_gap.render.escape import clean
from firearms_gap.render.palette import TERMINAL, paint
from firearms_gap.views.labels import FORCE_LABELS, NON_BINDING_NOTICE, counts_text, filters_text, section_short

def _paint(word: str, status: str, color: bool) -> str:
    return paint(word, TERMINAL.get(status, "")) if color else word


def _wrap(text: str, width: int, indent: str = "", hang: str | None = None) -> list[str]:
    """Lines of at most `width` columns, broken only between words (a word longer than the line
    stands alone on its line rather than being cut)."""
    return textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=indent if hang is None else hang,
                         break_long_words=False, break_on_hyphens=False) or [indent.rstrip()]


def _heading(view, section) -> str:
    # A State that is not a Party reads its binding section as a benchmark: say so in the heading.
    if section.key == "binding" and view.report.party_status == NOT_A_PARTY:
        return section.title
    return section_short(section.key)


HANG = "    "     # continuation lines of an entry


def _entry(f, pad: int, width: int, color: bool) -> list[str]:
    """'  gap      FP-8-1-b  mandatory  Firearms Protocol, art. 8(1)(b)' and the sentence below it.
    The status is padded outside its colour codes, so the columns line up either way."""
    lead = "  " + f.status + " " * (pad - len(f.status) + 2)
    head = _wrap(f"{lead}{f.id}  {FORCE_LABELS[f.force]}  {f.citation}", width, hang=HANG)
    head[0] = "  " + _paint(f.status, f.status, color) + head[0][2 + len(f.status):]
    more = f" (+{f.more} more: --explain {f.id})" if f.more else ""
    return head + _wrap(f.sentence + more, width, HANG)


def render_check(view, *, width: int = 80, color: bool = False, statuses=SHORTFALLS) -> str:
    report = view.report
    out = _wrap(clean(view.title), width)
    if view.party_line:
        out += _wrap(clean(view.party_line), width)
    out += _wrap(clean(view.rulesets_line), width, hang="  ")
    for line in view.file_notes:
        out += _wrap(line, width, hang="  ")
    if filters_text(report.filters):
        out += _wrap("Only the requirements selected by " + clean(filters_text(report.filters)), width)
    grouped = [(section, found) for section, found in view.findings(statuses) if found]
    pad = max((len(f.status) for _, found in grouped for f in found), default=0)
    for section, found in grouped:
        what = "shortfall" if tuple(statuses) == SHORTFALLS else "requirement"
        out += [""] + _wrap(f"{_heading(view, section)}: {len(found)} {what}{'s' if len(found) != 1 else ''}", width)
        if section.notice:
            out += _wrap(NON_BINDING_NOTICE, width, "  ")
        for f in found:
            out += _entry(f, pad, width, color)
    if not grouped:
        shown = "a shortfall" if tuple(statuses) == SHORTFALLS else "the status " + ", ".join(statuses)
        out += ["", *_wrap(f"No requirement with {shown}.", width)]
    out += ["", "Summary"]
    for section in view.sections:
        out += _wrap(f"{_heading(view, section)}: " + counts_text(view.by_section[section.key], compact=True),
                     width, "  ", "    ")
    out += _wrap(_threshold(view), width, "  ", "    ")
    if view.not_assessed and "not assessed" not in statuses:
        out += [""] + _wrap(_not_assessed(view), width)
    out += _wrap("Every requirement: --format table; one in full: --explain ID.", width)
    return "\n".join(out) + "\n"


def _threshold(view) -> str:
    fail_on = view.report.fail_on
    if fail_on == "none":
        return "Threshold --fail-on none: nothing makes the exit status 1."
    if not view.failing:
        return f"Threshold --fail-on {fail_on}: no shortfall at this threshold (exit 0)."
    return (f"Threshold --fail-on {fail_on}: {len(view.failing)} requirement(s) with a shortfall (exit 1): "
            + ", ".join(clean(x) for x in view.failing) + ".")


def _not_assessed(view) -> str:
    file = view.report.file
    target = "FILE" if file in ("-", "<stdin>") else shlex.quote(clean(file))
    n = view.not_assessed
    return (f"{n} requirement{'s' if n != 1 else ''} not assessed (the file does not answer their questions; "
            f"never a gap): firearms-gap init --only-missing {target}{_ruleset_options(view)} lists the "
            "questions to answer.")


def _ruleset_options(view) -> str:
    """The --ruleset options that make init ask the questions of the rulesets this check used."""
    from firearms_gap.ruleset_files import bundled_names

    used, bundled = [r.id for r in view.report.rulesets], bundled_names()
    if sorted(used) == sorted(bundled):
        return ""
    if all(r in bundled for r in used):
        return "".join(f" --ruleset {shlex.quote(clean(r))}" for r in used)
    return " (with this check's --ruleset options)"


def render_explain(explanation, *, width: int = 80, color: bool = False) -> str:
    """`check --explain ID`: one requirement in full (views/explain.py)."""
    e = explanation
    out = _wrap(f"{e.id}: {e.title}", width)
    out += _wrap(f"{e.citation} - {e.force}", width, "  ", "    ")
    out += ["  Status: " + _paint(e.status, e.status, color)]
    for line in e.statements:
        out += _wrap(line, width, "    ", "      ")
    if e.qualifier:
        out += _wrap(f"Qualified by: \u201c{e.qualifier}\u201d", width, "  ", "    ")
    if e.applies_if:
        out += _wrap(f"Applies if: {e.applies_if}", width, "  ", "    ")
    for el in e.elements:
        out += [""] + _wrap(f"Element {el.id} ({el.citation}): " + _paint(el.state, _ELEMENT_STATUS.get(el.state, ""),
                                                                         color), width)
        out += _wrap(f"Requires: {el.requires}", width, "  ", "    ")
        out += _wrap(f"Met when: {el.condition}", width, "  ", "    ")
        if el.gap:
            out += _wrap(f"Missing: {el.gap}", width, "  ", "    ")
        for r in el.reads:
            answer = "not answered" if r.value is None else r.value
            out += _wrap(f"{r.fact} = {answer}", width, "  - ", "      ")
            out += _wrap(r.question, width, "      ", "      ")
            for p in r.provisions:
                out += _wrap(f"per {p}", width, "      ", "        ")
            if r.value is not None and not r.provisions:
                out += _wrap("no national provision cited", width, "      ", "        ")
            for remark in r.remarks:
                out += _wrap(remark, width, "      ", "        ")
    if e.source_text:
        out += ["", "The source's words:"] + _wrap(f"\u201c{e.source_text}\u201d", width, "  ", "  ")
    for label, text in e.notes:
        out += [""] + _wrap(f"{label}: {text}", width, "", "  ")
    return "\n".join(out) + "\n"


# An element's state painted like the requirement status it leads to.
_ELEMENT_STATUS = {"met": "met", "not met": "gap", "not assessed": "not assessed"}

"""Law in force on a date: which of a framework file's provisions count on the date of a check.

A national source, or a single provision, may carry `in_force` and `repealed` dates, and a source
may be `draft: true` (a bill). A provision counts on a date when it came into force on or before it
(no `in_force`: in force as far as the file says) and was not repealed on or before it; a draft
never counts unless the run includes drafts. An answer whose every cited provision is set aside
is taken out of the check, so the requirements that need it become "not assessed" with the reason
shown (findings.statements): the law of that date is not known to answer it. An answer citing no
provision is kept as it is (it is already shown as uncited). Dates are ISO texts (YYYY-MM-DD),
which compare as dates; the wall clock is never read, so a check is the same on any day.
"""
from __future__ import annotations

from datetime import date


def valid_date(text: str) -> bool:
    """True for a real calendar date written YYYY-MM-DD (the schema checks the shape only)."""
    try:
        date.fromisoformat(text)
    except (TypeError, ValueError):
        return False
    return len(text) == 10


def set_aside_reason(source: dict, provision, on: str | None, include_drafts: bool) -> str | None:
    """Why `provision` (of `source`, the file's entry for it) does not count on date `on`
    (None: it counts). Without a date only drafts are set aside: nothing else can be judged."""
    if source.get("draft") and not include_drafts:
        return "a draft, not law (add --include-drafts to count it)"
    if on is None:
        return None
    starts = getattr(provision, "in_force", None) or source.get("in_force")
    ends = getattr(provision, "repealed", None) or source.get("repealed")
    if starts and starts > on:
        return f"in force only from {starts}"
    if ends and ends <= on:
        return f"repealed from {ends}"
    return None


def law_on(framework, on: str | None, include_drafts: bool = False):
    """The framework as the law stood on `on`: (a Framework whose answers cite only provisions that
    count on that date, {fact: why it was set aside} for each answer none of whose provisions count)."""
    kept, set_aside = {}, {}
    sources = framework.sources
    # Sources set_aside_reason can only let through (no draft, and no dates that could be weighed):
    # most files date nothing, and an answer citing only these, by undated provisions, stays as it is.
    plain = {k for k, s in sources.items()
             if not s.get("draft") and (on is None or not (s.get("in_force") or s.get("repealed")))}
    for fid, answer in framework.answers.items():
        if all((p.source in plain or p.source not in sources) and (on is None or not (p.in_force or p.repealed))
               for p in answer.provisions):
            kept[fid] = answer
            continue
        reasons = [(p, set_aside_reason(framework.sources.get(p.source, {}), p, on, include_drafts))
                   for p in answer.provisions]
        counting = tuple(p for p, why in reasons if why is None)
        if answer.provisions and not counting:
            set_aside[fid] = "; ".join(f"{framework.render_provision(p)} ({why})" for p, why in reasons)
            continue
        kept[fid] = answer._replace(provisions=counting) if len(counting) != len(answer.provisions) else answer
    if not set_aside and len(kept) == len(framework.answers) and all(
            kept[f] is framework.answers[f] for f in kept):
        return framework, {}
    return framework.with_answers(kept), set_aside

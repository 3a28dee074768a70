"""Assessor determinations: where an adviser and a ministry judge a requirement met by functionally
equivalent measures, or not applicable for a stated reason, whatever the matrix computes.

A determination changes how a row is read, never what it computed: the computed status stays the
row's `status` (and its count), the determination is shown beside it (findings.statements), counted
apart in the summary, and a determination in effect takes the row out of --fail-on's shortfalls
(result.Report.failing), which is its point. One that has expired on the date of the check is
ignored, and said so on the row and in the report's notices.
"""
from __future__ import annotations

from firearms_gap.records import Record

# What an assessor may assert, and how a row reads with it.
DETERMINED_STATUSES = {
    "met": "met by functionally equivalent measures",
    "not applicable": "not applicable",
}


class Determination(Record):
    requirement: str
    status: str                          # a key of DETERMINED_STATUSES
    justification: str
    by: str                              # the assessor: a name or a role
    date: str                            # YYYY-MM-DD, when it was made
    expires: str | None = None           # YYYY-MM-DD: no longer relied on after this day
    provisions: tuple[str, ...] = ()     # national provisions cited for it, as report text
    expired: bool = False                # set by the check: expired on the date of the law checked
    cited: tuple[tuple[str, str], ...] = ()   # (source key, at) of each provision, as the file gives them

    @property
    def in_effect(self) -> bool:
        return not self.expired


def applied(determination: "Determination | None", on: str | None) -> "Determination | None":
    """The determination as it stands on date `on` (the law's date): expired if it expires before
    that date. Without a date its expiry cannot be judged, and it stands (the report says so)."""
    if determination is None or not determination.expires or on is None:
        return determination
    return determination._replace(expired=determination.expires < on)


def statement(d: Determination, computed: str) -> str:
    """The line a row shows for its determination."""
    cites = f" (per: {'; '.join(d.provisions)})" if d.provisions else ""
    d = d._replace(justification=" ".join(d.justification.split()))    # one line, whatever the file's layout
    if d.expired:
        return (f"Determination ignored: valid only until {d.expires} (it said {DETERMINED_STATUSES[d.status]}, "
                f"by {d.by}, dated {d.date}: {d.justification}); the computed status stands")
    until = f", until {d.expires}" if d.expires else ""
    return (f"Determined {DETERMINED_STATUSES[d.status]} by {d.by}, dated {d.date}{until}: {d.justification}"
            f"{cites} (computed: {computed})")


def summary_line(results) -> str | None:
    """How many rows carry a determination, counted apart from the computed counts."""
    rows = [r for r in results if getattr(r, "determination", None)]
    if not rows:
        return None
    in_effect = [r for r in rows if r.determination.in_effect]
    parts = []
    for key, words in DETERMINED_STATUSES.items():
        mine = [r for r in in_effect if r.determination.status == key]
        if mine:
            computed = ", ".join(f"{n} {s}" for s, n in _tally(r.status for r in mine))
            parts.append(f"{len(mine)} {words} (computed: {computed})")
    expired = len(rows) - len(in_effect)
    text = "Assessor determinations (counted apart; each row keeps its computed status above): " + (
        "; ".join(parts) if parts else "none in effect")
    text += f"; {expired} expired and ignored" if expired else ""
    return text + ("; --fail-on does not count a row determined in effect as a shortfall" if in_effect else "")


def _tally(items):
    counts: dict[str, int] = {}
    for s in items:
        counts[s] = counts.get(s, 0) + 1
    return counts.items()

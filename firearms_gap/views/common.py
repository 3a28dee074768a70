"""Pieces every view is built from: the sections of the matrix, the summary lines, the legend."""
from __future__ import annotations

from firearms_gap.findings import clean
from firearms_gap.model import FORCES, SECTIONS, section_of
from firearms_gap.records import Record
from firearms_gap.result import section_title
from firearms_gap.views.labels import FORCE_LABELS, counts_text, section_notice


class Section(Record):
    """One section of the matrix (model.SECTIONS) that has rows: binding obligations are never
    shown among definitions, options or recommendations."""
    key: str
    title: str
    notice: str | None       # what a non-binding section is, in words (None for the binding one)
    rows: tuple              # requirement results, requirement infos or changes, in ruleset order


def sections(rows, requirement=lambda row: row, party_status: str | None = None) -> tuple[Section, ...]:
    """The rows grouped by section of the matrix, in SECTIONS order; empty sections left out. The
    binding section's title says what the State's party status makes of it (result.section_title)."""
    grouped: dict[str, list] = {key: [] for key, _ in SECTIONS}
    for row in rows:
        grouped[section_of(requirement(row))].append(row)
    return tuple(Section(key, section_title(key, party_status), section_notice(key), tuple(grouped[key]))
                 for key, _ in SECTIONS if grouped[key])


def themes(rows) -> tuple[str, ...]:
    """The themes of the rows, in the order they first appear."""
    return tuple(dict.fromkeys(r.theme for r in rows))


def summary_lines(by_section: dict, by_force: dict, fail_on: str, failing: int, *,
                  party_status: str | None = None, party_line: str | None = None) -> list[str]:
    """The summary of one jurisdiction: what its party status means, counts per section of the
    matrix and per legal force (only those with requirements), then the --fail-on threshold."""
    out = [party_line] if party_line else []
    out += [f"{section_title(key, party_status)}: " + counts_text(by_section[key], compact=True)
            for key, _ in SECTIONS if key in by_section]
    out.append("By legal force: " + "; ".join(
        f"{FORCE_LABELS[f]} " + counts_text(c, compact=True) for f, c in by_force.items()))
    if fail_on != "none":
        out.append(f"Threshold --fail-on {fail_on}: " + (
            f"{failing} requirement(s) with a gap, partial, not adopted or uncited result"
            if failing else "no gap at this threshold"))
    return [clean(x) for x in out]


def legend_forces(forces) -> tuple[str, ...]:
    """The legal forces a legend explains: those present, in FORCES order."""
    present = set(forces)
    return tuple(f for f in FORCES if f in present)

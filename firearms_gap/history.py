"""Progress over time: one jurisdiction's framework files of successive dates, each requirement's
status at each date, counts per section of the matrix, and the regressions from one date to the
next (as `diff` finds them: a requirement at --fail-on newly short of an element).

The files are taken in the order given (a history is read as the adviser lays it out); each is
labelled by the date its law is read on. Nothing here prints or imports click.
"""
from __future__ import annotations

from firearms_gap.diagnostics import InputError
from firearms_gap.diff import compare_reports
from firearms_gap.engine import check
from firearms_gap.framework import parse_framework
from firearms_gap.model import SECTIONS, section_of
from firearms_gap.records import Record


class Regression(Record):
    requirement: str
    title: str
    before: str          # label of the earlier file
    after: str
    old_status: str
    new_status: str


class History(Record):
    reports: tuple       # result.Report of each file, in the order given
    labels: tuple        # what each column is called: the date its law is read on (or the file)
    regressions: tuple   # Regression, in date then ruleset order

    def by_section(self) -> list[tuple[str, list[dict]]]:
        """(section key, [counts of each report]) for each section with requirements."""
        out = []
        for key, _ in SECTIONS:
            rows = [report.counts([r for r in report.results if section_of(r) == key]) for report in self.reports]
            if any(any(c.values()) for c in rows):
                out.append((key, rows))
        return out


def history(inputs, book, **reading) -> History:
    """`inputs`: (bytes, name) of each file. `reading`: fail_on, forces, themes, include_drafts
    (engine.check). Problems in any file are raised together."""
    reports, problems = [], []
    for raw, name in inputs:
        try:
            reports.append(check(parse_framework(raw, name, book), book, **reading))
        except InputError as e:
            problems.extend(e.diagnostics)
    if problems:
        raise InputError(problems)
    labels = _labels(reports)
    regressions = []
    for i in range(1, len(reports)):
        for c in compare_reports(reports[i - 1], reports[i]).changes:
            if c.regression:
                regressions.append(Regression(c.new.id, c.new.title, labels[i - 1], labels[i],
                                              c.old.status, c.new.status))
    return History(tuple(reports), labels, tuple(regressions))


def _labels(reports) -> tuple:
    """The date of each file's law; the file's name where that date is missing or repeated."""
    dates = [r.as_of for r in reports]
    return tuple(d if d and dates.count(d) == 1 else (f"{d} ({r.file})" if d else r.file)
                 for d, r in zip(dates, reports))

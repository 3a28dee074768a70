"""Compare many jurisdictions: every framework file against the same RuleBook.

`compare(paths, book, ...)` returns a `BatchResult`, the one object every compare format
renders (table, markdown, csv, json, html, xlsx). One unreadable or invalid file does not
hide the others: its diagnostics travel in `BatchResult.input_errors` and the run is
marked incomplete. Order is deterministic and independent of the order of the inputs:
reports are sorted by jurisdiction code, then by file name as given.

Nothing here prints or imports click.
"""
from __future__ import annotations

import glob
import os
from dataclasses import dataclass, field
from typing import Callable

from firearms_gap.diagnostics import Diagnostic, InputError, sort_key
from firearms_gap.engine import check
from firearms_gap.framework import parse_framework
from firearms_gap import loader
from firearms_gap.model import BINDING_FORCES, STATUSES, RuleBook
from firearms_gap.result import Report, RequirementResult, RulesetInfo

EXTENSIONS = (".yaml", ".yml")
_GLOB_CHARS = ("*", "?", "[")


@dataclass(frozen=True)
class RequirementInfo:
    """One row of the matrix: what a requirement is, independent of any jurisdiction."""
    id: str
    title: str
    ruleset: str
    citation: str
    force: str
    theme: str
    kind: str

    @property
    def binding(self) -> bool:
        return self.force in BINDING_FORCES

    @classmethod
    def of(cls, r: RequirementResult) -> "RequirementInfo":
        return cls(r.id, r.title, r.ruleset, r.citation, r.force, r.theme, r.kind)


@dataclass(frozen=True)
class BatchResult:
    tool_version: str
    rulesets: tuple[RulesetInfo, ...]
    fail_on: str
    filters: dict
    requirements: tuple[RequirementInfo, ...]
    reports: tuple[Report, ...]                      # sorted by (jurisdiction code, file)
    input_errors: tuple[Diagnostic, ...] = ()
    labels: tuple[str, ...] = ()                     # one column label per report
    index: tuple[dict[str, RequirementResult], ...] = field(default=(), repr=False, compare=False)

    @property
    def complete(self) -> bool:
        return not self.input_errors

    @property
    def themes(self) -> tuple[str, ...]:
        out: list[str] = []
        for r in self.requirements:
            if r.theme not in out:
                out.append(r.theme)
        return tuple(out)

    def cells(self, rid: str) -> tuple[RequirementResult, ...]:
        """The requirement's result in each jurisdiction, in column order."""
        return tuple(index[rid] for index in self.index)

    def requirement_counts(self, rid: str) -> dict[str, int]:
        """How many jurisdictions have each status for this requirement."""
        cells = self.cells(rid)
        return {s: sum(1 for c in cells if c.status == s) for s in STATUSES}

    def summary(self, report: Report) -> dict:
        """Counts for one jurisdiction: overall, binding, by section of the matrix, by legal force, by theme."""
        from firearms_gap.render.common import SECTIONS, section_of

        rs = report.results
        return {
            "by_status": report.counts(),
            "binding": report.counts([r for r in rs if r.binding]),
            "by_section": {key: report.counts([r for r in rs if section_of(r) == key]) for key, _ in SECTIONS
                           if any(section_of(r) == key for r in rs)},
            "by_force": report.counts_by_force(),
            "by_theme": {t: report.counts([r for r in rs if r.theme == t])
                         for t in self.themes if any(r.theme == t for r in rs)},
            "failing": list(report.failing),
        }

    @property
    def failing(self) -> tuple[str, ...]:
        """Files of the jurisdictions with a gap or partial result at the --fail-on threshold."""
        return tuple(rep.file for rep in self.reports if rep.failing)

    @property
    def exit_code(self) -> int:
        """2: run incomplete (some input could not be evaluated); 1: some jurisdiction fails
        the --fail-on threshold; 0 otherwise."""
        return 2 if self.input_errors else 1 if self.failing else 0


def expand(args: list[str]) -> tuple[list[str], list[Diagnostic]]:
    """Framework files named by the arguments: files as given, directories -> their *.yaml / *.yml
    (not recursive), quoted glob patterns expanded. Duplicates are dropped; names stay as given
    (relative stays relative). Problems (nothing found, no such file) become diagnostics."""
    found: dict[str, str] = {}          # real path -> display name (the smallest, so order never matters)
    problems: list[Diagnostic] = []

    def add(path: str) -> None:
        key = os.path.realpath(path)
        if key not in found or path < found[key]:
            found[key] = path

    for arg in args:
        if os.path.isdir(arg):
            names = sorted(n for n in os.listdir(arg)
                           if n.endswith(EXTENSIONS) and not n.startswith(".") and os.path.isfile(os.path.join(arg, n)))
            if not names:
                problems.append(Diagnostic(arg, message="directory holds no .yaml or .yml file"))
            for n in names:
                add(os.path.join(arg, n))
        elif os.path.exists(arg) or not any(c in arg for c in _GLOB_CHARS):
            add(arg)                     # a missing file is reported when it is read
        else:
            matches = sorted(m for m in glob.glob(arg, recursive=True)
                             if os.path.isfile(m) and m.endswith(EXTENSIONS))
            if not matches:
                problems.append(Diagnostic(arg, message="no .yaml or .yml file matches this pattern"))
            for m in matches:
                add(m)
    return sorted(found.values()), problems


def read(path: str) -> bytes:
    """The file's bytes (at most the loader's limit + 1, so the loader can report the size)."""
    if path == "-":
        raise InputError.single(path, "standard input cannot be compared; name the files")
    try:
        with open(path, "rb") as handle:
            return handle.read(loader.MAX_BYTES + 1)
    except IsADirectoryError:
        raise InputError.single(path, "is a directory, not a framework file") from None
    except OSError as e:
        raise InputError.single(path, f"cannot read: {e.strerror}") from None


def compare(args: list[str], book: RuleBook, *, fail_on: str = "mandatory", forces: tuple[str, ...] = (),
            themes: tuple[str, ...] = (), progress: Callable[[int, int, str], None] | None = None,
            reader: Callable[[str], bytes] = read) -> BatchResult:
    """Evaluate every framework file the arguments name against `book` (loaded once by the caller).

    `progress(done, total, name)` is called after each file (the CLI drives a progress bar with it)."""
    paths, problems = expand(args)
    reports: list[Report] = []
    for done, path in enumerate(paths, 1):
        try:
            framework = parse_framework(reader(path), path, book)
            reports.append(check(framework, book, fail_on=fail_on, forces=tuple(forces), themes=tuple(themes)))
        except InputError as e:
            problems.extend(e.diagnostics)
        if progress is not None:
            progress(done, len(paths), path)
    return assemble(reports, book, fail_on=fail_on, forces=forces, themes=themes, input_errors=problems)


def assemble(reports: list[Report], book: RuleBook | None, *, fail_on: str, forces=(), themes=(),
             input_errors=()) -> BatchResult:
    reports = sorted(reports, key=lambda rep: (str(rep.jurisdiction.get("code", "")), rep.file))
    if reports:
        requirements = tuple(RequirementInfo.of(r) for r in reports[0].results)
        rulesets = reports[0].rulesets
        tool_version = reports[0].tool_version
    else:
        from firearms_gap import __version__
        requirements = tuple(
            RequirementInfo(r.id, r.title, r.ruleset, r.cited_as, r.force, r.theme, r.kind)
            for r in (book.requirements if book else ())
            if (not forces or r.force in forces) and (not themes or r.theme in themes))
        rulesets = tuple(RulesetInfo(rs.id, rs.version, rs.title, rs.instrument["name"])
                         for rs in (book.rulesets if book else ()))
        tool_version = __version__
    return BatchResult(
        tool_version=tool_version, rulesets=rulesets, fail_on=fail_on,
        filters={"force": list(forces), "theme": list(themes)}, requirements=requirements,
        reports=tuple(reports), input_errors=tuple(sorted(input_errors, key=sort_key)),
        labels=_labels(reports), index=tuple({r.id: r for r in rep.results} for rep in reports))


def from_report(report: Report) -> BatchResult:
    """A single check as a batch of one (the XLSX workbook renders batches)."""
    return assemble([report], None, fail_on=report.fail_on, forces=tuple(report.filters.get("force", ())),
                    themes=tuple(report.filters.get("theme", ())))


def _labels(reports: list[Report]) -> tuple[str, ...]:
    """Column labels: the jurisdiction code; when files share a code, with the file's name
    (without directory and extension, or the whole name as given if that is ambiguous too)."""
    codes = [str(rep.jurisdiction.get("code", "?")) for rep in reports]
    stems = [os.path.splitext(os.path.basename(rep.file))[0] for rep in reports]
    out = []
    for code, stem, rep in zip(codes, stems, reports):
        if codes.count(code) == 1:
            out.append(code)
        else:
            same = [s for c, s in zip(codes, stems) if c == code]
            out.append(f"{code} ({stem if same.count(stem) == 1 else rep.file})")
    return tuple(out)

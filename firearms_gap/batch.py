"""Compare many jurisdictions: every framework file against the same RuleBook.

`compare(paths, book, ...)` returns a `BatchResult`, the one object every compare format
renders (table, markdown, csv, json, html, xlsx). One unreadable or invalid file does not
hide the others: its diagnostics travel in `BatchResult.input_errors` and the run is
marked incomplete. Order is deterministic and independent of the order of the inputs:
jurisdictions are sorted by jurisdiction code, then by file name as given.

A comparison can cover thousands of files, so it never keeps their Reports: each Report is
reduced, as soon as its file is evaluated, to a `Column` holding only what the compare formats
show (the status of each requirement and, when the format shows them, each cell's statements
(findings.statements) and the drafter's notes), with repeated strings shared. Counts and
summaries are computed from the statuses when a view asks for them. The cells' text (DETAIL_FIELDS,
for the formats that show it) goes to a temporary file as each file is checked (cells.OnDisk), so
memory does not grow with it; with jobs > 1 the files are checked in worker processes (workers.py).

A format that writes each cell alone, whatever the other files hold (JSON), may give a
`cell_text` function: each cell is then kept as the text that format writes for it (with
details=False, as that text only), made where the file is checked - in the worker processes, in
parallel - rather than by the one process that writes the document once every file is checked
(issue 17: that serial step was a quarter of a comparison on two cores).

Nothing here prints or imports click.
"""
from __future__ import annotations

import os
from collections import Counter
from collections.abc import Sequence
from functools import cached_property
from typing import Callable

from firearms_gap.diagnostics import Diagnostic, InputError, sort_key
from firearms_gap.engine import check
from firearms_gap.exitcodes import ExitCode
from firearms_gap.framework import parse_framework
from firearms_gap import cells, loader
from firearms_gap.cells import InMemory, OnDisk
from firearms_gap.findings import statements
from firearms_gap.model import BINDING_FORCES, FAIL_ON, FORCES, SECTIONS, SHORTFALLS, RuleBook, section_of
from firearms_gap.records import Record
from firearms_gap.result import Report, RequirementResult, RulesetInfo, count

# A format's text of one cell: (status, national provisions, missing, unanswered, summary) -> str.
CellText = Callable[[str, tuple, tuple, tuple, tuple], str]

EXTENSIONS = (".yaml", ".yml", ".xlsx")      # .xlsx: a filled questionnaire (firearms_gap.questionnaire)
_GLOB_CHARS = ("*", "?", "[")


# RequirementInfo and Column are records (records.Record), not frozen dataclasses: a frozen dataclass
# writes and execs its methods when defined (the two cost ~13 M instructions to import, which every
# comparison and every check's workbook paid), and sets each field through object.__setattr__ when
# made (a Column for every file compared).
class RequirementInfo(Record):
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


class Column(Record):
    """One jurisdiction of a comparison: what the compare formats show of its Report.

    `statuses`, `lines` and `notes` have one entry per requirement, in `BatchResult.requirements`
    order. `lines` (findings.statements of each result) and `notes` (the drafter's notes), each a
    sequence of tuples of strings (cells.py: in memory, or read back from a temporary file), are
    kept only when the batch is made with details=True (the JSON and XLSX formats show them)."""
    file: str
    jurisdiction: dict
    described_as_of: str | None
    party_to: tuple[str, ...]
    statuses: tuple[str, ...]
    lines: Sequence[tuple[str, ...]] = ()
    notes: Sequence[tuple[str, ...]] = ()
    # Each cell's structured findings, as check's JSON gives them (details only): national
    # provisions, what is missing, questions to answer.
    provisions: Sequence[tuple[str, ...]] = ()
    missing: Sequence[tuple[str, ...]] = ()
    unanswered: Sequence[tuple[str, ...]] = ()
    # Each cell as the format that asked for it writes it (compare(cell_text=...)), a 1-tuple per cell.
    texts: Sequence[tuple[str]] = ()
    # The Report's own shortfalls at the threshold: they depend on the jurisdiction, not only on the
    # requirement (a State not party to the Protocol has benchmarks, not obligations: Report.failing).
    failing: tuple[str, ...] | None = None
    file_notes: str | None = None             # the framework file's own notes
    benchmarks: frozenset = frozenset()       # positions of treaty rows that only benchmark this State (not a Party)
    party_status: str | None = None           # to the Firearms Protocol (Report.party_status)
    party_line: str | None = None             # the Report's sentence on the State's party status


class BatchResult:
    """The checked files of a comparison. Immutable, compared and shown by its fields, as the frozen
    dataclass it was; a plain class because importing dataclasses and generating its methods cost
    ~1 ms of every comparison and of every workbook (an xlsx check is a comparison of one)."""
    _FIELDS = ("tool_version", "rulesets", "fail_on", "filters", "requirements", "columns", "input_errors",
               "labels", "details", "cell_texts")

    tool_version: str
    rulesets: tuple[RulesetInfo, ...]
    fail_on: str
    filters: dict
    requirements: tuple[RequirementInfo, ...]
    columns: tuple[Column, ...]                      # sorted by (jurisdiction code, file)
    input_errors: tuple[Diagnostic, ...]
    labels: tuple[str, ...]                          # one column label per jurisdiction
    details: bool                                    # columns keep each cell's lines and notes
    cell_texts: bool                                 # columns keep each cell's text (compare(cell_text=...))

    def __init__(self, tool_version: str, rulesets: tuple, fail_on: str, filters: dict, requirements: tuple,
                 columns: tuple, input_errors: tuple = (), labels: tuple = (), details: bool = True,
                 cell_texts: bool = False):
        values = (tool_version, rulesets, fail_on, filters, requirements, columns, input_errors, labels, details,
                  cell_texts)
        self.__dict__.update(zip(self._FIELDS, values))

    def __setattr__(self, name, value):
        raise AttributeError(f"cannot assign to field '{name}'")

    def __delattr__(self, name):
        raise AttributeError(f"cannot delete field '{name}'")

    def _values(self) -> tuple:
        return tuple(self.__dict__[f] for f in self._FIELDS)

    def __eq__(self, other):
        return self._values() == other._values() if type(other) is BatchResult else NotImplemented

    __hash__ = None                                  # as a frozen dataclass with a dict field: unhashable in use

    def __repr__(self) -> str:
        return "BatchResult(" + ", ".join(f"{f}={v!r}" for f, v in zip(self._FIELDS, self._values())) + ")"

    @property
    def complete(self) -> bool:
        return not self.input_errors

    @cached_property
    def themes(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(r.theme for r in self.requirements))

    @cached_property
    def _position(self) -> dict[str, int]:
        return {r.id: i for i, r in enumerate(self.requirements)}

    def statuses(self, rid: str) -> tuple[str, ...]:
        """The requirement's status in each jurisdiction, in column order."""
        i = self._position[rid]
        return tuple(col.statuses[i] for col in self.columns)

    def lines(self, rid: str) -> tuple[tuple[str, ...], ...]:
        """The requirement's 'national provision / what is missing' lines in each jurisdiction."""
        self.require_details()
        i = self._position[rid]
        return cells.row([col.lines for col in self.columns], i)

    def findings(self, rid: str) -> tuple[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]], ...]:
        """The requirement's (national provisions, missing, unanswered) in each jurisdiction."""
        self.require_details()
        i = self._position[rid]
        columns = self.columns
        return tuple(zip(cells.row([col.provisions for col in columns], i),
                         cells.row([col.missing for col in columns], i),
                         cells.row([col.unanswered for col in columns], i)))

    def texts(self, rid: str) -> tuple[str, ...]:
        """The requirement's cell in each jurisdiction, as the `cell_text` the batch was made with wrote it."""
        if not self.cell_texts:
            raise ValueError("this comparison was made without cell texts (compare(..., cell_text=...))")
        return tuple([cell[0] for cell in cells.row([col.texts for col in self.columns], self._position[rid])])

    def require_details(self) -> None:
        """For the formats that show each cell's lines and notes (Column.lines, Column.notes)."""
        if not self.details:
            raise ValueError("this comparison was made without details (compare(..., details=True))")

    def requirement_counts(self, rid: str) -> dict[str, int]:
        """How many jurisdictions have each status for this requirement."""
        return count(self.statuses(rid))

    @cached_property
    def _groups(self) -> dict:
        """Positions of the requirements in each group a summary counts (in the order it shows them)."""
        reqs = self.requirements

        def where(test) -> tuple[int, ...]:
            return tuple(i for i, r in enumerate(reqs) if test(r))
        groups = {
            "binding": where(lambda r: r.binding),
            "by_section": {key: where(lambda r, k=key: section_of(r) == k) for key, _ in SECTIONS},
            "by_force": {f: where(lambda r, f=f: r.force == f) for f in FORCES},
            "by_theme": {t: where(lambda r, t=t: r.theme == t) for t in self.themes},
            "failing": where(lambda r: r.force in FAIL_ON[self.fail_on]),
        }
        # Every section is counted, even one without requirements (as check's JSON does: scripts
        # read the same keys for one file and for many); forces and themes only where present.
        for key in ("by_force", "by_theme"):
            groups[key] = {k: v for k, v in groups[key].items() if v}
        return groups

    def summary(self, column: Column) -> dict:
        """Counts for one jurisdiction: overall, binding, by section of the matrix, by legal force, by theme."""
        g, st = self._groups, column.statuses
        return {
            "by_status": count(st),
            "binding": count(st[i] for i in g["binding"] if i not in column.benchmarks),
            "by_section": {k: count(st[i] for i in pos) for k, pos in g["by_section"].items()},
            "by_force": {f: count(st[i] for i in pos) for f, pos in g["by_force"].items()},
            "by_theme": {t: count(st[i] for i in pos) for t, pos in g["by_theme"].items()},
            "failing": self.column_failing(column),
        }

    def column_failing(self, column: Column) -> list[str]:
        """Requirements with a gap or partial result at the --fail-on threshold in one jurisdiction."""
        if column.failing is not None:
            return list(column.failing)
        reqs, st = self.requirements, column.statuses
        return [reqs[i].id for i in self._groups["failing"] if st[i] in SHORTFALLS]

    @property
    def failing(self) -> tuple[str, ...]:
        """Files of the jurisdictions with a gap or partial result at the --fail-on threshold."""
        return tuple(col.file for col in self.columns if self.column_failing(col))

    @property
    def exit_code(self) -> ExitCode:
        """INPUT_ERROR: run incomplete (some input could not be evaluated); SHORTFALL: some
        jurisdiction fails the --fail-on threshold; OK otherwise."""
        if self.input_errors:
            return ExitCode.INPUT_ERROR
        return ExitCode.SHORTFALL if self.failing else ExitCode.OK


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
                           if n.endswith(EXTENSIONS) and not n.startswith((".", "~$"))    # ~$: Excel's lock file
                           and os.path.isfile(os.path.join(arg, n)))
            if not names:
                problems.append(Diagnostic(arg, message="directory holds no .yaml, .yml or .xlsx file"))
            for n in names:
                add(os.path.join(arg, n))
        elif os.path.exists(arg) or not any(c in arg for c in _GLOB_CHARS):
            add(arg)                     # a missing file is reported when it is read
        else:
            import glob                          # only for a pattern: a file or a directory needs none

            matches = sorted(m for m in glob.glob(arg, recursive=True)
                             if os.path.isfile(m) and m.endswith(EXTENSIONS))
            if not matches:
                problems.append(Diagnostic(arg, message="no .yaml, .yml or .xlsx file matches this pattern"))
            for m in matches:
                add(m)
    return sorted(found.values()), problems


def read(path: str) -> bytes:
    """The file's bytes (at most the loader's limit + 1, so the loader can report the size)."""
    if path == "-":
        raise InputError.single(path, "standard input cannot be compared; name the files")
    return loader.read_input(path)[0]


# Below this many files a comparison runs in this process: starting the workers (a fork each,
# ~10 ms on 2 cores) would cost more than it saves (benchmarks/run.py measures both).
PARALLEL_FROM = 24


def compare(args: list[str], book: RuleBook, *, fail_on: str = "mandatory", forces: tuple[str, ...] = (),
            themes: tuple[str, ...] = (), progress: Callable[[int, int, str], None] | None = None,
            reader: Callable[[str], bytes] = read, details: bool = True, jobs: int = 1,
            cells: Callable[[], object] | None = None, cell_text: CellText | None = None) -> BatchResult:
    """Evaluate every framework file the arguments name against `book` (loaded once by the caller).

    `progress(done, total, name)` is called after each file (the CLI drives a progress bar with it).
    details=False keeps only what the table, markdown, csv and html formats show (not each cell's
    national provisions and notes, which json and xlsx show): far less memory for many files.
    jobs=N evaluates the files in N worker processes (workers.py) when there are at least
    PARALLEL_FROM of them; the result is the same as with jobs=1, which never starts a process.
    `cells` makes the keeper of each cell's lines and notes (cells.py): by default a temporary file,
    so that memory does not grow with the text of thousands of files.
    `cell_text(status, national_provisions, missing, unanswered, summary) -> str` (CellText): each
    cell is also kept as this text, made where its file is checked (BatchResult.texts)."""
    global _task
    paths, problems = expand(args)
    task = _Task(book, reader, fail_on=fail_on, forces=tuple(forces), themes=tuple(themes), details=details,
                 cell_text=cell_text)
    kept = details or cell_text is not None
    columns = Columns(details=details, cells=(cells or OnDisk)() if kept else None, texts=cell_text is not None)
    workers = _workers() if jobs > 1 and len(paths) >= PARALLEL_FROM else None
    if workers is not None and workers.available():
        task.pack = True                          # cells cross to this process as one bytes object
        _task = task                              # what the forked workers find (workers.ordered_map)
        outcomes = workers.ordered_map(_run, paths, jobs=min(jobs, len(paths)))
    else:
        outcomes = map(task, paths)
    try:
        for done, (path, (header, outcome)) in enumerate(zip(paths, outcomes), 1):
            if header is not None:
                columns.begin(*header)
            if isinstance(outcome, Column):
                columns.accept(outcome)
            else:
                problems.extend(Diagnostic._make(fields) for fields in outcome)
            if progress is not None:
                progress(done, len(paths), path)
    finally:
        _task = None
        close = getattr(outcomes, "close", None)
        if close is not None:
            close()                               # stops the workers now, even after Ctrl-C
    return columns.result(book, fail_on=fail_on, forces=forces, themes=themes, input_errors=problems)


def _workers():
    """workers.py, imported only for a comparison in worker processes: it brings multiprocessing (~12 ms
    of imports), which a serial comparison and a check's workbook (from_report) never use."""
    from firearms_gap import workers

    return workers


class _Task:
    """Evaluates one file: (header, Column) or (None, diagnostics as tuples).

    The header (the requirements, rulesets and tool version: what the Column's positions refer to)
    is sent with the first Column a process makes, and again only if it changes (which
    Columns.begin refuses): a worker process need not send 153 requirements with every file."""

    def __init__(self, book, reader, *, fail_on, forces, themes, details, cell_text=None):
        self.book, self.reader, self.details, self.pack = book, reader, details, False
        self.cell_text = cell_text
        self.options = {"fail_on": fail_on, "forces": forces, "themes": themes}
        self.ids: tuple[str, ...] | None = None

    def __call__(self, path: str):
        try:
            framework = parse_framework(self.reader(path), path, self.book)
            report = check(framework, self.book, **self.options)
        except InputError as e:
            return None, [tuple(d) for d in e.diagnostics]
        results = report.results
        header = None
        ids = tuple(r.id for r in results)
        if ids != self.ids:
            self.ids = ids
            header = (ids, tuple(RequirementInfo.of(r) for r in results), report.rulesets, report.tool_version)
        return header, column_of(report, details=self.details, pack=self.pack, cell_text=self.cell_text)


_task: _Task | None = None


def _run(path: str):
    return _task(path)


def column_of(report: Report, *, details: bool, pack: bool = False, cell_text: CellText | None = None) -> Column:
    """What the compare formats show of one Report."""
    results = report.results
    cells_of = {}
    if details:
        cells_of = {"lines": [statements(r) for r in results], "notes": [r.notes or () for r in results],
                    "provisions": [r.provisions for r in results], "missing": [r.missing for r in results],
                    "unanswered": [r.unanswered for r in results]}
    if cell_text is not None:
        lines = cells_of.get("lines") or [statements(r) for r in results]
        cells_of["texts"] = [(cell_text(r.status, r.provisions, r.missing, r.unanswered, summary),)
                             for r, summary in zip(results, lines)]
    if pack:
        cells_of = {field: cells.pack(value) for field, value in cells_of.items()}
    return Column(file=report.file, jurisdiction=report.jurisdiction, described_as_of=report.described_as_of,
                  party_to=report.party_to, statuses=tuple([r.status for r in results]), **cells_of,
                  failing=tuple(report.failing), file_notes=report.notes,
                  benchmarks=frozenset(i for i, r in enumerate(results) if r.benchmark),
                  party_status=report.party_status, party_line=report.party_line)


# The Column fields that hold a tuple of strings per cell (kept by a cells keeper, details only).
DETAIL_FIELDS = ("lines", "notes", "provisions", "missing", "unanswered")


class Columns:
    """Collects the Columns of a comparison (each Report reduced as soon as it is made, so it can
    be dropped); `cells` keeps their lines and notes, and their texts if `texts` (cells.InMemory
    or cells.OnDisk)."""

    def __init__(self, *, details: bool = True, cells=None, texts: bool = False):
        self.details, self.texts = details, texts
        self.kept = (DETAIL_FIELDS if details else ()) + (("texts",) if texts else ())
        self.cells = cells if cells is not None or not self.kept else InMemory()
        self.columns: list[Column] = []
        self._first: tuple | None = None          # the first Report's requirements, rulesets, tool version
        self._ids: tuple[str, ...] = ()
        self._shared: dict = {}                   # one object per distinct status or requirement id

    def begin(self, ids, requirements, rulesets, tool_version) -> None:
        """What the Columns that follow refer to (the first Report's requirements), the same for all."""
        if self._first is None:
            self._ids = ids
            self._first = (requirements, rulesets, tool_version)
        elif ids != self._ids:
            raise ValueError("a comparison needs the same requirements for every jurisdiction")

    def add(self, report: Report) -> Column:
        results = report.results
        self.begin(tuple(r.id for r in results), tuple(RequirementInfo.of(r) for r in results),
                   report.rulesets, report.tool_version)
        return self.accept(column_of(report, details=self.details))

    def accept(self, column: Column) -> Column:
        share = self._shared.setdefault           # (strings from a worker process arrive as copies)
        statuses = tuple([share(x, x) for x in column.statuses])
        column = column._replace(statuses=statuses,
                                 **{field: self.cells.keep(getattr(column, field)) for field in self.kept})
        self.columns.append(column)
        return column

    def result(self, book: RuleBook | None, *, fail_on: str, forces=(), themes=(), input_errors=()) -> BatchResult:
        columns = sorted(self.columns, key=lambda col: (str(col.jurisdiction.get("code", "")), col.file))
        if self._first is not None:
            requirements, rulesets, tool_version = self._first
        else:
            from firearms_gap import __version__
            requirements = tuple(
                RequirementInfo(r.id, r.title, r.ruleset, r.cited_as, r.force, r.theme, r.kind)
                for r in (book.requirements if book else ())
                if (not forces or r.force in forces) and (not themes or r.theme in themes))
            rulesets = tuple(map(RulesetInfo.of, book.rulesets if book else ()))
            tool_version = __version__
        return BatchResult(
            tool_version=tool_version, rulesets=rulesets, fail_on=fail_on,
            filters={"force": list(forces), "theme": list(themes)}, requirements=requirements,
            columns=tuple(columns), input_errors=tuple(sorted(input_errors, key=sort_key)),
            labels=_labels(columns), details=self.details, cell_texts=self.texts)


def assemble(reports: list[Report], book: RuleBook | None, *, fail_on: str, forces=(), themes=(),
             input_errors=(), details: bool = True) -> BatchResult:
    """A BatchResult of Reports already made (their cells kept in memory: they are few)."""
    columns = Columns(details=details)
    for report in reports:
        columns.add(report)
    return columns.result(book, fail_on=fail_on, forces=forces, themes=themes, input_errors=input_errors)


def from_report(report: Report) -> BatchResult:
    """A single check as a batch of one (the XLSX workbook renders batches)."""
    return assemble([report], None, fail_on=report.fail_on, forces=tuple(report.filters.get("force", ())),
                    themes=tuple(report.filters.get("theme", ())))


def _labels(columns: list[Column]) -> tuple[str, ...]:
    """Column labels: the jurisdiction code; when files share a code, with the file's name
    (without directory and extension, or the whole name as given if that is ambiguous too)."""
    codes = [str(col.jurisdiction.get("code", "?")) for col in columns]
    stems = [os.path.splitext(os.path.basename(col.file))[0] for col in columns]
    per_code = Counter(codes)
    per_stem = Counter(zip(codes, stems))
    out = []
    for code, stem, col in zip(codes, stems, columns):
        if per_code[code] == 1:
            out.append(code)
        else:
            out.append(f"{code} ({stem if per_stem[code, stem] == 1 else col.file})")
    return tuple(out)

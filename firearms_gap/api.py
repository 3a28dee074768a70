"""The core entry points the commands (and scripts) call. No printing, no click.

Every command goes the same way: parse its options -> `api` (check, compare, diff, validate,
lint) -> `view(result)` -> `render(view, fmt)` -> write -> exit with the result's ExitCode.
"""
from __future__ import annotations

from firearms_gap.diagnostics import OptionError
from firearms_gap.engine import check
from firearms_gap.framework import parse_framework
from firearms_gap.model import FAIL_ON, FORCES, RuleBook
from firearms_gap.result import Report
from firearms_gap.rulesets import load_book


def check_file(raw: bytes, name: str, *, rulesets: list[str] | None = None, fail_on: str = "mandatory",
               forces: tuple[str, ...] = (), themes: tuple[str, ...] = (), **reading) -> Report:
    """`check`: one framework file (its bytes and display name) against the rulesets. `reading`:
    as_of, include_drafts, determinations (engine.check)."""
    book = load_rules(rulesets, fail_on=fail_on, forces=forces, themes=themes)
    framework = parse_framework(raw, name, book)
    return check(framework, book, fail_on=fail_on, forces=tuple(forces), themes=tuple(themes), **reading)


def check_loaded(raw: bytes, name: str, book: RuleBook, **reading) -> Report:
    """One framework file against a RuleBook already loaded (a command checking several files)."""
    return check(parse_framework(raw, name, book), book, **reading)


def load_rules(rulesets: list[str] | None = None, *, fail_on: str = "mandatory",
               forces: tuple[str, ...] = (), themes: tuple[str, ...] = ()) -> RuleBook:
    """The RuleBook for a run, with the run's options checked against it (load it once per run)."""
    if fail_on not in FAIL_ON:
        raise unknown("fail_on", "threshold", fail_on, tuple(FAIL_ON), "thresholds")
    book = load_book(rulesets)
    known_themes = sorted({r.theme for r in book.requirements})
    for t in themes:
        if t not in known_themes:
            raise unknown("themes", "theme", t, known_themes, "themes")
    for f in forces:
        if f not in FORCES:
            raise unknown("forces", "legal force", f, tuple(FORCES), "forces")
    return book


def unknown(option: str, what: str, value: str, valid, kind: str) -> OptionError:
    """'unknown theme 'record'; did you mean 'records'? (themes: ...every one...)'."""
    import difflib

    close = difflib.get_close_matches(value, list(valid), n=1, cutoff=0.6)
    return OptionError(option, f"unknown {what} '{value}'" + (f"; did you mean '{close[0]}'?" if close else ""),
                       tuple(valid), kind)


def compare(args: list[str], book: RuleBook, **options):
    """`compare`: every framework file the arguments name (files, directories, glob patterns)
    against one RuleBook; a BatchResult (batch.compare says which options it takes)."""
    from firearms_gap import batch

    return batch.compare(args, book, **options)


def diff(old: tuple[bytes, str], new: tuple[bytes, str], book: RuleBook, **options):
    """`diff`: what changes from OLD to NEW (each as its bytes and display name); a DiffResult."""
    from firearms_gap.diff import diff_files

    return diff_files(old, new, book, **options)


def validate(raw: bytes, name: str, book: RuleBook):
    """`validate`: the framework file parsed and checked against the book's questions, not evaluated
    (raises InputError with every problem)."""
    return parse_framework(raw, name, book)


def lint(raw: bytes, name: str):
    """`rules lint`: a custom ruleset checked before use (a lint result with its problems)."""
    from firearms_gap.lint import lint_ruleset

    return lint_ruleset(raw, name)


def view(result):
    """The view every format renders: CheckView of a Report, CompareView of a BatchResult,
    DiffView of a DiffResult."""
    if isinstance(result, Report):
        from firearms_gap.views.check import CheckView
        return CheckView(result)
    from firearms_gap.diff import DiffResult
    if isinstance(result, DiffResult):
        from firearms_gap.views.diff import DiffView
        return DiffView(result)
    from firearms_gap.views.compare import CompareView
    return CompareView(result)


def render(result_or_view, fmt: str, **options) -> str | bytes:
    """A result (or its view) in a format: text for every format, bytes for xlsx and docx (write it with
    output.write_atomic_bytes). options: width and color for the table."""
    from firearms_gap.render import formats

    target = result_or_view if hasattr(result_or_view, "report_name") else view(result_or_view)
    return formats.render(target, fmt, **options)

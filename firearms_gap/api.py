"""The core entry points the CLI (and scripts) call. No printing, no click."""
from __future__ import annotations

from firearms_gap.diagnostics import InputError
from firearms_gap.engine import check
from firearms_gap.framework import parse_framework
from firearms_gap.model import FAIL_ON, FORCES, RuleBook
from firearms_gap.result import Report
from firearms_gap.rulesets import load_book

FORMATS = ("table", "markdown", "csv", "json", "html", "xlsx")


def check_file(raw: bytes, name: str, *, rulesets: list[str] | None = None, fail_on: str = "mandatory",
               forces: tuple[str, ...] = (), themes: tuple[str, ...] = ()) -> Report:
    book = load_rules(rulesets, fail_on=fail_on, forces=forces, themes=themes)
    framework = parse_framework(raw, name, book)
    return check(framework, book, fail_on=fail_on, forces=tuple(forces), themes=tuple(themes))


def load_rules(rulesets: list[str] | None = None, *, fail_on: str = "mandatory",
               forces: tuple[str, ...] = (), themes: tuple[str, ...] = ()) -> RuleBook:
    """The RuleBook for a run, with the run's options checked against it (load it once per run)."""
    if fail_on not in FAIL_ON:
        raise InputError.single("--fail-on", f"unknown threshold '{fail_on}'")
    book = load_book(rulesets)
    known_themes = sorted({r.theme for r in book.requirements})
    for t in themes:
        if t not in known_themes:
            raise InputError.single("--theme", f"unknown theme '{t}' (themes: {', '.join(known_themes)})")
    for f in forces:
        if f not in FORCES:
            raise InputError.single("--force", f"unknown legal force '{f}' (forces: {', '.join(FORCES)})")
    return book


def render(report: Report, fmt: str, *, width: int = 120, color: bool = False) -> str | bytes:
    """Text for every format; bytes for xlsx (write it with output.write_atomic_bytes)."""
    if fmt == "xlsx":
        from firearms_gap.batch import from_report
        from firearms_gap.render import xlsx
        return xlsx.render(from_report(report))
    if fmt == "html":
        from firearms_gap.render import html
        return html.render(report)
    if fmt == "json":
        from firearms_gap.render import json_out
        return json_out.render(report)
    if fmt == "csv":
        from firearms_gap.render import csv_out
        return csv_out.render(report)
    if fmt == "markdown":
        from firearms_gap.render import markdown
        return markdown.render(report)
    from firearms_gap.render import table
    return table.render(report, width=width, color=color)

"""Diagnostics: what is wrong with a user's file, and where.

Every problem with input (framework files, rulesets, options) becomes a `Diagnostic`;
a batch of them travels in an `InputError`. The CLI prints them as
``file:line:col: path: message`` and exits 2. Nothing here prints.
"""
from __future__ import annotations

from dataclasses import dataclass, field

MAX_MESSAGE = 240      # ERR-3: a diagnostic line stays readable even for a 100 kB value
MAX_REPORTED = 50      # ERR-2: more than this is summarised as "... and N more"


@dataclass(frozen=True, order=True)
class Diagnostic:
    file: str
    line: int | None = None
    column: int | None = None
    path: str = ""
    message: str = ""
    keyword: str = ""

    def render(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}:{self.column or 1}"
        parts = [where]
        if self.path:
            parts.append(self.path)
        parts.append(shorten(self.message))
        text = ": ".join(parts)
        return f"{text} [{self.keyword}]" if self.keyword else text

    def as_dict(self) -> dict:
        return {"file": self.file, "line": self.line, "column": self.column,
                "path": self.path, "message": self.message, "keyword": self.keyword}


def shorten(text: str, limit: int = MAX_MESSAGE) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def sort_key(d: Diagnostic):
    return (d.file, d.line or 0, d.column or 0, d.path, d.message)


@dataclass
class InputError(Exception):
    """One or more problems with user input. Maps to exit code 2."""
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def __post_init__(self):
        super().__init__(self.render())

    @classmethod
    def single(cls, file: str, message: str, line=None, column=None, path="", keyword=""):
        return cls([Diagnostic(file, line, column, path, message, keyword)])

    def render(self) -> str:
        ds = sorted(self.diagnostics, key=sort_key)
        lines = [d.render() for d in ds[:MAX_REPORTED]]
        if len(ds) > MAX_REPORTED:
            lines.append(f"... and {len(ds) - MAX_REPORTED} more")
        return "\n".join(lines)

"""Where in its file each part of a parsed ruleset is.

The parsed document of each ruleset is kept by origin (its display name), so that checks
made after parsing (the merge, the conditions) can still point at a line and column.
"""
from __future__ import annotations

from firearms_gap import loader
from firearms_gap.diagnostics import Diagnostic

_DOCUMENTS: dict[str, loader.Document] = {}


def remember(doc: loader.Document) -> None:
    _DOCUMENTS[doc.name] = doc


def document(origin: str) -> loader.Document | None:
    return _DOCUMENTS.get(origin)


def position(origin: str, path: list, *, key: bool = False) -> tuple[int | None, int | None]:
    """Line and column of `path` (of its key, with key=True) in the ruleset parsed from `origin`."""
    doc = _DOCUMENTS.get(origin)
    if doc is None:
        return None, None
    return doc.key_position(path) if key else doc.position(path)


def located(origin: str, path: list, where: str, message: str, check: str = "", *, key: bool = False) -> Diagnostic:
    """A problem at `path` (at its key, with key=True) of the ruleset parsed from `origin`;
    `where` is the dotted path the reader sees, `check` the id `rules lint` shows."""
    line, col = position(origin, path, key=key)
    return Diagnostic(origin, line, col, where, message, check)

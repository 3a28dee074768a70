"""Escaping data for each kind of text a format writes, defined once. Every value from data
goes through one of these (and findings.clean, which they all apply or assume)."""
from __future__ import annotations

import html

from firearms_gap.findings import clean

__all__ = ["clean", "markdown_cell", "html_text", "spreadsheet_text"]


def markdown_cell(text: str) -> str:
    """A Markdown table cell that data can never break out of: HTML escaped, | escaped, newlines
    as <br>, and backslashes, brackets and backticks escaped so no link or code span can form."""
    for ch in ("\\", "[", "]", "`"):
        text = text.replace(ch, "\\" + ch)
    text = html.escape(text, quote=False).replace("|", "\\|")
    return "<br>".join(line.strip() for line in text.splitlines()) or " "


def html_text(value) -> str:
    """Every value from data in HTML: control and bidi characters replaced, then escaped for
    text and attributes."""
    return html.escape(clean(str(value)), quote=True)


def spreadsheet_text(value: str) -> str:
    """A CSV cell starting with = + - @ TAB or CR is a formula to a spreadsheet: prefix a quote."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value

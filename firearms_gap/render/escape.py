"""Escaping data for each kind of text a format writes, defined once. Every value from data
goes through one of these (and findings.clean, which they all apply or assume)."""
from __future__ import annotations

import re

from firearms_gap.findings import clean

__all__ = ["clean", "markdown_cell", "html_text", "spreadsheet_text", "markup"]


def markup(text: str, quote: bool = True) -> str:
    """Text for HTML or XML: & < > (and with `quote`, " and ') escaped - html.escape's own steps, in
    its order, so the same text (tests/test_escaping.py compares them). Not html.escape itself:
    importing `html` loads its table of ~2,200 entities (~1 ms of every report) for unescaping,
    which no report does."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if quote:
        text = text.replace('"', "&quot;").replace("'", "&#x27;")
    return text


# What GitHub-style renderers turn into a link by themselves (the "autolink" extension): a URL
# with a scheme, a bare www. address, an e-mail address. Kept to characters that need no escaping.
_AUTOLINK = re.compile(r"(?:\b[A-Za-z][A-Za-z0-9+.-]*:/{1,2}|\bwww\.)[^\s<>`|\\\[\]\"']+"
                       r"|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def markdown_cell(text: str) -> str:
    """A Markdown table cell that data can never break out of: HTML escaped, | escaped, newlines
    as <br>, and backslashes, brackets and backticks escaped so no link or code span can form.
    A URL or e-mail address from data is written as a code span, which no renderer links: a
    report must not carry a live link that nobody chose to put there."""
    rest = _AUTOLINK.split(text)
    pieces = [_markdown_text(rest[0])]
    for link, after in zip(_AUTOLINK.findall(text), rest[1:]):
        pieces += [f"`{link}`", _markdown_text(after)]
    text = "".join(pieces)
    return "<br>".join(line.strip() for line in text.splitlines()) or " "


def _markdown_text(text: str) -> str:
    for ch in ("\\", "[", "]", "`"):
        text = text.replace(ch, "\\" + ch)
    return markup(text, quote=False).replace("|", "\\|")


def html_text(value) -> str:
    """Every value from data in HTML: control and bidi characters replaced, then escaped for
    text and attributes."""
    return markup(clean(str(value)))


def spreadsheet_text(value: str) -> str:
    """A CSV cell starting with = + - @ TAB or CR is a formula to a spreadsheet: prefix a quote."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value

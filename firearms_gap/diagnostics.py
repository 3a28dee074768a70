"""Diagnostics: what is wrong with a user's file, and where.

Every problem with input (framework files, rulesets, options) becomes a `Diagnostic`;
a batch of them travels in an `InputError`. The CLI prints them as
``file:line:col: path: message`` and exits 2. Nothing here prints.
"""

from __future__ import annotations

import re

from firearms_gap.records import Record

MAX_MESSAGE = 240      # ERR-3: a diagnostic line stays readable even for a 100 kB value
MAX_REPORTED = 50      # ERR-2: more than this is summarised as "... and N more"
# C0 controls except TAB and LF, DEL, C1 controls (NEL, U+0085, among them), bidi overrides and
# isolates, the line and paragraph separators U+2028/U+2029, and invisible characters: they can
# rewrite a terminal, hide text in a report, or (the separators and NEL, which YAML reads as line
# breaks) end a `#` comment so that what looks commented out is an answer. The loader refuses
# them in files (IN-10) with this pattern. The invisible ones: soft hyphen U+00AD, Arabic letter
# mark U+061C, Mongolian vowel separator U+180E, zero width space U+200B, left-to-right and
# right-to-left marks U+200E/F, word joiner and invisible operators U+2060-U+2064, the byte order
# mark U+FEFF anywhere but at the start, and the tag characters U+E0000-U+E007F. (Zero width
# joiner and non-joiner, U+200C/D, are left alone: Persian, Indic scripts and emoji need them.)
_CONTROL_OR_BIDI = ("[\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u061c\u180e\u200b\u200e\u200f"
                    "\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
                    "\U000e0000-\U000e007f]")


def _printable(text: str) -> bool:
    """True if TEXT, tabs and line breaks aside, is printable (str.isprintable, decided in C)."""
    return text.isprintable() or text.replace("\n", "").replace("\t", "").isprintable()


class _ControlOrBidi:
    """The pattern's `search` and `sub`, compiled only for a text that could hold such a character.

    Why: compiling this character class (up to U+E007F) cost ~2.8 M instructions of every run, ~0.7 %
    of a `check` (benchmarks/run.py, issue 17), yet most texts hold none. Every character the pattern
    matches is one that str.isprintable() refuses (Unicode's Other and Separator categories), so a
    text printable once its tabs and line breaks (which the pattern allows) are set aside holds none
    (tests/test_diagnostics_text.py holds that for every code point). Any other text - a line with a
    no-break space, say - is searched with the pattern itself, compiled once (re keeps it)."""
    pattern = _CONTROL_OR_BIDI

    def search(self, text: str):
        return None if _printable(text) else re.compile(_CONTROL_OR_BIDI).search(text)

    def sub(self, replacement, text: str) -> str:
        return text if _printable(text) else re.compile(_CONTROL_OR_BIDI).sub(replacement, text)


CONTROL_OR_BIDI = _ControlOrBidi()
# A file name is shown on one line whatever it holds: a line break in a name must not forge
# another diagnostic line. Only a pattern here, compiled (by re, which keeps it) when the first
# diagnostic is made: compiling its large character class cost ~0.4 ms of every run, most of
# which make none. The same holds for the other patterns only an error needs.
_FILE_NAME_ESCAPE = _CONTROL_OR_BIDI[:-1] + "\t\n]"
MAX_LINE = 300         # ERR-3: a whole diagnostic line
MAX_PATH = 80


class _Fields(Record):
    file: str
    line: int | None = None
    column: int | None = None
    path: str = ""
    message: str = ""
    keyword: str = ""


class Diagnostic(_Fields):
    """One problem at one place. An immutable record (a named tuple: cheap to define at import,
    which every run pays; ordered field by field like the tuple it is)."""
    __slots__ = ()

    def __new__(cls, file, line=None, column=None, path="", message="", keyword=""):
        # SEC-5: a key or value quoted in a diagnostic may hold control or bidi characters
        # (that is often why it is reported); they are shown escaped, never sent raw.
        return super().__new__(cls, _escaped(file, re.compile(_FILE_NAME_ESCAPE)), line, column, _escaped(path),
                               _escaped(message), keyword)

    def render(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}:{self.column or 1}"
        parts = [where]
        if self.path:
            parts.append(shorten(self.path, MAX_PATH))
        suffix = f" [{self.keyword}]" if self.keyword else ""
        prefix = ": ".join(parts) + ": "
        # ERR-3: the whole line stays within MAX_LINE (the file name as given permitting).
        room = max(MAX_LINE - len(prefix) - len(suffix), 60)
        return prefix + shorten(self.message, min(room, MAX_MESSAGE)) + suffix

    def as_dict(self) -> dict:
        return {"file": self.file, "line": self.line, "column": self.column,
                "path": self.path, "message": self.message, "keyword": self.keyword}


def _escaped(value, pattern=CONTROL_OR_BIDI):
    if isinstance(value, str) and pattern.search(value):
        return pattern.sub(_escape, value)
    return value


def _escape(match) -> str:
    code = ord(match.group())
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def describe(char: str) -> str:
    """What kind of forbidden character CHAR is, for a message a drafter can act on."""
    code = ord(char)
    if code in (0x85, 0x2028, 0x2029):
        return "the line separator"
    if code <= 0x9f:
        return "the control character"
    if 0x202a <= code <= 0x202e or 0x2066 <= code <= 0x2069:
        return "the control character"          # bidi overrides: named so since IN-10
    return "the invisible character"


def shorten(text: str, limit: int = MAX_MESSAGE) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


_CELL = r"(?s)^(.*!)([A-Z]+)([0-9]+)(.*)$"    # "q.xlsx:Questions!D17": a questionnaire's cell (compiled if needed)


def sort_key(d: Diagnostic):
    # A questionnaire's cells by row, then column (D9 before D17), as a YAML file's lines are.
    cell = re.match(_CELL, d.file) if "!" in d.file else None
    file = ((cell.group(1), int(cell.group(3)), len(cell.group(2)), cell.group(2), cell.group(4)) if cell
            else (d.file, 0, 0, "", ""))
    return (file, d.line or 0, d.column or 0, d.path, d.message)


class InputError(Exception):
    """One or more problems with user input. Maps to exit code 2."""

    def __init__(self, diagnostics: list[Diagnostic] | None = None):
        self.diagnostics = list(diagnostics or [])
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


class OptionError(InputError):
    """A bad value of a parameter of the core (`fail_on`, `themes`, `code`...), named as the core
    names it: the command line shows it as its option (--fail-on, --theme, --code), a script as
    the keyword argument it passed."""

    def __init__(self, option: str, message: str, valid: tuple = (), kind: str = "valid values"):
        self.option = option
        # The valid values are ours, never the user's: listed whole, however many (a message
        # quoting the user's value is shortened, ERR-3; the list that would help is not).
        self.head, self.valid, self.kind = message, tuple(valid), kind
        super().__init__([Diagnostic(option, message=message + self._listed())])

    def _listed(self) -> str:
        return f" ({self.kind}: {', '.join(self.valid)})" if self.valid else ""

    def render(self) -> str:
        return Diagnostic(self.diagnostics[0].file, message=self.head).render() + self._listed()

    def as_option(self, flag: str) -> InputError:
        """The same problem, located at the command-line option `flag`."""
        return OptionError(flag, self.head, self.valid, self.kind)

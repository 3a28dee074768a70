"""The exit codes of every command, defined once. Each command's --help table is generated from
here (`help_table`), and a test checks README's "Exit codes" table against `ExitCode`.

Tiny and import-free on purpose: the entry point (launch.py) reads it before anything else loads.
"""
from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0                 # no shortfall at the --fail-on threshold
    SHORTFALL = 1          # a gap, partial, not adopted or met (uncited) result at the --fail-on threshold
    INPUT_ERROR = 2        # usage or input error (bad option, unreadable or invalid file)
    INTERNAL_ERROR = 3     # a bug
    INTERRUPTED = 130      # Ctrl-C
    BROKEN_PIPE = 141      # the reader of the output went away


# What each code means for any command (the README's table says the same, with more detail).
MEANINGS = {
    ExitCode.OK: "no shortfall at the --fail-on threshold",
    ExitCode.SHORTFALL: ["a gap, partial, not adopted or met (uncited) result at the --fail-on threshold",
                         "(compare: in any jurisdiction; diff: a new one in NEW)"],
    ExitCode.INPUT_ERROR: "usage or input error (bad option, unreadable or invalid file)",
    ExitCode.INTERNAL_ERROR: "internal error (a bug: please report it)",
    ExitCode.INTERRUPTED: "interrupted (Ctrl-C)",
    ExitCode.BROKEN_PIPE: "the reader of the output went away (e.g. piped into head)",
}


def help_table(meanings: dict) -> str:
    """A command's 'Exit codes:' table for its --help epilog, from its own meanings of the codes
    (code -> one line, or a list of lines), in the order given. Codes a command cannot end with
    (e.g. 1 for validate) are simply not given."""
    width = max(len(str(int(code))) for code in meanings)
    lines = ["\b", "Exit codes:"]
    for code, text in meanings.items():
        first, *rest = [text] if isinstance(text, str) else text
        lines.append(f"  {str(int(code)).ljust(width)}  {first}")
        lines += [" " * (width + 4) + line for line in rest]
    return "\n".join(lines) + "\n"


def general(*codes: ExitCode) -> dict:
    """MEANINGS of the given codes (all but 141, which --help never lists, when none are given)."""
    codes = codes or tuple(c for c in ExitCode if c is not ExitCode.BROKEN_PIPE)
    return {c: MEANINGS[c] for c in codes}

"""The questionnaire's sheets and columns: one description shared by the writer and the reader,
so that what is written is exactly what is read back.

Design (explained to the user on the About sheet):
- Questions: one row per question, grouped as the rulesets group them (a band row names each
  group). Yes/no and one-option questions have a drop-down in the Answer column; number
  questions accept a number of at least 0. A list question ("which of these...") is answered
  option by option: its own row carries the provision, note and evidence, and one row per
  option below it has a yes/no drop-down. Options answered "no" are absent; options left
  blank while others are answered are "not assessed" (the YAML `partial_list: true`).
- Jurisdiction: the file-level fields (name, code, date, instruments, notes), one per row.
- Sources: the national laws the answers cite, one per row, under a short key, with the dates
  they came into force and were repealed, and whether each is a draft.
- Determinations: the assessor's determinations, one per row (optional).
"""
from __future__ import annotations

FORMAT_MARK = "firearms-gap questionnaire 1"     # on the About sheet: what made the workbook

ABOUT, JURISDICTION, QUESTIONS, SOURCES = "About", "Jurisdiction", "Questions", "Sources"
DETERMINATIONS = "Determinations"
SHEETS = (ABOUT, JURISDICTION, QUESTIONS, SOURCES, DETERMINATIONS)

# Questions sheet columns (1-based), in order. The header row is checked when reading: a
# workbook whose columns moved is refused rather than misread.
Q_COLUMNS = (
    ("group", "Group", 12),
    ("id", "Question id", 26),
    ("question", "Question", 50),
    ("answer", "Answer", 14),
    ("source", "Source key", 9),
    ("at", "Provision", 12),
    ("note", "Note", 22),
    ("evidence", "Evidence", 18),
    ("unverified", "Unverified (what, and why)", 16),
    ("accepts", "Answers accepted", 26),
    ("asked_by", "Asked by", 28),
    # Last, so the columns above keep their places in workbooks and scripts made before them.
    ("assistance", "Assistance needed (one tag a line)", 20),
    ("assistance_note", "Assistance note", 20),
)
Q = {key: i + 1 for i, (key, _, _) in enumerate(Q_COLUMNS)}
Q_HEADER = tuple(title for _, title, _ in Q_COLUMNS)
Q_INPUT = ("answer", "source", "at", "note", "evidence", "unverified", "assistance", "assistance_note")
OTHER_NEED = "other: "     # an assistance line naming a need outside the vocabulary: "other: a survey"   # the cells a user fills in

OPTION_SEPARATOR = " = "     # an option row's id: "definitions.parts_components_covered = barrel"
EACH_OPTION = "(each option below)"   # the (locked) answer cell of a list question's own row

# Sources sheet: the framework schema's fields of a source (no more: nothing here is invented).
S_COLUMNS = (("key", "Key", 12), ("title", "Title (official)", 50), ("year", "Year", 8),
             ("url", "Where to read it (https://...)", 40), ("note", "Note (amendments, status, in force)", 44),
             ("in_force", "In force from (YYYY-MM-DD)", 14), ("repealed", "Repealed on (YYYY-MM-DD)", 14),
             ("draft", "A draft (bill)? yes / no", 12))
S = {key: i + 1 for i, (key, _, _) in enumerate(S_COLUMNS)}
S_HEADER = tuple(title for _, title, _ in S_COLUMNS)
S_BLANK_ROWS = 25            # empty rows offered for new sources

# Determinations sheet: the assessor's determinations (framework schema `determinations`), one per row.
# Optional when reading: a workbook without the sheet has none.
D_COLUMNS = (("requirement", "Requirement id", 16), ("status", "Determined (met / not applicable)", 16),
             ("justification", "Justification (required)", 50), ("by", "By (name or role)", 24),
             ("date", "Date (YYYY-MM-DD)", 12), ("expires", "Expires (YYYY-MM-DD)", 12),
             ("source", "Source key", 9), ("at", "Provision", 12))
D = {key: i + 1 for i, (key, _, _) in enumerate(D_COLUMNS)}
D_HEADER = tuple(title for _, title, _ in D_COLUMNS)
D_BLANK_ROWS = 10

# Jurisdiction sheet: (field, label, kind). The field is what the reader maps; the label is for
# the user. party_to.<key> rows take yes/no.
J_HEADER = ("Field", "What to write", "Value")
J_VALUE = 3
YES, NO = "yes", "no"

MAX_ROWS = 5_000             # far more than any ruleset's questions and options, or sources
MAX_TEXT = 32_767            # Excel's limit on the characters of a cell


def col_letter(index: int) -> str:
    """1 -> A, 27 -> AA, 16384 -> XFD (also the report workbooks' spelling: render/ooxml.py).

    Past XFD the letters go on (16385 -> XFE) although Excel has no such column: the reader names
    whatever column a hostile workbook declares (questionnaire/safety.py), and the writer never
    gets there (ooxml.MAX_COLUMNS: it refuses a wider sheet)."""
    out = ""
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


def cell_ref(sheet: str, row: int, col: int) -> str:
    return f"{sheet}!{col_letter(col)}{row}"


def jurisdiction_rows() -> list[tuple[str, str, str]]:
    """(field, label, kind) of each Jurisdiction row, kind one of text, yes_no, date."""
    from firearms_gap.framework_schema import INSTRUMENTS

    return [("jurisdiction.name", "The jurisdiction's name (required)", "text"),
            ("jurisdiction.code", "Its ISO 3166-1 alpha-2 code, e.g. NO (ISO 3166-2 for a subdivision, e.g. AU-NSW; "
                                  "XA-XZ for an invented one) (required)", "text"),
            ("jurisdiction.fictional", "yes only for an invented jurisdiction", "yes_no"),
            ("described_as_of", "The date of the law described, as YYYY-MM-DD", "date"),
            # yes = party_to, no = not_party_to (e.g. signed, not ratified), blank = not stated.
            *[(f"party_to.{key}", f"Party to the {title}? yes; no (known not to be a party, e.g. signed but "
                                  "not ratified); blank if not known", "yes_no") for key, title in INSTRUMENTS.items()],
            ("notes", "Notes on the questionnaire as a whole", "text")]

"""Read a filled questionnaire back into framework data: the same dict the YAML loader yields
for the same answers, so that the same validation, diagnostics and checks apply to both.

Every value remembers its cell, and problems are reported there:
`questionnaire.xlsx:Questions!D17: answers.marking.x.answer: 'maybe' is not ...`.

Formulas are refused, never evaluated and never read as their cached value: a cached value
is whatever the last program to save the file computed (a script or a converter may leave
none, or a stale one), and an answer about the law should be the words typed, not a
calculation. Dates are refused where a number or text is expected (Excel turns some typing
into dates), except for the date of the law, where a date cell is read as YYYY-MM-DD.

Nothing here prints or imports click.
"""
from __future__ import annotations

import datetime as dt
import io
import re

from firearms_gap import loader
from firearms_gap.diagnostics import CONTROL_OR_BIDI, Diagnostic, InputError
from firearms_gap.framework_schema import FORMAT
from firearms_gap.model import RuleBook
from firearms_gap.questionnaire import layout as L
from firearms_gap.questionnaire import safety

_NUMBER = re.compile(r"^\s*(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)\s*$")
_BLANK = object()


class _Invalid(Exception):
    """A cell whose content cannot be an answer (message for the user)."""


class WorkbookDocument:
    """What loader.Document is for a YAML file: the data, and where each value came from.
    Positions are serial numbers standing for cells; `relocate` turns diagnostics made with
    them into diagnostics that name the sheet and cell."""

    def __init__(self, name: str):
        self.name = name
        self.data: dict = {}
        self.problems: list[Diagnostic] = []    # found while reading the cells
        self._cells: dict[tuple, str] = {}
        self._refs: list[str] = [""]

    def at(self, path, sheet: str, row: int, col: int) -> None:
        self._cells[tuple(path)] = L.cell_ref(sheet, row, col)

    def ref(self, path) -> str:
        path = tuple(path)
        while path not in self._cells and path:
            path = path[:-1]
        return self._cells.get(path, f"{L.QUESTIONS}!A1")

    def position(self, path) -> tuple[int, int]:
        self._refs.append(self.ref(path))
        return len(self._refs) - 1, 1

    key_position = position

    def problem(self, ref: str, path, message: str) -> None:
        self.problems.append(Diagnostic(f"{self.name}:{ref}", None, None, loader.dotted(list(path)), message))

    def relocate(self, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
        out = []
        for d in diagnostics:
            if d.file == self.name and d.line is not None and 0 < d.line < len(self._refs):
                d = Diagnostic(f"{self.name}:{self._refs[d.line]}", None, None, d.path, d.message, d.keyword)
            out.append(d)
        # Two data paths can sit in one cell (an empty jurisdiction block is reported on the
        # block and on its first row): the same message about the same cell is said once.
        return list(dict.fromkeys(out))


def read_questionnaire(raw: bytes, name: str, book: RuleBook) -> WorkbookDocument:
    """The framework data of a questionnaire workbook, unvalidated (the schema is checked by the
    caller, as for YAML). Problems with cells are in `.problems`; a workbook that cannot be read
    at all raises InputError."""
    if len(raw) > loader.MAX_BYTES:
        raise InputError.single(name, f"file is more than {loader.MAX_BYTES:,} bytes, the limit "
                                      "(raise it with --max-bytes)")
    if name.lower().endswith((".xlsm", ".xltm")):
        raise InputError.single(name, "a macro-enabled workbook (.xlsm); save it as Excel Workbook (.xlsx)")
    zf = safety.open_zip(raw, name)
    sheets = safety.sheet_parts(zf, name)
    by_name = {s[0]: s for s in sheets}
    for sheet, state, _ in sheets:
        if state != "visible":
            raise InputError.single(name, f"sheet {sheet!r} is hidden; a questionnaire hides nothing: unhide it "
                                          "(or delete it) and save again")
    for needed in (L.JURISDICTION, L.QUESTIONS, L.SOURCES):
        if needed not in by_name:
            raise InputError.single(name, f"no sheet named {needed!r}: this is not a firearms-gap questionnaire "
                                          "(make one with: firearms-gap init --format xlsx -o questionnaire.xlsx)")
    doc = WorkbookDocument(name)
    for needed in (L.JURISDICTION, L.QUESTIONS, L.SOURCES) + ((L.DETERMINATIONS,) if L.DETERMINATIONS in by_name else ()):
        try:
            merged = safety.merged_ranges(zf, by_name[needed][2])
            hidden = safety.hidden_rows_and_columns(zf, by_name[needed][2])
        except safety.UNPACKING_ERRORS as e:
            raise InputError.single(name, f"damaged workbook: sheet {needed!r} cannot be unpacked ({e})") from None
        for rng in merged[:10]:
            doc.problem(f"{needed}!{rng}", [], "merged cells: unmerge them (Home > Merge & Center) so that each "
                                               "answer has its own cell")
        for rng in hidden[:10]:
            doc.problem(f"{needed}!{rng}", [], "hidden (by Hide, a filter or a collapsed group): a questionnaire "
                                               "hides nothing, so that every answer read is one its signer could "
                                               "see; unhide it (clear any filter) and save again")
    if doc.problems:
        raise InputError(doc.problems)

    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(raw), read_only=True, data_only=False, keep_links=False, keep_vba=False)
    except InputError:
        raise
    except Exception as e:  # noqa: BLE001 - openpyxl raises many kinds for a malformed part
        raise InputError.single(name, f"damaged workbook, cannot be read ({type(e).__name__}: {e})"[:300]) from None
    try:
        doc.data = {"format": FORMAT}
        _Reader(doc, book).read(wb)
    finally:
        wb.close()
    return doc


class _Reader:
    def __init__(self, doc: WorkbookDocument, book: RuleBook):
        self.doc, self.book = doc, book

    # -- cells -----------------------------------------------------------------------------
    def rows(self, ws, sheet: str, width: int):
        """(row number, [(value, data_type)...]) for each row, up to MAX_ROWS."""
        rows = ws.iter_rows(max_col=width)
        number = 0
        while True:
            number += 1
            try:
                row = next(rows)
            except StopIteration:
                return
            except (*safety.UNPACKING_ERRORS, KeyError, IndexError, TypeError, SyntaxError) as e:
                # openpyxl parses the sheet as it is iterated; a malformed part fails here
                # (xml.etree's ParseError is a SyntaxError).
                raise InputError.single(self.doc.name, f"damaged workbook: sheet {sheet!r} cannot be read "
                                                       f"({type(e).__name__}: {e})"[:300]) from None
            if number > L.MAX_ROWS:
                raise InputError.single(f"{self.doc.name}:{sheet}!A{number}",
                                        f"more than {L.MAX_ROWS:,} rows: far more than a questionnaire has")
            cells = [(getattr(c, "value", None), getattr(c, "data_type", "n")) for c in row]
            cells += [(None, "n")] * (width - len(cells))
            yield number, cells

    def raw(self, cell, sheet: str, row: int, col: int, path):
        """The cell's value, or _BLANK; a formula or error value is a problem (and _BLANK)."""
        value, kind = cell
        ref = L.cell_ref(sheet, row, col)
        if kind == "f":
            self.doc.problem(ref, path, "a formula: formulas are not read (their result depends on the program "
                                        "that last saved the file); type the answer itself")
            return _BLANK
        if kind == "e":
            self.doc.problem(ref, path, f"an Excel error value ({value}); type the answer itself")
            return _BLANK
        if value is None:
            return _BLANK
        if isinstance(value, str):
            if "\r" in value:     # text pasted from Windows programs; YAML reads such line breaks as \n too
                value = value.replace("\r\n", "\n").replace("\r", "\n")
            m = CONTROL_OR_BIDI.search(value)
            if m:
                self.doc.problem(ref, path, f"contains the control character U+{ord(m.group()):04X}; remove it")
                return _BLANK
            if not value.strip():
                return _BLANK
        elif not isinstance(value, (bool, int, float, dt.datetime, dt.date, dt.time)):
            return str(value)
        return value

    def text(self, cell, sheet, row, col, path, *, strip: bool = True):
        """Text (numbers typed into a text cell are read as written); dates are refused."""
        value = self.raw(cell, sheet, row, col, path)
        if value is _BLANK:
            return _BLANK
        if isinstance(value, (dt.datetime, dt.date, dt.time)):
            self.doc.problem(L.cell_ref(sheet, row, col), path, f"Excel turned this into a date ({_date(value)}); "
                                                                "format the cell as Text and type it again")
            return _BLANK
        if isinstance(value, bool):
            return "TRUE" if value else "FALSE"
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        value = str(value)
        return value.strip() if strip else value

    # -- sheets ----------------------------------------------------------------------------
    def read(self, wb) -> None:
        self.jurisdiction(wb[L.JURISDICTION])
        self.sources(wb[L.SOURCES])
        self.questions(wb[L.QUESTIONS])
        if L.DETERMINATIONS in wb.sheetnames:      # optional: a workbook without it has no determinations
            self.determinations(wb[L.DETERMINATIONS])

    def header(self, cells, sheet: str, expected: tuple) -> bool:
        found = tuple((v.strip() if isinstance(v, str) else v) for v, _ in cells[:len(expected)])
        if found != expected:
            col = next(i for i, (a, b) in enumerate(zip(found, expected), 1) if a != b)
            self.doc.problem(L.cell_ref(sheet, 1, col), [], f"the header row is not the questionnaire's "
                             f"(expected {expected[col - 1]!r} here): columns were moved or the sheet replaced; "
                             "start again from a fresh questionnaire or put the columns back")
            return False
        return True

    def jurisdiction(self, ws) -> None:
        sheet = L.JURISDICTION
        rows = {field: kind for field, _, kind in L.jurisdiction_rows()}
        data = self.doc.data
        juris: dict = {}
        data["jurisdiction"] = juris
        party: dict[bool, list[str]] = {True: [], False: []}     # yes -> party_to, no -> not_party_to
        seen: dict[str, int] = {}
        for number, cells in self.rows(ws, sheet, 3):
            if number == 1:
                if not self.header(cells, sheet, L.J_HEADER):
                    return
                continue
            field = self.text(cells[0], sheet, number, 1, [])
            if field is _BLANK:
                continue
            if field not in rows:
                self.doc.problem(L.cell_ref(sheet, number, 1), [], f"unknown field {field!r}" + _hint(field, rows))
                continue
            if field in seen:
                self.doc.problem(L.cell_ref(sheet, number, 1), [], f"{field!r} appears twice (first in row "
                                                                   f"{seen[field]})")
                continue
            seen[field] = number
            path = field.split(".")
            if field == "jurisdiction.name":
                self.doc.at(["jurisdiction"], sheet, number, L.J_VALUE)
            kind = rows[field]
            cell = cells[L.J_VALUE - 1]
            if field.startswith("party_to."):
                value = self.yes_no(cell, sheet, number, L.J_VALUE, ["party_to"])
                if value is not _BLANK:
                    listed = party[value]
                    key = "party_to" if value else "not_party_to"
                    self.doc.at([key, len(listed)], sheet, number, L.J_VALUE)
                    self.doc.at([key], sheet, number, L.J_VALUE)
                    listed.append(field.split(".", 1)[1])
                continue
            self.doc.at(path, sheet, number, L.J_VALUE)
            if kind == "yes_no":
                value = self.yes_no(cell, sheet, number, L.J_VALUE, path)
            elif kind == "date":
                value = self.date(cell, sheet, number, L.J_VALUE, path)
            else:
                value = self.text(cell, sheet, number, L.J_VALUE, path, strip=field != "notes")
            if value is _BLANK:
                continue
            if field.startswith("jurisdiction."):
                juris[field.split(".", 1)[1]] = value
            else:
                data[field] = value
        if party[True]:
            data["party_to"] = party[True]
        if party[False]:
            data["not_party_to"] = party[False]

    def sources(self, ws) -> None:
        sheet = L.SOURCES
        out: dict = {}
        first: dict[str, int] = {}
        for number, cells in self.rows(ws, sheet, len(L.S_COLUMNS)):
            if number == 1:
                if not self.header(cells, sheet, L.S_HEADER):
                    return
                continue
            key = self.text(cells[L.S["key"] - 1], sheet, number, L.S["key"], ["sources"])
            values = {}
            for field in ("title", "url", "note"):
                v = self.text(cells[L.S[field] - 1], sheet, number, L.S[field], ["sources", key, field],
                              strip=field != "note")
                if v is not _BLANK:
                    values[field] = v
            year = self.number(cells[L.S["year"] - 1], sheet, number, L.S["year"], ["sources", key, "year"], "a year")
            if year is not _BLANK:
                values["year"] = year
            for field in ("in_force", "repealed"):
                v = self.date(cells[L.S[field] - 1], sheet, number, L.S[field], ["sources", key, field])
                if v is not _BLANK:
                    values[field] = v
            draft = self.yes_no(cells[L.S["draft"] - 1], sheet, number, L.S["draft"], ["sources", key, "draft"])
            if draft is not _BLANK:
                values["draft"] = draft
            if key is _BLANK:
                if values:
                    self.doc.problem(L.cell_ref(sheet, number, L.S["key"]), ["sources"],
                                     "a source without a key: give it a short key (e.g. FA2010) to cite it by")
                continue
            if key in first:
                self.doc.problem(L.cell_ref(sheet, number, L.S["key"]), ["sources", key],
                                 f"key {key!r} is declared twice (first in row {first[key]})")
                continue
            first[key] = number
            self.doc.at(["sources", key], sheet, number, L.S["key"])
            fields = ("title", "year", "url", "note", "in_force", "repealed", "draft")
            for field in fields:
                self.doc.at(["sources", key, field], sheet, number, L.S[field])
            out[key] = {f: values[f] for f in fields if f in values}
        if out:
            self.doc.data["sources"] = out

    def questions(self, ws) -> None:
        sheet = L.QUESTIONS
        self.doc.at([], sheet, 1, 1)
        facts = self.book.facts
        rows: dict[str, int] = {}                       # fact id -> its question row
        options: dict[str, dict[str, tuple]] = {}       # fact id -> option -> (row, cell)
        cells_of: dict[str, list] = {}
        width = len(L.Q_COLUMNS)
        for number, cells in self.rows(ws, sheet, width):
            if number == 1:
                if not self.header(cells, sheet, L.Q_HEADER):
                    return
                continue
            ident = self.text(cells[L.Q["id"] - 1], sheet, number, L.Q["id"], [])
            filled = [c for c in L.Q_INPUT if cells[L.Q[c] - 1][0] not in (None, "", L.EACH_OPTION)]
            if ident is _BLANK:
                if filled:
                    self.doc.problem(L.cell_ref(sheet, number, L.Q[filled[0]]), [],
                                     "filled in a row that holds no question (its Question id is empty)")
                continue
            fid, _, option = ident.partition(L.OPTION_SEPARATOR.strip())
            fid, option = fid.strip(), option.strip()
            ref = L.cell_ref(sheet, number, L.Q["id"])
            if fid not in facts:
                # As a commented-out question of a YAML file: an unanswered question of a ruleset not
                # selected for this run is no problem; an answered one is.
                if filled:
                    self.doc.problem(ref, [], f"unknown question {fid!r}" + (_hint(fid, facts) or (
                        " (a question of a custom ruleset? give --ruleset FILE)")))
                continue
            fact = facts[fid]
            if option:
                if fact.type != "choices" or option not in fact.options:
                    self.doc.problem(ref, [], f"{option!r} is not an option of {fid}" + (
                        _hint(option, fact.options) if fact.type == "choices" else ""))
                    continue
                got = options.setdefault(fid, {})
                if option in got:
                    self.doc.problem(ref, [], f"option {option!r} of {fid} appears twice (first in row "
                                              f"{got[option][0]})")
                    continue
                got[option] = (number, cells[L.Q["answer"] - 1])
                continue
            if fid in rows:
                self.doc.problem(ref, [], f"question {fid} appears twice (first in row {rows[fid]})")
                continue
            rows[fid] = number
            cells_of[fid] = cells
        answers: dict = {}
        for fid, number in rows.items():
            entry = self.answer(facts[fid], number, cells_of[fid], options.get(fid, {}))
            if entry is not None:
                group, fname = fid.split(".", 1)
                answers.setdefault(group, {})[fname] = entry
        for fid in options:
            if fid not in rows:
                first = min(r for r, _ in options[fid].values())
                self.doc.problem(L.cell_ref(sheet, first, L.Q["id"]), [], f"options of {fid} without its question row")
        if answers:
            self.doc.data["answers"] = answers

    def answer(self, fact, number: int, cells, option_cells: dict) -> dict | None:
        sheet = L.QUESTIONS
        group, fname = fact.id.split(".", 1)
        base = ["answers", group, fname]
        for col in L.Q_INPUT:
            self.doc.at(base + ([] if col == "answer" else [col]), sheet, number, L.Q[col])
        self.doc.at(base + ["answer"], sheet, number, L.Q["answer"])
        entry: dict = {}
        reported = len(self.doc.problems)
        if fact.type == "choices":
            marker = cells[L.Q["answer"] - 1][0]
            if marker not in (None, "", L.EACH_OPTION):
                self.doc.problem(L.cell_ref(sheet, number, L.Q["answer"]), base + ["answer"],
                                 "answer each option in the rows below with yes or no, not here")
            chosen, known = [], 0
            for key in fact.options:
                if key not in option_cells:
                    continue
                row, cell = option_cells[key]
                value = self.yes_no(cell, sheet, row, L.Q["answer"], base + ["answer"])
                if value is _BLANK:
                    continue
                known += 1
                if value:
                    self.doc.at(base + ["answer", len(chosen)], sheet, row, L.Q["answer"])
                    chosen.append(key)
            if known:
                entry["answer"] = chosen
                if known < len(fact.options):
                    entry["partial_list"] = True
        else:
            cell = cells[L.Q["answer"] - 1]
            if fact.type == "yes_no":
                value = self.yes_no(cell, sheet, number, L.Q["answer"], base + ["answer"])
            elif fact.type == "number":
                value = self.number(cell, sheet, number, L.Q["answer"], base + ["answer"],
                                    f"a number of {fact.unit}" if fact.unit else "a number")
            else:
                value = self.text(cell, sheet, number, L.Q["answer"], base + ["answer"])
            if value is not _BLANK:
                entry["answer"] = value
        provision = self.provision(cells, number, base)
        if provision is not None:
            entry["provision"] = provision
        for key in ("note", "evidence", "unverified"):
            v = self.text(cells[L.Q[key] - 1], sheet, number, L.Q[key], base + [key], strip=False)
            if v is not _BLANK:
                entry[key] = v
        assistance = self.assistance(cells, number, base)
        if assistance is not None:
            entry["assistance"] = assistance
        if entry and "answer" not in entry:
            if len(self.doc.problems) == reported:      # the answer itself was not already refused
                self.doc.problem(L.cell_ref(sheet, number, L.Q["answer"]), base + ["answer"],
                                 "no answer, but the row has a provision, note or evidence: answer the question, "
                                 "or clear those cells (an unanswered question is 'not assessed')")
            return None
        return entry or None

    def assistance(self, cells, number: int, base: list) -> dict | None:
        """The Assistance cells: one tag a line ("other: what" for a need outside the vocabulary), and a note."""
        sheet, path = L.QUESTIONS, base + ["assistance"]
        tags = self.text(cells[L.Q["assistance"] - 1], sheet, number, L.Q["assistance"], path + ["needs"])
        note = self.text(cells[L.Q["assistance_note"] - 1], sheet, number, L.Q["assistance_note"], path + ["note"],
                         strip=False)
        self.doc.at(path, sheet, number, L.Q["assistance"])
        self.doc.at(path + ["needs"], sheet, number, L.Q["assistance"])
        self.doc.at(path + ["other"], sheet, number, L.Q["assistance"])
        self.doc.at(path + ["note"], sheet, number, L.Q["assistance_note"])
        needs, other = [], None
        for line in ([] if tags is _BLANK else [x.strip() for x in tags.splitlines() if x.strip()]):
            if line.startswith(L.OTHER_NEED.strip()):
                other = line[len(L.OTHER_NEED.strip()):].strip() or None
                line = "other"
            if line not in needs:
                needs.append(line)
        if not needs:
            if note is not _BLANK:
                self.doc.problem(L.cell_ref(sheet, number, L.Q["assistance"]), path,
                                 "an assistance note but no need: write the needs, one tag a line")
            return None
        out: dict = {"needs": needs}
        if other is not None:
            out["other"] = other
        if note is not _BLANK:
            out["note"] = note
        return out

    def determinations(self, ws) -> None:
        sheet = L.DETERMINATIONS
        out: dict = {}
        for number, cells in self.rows(ws, sheet, len(L.D_COLUMNS)):
            if number == 1:
                if not self.header(cells, sheet, L.D_HEADER):
                    return
                continue
            rid = self.text(cells[L.D["requirement"] - 1], sheet, number, L.D["requirement"], ["determinations"])
            if rid is _BLANK:
                if any(c[0] not in (None, "") for c in cells):
                    self.doc.problem(L.cell_ref(sheet, number, L.D["requirement"]), ["determinations"],
                                     "a determination without its requirement id")
                continue
            at = ["determinations", rid]
            if rid in out:
                self.doc.problem(L.cell_ref(sheet, number, L.D["requirement"]), at,
                                 f"requirement {rid!r} is determined twice")
                continue
            self.doc.at(at, sheet, number, L.D["requirement"])
            item: dict = {}
            for key in ("status", "justification", "by"):
                self.doc.at(at + [key], sheet, number, L.D[key])
                v = self.text(cells[L.D[key] - 1], sheet, number, L.D[key], at + [key], strip=key != "justification")
                if v is not _BLANK:
                    item[key] = v
            for key in ("date", "expires"):
                self.doc.at(at + [key], sheet, number, L.D[key])
                v = self.date(cells[L.D[key] - 1], sheet, number, L.D[key], at + [key])
                if v is not _BLANK:
                    item[key] = v
            provision = self.provision(cells, number, at, sheet=sheet, columns=L.D)
            if provision is not None:
                item["provision"] = provision
            out[rid] = item
        if out:
            self.doc.data["determinations"] = out

    def provision(self, cells, number: int, base: list, *, sheet: str = L.QUESTIONS, columns: dict = L.Q):
        keys = self.text(cells[columns["source"] - 1], sheet, number, columns["source"], base + ["provision"])
        ats = self.text(cells[columns["at"] - 1], sheet, number, columns["at"], base + ["provision"])
        keys = [] if keys is _BLANK else [k.strip() for k in keys.splitlines() if k.strip()]
        ats = [a.strip() for a in ats.splitlines() if a.strip()] if ats is not _BLANK else []
        if not keys and not ats:
            return None
        if not ats:
            self.doc.problem(L.cell_ref(sheet, number, columns["at"]), base + ["provision"],
                             "a source key but no provision: write where in the law the answer is (e.g. s. 12(1))")
            return None
        if not keys:
            self.doc.problem(L.cell_ref(sheet, number, columns["source"]), base + ["provision"],
                             "a provision but no source key: write the key of the law from the Sources sheet")
            return None
        if len(keys) == 1:
            keys = keys * len(ats)
        if len(keys) != len(ats):
            self.doc.problem(L.cell_ref(sheet, number, columns["source"]), base + ["provision"],
                             f"{len(keys)} source keys for {len(ats)} provisions: give one key for all of them, "
                             "or one key per line, line for line")
            return None
        out = [{"source": k, "at": a} for k, a in zip(keys, ats)]
        for i in range(len(out)):
            path = base + ["provision"] + ([i] if len(out) > 1 else [])
            self.doc.at(path + ["source"], sheet, number, columns["source"])
            self.doc.at(path + ["at"], sheet, number, columns["at"])
        return out[0] if len(out) == 1 else out

    # -- typed values ----------------------------------------------------------------------
    def yes_no(self, cell, sheet, row, col, path):
        value = self.raw(cell, sheet, row, col, path)
        if value is _BLANK or isinstance(value, bool):
            return value
        word = str(value).strip().lower() if isinstance(value, str) else None
        if word in (L.YES, L.NO):
            return word == L.YES
        self.doc.problem(L.cell_ref(sheet, row, col), path, f"{_show(value)} is not an accepted answer: yes or no "
                                                            "(choose from the drop-down)")
        return _BLANK

    def number(self, cell, sheet, row, col, path, what: str):
        value = self.raw(cell, sheet, row, col, path)
        if value is _BLANK:
            return value
        ref = L.cell_ref(sheet, row, col)
        if isinstance(value, bool) or isinstance(value, (dt.datetime, dt.date, dt.time)):
            self.doc.problem(ref, path, f"{_show(value)} is not {what}: " + (
                "Excel shows it as a date; format the cell as Number and type the number again"
                if not isinstance(value, bool) else "write the number"))
            return _BLANK
        if isinstance(value, str):
            if not _NUMBER.match(value):
                self.doc.problem(ref, path, f"{_show(value)} is not {what}: write digits only (e.g. 10)")
                return _BLANK
            value = float(value)
        if isinstance(value, float) and value.is_integer():
            return int(value)
        return value

    def date(self, cell, sheet, row, col, path):
        value = self.raw(cell, sheet, row, col, path)
        if value is _BLANK:
            return value
        if isinstance(value, dt.datetime) and value.time() == dt.time(0):
            return value.date().isoformat()
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value.isoformat()
        if isinstance(value, str):
            return value.strip()
        self.doc.problem(L.cell_ref(sheet, row, col), path, f"{_show(value)} is not a date: write it as "
                                                            "YYYY-MM-DD (e.g. 2026-01-31)")
        return _BLANK


def _date(value) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _show(value) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return f"the date {_date(value)}"
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:39] + "…")
    return str(value)


def _hint(word: str, choices) -> str:
    from firearms_gap.validation import closest

    hint = closest(word, list(choices))
    return f"; did you mean {hint[0]!r}?" if hint else ""

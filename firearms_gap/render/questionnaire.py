"""Write the questionnaire workbook: every question the selected rulesets ask, with drop-downs
of the allowed answers, ready to send to a ministry (and optionally pre-filled from a framework).

`write_questionnaire(book, framework=None) -> bytes`. Deterministic: the same rulesets and
answers give the same bytes (fixed document dates and zip times, as the xlsx report). Each sheet
is laid out first (a `_Grid`: cells by row and column, validations, widths), then written by
render/ooxml.py: nothing is written when an answer cannot be put in a cell.
Nothing here prints or imports click. It lives in render/ (it makes an output), the reader and
the layout both share in firearms_gap/questionnaire/.
"""
from __future__ import annotations

from firearms_gap import __version__
from firearms_gap.diagnostics import InputError
from firearms_gap.framework import INSTRUMENTS, Framework
from firearms_gap.model import Fact, RuleBook
from firearms_gap.needs import NEEDS
from firearms_gap.questionnaire import layout as L
from firearms_gap.template import asked_by, template_facts

HEADER_FILL = "DCE6F1"
BORDER = "A6A6A6"              # thin grey lines around every cell
BAND_FILL = "B8CCE4"
INPUT_FILL = "FFF9DB"          # the cells to fill in, so a reader of a printout sees them too
LOCKED_FILL = "F2F2F2"


def write_questionnaire(book: RuleBook, framework: Framework | None = None, *,
                        rulesets: tuple[str, ...] = ()) -> bytes:
    """The workbook's bytes. `framework`, if given, pre-fills what it answers. `rulesets` are the
    --ruleset arguments as given (shown in the About sheet's commands). Raises InputError if an
    answer cannot be put in a cell (longer than Excel allows)."""
    from firearms_gap.render.ooxml import Workbook
    from firearms_gap.render.stamp import document_time

    # Sheets cannot be added, removed, renamed or hidden (no password: this guards against
    # accidents, not people), so the reader finds the sheets where it wrote them.
    wb = Workbook(document_time(), title="firearms-gap questionnaire", lock_structure=True)
    writer = _Writer(book, framework, wb)
    about, jurisdiction, questions, sources, determinations = (_Grid(name) for name in L.SHEETS)
    writer.about(about, rulesets)
    writer.jurisdiction(jurisdiction)
    last_source_row = writer.sources(sources)
    writer.questions(questions, last_source_row)
    writer.determinations(determinations, last_source_row)
    if writer.problems:
        raise InputError(writer.problems)
    pieces = [grid.write(wb) for grid in (about, jurisdiction, questions, sources, determinations)]
    return b"".join(pieces) + wb.close()


class _Grid:
    """A sheet laid out before it is written: its cells (value, style, wrapped?) by row and
    column, its column widths, frozen header, validations and whether its header row repeats on
    every printed page."""

    def __init__(self, title: str):
        self.title = title
        self.cells: dict[int, dict[int, tuple]] = {}
        self.widths: dict[int, float] = {}
        self.freeze: str | None = None
        self.validations: list = []
        self.title_rows = True

    def put(self, row: int, col: int, value, style: int, wrap: bool) -> None:
        self.cells.setdefault(row, {})[col] = (value, style, wrap)

    def write(self, wb) -> bytes:
        """Protected (no password: answer cells are the unlocked ones), A4 landscape fitted to the
        width, a footer naming the sheet, each row as tall as its wrapped text needs."""
        from firearms_gap.render.ooxml import PageSetup

        count = max(self.cells, default=0)
        columns = max([*self.widths, *(c for cells in self.cells.values() for c in cells)], default=1)
        widths = [self.widths.get(c, 10) for c in range(1, columns + 1)]
        ws = wb.sheet(self.title, widths=widths, rows=count, freeze=self.freeze, protect=True,
                      page=PageSetup(title_rows=self.title_rows,
                                     footer=(f"firearms-gap questionnaire - {self.title}", "Page &P of &N")))
        ws.validations = self.validations
        for row in range(1, count + 1):
            cells = self.cells.get(row, {})
            got = [cells.get(c, (None, None, False)) for c in range(1, columns + 1)]
            ws.row([v for v, _, _ in got], [s for _, s, _ in got], _height(got, widths))
        ws.close()
        return wb.take()


def _height(cells, widths) -> float | None:
    """The height a row's wrapped text needs, None for one line. Excel and LibreOffice do not grow
    rows for wrapped text when they open a file, so without this the text of a printout overlaps."""
    lines = 1
    for (value, _, wrap), width in zip(cells, widths):
        if not isinstance(value, str) or not value or not wrap:
            continue                       # an unwrapped title runs on along its row
        per_line = max(int(width * 1.2), 1)     # characters of 11-point text per line, roughly
        lines = max(lines, sum(max(1, -(-len(part) // per_line)) for part in value.split("\n")))
    return min(15 * lines, 409) if lines > 1 else None      # 409 points: Excel's largest row


class _Writer:
    def __init__(self, book: RuleBook, framework: Framework | None, wb):
        self.book, self.framework, self.wb = book, framework, wb
        self.problems: list = []

    # -- cells -----------------------------------------------------------------------------
    def put(self, ws: _Grid, row: int, col: int, value, *, bold=False, fill=None, unlocked=False, text=False,
            wrap=True) -> None:
        """A cell: top-aligned, bordered; wrapped unless told; an answer cell (unlocked) is yellow;
        `text`: typed as text, so that Excel does not turn "2025-07-01" or "NO" into something else.
        A string is always text, never a formula, even if it starts with '='."""
        if isinstance(value, str) and len(value) > L.MAX_TEXT:
            self.problems.append(InputError.single(
                "--from", f"a value for {L.cell_ref(ws.title, row, col)} is {len(value):,} characters long; "
                          f"an Excel cell holds at most {L.MAX_TEXT:,}").diagnostics[0])
            value = value[:L.MAX_TEXT]
        style = self.wb.style(bold=bold, fill=INPUT_FILL if unlocked else fill, wrap=wrap, border=BORDER,
                              locked=not unlocked, text=text)
        ws.put(row, col, value, style, wrap)

    def header(self, ws: _Grid, titles, widths) -> None:
        for col, (title, width) in enumerate(zip(titles, widths), 1):
            self.put(ws, 1, col, title, bold=True, fill=HEADER_FILL)
            ws.widths[col] = width
        ws.freeze = "A2"

    @staticmethod
    def validation(ws: _Grid, kind: str, *, options=(), prompt: str = "", source_range: str = ""):
        from firearms_gap.render.ooxml import Validation

        title = "Not an accepted answer"
        if kind == "list":
            dv = Validation("list", '"' + ",".join(options) + '"', error="Choose one of: " + ", ".join(options),
                            error_title=title, prompt=prompt[:255])
        elif kind == "sources":
            # A warning, not a refusal: several provisions take one key per line (Alt+Enter).
            dv = Validation("list", source_range, error_style="warning", error_title=title, prompt=prompt[:255],
                            error="Not a key listed on the Sources sheet: declare the law there first.")
        elif kind == "number":
            dv = Validation("decimal", "0", operator="greaterThanOrEqual", error="Write a number (0 or more).",
                            error_title=title, prompt=prompt[:255])
        else:   # year
            dv = Validation("whole", "1", "9999", operator="between", error_title=title, prompt=prompt[:255],
                            error="Write the year as a whole number, e.g. 2015.")
        ws.validations.append(dv)
        return dv

    # -- sheets ----------------------------------------------------------------------------
    def about(self, ws: _Grid, rulesets: tuple[str, ...]) -> None:
        facts = template_facts(self.book)
        chosen = "; ".join(f"{rs.id} {rs.version}" for rs in self.book.rulesets)
        words = [
            ("Questionnaire", f"{L.FORMAT_MARK}: the questions on a country's firearms law that these rulesets "
                              f"ask: {chosen}. Made by firearms-gap {__version__}."),
            ("What it is for", "Describe the national law; firearms-gap then reads this workbook and shows, "
                               "requirement by requirement, where the law meets the UN Firearms Protocol "
                               "(GA res. 55/255, annex) and related recommendations, and where it does not."),
            ("1. Jurisdiction", "On the Jurisdiction sheet, write the country's name and code, the date of the "
                                "law you describe, and the instruments it is party to."),
            ("2. Sources", "On the Sources sheet, list each national law you will cite, one per row, under a "
                           "short key of your choice (letters, digits, '_', '.', '-'), e.g. FA2010."),
            ("3. Questions", f"On the Questions sheet ({len(facts)} questions), answer with the drop-down in "
                             "the Answer column (yellow cells are the ones to fill in). A question of the form "
                             "'which of these...' is answered option by option: 'yes' for each option the law "
                             "covers, 'no' for each it does not. Leave an option blank if you do not know."),
            ("Provision", "For each answer, write the key of the law (Source key) and where in it the answer is "
                          "found (Provision, e.g. s. 20(4)). Several provisions: one per line in both cells "
                          "(Alt+Enter starts a new line in a cell), or one key for all of them."),
            ("Note, evidence", "Note: anything the reader of the results should know. Evidence: where this "
                               "statement about the law comes from (e.g. a UN document paragraph). Unverified: "
                               "what about the answer is not verified, and why."),
            ("Dates, drafts", "On the Sources sheet, a law's entry into force and repeal (YYYY-MM-DD) and whether "
                              "it is still a draft (a bill): an answer resting only on a law not in force on the "
                              "date described is not counted, and a draft never counts as law."),
            ("Assistance", "The last two columns of the Questions sheet: the help needed to close what an answer "
                           "leaves open, one per line, from: " + ", ".join(NEEDS) + " (write 'other: ...' for "
                           "anything else), and a note."),
            ("Determinations", "For the adviser: on the Determinations sheet, a requirement judged met by "
                               "functionally equivalent measures, or not applicable, with the justification, who "
                               "judged it and when. It is shown beside the computed result, never in its place."),
            ("Do not know?", "Leave the answer blank. An unanswered question is reported as 'not assessed', "
                             "never as a gap in the law."),
            ("Please do not", "type formulas (they are refused: write the answer itself), or copy cells from "
                              "another workbook (links to it are refused). The sheets are protected without a "
                              "password only to keep the layout intact."),
            ("Check it", "firearms-gap validate questionnaire.xlsx   (lists any problem by sheet and cell)"),
            ("Results", "firearms-gap check questionnaire.xlsx" + "".join(f" --ruleset {r}" for r in rulesets)),
            ("As YAML", "firearms-gap import questionnaire.xlsx -o law.yaml   (the same answers as a framework file)"),
        ]
        self.put(ws, 1, 1, "About this questionnaire", bold=True, fill=HEADER_FILL)
        self.put(ws, 1, 2, "", fill=HEADER_FILL)
        for row, (key, text) in enumerate(words, 2):
            self.put(ws, row, 1, key, bold=True)
            self.put(ws, row, 2, text)
        ws.widths.update({1: 18, 2: 110})
        ws.title_rows = False

    def jurisdiction(self, ws) -> None:
        self.header(ws, L.J_HEADER, (24, 70, 40))
        fw = self.framework
        values: dict[str, object] = {}
        if fw is not None:
            values["jurisdiction.name"] = fw.jurisdiction.get("name")
            values["jurisdiction.code"] = fw.jurisdiction.get("code")
            if "fictional" in fw.jurisdiction:
                values["jurisdiction.fictional"] = L.YES if fw.jurisdiction["fictional"] else L.NO
            values["described_as_of"] = fw.described_as_of
            values["notes"] = fw.notes
            for key in INSTRUMENTS:
                # Three answers, as in the framework file: party, known not to be a party, not stated.
                values[f"party_to.{key}"] = (L.YES if key in fw.party_to else
                                             L.NO if key in getattr(fw, "not_party_to", ()) else None)
        yes_no = self.validation(ws, "list", options=(L.YES, L.NO))
        for row, (field, label, kind) in enumerate(L.jurisdiction_rows(), 2):
            self.put(ws, row, 1, field)
            self.put(ws, row, 2, label)
            self.put(ws, row, L.J_VALUE, values.get(field), unlocked=True, text=kind != "yes_no")
            if kind == "yes_no":
                yes_no.add(f"C{row}")

    def sources(self, ws) -> int:
        self.header(ws, L.S_HEADER, [w for _, _, w in L.S_COLUMNS])
        given = list((self.framework.sources if self.framework else {}).items())
        last = 1 + len(given) + L.S_BLANK_ROWS
        year = self.validation(ws, "year", prompt="The year of adoption, e.g. 2015.")
        for row in range(2, last + 1):
            key, src = given[row - 2] if row - 2 < len(given) else (None, {})
            self.put(ws, row, L.S["key"], key, unlocked=True, text=True)
            self.put(ws, row, L.S["title"], src.get("title"), unlocked=True)
            self.put(ws, row, L.S["year"], src.get("year"), unlocked=True)
            self.put(ws, row, L.S["url"], src.get("url"), unlocked=True)
            self.put(ws, row, L.S["note"], src.get("note"), unlocked=True)
            self.put(ws, row, L.S["in_force"], src.get("in_force"), unlocked=True, text=True)
            self.put(ws, row, L.S["repealed"], src.get("repealed"), unlocked=True, text=True)
            self.put(ws, row, L.S["draft"], L.YES if src.get("draft") else L.NO if src.get("draft") is False else None,
                     unlocked=True, text=True)
        year.add(f"C2:C{last}")
        draft = L.col_letter(L.S["draft"])
        self.validation(ws, "list", options=(L.YES, L.NO)).add(f"{draft}2:{draft}{last}")
        return last

    def questions(self, ws, last_source_row: int) -> None:
        self.header(ws, L.Q_HEADER, [w for _, _, w in L.Q_COLUMNS])
        reads = asked_by(self.book)
        answers = self.framework.answers if self.framework else {}
        yes_no = self.validation(ws, "list", options=(L.YES, L.NO))
        number = self.validation(ws, "number", prompt="A number, 0 or more.")
        keys = self.validation(ws, "sources", source_range=f"{L.SOURCES}!$A$2:$A${last_source_row}")
        choice_lists: dict[tuple, object] = {}
        row = 1
        group = None
        for fact in template_facts(self.book):
            if fact.group != group:
                group = fact.group
                row += 1
                title = self.book.groups.get(group, {}).get("title", group)
                # The title not wrapped, so it runs on over the empty band (merged cells would be
                # refused on reading).
                for col in range(1, len(L.Q_COLUMNS) + 1):
                    self.put(ws, row, col, title if col == 1 else None, bold=True, fill=BAND_FILL, wrap=col != 1)
            row += 1
            answer = answers.get(fact.id)
            self._question_row(ws, row, fact, answer, reads.get(fact.id, []))
            keys.add(f"{L.col_letter(L.Q['source'])}{row}")
            answer_cell = f"{L.col_letter(L.Q['answer'])}{row}"
            if fact.type == "yes_no":
                yes_no.add(answer_cell)
            elif fact.type == "number":
                number.add(answer_cell)
            elif fact.type == "choice":
                options = tuple(fact.options)
                if len(",".join(options)) <= 253:    # Excel's limit on a literal list
                    if options not in choice_lists:
                        choice_lists[options] = self.validation(ws, "list", options=options)
                    choice_lists[options].add(answer_cell)
            elif fact.type == "choices":
                for key, meaning in fact.options.items():
                    row += 1
                    self._option_row(ws, row, fact, key, meaning, answer)
                    yes_no.add(f"{L.col_letter(L.Q['answer'])}{row}")

    def _question_row(self, ws, row: int, fact: Fact, answer, citations: list[str]) -> None:
        question = fact.question + (f"\n\nNote: {fact.help}" if fact.help else "")
        self.put(ws, row, L.Q["group"], fact.group)
        self.put(ws, row, L.Q["id"], fact.id)
        self.put(ws, row, L.Q["question"], question)
        value = None
        if answer is not None and fact.type != "choices":
            value = (L.YES if answer.value else L.NO) if fact.type == "yes_no" else answer.value
        if fact.type == "choices":
            self.put(ws, row, L.Q["answer"], L.EACH_OPTION, fill=LOCKED_FILL)
        else:
            self.put(ws, row, L.Q["answer"], value, unlocked=True, text=fact.type != "number")
        provisions = answer.provisions if answer is not None else ()
        for p in provisions:
            if p.in_force or p.repealed:
                self.problems.append(InputError.single("--from", f"{fact.id}: provision {p.at!r} carries its own "
                                                                 "in_force/repealed date, which the questionnaire "
                                                                 "cannot hold: date its source instead")
                                     .diagnostics[0])
            if "\n" in p.at or "\n" in p.source:
                self.problems.append(InputError.single("--from", f"{fact.id}: provision {p.at!r} has a line break, "
                                                                 "which the questionnaire uses between provisions")
                                     .diagnostics[0])
        self.put(ws, row, L.Q["source"], "\n".join(p.source for p in provisions) or None, unlocked=True, text=True)
        self.put(ws, row, L.Q["at"], "\n".join(p.at for p in provisions) or None, unlocked=True, text=True)
        for key in ("note", "evidence", "unverified"):
            self.put(ws, row, L.Q[key], getattr(answer, key) if answer is not None else None, unlocked=True)
        need = answer.assistance if answer is not None else None
        self.put(ws, row, L.Q["assistance"], "\n".join(
            L.OTHER_NEED + need.other if n == "other" and need.other else n for n in need.needs) if need else None,
            unlocked=True, text=True)
        self.put(ws, row, L.Q["assistance_note"], need.note if need else None, unlocked=True)
        self.put(ws, row, L.Q["accepts"], _accepts(fact))
        self.put(ws, row, L.Q["asked_by"], "; ".join(citations) if citations else
                 "no selected requirement reads it yet")

    def determinations(self, ws, last_source_row: int) -> None:
        """The assessor's determinations, one per row, and blank rows for more."""
        from firearms_gap.determinations import DETERMINED_STATUSES

        self.header(ws, L.D_HEADER, [w for _, _, w in L.D_COLUMNS])
        given = list((self.framework.determinations if self.framework else {}).values())
        last = 1 + len(given) + L.D_BLANK_ROWS
        for row in range(2, last + 1):
            d = given[row - 2] if row - 2 < len(given) else None
            cited = d.cited if d else ()
            values = {"requirement": d and d.requirement, "status": d and d.status,
                      "justification": d and d.justification, "by": d and d.by, "date": d and d.date,
                      "expires": d and d.expires, "source": "\n".join(k for k, _ in cited) or None,
                      "at": "\n".join(a for _, a in cited) or None}
            for key, _, _ in L.D_COLUMNS:
                self.put(ws, row, L.D[key], values[key], unlocked=True, text=key != "justification")
        status = L.col_letter(L.D["status"])
        self.validation(ws, "list", options=tuple(DETERMINED_STATUSES)).add(f"{status}2:{status}{last}")
        source = L.col_letter(L.D["source"])
        self.validation(ws, "sources", source_range=f"{L.SOURCES}!$A$2:$A${last_source_row}").add(
            f"{source}2:{source}{last}")

    def _option_row(self, ws, row: int, fact: Fact, key: str, meaning: str, answer) -> None:
        value = None
        if answer is not None:
            # Listed = yes; not listed = no, unless the list names only what is known (partial_list),
            # where an unlisted option is not assessed (blank).
            value = L.YES if key in answer.value else (None if answer.partial_list else L.NO)
        self.put(ws, row, L.Q["group"], fact.group)
        self.put(ws, row, L.Q["id"], f"{fact.id}{L.OPTION_SEPARATOR}{key}")
        self.put(ws, row, L.Q["question"], f"    {meaning}")
        self.put(ws, row, L.Q["answer"], value, unlocked=True, text=True)
        for col in ("source", "at", "note", "evidence", "unverified", "assistance", "assistance_note", "asked_by"):
            self.put(ws, row, L.Q[col], None, fill=LOCKED_FILL)
        self.put(ws, row, L.Q["accepts"], "yes / no (blank: not known)")


def _accepts(fact: Fact) -> str:
    if fact.type == "yes_no":
        return "yes / no"
    if fact.type == "number":
        return f"a number of {fact.unit} (0 or more)" if fact.unit else "a number (0 or more)"
    if fact.type == "choice":
        return "one of:\n" + "\n".join(f"{k} = {v}" for k, v in fact.options.items())
    if fact.type == "choices":
        return "yes or no for each option below; an option left blank is 'not assessed'"
    return "text"

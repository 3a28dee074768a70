"""The tests' reference for render/questionnaire.py: the questionnaire made with openpyxl, as
firearms-gap made it before it wrote workbooks itself (tests/test_xlsx_writer.py compares them).

Originally: Write the questionnaire workbook: every question the selected rulesets ask, with drop-downs
of the allowed answers, ready to send to a ministry (and optionally pre-filled from a framework).

`write_questionnaire(book, framework=None) -> bytes`. Deterministic: the same rulesets and
answers give the same bytes (fixed document dates and zip times, as the xlsx report).
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
BAND_FILL = "B8CCE4"
INPUT_FILL = "FFF9DB"          # the cells to fill in, so a reader of a printout sees them too
LOCKED_FILL = "F2F2F2"


def write_questionnaire(book: RuleBook, framework: Framework | None = None, *,
                        rulesets: tuple[str, ...] = ()) -> bytes:
    """The workbook's bytes. `framework`, if given, pre-fills what it answers. `rulesets` are the
    --ruleset arguments as given (shown in the About sheet's commands). Raises InputError if an
    answer cannot be put in a cell (longer than Excel allows)."""
    from openpyxl import Workbook
    from openpyxl.workbook.protection import WorkbookProtection

    from xlsx_reference import save_workbook
    from firearms_gap.render.stamp import document_time

    wb = Workbook()
    writer = _Writer(book, framework)
    writer.about(wb.active, rulesets)
    writer.jurisdiction(wb.create_sheet(L.JURISDICTION))
    questions = wb.create_sheet(L.QUESTIONS)
    sources = wb.create_sheet(L.SOURCES)
    last_source_row = writer.sources(sources)
    writer.questions(questions, last_source_row)
    writer.determinations(wb.create_sheet(L.DETERMINATIONS), last_source_row)
    if writer.problems:
        raise InputError(writer.problems)
    # Sheets cannot be added, removed, renamed or hidden (no password: this guards against
    # accidents, not people), so the reader finds the sheets where it wrote them.
    wb.security = WorkbookProtection(lockStructure=True)
    stamp = document_time()
    wb.properties.creator = "firearms-gap"
    wb.properties.title = "firearms-gap questionnaire"
    wb.properties.created = wb.properties.modified = stamp
    return save_workbook(wb, stamp)


class _Writer:
    def __init__(self, book: RuleBook, framework: Framework | None):
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

        self.book, self.framework = book, framework
        self.problems: list = []
        self.bold = Font(bold=True)
        self.wrap = Alignment(vertical="top", wrap_text=True)
        self.nowrap = Alignment(vertical="top", wrap_text=False)
        self.header_fill = PatternFill("solid", fgColor=HEADER_FILL)
        self.band_fill = PatternFill("solid", fgColor=BAND_FILL)
        self.input_fill = PatternFill("solid", fgColor=INPUT_FILL)
        self.locked_fill = PatternFill("solid", fgColor=LOCKED_FILL)
        self.unlocked = Protection(locked=False)
        thin = Side(style="thin", color="A6A6A6")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)

    # -- cells -----------------------------------------------------------------------------
    def put(self, ws, row: int, col: int, value, *, bold=False, fill=None, unlocked=False, text=False):
        if isinstance(value, str) and len(value) > L.MAX_TEXT:
            self.problems.append(InputError.single(
                "--from", f"a value for {L.cell_ref(ws.title, row, col)} is {len(value):,} characters long; "
                          f"an Excel cell holds at most {L.MAX_TEXT:,}").diagnostics[0])
            value = value[:L.MAX_TEXT]
        cell = ws.cell(row=row, column=col, value=value)
        if isinstance(value, str):
            cell.data_type = "s"        # never a formula, even if the text starts with '='
        cell.alignment = self.wrap
        cell.border = self.border
        if bold:
            cell.font = self.bold
        if fill is not None:
            cell.fill = fill
        if unlocked:
            cell.protection = self.unlocked
            cell.fill = self.input_fill
        if text:
            cell.number_format = "@"     # typed as text: Excel must not turn "2025-07-01" or "NO" into something else
        return cell

    def header(self, ws, titles, widths) -> None:
        from openpyxl.utils import get_column_letter

        for col, (title, width) in enumerate(zip(titles, widths), 1):
            self.put(ws, 1, col, title, bold=True, fill=self.header_fill)
            ws.column_dimensions[get_column_letter(col)].width = width
        ws.freeze_panes = "A2"

    def finish(self, ws, *, title_rows: bool = True) -> None:
        """Locked structure (no password: answer cells are the unlocked ones) and print setup."""
        _fit_rows(ws)
        ws.protection.sheet = True
        ws.protection.formatColumns = False     # False = allowed: widths and heights may be changed
        ws.protection.formatRows = False
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.gridLines = True
        if title_rows:
            ws.print_title_rows = "1:1"
        ws.oddFooter.left.text = f"firearms-gap questionnaire - {ws.title}"
        ws.oddFooter.right.text = "Page &P of &N"

    @staticmethod
    def validation(ws, kind: str, *, options=(), prompt: str = "", source_range: str = ""):
        from openpyxl.worksheet.datavalidation import DataValidation

        if kind == "list":
            dv = DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True)
            dv.error = "Choose one of: " + ", ".join(options)
        elif kind == "sources":
            # A warning, not a refusal: several provisions take one key per line (Alt+Enter).
            dv = DataValidation(type="list", formula1=source_range, allow_blank=True, errorStyle="warning")
            dv.error = "Not a key listed on the Sources sheet: declare the law there first."
        elif kind == "number":
            dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
            dv.error = "Write a number (0 or more)."
        else:   # year
            dv = DataValidation(type="whole", operator="between", formula1="1", formula2="9999", allow_blank=True)
            dv.error = "Write the year as a whole number, e.g. 2015."
        dv.errorTitle = "Not an accepted answer"
        dv.showErrorMessage = True
        if prompt:
            dv.prompt, dv.showInputMessage = prompt[:255], True
        ws.add_data_validation(dv)
        return dv

    # -- sheets ----------------------------------------------------------------------------
    def about(self, ws, rulesets: tuple[str, ...]) -> None:
        ws.title = L.ABOUT
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
        self.put(ws, 1, 1, "About this questionnaire", bold=True, fill=self.header_fill)
        self.put(ws, 1, 2, "", fill=self.header_fill)
        for row, (key, text) in enumerate(words, 2):
            self.put(ws, row, 1, key, bold=True)
            self.put(ws, row, 2, text)
        ws.column_dimensions["A"].width = 18
        ws.column_dimensions["B"].width = 110
        self.finish(ws, title_rows=False)

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
        self.finish(ws)

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
        self.finish(ws)
        return last

    def questions(self, ws, last_source_row: int) -> None:
        self.header(ws, L.Q_HEADER, [w for _, _, w in L.Q_COLUMNS])
        ws.auto_filter.ref = None
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
                for col in range(1, len(L.Q_COLUMNS) + 1):
                    self.put(ws, row, col, title if col == 1 else None, bold=True, fill=self.band_fill)
                # Not wrapped, so the title runs on over the empty band (merged cells would be refused on reading).
                ws.cell(row=row, column=1).alignment = self.nowrap
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
        self.finish(ws)

    def _question_row(self, ws, row: int, fact: Fact, answer, citations: list[str]) -> None:
        question = fact.question + (f"\n\nNote: {fact.help}" if fact.help else "")
        self.put(ws, row, L.Q["group"], fact.group)
        self.put(ws, row, L.Q["id"], fact.id)
        self.put(ws, row, L.Q["question"], question)
        value = None
        if answer is not None and fact.type != "choices":
            value = (L.YES if answer.value else L.NO) if fact.type == "yes_no" else answer.value
        if fact.type == "choices":
            self.put(ws, row, L.Q["answer"], L.EACH_OPTION, fill=self.locked_fill)
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
        self.finish(ws)

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
            self.put(ws, row, L.Q[col], None, fill=self.locked_fill)
        self.put(ws, row, L.Q["accepts"], "yes / no (blank: not known)")


def _fit_rows(ws) -> None:
    """Give each row the height its wrapped text needs. Excel and LibreOffice do not grow rows
    for wrapped text when they open a file, so without this the text of a printout overlaps."""
    import math

    from openpyxl.utils import get_column_letter

    widths = {}
    for row in ws.iter_rows():
        lines = 1
        for cell in row:
            if not isinstance(cell.value, str) or not cell.value or not cell.alignment.wrap_text:
                continue                   # an unwrapped title runs on along its row
            col = cell.column
            if col not in widths:
                widths[col] = ws.column_dimensions[get_column_letter(col)].width or 10
            per_line = max(int(widths[col] * 1.2), 1)     # characters of 11-point text per line, roughly
            lines = max(lines, sum(max(1, math.ceil(len(part) / per_line)) for part in cell.value.split("\n")))
        if lines > 1:
            ws.row_dimensions[row[0].row].height = min(15 * lines, 409)   # 409 points: Excel's largest row


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

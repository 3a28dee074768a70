"""The tests' reference for render/ooxml.py: the same writing interface (Workbook, its sheets and
styles), carried out by openpyxl, the library that wrote firearms-gap's workbooks before it wrote
them itself. tests/test_xlsx_writer.py lays out the same report or questionnaire with each writer
(the layout code is the same: only the writer differs), reads both files back with openpyxl and
compares them cell by cell. So what is tested is the writer: that the XML it makes means to a
reader what openpyxl's does.
"""
from __future__ import annotations

import io
import math

from openpyxl import Workbook as _Book
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation

from firearms_gap.render import ooxml


class Workbook:
    """ooxml.Workbook's interface; the file is made by openpyxl when it is closed."""

    def __init__(self, stamp, *, font=("Calibri", 11), creator: str = "firearms-gap", title: str | None = None,
                 lock_structure: bool = False):
        self.book = _Book()
        self.book.remove(self.book.active)
        self.book.properties.creator = creator
        self.book.properties.created = self.book.properties.modified = stamp.replace(tzinfo=None)
        if title:
            self.book.properties.title = title
        if lock_structure:
            self.book.security = WorkbookProtection(lockStructure=True)
        self.font = font
        self.styles: list[dict] = []

    def style(self, *, bold: bool = False, fill: str | None = None, wrap: bool = True, border: str | None = None,
              locked: bool = True, text: bool = False) -> int:
        side = Side(style="thin", color="00" + border) if border else None
        self.styles.append({
            "font": Font(name=self.font[0], size=self.font[1], bold=bold),
            "fill": PatternFill("solid", fgColor="00" + fill) if fill else None,
            "alignment": Alignment(vertical="top", wrap_text=wrap),
            "border": Border(left=side, right=side, top=side, bottom=side) if side else None,
            "protection": Protection(locked=locked),
            "number_format": "@" if text else None,
        })
        return len(self.styles) - 1

    def sheet(self, name: str, *, widths, rows: int, freeze: str | None = None, page=None, protect: bool = False):
        return _Sheet(self, name, widths, rows, freeze, page or ooxml.PageSetup(), protect)

    def take(self) -> bytes:
        return b""

    def close(self) -> bytes:
        out = io.BytesIO()
        self.book.save(out)
        return out.getvalue()

    def discard(self) -> None:
        pass


class _Sheet:
    def __init__(self, book: Workbook, name: str, widths, rows: int, freeze, page, protect: bool):
        self.book, self.announced, self.written, self.widths = book, rows, 0, list(widths)
        self.ws = book.book.create_sheet(name)
        self.validations: list = []
        for col, width in enumerate(widths, 1):
            self.ws.column_dimensions[get_column_letter(col)].width = width
        if freeze and freeze != "A1":
            self.ws.freeze_panes = freeze
        _print_setup(self.ws, page)
        if protect:
            self.ws.protection.sheet = True
            self.ws.protection.formatColumns = False     # False = allowed
            self.ws.protection.formatRows = False

    def row(self, values, styles, height: float | None = None) -> None:
        self.written += 1
        if isinstance(styles, int):
            styles = [styles] * len(values)
        for col, (value, style) in enumerate(zip(values, styles), 1):
            if style is None:
                continue
            cell = self.ws.cell(self.written, col)
            if isinstance(value, str) and value:
                cell.value = ooxml._NOT_XML.sub("\ufffd", value)
                cell.data_type = "s"                     # a string, never a formula
            elif isinstance(value, (int, float)) and not isinstance(value, bool) and not math.isfinite(value):
                cell.value = str(value)
            elif value != "":
                cell.value = value
            for attribute, setting in self.book.styles[style].items():
                if setting is not None:
                    setattr(cell, attribute, setting)
        if height is not None:
            self.ws.row_dimensions[self.written].height = height

    def close(self, autofilter: bool = False) -> None:
        assert self.written == self.announced, (self.written, self.announced)
        if autofilter:
            self.ws.auto_filter.ref = f"A1:{get_column_letter(len(self.widths))}{max(self.written, 2)}"
        for v in self.validations:
            if not v.cells:
                continue
            dv = DataValidation(type=v.kind, formula1=v.formula1, formula2=v.formula2, operator=v.operator,
                                allow_blank=True, showErrorMessage=True, errorStyle=v.error_style)
            dv.error, dv.errorTitle = v.error or None, v.error_title or None
            if v.prompt:
                dv.prompt, dv.showInputMessage = v.prompt, True
            for ref in v.cells:
                dv.add(ref)
            self.ws.add_data_validation(dv)


def _print_setup(ws, page) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 1 if page.one_page else 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = True
    m = ws.page_margins
    m.left, m.right, m.top, m.bottom, m.header, m.footer = page.margins
    if page.title_rows:
        ws.print_title_rows = "1:1"
    if page.footer:
        ws.oddFooter.left.text = page.footer[0].replace("&", "&&")
        ws.oddFooter.right.text = page.footer[1]

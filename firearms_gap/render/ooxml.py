"""Deterministic bytes of an Office Open XML package (the xlsx report, the questionnaire, the Word
report): the same document gives the same bytes, whatever the clock says.

`Workbook` writes a SpreadsheetML workbook itself, one row at a time, straight into the zip: the
two workbooks firearms-gap makes use a dozen cell styles, inline text and numbers, and nothing
else (no formulas, no shared strings, no charts), which is a page of XML. openpyxl, which did
this before, cost more than the whole check (~150 ms to import, ~20 us a cell), and still reads
every workbook a user gives (questionnaire/, with its checks of hostile files). The tests lay out
each workbook twice, written by this and by openpyxl behind the same interface
(tests/openpyxl_writer.py), read both back with openpyxl and compare them cell by cell.

Safety: text is always an inline string, never a formula (a cell starting with '=' stays text);
characters XML cannot carry are replaced. Deterministic: fixed document dates and zip entry
times, parts in a fixed order, so the same input gives the same bytes.
"""
from __future__ import annotations

import io
import math
import re
from datetime import datetime

from firearms_gap.questionnaire.layout import col_letter   # 1 -> A, 27 -> AA: one spelling for writer and reader
from firearms_gap.render.zip_writer import ZipWriter

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
TEXT_FORMAT = 49            # the built-in number format "@": typed text stays text
# What XML 1.0 cannot carry at all (most control characters, lone surrogates, U+FFFE/U+FFFF).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SPECIAL = re.compile("[&<>\"\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")   # what escape changes
_FLUSH_BYTES = 1 << 18      # text of a sheet collected before it goes to the zip
# zlib level of a workbook's parts: deflating a check's ~275 kB of sheets took 4.6 ms at the default
# level (6) and takes 1.7 ms at 1, for a file a fifth larger (36 -> 44 kB); a 5,000-file comparison
# deflates ~1.3 GB. The Word report's parts use it too (word_template).
FAST_DEFLATE = 1
# Excel's limits on a sheet: rows 1 to 1,048,576, columns A to XFD. Excel refuses (or cuts) a file
# with a sheet past them, so the writer refuses to make one: a caller splits its table (xlsx.py).
MAX_ROWS = 1_048_576
MAX_COLUMNS = 16_384
# A sheet of more rows than this is stored with Zip64 sizes, which a part over 4 GiB needs: its
# size is not known when its entry starts (rows are written as they come).
_ZIP64_ROWS = 100_000


def zip_entries(entries, stamp: datetime, compresslevel: int | None = None) -> bytes:
    """A zip of (name, bytes) entries, in their order, every entry with the same fixed time (the
    Word report, whose parts python-docx gives)."""
    out = io.BytesIO()
    z = ZipWriter(out, stamp.timetuple()[:6], descriptors=False)
    for name, data in entries:
        z.writestr(name, data, level=compresslevel)
    z.close()
    return out.getvalue()


def escape(text: str) -> str:
    """Text for XML content or a double-quoted attribute."""
    if not _SPECIAL.search(text):
        return text                     # most text: one search, no copy
    if _NOT_XML.search(text):
        text = _NOT_XML.sub("\ufffd", text)
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
            .replace("\r", "&#13;"))


class Validation:
    """A data validation (a drop-down list, a number or year check) on the cells added to it."""

    def __init__(self, kind: str, formula1: str, formula2: str | None = None, *, operator: str | None = None,
                 error: str = "", error_title: str = "", prompt: str = "", error_style: str | None = None):
        self.kind, self.formula1, self.formula2, self.operator = kind, formula1, formula2, operator
        self.error, self.error_title, self.prompt, self.error_style = error, error_title, prompt, error_style
        self.cells: list[str] = []

    def add(self, ref: str) -> None:
        self.cells.append(ref)

    def xml(self) -> str:
        attrs = [f'type="{self.kind}"']
        if self.operator:
            attrs.append(f'operator="{self.operator}"')
        if self.error_style:
            attrs.append(f'errorStyle="{self.error_style}"')
        attrs += ['allowBlank="1"', 'showErrorMessage="1"']
        if self.prompt:
            attrs.append('showInputMessage="1"')
        for name, value in (("errorTitle", self.error_title), ("error", self.error), ("prompt", self.prompt)):
            if value:
                attrs.append(f'{name}="{escape(value)}"')
        attrs.append(f'sqref="{" ".join(self.cells)}"')
        formulas = f"<formula1>{escape(self.formula1)}</formula1>"
        if self.formula2 is not None:
            formulas += f"<formula2>{escape(self.formula2)}</formula2>"
        return f"<dataValidation {' '.join(attrs)}>{formulas}</dataValidation>"


class PageSetup:
    """How a sheet prints: A4 landscape, fitted to the page width (and height, for one_page),
    gridlines printed, the header row repeated on every page (title_rows), a footer."""

    def __init__(self, *, one_page: bool = False, title_rows: bool = True, margins=(0.75, 0.75, 1, 1, 0.5, 0.5),
                 footer: tuple[str, str] | None = None):
        self.one_page, self.title_rows, self.margins, self.footer = one_page, title_rows, margins, footer

    def xml(self) -> str:
        left, right, top, bottom, header, footer = (f"{m:g}" for m in self.margins)
        out = (f'<printOptions gridLines="1"/><pageMargins left="{left}" right="{right}" top="{top}" '
               f'bottom="{bottom}" header="{header}" footer="{footer}"/><pageSetup paperSize="9" '
               f'orientation="landscape" fitToWidth="1" fitToHeight="{1 if self.one_page else 0}"/>')
        if self.footer:
            # '&' starts a code in a footer ('&P': the page number): a literal one is '&&'.
            left_text, right_text = escape(self.footer[0].replace("&", "&&")), escape(self.footer[1])
            out += f"<headerFooter><oddFooter>&amp;L{left_text}&amp;R{right_text}</oddFooter></headerFooter>"
        return out


# Sheet protection without a password, as openpyxl wrote it: cells locked, columns and rows may
# be resized, nothing else changed.
_PROTECTION = ('<sheetProtection sheet="1" objects="0" scenarios="0" formatCells="1" formatColumns="0" '
               'formatRows="0" insertColumns="1" insertRows="1" insertHyperlinks="1" deleteColumns="1" '
               'deleteRows="1" selectLockedCells="0" sort="1" autoFilter="1" pivotTables="1" '
               'selectUnlockedCells="0"/>')


class Sheet:
    """One worksheet, written as its rows come. Open it with Workbook.sheet; write exactly the
    announced number of rows with `row`; `close` it (autofilter, validations) before the next."""

    def __init__(self, book: "Workbook", index: int, name: str, widths, rows: int, freeze: str | None,
                 page: PageSetup, protect: bool):
        if len(widths) > MAX_COLUMNS or rows > MAX_ROWS:
            raise ValueError(f"sheet {name}: {len(widths):,} columns and {rows:,} rows; Excel opens at most "
                             f"{MAX_COLUMNS:,} columns and {MAX_ROWS:,} rows a sheet")
        self.book, self.name, self.page, self.protect = book, name, page, protect
        self.announced, self.written = rows, 0
        self.letters = [col_letter(c) for c in range(1, len(widths) + 1)]
        self.last = f"{self.letters[-1]}{max(rows, 1)}"
        self.validations: list[Validation] = []
        self._parts: list[str] = []
        self._size = 0
        self._stream = book._zip.open(f"xl/worksheets/sheet{index}.xml", force_zip64=rows > _ZIP64_ROWS)
        cols = "".join(f'<col min="{c}" max="{c}" width="{w:g}" customWidth="1"/>' for c, w in enumerate(widths, 1))
        self._write(f'{DECLARATION}<worksheet xmlns="{MAIN}"><sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
                    f'<dimension ref="A1:{self.last}"/><sheetViews><sheetView workbookViewId="0">{_pane(freeze)}'
                    f'</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols><sheetData>')

    def row(self, values, styles, height: float | None = None) -> None:
        """The next row: its values (str, int, float, bool or None: an empty cell that keeps its
        style) and one style (Workbook.style) per value, or one for all; a style of None leaves
        the cell out."""
        self.written += 1
        n = self.written
        if isinstance(styles, int):
            styles = [styles] * len(values)
        parts = [f'<row r="{n}" ht="{height:g}" customHeight="1">' if height is not None else f'<row r="{n}">']
        for letter, value, style in zip(self.letters, values, styles):
            if style is None:
                continue
            ref = f'<c r="{letter}{n}" s="{style}"'
            if value is None or value == "":
                parts.append(ref + "/>")
            elif isinstance(value, bool):
                parts.append(f'{ref} t="b"><v>{int(value)}</v></c>')
            elif isinstance(value, (int, float)) and not isinstance(value, str) and math.isfinite(value):
                parts.append(f"{ref}><v>{value!r}</v></c>")
            else:
                text = str(value)               # a string; anything else (inf, nan) as the text it reads as
                space = ' xml:space="preserve"' if text[0].isspace() or text[-1].isspace() else ""
                parts.append(f'{ref} t="inlineStr"><is><t{space}>{escape(text)}</t></is></c>')
        parts.append("</row>")
        text = "".join(parts)
        self._parts.append(text)
        self._size += len(text)
        if self._size > _FLUSH_BYTES:
            self._flush()

    def close(self, autofilter: bool = False) -> None:
        if self.written != self.announced:
            raise RuntimeError(f"sheet {self.name}: {self.written} rows written, {self.announced} announced")
        tail = ["</sheetData>"]
        if self.protect:
            tail.append(_PROTECTION)
        if autofilter:
            tail.append(f'<autoFilter ref="{self._filter_ref()}"/>')
        used = [v for v in self.validations if v.cells]
        if used:
            tail.append(f'<dataValidations count="{len(used)}">{"".join(v.xml() for v in used)}</dataValidations>')
        tail += [self.page.xml(), "</worksheet>"]
        self._write("".join(tail))
        self._flush()
        self._stream.close()
        self._stream = None
        self.book._closed(self, autofilter)

    def _filter_ref(self) -> str:
        return f"A1:{self.letters[-1]}{max(self.written, 2)}"

    def _write(self, text: str) -> None:
        self._parts.append(text)
        self._size += len(text)

    def _flush(self) -> None:
        self._stream.write("".join(self._parts).encode("utf-8"))
        self._parts.clear()
        self._size = 0


def _pane(freeze: str | None) -> str:
    """The frozen rows and columns above and left of a cell such as 'C2'."""
    if not freeze or freeze == "A1":
        return '<selection activeCell="A1" sqref="A1"/>'
    letters = freeze.rstrip("0123456789")
    columns = sum((ord(ch) - 64) * 26 ** i for i, ch in enumerate(reversed(letters)))
    x, y = columns - 1, int(freeze[len(letters):]) - 1
    pane = "bottomRight" if x and y else "bottomLeft" if y else "topRight"
    split = (f'xSplit="{x}" ' if x else "") + (f'ySplit="{y}" ' if y else "")
    return (f'<pane {split}topLeftCell="{freeze}" activePane="{pane}" state="frozen"/>'
            f'<selection pane="{pane}" activeCell="A1" sqref="A1"/>')


class Workbook:
    """A workbook written straight into a zip: `style` the cells, open each `sheet` in turn, write
    its rows and close it, then `close` the workbook for the rest of its bytes. `take` hands over
    the bytes made so far (a large workbook is written to the output while it is made)."""

    def __init__(self, stamp: datetime, *, font: tuple[str, float] = ("Calibri", 11), creator: str = "firearms-gap",
                 title: str | None = None, lock_structure: bool = False):
        self.stamp, self.creator, self.title, self.lock_structure = stamp, creator, title, lock_structure
        self._out = _Sink()
        self._zip = ZipWriter(self._out, stamp.timetuple()[:6], FAST_DEFLATE)
        name, size = font
        self._font = f'<name val="{escape(name)}"/><family val="2"/><sz val="{size:g}"/>'
        self._fills = ['<fill><patternFill patternType="none"/></fill>', '<fill><patternFill patternType="gray125"/></fill>']
        self._borders = ["<border><left/><right/><top/><bottom/><diagonal/></border>"]
        self._xfs = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>']
        self._styles: dict[tuple, int] = {}
        self._sheets: list[tuple[str, bool, bool]] = []     # name, autofilter, title rows
        self._open: Sheet | None = None

    def style(self, *, bold: bool = False, fill: str | None = None, wrap: bool = True, border: str | None = None,
              locked: bool = True, text: bool = False) -> int:
        """The number of a cell style: top-aligned, wrapped or not, bold or not, an RRGGBB fill, a
        thin border of an RRGGBB colour, unlocked (a cell to fill in on a protected sheet), typed
        as text (number format '@')."""
        key = (bold, fill, wrap, border, locked, text)
        if key not in self._styles:
            fill_id = 0
            if fill:
                fill_id = len(self._fills)
                self._fills.append(f'<fill><patternFill patternType="solid"><fgColor rgb="00{fill}"/>'
                                   f'<bgColor indexed="64"/></patternFill></fill>')
            border_id = 0
            if border:
                side = f'style="thin"><color rgb="00{border}"/>'
                border_id = len(self._borders)
                self._borders.append(f"<border><left {side}</left><right {side}</right><top {side}</top>"
                                     f"<bottom {side}</bottom><diagonal/></border>")
            applied = "".join(f' apply{what}="1"' for what, on in (
                ("NumberFormat", text), ("Font", bold), ("Fill", fill), ("Border", border),
                ("Alignment", True), ("Protection", not locked)) if on)
            xf = (f'<xf numFmtId="{TEXT_FORMAT if text else 0}" fontId="{1 if bold else 0}" fillId="{fill_id}" '
                  f'borderId="{border_id}" xfId="0"{applied}><alignment vertical="top"'
                  + (' wrapText="1"/>' if wrap else "/>") + ("" if locked else '<protection locked="0"/>') + "</xf>")
            self._styles[key] = len(self._xfs)
            self._xfs.append(xf)
        return self._styles[key]

    def sheet(self, name: str, *, widths, rows: int, freeze: str | None = None, page: PageSetup | None = None,
              protect: bool = False) -> Sheet:
        """Open the next sheet: its column widths (characters of the default font), the number of
        rows it will have, the top-left cell of what scrolls (freeze), how it prints."""
        if self._open is not None:
            raise RuntimeError(f"sheet {self._open.name} is still open")
        self._open = Sheet(self, len(self._sheets) + 1, name, widths, rows, freeze, page or PageSetup(), protect)
        return self._open

    def take(self) -> bytes:
        """The bytes written since the last take."""
        return self._out.take()

    def close(self) -> bytes:
        """Write the parts that describe the sheets; the last bytes of the file."""
        if self._open is not None:
            raise RuntimeError(f"sheet {self._open.name} is still open")
        z = self._zip
        n = len(self._sheets)
        z.writestr("xl/workbook.xml", self._workbook_xml())
        z.writestr("xl/_rels/workbook.xml.rels", _relationships(
            [(f"rId{i}", f"{REL}/worksheet", f"worksheets/sheet{i}.xml") for i in range(1, n + 1)]
            + [(f"rId{n + 1}", f"{REL}/styles", "styles.xml")]))
        z.writestr("xl/styles.xml", self._styles_xml())
        stamp = self.stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
        title = f"<dc:title>{escape(self.title)}</dc:title>" if self.title else ""
        z.writestr("docProps/core.xml", (
            f'{DECLARATION}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
            'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            f'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>{escape(self.creator)}</dc:creator>'
            f'{title}<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified></cp:coreProperties>'))
        z.writestr("docProps/app.xml", (
            f'{DECLARATION}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            'extended-properties"><Application>firearms-gap</Application></Properties>'))
        z.writestr("_rels/.rels", _relationships([
            ("rId1", f"{REL}/officeDocument", "xl/workbook.xml"),
            ("rId2", f"{PACKAGE_REL}/metadata/core-properties", "docProps/core.xml"),
            ("rId3", f"{REL}/extended-properties", "docProps/app.xml")]))
        overrides = ([("/xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
                      ("/xl/styles.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"),
                      ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
                      ("/docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml")]
                     + [(f"/xl/worksheets/sheet{i}.xml", SHEET_TYPE) for i in range(1, n + 1)])
        z.writestr("[Content_Types].xml", (
            f'{DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            + "".join(f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in overrides) + "</Types>"))
        z.close()
        return self._out.take()

    def discard(self) -> None:
        """After a failure: close what is open and let go of what was written (all of it is in
        memory: nothing is left on disk)."""
        for close in ((self._open and self._open._stream and self._open._stream.close), self._zip.close):
            try:
                if close:
                    close()
            except Exception:  # noqa: BLE001 - already failing; the first error is the one to report
                pass
        self._open = None
        self._out.take()

    def _closed(self, sheet: Sheet, autofilter: bool) -> None:
        self._sheets.append((sheet.name, sheet._filter_ref() if autofilter else None, sheet.page.title_rows))
        self._open = None

    def _workbook_xml(self) -> str:
        sheets, names = [], []
        for i, (name, filter_ref, title_rows) in enumerate(self._sheets):
            sheets.append(f'<sheet name="{escape(name)}" sheetId="{i + 1}" r:id="rId{i + 1}"/>')
            quoted = "'" + escape(name).replace("'", "''") + "'"
            if filter_ref:
                a, b = filter_ref.split(":")
                ref = "$" + re.sub(r"(\d)", r"$\1", a, count=1) + ":$" + re.sub(r"(\d)", r"$\1", b, count=1)
                names.append(f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">'
                             f'{quoted}!{ref}</definedName>')
            if title_rows:
                names.append(f'<definedName name="_xlnm.Print_Titles" localSheetId="{i}">{quoted}!$1:$1</definedName>')
        protection = '<workbookProtection lockStructure="1"/>' if self.lock_structure else ""
        defined = f"<definedNames>{''.join(names)}</definedNames>" if names else ""
        return (f'{DECLARATION}<workbook xmlns="{MAIN}" xmlns:r="{REL}"><workbookPr/>{protection}'
                f'<bookViews><workbookView activeTab="0"/></bookViews><sheets>{"".join(sheets)}</sheets>{defined}'
                '<calcPr calcId="124519"/></workbook>')

    def _styles_xml(self) -> str:
        fonts = f"<font>{self._font}</font><font><b/>{self._font}</font>"
        return (f'{DECLARATION}<styleSheet xmlns="{MAIN}"><fonts count="2">{fonts}</fonts>'
                f'<fills count="{len(self._fills)}">{"".join(self._fills)}</fills>'
                f'<borders count="{len(self._borders)}">{"".join(self._borders)}</borders>'
                '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
                f'<cellXfs count="{len(self._xfs)}">{"".join(self._xfs)}</cellXfs>'
                '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
                '<dxfs count="0"/><tableStyles count="0"/></styleSheet>')


def _relationships(rels) -> str:
    return (f'{DECLARATION}<Relationships xmlns="{PACKAGE_REL}">'
            + "".join(f'<Relationship Id="{i}" Type="{t}" Target="{target}"/>' for i, t, target in rels)
            + "</Relationships>")


class _Sink:
    """Where the zip goes: bytes kept until taken. It cannot seek, so the zip gives each entry's
    sizes after its data (a data descriptor) and nothing written need be kept to go back to."""

    def __init__(self):
        self._pieces: list[bytes] = []
        self._position = 0

    def write(self, data) -> int:
        data = bytes(data)
        self._pieces.append(data)
        self._position += len(data)
        return len(data)

    def tell(self) -> int:
        return self._position

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self._pieces)
        self._pieces.clear()
        return data

"""What a workbook must pass before openpyxl opens it.

An .xlsx is a zip of XML files, and a hostile one can be a zip bomb, carry macros, link to
other workbooks, declare XML entities, hide sheets or merge cells over the answers. Each is
refused here, from the zip directory and the small workbook index alone, with a message that
names the file (and the sheet) - before any sheet is parsed. Python's zipfile never inflates a
member past the size its directory entry declares, so checking the declared sizes bounds the
memory and time of everything that follows.

Nothing here prints or imports click.
"""
from __future__ import annotations

import io
import re
import zipfile
import zlib

from firearms_gap.diagnostics import InputError

MAX_MEMBERS = 500
# The questionnaire of every bundled ruleset unpacks to ~220 kB (its Questions sheet ~180 kB):
# these limits leave room for much larger custom rulesets and keep a hostile file's cost small.
MAX_MEMBER = 8 * 1024 * 1024         # uncompressed bytes of any one part (a sheet, the shared strings)
MAX_TOTAL = 24 * 1024 * 1024         # uncompressed bytes of the whole workbook
OLE_MAGIC = b"\xd0\xcf\x11\xe0"      # old .xls, and any password-encrypted workbook
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)"')
# A row or column element's attributes (<row r="5" hidden="1">, <col min="2" max="3" hidden="1"/>):
# the attributes come in any order, so the element is matched first and read second.
_ROW_OR_COL = re.compile(rb'<(?:\w+:)?(row|col)\b([^>]{0,2000})>')
_HIDDEN = re.compile(rb'\bhidden\s*=\s*["\'](?:1|true)["\']')
_NUMBER = {b"row": re.compile(rb'\br\s*=\s*["\']([0-9]{1,7})["\']'),
           b"col": re.compile(rb'\bmin\s*=\s*["\']([0-9]{1,5})["\'][^>]*?\bmax\s*=\s*["\']([0-9]{1,5})["\']'
                              rb'|\bmax\s*=\s*["\']([0-9]{1,5})["\'][^>]*?\bmin\s*=\s*["\']([0-9]{1,5})["\']')}
_CHUNK = 1 << 20
# What unpacking a damaged part can raise: a bad CRC or header, bad deflate data, a short file.
UNPACKING_ERRORS = (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, RuntimeError)


def open_zip(raw: bytes, name: str) -> zipfile.ZipFile:
    """The workbook as a zip, after the checks that need only its directory."""
    if raw.startswith(OLE_MAGIC):
        raise InputError.single(name, "an old-format (.xls) or password-protected workbook: save it as an Excel "
                                      "Workbook (.xlsx) without a password")
    if not raw.startswith(b"PK\x03\x04"):
        raise InputError.single(name, "not an Excel workbook (.xlsx is a zip file, and this is not one); save it "
                                      "from Excel as Excel Workbook (.xlsx)")
    try:
        zf = zipfile.ZipFile(io.BytesIO(raw))
        infos = zf.infolist()
    except (zipfile.LargeZipFile, *UNPACKING_ERRORS) as e:
        raise InputError.single(name, f"damaged workbook, cannot be opened as a zip file ({e})") from None
    if len(infos) > MAX_MEMBERS:
        raise InputError.single(name, f"the workbook holds {len(infos):,} parts; a questionnaire has a few "
                                      f"dozen (limit {MAX_MEMBERS})")
    total = 0
    for info in infos:
        lower = info.filename.lower()
        if info.flag_bits & 0x1:
            raise InputError.single(name, f"part {info.filename!r} is encrypted; save the workbook without a password")
        # Not every .bin part is code: Excel on Windows saves the printer settings as one.
        if "vbaproject" in lower or lower.startswith(("xl/macrosheets/", "xl/dialogsheets/", "xl/activex/")):
            raise InputError.single(name, "the workbook contains macros or ActiveX controls; a questionnaire has "
                                          "none: save it as Excel Workbook (.xlsx), not .xlsm")
        if lower.startswith("xl/externallinks/"):
            raise InputError.single(name, "the workbook links to another workbook (copied cells keep such links); "
                                          "paste values only, or use Data > Edit Links > Break Link, and save again")
        if info.file_size > MAX_MEMBER:
            raise InputError.single(name, f"part {info.filename!r} unpacks to {info.file_size:,} bytes (limit "
                                          f"{MAX_MEMBER:,}): far larger than any questionnaire")
        total += info.file_size
        if total > MAX_TOTAL:
            raise InputError.single(name, f"the workbook unpacks to more than {MAX_TOTAL:,} bytes: far larger "
                                          "than any questionnaire")
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names:
        raise InputError.single(name, "a zip file but not an Excel workbook (no xl/workbook.xml); save it from "
                                      "Excel as Excel Workbook (.xlsx)")
    try:
        content_types = zf.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
        for info in infos:
            if info.filename.endswith((".xml", ".rels", ".vml")):
                with zf.open(info) as part:
                    head = part.read(4096)
                if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                    raise InputError.single(name, f"part {info.filename!r} declares a DOCTYPE or XML entities, "
                                                  "which no Excel workbook does; refused")
    except UNPACKING_ERRORS as e:
        raise InputError.single(name, f"damaged workbook, a part cannot be unpacked ({e})") from None
    if b"macroEnabled" in content_types:
        raise InputError.single(name, "a macro-enabled workbook (.xlsm); save it as Excel Workbook (.xlsx)")
    return zf


def sheet_parts(zf: zipfile.ZipFile, name: str) -> list[tuple[str, str, str]]:
    """(sheet name, state, part path) of every sheet, from xl/workbook.xml and its relationships."""
    import xml.etree.ElementTree as ET

    ns_main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    ns_rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    try:
        book = ET.fromstring(zf.read("xl/workbook.xml"))
        rels = ET.fromstring(zf.read("xl/_rels/workbook.xml.rels")) if "xl/_rels/workbook.xml.rels" in \
            zf.namelist() else None
    except (ET.ParseError, *UNPACKING_ERRORS) as e:
        raise InputError.single(name, f"damaged workbook: its index (xl/workbook.xml) cannot be read ({e})") from None
    targets = {}
    for rel in (rels if rels is not None else ()):
        target = rel.get("Target", "")
        targets[rel.get("Id")] = target.lstrip("/") if target.startswith("/") else "xl/" + target
    out = []
    for sheet in book.iter(f"{ns_main}sheet"):
        out.append((sheet.get("name", ""), sheet.get("state", "visible"), targets.get(sheet.get(f"{ns_rel}id"), "")))
    return out


def _scan(zf: zipfile.ZipFile, part: str, pattern: re.Pattern) -> list[tuple]:
    """The groups of every match of pattern in a sheet part, read in chunks (a sheet may be
    large); a match that straddles two chunks is found in the overlap, and each is kept once."""
    found: dict[int, tuple] = {}
    offset, tail = 0, b""
    try:
        with zf.open(part) as stream:
            while True:
                chunk = stream.read(_CHUNK)
                if not chunk:
                    break
                data = tail + chunk
                start = offset - len(tail)
                for m in pattern.finditer(data):
                    found.setdefault(start + m.start(), m.groups())
                offset += len(chunk)
                tail = data[-2304:]      # longer than any match: an element of 2,000 characters of attributes
    except KeyError:
        return []
    return list(found.values())


def merged_ranges(zf: zipfile.ZipFile, part: str) -> list[str]:
    """The merged ranges a sheet part declares."""
    return list(dict.fromkeys(ref.decode("ascii") for ref, in _scan(zf, part, _MERGE)))


def hidden_rows_and_columns(zf: zipfile.ZipFile, part: str) -> list[str]:
    """The hidden rows ("5:5") and columns ("C:D") a sheet part declares: hidden by hand, by a
    filter or by collapsing an outline, an answer there is one the person who filled the
    questionnaire may never have seen."""
    from firearms_gap.questionnaire.layout import col_letter

    out = []
    for kind, attributes in _scan(zf, part, _ROW_OR_COL):
        if not _HIDDEN.search(attributes):
            continue
        number = _NUMBER[kind].search(attributes)
        if kind == b"row":
            out.append(f"{int(number.group(1))}:{int(number.group(1))}" if number else "a row")
        elif number:
            low, high = (number.group(1), number.group(2)) if number.group(1) else (number.group(4), number.group(3))
            out.append(f"{col_letter(int(low))}:{col_letter(int(high))}")
        else:
            out.append("a column")
    return list(dict.fromkeys(out))

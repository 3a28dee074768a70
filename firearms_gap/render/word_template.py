"""The Word report's package around its body: python-docx's template with our page, styles and
properties, shipped made (`word-template.docx`), so that a Word report does not import python-docx.

Why: importing python-docx and lxml, opening its template and serialising its parts cost ~55 ms of
CPU, more than the whole JSON of the same check; the body itself is our own text (formats/docx.py).
Every part but the body and the title and dates is the same for every report, so it is made once,
by python-docx, and kept: `fill` puts a body, a title and a date into it.

`with_python_docx` is the straightforward way (python-docx builds the package for each report):
`make()` makes the shipped template with it, and the tests check that `fill` gives the same bytes
and that the shipped template is what python-docx makes (`UPDATE_GOLDEN=1 python -m pytest
tests/test_docx.py` remakes it when python-docx, the page or the properties change).
"""
from __future__ import annotations

import os
import re
import struct
import zlib
from binascii import crc32
from datetime import datetime

from firearms_gap.render.escape import markup
from firearms_gap.render.ooxml import FAST_DEFLATE, zip_entries

TEMPLATE = os.path.join(os.path.dirname(__file__), "word-template.docx")

# Word's built-in styles the body uses, by name, and their ids in python-docx's template (tested).
STYLE_IDS = {"Title": "Title", "Heading 1": "Heading1", "Heading 2": "Heading2", "List Bullet": "ListBullet",
             "Table Grid": "TableGrid"}
TABLE_TEXT_POINTS = 9                 # in tables, through the table style (Table Grid)

_DOCUMENT = "word/document.xml"
_CORE = "docProps/core.xml"
_SECTION = b"<w:sectPr"               # the page's section properties, the last child of the body
# What the template holds in place of the title and the dates (the template is made with them).
_TITLE_MARK = "firearms-gap-title-of-the-report"
_TIME_MARK = datetime(2000, 1, 1, 0, 0, 0)
_DATE_FORMAT = "%Y-%m-%dT%H:%M:%SZ"   # python-docx's W3CDTF dates
# XML 1.0 cannot hold these at all (lxml refuses them); findings.clean already replaces the C0/C1
# controls and bidi marks.
NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")


def fill(body: bytes, title: str, stamp: datetime) -> bytes:
    """The report's bytes: the shipped template with the body (WordprocessingML text) before the
    page's section properties, the title and the date in the document's properties."""
    entries = template_entries()
    date = stamp.strftime(_DATE_FORMAT).encode("ascii")
    out = []
    for name, blob in entries:
        if name == _DOCUMENT:
            blob = _insert_body(blob, body)
        elif name == _CORE:
            # lxml's escaping of element text: & < > (the title is one line, cleaned, at most 255 characters).
            text = markup(NOT_XML.sub("\ufffd", title), quote=False).encode("utf-8")
            blob = blob.replace(_TITLE_MARK.encode("ascii"), text, 1) \
                       .replace(_TIME_MARK.strftime(_DATE_FORMAT).encode("ascii"), date)
        out.append((name, blob))
    return zip_entries(out, stamp, compresslevel=FAST_DEFLATE)


def template_entries() -> list[tuple[str, bytes]]:
    """The shipped template's entries (name, bytes), in its order: found through its central
    directory, each inflated and its CRC checked.

    Not zipfile: importing it imports pathlib, urllib.parse, shutil, bz2 and lzma (~26 M instructions of
    every Word report), to read a file this package made and ships, deflated or stored and nothing
    else (tests/test_docx.py: read as zipfile reads it). A zip from outside (a questionnaire a
    ministry sends back) is always read by zipfile, with its checks of hostile files."""
    with open(TEMPLATE, "rb") as handle:
        raw = handle.read()
    count, _, at = struct.unpack_from("<HLL", raw, raw.rindex(b"PK\x05\x06") + 10)
    entries = []
    for _ in range(count):
        (signature, method, crc, stored_size, size, name_length, extra_length, comment_length,
         offset) = struct.unpack_from("<4s6xH4xL2L3H8xL", raw, at)
        if signature != b"PK\x01\x02" or method not in (0, 8):
            raise RuntimeError(f"{TEMPLATE}: not a template this version wrote")
        name = raw[at + 46:at + 46 + name_length].decode("utf-8")
        at += 46 + name_length + extra_length + comment_length
        local_name, local_extra = struct.unpack_from("<HH", raw, offset + 26)
        start = offset + 30 + local_name + local_extra
        data = raw[start:start + stored_size]
        if method == 8:
            data = zlib.decompress(data, -15)
        if len(data) != size or crc32(data) != crc:
            raise RuntimeError(f"{TEMPLATE}: {name} is damaged")
        entries.append((name, data))
    return entries


def _insert_body(document: bytes, body: bytes) -> bytes:
    if document.count(_SECTION) != 1:
        raise RuntimeError(f"{_DOCUMENT}: the template's body should end with one {_SECTION.decode()}")
    return document.replace(_SECTION, body + _SECTION)


# --- the straightforward way: python-docx builds each package ---------------------------------------

_THUMBNAIL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"
_CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
_RELS_TYPE = "application/vnd.openxmlformats-package.relationships+xml"


def with_python_docx(body: bytes, title: str, stamp: datetime) -> bytes:
    """What `fill` gives, made by python-docx for this report: its template, A4 landscape, tables
    in 9 pt, the properties, no thumbnail, and the package laid out as python-docx's own writer
    does (content types, package relationships, then each part and its relationships), every
    entry with one fixed time and no file attributes (python-docx stamps them with the clock)."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt

    doc = docx.Document()
    if {name: doc.styles[name].style_id for name in STYLE_IDS} != STYLE_IDS:
        raise RuntimeError("python-docx's template names its styles otherwise: update STYLE_IDS")
    s = doc.sections[0]                   # A4 landscape: seven columns need the width
    s.orientation = WD_ORIENT.LANDSCAPE
    s.page_width, s.page_height = Cm(29.7), Cm(21.0)
    s.left_margin = s.right_margin = s.top_margin = s.bottom_margin = Cm(2)
    doc.styles["Table Grid"].font.size = Pt(TABLE_TEXT_POINTS)

    props = doc.core_properties
    props.title = title
    props.author = props.last_modified_by = "firearms-gap"
    props.comments = ""
    props.created = props.modified = stamp
    props.revision = 1
    # python-docx's template carries a thumbnail of another document: a file browser would show it.
    package = doc.part.package
    rels = package.rels
    for rid in [rid for rid, rel in rels.items() if rel.reltype == _THUMBNAIL]:
        del rels[rid]

    from html import escape

    parts = list(package.iter_parts())
    types = "".join(f'<Override PartName="{escape(str(p.partname))}" ContentType="{escape(p.content_type)}"/>'
                    for p in parts)
    entries = [("[Content_Types].xml",
                ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                 f'<Types xmlns="{_CONTENT_TYPES}"><Default Extension="rels" ContentType="{_RELS_TYPE}"/>'
                 f'<Default Extension="xml" ContentType="application/xml"/>{types}</Types>').encode("utf-8")),
               ("_rels/.rels", package.rels.xml)]
    for part in parts:
        blob = part.blob
        if part is doc.part:
            blob = _insert_body(blob, body)
        entries.append((part.partname.membername, blob))
        if len(part.rels):
            entries.append((part.partname.rels_uri.membername, part.rels.xml))
    return zip_entries(entries, stamp, compresslevel=FAST_DEFLATE)


def make() -> bytes:
    """The shipped template: python-docx's package with no body, the marks for title and dates."""
    return with_python_docx(b"", _TITLE_MARK, _TIME_MARK)

"""Deterministic bytes of an Office Open XML package (the xlsx report, the questionnaire, the Word
report): the same document gives the same bytes, whatever the clock says."""
from __future__ import annotations

import io
import shutil
import zipfile
from datetime import datetime


def save_workbook(wb, stamp: datetime) -> bytes:
    """Save without openpyxl's 'modified = now', every zip entry with the same fixed time."""
    from openpyxl.writer.excel import ExcelWriter

    out = io.BytesIO()
    ExcelWriter(wb, _FixedTimeZip(out, stamp.timetuple()[:6])).save()
    return out.getvalue()


def zip_entries(entries, stamp: datetime, compresslevel: int | None = None) -> bytes:
    """A zip of (name, bytes) entries, in their order, every entry with the same fixed time (the
    Word report, whose parts python-docx gives)."""
    out = io.BytesIO()
    with _FixedTimeZip(out, stamp.timetuple()[:6]) as z:
        for name, data in entries:
            z.writestr(name, data, compresslevel=compresslevel)
    return out.getvalue()


class _FixedTimeZip(zipfile.ZipFile):
    """A zip whose entries all have one date and no file attributes (openpyxl names its entries
    and would stamp them with the clock). Sheet files are copied in, never read whole."""

    def __init__(self, file, date_time: tuple):
        super().__init__(file, "w", zipfile.ZIP_DEFLATED)
        self._date_time = date_time

    def _info(self, name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=self._date_time)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.create_system = 0
        info.external_attr = 0
        return info

    def writestr(self, zinfo_or_arcname, data, *args, **kwargs):
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            zinfo_or_arcname = self._info(zinfo_or_arcname)
        super().writestr(zinfo_or_arcname, data, *args, **kwargs)

    def write(self, filename, arcname=None, *args, **kwargs):
        with open(filename, "rb") as src, self.open(self._info(arcname or filename), "w") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)

"""render/zip_writer.py writes the bytes zipfile.ZipFile writes (what wrote every package before it):
the same entries through both, compared byte for byte - the real packages (a check's and a
comparison's workbook, the questionnaire, the Word report) and made-up ones (streamed in pieces,
empty, non-ASCII names, Zip64 entries, and zipfile's limits lowered so that the Zip64 records of
large files and offsets are written by both)."""
from __future__ import annotations

import io
import random
import sys
import zipfile

import pytest
from clirun import invoke_main
from support import EXAMPLES

from firearms_gap.render import ooxml, zip_writer
from firearms_gap.render.zip_writer import ZipWriter

DATE = (2026, 1, 31, 13, 45, 58)
# Before Python 3.11.4 (CPython gh-103861), zipfile wrote an entry opened with force_zip64 with its
# Zip64 sizes in the extra field but not the 0xFFFFFFFF that says so in the header, nor version 4.5:
# a header the zip specification does not allow. zip_writer writes it as zipfile does since.
ZIPFILE_ZIP64_HEADERS_RIGHT = sys.version_info >= (3, 11, 4)


class ZipfileWriter:
    """The same interface, written by zipfile, as ooxml wrote packages before zip_writer."""

    def __init__(self, sink, date_time: tuple, level: int | None = None, *, descriptors: bool = True):
        self._zip = zipfile.ZipFile(sink, "w", zipfile.ZIP_DEFLATED, compresslevel=level)
        self._date_time, self._level = date_time, level

    def _info(self, name: str, level) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=self._date_time)
        info.compress_type = zipfile.ZIP_DEFLATED
        info._compresslevel = level                # the name zipfile reads (3.13 keeps it beside compress_level)
        info.create_system = 0
        info.external_attr = 0
        return info

    def writestr(self, name: str, data, level=None) -> None:
        self._zip.writestr(self._info(name, self._level), data, compresslevel=level)

    def open(self, name: str, *, force_zip64: bool = False, level=None):
        return self._zip.open(self._info(name, self._level if level is None else level), "w", force_zip64=force_zip64)

    def close(self) -> None:
        self._zip.close()


class Unseekable:
    """A sink that cannot go back (as ooxml's): zipfile then writes data descriptors."""

    def __init__(self):
        self.data = bytearray()

    def write(self, b) -> int:
        self.data += b
        return len(b)

    def tell(self) -> int:
        return len(self.data)

    def flush(self) -> None:
        pass


def _both(build, *, descriptors: bool = True, level=None) -> tuple[bytes, bytes]:
    out = []
    for cls in (ZipWriter, ZipfileWriter):
        sink = Unseekable() if descriptors else io.BytesIO()
        z = cls(sink, DATE, level, descriptors=descriptors)
        build(z)
        z.close()
        out.append(bytes(sink.data) if descriptors else sink.getvalue())
    return out[0], out[1]


def _entries(seed: int, n: int = 12):
    rng = random.Random(seed)
    names = ["[Content_Types].xml", "xl/worksheets/sheet1.xml", "docProps/app.xml", "dossier/café ä.xml", "empty.xml"]
    for i in range(n):
        size = rng.choice([0, 1, 50, 4000, 70_000, 300_000])
        text = "".join(rng.choice("<row r=\"1\"><c>Aldoria é ü</c></row>\n") for _ in range(size))
        yield (names[i] if i < len(names) else f"xl/part{i}.xml"), text.encode("utf-8")


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("level", [None, 1, 9])
def test_whole_entries_are_zipfiles_bytes_in_both_modes(seed, level):
    entries = list(_entries(seed))
    for descriptors in (True, False):
        ours, theirs = _both(lambda z: [z.writestr(n, d) for n, d in entries], descriptors=descriptors, level=level)
        assert ours == theirs
        with zipfile.ZipFile(io.BytesIO(ours)) as read:
            assert read.testzip() is None and [(i.filename, read.read(i)) for i in read.infolist()] == [
                (n, d) for n, d in entries]


@pytest.mark.parametrize("zip64", [False, True])
def test_streamed_entries_are_zipfiles_bytes(zip64):
    entries = list(_entries(7, 6))

    def build(z):
        for i, (name, data) in enumerate(entries):
            with z.open(name, force_zip64=zip64, level=1) as stream:
                for at in range(0, len(data), 9_000):
                    stream.write(data[at:at + 9_000])
            z.writestr(f"between{i}.xml", b"<x/>")

    ours, theirs = _both(build, level=1)
    _same_or_read_alike(ours, theirs, zip64)


def _same_or_read_alike(ours: bytes, theirs: bytes, zip64: bool) -> None:
    """Byte for byte; where this Python's zipfile writes Zip64 headers the old way, read alike."""
    if ZIPFILE_ZIP64_HEADERS_RIGHT or not zip64:
        assert ours == theirs
        return
    with zipfile.ZipFile(io.BytesIO(ours)) as a, zipfile.ZipFile(io.BytesIO(theirs)) as b:
        assert a.testzip() is None
        assert [(i.filename, a.read(i)) for i in a.infolist()] == [(i.filename, b.read(i)) for i in b.infolist()]


def test_past_the_zip64_limits_both_write_the_same_zip64_records(monkeypatch):
    """zipfile's limits lowered in both writers: sizes, offsets and the directory past them, and more
    entries than the entry-count limit, as a 3 GB comparison workbook would have them."""
    for module, names in ((zipfile, ("ZIP64_LIMIT", "ZIP_FILECOUNT_LIMIT")),
                          (zip_writer, ("ZIP64_LIMIT", "FILECOUNT_LIMIT"))):
        monkeypatch.setattr(module, names[0], 5_000)
        monkeypatch.setattr(module, names[1], 20)
    entries = list(_entries(11, 30))

    def build(z):
        for i, (name, data) in enumerate(entries):
            if i % 3:
                z.writestr(name, data)
            else:
                with z.open(name, force_zip64=True) as stream:
                    stream.write(data)

    ours, theirs = _both(build)
    assert b"PK\x06\x06" in ours
    _same_or_read_alike(ours, theirs, zip64=True)
    ours, theirs = _both(lambda z: [z.writestr(n, d) for n, d in entries], descriptors=False)
    assert ours == theirs


def test_an_entry_past_the_limit_without_zip64_is_refused(monkeypatch):
    monkeypatch.setattr(zip_writer, "ZIP64_LIMIT", 100)
    z = ZipWriter(Unseekable(), DATE)
    with pytest.raises(RuntimeError, match="without Zip64"):
        with z.open("big.xml") as stream:
            stream.write(bytes(range(256)) * 4)


def test_one_entry_at_a_time():
    z = ZipWriter(Unseekable(), DATE)
    stream = z.open("a.xml")
    with pytest.raises(ValueError):
        z.writestr("b.xml", b"")
    stream.close()
    z.close()
    with pytest.raises(ValueError):
        z.writestr("c.xml", b"")
    with pytest.raises(ValueError):
        ZipWriter(io.BytesIO(), DATE, descriptors=False).open("streamed.xml")


@pytest.mark.parametrize("args", [
    ["check", str(EXAMPLES / "aldoria-typical-gaps.yaml"), "--format", "xlsx"],
    ["compare", str(EXAMPLES), "--format", "xlsx"],
    ["init", "--format", "xlsx"],
    ["check", str(EXAMPLES / "borealia-near-complete.yaml"), "--format", "docx"],
])
def test_every_package_is_the_bytes_zipfile_wrote(args, monkeypatch, tmp_path):
    """Each package the tool makes, written through zip_writer and through zipfile."""
    made = []
    for writer in (ZipWriter, ZipfileWriter):
        monkeypatch.setattr(ooxml, "ZipWriter", writer)
        out = tmp_path / f"{writer.__name__}.{args[args.index('--format') + 1]}"
        code, _, err = invoke_main([*args, "-o", str(out)])
        assert code in (0, 1), err
        made.append(out.read_bytes())
    assert made[0] == made[1] and made[0].startswith(b"PK\x03\x04")

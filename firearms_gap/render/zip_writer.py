"""The zip of an Office Open XML package, written as zipfile.ZipFile writes it on a stream that cannot
seek back: each entry deflated, its CRC and sizes in a data descriptor after its data, one fixed
date for every entry, the central directory at the end.

Why not zipfile itself, which wrote these packages until now: importing it imports pathlib,
urllib.parse, ipaddress, shutil, bz2 and lzma, ~26 M instructions (~5 ms) of every workbook, for the
hundred lines of it a package needs. The bytes are zipfile's own, to the byte: tests/test_zip_writer.py
writes the same entries with both (the workbooks of a check, a comparison and the questionnaire; large,
streamed and Zip64 entries; the Zip64 limits lowered so that the Zip64 records are made) and compares
them. Reading a zip (a questionnaire a ministry sends back) stays zipfile's job, with its checks.

Zip64: an entry opened with force_zip64 (a sheet too large to promise it stays under 2 GiB) carries
Zip64 sizes in its local header and data descriptor; an entry, offset or directory past the limits
gets Zip64 records in the central directory, as zipfile writes them.
"""
from __future__ import annotations

import struct
import zlib
from binascii import crc32

# zipfile's limits: past ZIP64_LIMIT a size or offset needs the Zip64 extensions (zipfile's own
# constant, 2 GiB - 1, not 4 GiB - 1), past FILECOUNT_LIMIT the number of entries does.
ZIP64_LIMIT = (1 << 31) - 1
FILECOUNT_LIMIT = (1 << 16) - 1

_DEFAULT_VERSION = 20                   # deflate
_ZIP64_VERSION = 45
_DEFLATED = 8
_DATA_DESCRIPTOR = 0x08                 # flag: CRC and sizes follow the data
_UTF8_NAME = 0x800                      # flag: the name is UTF-8 (it is not ASCII)
_ATTRIBUTES = 0o600 << 16               # ?rw------- , what zipfile gives an entry without attributes
_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")
_END64 = struct.Struct("<4sQ2H2L4Q")
_END64_LOCATOR = struct.Struct("<4sLQL")


class _Entry:
    __slots__ = ("name", "flags", "version", "offset", "crc", "compressed", "size")

    def __init__(self, name: bytes, flags: int, version: int, offset: int):
        self.name, self.flags, self.version, self.offset = name, flags, version, offset
        self.crc = self.compressed = self.size = 0


class ZipWriter:
    """Entries written in order to `sink` (anything with write(bytes) and tell()), each deflated at
    `level` and dated `date_time` (year, month, day, hour, minute, second).

    `descriptors`: each entry's CRC and sizes after its data, as zipfile writes on a stream it cannot
    seek back in (the workbooks, written while they are made; entries may be streamed with `open`).
    Without: in each entry's header, as zipfile writes into a file or a BytesIO (the Word report,
    whose parts are whole; only `writestr`)."""

    def __init__(self, sink, date_time: tuple, level: int | None = None, *, descriptors: bool = True):
        self._sink = sink
        self._level = level
        self._descriptors = descriptors
        year, month, day, hour, minute, second = date_time[:6]
        self._date = (year - 1980) << 9 | month << 5 | day
        self._time = hour << 11 | minute << 5 | second // 2
        self._entries: list[_Entry] = []
        self._writing = False
        self._directory = sink.tell()            # where the central directory will start
        self.closed = False

    def writestr(self, name: str, data: bytes | str, level: int | None = None) -> None:
        """One whole entry."""
        if isinstance(data, str):
            data = data.encode("utf-8")
        # As zipfile: an entry whose size is known and could outgrow the limit once deflated is Zip64.
        zip64 = len(data) * 1.05 > ZIP64_LIMIT
        if self._descriptors:
            with self.open(name, force_zip64=zip64, level=level) as stream:
                stream.write(data)
            return
        deflate = zlib.compressobj(_zlib_level(self._level if level is None else level), zlib.DEFLATED, -15)
        body = deflate.compress(data) + deflate.flush()
        entry = self._start(name, 0, zip64)
        entry.crc, entry.compressed, entry.size = crc32(data), len(body), len(data)
        if not zip64 and len(body) > ZIP64_LIMIT:
            raise RuntimeError(f"{name}: larger than a zip entry without Zip64 can be")
        self._sink.write(self._local(entry, zip64) + body)
        self._done(entry)

    def open(self, name: str, *, force_zip64: bool = False, level: int | None = None) -> "EntryStream":
        """An entry written as it comes (close it before the next)."""
        if not self._descriptors:
            raise ValueError("an entry is streamed only into a zip written with data descriptors")
        entry = self._start(name, _DATA_DESCRIPTOR, force_zip64)
        self._sink.write(self._local(entry, force_zip64))      # CRC and sizes zero: they follow the data
        self._writing = True
        return EntryStream(self, entry, force_zip64, self._level if level is None else level)

    def _start(self, name: str, flags: int, zip64: bool) -> _Entry:
        if self.closed:
            raise ValueError("the zip is closed")
        if self._writing:
            raise ValueError(f"an entry is still open: close it before writing {name}")
        try:
            encoded = name.encode("ascii")
        except UnicodeEncodeError:
            encoded, flags = name.encode("utf-8"), flags | _UTF8_NAME
        return _Entry(encoded, flags, _ZIP64_VERSION if zip64 else _DEFAULT_VERSION, self._sink.tell())

    def _local(self, e: _Entry, zip64: bool) -> bytes:
        """The entry's local header; with Zip64, its sizes in the extra field."""
        crc, compressed, size = (0, 0, 0) if e.flags & _DATA_DESCRIPTOR else (e.crc, e.compressed, e.size)
        extra = b""
        if zip64:
            extra = struct.pack("<HHQQ", 1, 16, size, compressed)
            compressed = size = 0xFFFFFFFF
        return _LOCAL.pack(b"PK\x03\x04", e.version, 0, e.flags, _DEFLATED, self._time, self._date, crc,
                           compressed, size, len(e.name), len(extra)) + e.name + extra

    def _closed(self, entry: _Entry, zip64: bool) -> None:
        self._sink.write(struct.pack("<LLQQ" if zip64 else "<LLLL", 0x08074B50, entry.crc, entry.compressed,
                                     entry.size))
        self._writing = False
        self._done(entry)

    def _done(self, entry: _Entry) -> None:
        self._entries.append(entry)
        self._directory = self._sink.tell()

    def close(self) -> None:
        """The central directory and the end records."""
        if self.closed:
            return
        if self._writing:
            raise ValueError("an entry is still open")
        self.closed = True
        write = self._sink.write
        for e in self._entries:
            zip64: list[int] = []
            size, compressed, offset = e.size, e.compressed, e.offset
            if size > ZIP64_LIMIT or compressed > ZIP64_LIMIT:
                zip64 += [size, compressed]
                size = compressed = 0xFFFFFFFF
            if offset > ZIP64_LIMIT:
                zip64.append(offset)
                offset = 0xFFFFFFFF
            extra = struct.pack("<HH" + "Q" * len(zip64), 1, 8 * len(zip64), *zip64) if zip64 else b""
            version = max(_ZIP64_VERSION if zip64 else 0, e.version)
            write(_CENTRAL.pack(b"PK\x01\x02", version, 0, version, 0, e.flags, _DEFLATED, self._time, self._date,
                                e.crc, compressed, size, len(e.name), len(extra), 0, 0, 0, _ATTRIBUTES, offset)
                  + e.name + extra)
        end = self._sink.tell()
        count, size, offset = len(self._entries), end - self._directory, self._directory
        if count > FILECOUNT_LIMIT or offset > ZIP64_LIMIT or size > ZIP64_LIMIT:
            write(_END64.pack(b"PK\x06\x06", 44, 45, 45, 0, 0, count, count, size, offset)
                  + _END64_LOCATOR.pack(b"PK\x06\x07", 0, end, 1))
            count, size, offset = min(count, 0xFFFF), min(size, 0xFFFFFFFF), min(offset, 0xFFFFFFFF)
        write(_END.pack(b"PK\x05\x06", 0, 0, count, count, size, offset, 0))


class EntryStream:
    """One entry being written: deflated and summed as it comes."""

    def __init__(self, writer: ZipWriter, entry: _Entry, zip64: bool, level: int | None):
        self._writer, self._entry, self._zip64 = writer, entry, zip64
        self._deflate = zlib.compressobj(_zlib_level(level), zlib.DEFLATED, -15)
        self.closed = False

    def write(self, data: bytes) -> int:
        if self.closed:
            raise ValueError("I/O operation on closed file.")
        e = self._entry
        e.size += len(data)
        e.crc = crc32(data, e.crc)
        out = self._deflate.compress(data)
        e.compressed += len(out)
        self._writer._sink.write(out)
        return len(data)

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        e = self._entry
        out = self._deflate.flush()
        e.compressed += len(out)
        self._writer._sink.write(out)
        if not self._zip64 and (e.size > ZIP64_LIMIT or e.compressed > ZIP64_LIMIT):
            raise RuntimeError(f"{e.name.decode('utf-8')}: larger than a zip entry without Zip64 can be")
        self._writer._closed(e, self._zip64)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _zlib_level(level: int | None) -> int:
    return zlib.Z_DEFAULT_COMPRESSION if level is None else level

"""Where a comparison keeps each cell's lines and notes: in memory, or in a temporary file.

A cell is a tuple of strings (findings.statements of one requirement in one jurisdiction, the
drafter's notes, or the national provisions, what is missing and the questions unanswered). The JSON and XLSX formats show them, so a comparison keeps them until it is
rendered: about 60 KiB a file for a realistic framework file, mostly text found in no other file
(the national provisions). Kept in memory, a comparison of 5,000 files needed 344 MiB (issue 17).

Two keepers with one interface, `keep(cells) -> sequence of cells` (what batch.Column.lines and
.notes hold):
- `InMemory`: tuples of strings, each equal string and tuple kept once (the straightforward way;
  also the reference the tests compare the other with);
- `OnDisk`: the strings of every column go, as UTF-8, into one anonymous temporary file (unlinked
  as soon as it is made, so nothing is left behind, even after Ctrl-C); a column keeps only two
  small arrays of offsets, and a cell is read back when a format asks for it. Memory no longer
  grows with the text of the files, only with a few bytes per cell.

`pack` turns cells into bytes and offsets, the form a worker process sends them in (batch.py):
one bytes object pickles far faster than thousands of small strings.

Nothing here prints or imports click.
"""
from __future__ import annotations

import os
from array import array
from collections.abc import Sequence
from itertools import accumulate


class Packed:
    """Cells as one UTF-8 blob: string k is blob[ends[k]:ends[k + 1]], cell i the strings
    starts[i] to starts[i + 1] (both arrays have one more entry than strings, or cells)."""
    __slots__ = ("blob", "ends", "starts")

    def __init__(self, blob: bytes, ends: array, starts: array):
        self.blob, self.ends, self.starts = blob, ends, starts

    def __reduce__(self):
        return (Packed, (self.blob, self.ends, self.starts))

    def unpack(self) -> tuple[tuple[str, ...], ...]:
        return tuple(_cell(self.blob, 0, self.ends, self.starts, i) for i in range(len(self.starts) - 1))


def pack(cells) -> Packed:
    # Each step a builtin over the whole column (a string, then a cell, at a time in Python was
    # most of what keeping a file's cells cost): the strings' UTF-8, their byte ends and each
    # cell's first string are running sums of lengths.
    cells = cells if isinstance(cells, (list, tuple)) else list(cells)
    data = [text.encode("utf-8", "surrogatepass") for cell in cells for text in cell]
    return Packed(b"".join(data), array("Q", accumulate(map(len, data), initial=0)),
                  array("Q", accumulate(map(len, cells), initial=0)))


def _cell(blob, base: int, ends, starts, i: int) -> tuple[str, ...]:
    """Cell i, from a blob whose first byte is at offset `base` of what `ends` counts in."""
    return tuple([blob[ends[k] - base:ends[k + 1] - base].decode("utf-8", "surrogatepass")
                  for k in range(starts[i], starts[i + 1])])


class InMemory:
    """Cells as tuples of strings, equal strings and tuples shared."""

    def __init__(self):
        self._shared: dict = {}

    def keep(self, cells) -> tuple[tuple[str, ...], ...]:
        if isinstance(cells, Packed):
            cells = cells.unpack()
        share = self._shared.setdefault
        out = []
        for cell in cells:
            if cell:
                t = tuple([share(x, x) for x in cell])
                out.append(share(t, t))
            else:
                out.append(())
        return tuple(out)


class OnDisk:
    """Cells written to a temporary file; each column a `StoredCells` that reads its cells back."""

    def __init__(self):
        import tempfile                            # ~2.5 ms of imports: only when a comparison keeps its cells on disk

        self._file = tempfile.TemporaryFile(prefix="firearms-gap-compare-")
        self._size = 0
        self._unflushed = False

    def keep(self, cells) -> "StoredCells":
        packed = cells if isinstance(cells, Packed) else pack(cells)
        base = self._size
        if packed.blob:
            self._file.write(packed.blob)
            self._size += len(packed.blob)
            self._unflushed = True
        # Offsets in the file, in the narrowest arrays that hold them (a column keeps only these).
        ends = array("I" if self._size < 2 ** 32 else "Q", [base + e for e in packed.ends])
        starts = array("H" if len(packed.ends) < 2 ** 16 else "I", packed.starts)
        return StoredCells(self, ends, starts)

    def read(self, start: int, size: int) -> bytes:
        if self._unflushed:
            self._file.flush()
            self._unflushed = False
        fd = self._file.fileno()
        if hasattr(os, "pread"):
            return os.pread(fd, size, start)
        self._file.seek(start)                   # no pread (Windows): seek, then read
        return self._file.read(size)


class StoredCells(Sequence):
    """One column's cells, read from an OnDisk file on demand (a cell at a time)."""
    __slots__ = ("_store", "_ends", "_starts")

    def __init__(self, store: OnDisk, ends: array, starts: array):
        self._store, self._ends, self._starts = store, ends, starts

    def __len__(self) -> int:
        return len(self._starts) - 1

    def __getitem__(self, i):
        if type(i) is int and 0 <= i < len(self._starts) - 1:
            return row((self,), i)[0]           # the usual case
        if isinstance(i, slice):
            return tuple(self[j] for j in range(*i.indices(len(self))))
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        k0, k1 = self._starts[i], self._starts[i + 1]
        if k0 == k1:
            return ()
        start = self._ends[k0]
        return _cell(self._store.read(start, self._ends[k1] - start), start, self._ends, self._starts, i)

    def __eq__(self, other):
        if isinstance(other, Sequence) and not isinstance(other, (str, bytes)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other))
        return NotImplemented

    __hash__ = None


def row(columns, i: int) -> tuple:
    """Cell i of each of `columns` (StoredCells, or any sequences of cells): one requirement in every
    jurisdiction, as batch.lines and batch.findings read it for the JSON and XLSX formats, four
    times for each requirement of each file. One loop here, the store flushed once, rather than a
    method call, a flush check and a generator step per cell (a fifth of writing a JSON comparison)."""
    out = []
    append = out.append
    fds: dict = {}                               # each store's file, flushed
    for cells in columns:
        if type(cells) is not StoredCells or not 0 <= i < len(cells._starts) - 1:
            append(cells[i])
            continue
        starts = cells._starts
        k0, k1 = starts[i], starts[i + 1]
        if k0 == k1:
            append(())
            continue
        store = cells._store
        fd = fds.get(store)
        if fd is None:
            store.read(0, 0)                    # writes out what is buffered, once per call
            fd = fds[store] = store._file.fileno() if pread else -1
        ends = cells._ends
        start = ends[k0]
        blob = pread(fd, ends[k1] - start, start) if fd >= 0 else store.read(start, ends[k1] - start)
        if k1 - k0 == 1:
            append((blob.decode("utf-8", "surrogatepass"),))
        else:
            append(tuple([blob[ends[k] - start:ends[k + 1] - start].decode("utf-8", "surrogatepass")
                          for k in range(k0, k1)]))
    return tuple(out)


pread = getattr(os, "pread", None)             # None on Windows: OnDisk.read seeks, then reads

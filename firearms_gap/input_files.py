"""The files this run has read: how a file is read up to a limit (read_at_most), and which files
were read, by identity, so that a report is never written over one of them.

Why identity (device and inode) rather than names: `check law.yaml -o ./law.yaml`, a symbolic
link to law.yaml, a hard link to it and `check - -o law.yaml < law.yaml` all name the same file
differently. The change time is part of the identity so that, in a long-lived process (the test
suite runs the CLI in-process thousands of times), an inode number reused by a new file after
the file that had it was deleted is not mistaken for an input.
"""
from __future__ import annotations

import os

_READ: set[tuple[int, int, int]] = set()


def _identity(st: os.stat_result) -> tuple[int, int, int]:
    return st.st_dev, st.st_ino, st.st_ctime_ns


def remember(fd: int) -> os.stat_result:
    """Note the open file `fd` as an input of this run; returns its status."""
    st = os.fstat(fd)
    _READ.add(_identity(st))
    return st


def was_read(st: os.stat_result) -> bool:
    """True if the file with status `st` (os.stat of an output path) is one this run read."""
    return _identity(st) in _READ


_CHUNK = 1 << 16       # the size of each read past `size` (the file grew, or fstat did not tell)


def read_at_most(fd: int, limit: int, size: int) -> bytes:
    """The bytes of the open file `fd`, up to limit + 1 (one past the limit, so that the caller can
    tell a file over it), `size` (its fstat size) read at once. Why not a buffered read(limit + 1):
    that allocates the whole limit before reading (5 MiB for a framework file, 64 MiB for a cache
    entry) and gives the rest back, ~25-50 us a file; a run reads nine. The loop ends at the end of
    the file (an empty read), so a file that grew since its fstat is read as it now is, up to limit + 1."""
    chunks = []
    total = 0
    want = min(size, limit) + 1
    while total <= limit:
        chunk = os.read(fd, max(want - total, min(_CHUNK, limit + 1 - total)))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


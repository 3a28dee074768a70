"""Writing results: all or nothing.

A report is rendered completely in memory and written to a temporary file beside
the target (or written there a piece at a time as it is rendered: write_atomic_pieces),
then renamed over it, so a failure never leaves a half-written
report (click.File(atomic=True) replaces the target even on error; see
ecosystem-reliability §3c).
"""
from __future__ import annotations

import os
import tempfile


def write_atomic(path: str, text: str) -> None:
    """Write text as UTF-8, line endings exactly as given (CSV keeps its CRLF)."""
    write_atomic_bytes(path, text.encode("utf-8"))


def write_atomic_bytes(path: str, data: bytes) -> None:
    """Write bytes (e.g. an XLSX workbook) all or nothing."""
    write_atomic_pieces(path, (data,))


def write_atomic_pieces(path: str, pieces) -> None:
    """Write bytes given in pieces (a large report rendered a part at a time) all or nothing."""
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".firearms-gap-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            for piece in pieces:
                handle.write(piece)
            handle.flush()
            os.fsync(handle.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)       # mkstemp makes 0600; a report should be as readable as any file
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise

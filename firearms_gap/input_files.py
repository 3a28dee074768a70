"""The files this run has read, by identity, so that a report is never written over one of them.

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

"""A small on-disk cache of validated ruleset data, keyed by content.

Why: parsing and schema-validating the bundled rulesets (hundreds of kB of YAML) is most of
the cost of a `check`, and it gives the same answer every time for the same bytes. The cache
stores the *validated data* under a key that hashes the ruleset bytes, the ruleset schema and the
tool version, so any change to any of them is a miss.

The data is written with `marshal` (format version 4), the standard library's serializer of plain
values - the one Python itself keeps its bytecode cache in, beside the source, with no digest at
all. Never pickle: a cache directory must not be a way to run code, and marshal only ever makes
values (dicts, lists, strings, numbers, booleans, None here), it calls nothing. Why not JSON, as
before: decoding the bundled rulesets' entries took 13.2 M instructions of a ~390 M `check`
(callgrind), marshal's 5.2 M, and its entries are a sixth smaller, 345 -> 284 kB (less to hash).

The cache can make a run faster, never different (issue 16). An entry is used only if:
- the cache directory is the user's own and nobody else can write to it (it is made 0700, and
  an existing one that others can read is tightened to 0700; one that others can write to is
  never used, nor changed);
- the entry is a regular file (not a link), owned by the user, writable by nobody else, and
  not larger than MAX_ENTRY;
- its header names this entry format and this key, and the checksum in the header is that of
  the key and the data that follows (a truncated, damaged, renamed or stale entry fails).
Anything else is a miss: the rulesets are read as if there were no cache, and with
FIREARMS_GAP_DEBUG set a note on standard error says why (the only thing this module ever
writes there, and only on request). A read-only home or a full disk is a silent miss too.
What the cache does not defend against: a program running as the user, which could as well
edit the rulesets themselves.

Besides each ruleset's data, one entry remembers that the bundled rulesets merge without a problem
(`book-<key>`, rulesets._bundled_book): its key hashes the keys of their entries and the source of
the code that checks a merge, and it is written only after a merge that found nothing. It is not
shipped (its key changes with that code); the first run writes it.

Shipped entries: the package carries the entries of its bundled rulesets (shipped_cache/, made at
release by `UPDATE_GOLDEN=1 python -m pytest tests/test_cache.py`), so that the first run after an
install or upgrade is as fast as the next ones. After a miss in the user's cache, `get` looks there;
a shipped entry passes the same checks (except that it may belong to root, who installed the
package) and is then copied to the user's cache. An entry shipped for other ruleset bytes is never
found (its name is their key), so a ruleset edited in a checkout is simply read and validated.

Location: $FIREARMS_GAP_CACHE_DIR, else $XDG_CACHE_HOME/firearms-gap, else ~/.cache/firearms-gap.
FIREARMS_GAP_NO_CACHE=1 (or yes, true, on) disables it; 0, no, false, off or empty do not.
"""
from __future__ import annotations

import marshal
import os
from binascii import crc32

from firearms_gap import __version__
from firearms_gap.input_files import read_at_most

# The key (which ruleset bytes an entry belongs to) is BLAKE2b, from CPython's built-in module: a
# cryptographic hash, so an edited ruleset can never hit a stale entry; without `import hashlib`,
# which loads OpenSSL (~2-3 ms of every run). The built-in SHA-256 would also avoid OpenSSL but
# hashes 4x slower.
try:
    from _blake2 import blake2b
except ImportError:                              # another Python implementation
    from hashlib import blake2b

# An entry's own checksum (that its data is the data written under its key) is CRC-32, as in zip,
# gzip and PNG. Why not BLAKE2b, as until format 3: an unkeyed digest only ever detected damage,
# since whoever can write the cache can compute any digest (tests/test_cache.py re-signs entries);
# and CRC-32 detects the damage a file suffers (truncation, any burst of up to 32 bits, anything
# else but one time in 2^32) at a quarter of the cost: checking the bundled rulesets' 284 kB of
# entries took 4.0 M instructions of every `check`, 1.1 M now (callgrind).
ENTRY_FORMAT = "firearms-gap-cache-4"    # the first line of every entry; older entries (BLAKE2b: 3, JSON: 2) are misses
MARSHAL_VERSION = 4                      # written so, and read by every Python this package supports
SUFFIX = ".entry"
MAX_ENTRY = 64 * 1024 * 1024
_OFF = {"", "0", "no", "false", "off"}


def _directory() -> str | None:
    if os.environ.get("FIREARMS_GAP_NO_CACHE", "").strip().lower() not in _OFF:
        return None
    explicit = os.environ.get("FIREARMS_GAP_CACHE_DIR")
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "firearms-gap")


def key(*parts: bytes) -> str:
    digest = blake2b(__version__.encode(), digest_size=32)
    for part in parts:
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def _digest(name: str, payload: bytes) -> str:
    """The entry's checksum: of its format, its key and its data."""
    head = crc32(f"{ENTRY_FORMAT} {name}\n".encode())
    return f"{crc32(payload, head):08x}"


def _note(message: str) -> None:
    """Why an entry was not used: a debugging aid, on standard error, only under FIREARMS_GAP_DEBUG."""
    if os.environ.get("FIREARMS_GAP_DEBUG"):
        import sys
        sys.stderr.write(f"firearms-gap: cache: {message}; reading the rulesets instead\n")


def _mine(st: os.stat_result) -> bool:
    return not hasattr(os, "geteuid") or st.st_uid == os.geteuid()


def _usable(directory: str, *, create: bool) -> bool:
    """True if DIRECTORY is the user's own and writable by nobody else (made 0700 if CREATE)."""
    import stat

    try:
        if create:
            os.makedirs(directory, mode=0o700, exist_ok=True)
        st = os.stat(directory)
    except OSError:
        return False
    if not stat.S_ISDIR(st.st_mode):
        return False
    if not _mine(st):
        _note(f"{directory} belongs to another user")
        return False
    if st.st_mode & 0o022:
        _note(f"{directory} can be written by other users")
        return False
    if st.st_mode & 0o077:
        try:
            os.chmod(directory, 0o700)           # the user's own directory, made private
        except OSError:
            return False
    return True


def get(name: str):
    """The data of entry NAME: from the user's cache, else from the entries shipped with the
    package (then copied to the user's cache), else None."""
    directory = _directory()
    if directory is None:
        return None
    raw = _read_user(directory, name) if _usable(directory, create=False) else None
    if raw is None:
        raw = _read_shipped(name)
        if raw is not None:
            _write(directory, name, raw)
    if raw is None:
        return None
    try:
        return marshal.loads(memoryview(raw)[raw.index(b"\n") + 1:])
    except (EOFError, ValueError, TypeError):      # the checksum matched, yet no value: another Python's marshal
        _note(f"{name}: not a value this Python reads")
        return None


def _read_user(directory: str, name: str) -> bytes | None:
    return _read(os.path.join(directory, name + SUFFIX), name, shipped=False)


# Entries made when the package is released, for its bundled rulesets (issue 17): without them the
# first run after an install or upgrade parsed and schema-validated every ruleset, 3x a cached run.
# An entry is found by its name, which hashes the ruleset's bytes (key()); its header's checksum covers
# its data: a shipped entry for other bytes is never found, and a damaged one fails like any entry.
SHIPPED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "shipped_cache")


def _read_shipped(name: str) -> bytes | None:
    return _read(os.path.join(SHIPPED, name + SUFFIX), name, shipped=True)


def _read(path: str, name: str, *, shipped: bool) -> bytes | None:
    """The entry's bytes, if the file passes every check and its header matches its data."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        return None
    except OSError as e:
        _note(f"{path}: {e.strerror or e}")
        return None
    try:
        st = os.fstat(fd)
        problem = _entry_problem(st, shipped=shipped)
        if problem:
            _note(f"{path}: {problem}")
            return None
        raw = read_at_most(fd, MAX_ENTRY, st.st_size)
    except OSError as e:
        _note(f"{path}: {e.strerror or e}")
        return None
    finally:
        os.close(fd)
    header, _, payload = raw.partition(b"\n")
    if header != _header(name, payload):
        _note(f"{path}: not an entry of this version for this key, or its content does not match its checksum")
        return None
    return raw


def _header(name: str, payload: bytes) -> bytes:
    return f"{ENTRY_FORMAT} {name} {_digest(name, payload)}".encode()


def entry(name: str, data) -> bytes:
    """The bytes of an entry (what put writes, and what a release ships: tests/test_cache.py)."""
    payload = marshal.dumps(_shared(data, {}), MARSHAL_VERSION)
    return _header(name, payload) + b"\n" + payload


def _shared(value, strings: dict):
    """VALUE with each string that occurs more than once one object: marshal writes an object it has
    written before as a reference to it, so the keys and words a ruleset repeats are written and read
    once (the bundled rulesets' entries: 326 -> 283 kB, 8.0 -> 5.2 M instructions to read)."""
    kind = type(value)
    if kind is str:
        return strings.setdefault(value, value)
    if kind is dict:
        return {strings.setdefault(k, k) if type(k) is str else k: _shared(v, strings) for k, v in value.items()}
    if kind is list:
        return [_shared(v, strings) for v in value]
    return value


def _entry_problem(st: os.stat_result, *, shipped: bool = False) -> str | None:
    import stat

    if not stat.S_ISREG(st.st_mode):
        return "not a regular file"
    if not (_mine(st) or (shipped and st.st_uid == 0)):      # a package installed by root is root's
        return "belongs to another user"
    if st.st_mode & 0o022:
        return "can be written by other users"
    if st.st_size > MAX_ENTRY:
        return "larger than any entry"
    return None


def put(name: str, data) -> None:
    directory = _directory()
    if directory is not None:
        _write(directory, name, entry(name, data))


def _write(directory: str, name: str, raw: bytes) -> None:
    if not _usable(directory, create=True):
        return
    import tempfile                              # only on a miss: its imports cost ~2 ms a run

    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=".tmp-", suffix=SUFFIX)     # 0600
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
        os.replace(tmp, os.path.join(directory, name + SUFFIX))
    except OSError:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass

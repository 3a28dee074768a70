"""A small on-disk cache of validated ruleset data, keyed by content.

Why: parsing and schema-validating the bundled rulesets (hundreds of kB of YAML) is most of
the cost of a `check`, and it gives the same answer every time for the same bytes. The cache
stores the *validated data* as JSON (never pickle: a cache directory must not be a way to run
code) under a key that hashes the ruleset bytes, the ruleset schema and the tool version, so
any change to any of them is a miss. Any problem with the cache (read-only home, corrupt file)
silently falls back to the full path: the cache can make a run faster, never different.

Location: $FIREARMS_GAP_CACHE_DIR, else $XDG_CACHE_HOME/firearms-gap, else ~/.cache/firearms-gap.
FIREARMS_GAP_NO_CACHE=1 disables it.
"""
from __future__ import annotations

import json
import os

from firearms_gap import __version__

# BLAKE2b from CPython's built-in module: a cryptographic hash (an edited ruleset can never
# hit a stale entry) at ~1.5 GB/s, without `import hashlib`, which loads OpenSSL (~2-3 ms of
# every run). The built-in SHA-256 would also avoid OpenSSL but hashes 4x slower.
try:
    from _blake2 import blake2b
except ImportError:                              # another Python implementation
    from hashlib import blake2b


def _directory() -> str | None:
    if os.environ.get("FIREARMS_GAP_NO_CACHE"):
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


def get(name: str):
    directory = _directory()
    if directory is None:
        return None
    try:
        with open(os.path.join(directory, f"{name}.json"), encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return None


def put(name: str, data) -> None:
    directory = _directory()
    if directory is None:
        return
    import tempfile                              # only on a miss: its imports cost ~2 ms a run

    try:
        os.makedirs(directory, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=".tmp-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False)
        os.replace(tmp, os.path.join(directory, f"{name}.json"))
    except OSError:
        pass

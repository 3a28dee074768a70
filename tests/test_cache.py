"""The ruleset cache can make a run faster, never different."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from support import ROOT

from firearms_gap import cache

EXAMPLE = ROOT / "examples" / "aldoria-typical-gaps.yaml"


def run(env_extra: dict, tmp_path) -> subprocess.CompletedProcess:
    import os
    env = {**os.environ, **env_extra}
    return subprocess.run([sys.executable, "-m", "firearms_gap", "check", str(EXAMPLE), "--format", "json"],
                          capture_output=True, env=env, cwd=tmp_path)


def test_a_warm_cache_gives_byte_identical_output(tmp_path):
    env = {"FIREARMS_GAP_CACHE_DIR": str(tmp_path / "c")}
    cold = run(env, tmp_path)
    entries = sorted((tmp_path / "c").glob("ruleset-*.json"))
    assert len(entries) == len(list((ROOT / "rulesets").glob("*.yaml")))
    warm = run(env, tmp_path)
    assert cold.returncode == warm.returncode == 1
    assert cold.stdout == warm.stdout


def test_a_damaged_cache_entry_falls_back_to_the_rulesets(tmp_path):
    env = {"FIREARMS_GAP_CACHE_DIR": str(tmp_path / "c")}
    reference = run({"FIREARMS_GAP_NO_CACHE": "1"}, tmp_path).stdout
    run(env, tmp_path)
    for entry in (tmp_path / "c").glob("ruleset-*.json"):
        entry.write_text(json.dumps({"ruleset": "broken"}))          # valid JSON, wrong shape
    assert run(env, tmp_path).stdout == reference
    for entry in (tmp_path / "c").glob("ruleset-*.json"):
        entry.write_bytes(b"\x00not json")
    assert run(env, tmp_path).stdout == reference


def test_no_cache_writes_nothing(tmp_path):
    run({"FIREARMS_GAP_NO_CACHE": "1", "FIREARMS_GAP_CACHE_DIR": str(tmp_path / "c")}, tmp_path)
    assert not (tmp_path / "c").exists()


def test_an_unwritable_cache_directory_is_ignored(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    result = run({"FIREARMS_GAP_CACHE_DIR": str(blocker / "c")}, tmp_path)
    assert result.returncode == 1 and b"Traceback" not in result.stderr


def test_the_key_changes_with_any_byte():
    assert cache.key(b"ruleset", b"schema") != cache.key(b"ruleset ", b"schema")
    assert cache.key(b"ab", b"c") != cache.key(b"a", b"bc")       # parts are length-prefixed


def test_the_key_is_the_blake2b_that_hashlib_gives():
    """The cache hashes with CPython's built-in BLAKE2b (no OpenSSL load); same digest as hashlib's."""
    import hashlib

    from firearms_gap import __version__
    expected = hashlib.blake2b(__version__.encode(), digest_size=32)
    for part in (b"ruleset", b"schema"):
        expected.update(len(part).to_bytes(8, "big"))
        expected.update(part)
    assert cache.key(b"ruleset", b"schema") == expected.hexdigest()


@pytest.mark.parametrize("value", ["1", "yes"])
def test_cache_can_be_disabled(monkeypatch, tmp_path, value):
    monkeypatch.setenv("FIREARMS_GAP_NO_CACHE", value)
    monkeypatch.setenv("FIREARMS_GAP_CACHE_DIR", str(tmp_path))
    cache.put("x", {"a": 1})
    assert cache.get("x") is None and not list(tmp_path.iterdir())

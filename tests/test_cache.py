"""The ruleset cache can make a run faster, never different."""
from __future__ import annotations

import json
import marshal
import os
import stat
import subprocess
import sys
from pathlib import Path

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
    entries = sorted((tmp_path / "c").glob("ruleset-*" + cache.SUFFIX))
    assert len(entries) == len(list((ROOT / "rulesets").glob("*.yaml")))
    warm = run(env, tmp_path)
    assert cold.returncode == warm.returncode == 1
    assert cold.stdout == warm.stdout


def test_a_damaged_cache_entry_falls_back_to_the_rulesets(tmp_path):
    env = {"FIREARMS_GAP_CACHE_DIR": str(tmp_path / "c")}
    reference = run({"FIREARMS_GAP_NO_CACHE": "1"}, tmp_path).stdout
    run(env, tmp_path)
    entries = sorted((tmp_path / "c").glob("ruleset-*" + cache.SUFFIX))
    damages = [
        lambda name: cache.entry(name, {"ruleset": "broken"}),                  # signed, a value of the wrong shape
        lambda name: cache.entry(name, ["not", "a", "ruleset"]),
        lambda name: cache._header(name, b"\xff") + b"\n\xff",                   # signed, no value marshal reads
        lambda name: b"\x00not an entry",
        lambda name: json.dumps({"ruleset": "broken"}).encode(),                # an entry of the JSON days
    ]
    for damage in damages:
        for entry in entries:
            entry.write_bytes(damage(entry.name[: -len(cache.SUFFIX)]))
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


def test_any_damaged_byte_or_missing_tail_of_an_entry_is_a_miss(tmp_path):
    """The entry's checksum covers its header's key and all of its data: a byte changed anywhere,
    or the file cut short anywhere, and the entry is not used."""
    name = "ruleset-" + "ab" * 32
    raw = cache.entry(name, {"ruleset": "x", "requirements": [{"id": "R-1", "title": "A title"}] * 50})
    path = tmp_path / (name + cache.SUFFIX)
    path.write_bytes(raw)
    assert cache._read(str(path), name, shipped=False) == raw
    for at in range(0, len(raw), 7):
        damaged = bytearray(raw)
        damaged[at] ^= 0x20
        path.write_bytes(bytes(damaged))
        assert cache._read(str(path), name, shipped=False) is None, at
        path.write_bytes(raw[:at])
        assert cache._read(str(path), name, shipped=False) is None, at


def test_the_key_is_the_blake2b_that_hashlib_gives():
    """The cache hashes with CPython's built-in BLAKE2b (no OpenSSL load); same digest as hashlib's."""
    import hashlib

    from firearms_gap import __version__
    expected = hashlib.blake2b(__version__.encode(), digest_size=32)
    for part in (b"ruleset", b"schema"):
        expected.update(len(part).to_bytes(8, "big"))
        expected.update(part)
    assert cache.key(b"ruleset", b"schema") == expected.hexdigest()


@pytest.mark.parametrize("value", ["1", "yes", "true", "ON"])
def test_cache_can_be_disabled(monkeypatch, tmp_path, value):
    monkeypatch.setenv("FIREARMS_GAP_NO_CACHE", value)
    monkeypatch.setenv("FIREARMS_GAP_CACHE_DIR", str(tmp_path))
    cache.put("x", {"a": 1})
    assert cache.get("x") is None and not list(tmp_path.iterdir())


@pytest.mark.parametrize("value", ["0", "", "false", "no", "off"])
def test_a_no_cache_value_that_means_no_keeps_the_cache(monkeypatch, tmp_path, value):
    monkeypatch.setenv("FIREARMS_GAP_NO_CACHE", value)
    monkeypatch.setenv("FIREARMS_GAP_CACHE_DIR", str(tmp_path / "c"))
    cache.put("x", {"a": 1})
    assert cache.get("x") == {"a": 1}


def test_the_cache_directory_is_private(tmp_path):
    run({"FIREARMS_GAP_CACHE_DIR": str(tmp_path / "c")}, tmp_path)
    assert stat.S_IMODE((tmp_path / "c").stat().st_mode) == 0o700
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in (tmp_path / "c").iterdir())


# --------------------------------------------------------------------------- planted and tampered entries

def _forge(entry: Path, *, digest_ok: bool) -> None:
    """Change a requirement title in ENTRY's data; with digest_ok, also re-sign it as the cache
    would (what only a program running as the user could do)."""
    header, _, payload = entry.read_bytes().partition(b"\n")
    data = marshal.loads(payload)
    data["requirements"][0]["title"] = "FORGED TITLE"
    forged = marshal.dumps(data, cache.MARSHAL_VERSION)
    name = entry.name[: -len(cache.SUFFIX)]
    digest = cache._digest(name, forged) if digest_ok else header.split()[-1].decode()
    entry.write_bytes(f"{cache.ENTRY_FORMAT} {name} {digest}\n".encode() + forged)


def _data_of(raw: bytes):
    return marshal.loads(raw.partition(b"\n")[2])


def _data(entry: Path):
    return _data_of(entry.read_bytes())


def _protocol_entry(directory: Path) -> Path:
    for entry in directory.glob("ruleset-*" + cache.SUFFIX):
        if _data(entry)["ruleset"] == "firearms-protocol":
            return entry
    raise AssertionError("no cache entry for the Protocol ruleset")


def _tamper_plain(entry, directory):
    _forge(entry, digest_ok=False)                                    # edited: digest no longer matches


def _tamper_truncated(entry, directory):
    entry.write_bytes(entry.read_bytes()[:-100])


def _tamper_old_format(entry, directory):
    entry.write_bytes(entry.read_bytes().partition(b"\n")[2])       # bare data, as before issue 16


def _tamper_renamed(entry, directory):
    other = next(e for e in directory.glob("ruleset-*" + cache.SUFFIX) if e != entry)
    entry.write_bytes(other.read_bytes())                             # another key's entry


def _tamper_writable(entry, directory):
    _forge(entry, digest_ok=True)
    os.chmod(entry, 0o666)                                            # others could have written it


def _tamper_link(entry, directory):
    _forge(entry, digest_ok=True)
    planted = directory.parent / ("planted" + cache.SUFFIX)
    entry.rename(planted)
    entry.symlink_to(planted)


def _tamper_shared_directory(entry, directory):
    _forge(entry, digest_ok=True)
    os.chmod(directory, 0o777)


def _tamper_other_owner(entry, directory):
    _forge(entry, digest_ok=True)
    os.chown(entry, 4242, 4242)


TAMPERING = [_tamper_plain, _tamper_truncated, _tamper_old_format, _tamper_renamed, _tamper_writable,
             _tamper_link, _tamper_shared_directory]
if hasattr(os, "geteuid") and os.geteuid() == 0:
    TAMPERING.append(_tamper_other_owner)


@pytest.mark.parametrize("tamper", TAMPERING, ids=lambda f: f.__name__[len("_tamper_"):])
def test_a_planted_or_tampered_entry_never_changes_the_result(tmp_path, tamper):
    directory = tmp_path / "c"
    env = {"FIREARMS_GAP_CACHE_DIR": str(directory)}
    reference = run({"FIREARMS_GAP_NO_CACHE": "1"}, tmp_path)
    run(env, tmp_path)
    tamper(_protocol_entry(directory), directory)
    result = run({**env, "FIREARMS_GAP_DEBUG": "1"}, tmp_path)
    assert (result.returncode, result.stdout) == (reference.returncode, reference.stdout)
    assert b"FORGED" not in result.stdout
    assert b"firearms-gap: cache: " in result.stderr and b"reading the rulesets instead" in result.stderr
    assert b"FORGED" not in run(env, tmp_path).stdout                 # nor on the run after


def test_a_forged_entry_would_show_so_the_tampering_tests_can_fail(tmp_path):
    """The control: an entry re-signed, private and the user's own is used (the cache does not
    defend against a program running as the user), so FORGED appears."""
    directory = tmp_path / "c"
    env = {"FIREARMS_GAP_CACHE_DIR": str(directory)}
    run(env, tmp_path)
    _forge(_protocol_entry(directory), digest_ok=True)
    assert b"FORGED TITLE" in run(env, tmp_path).stdout


# --- entries shipped with the package (issue 17) ----------------------------------------------------

@pytest.fixture
def fresh_rulesets(monkeypatch, tmp_path):
    """This process reads the bundled rulesets again, with an empty user cache in tmp_path/c."""
    from firearms_gap import rulesets

    monkeypatch.setenv("FIREARMS_GAP_CACHE_DIR", str(tmp_path / "c"))
    monkeypatch.delenv("FIREARMS_GAP_NO_CACHE", raising=False)
    rulesets._load_cached.cache_clear()
    yield rulesets
    rulesets._load_cached.cache_clear()


def _made_entries(rulesets, monkeypatch, tmp_path) -> dict[str, bytes]:
    """The entries a run makes from the bundled rulesets when nothing is shipped."""
    monkeypatch.setattr(cache, "SHIPPED", str(tmp_path / "nothing shipped"))
    rulesets.load_book()
    rulesets._load_cached.cache_clear()
    return {p.name: p.read_bytes() for p in (tmp_path / "c").glob("ruleset-*" + cache.SUFFIX)}


def test_the_shipped_entries_are_those_of_the_bundled_rulesets(fresh_rulesets, monkeypatch, tmp_path):
    """What a release ships. A ruleset or the tool's version changed: UPDATE_GOLDEN=1 makes them again.
    Compared by name and value, not byte for byte: marshal marks an object written twice, and which
    objects a Python shares (small strings, interned names) differs between versions; each entry's
    digest is that of its own bytes."""
    made = _made_entries(fresh_rulesets, monkeypatch, tmp_path)
    assert len(made) == len(list((ROOT / "rulesets").glob("*.yaml")))
    shipped = Path(cache.__file__).parent / "shipped_cache"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        for old in shipped.glob("ruleset-*" + cache.SUFFIX):
            old.unlink()
        for name, raw in made.items():
            (shipped / name).write_bytes(raw)
    entries = {p.name: p for p in shipped.glob("ruleset-*" + cache.SUFFIX)}
    assert sorted(entries) == sorted(made) and all(_data(entries[n]) == _data_of(made[n]) for n in made), (
        "the shipped cache entries are not those of the bundled rulesets (a stale entry is only a miss, "
        "but the first run after an install is then 3x slower): UPDATE_GOLDEN=1 python -m pytest tests/test_cache.py")
    for name, path in entries.items():                                 # each passes the cache's own checks
        assert cache._read(str(path), name[: -len(cache.SUFFIX)], shipped=True) is not None


def test_an_entry_holds_each_repeated_string_once():
    data = {"requirements": [{"id": "A-1", "force": "mandatory"}, {"id": "A-2", "force": "mandatory"}]}
    raw = cache.entry("ruleset-x", data)
    assert raw.count(b"mandatory") == raw.count(b"force") == 1
    assert _data_of(raw) == data


def _ship_copy(monkeypatch, tmp_path) -> Path:
    shipped = tmp_path / "shipped"
    shipped.mkdir()
    for entry in (Path(cache.__file__).parent / "shipped_cache").glob("ruleset-*" + cache.SUFFIX):
        (shipped / entry.name).write_bytes(entry.read_bytes())
    monkeypatch.setattr(cache, "SHIPPED", str(shipped))
    return shipped


def _titles(rulesets) -> set[str]:
    return {r.title for r in rulesets.load_book().requirements}


def test_the_first_run_reads_the_shipped_entries_and_keeps_them(fresh_rulesets, monkeypatch, tmp_path):
    """The control for the next test: a shipped entry re-signed as a release would make it is used
    (so FORGED shows), and copied to the user's cache."""
    shipped = _ship_copy(monkeypatch, tmp_path)
    _forge(_protocol_entry(shipped), digest_ok=True)
    assert "FORGED TITLE" in _titles(fresh_rulesets)
    assert b"FORGED TITLE" in _protocol_entry(tmp_path / "c").read_bytes()


@pytest.mark.parametrize("tamper", [_tamper_plain, _tamper_truncated, _tamper_renamed, _tamper_writable, _tamper_link],
                         ids=lambda f: f.__name__[len("_tamper_"):])
def test_a_tampered_shipped_entry_falls_back_to_the_rulesets(fresh_rulesets, monkeypatch, tmp_path, capsys, tamper):
    shipped = _ship_copy(monkeypatch, tmp_path)
    tamper(_protocol_entry(shipped), shipped)
    monkeypatch.setenv("FIREARMS_GAP_DEBUG", "1")
    titles = _titles(fresh_rulesets)
    assert "FORGED TITLE" not in titles and titles
    assert "reading the rulesets instead" in capsys.readouterr().err
    assert b"FORGED" not in _protocol_entry(tmp_path / "c").read_bytes()     # the user's cache holds the real one


# --- the verdict of the bundled book (rulesets._bundled_book) ----------------------------------------

@pytest.fixture
def merges(fresh_rulesets, monkeypatch):
    """Counts the runs of the merge's checks of conditions (what a remembered verdict skips)."""
    from firearms_gap import ruleset_merge

    calls = []
    real = ruleset_merge.conditions_problems

    def counted(*args):
        calls.append(args)
        return real(*args)
    monkeypatch.setattr(ruleset_merge, "conditions_problems", counted)
    return calls


def _book_entries(tmp_path) -> list[Path]:
    return sorted((tmp_path / "c").glob("book-*" + cache.SUFFIX))


def test_the_bundled_book_is_the_same_with_its_remembered_verdict(fresh_rulesets, merges, tmp_path):
    checked = fresh_rulesets.load_book()
    assert len(merges) == 1 and len(_book_entries(tmp_path)) == 1
    fresh_rulesets._load_cached.cache_clear()
    remembered = fresh_rulesets.load_book()
    assert len(merges) == 1                                           # the checks were skipped
    assert remembered == checked
    fresh_rulesets.load_book(["firearms-protocol"])                   # a selection is always checked
    assert len(merges) == 2


def test_a_merge_that_finds_a_problem_leaves_no_verdict(fresh_rulesets, monkeypatch, tmp_path):
    from firearms_gap import ruleset_merge
    from firearms_gap.diagnostics import Diagnostic, InputError

    problem = Diagnostic("rulesets/firearms-protocol.yaml", 1, 1, "x", "a problem a new check finds")
    monkeypatch.setattr(ruleset_merge, "conditions_problems", lambda *args: [problem])
    for _ in range(2):
        with pytest.raises(InputError, match="a problem a new check finds"):
            fresh_rulesets.load_book()
        fresh_rulesets._load_cached.cache_clear()
    assert _book_entries(tmp_path) == []


def test_other_checking_code_does_not_find_the_verdict(fresh_rulesets, merges, monkeypatch):
    fresh_rulesets.load_book()
    real = fresh_rulesets._checking_code
    monkeypatch.setattr(fresh_rulesets, "_checking_code", lambda: real() + [b"# a new check"])
    fresh_rulesets.load_book()
    assert len(merges) == 2


@pytest.mark.parametrize("verdict", [{"rulesets": ["firearms-protocol"], "problems": 0},
                                     {"rulesets": [], "problems": 1}, []], ids=["other rulesets", "problems", "no verdict"])
def test_an_entry_that_is_not_this_verdict_means_the_full_merge(fresh_rulesets, merges, tmp_path, verdict):
    fresh_rulesets.load_book()
    [entry] = _book_entries(tmp_path)
    name = entry.name[: -len(cache.SUFFIX)]
    entry.write_bytes(cache.entry(name, verdict))                     # re-signed, as only the user could
    fresh_rulesets.load_book()
    assert len(merges) == 2

"""Writing reports safely (README): `-o` never destroys an input, keeps a report's permissions,
treats links, pipes and devices as documented, and any failure leaves the target as it was,
with one message, exit 2 and no temporary file (issue 16, data-loss class)."""
from __future__ import annotations

import json
import os
import shlex
import signal
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from clirun import invoke_main

ROOT = Path(__file__).resolve().parent.parent
ALDORIA = ROOT / "examples" / "aldoria-typical-gaps.yaml"
BOREALIA = ROOT / "examples" / "borealia-near-complete.yaml"
FP = ("--ruleset", "firearms-protocol")
SELF_RULESET = ROOT / "tests" / "hostile" / "ruleset-injection.yaml"


@pytest.fixture
def work(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "law.yaml").write_bytes(ALDORIA.read_bytes())
    (tmp_path / "new.yaml").write_bytes(BOREALIA.read_bytes())
    return tmp_path


def _leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.startswith(".firearms-gap-"))


def _refused(code, err, name, reason):
    assert code == 2
    assert err.decode() == f"{name}: cannot write output: {reason} (nothing was written)\n"


INPUT = "it is one of the input files"


# --------------------------------------------------------------------------- an input is never the output

@pytest.mark.parametrize("args, target", [
    (("check", "law.yaml", "-o", "law.yaml"), "law.yaml"),
    (("check", "law.yaml", "--format", "json", "-o", "./law.yaml"), "./law.yaml"),
    (("check", "law.yaml", "--format", "xlsx", "-o", "link.yaml"), "link.yaml"),    # a symbolic link to it
    (("check", "law.yaml", "--format", "csv", "-o", "hard.yaml"), "hard.yaml"),     # a hard link to it
    (("diff", "law.yaml", "new.yaml", "-o", "new.yaml"), "new.yaml"),
    (("compare", "law.yaml", "new.yaml", "-o", "law.yaml"), "law.yaml"),
    (("compare", "law.yaml", "new.yaml", "--format", "json", "-o", "new.yaml"), "new.yaml"),
    (("check", "law.yaml", "--ruleset", "overlay.yaml", "-o", "overlay.yaml"), "overlay.yaml"),
])
def test_an_output_that_is_one_of_the_inputs_is_refused_and_left_intact(work, args, target):
    (work / "overlay.yaml").write_bytes(SELF_RULESET.read_bytes())
    os.symlink("law.yaml", work / "link.yaml")
    os.link(work / "law.yaml", work / "hard.yaml")
    before = {p.name: p.read_bytes() for p in work.iterdir() if p.is_file()}
    code, out, err = invoke_main(args)
    _refused(code, err, target, INPUT)
    if "json" in args:      # the JSON error document goes to standard output, not over the input
        assert json.loads(out)["input_errors"][0]["message"] == f"cannot write output: {INPUT} (nothing was written)"
    else:
        assert out == b""
    assert {p.name: p.read_bytes() for p in work.iterdir() if p.is_file()} == before
    assert (work / "link.yaml").is_symlink()
    assert _leftovers(work) == []


def test_standard_input_redirected_from_the_output_file_is_refused(work):
    proc = subprocess.run(f"{shlex.quote(sys.executable)} -m firearms_gap check - -o law.yaml < law.yaml",
                          shell=True, capture_output=True, cwd=work, timeout=120)
    _refused(proc.returncode, proc.stderr, "law.yaml", INPUT)
    assert (work / "law.yaml").read_bytes() == ALDORIA.read_bytes()


@pytest.mark.parametrize("args", [
    ("schema", "-o", "law.yaml"),
    ("check", "new.yaml", *FP, "-o", "law.yaml"),
    ("rules", "list", "-o", "law.yaml"),
    ("rules", "list", "-o", "overlay.yaml"),         # a ruleset, not read by this run
])
def test_a_report_never_replaces_a_framework_file_or_ruleset(work, args):
    (work / "overlay.yaml").write_bytes(SELF_RULESET.read_bytes())
    code, out, err = invoke_main(args)
    _refused(code, err, args[-1], "it is a framework file or ruleset, which a report never replaces; "
                                  "choose another name")
    assert (work / "law.yaml").read_bytes() == ALDORIA.read_bytes()
    assert (work / "overlay.yaml").read_bytes() == SELF_RULESET.read_bytes()


def test_init_overwrite_may_still_replace_a_framework_file(work):
    code, _, _ = invoke_main(["init", "-o", "law.yaml", "--overwrite", *FP])
    assert code == 0
    assert (work / "law.yaml").read_text(encoding="utf-8").startswith("# yaml-language-server")


# --------------------------------------------------------------------------- permissions, links, pipes, devices

def test_a_new_report_follows_the_umask_and_a_rewritten_one_keeps_its_mode(work):
    old = os.umask(0o027)
    try:
        assert invoke_main(["check", "law.yaml", *FP, "-o", "new-report.txt"])[0] == 1
        assert stat.S_IMODE(os.stat("new-report.txt").st_mode) == 0o640
        report = work / "private.txt"
        report.write_text("old")
        os.chmod(report, 0o600)
        assert invoke_main(["check", "law.yaml", *FP, "-o", "private.txt"])[0] == 1
        assert stat.S_IMODE(report.stat().st_mode) == 0o600
        assert report.read_text(encoding="utf-8") != "old"
    finally:
        os.umask(old)


def test_a_symbolic_link_is_written_through_and_stays_a_link(work):
    (work / "reports").mkdir()
    (work / "reports" / "latest.csv").write_text("old")
    os.chmod(work / "reports" / "latest.csv", 0o640)
    os.symlink("reports/latest.csv", work / "latest.csv")
    assert invoke_main(["check", "law.yaml", *FP, "--format", "csv", "-o", "latest.csv"])[0] == 1
    assert (work / "latest.csv").is_symlink()
    assert (work / "reports" / "latest.csv").read_text(encoding="utf-8").startswith("id,")
    assert stat.S_IMODE((work / "reports" / "latest.csv").stat().st_mode) == 0o640
    assert _leftovers(work) == _leftovers(work / "reports") == []


def test_a_dangling_link_makes_the_file_it_names(work):
    os.symlink("made.csv", work / "link.csv")
    assert invoke_main(["check", "law.yaml", *FP, "--format", "csv", "-o", "link.csv"])[0] == 1
    assert (work / "link.csv").is_symlink() and (work / "made.csv").read_text(encoding="utf-8").startswith("id,")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_named_pipe_receives_the_report_and_stays_a_pipe(work):
    os.mkfifo(work / "pipe")
    received = []
    reader = threading.Thread(target=lambda: received.append((work / "pipe").read_bytes()), daemon=True)
    reader.start()
    code, out, err = invoke_main(["check", "law.yaml", *FP, "--format", "csv", "-o", "pipe"])
    reader.join(60)                          # a daemon: a regression that never opens the pipe cannot hang the suite
    assert (code, err) == (1, b"")
    assert received[0].startswith(b"id,") and received[0].count(b"\n") > 10
    assert stat.S_ISFIFO(os.stat(work / "pipe").st_mode)


def test_dev_null_is_written_into_not_replaced(work):
    from firearms_gap import output

    # Decided before anything is written, so that a regression fails here rather than replace
    # /dev/null (which a test running as root could otherwise do).
    target, st = output._target(os.devnull, b"")
    assert target == os.devnull and stat.S_ISCHR(st.st_mode)
    assert invoke_main(["check", "law.yaml", *FP, "-o", os.devnull]) == (1, b"", b"")
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_a_directory_is_refused(work):
    (work / "out").mkdir()
    code, _, err = invoke_main(["check", "law.yaml", *FP, "-o", "out"])
    _refused(code, err, "out", "it is a directory")


# --------------------------------------------------------------------------- failures while writing

def _cli(args, cwd, env=None, **kw):
    # No bytecode written: a file-size limit would otherwise leave a truncated .pyc behind.
    env = {**(env or os.environ), "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run([sys.executable, "-m", "firearms_gap", *args], capture_output=True, cwd=cwd,
                          timeout=120, env=env, **kw)


def _file_size_limit(limit):
    def apply():
        import resource
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE")
@pytest.mark.parametrize("fmt, name", [("xlsx", "report.xlsx"), ("json", "report.json")])
def test_a_write_that_fails_half_way_leaves_the_old_report_and_no_temporary_file(work, fmt, name):
    """A full disk, simulated with a file-size limit: the write fails after 20 kB."""
    (work / name).write_bytes(b"the previous report")
    (work / "tmp").mkdir()                   # a writer's own temporary files would go here (none is left)
    proc = _cli(["check", "law.yaml", "--format", fmt, "-o", name], work, preexec_fn=_file_size_limit(20_000),
                env={**os.environ, "TMPDIR": str(work / "tmp")})
    assert proc.returncode == 2
    assert proc.stderr.decode() == f"{name}: cannot write output: File too large\n"
    assert (work / name).read_bytes() == b"the previous report"
    assert _leftovers(work) == [] and list((work / "tmp").iterdir()) == []


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("redirect, name", [("-o /dev/full", "/dev/full"), ("> /dev/full", "<stdout>")])
def test_a_full_device_is_an_output_error(work, redirect, name):
    from firearms_gap import output

    assert stat.S_ISCHR(output._target("/dev/full", b"")[1].st_mode)      # streamed into, never replaced
    proc = subprocess.run(f"{shlex.quote(sys.executable)} -m firearms_gap check law.yaml {redirect}",
                          shell=True, capture_output=True, cwd=work, timeout=120)
    assert proc.returncode == 2
    assert proc.stderr.decode() == f"{name}: cannot write output: No space left on device\n"


def test_ctrl_c_while_writing_removes_the_temporary_file(work):
    from firearms_gap import output

    def pieces():
        yield b"half a report"
        assert _leftovers(work) != []            # the temporary file exists at this point
        raise KeyboardInterrupt
    with pytest.raises(KeyboardInterrupt):
        output.write_atomic_pieces(str(work / "report.txt"), pieces())
    assert _leftovers(work) == [] and not (work / "report.txt").exists()


@pytest.mark.skipif(not hasattr(signal, "SIGTERM") or sys.platform == "win32", reason="POSIX signals")
def test_sigterm_while_writing_removes_the_temporary_file_and_ends_by_the_signal(work):
    (work / "report.txt").write_text("the previous report")
    script = ("import os, signal, sys\n"
              "from firearms_gap import output\n"
              "def pieces():\n"
              "    yield b'half a report'\n"
              "    os.kill(os.getpid(), signal.SIGTERM)\n"
              "    yield b'never'\n"
              "output.write_atomic_pieces('report.txt', pieces())\n")
    proc = subprocess.run([sys.executable, "-c", script], cwd=work, capture_output=True, timeout=120)
    assert proc.returncode == -signal.SIGTERM
    assert proc.stderr == b""
    assert (work / "report.txt").read_text() == "the previous report"
    assert _leftovers(work) == []


# --------------------------------------------------------------------------- the JSON error document

BAD = "format: firearms-gap/framework-1\njurisdiction: {name: X, code: no}\n"


def test_the_json_error_document_goes_to_the_output_file(work):
    (work / "bad.yaml").write_text(BAD)
    code, out, err = invoke_main(["check", "bad.yaml", "--format", "json", "-o", "out.json"])
    assert (code, out) == (2, b"")
    assert err.decode().startswith("bad.yaml:2:")
    data = json.loads((work / "out.json").read_text(encoding="utf-8"))
    assert [e["file"] for e in data["input_errors"]] == ["bad.yaml"]


def test_the_json_error_document_never_replaces_an_input(work):
    code, out, err = invoke_main(["check", "law.yaml", "--format", "json", "-o", "law.yaml"])
    _refused(code, err, "law.yaml", INPUT)
    assert (work / "law.yaml").read_bytes() == ALDORIA.read_bytes()


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_the_json_error_document_on_a_full_device_or_closed_pipe_is_no_traceback(work):
    (work / "bad.yaml").write_text(BAD)
    for tail in ("> /dev/full", "| true", ">&-"):
        command = f"set -o pipefail; {shlex.quote(sys.executable)} -m firearms_gap check bad.yaml --format json {tail}"
        proc = subprocess.run(["bash", "-c", command], capture_output=True, cwd=work, timeout=120)
        assert proc.returncode == 2, tail
        assert proc.stderr.decode().startswith("bad.yaml:2:"), (tail, proc.stderr)
        assert b"Traceback" not in proc.stderr and b"Exception ignored" not in proc.stderr


# --------------------------------------------------------------------------- standard streams

def test_standard_input_closed_is_an_input_error(work):
    proc = subprocess.run(f"{shlex.quote(sys.executable)} -m firearms_gap check - <&-", shell=True,
                          capture_output=True, cwd=work, timeout=120)
    assert proc.returncode == 2
    assert proc.stderr.decode() == "<stdin>: standard input is closed; name the framework file instead of -\n"


def test_an_ascii_only_standard_output_still_gets_the_utf8_report(work):
    law = (work / "law.yaml").read_text(encoding="utf-8").replace("Republic of Aldoria", "République d’Aldoria")
    (work / "law.yaml").write_text(law, encoding="utf-8")
    for fmt in ("table", "markdown", "json"):
        proc = _cli(["check", "law.yaml", *FP, "--format", fmt], work, env={**os.environ, "PYTHONIOENCODING": "ascii"})
        assert proc.returncode == 1, proc.stderr
        assert proc.stderr == b""
        assert "République d’Aldoria" in proc.stdout.decode("utf-8"), fmt


@pytest.mark.parametrize("sizes", [[], [5], [3, 3, 3], [70_000], [10, 70_000, 10], [40_000] * 5])
def test_standard_output_is_written_in_chunks_of_the_same_bytes(sizes):
    """Pieces are gathered to at least CHUNK before a write (the last write shorter), never reordered,
    and a piece larger than a chunk is written as it is."""
    from firearms_gap.output import CHUNK, _chunks

    pieces = [bytes([65 + i % 26]) * n for i, n in enumerate(sizes)]
    chunks = list(_chunks(iter(pieces)))
    assert b"".join(chunks) == b"".join(pieces)
    assert all(len(c) >= CHUNK for c in chunks[:-1]) and all(chunks)
    assert len(chunks) <= max(1, -(-sum(sizes) // CHUNK))


def test_an_unbuffered_standard_output_gets_a_check_in_a_few_writes():
    """python -u (PYTHONUNBUFFERED) makes each write to standard output a system call of its own: a
    check's ~150 pieces of JSON reach it gathered, ~64 kB a write (counted on a stand-in stream)."""
    code = (
        "import sys\n"
        "writes = []\n"
        "class Raw:\n"
        "    def write(self, b):\n"
        "        writes.append(len(b))\n"
        "        return len(b)\n"
        "    def flush(self): pass\n"
        "class Out:\n"
        "    buffer = Raw()\n"
        "    def write(self, s): return len(s)\n"
        "    def flush(self): pass\n"
        "    def isatty(self): return False\n"
        "real, sys.stdout = sys.stdout, Out()\n"
        "from firearms_gap.cli import main\n"
        f"sys.argv = ['firearms-gap', 'check', {str(ALDORIA)!r}, '--format', 'json']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "real.write(f'{len(writes)} {sum(writes)}')\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    writes, total = map(int, proc.stdout.split())
    assert total > 300_000 and writes <= total // (64 * 1024) + 1


def test_a_temporary_file_is_new_private_and_never_an_existing_name(tmp_path, monkeypatch):
    """What mkstemp made: a file created for the purpose (0600), under a random name beside the
    target; a name already there (a file, a link) is drawn again, never opened."""
    from firearms_gap import output

    fd, path = output.temporary_file(str(tmp_path))
    os.close(fd)
    name = Path(path).name
    assert Path(path).parent == tmp_path and name.startswith(output.TEMP_PREFIX) and name.endswith(output.TEMP_SUFFIX)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    taken = tmp_path / (output.TEMP_PREFIX + "00" * 8 + output.TEMP_SUFFIX)
    taken.symlink_to(tmp_path / "elsewhere")
    draws = iter([b"\0" * 8, b"\1" * 8])
    monkeypatch.setattr(os, "urandom", lambda n: next(draws))
    fd, path = output.temporary_file(str(tmp_path))
    os.close(fd)
    assert Path(path).name == output.TEMP_PREFIX + "01" * 8 + output.TEMP_SUFFIX
    assert not (tmp_path / "elsewhere").exists()
    monkeypatch.setattr(os, "urandom", lambda n: b"\0" * 8)
    with pytest.raises(FileExistsError):
        output.temporary_file(str(tmp_path), attempts=3)

"""Input that cannot hurt: the hostile corpus in tests/hostile/, through the real CLI.

Every file there is listed in tests/hostile/expected.yaml with the exact standard-error
lines and exit code that `validate` and `check` (or, for ruleset-*.yaml, `rules lint` and
`check --ruleset`) must produce. No run may print a traceback, and no invalid file may
produce a report. Requirements: ecosystem-reliability.md section 7 (IN, ERR, EXIT, SEC).
"""
from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from clirun import run
from support import ROOT

from firearms_gap import loader

HOSTILE = ROOT / "tests" / "hostile"


def _expected() -> dict:
    doc = loader.load((HOSTILE / "expected.yaml").read_bytes(), "expected.yaml")
    return doc.data


EXPECTED = _expected()
FILES = EXPECTED["files"]
BASE = EXPECTED["base_framework"]


def _commands(name: str) -> list[tuple[str, tuple[str, ...], dict]]:
    entry = FILES[name]
    first = {"exit": entry["exit"], "stderr": entry["stderr"]}
    second = entry.get("check", first)
    if name.startswith("ruleset-"):
        return [("lint", ("rules", "lint", name), first),
                ("check", ("check", BASE, "--ruleset", name), second)]
    return [("validate", ("validate", name), first), ("check", ("check", name), second)]


@pytest.fixture
def in_corpus(monkeypatch):
    monkeypatch.chdir(HOSTILE)


def test_the_corpus_is_large_and_every_file_has_an_expectation():
    on_disk = sorted(p.name for p in HOSTILE.iterdir() if p.suffix == ".yaml" and p.name != "expected.yaml")
    assert len(on_disk) >= 30
    assert on_disk == sorted(FILES)


@pytest.mark.parametrize("name", sorted(FILES))
def test_hostile_file(name, in_corpus):
    for label, args, want in _commands(name):
        result = run(*args)
        assert "Traceback" not in result.stderr + result.stdout, (label, result.stderr)
        assert result.stderr.splitlines() == list(want["stderr"]), label
        assert result.exit_code == want["exit"], (label, result.stderr)
        if want["exit"] == 2:
            assert result.stdout == "", f"{label}: an invalid file must produce no report (IN-11)"


@pytest.mark.parametrize("name", [n for n in sorted(FILES) if not n.startswith("ruleset-")])
def test_json_format_carries_the_same_diagnostics_on_stdout(name, in_corpus):
    """ERR-1: with --format json a machine never has to parse standard error."""
    want = FILES[name].get("check", FILES[name])
    result = run("check", name, "--format", "json")
    assert result.exit_code == want["exit"]
    data = json.loads(result.stdout)
    if want["exit"] == 2:
        shown = [line for line in want["stderr"] if not line.startswith("... and ")]
        assert len(data["input_errors"]) >= len(shown)
        assert all(e["file"] == name for e in data["input_errors"])
    else:
        assert "input_errors" not in data


def test_no_diagnostic_line_is_longer_than_300_characters():
    """ERR-3."""
    lines = [line for entry in FILES.values()
             for block in (entry, entry.get("check", {})) for line in block.get("stderr", [])]
    assert lines and max(len(line) for line in lines) <= 300


def test_every_schema_diagnostic_has_the_documented_shape():
    """ERR-1: FILE:LINE:COL: PATH: MESSAGE, 1-based, or FILE:LINE:COL: MESSAGE for YAML-level problems."""
    import re
    shape = re.compile(r"^[^:\s]+\.yaml(:[1-9][0-9]*:[1-9][0-9]*)?: \S.*$")
    for name, entry in FILES.items():
        for line in entry["stderr"]:
            assert line.startswith("... and ") or shape.match(line), (name, line)


# --------------------------------------------------------------------------- generated inputs

def test_a_file_over_5_mib_is_refused_unread(tmp_path, monkeypatch):
    """IN-6: generated here rather than committed. The limit applies before any parsing."""
    monkeypatch.chdir(tmp_path)
    big = tmp_path / "big.yaml"
    big.write_bytes(b"notes: '" + b"x" * (loader.MAX_BYTES + 100) + b"'\n")
    for args in (("validate", "big.yaml"), ("check", "big.yaml")):
        result = run(*args)
        assert result.exit_code == 2
        assert result.stderr.startswith("big.yaml: file is ")
        assert result.stderr.rstrip().endswith(f"more than {loader.MAX_BYTES:,} bytes, the limit (raise it with --max-bytes)")
        assert result.stdout == ""


def test_stdin_over_5_mib_is_refused():
    result = run("validate", "-", input=b"a: " + b"x" * loader.MAX_BYTES)
    assert result.exit_code == 2
    assert result.stderr.startswith("<stdin>: file is ")


def test_a_file_over_the_value_limit_is_refused(tmp_path, monkeypatch):
    """IN-7: one value more than the limit in a file under the size limit (the limit is lowered for
    the test, not the input raised: the same code path, a hundredth of the time)."""
    monkeypatch.setattr(loader, "MAX_NODES", 2_000)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "values.yaml").write_bytes(b"notes: [" + b"0," * loader.MAX_NODES + b"0]\n")
    result = run("validate", "values.yaml")
    assert result.exit_code == 2
    assert f"more than {loader.MAX_NODES:,} YAML values in one file" in result.stderr


def test_stdin_errors_name_stdin_with_line_and_column():
    """IN-12."""
    result = run("validate", "-", input=(HOSTILE / "yes-no.yaml").read_bytes())
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == "<stdin>:5:14: jurisdiction.fictional: write true or false, not 'yes' [type]"
    ok = run("check", "-", "--format", "json", input=(HOSTILE / "unicode-ok.yaml").read_bytes())
    assert ok.exit_code == 0
    assert json.loads(ok.stdout)["framework"]["file"] == "<stdin>"


# --------------------------------------------------------------------------- what comes out of valid hostile text

def _report(name: str, fmt: str, *extra: str) -> str:
    result = run("check", name, "--format", fmt, *extra)
    assert result.exit_code in (0, 1), result.stderr
    assert result.stderr == ""
    return result.stdout


@pytest.mark.parametrize("name", ["injection-html.yaml", "injection-formula.yaml", "injection-markup.yaml"])
def test_injection_strings_come_out_inert_in_every_format(name, in_corpus):
    """SEC-5, SEC-6, OUT-7: text is data in every format, never markup, formula or escape."""
    for fmt in ("table", "markdown", "csv", "json"):
        out = _report(name, fmt)
        assert "\x1b" not in out and "\u202e" not in out, fmt
    table = _report(name, "table", "--color")
    if name == "injection-markup.yaml":
        assert "[red]Not actually red[/red]" in table        # printed literally, not styled
    markdown = _report(name, "markdown")
    assert "<script" not in markdown and "<img" not in markdown
    for row in csv.reader(io.StringIO(_report(name, "csv"))):
        assert not any(cell[:1] in ("=", "+", "-", "@") for cell in row), row
    data = json.loads(_report(name, "json"))
    assert data["framework"]["jurisdiction"]["name"] == FILE_NAMES[name]     # JSON keeps the text verbatim


FILE_NAMES = {"injection-html.yaml": '<script>alert("x")</script>',
              "injection-formula.yaml": '=HYPERLINK("http://evil.invalid","click")',
              "injection-markup.yaml": "[red]Not actually red[/red]"}


def test_injection_strings_in_a_ruleset_come_out_inert(in_corpus):
    """The same for text that comes from a custom ruleset (its title, citation, gap text)."""
    args = (BASE, "--ruleset", "ruleset-injection.yaml")
    markdown = run("check", *args, "--format", "markdown").stdout
    assert "<script" not in markdown and "<img" not in markdown and "&lt;script&gt;" in markdown
    rows = list(csv.reader(io.StringIO(run("check", *args, "--format", "csv").stdout)))
    assert rows[1][0] == "HX-1"
    assert not any(cell[:1] in ("=", "+", "-", "@") for row in rows for cell in row)
    table = run("check", *args, "--color", "-f", "table").stdout
    assert "[red]title[/red]" in table
    data = json.loads(run("check", *args, "--format", "json").stdout)
    hx = next(r for r in data["results"] if r["id"] == "HX-1")
    assert hx["title"] == '<script>alert("t")</script> [red]title[/red]'      # verbatim in JSON
    assert hx["missing"] == ["=1+1 [link=http://evil.invalid]gap[/link] <img src=x>"]


# --------------------------------------------------------------------------- exit codes and interruptions

def test_an_internal_error_exits_3_with_a_bug_report_line(monkeypatch, in_corpus):
    """EXIT-3: never 1, never a bare traceback."""
    from firearms_gap import api

    def broken(*a, **k):
        raise ZeroDivisionError("simulated bug")
    monkeypatch.setattr(api, "view", broken)
    monkeypatch.delenv("FIREARMS_GAP_DEBUG", raising=False)
    result = run("check", "unicode-ok.yaml")
    assert result.exit_code == 3
    assert "internal error" in result.stderr and "Traceback" not in result.stderr


def test_ctrl_c_exits_130_quietly(monkeypatch, in_corpus):
    from firearms_gap import api

    def interrupted(*a, **k):
        raise KeyboardInterrupt
    monkeypatch.setattr(api, "validate", interrupted)
    result = run("validate", "unicode-ok.yaml")
    assert result.exit_code == 130
    assert result.stderr == "Interrupted.\n"


def _reading_stdin(pid: int) -> bool:
    """True while the process is blocked reading standard input (fd 0) from a pipe: by then it
    is inside the CLI, past start-up (Linux /proc; the first syscall argument is the fd)."""
    try:
        fields = Path(f"/proc/{pid}/syscall").read_text().split()
        wchan = Path(f"/proc/{pid}/wchan").read_text()
    except OSError:
        return False
    return len(fields) > 1 and fields[1] == "0x0" and "pipe" in wchan


@pytest.mark.skipif(not Path("/proc/self/syscall").exists(), reason="needs /proc/PID/syscall (Linux)")
def test_sigint_while_reading_stdin_exits_130_without_a_traceback():
    proc = subprocess.Popen([sys.executable, "-m", "firearms_gap", "validate", "-"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while proc.poll() is None and not _reading_stdin(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.01)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert err.decode() == "Interrupted.\n"
    assert proc.returncode == 130
    assert out == b""


def test_a_closed_pipe_ends_quietly(tmp_path):
    """`firearms-gap check big.yaml | head -1`: the reader goes away after one line (EXIT-1: 141)."""
    law = tmp_path / "big.yaml"
    law.write_bytes((ROOT / "examples" / "aldoria-typical-gaps.yaml").read_bytes())
    command = [sys.executable, "-m", "firearms_gap", "check", str(law), "--format", "json"]
    full = subprocess.run(command, capture_output=True, timeout=120)
    assert len(full.stdout) > 200_000        # far more than a pipe holds, so the writer must meet EPIPE
    err, rc = tmp_path / "err", tmp_path / "rc"
    script = (f"{' '.join(_quote(c) for c in command)} 2>{_quote(str(err))} | head -1; "
              f"echo ${{PIPESTATUS[0]}} >{_quote(str(rc))}")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    proc = subprocess.run(["bash", "-c", script], capture_output=True, timeout=120, env=env)
    assert proc.stdout.decode() == "{\n"
    assert err.read_text() == ""
    assert rc.read_text().strip() == "141"
    # With PYTHONUNBUFFERED=1 Python writes straight to the pipe and a short write to a
    # closed pipe is not an error (the rest is dropped): still no traceback.
    proc = subprocess.run(["bash", "-c", script], capture_output=True, timeout=120,
                          env={**env, "PYTHONUNBUFFERED": "1"})
    assert proc.stdout.decode() == "{\n"
    assert err.read_text() == ""


def _quote(text: str) -> str:
    import shlex
    return shlex.quote(text)


# --------------------------------------------------------------------------- issue 16: generated hostile inputs

def test_a_line_break_in_a_file_name_cannot_forge_a_diagnostic_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    name = "law.yaml\nlaw.yaml:1:1: all requirements met"
    (tmp_path / name).write_text("format: firearms-gap/framework-1\n", encoding="utf-8")
    result = run("validate", name)
    assert result.exit_code == 2
    assert result.stderr == ("law.yaml\\u000alaw.yaml:1:1: all requirements met:1:1: "
                             "missing required key 'jurisdiction' [required]\n")
    missing = run("check", "gone\r\nforged.yaml")
    assert missing.stderr == "gone\\u000d\\u000aforged.yaml: cannot read: No such file or directory\n"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_named_pipe_or_a_device_is_refused_as_input_without_blocking(tmp_path, monkeypatch):
    """A FIFO with no writer would block forever; /dev/zero never ends (`--max-bytes` would only
    bound it). Only regular files and - are read."""
    import threading

    monkeypatch.chdir(tmp_path)
    os.mkfifo("pipe.yaml")

    def unblock():          # were the pipe opened as a file (a regression), the test fails, not hangs
        time.sleep(30)
        try:
            os.close(os.open(tmp_path / "pipe.yaml", os.O_WRONLY | os.O_NONBLOCK))
        except OSError:
            pass
    threading.Thread(target=unblock, daemon=True).start()
    (tmp_path / "law.yaml").write_bytes((HOSTILE / BASE).read_bytes())
    result = run("check", "pipe.yaml")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "pipe.yaml: is not a regular file (it is a pipe, device or socket); give a framework file\n"
    if os.path.exists("/dev/zero"):
        result = run("check", "law.yaml", "--ruleset", "/dev/zero")
        assert result.exit_code == 2
        assert result.stderr == "/dev/zero: is not a regular file (it is a pipe, device or socket); give a ruleset file\n"


def test_max_bytes_applies_to_a_custom_ruleset_and_not_to_the_bundled_ones(in_corpus, monkeypatch):
    """A low --max-bytes refuses a custom ruleset over it, and gives the same result whether the
    ruleset cache is warm or not (the bundled rulesets are part of the program, not input)."""
    monkeypatch.setattr(loader, "MAX_BYTES", loader.MAX_BYTES)     # --max-bytes sets it for the process
    monkeypatch.setenv("FIREARMS_GAP_NO_CACHE", "1")
    size = (HOSTILE / "ruleset-injection.yaml").stat().st_size
    limit = str(max(size - 1, (HOSTILE / BASE).stat().st_size))
    result = run("--max-bytes", limit, "check", BASE, "--ruleset", "ruleset-injection.yaml")
    assert result.exit_code == 2
    assert result.stderr == f"ruleset-injection.yaml: file is more than {int(limit):,} bytes, the limit (raise it with --max-bytes)\n"
    assert run("--max-bytes", limit, "check", BASE).exit_code == 0


def test_five_megabytes_of_flow_scalars_stop_at_the_value_limit_while_streaming(tmp_path, monkeypatch):
    """2.6 million values in one flow sequence, under the size limit: the streaming pre-scan stops
    at the 200,001st value (line 1, its column) before any node tree is built."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "flow.yaml").write_bytes((b"notes: [" + b"0," * 2_600_000 + b"0]\n")[: loader.MAX_BYTES])
    composed = []
    monkeypatch.setattr(loader, "_check_tree", lambda root: composed.append(root))
    result = run("validate", "flow.yaml")
    assert result.exit_code == 2
    assert result.stderr == f"flow.yaml:1:{8 + 2 * (loader.MAX_NODES - 3) + 1}: more than {loader.MAX_NODES:,} YAML values in one file\n"
    assert composed == []


def test_thousands_of_unknown_keys_are_each_located_and_the_first_200_get_a_suggestion(tmp_path, monkeypatch):
    """Every unknown key is reported at its own line; past 200 in one file (not typos, then) the
    'did you mean' is left out, so 90,000 of them take a second rather than minutes."""
    monkeypatch.chdir(tmp_path)
    header = (HOSTILE / BASE).read_text(encoding="utf-8").split("sources:")[0]
    (tmp_path / "keys.yaml").write_text(header + "answers:\n" + "".join(f"  record{i}: {{}}\n" for i in range(300)),
                                        encoding="utf-8")
    result = run("check", "keys.yaml", "--format", "json")
    assert result.exit_code == 2
    errors = json.loads(result.stdout)["input_errors"]
    first = header.count("\n") + 2
    assert [(e["line"], e["message"].split(";")[0]) for e in errors] == [
        (first + i, f"unknown key 'record{i}'") for i in range(300)]
    assert sum("did you mean 'records'?" in e["message"] for e in errors) == 200


@pytest.mark.parametrize("data,inert", [
    ("see https://evil.example/pay?x=1 now", "`https://evil.example/pay?x=1`"),
    ("www.evil.example", "`www.evil.example`"),
    ("write to bob@evil.example", "`bob@evil.example`"),
])
def test_urls_from_input_are_inert_in_markdown(data, inert):
    """Issue 16: GitHub-style renderers link bare URLs and e-mail addresses by themselves; a URL
    from input is written as a code span, which none links."""
    from firearms_gap.render.escape import markdown_cell

    cell = markdown_cell(data)
    assert inert in cell
    assert cell.replace(inert, "").count("://") == 0 and "www." not in cell.replace(inert, "")

"""The console entry point ends the process with os._exit once output is flushed (issue 6):
what a user or a script reads must be exactly what an ordinary exit would have given."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
from clirun import invoke_main
from support import ROOT

from firearms_gap import launch

EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


@pytest.mark.parametrize("fmt", ["json", "csv", "markdown", "html"])
def test_a_pipe_receives_the_whole_output_and_the_exit_code(fmt):
    example = str(EXAMPLES[0])
    proc = subprocess.run([sys.executable, "-m", "firearms_gap", "check", example, "--format", fmt],
                          capture_output=True, cwd=ROOT)
    code, out, err = invoke_main(["check", example, "--format", fmt])
    assert proc.returncode == code == 1
    assert proc.stdout == out and len(out) > 10_000
    assert proc.stderr == err == b""


def test_an_input_error_reaches_stderr_before_the_process_ends(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "firearms_gap", "check", str(tmp_path / "missing.yaml")],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.strip().endswith("cannot read: No such file or directory")


@pytest.mark.parametrize("value, code, printed", [(None, 0, ""), (0, 0, ""), (2, 2, ""), (141, 141, ""),
                                                  ("stopped", 1, "stopped\n")])
def test_exit_values_map_as_sys_exit_would(value, code, printed, capsys):
    assert launch._exit_code(value) == code
    assert capsys.readouterr().err == printed


def _run_with_closed(fd: int, args: list[str]) -> subprocess.CompletedProcess:
    """Start firearms-gap with standard output (1) or error (2) closed, as `cmd >&-` does;
    the other stream is captured."""
    other = {"stderr": subprocess.PIPE} if fd == 1 else {"stdout": subprocess.DEVNULL}
    return subprocess.run([sys.executable, "-m", "firearms_gap", *args], cwd=ROOT, text=True,
                          preexec_fn=lambda: os.close(fd), **other)


@pytest.mark.parametrize("args", [["check", str(EXAMPLES[0])], ["check", str(EXAMPLES[0]), "--format", "json"],
                                  ["--version"], ["compare", str(EXAMPLES[0]), str(EXAMPLES[1])]])
def test_closed_standard_output_is_an_output_error_not_a_crash(args):
    proc = _run_with_closed(1, args)
    assert proc.returncode == 2
    assert proc.stderr.strip() == "<stdout>: cannot write output: standard output is closed (use -o FILE)"


def test_closed_standard_output_still_allows_writing_a_file(tmp_path):
    target = tmp_path / "report.json"
    proc = _run_with_closed(1, ["check", str(EXAMPLES[0]), "--format", "json", "-o", str(target)])
    assert proc.returncode == 1 and proc.stderr == ""
    assert target.read_text(encoding="utf-8").startswith("{")


def test_closed_standard_error_keeps_the_exit_code():
    assert _run_with_closed(2, ["check", str(EXAMPLES[0])]).returncode == 1
    assert _run_with_closed(2, ["check", "missing.yaml"]).returncode == 2


def test_a_coverage_run_ends_the_ordinary_way_so_its_data_is_written(tmp_path):
    """os._exit would skip coverage.py's exit handler; with coverage loaded, sys.exit is used."""
    code = ("import sys, atexit, types\n"
            "sys.modules['coverage'] = types.ModuleType('coverage')     # as `coverage run` has it loaded\n"
            "marker = sys.argv[1]\n"
            "atexit.register(lambda: open(marker, 'w').write('saved'))\n"
            "sys.argv = ['firearms-gap', '--version']\n"
            "from firearms_gap.launch import main\nmain()\n")
    marker = tmp_path / "marker"
    proc = subprocess.run([sys.executable, "-c", code, str(marker)], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0 and proc.stdout.startswith("firearms-gap ")
    assert marker.read_text() == "saved"

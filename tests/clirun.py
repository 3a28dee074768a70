"""Run the CLI as a user does: in-process through the console script's entry point (cli.main, so
exit codes and error printing are exactly what a user gets), or in a subprocess where a test needs a
process of its own (start-up, signals, crashes of C code)."""
from __future__ import annotations

import json
import os
import subprocess
import sys

from click.testing import CliRunner
from support import ROOT

from firearms_gap import cli


def invoke_main(args, input: bytes | str | None = None) -> tuple[int, bytes, bytes]:
    """Exit code, stdout bytes and stderr bytes of `firearms-gap ARGS`."""
    runner = CliRunner()
    with runner.isolation(input=input) as (out, err, _mixed):
        try:
            cli.main(list(args))
            code = 0
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else 1
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
        return code, out.getvalue(), err.getvalue()


class Run:
    """One run: the exit code, and standard output and standard error kept apart."""
    __slots__ = ("code", "out", "err")

    def __init__(self, code: int, out: bytes, err: bytes):
        self.code, self.out, self.err = code, out, err

    @property
    def stdout(self) -> str:
        return self.out.decode("utf-8")

    @property
    def stderr(self) -> str:
        return self.err.decode("utf-8")

    def json(self):
        return json.loads(self.out)

    # The names click's own test results use, so a test reads the same either way.
    exit_code = property(lambda self: self.code)
    output = stdout


def run(*args, input: bytes | str | None = None) -> Run:
    """`firearms-gap ARGS` in-process. A traceback is never what a user sees, except under
    FIREARMS_GAP_DEBUG: every test that runs the CLI checks it."""
    result = Run(*invoke_main([str(a) for a in args], input))
    if not os.environ.get("FIREARMS_GAP_DEBUG"):
        assert b"Traceback" not in result.err, result.stderr[-2000:]
    return result


def run_process(*args, stdin: bytes | None = None, cwd=None, env: dict | None = None,
                timeout: float = 120) -> subprocess.CompletedProcess:
    """`python -m firearms_gap ARGS` in a process of its own (bytes out, bytes err)."""
    return subprocess.run([sys.executable, "-m", "firearms_gap", *map(str, args)], input=stdin,
                          capture_output=True, cwd=cwd or ROOT, env=env, timeout=timeout)

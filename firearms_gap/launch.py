"""The console entry point (and `python -m firearms_gap`).

Two things happen here rather than in cli.main, which scripts and tests may call in-process:

- Ctrl-C pressed while Python is still importing ends quietly with 130, like Ctrl-C later on.
- The process ends with os._exit once its output is flushed. Tearing down the interpreter
  (freeing every object and module one by one) measured ~10 ms of a ~60 ms `check`
  (benchmarks/run.py), for nothing: the OS reclaims the memory at once. Nothing of ours needs
  teardown - files are written atomically and closed before the command returns - so only
  the standard streams are flushed, as mypy does for the same reason. Under coverage.py, whose
  data is written at exit, the process ends the ordinary way.
"""
from __future__ import annotations

import gc
import os
import sys

from firearms_gap.exitcodes import ExitCode

EXIT_BROKEN_PIPE = ExitCode.BROKEN_PIPE


def main() -> None:
    # Fewer collections of the youngest generation while YAML builds thousands of small,
    # mostly acyclic objects (reference counting frees them); the older generations still run.
    gc.set_threshold(50_000, 20, 20)
    try:
        from firearms_gap.cli import main as run
    except KeyboardInterrupt:
        sys.stderr.write("Interrupted.\n")
        sys.exit(ExitCode.INTERRUPTED)
    try:
        run()
        code = 0
    except SystemExit as e:
        code = _exit_code(e.code)
    _hard_exit(code)


def _exit_code(value) -> int:
    if value is None:
        return 0
    if isinstance(value, int):
        return value
    sys.stderr.write(f"{value}\n")               # what sys.exit("message") would have printed
    return 1


def _hard_exit(code: int) -> None:
    try:
        if sys.stdout is not None:               # None: the process started with it closed
            sys.stdout.flush()
    except BrokenPipeError:
        code = EXIT_BROKEN_PIPE                   # the reader went away after the last write
    except OSError:
        code = code or 1
    try:
        if sys.stderr is not None:
            sys.stderr.flush()
    except OSError:
        pass
    if "coverage" in sys.modules:                # a coverage run saves its data at exit: let it
        sys.exit(code)
    os._exit(code)

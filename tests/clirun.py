"""Run the CLI in-process exactly as the console script does (through cli.main and its exit codes)."""
from __future__ import annotations

import sys

from click.testing import CliRunner

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

"""The console entry point. It imports the CLI inside a guard so that Ctrl-C pressed while
Python is still importing (the first ~100 ms) ends quietly with 130, like Ctrl-C later on."""
from __future__ import annotations

import sys


def main() -> None:
    try:
        from firearms_gap.cli import main as run
    except KeyboardInterrupt:
        sys.stderr.write("Interrupted.\n")
        sys.exit(130)
    run()

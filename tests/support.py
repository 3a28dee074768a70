"""What several test modules share: where things are, and how a test says something it needs is missing.

A test that needs something outside the project (the legal sources beside the clone, a browser) is
skipped on a contributor's machine with a message that names what is missing and how to get it; under
CI=true (where .ci/run provides all of it) it fails instead, so a missing dependency can never turn the
legal or browser tests into silent skips.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
# The source documents the rulesets are checked against live beside the clone, not in it.
SOURCES = ROOT.parent / "shared" / "sources"


def unavailable(message: str) -> None:
    """Skip the calling test (fail it under CI=true), saying what is missing."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message} (CI=true: this test must run in CI)")
    pytest.skip(message)


def source_file(name: str) -> Path:
    """A file of the legal sources, or skip/fail naming it."""
    path = SOURCES / name
    if not path.is_file():
        unavailable(f"the legal source {name} is not at ../shared/sources beside the clone "
                    "(the ruleset-vs-source tests need the project's shared/ folder)")
    return path

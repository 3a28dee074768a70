import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


@pytest.fixture(autouse=True)
def _stable_env(monkeypatch):
    # Output must not depend on the developer's terminal.
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("COLUMNS", "120")


def pytest_configure(config):
    # Tests must not write a ruleset cache into the developer's home directory.
    import tempfile

    os.environ.setdefault("FIREARMS_GAP_CACHE_DIR", tempfile.mkdtemp(prefix="firearms-gap-test-cache-"))

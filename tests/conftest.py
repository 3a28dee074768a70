import os
import shutil
import tempfile

import pytest
from support import ROOT

# The ruleset cache directory this test session made (None when the caller chose one).
_made_cache_dir: str | None = None


@pytest.fixture(autouse=True)
def _stable_env(monkeypatch):
    # Output must not depend on the developer's terminal.
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("COLUMNS", "120")


@pytest.fixture
def in_repository(monkeypatch):
    """Run from the repository root, so files are named as a user names them (examples/...); no
    build date and no debug output, so outputs compare byte for byte with the goldens."""
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.delenv("FIREARMS_GAP_DEBUG", raising=False)


@pytest.fixture
def law(tmp_path):
    """Write a framework file (text) into the test's directory; its path, as a string."""
    def write(text: str, name: str = "law.yaml") -> str:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return str(path)
    return write


def pytest_configure(config):
    # Tests must not write a ruleset cache into the developer's home directory.
    global _made_cache_dir
    if "FIREARMS_GAP_CACHE_DIR" not in os.environ:
        _made_cache_dir = tempfile.mkdtemp(prefix="firearms-gap-test-cache-")
        os.environ["FIREARMS_GAP_CACHE_DIR"] = _made_cache_dir


def pytest_unconfigure(config):
    # ... nor leave one in the temporary directory after the run.
    global _made_cache_dir
    if _made_cache_dir is not None:
        shutil.rmtree(_made_cache_dir, ignore_errors=True)
        os.environ.pop("FIREARMS_GAP_CACHE_DIR", None)
        _made_cache_dir = None

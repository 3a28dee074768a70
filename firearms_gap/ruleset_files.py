"""Where rulesets are, and reading one's bytes: a bundled ruleset by name, any other by path."""
from __future__ import annotations

import os
from functools import lru_cache

from firearms_gap.diagnostics import InputError


def bundled_names() -> list[str]:
    return list(_bundled_name_tuple())


@lru_cache(maxsize=1)
def _bundled_name_tuple() -> tuple[str, ...]:
    # Listed once per process: a run asks a few dozen times, and the package does not change under it.
    return tuple(sorted(n[:-5] for n in os.listdir(_bundled_dir()) if n.endswith(".yaml")))


# os.path rather than pathlib or importlib.resources on this path: pathlib's imports cost ~2.5 ms
# of every `check`, and importlib.resources (which imports pathlib, and more) ~10 ms by
# `python -X importtime` (measured for issue 12); tests/test_startup.py keeps both out of `check`.
# The rulesets are plain files in every install we support (a wheel or an editable checkout),
# never inside a zip, so the plain path is enough.
@lru_cache(maxsize=1)
def _bundled_dir() -> str:
    """Installed: firearms_gap/rulesets (setup.cfg maps the top-level rulesets/ there).
    Source checkout or editable install: the repository's rulesets/ beside the package."""
    package = os.path.dirname(os.path.realpath(__file__))
    installed = os.path.join(package, "rulesets")
    return installed if os.path.isdir(installed) else os.path.join(os.path.dirname(package), "rulesets")


def bundled_path(name: str) -> str:
    return os.path.join(_bundled_dir(), f"{name}.yaml")


def bundled_origins() -> set[str]:
    """The display names bundled rulesets are read under (and their diagnostics name)."""
    return {f"rulesets/{n}.yaml" for n in bundled_names()}


def read_ruleset(name_or_path: str) -> tuple[bytes, str]:
    """Bytes and display name of a bundled ruleset (by name) or a ruleset file (by path)."""
    if name_or_path in bundled_names():
        return read_bytes(bundled_path(name_or_path)), f"rulesets/{name_or_path}.yaml"
    if name_or_path.endswith((".yaml", ".yml")) or os.path.exists(name_or_path):
        try:
            return read_bytes(name_or_path), name_or_path
        except OSError as e:
            raise InputError.single(name_or_path, f"cannot read ruleset: {e.strerror}") from None
    raise InputError.single(
        name_or_path, f"no bundled ruleset of that name (bundled: {', '.join(bundled_names())}) and no such file")


def read_bytes(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


def same_file(name: str, path: str) -> bool:
    try:
        return os.path.realpath(name) == os.path.realpath(path)
    except (OSError, ValueError):
        return False

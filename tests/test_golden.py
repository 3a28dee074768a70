"""Golden output: what `firearms-gap check` prints for the fictional examples, byte for byte.

For every fictional example (``fictional: true`` in examples/*.yaml) and every text format
(findings - check's default -, table, markdown, csv, json), the output of

    firearms-gap check examples/NAME.yaml --ruleset firearms-protocol --format FORMAT --width 120

is compared with tests/golden/NAME.FORMAT-EXTENSION. The Protocol ruleset alone is used so that
work on the other rulesets does not churn these files; the fictional examples alone, because they
are the stable demonstrations (real-country examples change as their research does).

When an output change is intended, regenerate the files and review the diff before committing:

    UPDATE_GOLDEN=1 python -m pytest -q tests/test_golden.py

The files keep rich's trailing spaces and the CSV's CRLF line ends (tests/golden/.gitattributes
turns off end-of-line conversion); do not let an editor "clean" them.

The JSON output is also validated against firearms_gap/schemas/result.schema.json, for every
example with every bundled ruleset, and for the input-error form.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from support import ROOT

from firearms_gap import loader
from firearms_gap.cli import cli

GOLDEN = Path(__file__).resolve().parent / "golden"
RESULT_SCHEMA = ROOT / "firearms_gap" / "schemas" / "result.schema.json"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"

FORMATS = {"findings": "findings.txt", "table": "txt", "markdown": "md", "csv": "csv", "json": "json"}
ALL_EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


def _fictional(path: Path) -> bool:
    return loader.load(path.read_bytes(), path.name).data.get("jurisdiction", {}).get("fictional") is True


GOLDEN_EXAMPLES = [p for p in ALL_EXAMPLES if _fictional(p)]


def args(example: Path, fmt: str, *extra: str) -> list[str]:
    return ["check", f"examples/{example.name}", "--ruleset", "firearms-protocol", "--format", fmt,
            "--width", "120", *extra]


def invoke(argv: list[str]) -> bytes:
    """stdout of a run that completed (exit 0 or 1, not an exception click turned into exit 1)."""
    result = CliRunner().invoke(cli, argv)
    assert isinstance(result.exception, (SystemExit, type(None))), f"{result.exception!r}"
    assert result.exit_code in (0, 1), result.stderr
    assert result.stderr == ""
    return result.stdout_bytes


pytestmark = pytest.mark.usefixtures("in_repository")  # conftest.py


def golden_path(example: Path, fmt: str) -> Path:
    return GOLDEN / f"{example.stem}.{FORMATS[fmt]}"


CASES = [pytest.param(e, f, id=f"{e.stem}-{f}") for e in GOLDEN_EXAMPLES for f in FORMATS]


def test_there_are_fictional_examples_to_compare():
    assert {"aldoria-typical-gaps", "borealia-near-complete", "cordania-early-stage"} <= {
        e.stem for e in GOLDEN_EXAMPLES}


@pytest.mark.parametrize("example,fmt", CASES)
def test_output_matches_golden(example, fmt):
    out = invoke(args(example, fmt))
    path = golden_path(example, fmt)
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        path.write_bytes(out)
    assert path.exists(), f"no golden file {path.name}: run UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py"
    expected = path.read_bytes()
    if out != expected:
        diff = next(i for i, (a, b) in enumerate(zip(out + b"\0", expected + b"\0")) if a != b)
        line = out[:diff].count(b"\n") + 1
        pytest.fail(f"{fmt} output of {example.name} differs from {path.name} from line {line}:\n"
                    f"got:      {out.splitlines()[line - 1] if line <= len(out.splitlines()) else b''!r}\n"
                    f"expected: {expected.splitlines()[line - 1] if line <= len(expected.splitlines()) else b''!r}\n"
                    "If the change is intended: UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py")


def test_no_stale_golden_files():
    expected = {golden_path(e, f).name for e in GOLDEN_EXAMPLES for f in FORMATS}
    present = ({p.name for p in GOLDEN.iterdir() if p.is_file() and not p.name.startswith(".")}
               if GOLDEN.is_dir() else set())   # sub-folders hold the compare and diff goldens
    assert sorted(present - expected) == [], "golden files for no example: delete them"


@pytest.mark.parametrize("example,fmt", CASES)
def test_output_names_no_machine_path(example, fmt):
    text = invoke(args(example, fmt)).decode("utf-8")
    assert str(ROOT) not in text
    assert f"examples/{example.name}" in text or fmt in ("findings", "table", "markdown", "csv")


@pytest.mark.parametrize("fmt", ["findings", "table", "json"])
def test_output_is_identical_across_processes_and_hash_seeds(fmt):
    """Two runs in fresh interpreters with different hash seeds print the same bytes as the golden file."""
    example = GOLDEN_EXAMPLES[0]
    outs = []
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed, COLUMNS="80")
        env.pop("NO_COLOR", None)
        proc = subprocess.run([sys.executable, "-m", "firearms_gap", *args(example, fmt)], cwd=ROOT, env=env,
                              capture_output=True, timeout=120)
        assert proc.returncode in (0, 1), proc.stderr.decode()
        outs.append(proc.stdout)
    assert outs[0] == outs[1]
    assert outs[0] == invoke(args(example, fmt))


def test_two_runs_in_one_process_are_identical():
    for example in GOLDEN_EXAMPLES:
        for fmt in FORMATS:
            assert invoke(args(example, fmt)) == invoke(args(example, fmt)), f"{example.name} {fmt}"


def test_golden_outputs_show_the_statuses_they_are_meant_to_show():
    """The examples demonstrate distinct profiles; a golden file regenerated blindly must keep them."""
    def statuses(stem):
        data = json.loads((GOLDEN / f"{stem}.json").read_text(encoding="utf-8"))
        return {r["id"]: r["status"] for r in data["results"]}, data
    aldoria, _ = statuses("aldoria-typical-gaps")
    assert aldoria["FP-7-firearms"] == "partial"                  # records kept five years
    assert aldoria["FP-8-1-b"] == "gap"                           # no import marking
    assert aldoria["FP-9-a"] == "gap"                             # no deactivation standard
    borealia, data = statuses("borealia-near-complete")
    assert data["summary"]["failing"] == []
    assert borealia["FP-9-a"] == "met" and borealia["FP-15-2"] == "partial"
    assert all(not r["unsupported"] for r in data["results"])    # every answer cites a provision
    cordania, data = statuses("cordania-early-stage")
    assert data["summary"]["by_status"]["not assessed"] > len(cordania) // 2
    assert any(r["unsupported"] for r in data["results"])
    assert cordania["FP-15-2"] == "not applicable"


# --------------------------------------------------------------------------- the JSON contract

@pytest.fixture(scope="module")
def validator():
    from jsonschema import Draft202012Validator

    schema = json.loads(RESULT_SCHEMA.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def errors(validator, data) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"[:300] for e in validator.iter_errors(data)]


def test_result_schema_is_draft_2020_12(validator):
    assert validator.schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def _properties(node, where="#"):
    """Every (location, name, schema) under a 'properties' keyword, anywhere in the schema."""
    if isinstance(node, dict):
        for name, sub in (node.get("properties") or {}).items():
            yield f"{where}/properties/{name}", name, sub
        for key, value in node.items():
            yield from _properties(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _properties(value, f"{where}/{i}")


def test_every_property_in_the_result_schema_has_a_description(validator):
    props = list(_properties(validator.schema))
    assert len(props) > 50
    assert [where for where, _name, sub in props if not sub.get("description")] == []


@pytest.mark.parametrize("example", ALL_EXAMPLES, ids=lambda p: p.stem)
def test_json_output_of_every_example_validates(validator, example):
    """With every bundled ruleset, so every legal force and section the output can carry is seen."""
    data = json.loads(invoke(["check", f"examples/{example.name}", "--format", "json"]))
    assert "results" in data
    assert errors(validator, data) == []


@pytest.mark.parametrize("example", GOLDEN_EXAMPLES, ids=lambda p: p.stem)
def test_golden_json_validates(validator, example):
    assert errors(validator, json.loads(golden_path(example, "json").read_text(encoding="utf-8"))) == []


def test_input_errors_json_validates(validator, tmp_path):
    from firearms_gap.cli import main

    bad = tmp_path / "bad.yaml"
    bad.write_text("format: firearms-gap/framework-1\njurisdiction: {name: X, code: xx}\n"
                   "answers:\n  records:\n    retention_years: {answer: five}\n", encoding="utf-8")
    runner = CliRunner()
    for argv in (["check", str(bad), "-f", "json"], ["check", str(tmp_path / "missing.yaml"), "-f", "json"],
                 ["check", str(bad), "-f", "json", "--fail-on", "sometimes"]):
        with runner.isolation() as (out, _err, _mixed):
            with pytest.raises(SystemExit) as exit_info:
                main(argv)
            sys.stdout.flush()
            data = json.loads(out.getvalue())
        assert exit_info.value.code == 2
        assert data["input_errors"], argv
        assert errors(validator, data) == [], argv


def test_the_schema_rejects_what_the_output_must_never_be(validator):
    """The schema must be able to fail: a report with an unknown status or a stray key is invalid."""
    data = json.loads(golden_path(GOLDEN_EXAMPLES[0], "json").read_text(encoding="utf-8"))
    data["results"][0]["status"] = "compliant"
    assert errors(validator, data)
    data = json.loads(golden_path(GOLDEN_EXAMPLES[0], "json").read_text(encoding="utf-8"))
    data["results"][0]["score"] = 1
    assert errors(validator, data)
    assert errors(validator, {"output_schema_version": "1", "input_errors": []})

"""Every JSON document firearms-gap writes has a `kind` and a published schema
(firearms_gap/schemas/, `firearms-gap schema --output-of KIND`), and validates against it.

The documents are made by running the commands as a user does; the schemas are checked with the
real jsonschema (Draft 2020-12), so a field added to an output without its schema fails here."""
from __future__ import annotations

import json

import pytest
from clirun import run
from jsonschema import Draft202012Validator
from support import ROOT

from firearms_gap.commands.schema import OUTPUT_KINDS
from firearms_gap.render.formats.json import KINDS, OUTPUT_SCHEMA_VERSION, SCHEMA_FILES

SCHEMAS = ROOT / "firearms_gap" / "schemas"
RULESET = "tests/fixtures/batch/ruleset/test-ruleset.yaml"
BATCH = ["tests/fixtures/batch/xa-aldoria.yaml", "tests/fixtures/batch/xb-borealia.yaml",
         "tests/fixtures/batch/xc-cordania.yaml"]
LAW, DRAFT = "tests/fixtures/batch/diff/law.yaml", "tests/fixtures/batch/diff/draft.yaml"
BROKEN = "tests/fixtures/batch/invalid/broken.yaml"

pytestmark = pytest.mark.usefixtures("in_repository")  # conftest.py

# (kind, the command line, the exit code expected): every command with a JSON output, its report
# and its error document.
RUNS = [
    ("check", ["check", "examples/aldoria-typical-gaps.yaml", "-f", "json"], 1),
    ("check", ["check", "--ruleset", RULESET, LAW, "-f", "json", "--fail-on", "none"], 0),
    ("check", ["check", BROKEN, "-f", "json"], 2),
    ("compare", ["compare", "--ruleset", RULESET, *BATCH, "-f", "json"], 1),
    ("compare", ["compare", "examples", "-f", "json", "--fail-on", "none"], 0),
    ("compare", ["compare", "--ruleset", RULESET, *BATCH, BROKEN, "-f", "json"], 2),       # incomplete
    ("compare", ["compare", *BATCH, "-f", "json", "--fail-on", "sometimes"], 2),          # error document
    ("diff", ["diff", "--ruleset", RULESET, LAW, DRAFT, "-f", "json"], 1),
    ("diff", ["diff", "examples/aldoria-typical-gaps.yaml", "examples/borealia-near-complete.yaml",
              "-f", "json"], None),
    ("diff", ["diff", LAW, BROKEN, "-f", "json"], 2),
    ("validation", ["validate", "--ruleset", RULESET, LAW, BROKEN, "-f", "json"], 2),
    ("validation", ["validate", "examples/aldoria-typical-gaps.yaml", "-f", "json"], 0),
    ("validation", ["validate", LAW, "--ruleset", "no-such-ruleset", "-f", "json"], 2),
    ("rules", ["rules", "list", "-f", "json"], 0),
    ("rules", ["rules", "show", "FP-8-1-b", "-f", "json"], 0),
    ("coverage", ["rules", "coverage", "-f", "json"], 0),
    ("needs", ["needs", "examples/aldoria-typical-gaps.yaml", "examples/cordania-early-stage.yaml", "-f", "json"], 0),
    ("needs", ["needs", "--ruleset", RULESET, LAW, "-f", "json"], 0),                        # no need recorded
    ("needs", ["needs", "--ruleset", RULESET, LAW, BROKEN, "-f", "json"], 2),
    ("history", ["history", "examples/cordania-early-stage.yaml", "examples/aldoria-typical-gaps.yaml",
                 "-f", "json"], None),
    ("history", ["history", "--ruleset", RULESET, LAW, DRAFT, "-f", "json", "--force", "mandatory"], None),
    ("history", ["history", "examples/aldoria-typical-gaps.yaml", "examples/aldoria-typical-gaps.yaml",
                 "-f", "json"], 0),                                                      # the same file twice
    ("history", ["history", "--ruleset", RULESET, LAW, BROKEN, "-f", "json"], 2),
    ("history", ["history", LAW, DRAFT, "-f", "json", "--fail-on", "sometimes"], 2),       # error document
]


def validator(kind: str) -> Draft202012Validator:
    schema = json.loads((SCHEMAS / SCHEMA_FILES[kind]).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def test_every_kind_has_a_schema_file_and_the_schema_command_offers_it():
    assert OUTPUT_KINDS == KINDS
    assert sorted(SCHEMA_FILES.values()) == sorted(
        p.name for p in SCHEMAS.glob("*.schema.json") if p.name not in ("framework.schema.json", "ruleset.schema.json"))


@pytest.mark.parametrize("kind", KINDS)
def test_schema_output_of_prints_the_published_file(kind):
    r = run("schema", "--output-of", kind)
    assert r.code == 0, r.stderr
    assert json.loads(r.out) == json.loads((SCHEMAS / SCHEMA_FILES[kind]).read_text(encoding="utf-8"))


@pytest.mark.parametrize("kind", KINDS)
def test_every_property_of_every_output_schema_says_what_it_is(kind):
    v = validator(kind)
    assert v.schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"

    def undescribed(node, where="#"):
        if isinstance(node, dict):
            for name, sub in (node.get("properties") or {}).items():
                if not sub.get("description"):
                    yield f"{where}/properties/{name}"
            for key, value in node.items():
                yield from undescribed(value, f"{where}/{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                yield from undescribed(value, f"{where}/{i}")
    assert list(undescribed(v.schema)) == []


@pytest.mark.parametrize("kind,argv,code", RUNS, ids=lambda x: " ".join(x) if isinstance(x, list) else str(x))
def test_every_json_document_has_its_kind_and_validates(kind, argv, code):
    r = run(*argv)
    if code is not None:
        assert r.code == code, r.stderr
    data = json.loads(r.out)
    assert data["kind"] == kind
    assert data["output_schema_version"] == OUTPUT_SCHEMA_VERSION
    problems = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"[:300] for e in validator(kind).iter_errors(data)]
    assert problems == []


def test_a_schema_rejects_a_document_of_another_kind():
    check = json.loads(run("check", "examples/aldoria-typical-gaps.yaml", "-f", "json").out)
    assert not validator("compare").is_valid(check)
    assert not validator("diff").is_valid(check)


def test_compare_cells_carry_the_same_structured_findings_as_check():
    compare = json.loads(run("compare", "--ruleset", RULESET, *BATCH, "-f", "json").out)
    for file in BATCH:
        check = json.loads(run("check", "--ruleset", RULESET, file, "-f", "json").out)
        for result in check["results"]:
            req = next(r for r in compare["requirements"] if r["id"] == result["id"])
            cell = next(c for c in req["cells"] if c["file"] == file)
            assert (cell["status"], cell["national_provisions"], cell["missing"], cell["unanswered"], cell["summary"]) \
                == (result["status"], result["national_provisions"], result["missing"], result["unanswered"],
                    result["summary"])


def test_status_counts_are_keyed_by_the_status_as_results_spell_it():
    """The documented jq: .summary.by_status[.status] and .summary.by_status["not assessed"]."""
    data = json.loads(run("check", "examples/aldoria-typical-gaps.yaml", "-f", "json").out)
    statuses = [r["status"] for r in data["results"]]
    for status, n in data["summary"]["by_status"].items():
        assert statuses.count(status) == n
    assert data["summary"]["by_status"]["not assessed"] == statuses.count("not assessed")


@pytest.mark.parametrize("kind", KINDS)
def test_every_schema_states_the_one_output_schema_version(kind):
    assert validator(kind).schema["$defs"]["output_schema_version"]["const"] == OUTPUT_SCHEMA_VERSION

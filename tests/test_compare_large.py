"""`compare` over many files: what it keeps per jurisdiction, and JSON and HTML written in pieces.

A comparison of thousands of files keeps, per jurisdiction, only what its formats show (never
the full Reports), and writes its JSON and HTML a piece at a time; the output must not change for it.
"""
from __future__ import annotations

import gc
import json
import types

import pytest
from clirun import run
from test_compare import (
    BROKEN,
    FIXTURES,
    HOSTILE,
    HOSTILE_RULESET,
    ROOT,
    RULESET,
    XA,
    XB,
    XC,
    compare,
)

from firearms_gap import api, batch, cells
from firearms_gap.render import formats
from firearms_gap.render.formats import json as json_format
from firearms_gap.views.compare import CompareView
from firearms_gap.result import ElementResult, Report, RequirementResult

CASES = {
    "fixtures": (RULESET, [f"{FIXTURES}/"], {}),
    "hostile": (HOSTILE_RULESET, list(HOSTILE), {}),
    "incomplete": (RULESET, [XA, BROKEN, XC], {}),
    "nothing valid": (RULESET, [BROKEN], {}),
    "filtered": (RULESET, [XC, XB], {"themes": ("records",), "fail_on": "none"}),
}


pytestmark = pytest.mark.usefixtures("in_repository")  # conftest.py


def make(case: str, details: bool = True) -> batch.BatchResult:
    ruleset, files, options = CASES[case]
    book = api.load_rules([ruleset])
    return batch.compare(files, book, details=details, **options)


@pytest.mark.parametrize("case", CASES)
def test_json_in_pieces_is_the_whole_document(case):
    view = CompareView(make(case))
    whole = json.dumps(json_format.compare_data(view), ensure_ascii=False, indent=2) + "\n"
    assert "".join(formats.pieces(view, "json")) == whole
    assert formats.render(view, "json") == whole


def test_json_to_a_file_is_what_standard_output_shows(tmp_path):
    out = tmp_path / "compare.json"
    to_file = compare(f"{FIXTURES}/", "-f", "json", "-o", str(out))
    assert to_file.code == 1 and to_file.out == b""
    assert out.read_bytes() == compare(f"{FIXTURES}/", "-f", "json").out
    assert [p.name for p in tmp_path.iterdir()] == ["compare.json"]          # no temporary file left


@pytest.mark.parametrize("case", [c for c in CASES if c != "nothing valid"])
def test_html_is_written_a_row_at_a_time(case):
    """The page of 5,000 jurisdictions is tens of megabytes: made whole, it was held several times
    over. In pieces, no piece holds more than one row of the matrix or one jurisdiction."""
    view = CompareView(make(case, details=False))
    pieces = list(formats.pieces(view, "html"))
    assert "".join(pieces) == formats.render(view, "html")
    rows = '<tr><th><span class="id">'
    assert sum(p.count(rows) for p in pieces) == len(view.rows) > 0
    assert max(p.count(rows) for p in pieces) == 1
    assert max(p.count('<tr><td class="id">') for p in pieces) == 1      # the table of jurisdictions
    assert max(p.count("<h3>") for p in pieces) == 1                      # the summary by jurisdiction


@pytest.mark.parametrize("case", [c for c in CASES if c != "nothing valid"])   # the CLI prints only errors
@pytest.mark.parametrize("fmt", ["table", "markdown", "csv", "html"])
def test_formats_that_show_no_cell_details_do_not_need_them(case, fmt):
    assert formats.render(CompareView(make(case, details=False)), fmt) == formats.render(CompareView(make(case)), fmt)


def test_json_and_xlsx_need_the_details():
    lean = make("fixtures", details=False)
    for fmt in ("json", "xlsx"):
        with pytest.raises(ValueError, match="details"):
            formats.render(CompareView(lean), fmt)


def _reachable(obj):
    seen, stack = set(), [obj]
    while stack:
        o = stack.pop()
        if id(o) in seen or isinstance(o, (type, types.ModuleType, types.FunctionType)):
            continue
        seen.add(id(o))
        yield o
        stack.extend(gc.get_referents(o))


@pytest.mark.parametrize("details", [True, False])
def test_a_comparison_keeps_no_report(details):
    """Keeping every Report (every element of every requirement, with its strings) made a
    comparison of 1,000 files take about 900 MiB."""
    result = make("fixtures", details=details)
    assert len(result.columns) == 3
    kept = [type(o).__name__ for o in _reachable(result) if isinstance(o, (Report, RequirementResult, ElementResult))]
    assert kept == []


def test_a_jurisdiction_compared_twice_shares_its_text(tmp_path):
    """Repeated text (the same finding in many jurisdictions) is kept once, when cells are kept in memory."""
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_bytes((ROOT / XA).read_bytes())
    result = batch.compare([str(tmp_path)], api.load_rules([RULESET]), cells=cells.InMemory)
    a, b = result.columns
    assert a.lines == b.lines and all(x is y for x, y in zip(a.lines, b.lines))


def test_check_xlsx_is_still_a_batch_of_one(tmp_path):
    out = tmp_path / "check.xlsx"
    assert run("check", XA, "--ruleset", RULESET, "-f", "xlsx", "-o", str(out)).code == 1
    assert out.read_bytes()[:2] == b"PK"

"""`partial_list: true`: a list answer that names only what the sources confirm.

Options it does not name are not assessed, never absent (a source's silence is not a "no").
"""
from __future__ import annotations

import json

from click.testing import CliRunner

from firearms_gap.cli import cli

BASE = """\
format: firearms-gap/framework-1
jurisdiction: {name: Testland, code: XT, fictional: true}
sources: {ACT: {title: Test Act, year: 2024}}
answers:
  manufacturing_technology:
    blueprint_offence_acts:
      answer: [possession]
      provision: {source: ACT, at: "s. 1"}
"""


def elements(text: str, rid: str) -> dict:
    out = CliRunner().invoke(cli, ["check", "-", "--format", "json", "--ruleset", "wg-2024-recommendations"],
                             input=text)
    assert out.exit_code in (0, 1), out.output
    result = next(r for r in json.loads(out.output)["results"] if r["id"] == rid)
    return {"status": result["status"], **{e["id"]: e["state"] for e in result["elements"]}}


def test_a_complete_list_makes_unlisted_acts_absent():
    got = elements(BASE, "WG24-3-offence")
    assert got == {"status": "partial", "possession": "met", "uploading-downloading": "not met",
                   "transfer": "not met"}


def test_a_partial_list_leaves_unlisted_acts_not_assessed():
    got = elements(BASE + "      partial_list: true\n", "WG24-3-offence")
    assert got == {"status": "not assessed", "possession": "met", "uploading-downloading": "not assessed",
                   "transfer": "not assessed"}


def test_partial_list_is_only_accepted_on_list_answers():
    text = BASE.replace("  manufacturing_technology:\n", "  penalties:\n    maximum_penalty_years:\n"
                        "      answer: 5\n      partial_list: true\n  manufacturing_technology:\n")
    out = CliRunner().invoke(cli, ["check", "-"], input=text)
    assert out.exit_code != 0

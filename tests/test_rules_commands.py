"""`firearms-gap rules list | show | coverage` as a user runs them."""
from __future__ import annotations

import json

from clirun import run


def test_list_filters_by_ruleset_force_theme_and_kind():
    out = run("rules", "list", "--ruleset", "firearms-protocol", "--force", "conditional", "-f", "json")
    data = json.loads(out.output)["requirements"]
    # FP-9-c is qualified: it sets the content of a verification art. 9(b) asks for "where appropriate".
    assert {r["id"] for r in data} == {"FP-9", "FP-9-a", "FP-10-4"}
    out = run("rules", "list", "--theme", "records", "--kind", "legislative", "-f", "json")
    listed = json.loads(out.output)["requirements"]
    assert listed and all(r["theme"] == "records" and r["kind"] == "legislative" for r in listed)


def test_list_table_counts_requirements():
    out = run("rules", "list", "--ruleset", "firearms-protocol")
    assert out.exit_code == 0
    assert "53 requirement(s)" in out.output


def test_show_gives_the_source_words_elements_and_links_both_ways():
    out = run("rules", "show", "FP-9-a")
    assert out.exit_code == 0
    assert "Firearms Protocol, art. 9(a)" in out.output
    assert "rendered permanently inoperable" in out.output          # the Protocol's own words
    assert "met when: deactivation.permanently_inoperable_standard is true" in out.output
    assert "Built on by:" in out.output and "WG24-2" in out.output
    [data] = json.loads(run("rules", "show", "WG24-2", "-f", "json").output)["requirements"]
    assert data["force"] == "recommended" and "FP-9-a" in data["related"]["builds_on"]


def test_show_unknown_id_suggests_close_ones_and_exits_2():
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "firearms_gap", "rules", "show", "FP-9a"],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert "FP-9a: no such requirement; did you mean" in proc.stderr and "FP-9-a" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_coverage_lists_every_item_with_encoding_or_reason():
    data = json.loads(run("rules", "coverage", "-f", "json").output)
    by_ruleset: dict[str, int] = {}
    for row in data["items"]:
        by_ruleset[row["ruleset"]] = by_ruleset.get(row["ruleset"], 0) + 1
        assert row["encoded_as"] or row["excluded"]
    assert by_ruleset["wg-2017-recommendations"] == 26
    assert by_ruleset["wg-2020-discussion-points"] == 28
    assert by_ruleset["wg-2024-recommendations"] == 22
    assert by_ruleset["cop10-draft-resolution"] == 24
    md = run("rules", "coverage", "--ruleset", "wg-2024-recommendations", "-f", "markdown").output
    assert "| wg-2024-recommendations | WG on Firearms, report of 3-4 April 2024 meeting, recommendation 13 |" in md
    assert "excluded:" in md

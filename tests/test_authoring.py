"""Authoring: `init` templates, `validate`, `rules lint`, and the overlay example.

Facts, groups and citations are read from the loaded rulesets (never written out here),
so these tests keep holding as rulesets are added.
"""
from __future__ import annotations

import csv
import io
import json
import re

import pytest
from clirun import run
from support import ROOT

from firearms_gap.conditions import facts_in
from firearms_gap.rulesets import bundled_names, load_book

OVERLAY = ROOT / "examples" / "overlays" / "regional-example.yaml"


@pytest.fixture(scope="module")
def book():
    return load_book()


@pytest.fixture(scope="module")
def template(book):
    result = run("init")
    assert result.exit_code == 0, result.stderr
    return result.stdout


def _blocks(text: str) -> dict[str, str]:
    """'group.name' -> the comment block above `# name:` (question, answers, asked by), unwrapped."""
    out, block, group = {}, [], None
    for line in text.splitlines():
        stripped = line.strip()
        heading = re.fullmatch(r"  ([a-z][a-z0-9_]*):", line)
        key = re.fullmatch(r"    # ([a-z][a-z0-9_]*):", line)
        if heading:
            group, block = heading.group(1), []
        elif key:
            out[f"{group}.{key.group(1)}"] = " ".join(block)
            block = []
        elif line.startswith("    # ") and not stripped.startswith(("#   answer:", "#   provision:")):
            block.append(stripped[2:].strip())
        elif not stripped:
            block = []
    return out


# --------------------------------------------------------------------------- init

def test_template_starts_with_the_schema_modeline_and_says_how_to_make_the_schema(template):
    lines = template.splitlines()
    assert lines[0] == "# yaml-language-server: $schema=./framework.schema.json"
    assert "firearms-gap schema -o framework.schema.json" in " ".join(lines[:25])


def test_template_is_valid_as_written_and_reports_everything_not_assessed(template, tmp_path, book):
    law = tmp_path / "law.yaml"
    law.write_text(template, encoding="utf-8")
    checked = run("validate", law)
    assert checked.exit_code == 0, checked.stderr
    assert checked.stdout == f"{law}: valid; 0 of {len(book.facts)} questions answered\n"
    report = run("check", law, "--format", "csv")
    assert report.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(report.stdout)))
    assert rows and {row["status"] for row in rows} == {"not assessed"}


def test_template_asks_every_fact_in_the_rulesets_group_order(template, book):
    groups = [line.strip()[:-1] for line in template.splitlines() if re.fullmatch(r"  [a-z][a-z0-9_]*:", line)]
    assert groups == [g for g in book.groups if any(f.group == g for f in book.facts.values())]
    names = re.findall(r"^    # ([a-z][a-z0-9_]*):$", template, flags=re.M)
    expected = [f.name for g in groups for f in book.facts.values() if f.group == g]
    assert names == expected


def test_each_question_is_in_plain_words_with_its_answers_and_the_requirements_that_ask_it(template, book):
    blocks = _blocks(template)
    assert set(blocks) == set(book.facts)
    for fid, fact in book.facts.items():
        block = blocks[fid]
        assert " ".join(fact.question.split()) in block, fid
        if fact.type == "yes_no":
            assert "Answer: true or false." in block
        elif fact.type == "number":
            assert "Answer: a number" in block and (fact.unit or "") in block
        else:
            for key, meaning in fact.options.items():
                assert f"{key} = {' '.join(meaning.split())}" in block, (fid, key)
        asking = [r.element_citation(e) for r in book.requirements for e in r.elements if fid in facts_in(e.when)]
        asking += [r.cited_as for r in book.requirements if r.applies_if and fid in facts_in(r.applies_if)]
        for citation in asking:
            assert citation in block, (fid, citation)
        if not asking:
            assert "no selected requirement reads it yet" in block


def test_template_citations_name_the_instrument_and_provision(template):
    assert re.search(r"Asked by: Firearms Protocol, art\. \d+", template)


def _uncomment(text: str, name: str, answer: str, provision: bool = False) -> str:
    lines = text.splitlines()
    i = lines.index(f"    # {name}:")
    lines[i] = f"    {name}:"
    lines[i + 1] = f"      answer: {answer}"
    lines[i + 2] = "      provision: {source: LAW, at: \"s. 4\"}" if provision else ""
    return "\n".join(lines) + "\n"


def test_uncommenting_a_question_and_filling_it_in_answers_it(template, tmp_path, book):
    fact = next(f for f in book.facts.values() if f.type == "yes_no")
    text = _uncomment(template, fact.name, "true", provision=True)
    text = text.replace("# sources:\n#   LAW:\n#     title: \"\"", "sources:\n  LAW:\n    title: \"Test Act\"")
    law = tmp_path / "law.yaml"
    law.write_text(text, encoding="utf-8")
    result = run("validate", law)
    assert result.exit_code == 0, result.stderr
    assert f"1 of {len(book.facts)} questions answered" in result.stdout


def test_uncommenting_without_filling_in_is_an_error_not_an_answer(template, tmp_path, book):
    fact = next(f for f in book.facts.values() if f.type == "yes_no")
    lines = template.splitlines()
    i = lines.index(f"    # {fact.name}:")
    lines[i], lines[i + 1] = f"    {fact.name}:", "      answer:"
    law = tmp_path / "law.yaml"
    law.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("validate", law)
    assert result.exit_code == 2
    assert f"{law}:{i + 2}:14: answers.{fact.group}.{fact.name}.answer: expected true or false, got nothing" \
        in result.stderr


def test_init_with_name_and_code(tmp_path):
    result = run("init", "--jurisdiction", "Republic of Testland", "--code", "XT")
    assert result.exit_code == 0
    assert 'name: "Republic of Testland"' in result.stdout
    assert 'code: "XT"' in result.stdout


@pytest.mark.parametrize("args,message", [
    (("--code", "no"), "--code: 'no' is not an ISO 3166 code"),
    (("--code", "Norway"), "--code: 'Norway' is not an ISO 3166 code"),
    (("--jurisdiction", "Test\x1b[2Jland"), "--jurisdiction: contains a control character"),
    (("--jurisdiction", " "), "--jurisdiction: must not be empty"),
    (("--ruleset", "no-such-ruleset"), "no-such-ruleset: no bundled ruleset of that name"),
])
def test_init_refuses_bad_options(args, message):
    result = run("init", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(message)
    assert result.stdout == ""


def test_init_never_overwrites_a_file_unless_asked(tmp_path):
    law = tmp_path / "law.yaml"
    law.write_text("my careful work\n", encoding="utf-8")
    result = run("init", "-o", law)
    assert result.exit_code == 2
    assert "already exists" in result.stderr and "--overwrite" in result.stderr
    assert law.read_text(encoding="utf-8") == "my careful work\n"
    assert run("init", "-o", law, "--overwrite").exit_code == 0
    assert law.read_text(encoding="utf-8").startswith("# yaml-language-server:")


def test_init_is_deterministic():
    assert run("init").stdout == run("init").stdout


def test_init_for_one_ruleset_asks_only_what_it_needs(book):
    protocol = next(rs for rs in book.rulesets if rs.id == "firearms-protocol")
    wanted = {fid for r in protocol.requirements for e in r.elements for fid in facts_in(e.when)}
    wanted |= {fid for r in protocol.requirements if r.applies_if for fid in facts_in(r.applies_if)}
    wanted |= set(protocol.facts)
    text = run("init", "--ruleset", "firearms-protocol").stdout
    names = set(re.findall(r"^    # ([a-z][a-z0-9_]*):$", text, flags=re.M))
    assert names == {book.facts[f].name for f in wanted}


def test_init_with_an_overlay_includes_its_questions_and_tells_how_to_check(tmp_path):
    result = run("init", "--ruleset", "firearms-protocol", "--ruleset", OVERLAY)
    assert result.exit_code == 0, result.stderr
    assert "  regional_register:" in result.stdout
    assert "    # licences_reported:" in result.stdout
    assert f"firearms-gap schema --ruleset {OVERLAY} -o framework.schema.json" in " ".join(
        line[2:] for line in result.stdout.splitlines()[:20])
    law = tmp_path / "law.yaml"
    law.write_text(result.stdout, encoding="utf-8")
    assert run("validate", law, "--ruleset", OVERLAY).exit_code == 0


# --------------------------------------------------------------------------- validate

def test_validate_reports_every_file_and_exits_2_if_any_is_invalid(tmp_path, template):
    good = tmp_path / "good.yaml"
    good.write_text(template, encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: firearms-gap/framework-1\njurisdiction: {name: X, code: no}\n", encoding="utf-8")
    result = run("validate", bad, tmp_path / "missing.yaml", good, tmp_path)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{bad}:2:31: jurisdiction.code: 'no': not an ISO 3166 code: write two capital letters in quotes "
        "(e.g. \"NO\"), or a subdivision such as \"AU-NSW\". [pattern]",
        f"{tmp_path / 'missing.yaml'}: cannot read: No such file or directory",
    ]
    # The directory names bad.yaml and good.yaml again: each file is validated once.
    assert result.stdout.splitlines() == [f"{good}: valid; 0 of {result.stdout.split(' of ')[1].split()[0]} "
                                          "questions answered"]


def test_validate_takes_directories_and_glob_patterns_as_compare_does(tmp_path, template):
    (tmp_path / "laws").mkdir()
    for name in ("a.yaml", "b.yml"):
        (tmp_path / "laws" / name).write_text(template, encoding="utf-8")
    (tmp_path / "laws" / "notes.txt").write_text("not a framework file", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    result = run("validate", tmp_path / "laws", str(tmp_path / "laws" / "*.y*ml"), str(tmp_path / "none-*.yaml"),
                 tmp_path / "empty")
    assert result.exit_code == 2
    assert [line.split(": ")[0] for line in result.stdout.splitlines()] == [
        str(tmp_path / "laws" / "a.yaml"), str(tmp_path / "laws" / "b.yml")]
    problems = sorted(result.stderr.splitlines())
    assert len(problems) == 2
    assert problems[0].startswith(f"{tmp_path / 'empty'}: directory holds no .yaml")
    assert problems[1].startswith(f"{tmp_path / 'none-*.yaml'}: no .yaml") and problems[1].endswith("matches this pattern")


def test_validate_exits_0_when_all_are_valid_and_reads_stdin(template):
    result = run("validate", "-", ROOT / "examples" / "aldoria-typical-gaps.yaml", input=template.encode())
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("<stdin>: valid; 0 of ")


def test_validate_never_evaluates(monkeypatch, template):
    from firearms_gap import engine

    def boom(*a, **k):
        raise AssertionError("validate evaluated the file")
    monkeypatch.setattr(engine, "check", boom)
    assert run("validate", "-", input=template.encode()).exit_code == 0


@pytest.mark.parametrize("snippet,line,col,message", [
    ("answers:\n  definitons: {}\n", 6, 3, "answers: unknown key 'definitons'; did you mean 'definitions'?"),
    ("answers:\n  records:\n    retention_year: {answer: 5}\n", 7, 5,
     "answers.records: unknown key 'retention_year'; did you mean 'retention_years'?"),
    ("answers:\n  records:\n    retention_years: {anwser: 5}\n", 7, 23,
     "answers.records.retention_years: unknown key 'anwser'; did you mean 'answer'?"),
    ("answers:\n  records:\n    firearm_records_kept: {answer: yes}\n", 7, 36,
     "answers.records.firearm_records_kept.answer: write true or false, not 'yes'"),
    ("answers:\n  records:\n    firearm_records_kept: {answer: NO}\n", 7, 36,
     "answers.records.firearm_records_kept.answer: write true or false, not 'NO'"),
    ("desribed_as_of: 2026-01-01\n", 5, 1, "unknown key 'desribed_as_of'; did you mean 'described_as_of'?"),
])
def test_mistakes_are_pointed_at_with_a_hint(tmp_path, snippet, line, col, message):
    law = tmp_path / "law.yaml"
    law.write_text("format: firearms-gap/framework-1\njurisdiction:\n  name: Testland\n  code: XT\n" + snippet,
                   encoding="utf-8")
    result = run("validate", law)
    assert result.exit_code == 2
    assert any(x.startswith(f"{law}:{line}:{col}: {message}") for x in result.stderr.splitlines()), result.stderr


def test_norway_and_unquoted_dates_are_fine(tmp_path):
    """ED-3: the command line reads YAML as the editor does (1.2): NO is Norway, a date is text."""
    law = tmp_path / "law.yaml"
    law.write_text("format: firearms-gap/framework-1\njurisdiction:\n  name: Norway\n  code: NO\n"
                   "described_as_of: 2026-01-31\n", encoding="utf-8")
    assert run("validate", law).exit_code == 0


# --------------------------------------------------------------------------- rules lint

def lint(*args, input=None):
    return run("rules", "lint", *args, input=input)


def test_the_overlay_example_lints_clean_and_works_with_check():
    result = lint(OVERLAY)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"{OVERLAY}: ruleset regional-example 0.1.0 is valid: 3 requirements")
    checked = run("check", ROOT / "examples" / "aldoria-typical-gaps.yaml", "--ruleset", OVERLAY, "--format", "csv")
    assert checked.exit_code in (0, 1), checked.stderr
    ids = [row["id"] for row in csv.DictReader(io.StringIO(checked.stdout))]
    assert ids == ["NLC-4", "NLC-7", "NLC-9"]


def test_the_overlay_example_says_it_is_invented_wherever_it_is_cited():
    import json
    text = OVERLAY.read_text(encoding="utf-8")
    assert "INVENTED EXAMPLE - NOT A REAL INSTRUMENT" in text
    data = json.loads(run("check", ROOT / "examples" / "aldoria-typical-gaps.yaml", "--ruleset", OVERLAY,
                          "--format", "json").stdout)
    assert all("INVENTED EXAMPLE" in r["citation"] for r in data["results"])


@pytest.mark.parametrize("name", bundled_names())
def test_every_bundled_ruleset_lints_clean(name):
    result = lint(ROOT / "rulesets" / f"{name}.yaml")
    assert result.exit_code == 0, result.stderr


def _overlay_with(requirement: str) -> str:
    text = OVERLAY.read_text(encoding="utf-8")
    return text + requirement


BROKEN = {
    "includes-not-an-option": (
        "      - id: extra\n        requires: r\n"
        "        when: {fact: marking.manufacture_marking_contents, includes: [serial_numbr]}\n        gap: g\n",
        "has no option 'serial_numbr'; did you mean 'serial_number'?", "serial_numbr"),
    "wrong-type": (
        "      - id: extra\n        requires: r\n"
        "        when: {fact: regional_register.licences_reported, at_least: 2}\n        gap: g\n",
        "'at_least' does not suit fact 'regional_register.licences_reported' of type yes_no", "at_least"),
    "unreachable": (
        "      - id: extra\n        requires: r\n"
        "        when: {all: [{fact: regional_register.reporting_interval_months, at_most: 3},"
        " {fact: regional_register.reporting_interval_months, at_least: 4}]}\n        gap: g\n",
        "can never be met, whatever the answers, so it would always show a gap", "{all"),
    "unknown-fact": (
        "      - id: extra\n        requires: r\n"
        "        when: {fact: regional_register.licences_reportd, is: true}\n        gap: g\n",
        "did you mean 'regional_register.licences_reported'?", "regional_register.licences_reportd"),
    "duplicate-element": (
        "      - id: name-and-serial\n        requires: r\n"
        "        when: {fact: regional_register.licences_reported, is: true}\n        gap: g\n",
        "duplicate element id 'name-and-serial' in requirement NLC-9", "name-and-serial"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_lint_finds_problems_at_their_line_and_column(case, tmp_path):
    appended, message, token = BROKEN[case]
    text = _overlay_with(appended)
    path = tmp_path / "overlay.yaml"
    path.write_text(text, encoding="utf-8")
    result = lint(path)
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if message in line]
    assert len(lines) == 1, result.stderr
    m = re.match(rf"{re.escape(str(path))}:(\d+):(\d+): ", lines[0])
    line_no, col = int(m.group(1)), int(m.group(2))
    source_line = text.splitlines()[line_no - 1]
    assert source_line[col - 1:].startswith(token), (source_line, col)
    assert result.stdout == ""


def test_lint_reads_stdin_and_reports_yaml_problems():
    result = lint("-", input=b"ruleset: x\nruleset: y\n")
    assert result.exit_code == 2
    assert result.stderr == "<stdin>:2:1: duplicate key 'ruleset' (first used on line 1)\n"


def test_lint_of_a_missing_file():
    result = lint("no-such-overlay.yaml")
    assert result.exit_code == 2
    assert result.stderr == "no-such-overlay.yaml: cannot read: No such file or directory\n"


def test_validate_json_lists_every_file_in_order_with_its_problems(tmp_path, template):
    good = tmp_path / "good.yaml"
    good.write_text(template, encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: firearms-gap/framework-1\njurisdiction: {name: X, code: no}\n", encoding="utf-8")
    result = run("validate", bad, tmp_path / "missing.yaml", good, "--format", "json")
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert data["output_schema_version"] == "1" and data["kind"] == "validation"
    assert data["summary"] == {"files": 3, "valid": 1, "invalid": 2}
    assert [(f["file"], f["valid"]) for f in data["files"]] == [
        (str(bad), False), (str(tmp_path / "missing.yaml"), False), (str(good), True)]
    assert data["files"][0]["problems"] == [{
        "file": str(bad), "line": 2, "column": 31, "path": "jurisdiction.code", "keyword": "pattern",
        "message": "'no': not an ISO 3166 code: write two capital letters in quotes (e.g. \"NO\"), or a "
                   "subdivision such as \"AU-NSW\"."}]
    assert data["files"][2]["answered"] == 0 and data["files"][2]["questions"] > 100
    assert data["files"][2]["problems"] == [] and data["files"][0]["answered"] is None
    assert len(result.stderr.splitlines()) == 2              # the same problems, for a human


def test_validate_json_of_valid_files_exits_0_and_is_deterministic():
    args = ("validate", ROOT / "examples" / "canada.yaml", ROOT / "examples" / "aldoria-typical-gaps.yaml",
            "--format", "json")
    first, second = run(*args), run(*args)
    assert first.exit_code == 0 and first.stdout == second.stdout
    assert [f["valid"] for f in json.loads(first.stdout)["files"]] == [True, True]


def test_validate_json_reports_a_bad_ruleset_option_as_input_errors():
    result = run("validate", ROOT / "examples" / "canada.yaml", "--ruleset", "nosuch", "--format", "json")
    assert result.exit_code == 2
    errors = json.loads(result.stdout)["input_errors"]
    assert [e["file"] for e in errors] == ["nosuch"]


@pytest.mark.parametrize("name", ["Firearms Protocol", "firearms-protocol", "FIREARMS PROTOCOL."])
def test_an_overlay_cannot_present_itself_as_the_protocol(tmp_path, name):
    """Issue 16: an overlay naming the Protocol as its instrument would put "Firearms Protocol,
    art. 1" among the treaty obligations of the report. check refuses it (exit 2, located) and
    writes no report."""
    impostor = tmp_path / "impostor.yaml"
    impostor.write_text(OVERLAY.read_text(encoding="utf-8").replace(
        "  name: Northern Lakes Convention (INVENTED EXAMPLE)\n", f"  name: {json.dumps(name)}\n", 1),
        encoding="utf-8")
    result = run("check", ROOT / "examples" / "aldoria-typical-gaps.yaml", "--ruleset", impostor)
    assert result.exit_code == 2, result.stderr
    assert "names the instrument of the bundled ruleset 'firearms-protocol'" in result.stderr
    assert result.stdout == ""


def test_lint_of_a_very_wide_condition_is_bounded_and_says_what_it_did_not_judge(tmp_path):
    """Issue 16: `rules lint` on an `any` of thousands of branches ran for minutes (every branch
    evaluated at every boundary). Now the reachability check gives up past a bound and says so;
    the ruleset still lints clean."""
    case = (ROOT / "tests" / "lint_cases" / "bundled-id.yaml").read_text(encoding="utf-8")
    wide = "{any: [" + ", ".join(f"{{fact: case.years, at_least: {n}}}" for n in range(1, 3001)) + "]}"
    text = case.replace("ruleset: firearms-protocol", "ruleset: wide-case").replace(
        "when: {fact: case.kept, is: true}", f"when: {wide}")
    path = tmp_path / "wide.yaml"
    path.write_text(text, encoding="utf-8")
    result = lint(path)
    assert result.exit_code == 0, result.stderr
    assert "too complex to analyse" in result.stderr and "LC-1.elements.kept.when" in result.stderr

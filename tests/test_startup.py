"""What a run imports (issue 6 targets), checked by module presence, never by timing."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
from support import ROOT

HEAVY = ("yaml", "jsonschema", "rich", "tabulate", "openpyxl")


def modules_after(args: list[str], *, site: bool = True) -> set[str]:
    """Every module loaded once `firearms-gap ARGS` has run (through cli.main, in a fresh process).
    site=False runs without site, whose .pth files (an editable install's finder) import some
    modules themselves."""
    code = ("import sys\nfrom firearms_gap.cli import main\nsys.argv = ['firearms-gap'] + sys.argv[1:]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "sys.stderr.write('MODULES ' + ' '.join(sorted(sys.modules)))\n")
    options = {} if site else {"env": {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT)] + [p for p in sys.path if p])}}
    proc = subprocess.run([sys.executable, *([] if site else ["-S"]), "-c", code, *args],
                          capture_output=True, text=True, cwd=ROOT, **options)
    return set(next(l for l in proc.stderr.splitlines() if l.startswith("MODULES ")).split()[1:])


def imported(args: list[str]) -> set[str]:
    """The top-level packages loaded by `firearms-gap ARGS`."""
    return {m.split(".")[0] for m in modules_after(args)}


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["check", "--help"], ["compare", "--help"]])
def test_metadata_paths_import_no_heavy_module(args):
    assert imported(args) & set(HEAVY) == set()


def test_checking_a_valid_file_does_not_import_jsonschema():
    """Once the bundled rulesets are in the cache (the first run puts them there)."""
    imported(["check", str(ROOT / "examples" / "aldoria-typical-gaps.yaml"), "--format", "json"])
    mods = imported(["check", str(ROOT / "examples" / "aldoria-typical-gaps.yaml"), "--format", "json"])
    assert "yaml" in mods                          # it did load the file
    assert "jsonschema" not in mods and "rich" not in mods and "openpyxl" not in mods


def test_checking_a_valid_file_skips_modules_only_needed_when_something_goes_wrong():
    """Each of these costs 1-2.5 ms of a ~50 ms run (issue 6): pathlib, OpenSSL's hashlib and
    importlib.resources and dataclasses on every run, tempfile only to write the cache, difflib only
    to suggest; the json package (its six regular expressions) when the C string encoder is there."""
    example = str(ROOT / "examples" / "aldoria-typical-gaps.yaml")
    imported(["check", example, "--format", "json"])
    mods = modules_after(["check", example, "--format", "json"], site=False)
    assert "firearms_gap.engine" in mods and "firearms_gap.render.json_text" in mods
    assert not mods & {"pathlib", "hashlib", "importlib.resources", "tempfile", "difflib", "dataclasses"}
    if "_json" in mods:                            # CPython: json_text takes its encoder from there
        assert "json" not in mods


def test_a_check_looks_for_no_translation_catalogue():
    """click words its help and version options through gettext, whose first call imports `locale` to
    find a catalogue (~1.1 ms of every run): our commands word them in English (commands/help_option.py)."""
    example = str(ROOT / "examples" / "aldoria-typical-gaps.yaml")
    for args in (["check", example, "--format", "json"], ["check", example], ["rules", "list"]):
        assert "locale" not in modules_after(args), args


def test_an_invalid_file_still_gets_jsonschema_diagnostics(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: firearms-gap/framework-1\njurisdiction: {name: X, code: XA}\n"
                   "answers:\n  records:\n    retention_years: {answer: ten}\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "firearms_gap", "check", str(bad)], capture_output=True, text=True)
    assert proc.returncode == 2
    assert ":5:" in proc.stderr and "answers.records.retention_years.answer" in proc.stderr


def test_every_command_module_is_in_the_registry():
    """commands.COMMANDS (and RULES_SUBCOMMANDS) name each command module of firearms_gap/commands/,
    so a new command cannot be left out of `firearms-gap --help`."""
    import importlib
    import pkgutil

    from firearms_gap import commands

    defined = {}
    for info in pkgutil.iter_modules(commands.__path__):
        module = importlib.import_module(f"firearms_gap.commands.{info.name}")
        if hasattr(module, "COMMAND"):
            defined[module.COMMAND.name] = info.name
    assert defined == {**commands.COMMANDS, **commands.RULES_SUBCOMMANDS}


# Modules of firearms_gap/commands/ that hold no command: what every command shares.
SHARED = {"firearms_gap.commands", "firearms_gap.commands.help_option", "firearms_gap.commands.options",
          "firearms_gap.commands.output"}


def test_a_check_imports_no_other_command_module():
    mods = modules_after(["check", str(ROOT / "examples" / "aldoria-typical-gaps.yaml"), "--format", "json"])
    assert "firearms_gap.engine" in mods
    assert {m for m in mods if m.startswith("firearms_gap.commands")} - SHARED == {"firearms_gap.commands.check"}


def test_a_workbook_of_one_check_skips_what_it_never_uses(tmp_path):
    """An xlsx check is laid out as a comparison of one: it needs neither dataclasses (the comparison's
    result is a plain class), nor html's table of entities, nor glob (no pattern to expand); nor
    zipfile (render/zip_writer.py) nor tempfile (output.temporary_file), whose imports are heavier."""
    mods = modules_after(["check", str(ROOT / "examples" / "aldoria-typical-gaps.yaml"), "--format", "xlsx",
                          "-o", str(tmp_path / "report.xlsx")], site=False)
    assert "firearms_gap.render.ooxml" in mods and (tmp_path / "report.xlsx").stat().st_size > 0
    assert not mods & {"dataclasses", "html", "glob", "zipfile", "tempfile", "shutil", "pathlib"}


def test_a_comparison_result_is_immutable_and_compared_by_its_fields():
    from firearms_gap import api
    from firearms_gap.batch import from_report

    book = api.load_rules(["firearms-protocol"])
    raw = (ROOT / "examples" / "aldoria-typical-gaps.yaml").read_bytes()
    first, second = (from_report(api.check_loaded(raw, "law.yaml", book)) for _ in range(2))
    assert first == second and first is not second and repr(first) == repr(second)
    assert repr(first).startswith("BatchResult(tool_version=")
    with pytest.raises(AttributeError):
        first.fail_on = "all"
    assert first.themes and first.themes == second.themes          # cached per instance, still available

"""The shape of the package a contributor relies on: no import cycle, one module per format,
every (report, format) pair rendered or refused by name."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from firearms_gap.render import formats

PACKAGE = Path(__file__).resolve().parent.parent / "firearms_gap"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, modules: set[str]) -> set[str]:
    """The package's modules a file imports anywhere in it (module level or inside a function)."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            # `from firearms_gap.render import formats` imports a module; `from x import name` a name of x.
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names]
        else:
            continue
        found.update(t for t in targets if t in modules and t != name)
    return found


def import_graph() -> dict[str, set[str]]:
    files = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {name: _imports(path, set(files)) for name, path in files.items()}


def test_the_graph_sees_function_level_imports():
    graph = import_graph()
    assert "firearms_gap.render.formats" in graph["firearms_gap.api"]          # imported inside render()
    assert "firearms_gap.batch" in graph["firearms_gap.views.check"]           # imported inside matrix()


def test_no_import_cycle():
    graph = import_graph()
    state: dict[str, int] = {}            # 1: on the current path, 2: done
    path: list[str] = []
    cycles = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(path[path.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt)
        path.pop()
        state[node] = 2
    for node in sorted(graph):
        if node not in state:
            visit(node)
    assert cycles == [], "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)


def test_core_imports_neither_render_nor_views_nor_click():
    graph = import_graph()
    core = [m for m in graph if not m.startswith(("firearms_gap.render", "firearms_gap.views", "firearms_gap.commands"))
            and m not in ("firearms_gap.cli", "firearms_gap.api", "firearms_gap.launch", "firearms_gap.__main__")]
    for module in core:
        assert not {m for m in graph[module] if m.startswith(("firearms_gap.render", "firearms_gap.views"))}, module
        source = (PACKAGE.parent / (module.replace(".", "/") + ".py"))
        if source.exists():
            assert "import click" not in source.read_text(encoding="utf-8"), module


def test_no_format_module_imports_another():
    graph = import_graph()
    names = {f"firearms_gap.render.formats.{f}" for f in formats.FORMATS}
    for name in names:
        assert graph[name] & names == set(), name


@pytest.mark.parametrize("report", formats.REPORTS)
@pytest.mark.parametrize("fmt", list(formats.FORMATS))
def test_every_report_is_rendered_or_refused_by_name(fmt, report):
    renders = callable(getattr(formats.module(fmt), f"render_{report}", None))
    refused = (fmt, report) in formats.REFUSED
    assert renders != refused, f"{fmt} must either render {report} or refuse it in formats.REFUSED"
    assert (fmt in formats.formats_for(report)) == renders


def test_a_refused_pair_says_why():
    class DiffLike:
        report_name = "diff"
    with pytest.raises(formats.Refused, match="--format xlsx: a diff has no workbook"):
        formats.render(DiffLike(), "xlsx")


def _readme_exit_codes() -> list[tuple[int, str]]:
    text = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Exit codes\n", 1)[1].split("\n## ", 1)[0]
    rows = [line.split("|")[1:3] for line in section.splitlines() if line.startswith("| ") and line[2:3].isdigit()]
    return [(int(code), meaning.strip().replace("`", "")) for code, meaning in rows]


def test_the_readme_exit_codes_are_the_exit_code_enum():
    """README's table lists every ExitCode, in order, each with the meaning --help gives it."""
    from firearms_gap.exitcodes import MEANINGS, ExitCode

    readme = _readme_exit_codes()
    assert [code for code, _ in readme] == [int(c) for c in ExitCode]
    for code, meaning in readme:
        words = MEANINGS[ExitCode(code)]
        head = (words if isinstance(words, str) else words[0]).split(" (")[0]
        assert meaning.startswith(head), (code, meaning, head)


def test_help_tables_are_generated_from_the_enum():
    from firearms_gap.commands import compare
    from firearms_gap.exitcodes import help_table

    assert help_table(compare.EXIT_CODES).splitlines()[2].startswith("  0  every file evaluated")
    assert [line[:5] for line in help_table({0: "a", 130: ["b", "c"]}).splitlines()[2:]] == ["  0  ", "  130", "     "]


def test_contributing_maps_every_module_and_only_modules_that_exist():
    """CONTRIBUTING.md's "Map of the modules" names each module of the package by its path."""
    import re

    text = (PACKAGE.parent / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = text.split("\n## Map of the modules", 1)[1].split("\n## ", 1)[0]
    named = {m for m in re.findall(r"`([\w/]+\.py)`", section)}
    modules = {p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py")
               if p.name != "__main__.py" and not (p.name == "__init__.py" and p.parent != PACKAGE / "commands"
                                                     and p.parent != PACKAGE / "render" / "formats")}
    modules -= {"__init__.py"}
    assert named - modules == set(), "CONTRIBUTING.md names modules that do not exist"
    assert modules - named == set(), "modules missing from CONTRIBUTING.md's map"

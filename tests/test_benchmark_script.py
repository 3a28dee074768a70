"""benchmarks/run.py: the verdicts it prints agree with its figures, its table is Markdown, and the
way it runs commands (interleaved, aborting on a failure) holds. Nothing here is timed."""
from __future__ import annotations

import importlib.util
import subprocess
import sys

from hypothesis import given
from hypothesis import strategies as st
from support import ROOT

spec = importlib.util.spec_from_file_location("benchmark_run", ROOT / "benchmarks" / "run.py")
bench = sys.modules[spec.name] = importlib.util.module_from_spec(spec)    # dataclasses look it up there
spec.loader.exec_module(bench)

LIMITS = (bench.HUMAN_FACING, bench.FULL_MATRIX, bench.DOCUMENT, bench.JSON_TO_CLICK, bench.COMPARE_XLSX,
          bench.JOBS, bench.MARGINAL)


@given(st.floats(min_value=0.01, max_value=10, allow_nan=False), st.sampled_from(LIMITS))
def test_a_verdict_agrees_with_the_ratio_as_printed(ratio, limit):
    printed = float(f"{ratio:.2f}")
    assert bench.at_most(ratio, limit) == ("met" if printed <= limit else "not met")


def test_a_ratio_on_the_target_meets_it_and_one_hundredth_over_does_not():
    assert bench.at_most(1.2, 1.2) == "met"
    assert bench.at_most(1.2049, 1.2) == "met"          # printed 1.20x
    assert bench.at_most(1.21, 1.2) == "not met"


def test_the_memory_target_is_in_megabytes_not_mebibytes():
    """200 MB is 190.7 MiB: a peak of 191 MiB (printed 200 MB) misses a target of under 200 MB."""
    assert bench.megabytes(191) == 200
    assert bench.under_memory(191) == "not met"
    assert bench.under_memory(190) == "met"


def test_the_table_is_markdown_with_one_cell_per_column_in_every_row():
    rows = [bench.Row("`check`", "80 ms", "79 ms", "20 MiB", "1.00x json", "≤ 1.2x json", "met"),
            bench.Row("`a | b`", ratio="heavy imports: none")]
    lines = bench.markdown_table(rows).splitlines()
    columns = len(bench.HEADER)
    assert lines[0] == "| what | wall | cpu | peak | ratio | target | verdict |"
    for line in lines:
        cells = line.replace("\\|", "").strip("|").split("|")
        assert len(cells) == columns, line


def test_a_wall_time_verdict_says_when_other_work_loaded_the_machine():
    """A load of 8 on 2 cores means others took the cores the parallel run counts on."""
    assert bench.wall_verdict(0.55, 0.6, 1.9, cores=2, own=bench.OWN_LOAD) == "met"
    loaded = bench.wall_verdict(1.25, 0.6, 8.3, cores=2, own=bench.OWN_LOAD)
    assert loaded.startswith("not met (") and "load 8.3 on 2 cores" in loaded
    assert bench.wall_verdict(0.55, 0.6, None, cores=2, own=bench.OWN_LOAD) == "met"


def test_ranges_and_pairs_share_one_unit():
    assert bench.seconds([0.065, 0.047]) == "65 / 47 ms"
    assert bench.seconds([3.11, 0.5]) == "3.11 / 0.50 s"
    assert bench.span([0.072, 0.083, 0.080]) == "72-83 ms"
    assert bench.span([0.0801, 0.0799]) == "80 ms"


def test_a_command_that_fails_aborts_the_run_with_its_message():
    code = "import sys; sys.stderr.write('no such requirement'); sys.exit(2)"
    try:
        bench.run_once([sys.executable, "-c", code])
    except SystemExit as e:
        assert "failed (2)" in str(e) and "no such requirement" in str(e)
    else:
        raise AssertionError("a command exiting 2 was measured as if it had worked")


def test_a_command_that_writes_much_to_standard_error_is_measured_to_its_end():
    """More than a pipe holds (64 KiB): read only after the wait, a pipe would block the command
    forever; the guard below turns that into a failure."""
    code = ("import sys; sys.path.insert(0, 'benchmarks'); import run\n"
            "run.run_once([sys.executable, '-c', \"import sys; sys.stderr.write('x' * 300000)\"])\n"
            "print('measured')")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.stdout.strip() == "measured", proc.stderr


def test_commands_compared_run_interleaved_in_a_rotated_order(tmp_path):
    log = tmp_path / "order"
    command = lambda name: [sys.executable, "-c", f"open({str(log)!r}, 'a').write({name!r})"]  # noqa: E731
    result = bench.interleaved({name: command(name) for name in "abc"}, 3)
    assert log.read_text() == "abc" "bca" "cab"
    assert {r["runs"] for r in result.values()} == {3}


def test_the_first_files_of_a_larger_batch_are_the_files_of_a_smaller_one(tmp_path):
    """The benchmark takes every batch from one generated set (batch()), which relies on this."""
    generate = [sys.executable, str(ROOT / "benchmarks" / "generate.py")]
    subprocess.run([*generate, str(tmp_path / "two"), "--count", "2"], check=True)
    subprocess.run([*generate, str(tmp_path / "three"), "--count", "3"], check=True)
    small = bench.batch(tmp_path / "three", 2)
    assert sorted(p.name for p in small.iterdir()) == sorted(p.name for p in (tmp_path / "two").iterdir())
    for path in (tmp_path / "two").iterdir():
        assert (small / path.name).read_bytes() == path.read_bytes()


def test_the_environment_says_whether_an_editable_finder_starts_with_every_process(tmp_path, monkeypatch):
    """Such a finder's imports are paid by the floors too, which flatters every ratio: the run says so."""
    monkeypatch.setattr(bench, "site_directories", lambda: [str(tmp_path)])
    (tmp_path / "distutils-precedence.pth").write_text("")
    assert bench.environment()["editable_finder_at_startup"] is False
    (tmp_path / "__editable__.firearms_gap-0.1.0.pth").write_text("")
    assert bench.environment()["editable_finder_at_startup"] is True

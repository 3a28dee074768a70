"""`compare --jobs N` and cells kept on disk: faster and smaller, never different.

Each optimisation is checked against the straightforward way it replaces: worker processes
against checking the files one after another in this process (--jobs 1), cells in a temporary
file (cells.OnDisk) against cells in memory (cells.InMemory). The outputs must be the same bytes.
"""
from __future__ import annotations

import multiprocessing
import shutil

import pytest
from clirun import run
from test_compare import BROKEN, RULESET, XA, XB, XC
from test_compare_large import _reachable

from firearms_gap import api, batch, cells, workers
from firearms_gap.render import formats
from firearms_gap.views.compare import CompareView

pytestmark = [pytest.mark.usefixtures("in_repository"),
              pytest.mark.skipif(not workers.available(), reason="worker processes need fork (Linux)")]
COPIES = 9                     # 3 jurisdictions and a broken file, 9 times: 36 files, above PARALLEL_FROM


@pytest.fixture
def many(tmp_path):
    """Many framework files (one in four cannot be evaluated), in a directory."""
    for i in range(COPIES):
        for source in (XA, XB, XC, BROKEN):
            shutil.copy(source, tmp_path / f"{i:02d}-{source.rsplit('/', 1)[-1]}")
    assert len(list(tmp_path.iterdir())) >= batch.PARALLEL_FROM
    return str(tmp_path)


@pytest.fixture
def spied(monkeypatch):
    """Counts the comparisons that used worker processes (so a test knows the pool really ran)."""
    calls = []
    real = workers.ordered_map

    def spy(*args, **kwargs):
        calls.append(kwargs["jobs"])
        return real(*args, **kwargs)
    monkeypatch.setattr(workers, "ordered_map", spy)
    return calls


@pytest.mark.parametrize("fmt", ["json", "csv", "markdown", "table"])
def test_jobs_give_the_bytes_of_a_serial_run(many, spied, fmt):
    serial = run("compare", many, "--ruleset", RULESET, "-f", fmt, "--jobs", "1")
    assert spied == []
    parallel = run("compare", many, "--ruleset", RULESET, "-f", fmt, "--jobs", "2")
    assert spied == [2]
    assert serial.code == parallel.code == 2                   # the broken files: run incomplete
    assert parallel.out == serial.out and parallel.err == serial.err
    assert serial.err.count(b"broken.yaml") >= COPIES          # each broken file is reported


def test_few_files_are_checked_in_this_process(spied):
    assert run("compare", XA, XB, "--ruleset", RULESET, "-f", "csv", "--jobs", "4").code == 1
    assert spied == []


def test_jobs_must_be_a_positive_number():
    result = run("compare", XA, "--ruleset", RULESET, "--jobs", "0")
    assert result.code == 2 and b"--jobs" in result.err


def test_ctrl_c_during_a_parallel_comparison_leaves_no_worker(many):
    """Ctrl-C reaches the parent (the workers ignore SIGINT): it stops, and its workers with it."""
    book = api.load_rules([RULESET])

    def interrupted(done, total, name):
        assert multiprocessing.active_children()               # the workers are running
        if done == 5:
            raise KeyboardInterrupt
    with pytest.raises(KeyboardInterrupt):
        batch.compare([many], book, jobs=2, progress=interrupted)
    assert multiprocessing.active_children() == []
    assert batch._task is None                                 # nothing left for the next comparison


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("fmt", ["json", "xlsx"])
def test_cells_on_disk_render_as_cells_in_memory(many, fmt, jobs):
    book = api.load_rules([RULESET])
    on_disk = batch.compare([many], book, jobs=jobs)
    in_memory = batch.compare([many], book, jobs=1, cells=cells.InMemory)
    assert isinstance(on_disk.columns[0].lines, cells.StoredCells)
    assert on_disk.columns == in_memory.columns and on_disk.input_errors == in_memory.input_errors
    assert formats.render(CompareView(on_disk), fmt) == formats.render(CompareView(in_memory), fmt)


def _reachable_strings(obj):
    return (o for o in _reachable(obj) if isinstance(o, str))


def test_cells_on_disk_keep_no_cell_text_in_memory(many):
    """What made memory grow with the number of files: every cell's text, kept until rendering."""
    result = batch.compare([many], api.load_rules([RULESET]))
    text = {line for col in result.columns for cell in col.lines for line in cell}
    assert len(text) > 10
    kept = set(_reachable_strings(result.columns))
    assert not (text & kept)


def test_cells_round_trip_any_text():
    odd = (("a\x00b", "\udcff", "é" * 300, ""), (), ("\n",), ())
    assert cells.pack(odd).unpack() == odd
    store = cells.OnDisk()
    first, second = store.keep(odd), store.keep(cells.pack(odd[::-1]))
    assert tuple(first) == odd and tuple(second) == odd[::-1]
    assert first[-1] == () and first[1:3] == odd[1:3] and len(first) == 4
    with pytest.raises(IndexError):
        first[4]


def test_a_row_of_cells_is_each_column_s_cell():
    """cells.row (what batch.lines and batch.findings read for JSON and XLSX) against indexing each
    column: stored and in-memory columns, empty cells, a cell written after the last read."""
    odd = (("a\x00b", "\udcff", "é" * 300, ""), (), ("\n",), ("x",))
    store = cells.OnDisk()
    first = store.keep(odd)
    columns = [first, odd[::-1], cells.InMemory().keep(odd)]
    assert [cells.row(columns, i) for i in range(4)] == [tuple(c[i] for c in columns) for i in range(4)]
    later = store.keep(odd[::-1])                # buffered, not yet in the file: row() must see it
    assert cells.row([later, first], 0) == (("x",), odd[0])
    with pytest.raises(IndexError):
        cells.row([first], 4)


@pytest.mark.parametrize("keeper", [cells.OnDisk, cells.InMemory])
@pytest.mark.parametrize("jobs", [1, 2])
def test_cells_written_as_files_are_checked_give_the_json_of_cells_written_at_the_end(many, spied, jobs, keeper):
    """`compare --format json` has each cell's JSON made where its file is checked (in the workers,
    in parallel: formats.compare_cell_text); the straightforward way writes every cell from its
    fields once all files are checked. Same bytes, whatever the keeper and the number of workers."""
    book = api.load_rules([RULESET])
    reference = formats.render(CompareView(batch.compare([many], book, jobs=1, cells=cells.InMemory)), "json")
    cell_text = formats.compare_cell_text("json")
    written = batch.compare([many], book, jobs=jobs, cells=keeper, details=False, cell_text=cell_text)
    assert spied == ([2] if jobs == 2 else [])
    assert written.cell_texts and not written.details          # only the texts were kept...
    with pytest.raises(ValueError):
        written.lines(written.requirements[0].id)               # ...not each cell's fields
    assert formats.render(CompareView(written), "json") == reference
    detailed, rid = batch.compare([many], book, jobs=1), written.requirements[3].id
    assert written.texts(rid) == tuple(cell_text(status, *findings, lines) for status, lines, findings
                                       in zip(detailed.statuses(rid), detailed.lines(rid), detailed.findings(rid)))


def test_only_a_format_that_writes_each_cell_alone_makes_its_cells_as_files_are_checked():
    assert formats.compare_cell_text("json") is not None
    assert [f for f in formats.formats_for("compare") if formats.compare_cell_text(f)] == ["json"]


def test_a_comparison_without_cells_is_refused_by_the_json_format(many):
    without = batch.compare([many], api.load_rules([RULESET]), details=False)
    with pytest.raises(ValueError):
        formats.render(CompareView(without), "json")

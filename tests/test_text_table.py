"""render/text_table.py, the layout of every terminal table: what a reader of a table relies on,
checked over generated tables (hypothesis) and on the CLI at 80 columns."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clirun import run
from firearms_gap.render import text_table as tt

ALDORIA = "examples/aldoria-typical-gaps.yaml"
pytestmark = pytest.mark.usefixtures("in_repository")  # conftest.py
BARS = "│┃"

# Words of ASCII, accented Latin, CJK (two cells each) and combining marks; cells of words and newlines.
WORD = st.text(st.sampled_from("abcxyzAé字語ü-().\u0301"), min_size=1, max_size=18).filter(lambda w: w[0] != "\u0301")
CELL = st.lists(st.lists(WORD, min_size=0, max_size=8).map(" ".join), min_size=1, max_size=3).map("\n".join)


def table_case():
    return st.integers(1, 5).flatmap(lambda n: st.tuples(
        st.lists(st.tuples(WORD, st.integers(0, 3), st.booleans()), min_size=n, max_size=n),
        st.lists(st.lists(CELL, min_size=n, max_size=n), min_size=0, max_size=6),
        st.integers(n * 6 + 1, 140)))


def columns_of(specs):
    return [tt.Column(header, ratio=ratio, justify="right" if right else "left") for header, ratio, right in specs]


def cells_of(line: str) -> list[str]:
    return re.split(f"[{BARS}]", line)[1:-1]


@settings(max_examples=50, deadline=None)
@given(table_case())
def test_no_line_is_wider_than_the_width_and_the_columns_line_up(case):
    specs, rows, width = case
    lines = tt.table(columns_of(specs), rows, width).splitlines()
    assert all(tt.text_width(line) <= width for line in lines)
    # Every line of the box has its bars at the same cells (a CJK character counted as two).
    rules = [line for line in lines if line[0] in "┏┃┡│└"]
    bar_positions = {tuple(i for i, _ in _cells_at(line)) for line in rules}
    assert len(bar_positions) == 1


def _cells_at(line: str):
    """(cell offset, char) of each column boundary in a line of the box."""
    at = 0
    for ch in line:
        if ch in "┏┳┓┃┡╇┩│└┴┘":
            yield at, ch
        at += tt.text_width(ch)


@settings(max_examples=50, deadline=None)
@given(table_case())
def test_every_word_of_every_cell_appears_in_order(case):
    """A word is never lost, reordered or split unless it is wider than its column."""
    specs, rows, width = case
    columns = columns_of(specs)
    lines = tt.table(columns, rows, width).splitlines()
    body = [cells_of(line) for line in lines if line.startswith("│")]
    texts = ["".join(line[i].strip() + "\n" for line in body) for i in range(len(columns))]
    for i in range(len(columns)):
        joined = re.sub(r"\s+", "", texts[i])
        expected = "".join(re.sub(r"\s+", "", row[i]) for row in rows)
        assert joined == expected


def test_wide_characters_take_two_cells_and_words_wrap_between_them():
    out = tt.table([tt.Column("名前"), tt.Column("Status", no_wrap=True)],
                   [["東京都 大阪府 京都府", "not assessed"]], 30)
    lines = out.splitlines()
    assert {tt.text_width(line) for line in lines} == {len(lines[0])}        # every line as wide as the box
    assert "not assessed" in out                                                # a no_wrap status stays whole
    assert all(tt.text_width(line) <= 30 for line in lines)


def test_a_word_wider_than_its_column_is_folded_and_an_ordinary_one_never():
    lines = tt.wrap("see CTOC/COP/WG.6/2024/2 para", 8)
    assert ["".join(t for t, _ in p) for p, _ in lines] == ["see", "CTOC/COP", "/WG.6/20", "24/2", "para"]


def test_markup_and_escapes_in_data_are_text_and_colour_only_where_asked():
    cell = "[red]x[/red] \x1b"
    plain = tt.table([tt.Column("A")], [[cell]], 40)
    assert "[red]x[/red]" in plain and "\x1b[" not in plain.replace("\x1b ", "")
    painted = tt.table([tt.Column("A")], [[[("gap", "bold red")]]], 40, color=True)
    assert "\x1b[1;31mgap\x1b[0m" in painted and "\x1b[1mA\x1b[0m" in painted


def test_expand_fills_the_width_and_ratios_share_the_room():
    out = tt.table([tt.Column("A", ratio=1), tt.Column("B", ratio=3)], [["a", "b"]], 60, expand=True)
    top = out.splitlines()[0]
    assert len(top) == 60
    a, b = (len(part) for part in top[1:-1].split("┳"))
    assert 2.5 < b / a < 3.5


def test_the_check_table_fits_80_columns_and_keeps_every_status_word():
    text = run("check", ALDORIA, "--width", "80", "-f", "table").stdout
    assert max(map(tt.text_width, text.splitlines())) <= 80
    assert re.search(r"│ not assessed +│", text) and re.search(r"│ met \(uncited\) +│", text)


def test_a_comparison_too_wide_for_the_terminal_is_printed_in_blocks_of_jurisdictions():
    text = run("compare", "--ruleset", "tests/fixtures/batch/ruleset/test-ruleset.yaml", "tests/fixtures/batch/",
               "--width", "60").stdout
    lines = text.splitlines()
    assert max(map(tt.text_width, lines)) <= 60
    assert "Jurisdictions 1-2 of 3" in text and "Jurisdiction 3 of 3" in text
    assert "each section is printed in 3 blocks of jurisdictions" in " ".join(text.split())
    # Each jurisdiction's column is still headed by its label, and its statuses are whole words.
    for code in ("XA", "XB", "XC"):
        assert f"┃ {code} " in text
    assert "│ not applicable │" in text


def test_a_comparison_table_is_written_in_pieces_that_make_the_whole_table():
    """compare --format table is made a block of rows at a time (memory flat in the number of
    files); the pieces put together are the table render_compare gives."""
    from firearms_gap import api
    from firearms_gap.render import formats

    book = api.load_rules(["tests/fixtures/batch/ruleset/test-ruleset.yaml"])
    view = api.view(api.compare(["tests/fixtures/batch/"], book, details=False))
    for width in (60, 120):
        pieces = list(formats.pieces(view, "table", width=width, color=False))
        assert len(pieces) > 3
        assert "".join(pieces) == formats.render(view, "table", width=width)

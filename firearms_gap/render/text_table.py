"""Plain-text tables for the terminal, the layout every table of the tool shares (check, compare and
diff `--format table`, `rules list`, `rules coverage`, `needs`, `history`).

Why not rich: rich laid out the check table's 153 wrapped rows in ~120 ms (plus ~17 ms to import),
and held every cell of a comparison in memory at once (488 MiB for 5,000 jurisdictions). This
module does the one thing those tables need - column widths from their content and the width
given, cells wrapped between words - in a few ms, and renders a table row by row, so a long table
can be written as it is made.

Cells are data, never markup: '[b]' stays '[b]'. A cell is a string, or a sequence of (text, style)
parts (style a name of palette.TERMINAL's kind, e.g. "bold red", or "" for none); a newline in a
cell's text starts a new line. Widths are counted in terminal cells (a CJK character is two, a
combining mark none), so the columns line up whatever the script. Words are never split unless one
is wider than its column (it is then folded), and no line is wider than the width given when the
columns' borders fit in it at all.
"""
from __future__ import annotations

import unicodedata
from typing import Iterable, Iterator, Sequence

from firearms_gap.records import Record
from firearms_gap.render.palette import paint

# The box rich's default table has (HEAVY_HEAD): heavy lines around the header, light ones below.
_HEAD_TOP = ("┏", "━", "┳", "┓")
_HEAD_ROW = ("┃", "┃", "┃")
_HEAD_BOTTOM = ("┡", "━", "╇", "┩")
_ROW = ("│", "│", "│")
_BETWEEN = ("├", "─", "┼", "┤")
_BOTTOM = ("└", "─", "┴", "┘")


class Column(Record):
    """How one column is laid out.

    ratio: how much of the room left over it takes (0: none beyond what its content needs);
    min_width: never narrower than this (default: its longest word, up to `fold`);
    width: exactly this wide; no_wrap: as wide as its longest line (a status word is never
    broken); fold: a word longer than this may be folded rather than widen the column."""
    header: str
    ratio: int = 0
    min_width: int | None = None
    width: int | None = None
    no_wrap: bool = False
    justify: str = "left"
    fold: int = 1 << 30


def text_width(text: str) -> int:
    """Terminal cells of a text: 2 for a wide or full-width character, 0 for a combining mark or
    a zero-width format character, 1 otherwise."""
    if text.isascii():
        return len(text)
    n = 0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        n += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return n


def _word_width(word) -> int:
    return text_width(word[0][0]) if len(word) == 1 else sum(text_width(t) for t, _ in word)


def _paragraphs(cell) -> list:
    """A cell's paragraphs of words (as _words gives them; a plain string the quick way)."""
    if isinstance(cell, str):
        return [[[(w, "")] for w in line.split(" ") if w] for line in cell.split("\n")]
    return _words(cell)


def _words(parts) -> list[list[list[tuple[str, str]]]]:
    """Paragraphs (split at newlines) of words, each word a list of (text, style) pieces: a word may
    change style in its middle, and a style boundary is not a place to break."""
    paragraphs: list = [[]]
    word: list = []
    for text, style in parts:
        for i, line in enumerate(text.split("\n")):
            if i:
                if word:
                    paragraphs[-1].append(word)
                word = []
                paragraphs.append([])
            pieces = line.split(" ")
            for j, piece in enumerate(pieces):
                if j and word:
                    paragraphs[-1].append(word)
                    word = []
                if piece:
                    word.append((piece, style))
    if word:
        paragraphs[-1].append(word)
    return paragraphs


def _fold(word, width: int) -> list[list[tuple[str, str]]]:
    """A word wider than the column, cut into pieces of at most `width` cells (at least one character each)."""
    out: list = []
    line: list = []
    used = 0
    for text, style in word:
        chunk = ""
        for ch in text:
            w = text_width(ch)
            if used + w > width and used:
                if chunk:
                    line.append((chunk, style))
                out.append(line)
                line, chunk, used = [], "", 0
            chunk += ch
            used += w
        if chunk:
            line.append((chunk, style))
    if line:
        out.append(line)
    return out


def wrap(cell, width: int) -> list[tuple[list[tuple[str, str]], int]]:
    """The lines of a cell at `width`: each (pieces, width in cells). Broken between words; a word
    wider than `width` is folded."""
    width = max(width, 1)
    lines = []
    for paragraph in _paragraphs(cell):
        line: list = []
        used = 0
        for word in paragraph:
            w = _word_width(word)
            if line and used + 1 + w <= width:
                # The space between two words of one style has that style (one run of codes, not one a word).
                line.append((" ", word[0][1] if word[0][1] == line[-1][1] else ""))
                line.extend(word)
                used += 1 + w
                continue
            if line:
                lines.append((line, used))
            if w <= width:
                line, used = list(word), w
                continue
            pieces = _fold(word, width)
            lines.extend((p, _word_width(p)) for p in pieces[:-1])
            line = pieces[-1]
            used = _word_width(line)
        lines.append((line, used))
    return lines


def measure(cell) -> tuple[int, int]:
    """(its widest line, its widest word) in cells."""
    widest = longest = 0
    for paragraph in _paragraphs(cell):
        widths = [_word_width(word) for word in paragraph]
        widest = max(widest, sum(widths) + max(len(widths) - 1, 0))
        longest = max(longest, max(widths, default=0))
    return widest, longest


class Measure:
    """Each column's widest line and widest word over the cells seen so far (rows may be given in
    several passes, or one at a time, so that a long table is never held whole)."""

    def __init__(self, columns: Sequence[Column]):
        self.columns = columns
        self.widest = [0] * len(columns)
        self.longest = [0] * len(columns)
        self.add([c.header for c in columns])

    def add(self, row) -> None:
        for i, cell in enumerate(row):
            widest, longest = measure(cell)
            if widest > self.widest[i]:
                self.widest[i] = widest
            if longest > self.longest[i]:
                self.longest[i] = longest

    def widths(self, width: int, expand: bool = False) -> list[int]:
        return widths(self.columns, self.widest, self.longest, width, expand)


def outer(widths: Sequence[int]) -> int:
    """The width of a table whose columns have these content widths (one space each side, rules between)."""
    return sum(widths) + 3 * len(widths) + 1


def widths(columns: Sequence[Column], widest: Sequence[int], longest: Sequence[int], width: int,
           expand: bool = False) -> list[int]:
    """Each column's content width, so that the table is at most `width` wide (exactly, with `expand`).

    Every column first gets what it cannot do without (a fixed width; its whole line if no_wrap;
    else its longest word, up to its `fold`, or its min_width); the room left goes to the columns
    whose content is wider, in proportion to their ratio (1 for a column without one), each up
    to its widest line; with `expand`, what is still left goes to the columns with a ratio. When
    even the least widths do not fit, the widest columns give way first (folding words)."""
    room = width - outer([0] * len(columns))
    natural, least = [], []
    for c, wide, word in zip(columns, widest, longest):
        if c.width is not None:
            natural.append(c.width)
            least.append(c.width)
            continue
        need = wide if c.no_wrap else min(word, c.fold)
        if c.min_width is not None:
            need = max(need, c.min_width)
        least.append(max(need, 1))
        natural.append(max(wide, need, 1))
    if sum(natural) <= room:
        out = list(natural)
        if expand:
            _share(out, [c.ratio for c in columns], [1 << 30] * len(out), room - sum(out))
        return out
    out = list(least)
    if sum(out) > room:
        # Too narrow for even the least widths: take one cell at a time from the widest column.
        excess = sum(out) - room
        while excess > 0 and max(out) > 1:
            i = out.index(max(out))
            out[i] -= 1
            excess -= 1
        return out
    _share(out, [c.ratio or 1 for c in columns], natural, room - sum(out))
    return out


def _share(out: list[int], ratios: Sequence[int], caps: Sequence[int], left: int) -> None:
    """Give `left` cells to the columns with a ratio, in proportion to it, none past its cap."""
    while left > 0:
        wanting = [i for i, r in enumerate(ratios) if r and out[i] < caps[i]]
        if not wanting:
            return
        total = sum(ratios[i] for i in wanting)
        given = 0
        for i in wanting:
            share = min(left * ratios[i] // total, caps[i] - out[i])
            out[i] += share
            given += share
        if not given:               # less left than columns: one cell each, in column order
            for i in wanting[:left]:
                out[i] += 1
            given = min(left, len(wanting))
        left -= given


def _rule(widths: Sequence[int], box: tuple[str, str, str, str]) -> str:
    left, line, cross, right = box
    return left + cross.join(line * (w + 2) for w in widths) + right


def _line(pieces, used: int, width: int, justify: str, color: bool) -> str:
    if color:
        runs: list = []
        for t, s in pieces:
            if runs and runs[-1][1] == s:
                runs[-1][0] += t
            else:
                runs.append([t, s])
        text = "".join(paint(t, s) for t, s in runs)
    else:
        text = "".join(t for t, _ in pieces)
    pad = " " * (width - used) if used < width else ""
    return pad + text if justify == "right" else text + pad


def _row(cells, columns, widths, bars, color: bool, bottom: bool = False) -> Iterator[str]:
    left, mid, right = bars
    wrapped = [wrap(cell, w) for cell, w in zip(cells, widths)]
    height = max(len(lines) for lines in wrapped)
    for k in range(height):
        out = []
        for lines, c, w in zip(wrapped, columns, widths):
            # Headers sit at the bottom of their row, cells at the top (as rich laid them out).
            skip = height - len(lines) if bottom else 0
            pieces, used = lines[k - skip] if 0 <= k - skip < len(lines) else ([], 0)
            out.append(" " + _line(pieces, used, w, c.justify, color) + " ")
        yield left + mid.join(out) + right


def render(columns: Sequence[Column], widths: Sequence[int], rows: Iterable, *, title=None,
           show_lines: bool = False, color: bool = False) -> Iterator[str]:
    """The table's lines (no line ends), one row at a time: title, header, rows, bottom rule."""
    if title is not None:
        for pieces, used in wrap(title, outer(widths)):
            yield _line(pieces, used, 0, "left", color)
    bold = "bold" if color else ""
    yield _rule(widths, _HEAD_TOP)
    yield from _row([[(c.header, bold)] for c in columns], columns, widths, _HEAD_ROW, color, bottom=True)
    yield _rule(widths, _HEAD_BOTTOM)
    first = True
    for row in rows:
        if show_lines and not first:
            yield _rule(widths, _BETWEEN)
        first = False
        yield from _row(row, columns, widths, _ROW, color)
    yield _rule(widths, _BOTTOM)


def table(columns: Sequence[Column], rows: Sequence, width: int, *, title=None, show_lines: bool = False,
          expand: bool = False, color: bool = False) -> str:
    """A whole table as text, each line ended by a newline."""
    sizes = Measure(columns)
    for row in rows:
        sizes.add(row)
    lines = render(columns, sizes.widths(width, expand), rows, title=title, show_lines=show_lines, color=color)
    return "".join(line + "\n" for line in lines)


def text(cell, width: int, color: bool = False, indent: str = "", hang: str | None = None) -> str:
    """A paragraph outside a table, wrapped between words at `width` after `indent` (continuation
    lines after `hang`, default `indent`), each line ended by a newline."""
    hang = indent if hang is None else hang
    lines = wrap(cell, width - max(text_width(indent), text_width(hang)))
    return "".join((hang if k else indent) + _line(pieces, used, 0, "left", color) + "\n"
                   for k, (pieces, used) in enumerate(lines))

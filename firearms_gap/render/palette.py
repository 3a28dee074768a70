"""The colours and marks of the statuses, defined once: the terminal's styles, and the fills and
glyphs HTML (CSS, SVG) and XLSX use. Colour only helps: a status is always written as a word, or
shown as a glyph explained by the legend, too.

The fills are light tints of the Okabe-Ito palette (chosen to stay apart for the common forms of
colour blindness), one hue per status, so that no two statuses of one section look alike. Black
text on every fill has a contrast of at least 4.5:1 (WCAG AA); tests/test_palette.py checks both.
"""
from __future__ import annotations

# Terminal styles of the statuses (the table and the findings list), as style names.
TERMINAL = {"met": "green", "met (uncited)": "yellow", "partial": "yellow", "gap": "bold red", "not adopted": "magenta", "not assessed": "dim",
            "not applicable": "cyan"}
REGRESSION_TERMINAL = "bold red"

# The same style names as ANSI SGR codes (the terminal formats write them themselves, no rich).
SGR = {"bold": "1", "dim": "2", "red": "31", "green": "32", "yellow": "33", "magenta": "35", "cyan": "36"}


def paint(text: str, style: str) -> str:
    """`text` in a terminal style ("bold red"): the SGR codes around it, or the text alone for no style."""
    codes = ";".join(SGR[part] for part in style.split() if part in SGR)
    return f"\x1b[{codes}m{text}\x1b[0m" if codes and text else text


# Background fills (RGB hex) of status cells in HTML and XLSX, and of the bars of the HTML charts.
FILLS = {
    "met": "8FD3B6",             # bluish green (Okabe-Ito #009E73)
    "met (uncited)": "ECE690",   # yellow (#F0E442): met on the answers, but no provision cited
    "partial": "F3C05A",         # orange (#E69F00)
    "gap": "EE9A6C",             # vermillion (#D55E00)
    "not adopted": "DDA9CB",     # reddish purple (#CC79A7)
    "not assessed": "DADADA",    # grey: no finding
    "not applicable": "C0E0F8",  # sky blue (#56B4E9)
}
# In the non-binding sections a shortfall is never a breach: no alarm vermillion or orange there,
# but the blue of the Okabe-Ito palette (#0072B2) for "gap" and a pale violet for "partial", apart
# from every other status's hue.
NON_BINDING_FILLS = {**FILLS, "gap": "80A0D8", "partial": "D0B8F8"}
HEADER_FILL = "E4E4E4"

# One mark per status, for the cells of a heatmap where a word does not fit (the legend explains
# them); DejaVu Sans, which the reports ask for, has every one.
GLYPHS = {"met": "\u2713", "met (uncited)": "\u2713?", "partial": "\u25d0", "gap": "\u2717", "not adopted": "\u25cb",
          "not assessed": "?", "not applicable": "\u2013"}

"""The status colours stay readable and apart: black text on every fill at WCAG AA contrast, and
no two statuses of one section alike, for normal vision and for the two common red-green colour
blindnesses (simulated with the Vienot-Brettel-Mollon 1999 matrices)."""
from __future__ import annotations

from itertools import combinations

import pytest

from firearms_gap.model import STATUSES
from firearms_gap.render.palette import FILLS, GLYPHS, NON_BINDING_FILLS

TEXT = (0x11, 0x11, 0x11)        # the reports' text colour
PROTAN = ((0.10889, 0.89111, 0.0), (0.10889, 0.89111, 0.0), (0.00447, -0.00447, 1.0))
DEUTAN = ((0.29031, 0.70969, 0.0), (0.29031, 0.70969, 0.0), (-0.02197, 0.02197, 1.0))


def rgb(hex_: str) -> tuple[int, int, int]:
    return tuple(int(hex_[i:i + 2], 16) for i in (0, 2, 4))


def linear(c: float) -> float:
    c /= 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour) -> float:
    r, g, b = (linear(c) for c in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def lab(colour, matrix=None) -> tuple[float, float, float]:
    """CIE L*a*b* (D65) of an sRGB colour, as a person with the given deficiency sees it."""
    lin = [linear(c) for c in colour]
    if matrix:
        lin = [sum(m * v for m, v in zip(row, lin)) for row in matrix]
    x = (0.4124 * lin[0] + 0.3576 * lin[1] + 0.1805 * lin[2]) / 0.95047
    y = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    z = (0.0193 * lin[0] + 0.1192 * lin[1] + 0.9505 * lin[2]) / 1.08883

    def f(t):
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116
    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def distance(a, b, matrix=None) -> float:
    return sum((p - q) ** 2 for p, q in zip(lab(a, matrix), lab(b, matrix))) ** 0.5


@pytest.mark.parametrize("fills", [FILLS, NON_BINDING_FILLS], ids=["binding", "non-binding"])
def test_text_on_every_fill_has_aa_contrast(fills):
    for status in STATUSES:
        assert contrast(TEXT, rgb(fills[status])) >= 4.5, status


@pytest.mark.parametrize("matrix", [None, PROTAN, DEUTAN], ids=["normal", "protan", "deutan"])
@pytest.mark.parametrize("fills", [FILLS, NON_BINDING_FILLS], ids=["binding", "non-binding"])
def test_no_two_statuses_of_a_section_look_alike(fills, matrix):
    # Delta E 10: two patches side by side are told apart at a glance (2.3 is "just noticeable").
    for a, b in combinations(STATUSES, 2):
        assert distance(rgb(fills[a]), rgb(fills[b]), matrix) >= 10, (a, b)


def test_a_non_binding_shortfall_is_never_shown_in_the_alarm_colours_of_a_breach():
    for status in ("gap", "partial"):
        assert NON_BINDING_FILLS[status] not in (FILLS["gap"], FILLS["partial"])


def test_every_status_has_its_own_glyph():
    assert set(GLYPHS) == set(STATUSES)
    assert len(set(GLYPHS.values())) == len(STATUSES)

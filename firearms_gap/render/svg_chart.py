"""Stacked bar charts as inline SVG, for the HTML reports: no script, no style attribute (the
Content-Security-Policy allows only the report's one hashed <style>), only presentation attributes.

Each bar is one group (a treaty article, a theme, a jurisdiction), split by status in STATUSES
order. Colour is never alone: a segment wide enough carries its status's glyph and count, the
total is written after the bar, and the report's legend names each colour and glyph. (No SVG
<title>: a report has exactly one <title>, its own.)
"""
from __future__ import annotations

from firearms_gap.model import STATUSES
from firearms_gap.render.escape import html_text as h
from firearms_gap.render.palette import GLYPHS

LABEL_WIDTH = 170          # px of the group names
BAR_WIDTH = 600            # px of the longest bar
ROW = 20                   # px per bar
TEXT = "#111111"


def stacked_bars(groups: list[tuple[str, dict[str, int]]], fills: dict[str, str], caption: str) -> str:
    """groups: (name, counts by status). Empty groups (no requirement) are left out."""
    groups = [(name, counts) for name, counts in groups if sum(counts.values())]
    if not groups:
        return ""
    longest = max(sum(c.values()) for _, c in groups)
    scale = BAR_WIDTH / longest
    width, height = LABEL_WIDTH + BAR_WIDTH + 40, ROW * len(groups) + 4
    out = [f'<figure class="chart"><figcaption>{h(caption)}</figcaption><svg role="img" viewBox="0 0 {width} {height}" '
           f'width="{width}" height="{height}" font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif" '
           'font-size="11">']
    for i, (name, counts) in enumerate(groups):
        y = 2 + i * ROW
        out.append(f'<text x="{LABEL_WIDTH - 6}" y="{y + 14}" text-anchor="end" fill="{TEXT}">{h(_fit(name))}</text>')
        x = float(LABEL_WIDTH)
        for status in STATUSES:
            n = counts.get(status, 0)
            if not n:
                continue
            w = n * scale
            out.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{ROW - 4}" fill="#{fills[status].lower()}" '
                       'stroke="#ffffff" stroke-width="1"/>')
            label = f"{GLYPHS[status]} {n}" if w >= 30 else (str(n) if w >= 10 else "")
            if label:
                out.append(f'<text x="{x + w / 2:.1f}" y="{y + 12}" text-anchor="middle" fill="{TEXT}">{h(label)}</text>')
            x += w
        out.append(f'<text x="{x + 4:.1f}" y="{y + 12}" fill="{TEXT}">{sum(counts.values())}</text>')
    out.append("</svg></figure>")
    return "".join(out)


def _fit(name: str, limit: int = 28) -> str:
    """A group name that fits its column (articles and themes are short; a long name is cut with an ellipsis)."""
    return name if len(name) <= limit else name[: limit - 1] + "\u2026"

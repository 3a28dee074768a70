"""The HTML reports rendered by a real browser (headless Chromium), printed to PDF and screenshotted.

What is checked is the rendering, not the HTML text: the printed page size (A4 landscape, which
only the report's own stylesheet sets, so the Content-Security-Policy hash let it apply), the
table header repeated on later pages, the status colours present in the printed page's pixels,
and hostile text showing up as text.

Needs `chromium` and poppler-utils (`pdftotext`, `pdfinfo`, `pdftoppm`). Without them the tests
are skipped, except when CI=true, where they fail: CI installs them
(apt-get install -y chromium poppler-utils).
"""
from __future__ import annotations

import re
import shutil
import struct
import subprocess
from pathlib import Path

import pytest
from clirun import run
from support import unavailable
from test_compare import HOSTILE, HOSTILE_RULESET, RULESET, XA, XB, XC

from firearms_gap.render.palette import FILLS, NON_BINDING_FILLS

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
POPPLER = ("pdftotext", "pdfinfo", "pdftoppm")
INSTALL = "apt-get install -y chromium poppler-utils"


def _need(names: tuple[str, ...], what: str) -> str:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    unavailable(f"{what} not found (looked for {', '.join(names)}); install it: {INSTALL}")


@pytest.fixture(scope="module")
def browser() -> str:
    return _need(BROWSERS, "a Chromium browser")


@pytest.fixture(scope="module")
def poppler() -> dict[str, str]:
    return {tool: _need((tool,), f"{tool} (poppler-utils)") for tool in POPPLER}


pytestmark = pytest.mark.usefixtures("in_repository")  # conftest.py


def report(tmp_path: Path, *args: str, name: str = "report.html") -> Path:
    path = tmp_path / name
    result = run(*args, "-f", "html", "-o", str(path))
    assert result.code in (0, 1), result.stderr
    return path


def chromium(browser: str, tmp_path: Path, html: Path, *output: str) -> subprocess.CompletedProcess:
    profile = tmp_path / "profile"
    profile.mkdir(exist_ok=True)
    argv = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
            *output, html.as_uri()]
    proc = subprocess.run(argv, capture_output=True, timeout=300, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")[-2000:]
    return proc


def print_pdf(browser: str, tmp_path: Path, html: Path) -> Path:
    pdf = tmp_path / (html.stem + ".pdf")
    chromium(browser, tmp_path, html, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    assert pdf.exists() and pdf.read_bytes()[:5] == b"%PDF-"
    assert pdf.stat().st_size > 10_000
    return pdf


def pages_text(poppler: dict, pdf: Path) -> list[str]:
    out = subprocess.run([poppler["pdftotext"], "-layout", str(pdf), "-"], capture_output=True, timeout=120,
                         check=True).stdout.decode("utf-8")
    return [p for p in out.split("\f") if p.strip()]


def page_info(poppler: dict, pdf: Path) -> dict[str, str]:
    out = subprocess.run([poppler["pdfinfo"], str(pdf)], capture_output=True, timeout=120, check=True).stdout
    return dict(line.split(":", 1) for line in out.decode().splitlines() if ":" in line)


def pixels(poppler: dict, pdf: Path, tmp_path: Path, page: int = 1) -> tuple[int, int, bytes]:
    """The page rasterised (binary PPM: no image library needed)."""
    prefix = tmp_path / f"page{page}"
    subprocess.run([poppler["pdftoppm"], "-r", "40", "-f", str(page), "-l", str(page), str(pdf), str(prefix)],
                   check=True, timeout=120)
    data = next(tmp_path.glob(f"page{page}*.ppm")).read_bytes()
    m = re.match(rb"P6\s+(\d+)\s+(\d+)\s+255\s", data)
    assert m, data[:20]
    return int(m.group(1)), int(m.group(2)), data[m.end():]


def count_colour(raster: bytes, rgb: tuple[int, int, int], tolerance: int = 8) -> int:
    n = 0
    for i in range(0, len(raster) - 2, 3):
        if all(abs(raster[i + k] - rgb[k]) <= tolerance for k in range(3)):
            n += 1
    return n


# --------------------------------------------------------------------------- the tests

def test_check_report_prints_on_a4_landscape_with_headers_on_every_page(browser, poppler, tmp_path):
    """A long report (a bundled example against every bundled ruleset) runs over many pages."""
    html = report(tmp_path, "check", "examples/aldoria-typical-gaps.yaml")
    pdf = print_pdf(browser, tmp_path, html)
    info = page_info(poppler, pdf)
    width, height = (float(x) for x in re.findall(r"[\d.]+", info["Page size"])[:2])
    assert "A4" in info["Page size"] and width > height           # the report's @page rule applied
    pages = pages_text(poppler, pdf)
    assert len(pages) >= 3
    assert "Gap matrix: Republic of Aldoria (XA) [fictional], law as of 2026-01-01" in pages[0]
    assert "firearms-gap 0.1.0" in pages[0]
    with_header = [i for i, p in enumerate(pages) if "National provision / what is missing" in p]
    assert len(with_header) >= 3                                  # <thead> repeated on following pages
    text = "\n".join(pages)
    assert text.index("Treaty obligations (binding") < text.index("Voluntary, never a breach")


def test_compare_report_status_colours_are_printed(browser, poppler, tmp_path):
    html = report(tmp_path, "compare", "--ruleset", RULESET, XA, XB, XC)
    pdf = print_pdf(browser, tmp_path, html)
    text = "\n".join(pages_text(poppler, pdf))
    for word in ("Comparison of 3 jurisdictions", "XA", "XB", "XC", "not applicable", "not adopted"):
        assert word in text
    width, height, raster = pixels(poppler, pdf, tmp_path)
    assert width > height                                         # landscape
    assert count_colour(raster, rgb(FILLS["gap"])) > 20            # gap cells (binding): vermillion
    assert count_colour(raster, rgb(FILLS["met"])) > 20            # met cells: bluish green


def rgb(hex_: str) -> tuple[int, int, int]:
    return tuple(int(hex_[i:i + 2], 16) for i in (0, 2, 4))


EXAMPLE = "examples/aldoria-typical-gaps.yaml"


def test_first_printed_page_has_the_legend_and_the_executive_summary(browser, poppler, tmp_path):
    """The binding shortfalls the summary lists (up to 'Counts per section', which may fall on the
    second page) are exactly those of the JSON; page 1 shows the legend's colours."""
    import json

    data = json.loads(run("check", EXAMPLE, "-f", "json").stdout)
    expected = [r["id"] for r in data["results"] if r["section"] == "binding"
                and r["status"] in ("gap", "partial", "met (uncited)")]
    pdf = print_pdf(browser, tmp_path, report(tmp_path, "check", EXAMPLE))
    pages = pages_text(poppler, pdf)
    first = pages[0]
    for words in ("Republic of Aldoria", "Party to the Firearms Protocol", "Status:", "not assessed",
                  "Executive summary", f"Binding shortfalls ({len(expected)})"):
        assert words in first
    text = "\n".join(pages)
    summary = text[text.index("Executive summary"):text.index("Counts per section")]
    assert re.findall(r"\bFP-[\w-]+", summary) == expected
    _, _, raster = pixels(poppler, pdf, tmp_path)
    for status in ("met", "partial", "gap", "not adopted", "not assessed", "not applicable"):
        assert count_colour(raster, rgb(FILLS[status]), tolerance=4) > 10, status
    assert count_colour(raster, rgb(NON_BINDING_FILLS["gap"]), tolerance=4) > 10


def test_screenshot_of_the_check_report_shows_the_charts(browser, tmp_path):
    html = report(tmp_path, "check", EXAMPLE)
    png = tmp_path / "check.png"
    chromium(browser, tmp_path, html, f"--screenshot={png}", "--window-size=1280,2400", "--hide-scrollbars")
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", data[16:24]) == (1280, 2400)
    assert len(data) > 100_000                                    # text, tables and bars, not a blank page


def test_a_comparison_of_50_jurisdictions_prints_its_heatmap_readably(browser, poppler, tmp_path):
    """Every jurisdiction's column on the page (none cut off at the right), the header row repeated."""
    sources = sorted(Path("examples").glob("*.yaml"))
    files = []
    for i in range(50):
        target = tmp_path / f"j{i + 1:02d}.yaml"
        target.write_bytes(sources[i % len(sources)].read_bytes())
        files.append(str(target))
    pdf = print_pdf(browser, tmp_path, report(tmp_path, "compare", *files))
    pages = pages_text(poppler, pdf)
    heat = [p for p in pages if "Requirement (ID, title, source)" in p]
    assert len(heat) >= 3                                         # the header row on every page of the heatmap
    for page in heat:
        assert "(j01)" in page and "(j50)" in page and "Gap in" in page
    assert len(pages) < 60


def test_screenshot_of_the_diff_report(browser, tmp_path):
    html = report(tmp_path, "diff", "--ruleset", RULESET, "tests/fixtures/batch/diff/law.yaml",
                  "tests/fixtures/batch/diff/draft.yaml")
    png = tmp_path / "diff.png"
    chromium(browser, tmp_path, html, f"--screenshot={png}", "--window-size=1200,900", "--hide-scrollbars")
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1200, 900)
    assert len(data) > 20_000                                     # a rendered page, not a blank one


def test_hostile_text_renders_as_text(browser, poppler, tmp_path):
    html = report(tmp_path, "check", "--ruleset", HOSTILE_RULESET, HOSTILE[0])
    pdf = print_pdf(browser, tmp_path, html)
    text = " ".join(" ".join(pages_text(poppler, pdf)).split())
    assert "<script>alert(1)</script>" in text                   # shown, so never run
    assert "=HYPERLINK(\"http://x\",\"y\")" in text
    assert "[red]x[/red]" in text

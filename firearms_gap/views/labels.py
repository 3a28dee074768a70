"""The words of every report, each defined once: legal forces, sections, themes, statuses,
jurisdictions. A format never spells one of these itself."""
from __future__ import annotations

from firearms_gap.findings import clean
from firearms_gap.model import SECTIONS, STATUSES

FORCE_LABELS = {
    "mandatory": "mandatory", "conditional": "conditional", "qualified": "qualified",
    "definitional": "definitional", "optional": "optional (consider)", "permissive": "permissive (may)",
    "hortatory": "hortatory (encouraged)", "recommended": "recommended (voluntary)",
    "draft_resolution": "draft resolution (adoption unconfirmed)",
    "discussion_point": "discussion point (not adopted)",
    "secretariat_recommendation": "Secretariat recommendation (not adopted)", "context": "context",
}

# Short names of the sections of the matrix (model.SECTIONS) for headings and spreadsheet cells.
SECTION_SHORT = {"binding": "Treaty obligations (binding)", "treaty-non-binding": "Treaty definitions and options",
                 "soft-law": "Recommendations and other soft law"}
SECTION_TITLES = dict(SECTIONS)

# What each non-binding section of the matrix is, in words (shown where a format has room).
SECTION_NOTICES = {
    "treaty-non-binding": (
        "Not obligations by themselves. Definitions fix the reach of the obligations: a national definition "
        "narrower than the Protocol's shows here and also as a shortfall of each obligation it narrows. Options "
        "the Protocol leaves to each State ('shall consider', 'may', 'are encouraged') are never a breach: here "
        "'gap' only means that an option is not taken up."),
    "soft-law": (
        "Voluntary, never a breach. Recommendations of the Working Group on Firearms, recommendations of the "
        "Secretariat that the Working Group did not adopt, points from a Chair's summary that were never "
        "adopted, text of a draft resolution whose adoption is unconfirmed, and background material. None of "
        "it is a treaty obligation: here 'gap' only means that a measure is not taken up."),
}
NON_BINDING_NOTICE = "Not obligations: nothing in this part is a breach; 'gap' only means a measure is not taken up."

STATUS_MEANING = {
    "met": "every element of the requirement is met by a cited national provision.",
    "met (uncited)": "every element is met on the answers given, but no national provision is cited for them; "
                     "never counted as met.",
    "partial": "some elements are met, or a shortfall is established while other answers are missing.",
    "gap": "every element was answered and none is met.",
    "not adopted": "an option ('shall consider', 'may', 'are encouraged') the law does not take up; never a gap.",
    "not assessed": "the framework file does not answer the questions this requirement needs; it is not a gap.",
    "not applicable": "the requirement's condition does not hold for this jurisdiction.",
}

# Marks a jurisdiction made up for examples and tests, wherever its name is shown.
FICTIONAL = " [fictional]"


def section_short(key: str) -> str:
    return SECTION_SHORT.get(key) or SECTION_TITLES[key]


def section_notice(key: str) -> str | None:
    """What a section is, for readers of the non-binding ones (None for the binding section)."""
    return None if key == "binding" else SECTION_NOTICES.get(key, NON_BINDING_NOTICE)


def theme_label(theme: str) -> str:
    """A theme as a reader sees it ('online_and_postal' -> 'online and postal'), in every format;
    CSV and JSON also give the theme's id in a column or key of its own."""
    return clean(theme.replace("_", " "))


def one_line(text) -> str:
    """For headings and labels: a newline in data must not start a line of its own."""
    return clean(" ".join(str(text).split()))


def jurisdiction_name(j: dict) -> str:
    """'Republic of Aldoria (XA) [fictional]'."""
    return f"{j.get('name')} ({j.get('code')})" + (FICTIONAL if j.get("fictional") else "")


def title_line(report) -> str:
    """'Gap matrix: Republic of Aldoria (XA) [fictional], law as of 2026-01-01' of a Report."""
    when = f", law as of {report.described_as_of}" if report.described_as_of else ""
    as_of = getattr(report, "as_of", None)      # check --as-of: the law in force on another date
    if as_of and as_of != report.described_as_of:
        when = f", law in force at {as_of}"
    return clean(f"Gap matrix: {jurisdiction_name(report.jurisdiction)}{when}")


def describe(report) -> str:
    """title_line without its prefix, on one line, of a Report or a compare Column."""
    return one_line(title_line(report).removeprefix("Gap matrix: "))


def rulesets_line(result) -> str:
    return "Rulesets: " + "; ".join(f"{r.id} {r.version}" for r in result.rulesets) + \
        f" (firearms-gap {result.tool_version})"


def counts_text(counts: dict[str, int], compact: bool = False) -> str:
    parts = [f"{counts[s]} {s}" for s in STATUSES if counts[s] or not compact]
    return ", ".join(parts) if parts else "none"


def filters_text(filters: dict) -> str:
    """'--force mandatory --theme records' (empty when nothing is filtered)."""
    return " ".join(f"--{k} {v}" for k, vs in sorted(filters.items()) for v in vs)

"""JSON output: the stable, documented contract for scripts (schemas/result.schema.json)."""
from __future__ import annotations


from firearms_gap.result import Report, RulesetInfo
from firearms_gap.render.common import SECTIONS, national_lines, ruleset_items, section_of
from firearms_gap.render import json_text

OUTPUT_SCHEMA_VERSION = "1"


def to_data(report: Report) -> dict:
    by_status = report.counts()
    return {
        "output_schema_version": OUTPUT_SCHEMA_VERSION,
        "tool": {"name": "firearms-gap", "version": report.tool_version},
        "framework": {"file": report.file, "jurisdiction": report.jurisdiction,
                      "described_as_of": report.described_as_of, "party_to": list(report.party_to),
                      "party_status": report.party_status, "notes": report.notes},
        "rulesets": ruleset_items(report.rulesets),
        "filters": dict(report.filters),
        "fail_on": report.fail_on,
        "summary": {
            "by_status": by_status,
            "by_section": {key: report.counts([r for r in report.results if section_of(r) == key])
                           for key, _ in SECTIONS},
            "section_titles": {key: report.section_title(key) for key, _ in SECTIONS},
            "by_force": report.counts_by_force(),
            "failing": list(report.failing),
        },
        "results": [{
            "id": r.id, "title": r.title, "ruleset": r.ruleset, "citation": r.citation,
            "force": r.force, "binding": r.binding, "section": section_of(r), "qualifier": r.qualifier, "theme": r.theme, "kind": r.kind,
            "status": r.status, "national_provisions": list(r.provisions), "missing": list(r.missing),
            "unanswered": list(r.unanswered), "not_applicable_reason": r.reason,
            "unsupported": list(r.unsupported), "unverified": list(r.unverified), "notes": list(r.notes),
            "evidence": list(r.evidence),
            "summary": national_lines(r),
            "elements": [{"id": e.id, "requires": e.requires, "citation": e.citation, "state": e.state,
                          "gap": e.gap, "unanswered": list(e.unanswered), "national_provisions": list(e.provisions)}
                         for e in r.elements],
        } for r in report.results],
    }


def render(report: Report) -> str:
    return json_text.dumps(to_data(report)) + "\n"


def validation_text(book, checked) -> str:
    """`validate --format json`: one entry per file, in the order given, with its problems as
    check's input_errors are written. checked: (file, answers or None if invalid, diagnostics)."""
    from firearms_gap import __version__

    files = [{"file": name, "valid": answered is not None, "answered": answered, "questions": len(book.facts),
              "problems": [d.as_dict() for d in problems]} for name, answered, problems in checked]
    return json_text.dumps({
        "output_schema_version": OUTPUT_SCHEMA_VERSION,
        "kind": "validation",
        "tool": {"name": "firearms-gap", "version": __version__},
        "rulesets": ruleset_items(map(RulesetInfo.of, book.rulesets)),
        "summary": {"files": len(files), "valid": sum(f["valid"] for f in files),
                    "invalid": sum(not f["valid"] for f in files)},
        "files": files,
    }) + "\n"

"""JSON of every report: the stable, documented contract for scripts (schemas/<kind>.schema.json, KINDS).

Every document starts with the same keys (`header`). A comparison's document is written in
pieces (`pieces_compare`), one jurisdiction or one requirement at a time, so that a comparison of
thousands of files is never held whole; the pieces are exactly json.dumps(indent=2)'s text."""
from __future__ import annotations

from firearms_gap.model import section_of
from firearms_gap.render import json_text
from firearms_gap.render.json_text import encode_basestring   # what json.dumps(ensure_ascii=False) uses for strings

OUTPUT_SCHEMA_VERSION = "1"
# The `kind` of each document, and of its schema (schemas/<kind>.schema.json, `firearms-gap schema
# --output-of KIND`); "check" is published as result.schema.json, its name since version 1.
KINDS = ("check", "compare", "diff", "validation", "rules", "coverage", "needs", "history")
SCHEMA_FILES = {kind: ("result" if kind == "check" else kind) + ".schema.json" for kind in KINDS}
# The command whose input errors an error document reports -> the kind of document it writes.
_COMMAND_KINDS = {"check": "check", "compare": "compare", "diff": "diff", "validate": "validation",
                  "needs": "needs", "history": "history"}


def ruleset_items(rulesets) -> list[dict]:
    """The `rulesets` list of every document (RulesetInfo records)."""
    return [{"id": r.id, "version": r.version, "title": r.title, "instrument": r.instrument} for r in rulesets]


def header(kind: str | None, tool_version: str, rulesets, filters: dict | None, fail_on: str | None) -> dict:
    """The keys every document starts with, in one place (filters and fail_on: None leaves them out)."""
    head = {"output_schema_version": OUTPUT_SCHEMA_VERSION}
    if kind:
        head["kind"] = kind
    head["tool"] = {"name": "firearms-gap", "version": tool_version}
    head["rulesets"] = ruleset_items(rulesets)
    if filters is not None:
        head["filters"] = filters
    if fail_on is not None:
        head["fail_on"] = fail_on
    return head


def errors_text(diagnostics, command: str | None = None) -> str:
    """The document written when the input cannot be read or is invalid (--format json): of the
    command's kind, so that the command's schema describes it."""
    kind = _COMMAND_KINDS.get(command or "")
    return json_text.dumps({"output_schema_version": OUTPUT_SCHEMA_VERSION, **({"kind": kind} if kind else {}),
                            "input_errors": [d.as_dict() for d in diagnostics]}) + "\n"


def catalogue_text(kind: str, key: str, items: list, tool_version: str) -> str:
    """The `rules list` / `rules show` (kind "rules", key "requirements") and `rules coverage`
    (kind "coverage", key "items") documents: the same head as every other document."""
    return json_text.dumps({"output_schema_version": OUTPUT_SCHEMA_VERSION, "kind": kind,
                            "tool": {"name": "firearms-gap", "version": tool_version}, key: items}) + "\n"


# --- check -----------------------------------------------------------------------------------------

# Each result's keys, and each element's, in the order the document gives them (result.schema.json).
RESULT_KEYS = ("id", "title", "ruleset", "citation", "force", "binding", "section", "qualifier", "theme", "kind",
               "status", "national_provisions", "missing", "unanswered", "not_applicable_reason", "unsupported",
               "unverified", "notes", "evidence", "determination", "not_in_force", "assistance", "summary",
               "elements")
ELEMENT_KEYS = ("id", "requires", "citation", "state", "gap", "unanswered", "national_provisions")


def _result_values(view, r) -> tuple:
    """A result's values in RESULT_KEYS order; its elements as they are (ElementResult records)."""
    return (r.id, r.title, r.ruleset, r.citation, r.force, r.binding, section_of(r), r.qualifier, r.theme, r.kind,
            r.status, r.provisions, r.missing, r.unanswered, r.reason, r.unsupported, r.unverified, r.notes,
            r.evidence, _determination(r.determination), r.not_in_force,
            [{"answer": a.fact, "needs": list(a.needs), "other": a.other, "note": a.note} for a in r.assistance],
            view.lines[r.id], r.elements)


def _element_values(e) -> tuple:
    return e.id, e.requires, e.citation, e.state, e.gap, e.unanswered, e.provisions


def _check_head(view) -> dict:
    """The document's keys before "results"."""
    report = view.report
    head = header("check", report.tool_version, report.rulesets, dict(report.filters), report.fail_on)
    return {
        "output_schema_version": head.pop("output_schema_version"),
        "kind": head.pop("kind"),
        "tool": head.pop("tool"),
        "framework": {"file": report.file, "jurisdiction": report.jurisdiction,
                      "described_as_of": report.described_as_of, "party_to": list(report.party_to),
                      "party_status": report.party_status, "notes": report.notes,
                      "as_of": report.as_of, "notices": list(report.notices)},
        **head,
        "summary": {
            "by_status": view.by_status,
            "by_section": view.by_section,
            "section_titles": {key: report.section_title(key) for key in view.by_section},
            "by_force": view.by_force,
            "failing": list(view.failing),
        },
    }


def check_data(view) -> dict:
    """The whole document as one value (render_check writes the same text without making it)."""
    data = _check_head(view)
    data["results"] = [{**_as_lists(zip(RESULT_KEYS, values)),
                        "elements": [_as_lists(zip(ELEMENT_KEYS, _element_values(e))) for e in elements]}
                       for *values, elements in (_result_values(view, r) for r in view.results)]
    return data


def _as_lists(items) -> dict:
    return {key: list(value) if type(value) is tuple else value for key, value in items}


def _determination(d) -> dict | None:
    """The assessor's determination beside the computed `status` (None: none)."""
    return None if d is None else {"status": d.status, "justification": d.justification, "by": d.by, "date": d.date,
                                   "expires": d.expires, "national_provisions": list(d.provisions),
                                   "in_effect": d.in_effect}


# The results are written directly from a template made once (json_text.template: each key with the
# line break and indentation before it, a %s for its value; a result is an item of the top-level
# "results" list, its keys 6 spaces in, an element's 10). Why: the results are ~95 % of the document
# (~320 kB for the bundled rulesets); making each a dict, then writing the dicts with the general
# writer (which makes a tuple of each dict's keys to look its template up) took twice as long:
# `check --format json` 419.2 -> 412.3 M instructions (callgrind). The text is
# json.dumps(check_data(view), indent=2) to the byte (tests/test_json_check_writer.py: every example,
# several readings, any text in any field).
_RESULT_TEMPLATE = json_text.template(RESULT_KEYS, "    ")
_ELEMENT_TEMPLATE = json_text.template(ELEMENT_KEYS, "        ")
_RESULT_PAD, _ELEMENT_PAD = "      ", "          "         # where each one's values start


def _elements_text(elements) -> str:
    if not elements:
        return "[]"
    return "[\n        " + ",\n        ".join(_ELEMENT_TEMPLATE % tuple(json_text.member_texts(_element_values(e), _ELEMENT_PAD))
                                            for e in elements) + "\n      ]"


def _results_pieces(view):
    """The "results" list, one result at a time (its separator first): never the whole list in one string."""
    sep = "[\n    "
    for r in view.results:
        *values, elements = _result_values(view, r)
        items = json_text.member_texts(values, _RESULT_PAD)
        items.append(_elements_text(elements))
        yield sep + _RESULT_TEMPLATE % tuple(items)
        sep = ",\n    "
    yield "[]" if sep == "[\n    " else "\n  ]"


def pieces_check(view):
    """The check document in pieces, one result each. Why: joined, the ~320 kB of results were copied
    whole four times over (the join, the brackets, the head, the end), then encoded whole; in pieces
    each is encoded and written as it comes: 396.4 -> 390.8 M instructions a `check --format json`
    (callgrind), and ~770 fewer page faults (each copy of a text that large was fresh memory)."""
    head = json_text.dumps(_check_head(view))
    yield head[:-2] + ',\n  "results": '           # head ends with "\n}"
    yield from _results_pieces(view)
    yield "\n}\n"


def render_check(view) -> str:
    return "".join(pieces_check(view))


# --- compare ---------------------------------------------------------------------------------------

def _compare_head(view) -> dict:
    """The document's keys before "jurisdictions"."""
    batch = view.batch
    return {
        **header("compare", batch.tool_version, batch.rulesets, batch.filters, batch.fail_on),
        "complete": view.complete,
        "input_errors": [d.as_dict() for d in view.input_errors],
    }


def _jurisdictions(view):
    for j in view.jurisdictions():
        col = j.column
        yield {"column": j.label, "file": col.file, "jurisdiction": col.jurisdiction,
               "described_as_of": col.described_as_of, "party_to": list(col.party_to), "summary": j.summary}


def _requirement(view, r, *, cells: bool = True) -> dict:
    item = {"id": r.id, "title": r.title, "ruleset": r.ruleset, "citation": r.citation, "force": r.force,
            "binding": r.binding, "theme": r.theme, "kind": r.kind, "counts": view.requirement_counts(r.id)}
    if cells:
        item["cells"] = [{"column": label, "file": col.file, "status": status, "national_provisions": list(provisions),
                          "missing": list(missing), "unanswered": list(unanswered), "summary": list(lines)}
                         for label, col, status, lines, (provisions, missing, unanswered)
                         in zip(view.labels, view.columns, view.statuses(r.id), view.lines(r.id), view.findings(r.id))]
    return item


def compare_data(view) -> dict:
    """The whole document as one value (pieces_compare writes the same text without making it)."""
    return {**_compare_head(view), "jurisdictions": list(_jurisdictions(view)), "failing": list(view.failing),
            "requirements": [_requirement(view, r) for r in view.rows]}


def _items(texts):
    """A list that is a value of the document's top-level object, exactly as json.dumps(indent=2)
    writes it there, from the JSON text of each item, one item at a time."""
    sep = "[\n    "
    for text in texts:
        yield sep + text.replace("\n", "\n    ")     # JSON text has no raw newline inside a string
        sep = ",\n    "
    yield "[]" if sep == "[\n    " else "\n  ]"


# Every piece of a cell is made already indented as an item of the top-level "requirements" list
# (each "\n" followed by four more spaces, what _items does to a whole text): JSON strings hold no
# raw newline, so indenting the pieces is indenting the cell, without a pass over it.
_ITEM = "\n    "
_PROVISIONS_KEY = f',{_ITEM}      "national_provisions": '
_MISSING_KEY, _UNANSWERED_KEY = f',{_ITEM}      "missing": ', f',{_ITEM}      "unanswered": '
_SUMMARY_KEY, _CELL_END = f',{_ITEM}      "summary": ', f"{_ITEM}    }}"
_OPEN_LIST, _LIST_SEP, _CLOSE_LIST = f"[{_ITEM}        ", f",{_ITEM}        ", f"{_ITEM}      ]"


def _strings(items) -> str:
    return _OPEN_LIST + _LIST_SEP.join(map(encode_basestring, items)) + _CLOSE_LIST


def compare_cell_text(status: str, provisions, missing, unanswered, summary) -> str:
    """A cell of the compare document after its "file" member, as _requirement_items writes it.
    Given to batch.compare(cell_text=...), it runs where each file is checked (in the worker
    processes of `compare --jobs`, in parallel), so that writing the document, once every file is
    checked, only puts the cells' texts together."""
    # Most lists of a cell are empty: no call for them (this runs for every cell of every file).
    return "".join((encode_basestring(status), _PROVISIONS_KEY, _strings(provisions) if provisions else "[]",
                    _MISSING_KEY, _strings(missing) if missing else "[]",
                    _UNANSWERED_KEY, _strings(unanswered) if unanswered else "[]",
                    _SUMMARY_KEY, _strings(summary) if summary else "[]", _CELL_END))


def _cell_texts(view, rid: str):
    """Each jurisdiction's cell of a requirement (compare_cell_text), made as the files were checked
    when the comparison kept them, else now from the cells' fields."""
    if view.batch.cell_texts:
        return view.batch.texts(rid)
    return (compare_cell_text(status, provisions, missing, unanswered, lines)
            for status, lines, (provisions, missing, unanswered)
            in zip(view.statuses(rid), view.lines(rid), view.findings(rid)))


def _requirement_items(view):
    """The "requirements" list: json_text.dumps(_requirement(view, r)) of each row as an item of the
    document's top-level object (as _items writes it), with the cells (the bulk of a large
    comparison) written here directly: the same text, faster, one cell at a time."""
    enc = encode_basestring
    starts = [f'{{{_ITEM}      "column": {enc(label)},{_ITEM}      "file": {enc(col.file)},{_ITEM}      "status": '
              for label, col in zip(view.labels, view.columns)]
    first_cell, next_cell = f"[{_ITEM}    ", f",{_ITEM}    "
    # Each requirement is written one cell at a time (with thousands of jurisdictions a requirement's
    # text is megabytes, and joining it, then re-indenting it, held several copies).
    sep = "[" + _ITEM
    for r in view.rows:
        head = json_text.dumps(_requirement(view, r, cells=False))
        yield sep + (head[:-2] + ',\n  "cells": ').replace("\n", _ITEM)      # head ends with "\n}"
        sep = ",\n    "
        cell_sep = first_cell
        for start, text in zip(starts, _cell_texts(view, r.id)):
            yield cell_sep + start + text
            cell_sep = next_cell
        yield (("[]" if cell_sep is first_cell else "\n  ]") + "\n}").replace("\n", _ITEM)
    yield "[]" if sep == "[" + _ITEM else "\n  ]"


def pieces_compare(view):
    """The compare document in pieces (one jurisdiction or one requirement each)."""
    if not view.batch.cell_texts:
        view.batch.require_details()            # now, not once the first pieces are written
    return _compare_pieces(view)


def _compare_pieces(view):
    head = json_text.dumps(_compare_head(view))
    yield head[:-2] + ',\n  "jurisdictions": '                  # head ends with "\n}"
    yield from _items(json_text.dumps(j) for j in _jurisdictions(view))
    yield ',\n  "failing": ' + json_text.dumps(list(view.failing)).replace("\n", "\n  ") + ',\n  "requirements": '
    yield from _requirement_items(view)
    yield "\n}\n"


def render_compare(view) -> str:
    return "".join(pieces_compare(view))


# --- diff ------------------------------------------------------------------------------------------

def _side(report) -> dict:
    return {"file": report.file, "jurisdiction": report.jurisdiction, "described_as_of": report.described_as_of,
            "party_to": list(report.party_to), "by_status": report.counts()}


def diff_data(view) -> dict:
    d = view.diff
    return {
        **header("diff", d.tool_version, d.rulesets, d.filters, d.fail_on),
        "old": _side(d.old),
        "new": _side(d.new),
        "same_jurisdiction": d.same_jurisdiction,
        "summary": d.summary(),
        "changes": [{
            "id": c.requirement.id, "title": c.requirement.title, "ruleset": c.requirement.ruleset,
            "citation": c.requirement.citation, "force": c.requirement.force, "binding": c.requirement.binding,
            "theme": c.requirement.theme, "old_status": c.old.status, "new_status": c.new.status,
            "change": c.change, "regression": c.regression, "newly_unmet_elements": list(c.newly_unmet),
            "national_provisions_removed": list(c.provisions_removed),
            "national_provisions_added": list(c.provisions_added),
            "old_summary": view.statements(c.old), "new_summary": view.statements(c.new),
            "elements_now_met": list(c.now_met),
            "elements": [{"id": e.id, "requires": e.requires, "old_state": e.old, "new_state": e.new,
                          "changed": e.changed} for e in c.elements],
            "what_changed": view.change_lines(c),
        } for c in view.rows],
    }


def render_diff(view) -> str:
    return json_text.dumps(diff_data(view)) + "\n"


# --- validate --------------------------------------------------------------------------------------

def validation_text(book, checked, tool_version: str, rulesets) -> str:
    """`validate --format json`: one entry per file, in the order given, with its problems as
    check's input_errors are written. checked: (file, answers or None if invalid, diagnostics)."""
    files = [{"file": name, "valid": answered is not None, "answered": answered, "questions": len(book.facts),
              "problems": [d.as_dict() for d in problems]} for name, answered, problems in checked]
    return json_text.dumps({
        **header("validation", tool_version, rulesets, None, None),
        "summary": {"files": len(files), "valid": sum(f["valid"] for f in files),
                    "invalid": sum(not f["valid"] for f in files)},
        "files": files,
    }) + "\n"

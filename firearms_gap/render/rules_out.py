"""Text for the `rules` commands (list, show, coverage) in table, markdown and json."""
from __future__ import annotations

from firearms_gap.render.escape import clean, markdown_cell as cell
from firearms_gap.views.labels import FORCE_LABELS


def _table(headers: list[str], rows: list[list[str]]) -> str:
    from firearms_gap.render import text_table

    # Every column gives way in proportion to its content (text_table's default ratio when squeezed).
    return text_table.table([text_table.Column(h) for h in headers], [[clean(v) for v in row] for row in rows], 120)


def _markdown(headers: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _dump(kind: str, key: str, items: list) -> str:
    """The JSON document (render/formats/json.py writes every document's head)."""
    from firearms_gap import __version__
    from firearms_gap.render.formats.json import catalogue_text
    return catalogue_text(kind, key, items, __version__)


def listing(reqs, fmt: str) -> str:
    if fmt == "json":
        return _dump("rules", "requirements", [{"id": r.id, "ruleset": r.ruleset, "title": r.title, "citation": r.cited_as,
                       "force": r.force, "theme": r.theme, "kind": r.kind} for r in reqs])
    headers = ["ID", "Requirement", "Legal force", "Theme", "Kind", "Source"]
    rows = [[r.id, r.title, FORCE_LABELS[r.force], r.theme, r.kind, r.cited_as] for r in reqs]
    body = _markdown(headers, rows) if fmt == "markdown" else _table(headers, rows)
    return body + f"{len(reqs)} requirement(s)\n"


def detail(data: dict, fmt: str) -> str:
    if fmt == "json":
        return _dump("rules", "requirements", [data])
    rel = data["related"]
    lines = [f"{data['id']}: {data['title']}",
             f"Source: {data['citation']} (ruleset {data['ruleset']})",
             f"Legal force: {FORCE_LABELS[data['force']]} - {data['force_meaning']}"]
    if data["qualifier"]:
        lines.append(f"Qualifier (verbatim): \u201c{data['qualifier']}\u201d")
    lines.append(f"Theme: {data['theme']}; kind: {data['kind']}")
    if data.get("asks_to_consider"):
        lines.append("Only asks States to consider the measure: if it is absent, the status is "
                     "\"not adopted\", never \"gap\"")
    if data["applies_if"]:
        lines.append(f"Applies only if: {data['applies_if']}")
        if data["not_applicable_reason"]:
            lines.append(f"Otherwise not applicable: {data['not_applicable_reason']}")
    if data["source_text"]:
        lines += ["", "The source's words:", f"  \u201c{data['source_text'].strip()}\u201d"]
    lines += ["", "Elements:"]
    for e in data["elements"]:
        lines += [f"  - {e['id']}: {e['requires']} ({e['citation']})",
                  f"    met when: {e['met_when']}",
                  f"    if not met: {e['gap']}"]
    for key, label in (("builds_on", "Builds on"), ("built_on_by", "Built on by"),
                       ("restates", "Restates"), ("restated_by", "Restated by")):
        if rel[key]:
            lines.append(f"{label}: {', '.join(rel[key])}")
    for key, label in (("verification", "Verification"), ("unconfirmed", "Unconfirmed"), ("note", "Note")):
        if data[key]:
            lines.append(f"{label}: {data[key]}")
    lines = [clean(x) for x in lines]
    if fmt == "markdown":
        return "\n".join(["## " + cell(lines[0])] + [cell(x) if x.strip() else "" for x in lines[1:]]).replace(
            "\n  - ", "\n- ") + "\n"
    return "\n".join(lines) + "\n"


def coverage(rows, fmt: str) -> str:
    if fmt == "json":
        return _dump("coverage", "items", [{"ruleset": r.ruleset, "source": r.source, "item": r.item, "summary": r.summary,
                       "encoded_as": list(r.encoded_as), "excluded": r.excluded} for r in rows])
    headers = ["Ruleset", "Item", "Summary", "Encoded as / excluded because"]
    # The item as a full citation (source, item): the source's name carries its caveats, e.g. the
    # 2020 Chair's summary's "(draft numbering; discussion point, not adopted)".
    body_rows = [[r.ruleset, f"{r.source}, {r.item}", r.summary,
                  ", ".join(r.encoded_as) if r.encoded_as else f"excluded: {r.excluded}"] for r in rows]
    body = _markdown(headers, body_rows) if fmt == "markdown" else _table(headers, body_rows)
    encoded = sum(1 for r in rows if r.encoded_as)
    return body + f"{len(rows)} item(s): {encoded} encoded, {len(rows) - encoded} excluded with a reason\n"

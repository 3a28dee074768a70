"""The framework YAML of a Framework (typically one read from a filled questionnaire): the
`firearms-gap init` template, with every answered question written out and every other one
left commented out as in the template, so the file keeps its explanations.

The result is checked before it is returned: read back, it must give exactly the same
framework (the same answers, provisions, notes and sources); if not, that is a bug.
Nothing here prints or imports click.
"""
from __future__ import annotations

import json
import re

from firearms_gap import template as T
from firearms_gap.diagnostics import InputError
from firearms_gap.framework import FORMAT, INSTRUMENTS, Answer, Framework
from firearms_gap.model import Fact, RuleBook

_PLAIN_KEY = re.compile(r"[A-Za-z][A-Za-z0-9_.-]*")
_YAML_WORDS = {"true", "false", "null", "yes", "no", "on", "off", "y", "n"}


def render_yaml(book: RuleBook, framework: Framework, *, rulesets: tuple[str, ...] = (),
                filename: str = "law.yaml", made_from: str = "") -> str:
    """The framework file's text. `made_from` names the questionnaire (shown in the header)."""
    facts = T.template_facts(book)
    reads = T.asked_by(book)
    lines = _header(book, rulesets, len(facts), len(framework.answers), filename, made_from)
    j = framework.jurisdiction
    lines += [f"format: {FORMAT}", "", "jurisdiction:", f"  name: {_s(j.get('name', T.DEFAULT_NAME))}",
              f"  code: {_s(j.get('code', T.DEFAULT_CODE))}"]
    if "fictional" in j:
        lines.append(f"  fictional: {_b(j['fictional'])}")
    lines.append("")
    lines += ([f"described_as_of: {_s(framework.described_as_of)}"] if framework.described_as_of else
              ["# The date of the law this file describes:", '# described_as_of: "YYYY-MM-DD"'])
    lines.append("")
    lines += ["# The instruments the jurisdiction is party to:", *[f"#   {k} = {v}" for k, v in INSTRUMENTS.items()]]
    # An empty list and no list mean the same to the check (nothing stated), so an empty one stays commented.
    lines.append(f"party_to: [{', '.join(_s(k) for k in framework.party_to)}]" if framework.party_to
                 else "# party_to: [KEY]")
    lines.append("# ... and those it is known not to be party to (e.g. signed, not ratified):")
    lines.append(f"not_party_to: [{', '.join(_s(k) for k in framework.not_party_to)}]" if framework.not_party_to
                 else "# not_party_to: [KEY]")
    lines.append("")
    lines.append("# The national laws the answers cite, each under a short key.")
    if framework.sources:
        lines.append("sources:")
        for key, src in framework.sources.items():
            lines.append(f"  {_key(key)}:")
            for field in ("title", "year", "url", "note", "in_force", "repealed", "draft"):
                if field in src:
                    value = src[field]
                    lines.append(f"    {field}: " + (str(value) if field == "year" else _b(value) if field == "draft"
                                                     else _s(value)))
    else:
        lines += ["# sources:", f"#   {T.SOURCE_KEY}:", '#     title: ""']
    lines.append("")
    lines += [f"notes: {_s(framework.notes)}"] if framework.notes is not None else ['# notes: ""']
    lines += ["", "# The questions the rulesets ask, grouped as the rulesets group them.", "answers:"]
    current = None
    for fact in facts:
        if fact.group != current:
            current = fact.group
            title = book.groups.get(fact.group, {}).get("title", fact.group)
            lines += ["", f"  # {'=' * (T.WIDTH - 4)}", *T._comment(title, "  "), f"  # {'=' * (T.WIDTH - 4)}",
                      f"  {fact.group}:"]
        block = T._fact_block(fact, reads.get(fact.id, []), book)
        answer = framework.answers.get(fact.id)
        lines += [""] + (block if answer is None else block[:-3] + _answer_lines(fact, answer))
    lines += _determination_lines(framework)
    text = "\n".join(lines) + "\n"
    _self_check(text, book, framework)
    return text


def _header(book: RuleBook, rulesets: tuple[str, ...], count: int, answered: int, filename: str,
            made_from: str) -> list[str]:
    """The template's header, in words true of a file that already holds answers."""
    from firearms_gap import __version__

    chosen = ", ".join(f"{rs.id} {rs.version}" for rs in book.rulesets)
    origin = f"from the questionnaire {made_from} " if made_from and not T.loader.FORBIDDEN.search(made_from) \
        and "\n" not in made_from else ""
    ruleset_args = "".join(f" --ruleset {T._shell(r)}" for r in rulesets)
    return [f"# yaml-language-server: $schema=./{T.SCHEMA_FILE}",
            "#",
            *T._comment(f"A firearms-gap framework file: one jurisdiction's law, answering {answered} of the "
                        f"{count} questions that these rulesets ask: {chosen}. Made {origin}by `firearms-gap "
                        f"import` (firearms-gap {__version__}).", ""),
            "#",
            *T._comment(f"EDITOR HELP. The first line points the YAML extension of VS Code (Red Hat) at "
                        f"{T.SCHEMA_FILE} in this folder. Create that file with:", ""),
            f"#     {T.schema_command(rulesets)}",
            "#",
            *T._comment("HOW TO CHANGE IT. Answered questions are written out; the others are commented out "
                        "with their question, the answers they accept and the requirements that ask them. To "
                        "answer one, remove the \"# \" in front of its name, answer: and provision: lines and "
                        "write the answer after \"answer:\". An unanswered question is reported as \"not "
                        "assessed\", never as a gap.", ""),
            "#",
            "# Check the file:",
            f"#     firearms-gap validate {T._shell(filename)}" + "".join(
                f" --ruleset {T._shell(r)}" for r in rulesets if T._is_path(r)),
            "# Gap matrix:",
            f"#     firearms-gap check {T._shell(filename)}{ruleset_args}",
            ""]


def _answer_lines(fact: Fact, a: Answer) -> list[str]:
    pad = "    "
    out = [f"{pad}{fact.name}:", f"{pad}  answer: {_value(fact, a.value)}"]
    if len(a.provisions) == 1:
        p = a.provisions[0]
        out.append(f"{pad}  provision: {{source: {_s(p.source)}, at: {_s(p.at)}}}")
    elif a.provisions:
        out.append(f"{pad}  provision:")
        out += [f"{pad}    - {{source: {_s(p.source)}, at: {_s(p.at)}}}" for p in a.provisions]
    for key in ("note", "evidence", "unverified"):
        value = getattr(a, key)
        if value is not None:
            out.append(f"{pad}  {key}: {_s(value)}")
    if a.partial_list:
        out.append(f"{pad}  partial_list: true")
    if a.assistance:
        need = {"needs": list(a.assistance.needs), **({"other": a.assistance.other} if a.assistance.other else {}),
                **({"note": a.assistance.note} if a.assistance.note else {})}
        out.append(f"{pad}  assistance: {json.dumps(need, ensure_ascii=False)}")    # JSON is YAML flow style
    return out


def _determination_lines(framework: Framework) -> list[str]:
    """The assessor's determinations, as the file writes them."""
    if not framework.determinations:
        return []
    out = ["", "# The assessor's determinations: shown beside the computed status, never in its place.",
           "determinations:"]
    for d in framework.determinations.values():
        out += [f"  {_key(d.requirement)}:", f"    status: {_s(d.status)}", f"    justification: {_s(d.justification)}",
                f"    by: {_s(d.by)}", f"    date: {_s(d.date)}"]
        if d.expires:
            out.append(f"    expires: {_s(d.expires)}")
        if d.cited:
            out.append("    provision: " + json.dumps([{"source": k, "at": a} for k, a in d.cited], ensure_ascii=False))
    return out


def _value(fact: Fact, value) -> str:
    if isinstance(value, bool):
        return _b(value)
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_s(v) for v in value) + "]"
    return _s(value)


def _s(text) -> str:
    # A JSON string is a valid YAML double-quoted scalar (line breaks and quotes escaped).
    return json.dumps(text, ensure_ascii=False)


def _b(value: bool) -> str:
    return "true" if value else "false"


def _key(key: str) -> str:
    return key if _PLAIN_KEY.fullmatch(key) and key.lower() not in _YAML_WORDS else _s(key)


def _self_check(text: str, book: RuleBook, framework: Framework) -> None:
    from firearms_gap.framework import parse_framework

    try:
        again = parse_framework(text.encode("utf-8"), "<import>", book)
    except InputError as e:          # pragma: no cover - a bug, reported as an internal error
        raise RuntimeError(f"firearms-gap import produced an invalid framework file:\n{e.render()}") from None
    for field in ("jurisdiction", "described_as_of", "party_to", "not_party_to", "sources", "answers", "notes",
                  "determinations"):
        if getattr(again, field) != getattr(framework, field):   # pragma: no cover - a bug
            raise RuntimeError(f"firearms-gap import changed the {field} of the framework; this is a bug")

"""`firearms-gap init`: a complete, commented framework-file template.

Every question the selected rulesets ask is written out, in the rulesets' group order,
with the question in plain words, the answers it accepts and the requirements that ask
it, and left unanswered (commented out). The file is therefore valid as written and
reports everything as "not assessed"; a drafter describes the law by uncommenting a
question and filling it in. Placeholders are chosen so that an uncommented but unfilled
line is an error (`answer:` with nothing after it), never a silent answer.

Nothing here prints or imports click.
"""
from __future__ import annotations

import json
import re
import textwrap

from firearms_gap import __version__, loader
from firearms_gap.conditions import facts_in
from firearms_gap.diagnostics import InputError, OptionError
from firearms_gap.framework import FORMAT, INSTRUMENTS, derive_schema
from firearms_gap.model import Fact, RuleBook
from firearms_gap.needs import NEEDS
from firearms_gap.rulesets import MODEL_RULESET

SCHEMA_FILE = "framework.schema.json"
WIDTH = 100
DEFAULT_NAME = "(name of the jurisdiction)"
DEFAULT_CODE = "XX"
SOURCE_KEY = "LAW"


def asked_by(book: RuleBook) -> dict[str, list[str]]:
    """Fact id -> the citations of the selected requirements that read it, in ruleset order."""
    out: dict[str, list[str]] = {}

    def add(fid: str, citation: str) -> None:
        cites = out.setdefault(fid, [])
        if citation not in cites:
            cites.append(citation)

    # The treaty first, then the other documents in the order they are selected.
    for r in sorted(book.requirements, key=lambda r: r.ruleset != MODEL_RULESET):
        if r.applies_if:
            for fid in facts_in(r.applies_if):
                add(fid, r.cited_as)
        for e in r.elements:
            for fid in facts_in(e.when):
                add(fid, r.element_citation(e))
    return out


def template_facts(book: RuleBook) -> list[Fact]:
    """The facts the selected rulesets ask: read by a selected requirement or declared by a
    selected ruleset, in group order, then in the order the rulesets declare them."""
    reads = asked_by(book)
    declared = {fid for rs in book.rulesets for fid in rs.facts}
    groups = list(book.groups)
    wanted = [f for fid, f in book.facts.items() if fid in reads or fid in declared]
    return sorted(wanted, key=lambda f: groups.index(f.group) if f.group in groups else len(groups))


def check_options(book: RuleBook, jurisdiction: str | None, code: str | None) -> None:
    """Reject a name or code the framework schema would reject, with the schema's own hint."""
    props = derive_schema(book)["properties"]["jurisdiction"]["properties"]
    if code is not None and not re.fullmatch(props["code"]["pattern"], code):
        raise OptionError("code", f"{code!r} is not an ISO 3166 code: give two capital letters (e.g. NO), "
                                          "or a subdivision such as AU-NSW")
    if jurisdiction is not None:
        limit = props["name"]["maxLength"]
        if not jurisdiction.strip():
            raise OptionError("jurisdiction", "must not be empty")
        if len(jurisdiction) > limit:
            raise OptionError("jurisdiction", f"is {len(jurisdiction):,} characters long; the limit is {limit}")
        if loader.FORBIDDEN.search(jurisdiction):
            raise OptionError("jurisdiction", "contains a control character; remove it")


def render_template(book: RuleBook, *, jurisdiction: str | None = None, code: str | None = None,
                    rulesets: tuple[str, ...] = (), filename: str = "law.yaml",
                    answered: frozenset = frozenset(), answered_in: str | None = None) -> str:
    """The template text. `rulesets` are the --ruleset arguments as given and `filename` the
    file's name (both shown in the commands in the header). `answered`: the facts a framework file
    (`answered_in`) already answers, left out (`init --only-missing`). Raises InputError for an
    unusable name or code."""
    check_options(book, jurisdiction, code)
    facts = [f for f in template_facts(book) if f.id not in answered]
    reads = asked_by(book)
    lines = _header(book, rulesets, len(facts), filename, answered_in)
    lines += [f"format: {FORMAT}", "", "jurisdiction:",
              f"  name: {_quoted(jurisdiction or DEFAULT_NAME)}"
              + ("" if jurisdiction else "   # replace with the jurisdiction's name"),
              *([] if code else ["  # The ISO 3166-1 alpha-2 code, in quotes (e.g. \"NO\"); ISO 3166-2 for a "
                                 "subdivision (\"AU-NSW\")."]),
              f"  code: {_quoted(code or DEFAULT_CODE)}" + ("" if code else "   # replace"),
              "  # fictional: true   # only for an invented jurisdiction (with a user-assigned code, XA-XZ)",
              "",
              "# The date of the law this file describes:",
              '# described_as_of: "YYYY-MM-DD"',
              "",
              "# The instruments the jurisdiction is party to; list their keys:",
              *[f"#   {k} = {v}" for k, v in INSTRUMENTS.items()],
              "# party_to: [KEY]",
              "",
              "# The national laws the answers cite, each under a short key of your choice (letters, digits,",
              "# '_', '.', '-'), used in provision: {source: KEY, at: \"...\"}. Repeat the block for each law.",
              "# sources:",
              f"#   {SOURCE_KEY}:",
              '#     title: ""   # its official title',
              "#     year:       # year of adoption (a number); delete the line if unknown",
              '#     url: ""     # where to read it (https://...); delete the line if none',
              '#     in_force: "YYYY-MM-DD"   # when it came into force; a provision may carry its own too',
              '#     repealed: "YYYY-MM-DD"   # when it was repealed; delete the line if in force',
              "#     draft: true               # a bill: never counted unless check --include-drafts",
              "",
              "# Notes on the file as a whole:",
              '# notes: ""',
              "",
              "# The assessor's determinations, under a requirement id (firearms-gap rules list): shown beside",
              "# the computed status, never in its place. status: met (by functionally equivalent measures)",
              "# or not applicable. Under any answer, assistance: {needs: [TAG], note: \"\"} records the help",
              "# needed (tags: " + ", ".join(NEEDS) + "; other needs other: \"text\").",
              "# determinations:",
              "#   REQUIREMENT-ID:",
              "#     status: met",
              '#     justification: ""   # required: the equivalent measures, or why it does not apply',
              '#     by: ""              # a name or a role',
              '#     date: "YYYY-MM-DD"',
              '#     expires: "YYYY-MM-DD"   # optional: ignored by a check of the law after this day',
              "",
              "# The questions the rulesets ask, grouped as the rulesets group them.",
              "answers:"]
    current = None
    for fact in facts:
        if fact.group != current:
            current = fact.group
            title = book.groups.get(fact.group, {}).get("title", fact.group)
            lines += ["", f"  # {'=' * (WIDTH - 4)}", *_comment(title, "  "), f"  # {'=' * (WIDTH - 4)}",
                      f"  {fact.group}:"]
        lines += [""] + _fact_block(fact, reads.get(fact.id, []), book)
    text = "\n".join(lines) + "\n"
    _self_check(text, book)
    return text


def _header(book: RuleBook, rulesets: tuple[str, ...], count: int, filename: str,
            answered_in: str | None = None) -> list[str]:
    chosen = ", ".join(f"{rs.id} {rs.version}" for rs in book.rulesets)
    schema_cmd = schema_command(rulesets)
    about = (f"The {count} questions that {_shell(answered_in)} leaves unanswered, of those that these rulesets "
             f"ask: {chosen}; copy the blocks you can answer into that file's answers. Made by "
             f"`firearms-gap init --only-missing` (firearms-gap {__version__})." if answered_in is not None else
             f"A firearms-gap framework file: one jurisdiction's law, answering the {count} questions "
             f"that these rulesets ask: {chosen}. Made by `firearms-gap init` (firearms-gap {__version__}).")
    out = [f"# yaml-language-server: $schema=./{SCHEMA_FILE}",
           "#",
           *_comment(about, ""),
           "#",
           *_comment("EDITOR HELP. The first line points the YAML extension of VS Code (Red Hat) at "
                     f"{SCHEMA_FILE} in this folder, for completion, hover help and checking as you type. "
                     "Create that file (and again after upgrading firearms-gap) with:", ""),
           f"#     {schema_cmd}",
           "# Without it the editor simply shows no help.",
           "#",
           *_comment("HOW TO FILL IT IN. Every question below is commented out, so this file is valid as it "
                     "stands and `firearms-gap check` reports every requirement as \"not assessed\". To answer "
                     "a question, remove the \"# \" in front of its name, answer: and provision: lines (in VS Code, "
                     "select the lines and press Ctrl+/) and write the answer after \"answer:\". "
                     "Cite the national provision the answer rests on: declare the law under sources and "
                     "write provision: {source: KEY, at: \"s. 12(1)\"} (a list of them if several), or "
                     "delete the provision line. Under any answer you may add note:, evidence: (where this "
                     "statement about the law comes from) and unverified: (what is not verified, and why); "
                     "under a list answer, partial_list: true if the list names only what your sources "
                     "confirm (the options it leaves out then stay \"not assessed\" instead of absent). "
                     "Leave a question commented out until you know the answer: an unanswered question is "
                     "reported as \"not assessed\", never as a gap.", ""),
           "#",
           "# Check the file:",
           f"#     firearms-gap validate {_shell(filename)}" + "".join(
               f" --ruleset {_shell(r)}" for r in rulesets if _is_path(r)),
           "# Gap matrix:",
           f"#     firearms-gap check {_shell(filename)}" + "".join(f" --ruleset {_shell(r)}" for r in rulesets),
           ""]
    return out


def _fact_block(fact: Fact, citations: list[str], book: RuleBook) -> list[str]:
    pad = "    "
    out = _comment(f"Q: {fact.question}", pad)
    if fact.help:
        out += _comment(f"Note: {fact.help}", pad)
    out += _comment("Answer: " + _answer_words(fact), pad)
    if fact.type in ("choice", "choices"):
        for key, meaning in fact.options.items():
            out += textwrap.wrap(f"{key} = {meaning}", WIDTH, initial_indent=f"{pad}#     ",
                                 subsequent_indent=f"{pad}#       ", break_long_words=False,
                                 break_on_hyphens=False)
    if citations:
        out += _comment("Asked by: " + "; ".join(citations), pad)
    else:
        owner = next((rs.id for rs in book.rulesets if fact.id in rs.facts), fact.declared_in)
        out += _comment(f"Asked by: no selected requirement reads it yet (declared by ruleset {owner} "
                        "for the rulesets that share it).", pad)
    out += [f"{pad}# {fact.name}:",
            f"{pad}#   answer:",
            f'{pad}#   provision: {{source: {SOURCE_KEY}, at: ""}}']
    return out


def _answer_words(fact: Fact) -> str:
    if fact.type == "yes_no":
        return "true or false."
    if fact.type == "number":
        return f"a number of {fact.unit}." if fact.unit else "a number."
    if fact.type == "choice":
        return "one of these keys:"
    if fact.type == "choices":
        example = ", ".join(list(fact.options)[:2])
        return f"a list of any of these keys, e.g. [{example}] ([] if none):"
    return "text, in quotes."


def _comment(text: str, indent: str, hang: str = "") -> list[str]:
    """`text` as comment lines no wider than WIDTH."""
    prefix = f"{indent}# "
    return textwrap.wrap(text, WIDTH, initial_indent=prefix, subsequent_indent=prefix + hang,
                         break_long_words=False, break_on_hyphens=False) or [prefix.rstrip()]


def _quoted(text: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar.
    return json.dumps(text, ensure_ascii=False)


def schema_command(rulesets: tuple[str, ...], target: str = SCHEMA_FILE) -> str:
    """The command that writes the editor schema for these rulesets (custom ones add questions)."""
    return ("firearms-gap schema" + "".join(f" --ruleset {_shell(r)}" for r in rulesets if _is_path(r))
            + f" -o {_shell(target)}")


def _shell(word: str) -> str:
    """`word` as a shell word for a command shown in a comment (a name with a control
    character, which cannot go in a comment, is shown as FILE)."""
    import shlex
    return "FILE" if loader.FORBIDDEN.search(word) or "\n" in word else shlex.quote(word)


def _is_path(name: str) -> bool:
    return name.endswith((".yaml", ".yml")) or "/" in name or "\\" in name


def _self_check(text: str, book: RuleBook) -> None:
    """The template must itself be a valid framework file; if not, that is a bug."""
    from firearms_gap.framework import parse_framework

    try:
        parse_framework(text.encode("utf-8"), "<template>", book)
    except InputError as e:          # pragma: no cover - a bug, reported as an internal error
        raise RuntimeError(f"firearms-gap init produced an invalid template:\n{e.render()}") from None

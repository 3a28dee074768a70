"""What `check --explain ID` shows: one requirement of one check in full - its status, each
element with what it requires and whether it is met, every answer it read (value, provisions
cited, evidence, notes), and the source's own words. The words only; render/formats/findings.py
lays them out."""
from __future__ import annotations

from firearms_gap.conditions import describe, facts_in
from firearms_gap.findings import clean
from firearms_gap.records import Record
from firearms_gap.views.labels import FORCE_LABELS


class Read(Record):
    """One answer an element reads: the question, the value given (None: not answered) and where
    the answer comes from."""
    fact: str
    question: str
    value: str | None
    provisions: tuple[str, ...]
    remarks: tuple[str, ...]      # unverified, evidence, note: each said as the file says it


class ElementLine(Record):
    id: str
    requires: str
    citation: str
    state: str
    condition: str
    gap: str | None
    reads: tuple[Read, ...]


class Explanation(Record):
    id: str
    title: str
    citation: str
    force: str
    status: str
    statements: tuple[str, ...]
    qualifier: str | None
    applies_if: str | None
    elements: tuple[ElementLine, ...]
    source_text: str | None
    notes: tuple[tuple[str, str], ...]   # (label, text): verification, unconfirmed, note


def _value(answer) -> str:
    value = answer.value
    if isinstance(value, bool):
        text = "yes" if value else "no"
    elif isinstance(value, (list, tuple)):
        text = ", ".join(map(str, value)) or "(none)"
        if answer.partial_list:
            text += " (a partial list: what is not named is not assessed)"
    else:
        text = str(value)
    return clean(text)


def _read(fid: str, book, framework) -> Read:
    fact = book.facts.get(fid)
    answer = framework.answers.get(fid)
    question = clean(fact.question) if fact else fid
    if answer is None:
        return Read(fid, question, None, (), ())
    remarks = tuple(clean(f"{label}: {text}") for label, text in (
        ("unverified", answer.unverified), ("evidence", answer.evidence), ("note", answer.note)) if text)
    return Read(fid, question, _value(answer), tuple(clean(framework.render_provision(p)) for p in answer.provisions),
                remarks)


def explain(result, requirement, framework, book, statements) -> Explanation:
    """The explanation of one RequirementResult, with its Requirement (the ruleset's words), the
    Framework whose answers it read, the RuleBook (the questions) and its statements (findings)."""
    elements = []
    evaluated = {e.id: e for e in result.elements}     # none when its applies_if decided the status
    for el in requirement.elements:
        got = evaluated.get(el.id)
        elements.append(ElementLine(
            clean(el.id), clean(el.requires), clean(requirement.element_citation(el)),
            got.state if got else "not evaluated", clean(describe(el.when)),
            clean(got.gap) if got and got.gap else None, tuple(_read(f, book, framework) for f in facts_in(el.when))))
    return Explanation(
        clean(result.id), clean(result.title), clean(result.citation), FORCE_LABELS[result.force], result.status,
        tuple(statements), clean(result.qualifier) if result.qualifier else None,
        clean(describe(requirement.applies_if)) if requirement.applies_if else None, tuple(elements),
        clean(" ".join(requirement.source_text.split())) if requirement.source_text else None,
        tuple((label, clean(" ".join(text.split()))) for label, text in (
            ("Verification", requirement.verification), ("Unconfirmed", requirement.unconfirmed),
            ("Note", requirement.note)) if text))

"""What a framework file may contain: its JSON Schema, derived from the facts the rulesets declare,
so the vocabulary has one home (the rulesets) and the schema cannot drift from it.

`firearms-gap schema` writes it (and firearms_gap/schemas/framework.schema.json is a committed copy);
framework.py validates each file with it.
"""
from __future__ import annotations

from firearms_gap.determinations import DETERMINED_STATUSES
from firearms_gap.model import Fact, RuleBook
from firearms_gap.needs import NEEDS

FORMAT = "firearms-gap/framework-1"
SCHEMA_ID = "https://firearms-gap.invalid/schemas/framework-1.json"
INSTRUMENTS = {
    "firearms-protocol": "UN Firearms Protocol (GA res. 55/255, 2001)",
    "untoc": "UN Convention against Transnational Organized Crime",
    "att": "Arms Trade Treaty",
}


def _answer_schema(fact: Fact) -> dict:
    value: dict
    if fact.type == "yes_no":
        value = {"type": "boolean", "description": "true or false"}
    elif fact.type == "number":
        value = {"type": "number", "minimum": 0, "description": f"a number{' of ' + fact.unit if fact.unit else ''}"}
    elif fact.type == "choice":
        value = {"enum": list(fact.options), "description": "one of: " + "; ".join(
            f"{k} = {v}" for k, v in fact.options.items())}
    elif fact.type == "choices":
        value = {"type": "array", "uniqueItems": True, "items": {"enum": list(fact.options)},
                 "description": "a list of any of: " + "; ".join(f"{k} = {v}" for k, v in fact.options.items())}
    else:
        value = {"type": "string", "minLength": 1, "description": "text"}
    desc = fact.question + (f" {fact.help}" if fact.help else "")
    # Written out in full for every answer (no $ref), so that every validator and editor,
    # draft-07 or 2020-12, reads each answer's description and rules the same way.
    return {
        "type": "object", "additionalProperties": False, "required": ["answer"], "description": desc,
        "properties": {"answer": value, **(_CHOICES_ANSWER if fact.type == "choices" else _ANSWER)},
    }


def _date(description: str) -> dict:
    return {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
            "patternErrorMessage": "Not a date: write it as YYYY-MM-DD (e.g. 2026-01-31).",
            "description": description + " (YYYY-MM-DD)."}


_IN_FORCE = _date("The day it came (or comes) into force; before it, answers resting on it are not counted")
_REPEALED = _date("The day it was repealed; from it on, answers resting on it are not counted")

_PROVISION = {"type": "object", "additionalProperties": False, "required": ["source", "at"],
              "description": "A national provision: a key under sources, and where in it.",
              "properties": {"source": {"type": "string", "description": "Key of the law under sources."},
                             "at": {"type": "string", "minLength": 1,
                                    "description": "Article, section or paragraph, e.g. 's. 12(1)(b)'."},
                             "in_force": _IN_FORCE, "repealed": _REPEALED}}

_ASSISTANCE = {
    "type": "object", "additionalProperties": False, "required": ["needs"],
    "description": "The assistance needed to close what this answer leaves open (firearms-gap needs lists it). "
                   "The tool's own vocabulary, modelled on UNODC technical-assistance practice.",
    "properties": {
        "needs": {"type": "array", "minItems": 1, "uniqueItems": True, "items": {"enum": list(NEEDS)},
                  "description": "Any of: " + "; ".join(f"{k} = {v}" for k, v in NEEDS.items())},
        "other": {"type": "string", "minLength": 1, "description": "What 'other' is (required with it)."},
        "note": {"type": "string", "minLength": 1, "description": "Anything an adviser should know about it."},
    },
}

_DETERMINATION = {
    "type": "object", "additionalProperties": False, "required": ["status", "justification", "by", "date"],
    "description": "The assessor's determination on one requirement: shown beside the computed status, "
                   "which is never replaced.",
    "properties": {
        "status": {"enum": list(DETERMINED_STATUSES), "description": "met (by functionally equivalent measures) "
                                                                      "or not applicable (for a stated reason)."},
        "justification": {"type": "string", "description": "Why: the equivalent measures, or the reason it "
                                                              "does not apply. Required."},
        "by": {"type": "string", "minLength": 1, "description": "Who made it: a name or a role."},
        "date": _date("When it was made"),
        "expires": _date("The last day it may be relied on; a check of the law after it ignores it"),
        "provision": {"description": "The national provision(s) of the equivalent measures.",
                      "anyOf": [_PROVISION, {"type": "array", "minItems": 1, "items": _PROVISION}]},
    },
}


# What every answer may say beside its value: one object shared by every answer's schema (written out in
# full for each answer all the same, by any JSON writer). Shared rather than made again for each of ~150
# facts: that took a third of derive_schema's time (every `check` derives the schema), and fastvalid
# compiles a shared subschema once.
_ANSWER = {
    "provision": {"description": "The national provision(s) this answer rests on.",
                  "anyOf": [_PROVISION, {"type": "array", "minItems": 1, "items": _PROVISION}]},
    "note": {"type": "string", "description": "Anything the reader of the gap matrix should know."},
    "evidence": {"type": "string", "description": "Where this statement about the law comes from "
                                                  "(e.g. a UN document paragraph)."},
    "unverified": {"type": "string", "description": "What about this answer is not verified, and why."},
    "assistance": _ASSISTANCE,
}
_CHOICES_ANSWER = {
    **_ANSWER,
    "partial_list": {"type": "boolean", "description":
                     "true if the list names only what the sources confirm: options not listed are then "
                     "'not assessed', never treated as absent."},
}


def derive_schema(book: RuleBook) -> dict:
    """The JSON Schema of a framework file for the facts of `book` (draft-07/2020-12 common subset)."""
    groups: dict[str, dict] = {}
    place = {gid: i for i, gid in enumerate(book.groups)}        # the groups' order; undeclared ones last
    # A fact's id is "group.name" (Fact.group, Fact.name), split once here: every `check` derives this schema.
    facts = sorted((place.get(fact.id.split(".", 1)[0], 999), fact.id, fact) for fact in book.facts.values())
    for _, fid, fact in facts:
        group, name = fid.split(".", 1)
        g = groups.get(group)
        if g is None:
            # null too: a group whose questions are all still commented out (firearms-gap init) is valid.
            g = groups[group] = {"type": ["object", "null"], "additionalProperties": False,
                                 "description": book.groups.get(group, {}).get("title", group), "properties": {}}
        g["properties"][name] = _answer_schema(fact)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "firearms-gap framework file",
        "description": "One jurisdiction's legal framework, answering the questions the firearms-gap rulesets ask. "
                       "Leave out what you have not assessed: it is reported as 'not assessed', never as a gap.",
        "type": "object",
        "additionalProperties": False,
        "required": ["format", "jurisdiction"],
        "properties": {
            "format": {"const": FORMAT, "description": f"Always '{FORMAT}'."},
            "jurisdiction": {
                "type": "object", "additionalProperties": False, "required": ["name", "code"],
                "description": "The jurisdiction this file describes.",
                "properties": {
                    "name": {"type": "string", "minLength": 1, "maxLength": 200, "description": "Its name."},
                    "code": {"type": "string", "pattern": "^[A-Z]{2}(-[A-Z0-9]{1,3})?$",
                             "patternErrorMessage": "Not an ISO 3166 code: write two capital letters in quotes "
                                                    "(e.g. \"NO\"), or a subdivision such as \"AU-NSW\".",
                             "description": "ISO 3166-1 alpha-2 code (ISO 3166-2 for a subdivision); "
                                            "fictional jurisdictions use a user-assigned code such as XA-XZ."},
                    "fictional": {"type": "boolean", "description": "true for an invented jurisdiction."},
                },
            },
            "described_as_of": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
                                "patternErrorMessage": "Not a date: write it as YYYY-MM-DD "
                                                       "(e.g. 2026-01-31).",
                                "description": "The date of the law this file describes (YYYY-MM-DD)."},
            "party_to": {"type": "array", "uniqueItems": True, "items": {"enum": sorted(INSTRUMENTS)},
                         "description": "Instruments the jurisdiction is party to: " + "; ".join(
                             f"{k} = {v}" for k, v in INSTRUMENTS.items())},
            "not_party_to": {"type": "array", "uniqueItems": True, "items": {"enum": sorted(INSTRUMENTS)},
                             "description": "Instruments the jurisdiction is known not to be party to (e.g. it signed "
                                            "but has not ratified): their provisions are then shown as a benchmark, "
                                            "never as a breach. An instrument in neither list: party status not "
                                            "stated."},
            "sources": {
                "type": "object", "description": "The national legal sources the answers cite, each under a short key.",
                "propertyNames": {"pattern": "^[A-Za-z0-9][A-Za-z0-9_.-]*$",
                                  "patternErrorMessage": "Not a usable source key: use letters, digits, '_', '.' "
                                                         "or '-', starting with a letter or digit (e.g. FA2010)."},
                "additionalProperties": {
                    "type": "object", "additionalProperties": False, "required": ["title"],
                    "description": "One national legal source.",
                    "properties": {
                        "title": {"type": "string", "minLength": 1, "description": "Its official title."},
                        "year": {"type": "integer", "description": "Year of adoption."},
                        "url": {"type": "string", "pattern": "^https?://", "description": "Where to read it.",
                                "patternErrorMessage": "Not a web address: it must start with https:// or http://."},
                        "note": {"type": "string", "description": "Amendments, status, anything else."},
                        "in_force": _IN_FORCE, "repealed": _REPEALED,
                        "draft": {"type": "boolean", "description": "true for a bill or draft: never counted as "
                                                                    "law unless a check is run --include-drafts."},
                    },
                },
            },
            "answers": {"type": ["object", "null"], "additionalProperties": False,
                        "description": "Answers to the rulesets' questions, grouped as the Protocol is.",
                        "properties": groups},
            "notes": {"type": "string", "description": "Notes on the file as a whole."},
            "determinations": {
                "type": "object", "additionalProperties": _DETERMINATION,
                "description": "Assessor determinations, under the id of the requirement each is about "
                               "(firearms-gap rules list)."},
        },
    }

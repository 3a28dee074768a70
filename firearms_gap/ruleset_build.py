"""A ruleset document (already valid under the ruleset schema) made into the Ruleset model."""
from __future__ import annotations

from firearms_gap.model import Citation, CoverageItem, Element, Fact, NotEncoded, Requirement, Ruleset


def build(doc) -> Ruleset:
    d = doc.data
    inst = d["instrument"]
    facts = {fid: Fact(id=fid, declared_in=d["ruleset"], **spec) for fid, spec in d["facts"].items()}
    reqs = []
    for r in d["requirements"]:
        elements = tuple(Element(id=e["id"], requires=e["requires"], when=e["when"], gap=e["gap"],
                                 cites=Citation.from_data(e["cites"]) if "cites" in e else None,
                                 reach=bool(e.get("reach")))
                         for e in r["elements"])
        reqs.append(Requirement(
            id=r["id"], ruleset=d["ruleset"], instrument=inst["name"], title=r["title"],
            citation=Citation.from_data(r["citation"]), force=r["force"], theme=r["theme"], kind=r["kind"],
            elements=elements, qualifier=r.get("qualifier"), source_text=r.get("source_text"),
            applies_if=r.get("applies_if"), not_applicable_reason=r.get("not_applicable_reason"),
            builds_on=tuple(r.get("builds_on", ())), restates=tuple(r.get("restates", ())),
            verification=r.get("verification"), unconfirmed=r.get("unconfirmed"), note=r.get("note"),
            asks_to_consider=r.get("asks_to_consider", False)))
    not_encoded = tuple(NotEncoded(n["provision"], n["reason"], n.get("force")) for n in d.get("not_encoded", ()))
    return Ruleset(id=d["ruleset"], version=d["version"], title=d["title"], instrument=inst,
                   groups=d.get("groups", {}), facts=facts, requirements=tuple(reqs),
                   not_encoded=not_encoded, origin=doc.name, description=d.get("description"),
                   item_label=(d.get("coverage") or {}).get("item_label"),
                   coverage=tuple(CoverageItem(c["item"], c["summary"], tuple(c.get("encoded_as", ())),
                                               c.get("excluded"))
                                  for c in (d.get("coverage") or {}).get("items", ())))

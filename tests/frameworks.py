"""Build framework objects for tests from plain answers, without writing YAML files."""
from __future__ import annotations

from firearms_gap.framework import Answer, Framework, Provision


def framework(answers: dict, *, name: str = "case.yaml", cite: bool = True) -> Framework:
    """`answers` maps dotted fact ids to plain answer values."""
    sources = {"LAW": {"title": "Test Act", "year": 2020}}
    built = {fid: Answer(fid, value, (Provision("LAW", f"s. {i + 1}"),) if cite else ())
             for i, (fid, value) in enumerate(sorted(answers.items()))}
    return Framework(name=name, jurisdiction={"name": "Testland", "code": "XT", "fictional": True},
                     described_as_of="2026-01-01", party_to=("firearms-protocol",), sources=sources,
                     answers=built)

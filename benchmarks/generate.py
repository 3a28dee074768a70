"""Write realistic framework files for benchmarks: every fact answered, varied statuses,
long citations. Deterministic for a given seed.

    python benchmarks/generate.py OUT_DIR --count 200 [--seed 1] [--target-bytes N]

--target-bytes pads notes until one file reaches about N bytes (to test the size limit).
The first N files of any --count >= N are the same files (one random stream, drawn file by file),
so a benchmark generates its largest batch once and takes the smaller ones from it.
"""
from __future__ import annotations

import argparse
import random
from pathlib import Path

import yaml

from firearms_gap.rulesets import load_book


def _value(fact, rng: random.Random):
    if fact.type == "yes_no":
        return rng.random() < 0.7
    if fact.type == "number":
        return rng.choice([3, 5, 8, 10, 12, 20])
    if fact.type == "choice":
        return rng.choice(sorted(fact.options))
    if fact.type == "choices":
        options = sorted(fact.options)
        return sorted(rng.sample(options, k=rng.randint(1, len(options))))
    return "text answer"


def framework(index: int, rng: random.Random, target_bytes: int = 0) -> dict:
    book = load_book()
    answers: dict[str, dict] = {}
    for fid in sorted(book.facts):
        fact = book.facts[fid]
        group, name = fid.split(".", 1)
        answers.setdefault(group, {})[name] = {
            "answer": _value(fact, rng),
            "provision": [{"source": "ACT", "at": f"s. {rng.randint(1, 400)}({rng.randint(1, 9)})(a)(ii), "
                                                  f"read with Schedule {rng.randint(1, 9)}, Part {rng.randint(1, 5)}"},
                          {"source": "REG", "at": f"reg. {rng.randint(1, 90)}"}],
            "note": "Generated for benchmarking; " + "the provision is long and cited in full. " * rng.randint(1, 4),
        }
    doc = {
        "format": "firearms-gap/framework-1",
        "jurisdiction": {"name": f"Benchmarkland {index:05d}", "code": "XB", "fictional": True},
        "described_as_of": "2026-01-01",
        "party_to": ["firearms-protocol", "untoc"],
        "sources": {"ACT": {"title": "Firearms, Ammunition and Related Materials Control Act", "year": 2011},
                    "REG": {"title": "Firearms (Licensing, Marking and Records) Regulations", "year": 2014}},
        "answers": answers,
    }
    if target_bytes:
        text = yaml.safe_dump(doc, sort_keys=True, allow_unicode=True)
        filler = "Long commentary on the provision. " * 50
        notes, i = [], 0
        while len(text) + sum(len(n) + 12 for n in notes) < target_bytes:
            notes.append(f"{i}: {filler}")
            i += 1
        doc["notes"] = "\n".join(notes)
        # YAML folding and quoting add bytes the estimate above cannot see: find the most notes
        # that fit by bisection (each dump of a 5 MB document takes seconds in pure-Python PyYAML).
        low, high = 0, len(notes)
        while low < high:
            mid = (low + high + 1) // 2
            doc["notes"] = "\n".join(notes[:mid])
            if len(dump(doc).encode("utf-8")) <= target_bytes:
                low = mid
            else:
                high = mid - 1
        doc["notes"] = "\n".join(notes[:low])
    return doc


# The C emitter writes the same bytes as the pure-Python one for the ordinary files, ~5x faster
# (the benchmark generates thousands: 5,000 took minutes with the pure-Python emitter). It breaks
# long double-quoted scalars differently, so a padded file (--target-bytes, one file) keeps the
# pure-Python emitter and the largest-input figure stays comparable with earlier runs.
_FAST_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def dump(doc: dict) -> str:
    dumper = yaml.SafeDumper if "notes" in doc else _FAST_DUMPER
    return yaml.dump(doc, Dumper=dumper, sort_keys=True, allow_unicode=True, width=100)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir")
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--target-bytes", type=int, default=0)
    args = parser.parse_args()
    out = Path(args.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(args.seed)
    for i in range(args.count):
        doc = framework(i, rng, args.target_bytes)
        (out / f"bench-{i:05d}.yaml").write_text(dump(doc), encoding="utf-8")


if __name__ == "__main__":
    main()

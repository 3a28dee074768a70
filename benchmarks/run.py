"""Benchmark firearms-gap against its floor and a widely used validator, in one run.

    python benchmarks/run.py [--repeat 7] [--json benchmarks/results.json] [--quick]

Reports medians over repeated runs (wall time of whole processes, as a user waits for them) and
peak memory (max RSS of the measured process):
  - `--version` and `--help`, and which heavy modules they import (should be none);
  - `check` on each bundled example, against the floor (a Python process that only imports PyYAML
    and loads the same file with the C loader) and `check-jsonschema --schemafile` on the same file;
  - `compare` over 200 and 1,000 generated framework files (benchmarks/generate.py): total, marginal
    cost per file, peak memory;
  - `check` on the largest input the limits allow (a file just under 5 MiB).
Ratios are computed within this run, so they hold on the machine that ran it. --quick uses fewer
repeats and smaller batches (for a smoke run).

The package's bytecode is compiled first, as `pip install` does for a wheel: with
PYTHONDONTWRITEBYTECODE set (or a read-only checkout) an editable install would otherwise
recompile every module on every run and measure the compiler, not the tool. The figures also
name the environment (editable install or not, venv or not): Python's start-up differs by a
few ms between them, and it counts towards both sides of each ratio.
"""
from __future__ import annotations

import argparse
import compileall
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("yaml", "jsonschema", "rich", "tabulate", "openpyxl")


def measure(cmd: list[str], repeat: int, ok=(0, 1)) -> dict:
    """Median wall seconds and max peak RSS (MiB) of `cmd` over `repeat` runs."""
    times, peaks = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
        times.append(time.perf_counter() - start)
        code = os.waitstatus_to_exitcode(status)
        if code not in ok:
            err = proc.stderr.read().decode(errors="replace")[-400:]
            raise SystemExit(f"benchmark command failed ({code}): {' '.join(cmd)}\n{err}")
        proc.stderr.close()
        peaks.append(usage.ru_maxrss / 1024)
    return {"median_s": statistics.median(times), "min_s": min(times), "peak_mib": max(peaks), "runs": repeat}


def environment() -> dict:
    """Where the measured firearms-gap comes from, after compiling its bytecode (see above)."""
    where = subprocess.run([sys.executable, "-c", "import firearms_gap, os; print(os.path.dirname(firearms_gap.__file__))"],
                           capture_output=True, text=True, check=True).stdout.strip()
    compileall.compile_dir(where, quiet=1)
    editable = Path(where).resolve().parent == ROOT
    return {"install": "editable (this checkout)" if editable else "installed package",
            "venv": sys.prefix != sys.base_prefix}


def heavy_imports(args: list[str]) -> list[str]:
    out = subprocess.run([sys.executable, "-X", "importtime", "-m", "firearms_gap", *args],
                         capture_output=True, text=True).stderr
    names = {line.split("|")[-1].strip().split(".")[0] for line in out.splitlines() if "|" in line}
    return sorted(n for n in names if n in HEAVY)


def main() -> None:
    parser = argparse.ArgumentParser(description="firearms-gap benchmark")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--json", default=str(ROOT / "benchmarks" / "results.json"))
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    repeat = 3 if args.quick else args.repeat
    sizes = (20, 100) if args.quick else (200, 1000)
    tool = [sys.executable, "-m", "firearms_gap"]
    results: dict = {"python": sys.version.split()[0], "cores": os.cpu_count(), "repeat": repeat,
                     "environment": environment()}
    rows: list[tuple[str, str, str, str]] = []

    results["version"] = measure(tool + ["--version"], repeat)
    results["help"] = measure(tool + ["--help"], repeat)
    results["version"]["heavy_imports"] = heavy_imports(["--version"])
    results["help"]["heavy_imports"] = heavy_imports(["--help"])
    for key in ("version", "help"):
        r = results[key]
        rows.append((f"--{key}", f"{r['median_s'] * 1000:.0f} ms", f"{r['peak_mib']:.0f} MiB",
                     "heavy imports: " + (", ".join(r["heavy_imports"]) or "none")))

    tmp = Path(tempfile.mkdtemp(prefix="fgap-bench-"))
    try:
        schema = tmp / "framework.schema.json"
        subprocess.run(tool + ["schema", "-o", str(schema)], check=True)
        cj = shutil.which("check-jsonschema")
        results["check"] = {}
        for example in sorted((ROOT / "examples").glob("*.yaml")):
            floor = measure([sys.executable, "-c",
                             "import sys, yaml; yaml.load(open(sys.argv[1], 'rb').read(), "
                             "Loader=getattr(yaml, 'CSafeLoader', yaml.SafeLoader))", str(example)], repeat)
            ours = measure(tool + ["check", str(example), "--format", "json"], repeat)
            entry = {"check": ours, "floor": floor, "ratio_to_floor": ours["median_s"] / floor["median_s"]}
            note = f"{entry['ratio_to_floor']:.2f}x floor ({floor['median_s'] * 1000:.0f} ms)"
            if cj:
                other = measure([cj, "--schemafile", str(schema), str(example)], repeat)
                entry["check_jsonschema"] = other
                entry["ratio_to_check_jsonschema"] = ours["median_s"] / other["median_s"]
                note += f"; {entry['ratio_to_check_jsonschema']:.2f}x check-jsonschema ({other['median_s'] * 1000:.0f} ms)"
            results["check"][example.name] = entry
            rows.append((f"check {example.name}", f"{ours['median_s'] * 1000:.0f} ms", f"{ours['peak_mib']:.0f} MiB", note))
        # What a drafter types: the default terminal table (rich), on the first example.
        first = sorted((ROOT / "examples").glob("*.yaml"))[0]
        table = measure(tool + ["check", str(first)], repeat)
        results["check_table_format"] = {first.name: table}
        rows.append((f"check {first.name} (table)", f"{table['median_s'] * 1000:.0f} ms", f"{table['peak_mib']:.0f} MiB",
                     "the default format, rendered by rich"))

        has_compare = subprocess.run(tool + ["compare", "--help"], capture_output=True).returncode == 0
        if has_compare:
            results["compare"] = {}
            for n in sizes:
                folder = tmp / f"batch-{n}"
                subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), str(folder), "--count", str(n)],
                               check=True)
                r = measure(tool + ["compare", str(folder), "--format", "json", "--quiet"], max(1, repeat // 3))
                results["compare"][str(n)] = r
                rows.append((f"compare {n} files", f"{r['median_s']:.2f} s", f"{r['peak_mib']:.0f} MiB",
                             f"{r['median_s'] / n * 1000:.1f} ms/file overall"))
            small, large = (results["compare"][str(n)]["median_s"] for n in sizes)
            marginal = (large - small) / (sizes[1] - sizes[0])
            results["compare"]["marginal_ms_per_file"] = marginal * 1000
            rows.append(("compare marginal", f"{marginal * 1000:.1f} ms/file", "", f"between {sizes[0]} and {sizes[1]} files"))
        else:
            rows.append(("compare", "n/a", "", "this build has no compare command"))

        big_dir = tmp / "big"
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), str(big_dir), "--count", "1",
                        "--target-bytes", str(5 * 1024 * 1024 - 64 * 1024)], check=True)
        big = next(big_dir.glob("*.yaml"))
        r = measure(tool + ["check", str(big), "--format", "json"], max(1, repeat // 2))
        r["bytes"] = big.stat().st_size
        results["largest_input"] = r
        rows.append((f"check largest input ({r['bytes'] / 1048576:.2f} MiB)", f"{r['median_s']:.2f} s",
                     f"{r['peak_mib']:.0f} MiB", ""))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    width = max(len(r[0]) for r in rows)
    env = results["environment"]
    print(f"firearms-gap benchmark: Python {results['python']}, {results['cores']} cores, medians of {repeat} runs; "
          f"{env['install']}, {'in a venv' if env['venv'] else 'no venv'}")
    for name, t, mem, note in rows:
        print(f"  {name:<{width}}  {t:>10}  {mem:>8}  {note}")
    Path(args.json).write_text(json.dumps(results, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"figures written to {os.path.relpath(args.json)}")


if __name__ == "__main__":
    main()

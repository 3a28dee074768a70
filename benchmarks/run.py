"""Benchmark firearms-gap against its two floors and its own serial run, in one run.

    python benchmarks/run.py [--repeat 5] [--json benchmarks/results.json] [--quick] [--memory-files 5000]
                             [--sizes 200 1000]

Every figure is a whole process, as a user waits for it, measured twice: wall time and CPU time
(user + sys of the process and the workers it waited for, from wait4). On a machine shared with
other work the wall time says how busy the machine was as much as how fast the tool is; the CPU
time does not (but cannot show a gain from using more cores: for `compare --jobs` the wall time
is the figure, and the CPU time shows what the workers cost). The commands compared with each
other are run interleaved (a round of each, `repeat` times, the order rotated every round), so
load that comes and goes hits them alike; medians are reported.

The two floors (the least any tool that reads the same YAML can cost):
  - bare: a Python process that imports PyYAML and loads the file(s) with the C loader;
  - click: the same, also importing click (the CLI library firearms-gap uses).

What it measures:
  - `--version` and `--help`, and any heavy module they import;
  - `check --format json` on each bundled example, against both floors (and check-jsonschema
    --schemafile if installed);
  - the first run after an install (an empty user cache: the shipped cache entries are read), a
    cached run, and a run with no cache at all (FIREARMS_GAP_NO_CACHE=1: what a first run cost
    before the package shipped its entries);
  - `compare --format json` over 200 and 1,000 generated files (benchmarks/generate.py), with
    --jobs 1 (the serial path) and --jobs <cores>, against the bare floor over the same files:
    speed-up, marginal cost per file against the floor's, per core;
  - peak memory (max RSS of the largest process) of `compare` over --memory-files files in every
    compare format;
  - `check` on the largest input the limits allow (a file just under 5 MiB).
Ratios are computed within this run, so they hold on the machine that ran it. --quick uses fewer
repeats and smaller batches (for a smoke run).

The package's bytecode is compiled first, as `pip install` does for a wheel: with
PYTHONDONTWRITEBYTECODE set (or a read-only checkout) an editable install would otherwise
recompile every module on every run and measure the compiler, not the tool. The figures also
name the environment (editable install or not, venv or not) and the machine's load.
"""
from __future__ import annotations

import argparse
import compileall
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("yaml", "jsonschema", "rich", "tabulate", "openpyxl")
FLOOR = ("import sys, os{extra}, yaml\n"
         "L = getattr(yaml, 'CSafeLoader', yaml.SafeLoader)\n"
         "for a in sys.argv[1:]:\n"
         "    names = sorted(os.path.join(a, n) for n in os.listdir(a)) if os.path.isdir(a) else [a]\n"
         "    for n in names:\n"
         "        with open(n, 'rb') as f: yaml.load(f.read(), Loader=L)\n")


def floor(kind: str, *paths) -> list[str]:
    return [sys.executable, "-c", FLOOR.format(extra=", click" if kind == "click" else ""), *map(str, paths)]


def run_once(cmd: list[str], env: dict | None = None, ok=(0, 1)) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + sys, with the workers it waited for) and peak RSS (MiB)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env={**os.environ, **env} if env else None)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if code not in ok:
        raise SystemExit(f"benchmark command failed ({code}): {' '.join(cmd)}\n{err[-400:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def interleaved(commands: dict, repeat: int) -> dict:
    """Each command run `repeat` times, one round of all at a time, the order rotated each round.
    A command is a list, or (list, env), or a function returning (list, env) for each run."""
    samples: dict = {name: [] for name in commands}
    names = list(commands)
    for i in range(repeat):
        for name in names[i % len(names):] + names[:i % len(names)]:
            spec = commands[name]
            spec = spec() if callable(spec) else spec
            cmd, env = spec if isinstance(spec, tuple) else (spec, None)
            samples[name].append(run_once(cmd, env))
    return {name: {"wall_s": statistics.median(s[0] for s in runs), "cpu_s": statistics.median(s[1] for s in runs),
                   "min_wall_s": min(s[0] for s in runs), "peak_mib": max(s[2] for s in runs), "runs": len(runs)}
            for name, runs in samples.items()}


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


def ms(s: float) -> str:
    return f"{s * 1000:.0f} ms" if s < 1 else f"{s:.2f} s"


def generate(folder: Path, count: int, *extra: str) -> None:
    if not folder.exists():
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), str(folder), "--count", str(count),
                        *extra], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description="firearms-gap benchmark")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", default=str(ROOT / "benchmarks" / "results.json"))
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--memory-files", type=int, default=5000)
    parser.add_argument("--sizes", type=int, nargs=2, default=(200, 1000), metavar=("SMALL", "LARGE"),
                        help="the two compare batches (the marginal cost per file is between them)")
    args = parser.parse_args()
    repeat = 3 if args.quick else args.repeat
    sizes = (20, 100) if args.quick else tuple(args.sizes)
    memory_files = 100 if args.quick else args.memory_files
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    tool = [sys.executable, "-m", "firearms_gap"]
    results: dict = {"date": datetime.date.today().isoformat(), "python": sys.version.split()[0], "cores": cores,
                     "machine": f"{platform.system()} {platform.machine()}", "repeat": repeat,
                     "load_average_at_start": os.getloadavg() if hasattr(os, "getloadavg") else None,
                     "environment": environment()}
    rows: list[tuple[str, str, str, str, str]] = []      # what, wall, cpu, memory, note

    for key in ("version", "help"):
        r = interleaved({key: tool + [f"--{key}"]}, repeat)[key]
        r["heavy_imports"] = heavy_imports([f"--{key}"])
        results[key] = r
        rows.append((f"--{key}", ms(r["wall_s"]), ms(r["cpu_s"]), f"{r['peak_mib']:.0f} MiB",
                     "heavy imports: " + (", ".join(r["heavy_imports"]) or "none")))

    tmp = Path(tempfile.mkdtemp(prefix="fgap-bench-"))
    try:
        schema = tmp / "framework.schema.json"
        subprocess.run(tool + ["schema", "-o", str(schema)], check=True)
        cj = shutil.which("check-jsonschema")
        cache_dir = tmp / "cache"
        warm = {"FIREARMS_GAP_CACHE_DIR": str(cache_dir)}
        results["check"] = {}
        examples = sorted((ROOT / "examples").glob("*.yaml"))
        run_once(tool + ["check", str(examples[0])], warm)                       # fills the cache
        for example in examples:
            commands = {"bare floor": floor("bare", example), "click floor": floor("click", example),
                        "check": (tool + ["check", str(example), "--format", "json"], warm)}
            if cj:
                commands["check-jsonschema"] = [cj, "--schemafile", str(schema), str(example)]
            r = interleaved(commands, repeat * 3)
            entry = {**r, "ratio": {f"to {f}": {m: r["check"][m] / r[f][m] for m in ("wall_s", "cpu_s")}
                                    for f in ("bare floor", "click floor")}}
            results["check"][example.name] = entry
            c = entry["ratio"]["to click floor"]
            b = entry["ratio"]["to bare floor"]
            rows.append((f"check {example.name} (json)", ms(r["check"]["wall_s"]), ms(r["check"]["cpu_s"]),
                         f"{r['check']['peak_mib']:.0f} MiB",
                         f"{c['wall_s']:.2f}x / {c['cpu_s']:.2f}x click floor, {b['wall_s']:.2f}x / {b['cpu_s']:.2f}x bare "
                         "(wall / cpu)" + (f"; {r['check']['wall_s'] / r['check-jsonschema']['wall_s']:.2f}x "
                                           "check-jsonschema" if cj else "")))
        first = examples[0]
        table = interleaved({"table": (tool + ["check", str(first)], warm)}, repeat)["table"]
        results["check_table_format"] = {first.name: table}
        rows.append((f"check {first.name} (table)", ms(table["wall_s"]), ms(table["cpu_s"]),
                     f"{table['peak_mib']:.0f} MiB", "the default format, rendered by rich"))

        # The first run after an install: a new, empty user cache every time.
        counter = iter(range(10 ** 6))
        fresh = lambda: (tool + ["check", str(first), "--format", "json"],                    # noqa: E731
                         {"FIREARMS_GAP_CACHE_DIR": str(tmp / f"fresh-{next(counter)}")})
        r = interleaved({"cached": (tool + ["check", str(first), "--format", "json"], warm), "first run": fresh,
                         "no cache": (tool + ["check", str(first), "--format", "json"], {"FIREARMS_GAP_NO_CACHE": "1"})},
                        repeat * 2)
        results["first_run"] = r
        for name in ("first run", "no cache"):
            rows.append((f"check, {name}", ms(r[name]["wall_s"]), ms(r[name]["cpu_s"]), f"{r[name]['peak_mib']:.0f} MiB",
                         f"{r[name]['wall_s'] / r['cached']['wall_s']:.2f}x / {r[name]['cpu_s'] / r['cached']['cpu_s']:.2f}x"
                         " a cached run" + (" (shipped entries)" if name == "first run" else " (no entry anywhere)")))

        results["compare"] = {}
        for n in sizes:
            folder = tmp / f"batch-{n}"
            generate(folder, n)
            cmd = tool + ["compare", str(folder), "--format", "json", "--quiet"]
            r = interleaved({"floor": floor("bare", folder), "jobs 1": (cmd + ["--jobs", "1"], warm),
                             f"jobs {cores}": (cmd + ["--jobs", str(cores)], warm)}, max(2, repeat // 2))
            results["compare"][str(n)] = r
            for name in ("jobs 1", f"jobs {cores}"):
                x = r[name]
                rows.append((f"compare {n} files, --{name.replace(' ', ' ')}", ms(x["wall_s"]), ms(x["cpu_s"]),
                             f"{x['peak_mib']:.0f} MiB",
                             f"{x['wall_s'] / r['jobs 1']['wall_s']:.2f}x serial wall; "
                             f"{x['wall_s'] / r['floor']['wall_s']:.2f}x floor wall ({ms(r['floor']['wall_s'])})"))
        small, large = (results["compare"][str(n)] for n in sizes)
        span = sizes[1] - sizes[0]
        marginal = {name: {m: (large[name][m] - small[name][m]) / span for m in ("wall_s", "cpu_s")}
                    for name in ("floor", "jobs 1", f"jobs {cores}")}
        results["compare"]["marginal_per_file"] = marginal
        f = marginal["floor"]
        for name in ("jobs 1", f"jobs {cores}"):
            per_core = marginal[name]["wall_s"] / (f["wall_s"] / (1 if name == "jobs 1" else cores))
            results["compare"][f"marginal_{name}_to_floor_per_core"] = per_core
            rows.append((f"compare marginal, --{name}", f"{marginal[name]['wall_s'] * 1000:.1f} ms",
                         f"{marginal[name]['cpu_s'] * 1000:.1f} ms", "",
                         f"per file; {per_core:.2f}x the floor's {f['wall_s'] * 1000:.1f} ms"
                         + (f" per core ({cores})" if name != "jobs 1" else "")
                         + f"; cpu {marginal[name]['cpu_s'] / f['cpu_s']:.2f}x the floor's"))

        folder = tmp / f"batch-{memory_files}"
        generate(folder, memory_files)
        results["compare_memory"] = {"files": memory_files}
        for fmt in ("json", "csv", "markdown", "table", "xlsx", "html"):
            out = tmp / f"out.{fmt}"
            cmd = tool + ["compare", str(folder), "--format", fmt, "--quiet", "-o", str(out)]
            wall, cpu, peak = run_once(cmd, warm)
            out.unlink(missing_ok=True)
            results["compare_memory"][fmt] = {"wall_s": wall, "cpu_s": cpu, "peak_mib": peak}
            rows.append((f"compare {memory_files} files, {fmt}", ms(wall), ms(cpu), f"{peak:.0f} MiB", "peak memory, once"))

        big_dir = tmp / "big"
        generate(big_dir, 1, "--target-bytes", str(5 * 1024 * 1024 - 64 * 1024))
        big = next(big_dir.glob("*.yaml"))
        r = interleaved({"big": (tool + ["check", str(big), "--format", "json"], warm)}, max(1, repeat // 2))["big"]
        r["bytes"] = big.stat().st_size
        results["largest_input"] = r
        rows.append((f"check largest input ({r['bytes'] / 1048576:.2f} MiB)", ms(r["wall_s"]), ms(r["cpu_s"]),
                     f"{r['peak_mib']:.0f} MiB", ""))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    results["load_average_at_end"] = os.getloadavg() if hasattr(os, "getloadavg") else None

    env = results["environment"]
    load = results["load_average_at_start"]
    print(f"firearms-gap benchmark {results['date']}: {results['machine']}, {cores} cores, Python {results['python']}, "
          f"{env['install']}, {'in a venv' if env['venv'] else 'no venv'}; load average at start "
          f"{load[0]:.1f}" if load else "")
    print("| what | wall | cpu | peak | ratios |\n|---|---:|---:|---:|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    Path(args.json).write_text(json.dumps(results, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"figures written to {os.path.relpath(args.json)}")


if __name__ == "__main__":
    main()

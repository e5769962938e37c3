"""Benchmark ``kg`` against the raw engines, side by side in one run; prints a markdown table.

Every measurement is a whole process (start-up, imports, parsing, work, exit), timed from the
outside, with its peak resident memory from ``wait4``. ``kg`` and its raw counterpart
(``tests/bench/raw.py``: the shortest plain script doing the same job with pyoxigraph, or with
rdflib and pySHACL) run alternately, ``--runs`` times each; the table shows medians and the ratio
kg / raw. The outputs of both are compared (same rows, same validation results), so a fast wrong
answer cannot win.

    python tests/bench/run.py                 # 100k triples, 5 runs each (validate: 10k, 100k)
    python tests/bench/run.py --big           # adds 1M triples (query --data, load, --store)
    python tests/bench/run.py --only help,query --runs 9

Benchmarks are not tests: numbers vary with the machine and its load; ratios travel better.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
ROOT = HERE.parent.parent
RAW = str(HERE / "raw.py")
AGGREGATE = str(HERE / "aggregate.rq")
PYTHON = sys.executable
KG = str(Path(sys.executable).with_name("kg"))
SECTIONS = ("help", "query", "data", "store", "validate")


@dataclass
class Sample:
    seconds: float
    rss_mib: float
    stdout: bytes
    returncode: int


@dataclass
class Row:
    what: str
    kg: list[Sample] = field(default_factory=list)
    raw: list[Sample] = field(default_factory=list)
    target: str = ""
    note: str = ""


# Children run as after a normal install: bytecode cached (in a folder of the benchmark's own,
# so the checkout is not touched), even where PYTHONDONTWRITEBYTECODE is set.
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
TIME = shutil.which("time") and "/usr/bin/time"


def measure(argv: list[str], before=None) -> Sample:
    """Run ``argv`` once: wall time, and peak RSS of that process alone.

    The peak RSS comes from GNU time (``%M``) when it exists: ``wait4`` in this process would
    also count the pages of this Python copied at fork, before the child's exec.
    """
    if before:
        before()
    with tempfile.TemporaryFile() as out, tempfile.NamedTemporaryFile("r") as rss:
        command = [TIME, "-f", "%M", "-o", rss.name, *argv] if TIME else argv
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.DEVNULL, cwd=ROOT,
                                   env=CHILD_ENV)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        peak_kib = int(rss.read().split()[-1]) if TIME else usage.ru_maxrss
        out.seek(0)
        return Sample(seconds, peak_kib / 1024, out.read(), process.returncode)


def compare(kg_argv: list[str], raw_argv: list[str], runs: int, before_kg=None,
            before_raw=None, warm_up: bool = True) -> tuple[list, list]:
    if warm_up:  # bytecode cache, file cache
        measure(kg_argv, before_kg)
        measure(raw_argv, before_raw)
    kg, raw = [], []
    for _ in range(runs):  # alternate, so a burst of load elsewhere hits both
        kg.append(measure(kg_argv, before_kg))
        raw.append(measure(raw_argv, before_raw))
    return kg, raw


def median(samples: list[Sample], attr: str) -> float:
    return statistics.median(getattr(s, attr) for s in samples)


def csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"))))


def same_rows(kg: Sample, raw: Sample) -> str:
    a, b = csv_rows(kg.stdout), csv_rows(raw.stdout)
    if not a or not b:
        return f"NO OUTPUT (exit codes kg {kg.returncode}, raw {raw.returncode})"
    if a == b:
        return f"same {len(a) - 1} rows"
    return f"DIFFERENT rows: kg {len(a) - 1}, raw {len(b) - 1}"


def same_validation(kg: Sample, raw: Sample) -> str:
    mine = json.loads(kg.stdout)
    theirs = json.loads(raw.stdout)
    ours = sorted(([r["focusNode"]["value"], r["severity"],
                    r["sourceConstraintComponent"].split("#")[-1],
                    r["value"]["value"] if r.get("value") and r["value"]["type"] == "uri"
                    else None] for r in mine["results"]
                   if r["sourceConstraintComponent"]), key=str)
    extra = sum(1 for r in mine["results"] if not r["sourceConstraintComponent"])
    same = ours == theirs["results"]
    verdict = "same" if same else "DIFFERENT"
    note = f"{verdict} {len(theirs['results'])} results"
    if extra:
        note += f" (+{extra} from kg's own checks)"
    return note


def generate(work: Path, triples: int, violations: int = 0) -> Path:
    path = work / f"synthetic-{triples}{'-v' if violations else ''}.nt"
    if not path.exists():
        subprocess.run([PYTHON, str(HERE / "generate.py"), "--triples", str(triples),
                        "--violations", str(violations), "-o", str(path)], check=True,
                       stderr=subprocess.DEVNULL)
    return path


def injected_errors(triples: int, violations: int) -> int:
    """How many errors the generator puts in (fewer than asked when conflicts run out)."""
    from generate import _generate

    return len(_generate(io.StringIO(), triples, 1, "http://example.org/kg-bench/id/",
                         violations)[1])


def size_name(n: int) -> str:
    return f"{n // 1_000_000}M" if n >= 1_000_000 else f"{n // 1000}k"


def bundled_args() -> list[str]:
    sys.path.insert(0, str(ROOT))
    from kg.store import bundled_files

    return [f"{path}={graph}" for path, graph in bundled_files()]


def run_sections(sections: list[str], runs: int, sizes: list[int], validate_sizes: list[int],
                 work: Path, log) -> list[Row]:
    rows: list[Row] = []

    def add(row: Row, check=None) -> None:
        if check and row.kg and row.raw:
            row.note = check(row.kg[0], row.raw[0])
        rows.append(row)
        log(format_row(row))

    if "help" in sections:
        kg, raw = compare([KG, "--help"], [PYTHON, "-c", "pass"], runs)
        add(Row("`kg --help` vs `python -c pass`", kg, raw, "< 100 ms above"))

    if "query" in sections:
        bundled = bundled_args()
        for name in ("casualty_totals", "timeline"):
            kg, raw = compare([KG, "query", name, "--format", "csv"],
                              [PYTHON, RAW, "query", str(ROOT / "queries" / f"{name}.rq"),
                               *bundled], runs)
            add(Row(f"`kg query {name}` (bundled graph)", kg, raw, "≤ 1.5x"), same_rows)
        kg, raw = compare([KG, "query", AGGREGATE, "--format", "csv"],
                          [PYTHON, RAW, "query", AGGREGATE, *bundled], runs)
        add(Row("`kg query aggregate.rq` (bundled graph)", kg, raw, "≤ 1.5x"), same_rows)

    for size in sizes:
        data = generate(work, size)
        label = size_name(size)
        if "data" in sections:
            kg, raw = compare([KG, "query", AGGREGATE, "--data", str(data), "--format", "csv"],
                              [PYTHON, RAW, "query", AGGREGATE, str(data)], runs)
            add(Row(f"`kg query aggregate.rq --data` {label} N-Triples", kg, raw,
                    "≤ 1.5x, memory ≤ 1.5x"), same_rows)
        if "store" in sections:
            kg_store, raw_store = work / f"kg-store-{label}", work / f"raw-store-{label}"

            kg, raw = compare([KG, "load", str(data), "--store", str(kg_store)],
                              [PYTHON, RAW, "store-load", str(raw_store), str(data)], runs,
                              lambda store=kg_store: shutil.rmtree(store, ignore_errors=True),
                              lambda store=raw_store: shutil.rmtree(store, ignore_errors=True))
            add(Row(f"`kg load` {label} into a new store", kg, raw, "≤ 1.5x"))
            # both query the store kg built
            kg, raw = compare([KG, "query", AGGREGATE, "--store", str(kg_store), "--format",
                               "csv"], [PYTHON, RAW, "store-query", str(kg_store), AGGREGATE],
                              runs)
            add(Row(f"`kg query aggregate.rq --store` {label} (same store)", kg, raw, "≤ 1.5x"),
                same_rows)

    if "validate" in sections:
        sys.path.insert(0, str(ROOT))
        from kg import resources

        shapes = [str(p) for p in resources.shapes_files()]
        ontology = [str(p) for p in resources.ontology_files()]
        for size in validate_sizes:
            data = generate(work, size, violations=20)
            # raw pySHACL takes about a minute at 10k and over ten at 100k: fewer runs, no warm-up
            kg, raw = compare([KG, "validate", str(data), "--format", "json"],
                              [PYTHON, RAW, "validate", str(data), *shapes, *ontology],
                              1 if size >= 100_000 else min(runs, 3), warm_up=False)
            errors = injected_errors(size, 20)
            add(Row(f"`kg validate` {size_name(size)} ({errors} errors injected) vs pySHACL", kg,
                    raw, "≤ 1x, memory < 2 GiB"), same_validation)
    return rows


def format_seconds(s: float) -> str:
    return f"{s * 1000:.0f} ms" if s < 1 else f"{s:.2f} s"


def format_row(row: Row) -> str:
    k, r = median(row.kg, "seconds"), median(row.raw, "seconds")
    km, rm = median(row.kg, "rss_mib"), median(row.raw, "rss_mib")
    diff = f"{'+' if k >= r else '−'}{format_seconds(abs(k - r))}"
    return (f"| {row.what} | {format_seconds(k)} | {format_seconds(r)} | {k / r:.2f}x ({diff}) "
            f"| {km:.0f} MiB | {rm:.0f} MiB | {km / rm:.2f}x | {row.target} | {row.note} |")


HEADER = ("| Measurement | kg (median) | raw engine (median) | kg / raw time | kg peak RSS | "
          "raw peak RSS | memory ratio | target | outputs |\n"
          "|---|---|---|---|---|---|---|---|---|")


def environment(runs: int) -> str:
    import pyoxigraph

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"{runs} runs each after a warm-up, medians; {os.cpu_count()} CPUs, "
            f"load average {load:.1f} at start; "
            f"Python {platform.python_version()}, pyoxigraph {pyoxigraph.__version__}, "
            f"{platform.system()} {platform.machine()}; {time.strftime('%Y-%m-%d')}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each command (default 5)")
    parser.add_argument("--big", action="store_true",
                        help="also 1M triples for query --data, load and query --store")
    parser.add_argument("--sizes", default="100000",
                        help="comma-separated triple counts for the data/store rows")
    parser.add_argument("--validate-sizes", default="10000,100000",
                        help="comma-separated triple counts for kg validate vs pySHACL")
    parser.add_argument("--only", default=",".join(SECTIONS),
                        help=f"sections to run, from {','.join(SECTIONS)}")
    parser.add_argument("--work", help="folder for generated data and stores (default: temp)")
    args = parser.parse_args(argv)
    sections = [s for s in args.only.split(",") if s]
    unknown = set(sections) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown sections: {', '.join(sorted(unknown))}")
    sizes = [int(s) for s in args.sizes.split(",") if s]
    validate_sizes = [int(s) for s in args.validate_sizes.split(",") if s]
    if args.big:  # not validate: raw pySHACL needs hours at 1M (--validate-sizes 1000000)
        sizes.append(1_000_000)
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="kg-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    CHILD_ENV["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    print(environment(args.runs), file=sys.stderr)
    print(HEADER, file=sys.stderr)
    rows = run_sections(sections, args.runs, sizes, validate_sizes, work,
                        lambda line: print(line, file=sys.stderr, flush=True))
    print(f"\n{environment(args.runs)}\n")
    print(HEADER)
    for row in rows:
        print(format_row(row))
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark ``kg`` against the raw engines, side by side in one run; prints a markdown table.

Every measurement is a whole process (start-up, imports, parsing, work, exit), timed from the
outside, with its peak memory: the peak RSS of its largest process (GNU time), or, where it works
in several processes, the peak of their summed PSS, sampled every second. ``kg`` and its raw
counterpart (``tests/bench/raw.py``: the shortest plain script doing the same job with pyoxigraph,
or with rdflib and pySHACL) run alternately, ``--runs`` times each; the table shows medians and the
ratio kg / raw. The outputs of both are compared (same rows, same validation results), so a fast
wrong answer cannot win.

    python tests/bench/run.py                 # 100k triples, 5 runs each (validate: 10k, 100k)
    python tests/bench/run.py --big           # adds 1M triples (query --data, load, --store)
    python tests/bench/run.py --only help,commands,query --runs 9
    python tests/bench/run.py --only validate --validate-sizes 1000000 --raw-timeout 2400 \
        --runs 1 --work /tmp/bench-work      # kg validate at 1M; raw pySHACL stopped at 40 min

Validation rows compare ``kg validate`` (its default engine: the shapes compiled to SPARQL,
``kg.validate.compile``) with raw pyshacl-turbo (a pyoxigraph store in, its fastest input) and
with raw pySHACL, the three taking turns, on the bundled graph and on generated data with planted
errors.

``--big`` leaves validation at 1M out: raw pySHACL needs hours there, so that row is run on its
own, as above. A raw engine stopped at ``--raw-timeout`` shows as ``> N s (stopped)``, with
kg / N as an upper bound of the ratio and its results not compared. ``--work`` keeps the
generated data (and stores) for the next run.

Benchmarks are not tests: numbers vary with the machine and its load; ratios travel better.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
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
SECTIONS = ("help", "commands", "query", "data", "store", "validate")
# The commands that do not validate, each timed as a whole process against `python -c pass`.
COMMANDS = (["info"], ["queries"], ["describe", "kgr:Greece"], ["export"],
            ["export", "--format", "json-ld"], ["export", "--format", "n-triples"],
            ["query", "timeline"])


@dataclass
class Sample:
    seconds: float
    rss_mib: float | None  # None: stopped before its peak could be read
    stdout: bytes
    returncode: int
    stopped: bool = False  # killed at the time cap: seconds is the cap, rss_mib the peak so far


@dataclass
class Row:
    what: str
    kg: list[Sample] = field(default_factory=list)
    raw: list[Sample] = field(default_factory=list)
    target: str = ""
    note: str = ""
    raw_cap: float | None = None  # the --raw-timeout the raw runs had


# Children run as after a normal install: bytecode cached (in a folder of the benchmark's own,
# so the checkout is not touched), even where PYTHONDONTWRITEBYTECODE is set.
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
TIME = shutil.which("time") and "/usr/bin/time"


def group_pids(pgid: int) -> list[int]:
    """The live processes of one process group, from ``/proc`` (Linux)."""
    pids = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as stat:
                    fields = stat.read().rsplit(b")", 1)[1].split()
            except OSError:  # gone meanwhile
                continue
            if int(fields[2]) == pgid:
                pids.append(int(entry.name))
    return pids


def group_peak_mib(pgid: int) -> float | None:
    """The largest peak RSS (``VmHWM``) among a group's processes, as GNU time's ``%M`` counts."""
    peaks = []
    for pid in group_pids(pgid):
        try:
            with open(f"/proc/{pid}/status", encoding="ascii") as status:
                peaks += [int(line.split()[1]) / 1024 for line in status
                          if line.startswith("VmHWM:")]
        except OSError:
            continue
    return max(peaks, default=None)


def group_pss_mib(pgid: int) -> float:
    """The memory a process group holds: the sum of its processes' PSS (``smaps_rollup``).

    PSS counts a page shared by several processes (a forked worker's inherited data) once in
    all, where summing RSS would count it in each.
    """
    total_kib = 0
    for pid in group_pids(pgid):
        try:
            with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
                total_kib += sum(int(line.split()[1]) for line in rollup
                                 if line.startswith("Pss:"))
        except OSError:
            continue
    return total_kib / 1024


class GroupMemory:
    """Samples a process group's summed PSS once a second, from its second second on.

    GNU time's ``%M`` is the peak of the largest single process, which understates a command
    that works in several processes. Short commands end before the first sample, so sampling
    costs them nothing; reading ``smaps_rollup`` takes milliseconds for a large process.
    """

    def __init__(self, pgid: int):
        self.pgid, self.peak_mib = pgid, 0.0
        self.done = threading.Event()
        self.thread = threading.Thread(target=self.sample, daemon=True)
        self.thread.start()

    def sample(self) -> None:
        while not self.done.wait(1.0):
            self.peak_mib = max(self.peak_mib, group_pss_mib(self.pgid))

    def finish(self) -> float:
        self.done.set()
        self.thread.join()
        return self.peak_mib


class Watchdog:
    """Kills a process group once it has run ``seconds``, noting its peak RSS first.

    The group leader is waited for with ``WNOWAIT`` until the watchdog is settled, so its pid,
    and with it the group id, cannot be reused while the watchdog may still signal it.
    """

    def __init__(self, pgid: int, seconds: float):
        self.pgid, self.peak_mib, self.fired, self.settled = pgid, None, False, False
        self.lock = threading.Lock()
        self.timer = threading.Timer(seconds, self.stop)
        self.timer.start()

    def stop(self) -> None:
        with self.lock:
            if not self.settled:
                self.fired = True
                self.peak_mib = group_peak_mib(self.pgid)
                kill_group(self.pgid)

    def settle(self) -> None:
        with self.lock:
            self.settled = True
        self.timer.cancel()


def kill_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError):  # already gone
        os.killpg(pgid, signal.SIGKILL)


def measure(argv: list[str], before=None, timeout: float | None = None) -> Sample:
    """Run ``argv`` once: wall time, and peak memory of that process and its children.

    The peak RSS comes from GNU time (``%M``) when it exists: ``wait4`` in this process would
    also count the pages of this Python copied at fork, before the child's exec. Where the
    sampled sum over the process group (worker processes) is higher, that is the peak instead.
    Past ``timeout`` seconds the process and all its children are killed; the sample is then
    ``stopped``, with the peak seen just before (GNU time, killed too, reports nothing).
    """
    if before:
        before()
    with tempfile.TemporaryFile() as out, tempfile.NamedTemporaryFile("r") as rss:
        command = [TIME, "-f", "%M", "-o", rss.name, *argv] if TIME else argv
        started = time.perf_counter()
        # a process group of its own, so that nothing it starts outlives a kill
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.DEVNULL, cwd=ROOT,
                                   env=CHILD_ENV, process_group=0)
        watchdog = Watchdog(process.pid, timeout) if timeout else None
        memory = GroupMemory(process.pid)
        try:
            os.waitid(os.P_PID, process.pid, os.WEXITED | os.WNOWAIT)
        except BaseException:  # Ctrl-C: take the children down too
            kill_group(process.pid)
            raise
        finally:
            if watchdog:
                watchdog.settle()
        seconds = time.perf_counter() - started
        group_peak = memory.finish()
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        if watchdog and watchdog.fired and os.WIFSIGNALED(status):
            peak = max(watchdog.peak_mib or 0, group_peak) or None
            return Sample(seconds, peak, out.read(), process.returncode, True)
        peak_kib = int(rss.read().split()[-1]) if TIME else usage.ru_maxrss
        return Sample(seconds, max(peak_kib / 1024, group_peak), out.read(),
                      process.returncode)


def compare(kg_argv: list[str], raw_argv: list[str], runs: int, before_kg=None,
            before_raw=None, warm_up: bool = True,
            raw_timeout: float | None = None) -> tuple[list, list]:
    if warm_up:  # bytecode cache, file cache
        measure(kg_argv, before_kg)
        measure(raw_argv, before_raw, raw_timeout)
    kg, raw = [], []
    for _ in range(runs):  # alternate, so a burst of load elsewhere hits both
        kg.append(measure(kg_argv, before_kg))
        raw.append(measure(raw_argv, before_raw, raw_timeout))
    return kg, raw


def median(samples: list[Sample], attr: str) -> float:
    return statistics.median(getattr(s, attr) for s in samples)


def csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"))))


def output_size(kg: Sample, raw: Sample) -> str:
    failed = f", exit code {kg.returncode}" if kg.returncode else ""
    return f"{format_bytes(len(kg.stdout))} out{failed}"


def format_bytes(n: int) -> str:
    return f"{n / 1000:.1f} kB" if n >= 1000 else f"{n} B"


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
    if ours == theirs["results"]:
        note = f"same {len(ours)} results"
    else:
        note = f"DIFFERENT results: kg {len(ours)}, raw {len(theirs['results'])}"
    if extra:
        note += f" (+{extra} from kg's own checks)"
    return note


def generate(work: Path, triples: int, violations: int = 0) -> Path:
    path = work / f"synthetic-{triples}{'-v' if violations else ''}.nt"
    if not path.exists():  # written aside, so an interrupted run leaves no half file to reuse
        part = path.with_suffix(".part")
        subprocess.run([PYTHON, str(HERE / "generate.py"), "--triples", str(triples),
                        "--violations", str(violations), "-o", str(part)], check=True,
                       stderr=subprocess.DEVNULL)
        part.rename(path)
    return path


def injected_errors(triples: int, violations: int) -> int:
    """How many errors the generator puts in (fewer than asked when conflicts run out)."""
    from generate import _generate

    with open(os.devnull, "w", encoding="utf-8") as nowhere:  # not 1M triples in memory
        return len(_generate(nowhere, triples, 1, "http://example.org/kg-bench/id/",
                             violations)[1])


def size_name(n: int) -> str:
    return f"{n // 1_000_000}M" if n >= 1_000_000 else f"{n // 1000}k"


def bundled_args() -> list[str]:
    sys.path.insert(0, str(ROOT))
    from kg.store.store import bundled_files

    return [f"{path}={graph}" for path, graph in bundled_files()]


def run_sections(sections: list[str], runs: int, sizes: list[int], validate_sizes: list[int],
                 work: Path, log, raw_timeout: float | None = None) -> list[Row]:
    rows: list[Row] = []

    def add(row: Row, check=None) -> None:
        finished = [r for r in row.raw if not r.stopped]
        if check and row.kg and finished:
            row.note = check(row.kg[0], finished[0])
        elif check and row.raw:
            row.note = "results not compared (raw stopped)"
        rows.append(row)
        log(format_row(row))

    if "help" in sections:
        kg, raw = compare([KG, "--help"], [PYTHON, "-c", "pass"], runs)
        add(Row("`kg --help` vs `python -c pass`", kg, raw, "< 100 ms above"))

    if "commands" in sections:
        for command in COMMANDS:
            kg, raw = compare([KG, *command], [PYTHON, "-c", "pass"], runs)
            add(Row(f"`kg {' '.join(command)}` vs `python -c pass`", kg, raw, "< 100 ms above"),
                output_size)

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

    for size in sizes if {"data", "store"} & set(sections) else ():
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
        from kg.store.store import bundled_files

        shapes = [str(p) for p in resources.shapes_files()]
        ontology = [str(p) for p in resources.ontology_files()]
        bundled = ",".join(str(p) for p in resources.data_dir().glob("*.ttl")
                           if str(p) in {path for path, _ in bundled_files()})
        cases = [("the bundled graph", [KG, "validate", "--format", "json"], bundled, 0)]
        for size in validate_sizes:
            data = generate(work, size, violations=20)
            cases.append((f"{size_name(size)} ({injected_errors(size, 20)} errors injected)",
                          [KG, "validate", str(data), "--format", "json"], str(data), size))
        for label, kg_argv, data, size in cases:
            # raw pySHACL takes about a minute at 10k and over ten at 100k: fewer runs, no
            # warm-up; kg, raw pyshacl-turbo and raw pySHACL alternate
            kg, turbo, reference = compare_many(
                [kg_argv, [PYTHON, RAW, "validate-turbo", data, *shapes, *ontology],
                 [PYTHON, RAW, "validate", data, *shapes, *ontology]],
                1 if size >= 100_000 else min(runs, 3), [None, None, raw_timeout])
            add(Row(f"`kg validate` {label} vs pyshacl-turbo", kg, turbo, "≤ 1.2x"),
                same_validation)
            add(Row(f"`kg validate` {label} vs pySHACL", kg, reference, "≤ 1x, memory < 2 GiB",
                    raw_cap=raw_timeout), same_validation)
    return rows


def compare_many(argvs: list[list[str]], runs: int,
                 timeouts: list[float | None]) -> list[list[Sample]]:
    """Each command ``runs`` times, taking turns (a burst of load elsewhere hits them all)."""
    samples: list[list[Sample]] = [[] for _ in argvs]
    for _ in range(runs):
        for argv, timeout, found in zip(argvs, timeouts, samples, strict=True):
            found.append(measure(argv, timeout=timeout))
    return samples


def format_seconds(s: float) -> str:
    return f"{s * 1000:.0f} ms" if s < 1 else f"{s:.2f} s"


def format_row(row: Row) -> str:
    if any(r.stopped for r in row.raw):
        return format_stopped_row(row)
    k, r = median(row.kg, "seconds"), median(row.raw, "seconds")
    km, rm = median(row.kg, "rss_mib"), median(row.raw, "rss_mib")
    diff = f"{'+' if k >= r else '−'}{format_seconds(abs(k - r))}"
    return (f"| {row.what} | {format_seconds(k)} | {format_seconds(r)} | {k / r:.2f}x ({diff}) "
            f"| {km:.0f} MiB | {rm:.0f} MiB | {km / rm:.2f}x | {row.target} | {row.note} |")


def format_stopped_row(row: Row) -> str:
    """A row whose raw engine hit the cap: kg / cap bounds kg / raw from above.

    So does the memory ratio, against the raw peak reached by then (unknown when the process
    left before it could be read).
    """
    k, km = median(row.kg, "seconds"), median(row.kg, "rss_mib")
    peaks = [r.rss_mib for r in row.raw if r.rss_mib is not None]
    rm = max(peaks, default=None)
    raw_memory = f"≥ {rm:.0f} MiB (at stop)" if rm else "n/a"
    memory_ratio = f"≤ {km / rm:.2f}x" if rm else "n/a"
    stopped = sum(r.stopped for r in row.raw)
    runs = f", {stopped} of {len(row.raw)} runs" if len(row.raw) > 1 else ""
    return (f"| {row.what} | {format_seconds(k)} | > {row.raw_cap:.0f} s (stopped{runs}) "
            f"| < {k / row.raw_cap:.2f}x | {km:.0f} MiB | {raw_memory} | {memory_ratio} "
            f"| {row.target} | {row.note} |")


HEADER = ("| Measurement | kg (median) | raw engine (median) | kg / raw time | kg peak memory | "
          "raw peak memory | memory ratio | target | outputs |\n"
          "|---|---|---|---|---|---|---|---|---|")


def environment(runs: int) -> str:
    import pyoxigraph

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"{runs} runs each after a warm-up (validation: none, at most 3 runs, 1 from 100k "
            f"triples), medians; {os.cpu_count()} CPUs, "
            f"load average {load:.1f} at start; "
            f"Python {platform.python_version()}, pyoxigraph {pyoxigraph.__version__}, "
            f"{platform.system()} {platform.machine()}; {time.strftime('%Y-%m-%d')}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each command (default 5)")
    parser.add_argument("--big", action="store_true",
                        help="also 1M triples for query --data, load and query --store (not "
                        "validate: for that, --only validate --validate-sizes 1000000 "
                        "--raw-timeout 2400)")
    parser.add_argument("--sizes", default="100000",
                        help="comma-separated triple counts for the data/store rows")
    parser.add_argument("--validate-sizes", default="10000,100000",
                        help="comma-separated triple counts for kg validate vs pySHACL")
    parser.add_argument("--raw-timeout", type=float, metavar="SECONDS",
                        help="stop a raw pySHACL run after this long (default: no limit)")
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
    setting = environment(args.runs)  # once: its load average is the one at start
    print(setting, file=sys.stderr)
    print(HEADER, file=sys.stderr)
    rows = run_sections(sections, args.runs, sizes, validate_sizes, work,
                        lambda line: print(line, file=sys.stderr, flush=True), args.raw_timeout)
    print(f"\n{setting}\n")
    print(HEADER)
    for row in rows:
        print(format_row(row))
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

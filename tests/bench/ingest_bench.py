"""Time `kg ingest` on generated articles against `kg load` of its own output, side by side.

The issue's budget: ingest costs no more than 3x the time of `kg load` of its output on the same
corpus. Both run as subprocesses of the installed `kg` (start-up included), each the median of
--runs runs; the load goes into a fresh store each time.

    python tests/bench/ingest_bench.py --count 1000 --runs 3
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from articles import write


def kg() -> str:
    beside = Path(sys.executable).with_name("kg")
    return str(beside) if beside.exists() else shutil.which("kg") or "kg"


def timed(argv: list[str]) -> tuple[float, float]:
    """(wall-clock seconds, CPU seconds of the child: user + system)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1000, help="articles (default 1000)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each command (default 3)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        paths = [str(p) for p in write(work / "articles", args.count)]
        output = work / "out.nq"
        ingest = [timed([kg(), "ingest", *paths, "-o", str(output)]) for _ in range(args.runs)]
        quads = sum(1 for _ in output.open("rb"))
        loads = []
        for run in range(args.runs):
            loads.append(timed([kg(), "load", str(output), "--store", str(work / f"s{run}"),
                                "-q"]))
        size = sum(os.path.getsize(p) for p in paths)
    i, load = (statistics.median(w for w, _ in ingest), statistics.median(w for w, _ in loads))
    ic, lc = (statistics.median(c for _, c in ingest), statistics.median(c for _, c in loads))
    print(f"{args.count} articles ({size / 1e6:.1f} MB of text) -> {quads:,} quads; "
          f"median of {args.runs} runs, {os.cpu_count()} cores, load average "
          f"{os.getloadavg()[0]:.1f}")
    print(f"{'':10} {'wall':>8} {'CPU':>8}")
    print(f"kg ingest  {i:7.2f}s {ic:7.2f}s  ({args.count / i:,.0f} articles/s)")
    print(f"kg load    {load:7.2f}s {lc:7.2f}s  ({quads / load:,.0f} quads/s)")
    print(f"ratio      {i / load:7.2f}x {ic / lc:7.2f}x  (budget: 3x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Time each `kg draw` picture of the bundled graph: python tests/bench/pictures.py [--runs N]

Two figures per picture, medians after a warm-up: the whole command as a process
(`kg draw NAME -o FILE`, start-up and loading the bundled graph included), and the picture
alone in-process (gathering by SPARQL plus drawing, on an already loaded Store). The map uses
the project's Wikidata-format test fixture as its cache (the article has no coordinates). The
goal is under one second per picture; tests never assert times.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KG = os.path.join(os.path.dirname(sys.executable), "kg")
FIXTURE = os.path.join(ROOT, "tests", "data", "wikidata", "fixture.ttl")

CASES = [
    ("timeline", ["timeline"], "svg"),
    ("chart", ["chart"], "svg"),
    ("map", ["map", "--cache", FIXTURE], "svg"),
    ("diagram", ["diagram"], "svg"),
    ("diagram (Mermaid)", ["diagram"], "mmd"),
    ("timeline (PNG)", ["timeline"], "png"),
    ("chart (PNG)", ["chart"], "png"),
    ("map (PNG)", ["map", "--cache", FIXTURE], "png"),
    ("diagram (PNG)", ["diagram"], "png"),
]


def in_process(name: str, fmt: str) -> float:
    from kg import namespaces as ns
    from kg.pictures import chart, diagram, gather, places, structure, timeline, worldmap
    from kg.store.store import Store

    store = Store.bundled()
    store.load_file(FIXTURE, graph=ns.GRAPH_WIKIDATA)
    make = {
        "timeline": lambda: timeline.draw(gather.timeline(store)),
        "chart": lambda: chart.draw(gather.figures(store)),
        "map": lambda: worldmap.draw(places.places(store)),
        "diagram": lambda: (diagram.mermaid if fmt == "mmd" else diagram.draw)(
            structure.structure(store)),
    }[name.split()[0]]
    start = time.perf_counter()
    data = make()
    if fmt == "png":
        from kg.pictures.raster import to_png

        to_png(data)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    print(f"{args.runs} runs each after a warm-up, medians; {os.cpu_count()} CPUs, load average "
          f"{os.getloadavg()[0]:.1f} at start; Python {sys.version.split()[0]}\n")
    print("| Picture | `kg draw` process | picture alone (in-process) | output |")
    print("|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for label, cmd, fmt in CASES:
            out = os.path.join(tmp, f"out.{fmt}")
            times, alone = [], []
            for run in range(args.runs + 1):
                start = time.perf_counter()
                subprocess.run([KG, "draw", *cmd, "-o", out], check=True, cwd=ROOT)
                elapsed = time.perf_counter() - start
                inner = in_process(label, fmt)
                if run:
                    times.append(elapsed)
                    alone.append(inner)
            size = os.path.getsize(out)
            print(f"| {label} | {statistics.median(times) * 1000:.0f} ms | "
                  f"{statistics.median(alone) * 1000:.0f} ms | {size / 1024:.1f} kB |")


if __name__ == "__main__":
    main()

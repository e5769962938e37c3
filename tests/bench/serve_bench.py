"""Benchmark ``kg serve`` against ``oxigraph serve`` on the same data with the same clients.

Both servers hold the bundled graph (oxigraph read-only with ``--union-default-graph``, so the
same query gives the same rows); both run on 127.0.0.1. The clients are the same for both:
``--clients`` keep-alive HTTP connections spread over ``--procs`` client processes, each
sending requests back to back for ``--duration`` seconds (at most ``--max-requests`` each).
Prints a markdown table: requests per second, median and 99th percentile latency, errors.

Scenarios: a small SELECT on ``/sparql`` (JSON results) on both, each request a new text
(a comment with a counter: kg's answer cache cannot help) and the same text repeated (kg
answers from its cache); ``DESCRIBE`` of an entity on both; kg's entity pages (HTML and
Turtle, rotating over every ``kgr:`` entity) warm, and once cold (the first request for each
entity on a fresh server, one at a time: no page cache). ``--kg-args "--workers 4"`` passes
options to kg serve.

    python tests/bench/serve_bench.py                       # 8 clients, 5 s per scenario
    python tests/bench/serve_bench.py --clients 16 --duration 10
    python tests/bench/serve_bench.py --sparql-only --kg-args "--processes 2"

Benchmarks are not tests: numbers vary with the machine and its load; ratios travel better.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

KG = str(Path(sys.executable).with_name("kg"))
OXIGRAPH = str(Path(sys.executable).with_name("oxigraph"))
PREFIXES = ("PREFIX kg: <https://w3id.org/conflict-kg/ontology#> "
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> ")
SMALL_SELECT = PREFIXES + "SELECT ?side ?label WHERE { ?side a kg:Side ; rdfs:label ?label }"
DESCRIBE = "DESCRIBE <https://w3id.org/conflict-kg/id/Greece>"


def start_kg(extra: list[str]) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen([KG, "serve", "--bind", "127.0.0.1:0", *extra],
                            stderr=subprocess.PIPE, text=True)
    for line in proc.stderr:
        found = re.search(r"read-only, at http://([\d.]+:\d+)/", line)
        if found:
            threading.Thread(target=proc.stderr.read, daemon=True).start()
            return proc, found.group(1)
    raise RuntimeError("kg serve did not start")


def start_oxigraph(work: Path) -> tuple[subprocess.Popen, str]:
    dump = work / "bundle.nq"
    subprocess.run([KG, "export", "--format", "n-quads", "-o", str(dump)], check=True)
    subprocess.run([OXIGRAPH, "load", "--location", str(work / "ox"), "--file", str(dump)],
                   check=True, capture_output=True)
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    address = f"127.0.0.1:{port}"
    proc = subprocess.Popen([OXIGRAPH, "serve-read-only", "--location", str(work / "ox"),
                             "--bind", address, "--union-default-graph"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            get(address, "/query?query=ASK%7B%7D", "application/sparql-results+json")
            return proc, address
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("oxigraph serve did not start")


def get(address: str, path: str, accept: str, conn=None) -> tuple[int, bytes]:
    own = conn is None
    host, port = address.split(":")
    conn = conn or http.client.HTTPConnection(host, int(port), timeout=30)
    conn.request("GET", path, headers={"Accept": accept})
    response = conn.getresponse()
    body = response.read()
    if own:
        conn.close()
    return response.status, body


def _client(address, paths, accept, duration, max_requests, start_at, out):
    host, port = address.split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=60)
    while time.time() < start_at:
        time.sleep(0.001)
    import random

    latencies, errors, i = [], 0, 0
    uid = random.randrange(1 << 30)  # "{n}" in a path makes each request's query new
    stop = time.time() + duration
    while time.time() < stop and i < max_requests:
        path = paths[i % len(paths)].replace("%7Bn%7D", f"{uid}-{i}")
        began = time.perf_counter()
        try:
            conn.request("GET", path, headers={"Accept": accept})
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                errors += 1
        except OSError:
            errors += 1
            conn.close()
            conn = http.client.HTTPConnection(host, int(port), timeout=60)
        latencies.append(time.perf_counter() - began)
        i += 1
    out.append((latencies, errors))


def _proc(address, paths, accept, duration, max_requests, threads, start_at, queue):
    out: list = []
    workers = [threading.Thread(target=_client, args=(address, paths, accept, duration,
                                                      max_requests, start_at, out))
               for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    queue.put(out)


def load(address, paths, accept, args) -> dict:
    """Run the clients; return req/s, p50, p99 (ms) and errors."""
    queue: multiprocessing.Queue = multiprocessing.Queue()
    start_at = time.time() + 1.0
    per_proc = [args.clients // args.procs + (1 if i < args.clients % args.procs else 0)
                for i in range(args.procs)]
    procs = [multiprocessing.Process(target=_proc, args=(
        address, paths, accept, args.duration, args.max_requests, n, start_at, queue))
        for n in per_proc if n]
    for p in procs:
        p.start()
    results = [item for _ in procs for item in queue.get()]
    for p in procs:
        p.join()
    latencies = sorted(x for lat, _ in results for x in lat)
    errors = sum(e for _, e in results)
    return summary(latencies, errors, args.duration)


def summary(latencies, errors, seconds) -> dict:
    if not latencies:
        return {"requests": 0, "rps": 0.0, "p50": float("nan"), "p99": float("nan"),
                "errors": errors}
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    return {"requests": len(latencies), "rps": len(latencies) / seconds,
            "p50": statistics.median(latencies) * 1000, "p99": p99 * 1000, "errors": errors}


def entity_paths(address) -> list[str]:
    query = ("SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER(STRSTARTS(STR(?s), "
             "'https://w3id.org/conflict-kg/id/') && !CONTAINS(STR(?s), '/link/')) } ORDER BY ?s")
    _, body = get(address, "/sparql?" + urllib.parse.urlencode({"query": query}),
                  "application/sparql-results+json")
    return ["/id/" + b["s"]["value"].rsplit("/id/", 1)[1]
            for b in json.loads(body)["results"]["bindings"]]


def cold_pages(address, paths) -> dict:
    """The first request for each entity page on a fresh server, one at a time."""
    latencies, errors = [], 0
    began_all = time.perf_counter()
    for path in paths:
        began = time.perf_counter()
        status, _ = get(address, path, "text/html")
        latencies.append(time.perf_counter() - began)
        errors += status != 200
    return summary(sorted(latencies), errors, time.perf_counter() - began_all)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--procs", type=int, default=2, help="client processes")
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per scenario")
    parser.add_argument("--max-requests", type=int, default=50_000, help="per client")
    parser.add_argument("--kg-args", default="", help="extra options for kg serve, quoted")
    parser.add_argument("--sparql-only", action="store_true",
                        help="only the /sparql scenarios (no entity pages)")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        kg_proc, kg_addr = start_kg(args.kg_args.split())
        ox_proc, ox_addr = start_oxigraph(Path(tmp))
        try:
            time.sleep(3)  # let kg finish its background validation before measuring
            paths = entity_paths(kg_addr)
            if not args.sparql_only:
                rows.append(("kg serve", f"entity pages, cold (first hit, {len(paths)} pages, "
                             "1 client)", cold_pages(kg_addr, paths)))
            select = "/sparql?" + urllib.parse.urlencode({"query": SMALL_SELECT})
            oselect = "/query?" + urllib.parse.urlencode({"query": SMALL_SELECT})
            fresh = "/sparql?" + urllib.parse.urlencode({"query": SMALL_SELECT + " # {n}"})
            ofresh = "/query?" + urllib.parse.urlencode({"query": SMALL_SELECT + " # {n}"})
            describe = "/sparql?" + urllib.parse.urlencode({"query": DESCRIBE})
            odescribe = "/query?" + urllib.parse.urlencode({"query": DESCRIBE})
            json_type = "application/sparql-results+json"
            for name, address, path, accept in (
                    ("oxigraph serve", ox_addr, [ofresh], json_type),
                    ("kg serve", kg_addr, [fresh], json_type),
                    ("oxigraph serve", ox_addr, [oselect], json_type),
                    ("kg serve", kg_addr, [select], json_type),
                    ("oxigraph serve", ox_addr, [odescribe], "application/n-triples"),
                    ("kg serve", kg_addr, [describe], "application/n-triples")):
                text = urllib.parse.unquote_plus(path[0])
                what = "DESCRIBE kgr:Greece (repeated)" if "DESCRIBE" in text else \
                    "small SELECT, " + ("a new text each time" if "{n}" in text else "repeated")
                rows.append((name, f"{what} ({args.clients} clients)",
                             load(address, path, accept, args)))
            if not args.sparql_only:
                rows.append(("kg serve", f"entity pages, HTML ({args.clients} clients)",
                             load(kg_addr, paths, "text/html", args)))
                rows.append(("kg serve", f"entity pages, Turtle ({args.clients} clients)",
                             load(kg_addr, paths, "text/turtle", args)))
        finally:
            for proc in (kg_proc, ox_proc):
                proc.terminate()
                proc.wait(timeout=15)
    print("| server | scenario | requests | req/s | p50 ms | p99 ms | errors |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for name, scenario, r in rows:
        print(f"| {name} | {scenario} | {r['requests']:,} | {r['rps']:,.0f} | "
              f"{r['p50']:.1f} | {r['p99']:.1f} | {r['errors']} |")
    rates = {(name, scenario): r["rps"] for name, scenario, r in rows}
    for (name, scenario), rps in rates.items():
        theirs = rates.get(("oxigraph serve", scenario))
        if name == "kg serve" and theirs:
            print(f"kg serve / oxigraph serve, {scenario}: {rps / theirs:.0%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

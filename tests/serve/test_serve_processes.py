"""``kg serve --processes N``: more HTTP processes, connections handed round, one clean stop."""

from __future__ import annotations

import http.client
import json
import re
import signal
import urllib.parse
from pathlib import Path

from .conftest import KgServer, children, wait_for


def test_two_processes_share_the_connections_and_stop_together():
    server = KgServer("--processes", "2", "--workers", "1", "--log")
    try:
        assert "2 HTTP processes share the connections, each with its own 1 query worker\n" \
            in server.stderr
        main = server.process.pid
        siblings = children(main, b"kg.serve.siblings")
        assert len(siblings) == 1
        sibling = next(iter(siblings))
        workers = wait_for(lambda: (children(main, b"kg.serve.worker")
                                    | children(sibling, b"kg.serve.worker")))
        assert len(children(main, b"kg.serve.worker")) == 1  # each process its own workers
        assert len(children(sibling, b"kg.serve.worker")) == 1
        host, port = server.url.split("//", 1)[1].split(":")
        connections = [http.client.HTTPConnection(host, int(port), timeout=30) for _ in range(4)]
        for number, conn in enumerate(connections):
            for query in ("ASK { kgr:Greece ?p ?o }", "ASK { kgr:Greece ?p ?o FILTER(true) }"):
                # inline and through a worker, twice on each keep-alive connection
                for _ in range(2):
                    path = "/sparql?" + urllib.parse.urlencode({"query": f"{query} # {number}"})
                    conn.request("GET", path, headers={"Accept": "application/sparql-results+json"})
                    response = conn.getresponse()
                    assert response.status == 200
                    assert json.loads(response.read())["boolean"] is True
            conn.request("GET", "/id/Greece", headers={"Accept": "text/html"})
            response = conn.getresponse()
            assert response.status == 200 and b"Greece" in response.read()
        for conn in connections:
            conn.close()
        # connections go to each process in turn: both answered, each on its own connections
        answered = wait_for(lambda: len(set(re.findall(r"kg serve\[(\d+)\]: 127\.0\.0\.1 \"GET /id/"
                                                       r"Greece", server.stderr))) == 2 and 1)
        assert answered
        pids = {int(p) for p in re.findall(r"kg serve\[(\d+)\]: ", server.stderr)}
        assert pids == {main, sibling}
    finally:
        assert server.stop(signal.SIGTERM) == 0
    assert "kg serve: stopped" in server.stderr
    for pid in (sibling, *workers):
        assert wait_for(lambda pid=pid: gone(pid))


def gone(pid: int) -> bool:
    """Ended (a zombie waiting for its parent counts: it runs no more)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True

"""Server fixtures: a real ``kg serve`` process on a free loopback port (port 0, read back from
the start-up line), talked to over HTTP."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import kg_executable

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"


def children(pid: int, marker: bytes) -> set[int]:
    """The processes whose parent is ``pid`` and whose command line holds ``marker`` (/proc)."""
    found = set()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid and marker in cmdline:
            found.add(int(entry))
    return found


class KgServer:
    """A running ``kg serve``: its base URL, its process and everything it wrote on stderr."""

    def __init__(self, *args: str):
        self.args = args
        self.process = subprocess.Popen(
            [kg_executable(), "serve", "--bind", "127.0.0.1:0", *args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.lines: list[str] = []
        self.url = ""
        ready = threading.Event()

        def drain():
            for line in self.process.stderr:
                self.lines.append(line)
                found = re.search(r"read-only, at (http://\S+/)", line)
                if found:
                    self.url = found.group(1).rstrip("/")
                if "Ctrl-C stops the server" in line:
                    ready.set()
            ready.set()

        threading.Thread(target=drain, daemon=True).start()
        if not ready.wait(60) or not self.url:
            self.process.kill()
            raise RuntimeError("kg serve did not start: " + "".join(self.lines))

    @property
    def stderr(self) -> str:
        return "".join(self.lines)

    def get(self, path: str, headers: dict[str, str] | None = None, method: str = "GET",
            data: bytes | None = None, timeout: float = 30):
        """(status, headers, body) of one request; HTTP errors are answers too."""
        request = urllib.request.Request(self.url + path, data=data, method=method,
                                         headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.headers, exc.read()

    def worker_pids(self) -> set[int]:
        """The query worker processes the server runs now (its children, from /proc)."""
        return children(self.process.pid, b"kg.serve.worker")

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 15) -> int:
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory) -> Path:
    """Where the browser tests save their screenshots: $KG_SCREENSHOTS (the README's come from
    ``KG_SCREENSHOTS=.readme``), else a temporary folder."""
    chosen = os.environ.get("KG_SCREENSHOTS")
    folder = Path(chosen) if chosen else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def kg_server():
    """The bundled graph plus a fixture with hostile labels; small limits so the tests can
    reach them: 2 s per query, 50 rows, 4 KB bodies."""
    server = KgServer("--data", str(DATA / "hostile.ttl"), "--with-bundled", "--timeout", "2",
                      "--max-rows", "50", "--max-body", "4096")
    yield server
    server.stop()


def wait_for(check, timeout: float = 30.0, step: float = 0.1):
    """Poll ``check()`` until it returns something true (the validation runs in the background)."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(step)


def bundled_count(graph: str | None = None) -> int:
    """Triples of the bundled graph (all graphs, or one by its short name), as kg holds them."""
    from kg import namespaces as ns
    from kg.store.store import Store

    store = Store.bundled()
    if graph is None:
        return len(store)
    return store.count(getattr(ns, f"GRAPH_{graph.upper()}"))

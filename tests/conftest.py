"""Shared fixtures: a real ``oxigraph serve`` on 127.0.0.1, and running the installed ``kg``."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
TEST_DATA = Path(__file__).resolve().parent / "data"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def installed_command(name: str, missing: str) -> str:
    """The console script ``name`` next to this Python, or on PATH; the test fails with
    ``missing`` when neither has it."""
    beside = Path(sys.executable).with_name(name)
    found = str(beside) if beside.exists() else shutil.which(name)
    if not found:
        pytest.fail(missing)
    return found


def oxigraph_executable() -> str:
    """The ``oxigraph`` CLI installed with the test extras (next to this Python, or on PATH)."""
    return installed_command("oxigraph",
                             "the oxigraph CLI is missing: pip install -e '.[test]' installs it")


@dataclass
class OxigraphServer:
    """A running ``oxigraph serve``: SPARQL query, update and Graph Store endpoints on loopback."""

    base_url: str
    process: subprocess.Popen

    @property
    def query_url(self) -> str:
        return self.base_url + "/query"

    @property
    def update_url(self) -> str:
        return self.base_url + "/update"

    @property
    def store_url(self) -> str:
        return self.base_url + "/store"

    def load(self, path: Path | str, content_type: str, graph: str | None = None) -> None:
        """Add a file to the server through the Graph Store Protocol (POST)."""
        url = self.store_url + (f"?graph={graph}" if graph else "?default")
        request = urllib.request.Request(url, data=Path(path).read_bytes(), method="POST",
                                         headers={"Content-Type": content_type})
        with urllib.request.urlopen(request, timeout=30):
            pass

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()

    def clear(self) -> None:
        request = urllib.request.Request(self.update_url, data=b"CLEAR ALL", method="POST",
                                         headers={"Content-Type": "application/sparql-update"})
        with urllib.request.urlopen(request, timeout=30):
            pass


def start_oxigraph(tmp_dir: Path, extra_args: tuple[str, ...] = ()) -> OxigraphServer:
    port = free_port()
    process = subprocess.Popen(
        [oxigraph_executable(), "serve", "--location", str(tmp_dir), "--bind",
         f"127.0.0.1:{port}", *extra_args],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"oxigraph serve exited: {process.stderr.read().decode()}")
        try:
            with urllib.request.urlopen(base + "/query?query=ASK%7B%7D", timeout=1):
                return OxigraphServer(base, process)
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.05)
    process.kill()
    raise RuntimeError("oxigraph serve did not start within 30 s")


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory) -> OxigraphServer:
    """One empty ``oxigraph serve`` for the session; tests that load data clear it first."""
    server = start_oxigraph(tmp_path_factory.mktemp("oxigraph"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def wikidata_server(tmp_path_factory) -> OxigraphServer:
    """An ``oxigraph serve`` of its own holding only the Wikidata-format test fixture (read-only
    use: tests must not write to it)."""
    server = start_oxigraph(tmp_path_factory.mktemp("wikidata-fixture"))
    server.load(TEST_DATA / "wikidata" / "fixture.ttl", "text/turtle")
    yield server
    server.stop()


def kg_executable() -> str:
    """The installed ``kg`` console script (packaging tests run it as a subprocess)."""
    return installed_command("kg", "the kg command is not installed: pip install -e '.[test]'")


@pytest.fixture
def run_kg():
    """Run the installed ``kg`` as a subprocess: ``run_kg("query", "timeline", input=b"...")``."""

    def run(*args: str, input: bytes | None = None, timeout: float = 120, cwd=None):
        return subprocess.run([kg_executable(), *args], input=input, capture_output=True,
                              timeout=timeout, cwd=cwd)

    return run


@pytest.fixture
def wikidata_writable(tmp_path) -> OxigraphServer:
    """An ``oxigraph serve`` of its own holding the Wikidata-format fixture, which the test may
    change (apply proposed edits to it, as Wikidata would)."""
    server = start_oxigraph(tmp_path / "wikidata-writable")
    server.load(TEST_DATA / "wikidata" / "fixture.ttl", "text/turtle")
    yield server
    server.stop()

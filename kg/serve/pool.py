"""A pool of query worker processes with a deadline per query that really stops the query.

Each request takes an idle worker, sends it the query and waits for the answer until the
deadline. A worker that misses it is killed (SIGKILL: a query inside pyoxigraph cannot be
interrupted any other way) and a fresh one is started in the background, so the server keeps
answering the other requests all along.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import select
import subprocess
import sys
import threading
import time


class QueryTimeout(Exception):
    """The query ran past its deadline and its worker was stopped."""


class Busy(QueryTimeout):
    """Every worker stayed busy until the deadline: the query never started."""


class WorkerFailed(Exception):
    """A worker died or could not start."""


class Worker:
    """One ``python -m kg.serve.worker`` process, talked to over its stdin and stdout."""

    def __init__(self, config: dict, start_timeout: float = 120.0):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "kg.serve.worker", json.dumps(config)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0)
        ready = self._read_header(time.monotonic() + start_timeout)
        if not ready.get("ready"):
            self.kill()
            raise WorkerFailed(ready.get("message") or "the query worker could not start")

    def _read_header(self, deadline: float) -> dict:
        """The JSON line that starts an answer; bytes read past it are the body's start."""
        data = bytearray()
        fd = self.proc.stdout.fileno()
        while b"\n" not in data:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                raise QueryTimeout()
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                raise WorkerFailed("the query worker stopped")
            data += chunk
        head, _, self._rest = bytes(data).partition(b"\n")
        return json.loads(head)

    def _read_body(self, length: int, deadline: float) -> bytes:
        body = bytearray(self._rest)
        fd = self.proc.stdout.fileno()
        while len(body) < length:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                raise QueryTimeout()
            chunk = os.read(fd, min(1 << 20, length - len(body)))
            if not chunk:
                raise WorkerFailed("the query worker stopped")
            body += chunk
        self._rest = b""
        return bytes(body)

    def ask(self, request: dict, deadline: float) -> tuple[dict, bytes]:
        """Send one request and wait for its answer until ``deadline`` (time.monotonic())."""
        view = memoryview(json.dumps(request).encode() + b"\n")
        try:
            while view:  # a raw pipe may take part of a long query at a time
                view = view[os.write(self.proc.stdin.fileno(), view):]
        except OSError:
            raise WorkerFailed("the query worker stopped") from None
        header = self._read_header(deadline)
        return header, self._read_body(int(header.get("length", 0)), deadline)

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        for stream in (self.proc.stdin, self.proc.stdout):
            with contextlib.suppress(OSError):
                stream.close()

    def close(self) -> None:
        """Let the worker end by itself (stdin closed), then make sure it has."""
        try:
            self.proc.stdin.close()
            self.proc.wait(timeout=2)
        except (OSError, subprocess.TimeoutExpired):
            pass
        self.kill()


class Pool:
    """``size`` workers; :meth:`run` gives a query to an idle one, with a deadline."""

    def __init__(self, config: dict, size: int = 2):
        self.config = config
        self.size = size
        self.idle: queue.Queue[Worker] = queue.Queue()
        self._all: set[Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self._starting: list[threading.Thread] = []
        first = Worker(config)  # fail early and clearly if the dataset cannot be opened
        self._add(first)
        for _ in range(size - 1):
            self._spawn_later()

    def _add(self, worker: Worker) -> None:
        with self._lock:
            if self._closed:
                worker.close()
                return
            self._all.add(worker)
        self.idle.put(worker)

    def _spawn_later(self) -> None:
        def spawn():
            with contextlib.suppress(WorkerFailed, QueryTimeout, OSError):
                self._add(Worker(self.config))
        thread = threading.Thread(target=spawn, daemon=True, name="kg-worker-start")
        with self._lock:
            self._starting = [t for t in self._starting if t.is_alive()] + [thread]
        thread.start()

    def _retire(self, worker: Worker) -> None:
        worker.kill()
        with self._lock:
            self._all.discard(worker)
            closed = self._closed
        if not closed:
            self._spawn_later()

    def run(self, request: dict, timeout: float) -> tuple[dict, bytes]:
        """Answer ``request`` within ``timeout`` seconds (waiting for a worker included).

        :raises QueryTimeout: the deadline passed; the worker running the query was killed.
        :raises WorkerFailed: the worker died while answering.
        """
        deadline = time.monotonic() + timeout
        try:
            worker = self.idle.get(timeout=max(0.0, timeout))
        except queue.Empty:
            raise Busy() from None
        try:
            answer = worker.ask(request, deadline)
        except (QueryTimeout, WorkerFailed):
            self._retire(worker)
            raise
        except BaseException:
            self._retire(worker)
            raise
        self.idle.put(worker)
        return answer

    def close(self) -> None:
        with self._lock:
            self._closed = True
            starting = list(self._starting)
        for thread in starting:  # a worker still loading is closed as soon as it is ready
            thread.join(timeout=30)
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.close()

"""The server's settings and shared state: the dataset, the query runner, the page helpers."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from .. import namespaces as ns
from .cache import LruCache
from .paths import PathMap

DEFAULT_PORT = 8000


@dataclass(frozen=True)
class Settings:
    """Everything ``kg serve`` was told; the limits have safe defaults (Datasette's habit)."""

    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    base_url: str | None = None
    data: tuple[str, ...] = ()
    data_format: str | None = None
    with_bundled: bool = False
    store: str | None = None
    endpoint: str | None = None
    timeout: float = 10.0           # seconds per query
    max_rows: int = 10_000          # result rows (or triples) per answer
    max_body: int = 1_000_000       # bytes of a request body
    max_connections: int = 256      # open connections (one thread each)
    allow_service: tuple[str, ...] = ()
    cors: bool = False
    workers: int = 2
    processes: int = 1              # HTTP processes on the port (SO_REUSEPORT), each with workers
    log: bool = False
    cache_mb: int = 64              # answers kept for repeat queries (0: none)
    namespace: str = ns.BASE

    def worker_config(self) -> dict:
        return {"data": list(self.data), "data_format": self.data_format,
                "with_bundled": self.with_bundled, "store": self.store}

    def describe_source(self) -> str:
        if self.endpoint:
            return f"the SPARQL endpoint {self.endpoint}"
        if self.store:
            return f"the store {self.store}"
        if self.data:
            extra = " and the bundled graph" if self.with_bundled else ""
            return ", ".join(self.data) + extra
        return "the bundled graph"


class _Forgetful(dict):
    """A cache that keeps nothing (over an external store, which ``kg push`` may change)."""

    def __setitem__(self, key, value) -> None:
        pass


class Context:
    """Built once at start: the dataset for pages, the query runner, templates, caches."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.paths = PathMap(settings.namespace, settings.base_url)
        self.pool = None
        self.planner = None
        self._warnings = None
        self._warnings_lock = threading.Lock()
        # views built once (home, ontology, links, examples); an external store may change
        self.cache: dict = _Forgetful() if settings.endpoint else {}
        # /sparql answers by query text, format and dataset (QLever's habit: read-only data gives
        # the same answer every time): a hit skips parsing, checks and the worker round trip
        self.answers = LruCache(max_bytes=settings.cache_mb * 1_000_000, max_entry=1_000_000,
                                size_of=lambda key, answer: len(answer.body) + len(key[0]))
        self.cache_lock = threading.Lock()
        if settings.endpoint:
            from .remote import RemoteStore

            self.store = RemoteStore(settings.endpoint, timeout=settings.timeout)
        else:
            from ..query.run import open_dataset

            self.store = open_dataset(settings.data, settings.data_format,
                                      settings.with_bundled, settings.store)
            from .pool import Pool

            self.pool = Pool(settings.worker_config(), size=max(1, settings.workers))
            from .inline import Planner

            self.planner = Planner(self.store.engine)
        from .html import Templates

        self.templates = Templates(self)

    def run(self, request: dict, timeout: float | None = None) -> tuple[dict, bytes]:
        """Run a user's query (already checked) within ``timeout`` (default ``--timeout``)."""
        seconds = self.settings.timeout if timeout is None else timeout
        if self.pool is not None:
            return self.pool.run(request, seconds)
        return self.store.run_request(request, seconds)

    def inline_bound(self, toks, seconds: float, default_graphs=(), named_graphs=()) -> int | None:
        """The proven bound on a query's work if it may run in the server's own thread (over
        the whole dataset, with a deadline of at least a second), else None: a worker runs it."""
        from .inline import MIN_DEADLINE

        if self.planner is None or default_graphs or named_graphs or seconds < MIN_DEADLINE:
            return None
        return self.planner.work_bound(toks)

    def cacheable(self, query: str) -> bool:
        """Can the answer to ``query`` be kept? Not for SERVICE (its answers come from
        elsewhere) nor over an external store (``kg push`` may change it)."""
        return self.pool is not None and "SERVICE" not in query.upper()

    def triple_count(self) -> int | None:
        try:
            return len(self.store)
        except TypeError:
            return None

    def start_warnings(self) -> None:
        """Validate in the background, so the first pages need not wait for it."""
        threading.Thread(target=self._compute_warnings, daemon=True,
                         name="kg-validate").start()

    def _compute_warnings(self) -> None:
        from .warnings import Warnings, compute

        try:
            result = compute(self.store)
        except Exception as exc:  # never let a validation problem stop the pages
            result = Warnings(note=f"validation could not run: {exc}")
        with self._warnings_lock:
            self._warnings = result

    def warnings_now(self):
        """The validation results if ready, else an empty set that says it is still running."""
        from .warnings import Warnings

        with self._warnings_lock:
            if self._warnings is not None:
                return self._warnings
        return Warnings(note="validation is still running: reload the page in a moment to see "
                        "its results", ready=False)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()

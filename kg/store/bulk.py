"""Bulk-load RDF files into a persistent on-disk store, fast, with progress, never half-loaded.

``kg load`` is a thin wrapper around :func:`load_into_store`. Loading uses pyoxigraph's bulk
loader (about twice as fast as transactional inserts on disk), reading each file through a small
counting reader so a caller can show progress (bytes read of the file's size, and triples for the
line-based formats, counted as newlines) without slowing the Rust parser down.

The bulk loader is not transactional, so atomicity is arranged around it:

* a **new** store is built in a temporary folder next to the target and renamed into place only
  when every file has loaded; on any error the temporary folder is removed and nothing is left;
* an **existing** store is first checked by parsing every file once (a syntax error stops before
  anything is written), then loaded. Only an I/O failure during that second pass (disk full)
  could leave part of a file behind.
"""

from __future__ import annotations

import contextlib
import gc
import io
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ..errors import InputError, KgError, UsageError
from . import disk, guard
from .formats import RdfFormatInfo, file_base, guess_format, parse_error, skip_bom, strip_bom
from .lexical import rewritten_in_file

LINE_FORMATS = ("n-triples", "n-quads")


@dataclass(frozen=True)
class SourceFile:
    """One file to load or push: ``path`` (``-`` for stdin), its format and the named graph for
    its triples (None: the default graph)."""

    path: str
    format: RdfFormatInfo
    graph: str | None = None
    base: str | None = None  # relative IRIs resolve against it (default: the file's file: URI)

    @property
    def base_iri(self) -> str | None:
        """The IRI the file's relative IRIs resolve against."""
        return self.base or file_base(self.path)


@dataclass
class Progress:
    """Where a load is: passed to the ``progress`` callback a few times a second."""

    source: str
    file_index: int          # 1-based
    file_count: int
    bytes_read: int
    bytes_total: int | None  # None for stdin
    triples: int | None      # statements read so far in this run, for N-Triples/N-Quads only
    elapsed: float
    phase: str = "load"      # "check" (syntax pass), "load" (reading), "index" (file read, sorting)


@dataclass
class LoadReport:
    """What a load did."""

    store: Path
    created: bool                      # the store did not exist before
    files: list[tuple[str, int]] = field(default_factory=list)  # (source, quads added)
    added: int = 0                     # quads added (duplicates of existing quads not counted)
    total: int = 0                     # quads in the store afterwards
    seconds: float = 0.0
    # per file: the literals the store holds in another form (None: too large to look through)
    rewritten: dict[str, dict | None] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return self.added / self.seconds if self.seconds > 0 else 0.0


def sources_for(paths: Iterable[str], format: str | None = None, graph: str | None = None,
                bundled: bool = False, base: str | None = None) -> list[SourceFile]:
    """Resolve the command line's files (and ``--bundled``) to :class:`SourceFile` items.

    >>> [s.format.name for s in sources_for(["a.ttl", "b.nq"])]
    ['turtle', 'n-quads']
    """
    sources: list[SourceFile] = []
    if bundled:
        from .store import bundled_files

        sources += [SourceFile(str(p), guess_format(p), g) for p, g in bundled_files()]
    for path in paths:
        sources.append(SourceFile(str(path), guess_format(path, format), graph, base))
    return sources


class _CountingReader:
    """A binary file wrapper that counts bytes and newlines and reports progress, throttled."""

    def __init__(self, handle, on_read: Callable[[int, int, bool], None], count_lines: bool):
        self._handle = handle
        self._on_read = on_read
        self._count_lines = count_lines
        self.bytes = 0
        self.lines = 0

    def read(self, size: int = -1) -> bytes:
        chunk = self._handle.read(size)
        self.bytes += len(chunk)
        if self._count_lines:
            self.lines += chunk.count(b"\n")
        self._on_read(self.bytes, self.lines, not chunk)
        return chunk

    # pyoxigraph may probe these on a file-like object
    def readable(self) -> bool:
        return True


# Formats whose parser can be exhausted by a small file (entity bombs, deep JSON): checked first.
GUARDED_FORMATS = ("json-ld", "xml")


def _open_input(source: SourceFile):
    """The source as a binary reader past any UTF-8 BOM, and its size (None for stdin)."""
    guarded = source.format.name in GUARDED_FORMATS
    if source.path == "-":
        if guarded:  # the check needs the whole text: these formats are never streamed anyway
            data = sys.stdin.buffer.read()
            guard.check_bytes(data, source.format.name, "-")
            return io.BufferedReader(io.BytesIO(strip_bom(data))), None
        skip_bom(sys.stdin.buffer)
        return contextlib.nullcontext(sys.stdin.buffer), None
    try:
        if guarded:
            guard.check_file(source.path, source.format.name)
        handle = open(source.path, "rb")  # noqa: SIM115 - closed by the caller's with block
        size = os.fstat(handle.fileno()).st_size
        skip_bom(handle)
    except OSError as exc:
        raise InputError(exc.strerror or str(exc), source=source.path) from None
    return handle, size


def _target_graph(source: SourceFile) -> ox.NamedNode | None:
    return ox.NamedNode(source.graph) if source.graph and not source.format.has_datasets else None


def _run_file(store: ox.Store | None, source: SourceFile, index: int, count: int,
              started: float, lines_before: int, phase: str,
              progress: Callable[[Progress], None] | None) -> int:
    """Parse (``store`` None) or bulk-load one file; returns the newlines it had (line formats)."""
    handle, size = _open_input(source)
    last = [0.0]
    line_format = source.format.name in LINE_FORMATS

    def on_read(bytes_read: int, lines: int, at_end: bool) -> None:
        now = time.monotonic()
        if progress is not None and (at_end or now - last[0] >= 0.2):
            last[0] = now
            # after the last byte the bulk loader still sorts and writes its index
            progress(Progress(source.path, index, count, bytes_read, size,
                              lines_before + lines if line_format else None,
                              time.perf_counter() - started,
                              "index" if at_end and phase == "load" else phase))

    with handle as raw:
        reader = _CountingReader(raw, on_read, line_format)
        try:
            if store is None:
                for _ in ox.parse(reader, format=source.format.oxigraph, base_iri=source.base_iri):
                    pass
            else:
                store.bulk_load(reader, format=source.format.oxigraph,
                                to_graph=_target_graph(source), base_iri=source.base_iri)
        except (SyntaxError, ValueError, MemoryError) as exc:
            raise parse_error(exc, source.path) from None
        except OSError as exc:
            raise KgError(f"{source.path}: {exc.strerror or str(exc).splitlines()[0]}") from None
    return reader.lines


def _is_new(store_dir: Path) -> bool:
    """True for a missing or empty folder; a folder holding something else is refused."""
    if not store_dir.exists():
        return True
    if not store_dir.is_dir():
        raise UsageError(f"{store_dir}: --store must be a folder (an Oxigraph store), not a file.")
    if not any(store_dir.iterdir()):
        return True
    if not disk.is_store(store_dir):
        raise InputError("this folder is not an Oxigraph store (it has no CURRENT file) and "
                         "is not empty; give --store a new or empty folder, or one made by "
                         "kg load", source=str(store_dir))
    return False


def open_store(store_dir: str | os.PathLike) -> ox.Store:
    """Open an existing store for writing; a locked or damaged store is a one-line error."""
    return disk.open_disk(store_dir)


def load_into_store(sources: list[SourceFile], store_dir: str | os.PathLike,
                    progress: Callable[[Progress], None] | None = None) -> LoadReport:
    """Bulk-load ``sources`` into the Oxigraph store at ``store_dir`` (created if missing).

    :param sources: files to load, see :func:`sources_for`.
    :param store_dir: folder of the on-disk store; a new one is built aside and renamed in.
    :param progress: called with a :class:`Progress` a few times a second.
    :returns: a :class:`LoadReport`.
    :raises InputError: a file is unreadable or has a syntax error (``file:line:col``); the store
        is left as it was.
    """
    target = Path(store_dir)
    _is_new(target)  # a file, or a folder that is not a store: refused before anything is made
    parent = target.parent if str(target.parent) else Path(".")
    parent.mkdir(parents=True, exist_ok=True)
    with disk.writer_lock(target), disk.sigterm_raises():
        return _load_locked(sources, target, parent, progress)


def _load_locked(sources: list[SourceFile], target: Path, parent: Path,
                 progress: Callable[[Progress], None] | None) -> LoadReport:
    created = _is_new(target)
    started = time.perf_counter()
    report = LoadReport(store=target, created=created)
    if created:
        work = Path(tempfile.mkdtemp(prefix=f".{target.name}.loading-", dir=parent))
        try:
            store = ox.Store(str(work))
            _load_all(store, sources, report, started, progress)
            store.flush()
            del store
            gc.collect()  # drop the RocksDB handle before the rename
            if target.exists():
                target.rmdir()  # it was empty
            os.replace(work, target)
        except BaseException as exc:
            with contextlib.suppress(NameError):
                del store
            gc.collect()
            shutil.rmtree(work, ignore_errors=True)
            if isinstance(exc, disk.Terminated):
                raise disk.Terminated(f"{target}: terminated (SIGTERM) before the new store was "
                                      "complete; nothing was written") from None
            raise
    else:
        if any(s.path == "-" for s in sources):
            raise UsageError("Loading stdin into an existing store is not supported "
                             "(it cannot be checked before loading): save it to a file first.")
        lines = 0
        for index, source in enumerate(sources, start=1):  # syntax pass: nothing written yet
            lines += _run_file(None, source, index, len(sources), started, lines, "check",
                               progress)
        store = open_store(target)
        before = len(store)
        try:
            _load_all(store, sources, report, started, progress)
            store.flush()
        except (KeyboardInterrupt, disk.Terminated) as exc:
            raise _interrupted(target, len(store) - before, exc) from None
        finally:
            del store
            gc.collect()
    report.seconds = time.perf_counter() - started
    return report


def _interrupted(target: Path, added: int, exc: BaseException) -> KgError:
    """Say what an interrupted load into an existing store left: the bulk loader is not
    transactional, but loading is idempotent (a store holds each quad once)."""
    what = "terminated (SIGTERM)" if isinstance(exc, disk.Terminated) else "interrupted"
    if added == 0:
        error = KgError(f"{target}: {what} before anything was added; the store is unchanged")
    else:
        error = KgError(f"{target}: {what} after {added:,} quads were added, so the store holds "
                        "part of the files; run the same kg load again to finish (a store keeps "
                        "each quad once)")
    error.exit_code = 143 if isinstance(exc, disk.Terminated) else 130
    return error


def _rewritten(source: SourceFile) -> dict | None:
    """The literals of a loaded file that the store holds in another form (None: unknown)."""
    try:
        return rewritten_in_file(source.path, source.format, source.base_iri)
    except (OSError, SyntaxError, ValueError, MemoryError):
        return None


def _load_all(store: ox.Store, sources: list[SourceFile], report: LoadReport, started: float,
              progress: Callable[[Progress], None] | None) -> None:
    lines = 0
    before = len(store)
    for index, source in enumerate(sources, start=1):
        lines += _run_file(store, source, index, len(sources), started, lines, "load", progress)
        if source.path != "-":
            report.rewritten[source.path] = _rewritten(source)
        after = len(store)
        report.files.append((source.path, after - before))
        before = after
    report.added = sum(n for _, n in report.files)
    report.total = before

"""Push RDF into any SPARQL 1.1 store, in batches that can be resumed and never duplicate data.

Two ways in, chosen with ``method``:

* ``gsp``: the SPARQL 1.1 Graph Store HTTP Protocol, ``POST`` of N-Triples to
  ``GSP_URL?graph=IRI`` (or ``?default``) for each batch (section 5.5: POST merges into the graph);
* ``update``: SPARQL 1.1 Update ``INSERT DATA`` (section 3.1.1), for stores that offer nothing else.

Both are idempotent because RDF graphs are sets: sending a batch twice adds nothing the second
time, *provided the batch holds no blank nodes* (a blank node sent twice is two different nodes).
So blank nodes are skolemized first (RDF 1.1 Concepts, section 3.5): each becomes an IRI under
``skolem_base`` (``.../.well-known/genid/``) built from the SHA-256 of its file's content, the
file's place in the list and the blank node's order of appearance, so the same input always gives
the same IRIs, run after run.

Every file is parsed once before anything is sent (a syntax error stops the push before it
starts, and the total is known for the progress bar), then streamed in batches of at most
``batch_size`` triples of one graph. After each batch lands, a small JSON state file records it;
``resume=True`` skips the batches recorded there, provided the input, the target and the batch
size are unchanged (a fingerprint checks it). The state file is removed when the push completes.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ..atomic import atomic_write
from ..errors import EndpointError, InputError, UsageError
from .bulk import SourceFile
from .formats import guess_format
from .push_send import clear_graph, send_batch

DEFAULT_SKOLEM_BASE = "https://w3id.org/conflict-kg/.well-known/genid/"
DEFAULT_BATCH_SIZE = 10_000
DEFAULT_STATE_FILE = ".kg-push-state.json"
STATE_VERSION = 1


@dataclass(frozen=True)
class Target:
    """Where to send: the Graph Store URL, the Update URL, and which of the two to use."""

    method: str             # "gsp" or "update"
    gsp_url: str | None
    update_url: str | None
    timeout: float = 60.0
    user: str | None = None        # HTTP Basic or Digest authentication (Virtuoso's -auth URLs)
    password: str | None = None

    @property
    def url(self) -> str:
        return (self.gsp_url if self.method == "gsp" else self.update_url) or ""


def target_for(endpoint: str | None, method: str = "gsp", gsp_url: str | None = None,
               update_url: str | None = None, timeout: float = 60.0,
               user: str | None = None, password: str | None = None) -> Target:
    """Work out the URLs: explicit ``gsp_url``/``update_url`` win; else Oxigraph's layout.

    ``endpoint`` is the server's base URL; a trailing ``/query`` or ``/sparql`` (a query URL, as
    ``kg query --endpoint`` takes) is dropped first.

    >>> t = target_for("http://localhost:7878/query")
    >>> t.gsp_url, t.update_url
    ('http://localhost:7878/store', 'http://localhost:7878/update')
    >>> target_for(None, "update", update_url="http://h:3030/ds/update").url
    'http://h:3030/ds/update'
    """
    if method not in ("gsp", "update"):
        raise UsageError(f"--method must be gsp or update, not {method!r}.")
    base = None
    if endpoint:
        base = endpoint.rstrip("/")
        for suffix in ("/query", "/sparql"):
            if base.endswith(suffix):
                base = base[: -len(suffix)]
                break
    gsp = gsp_url or (base + "/store" if base else None)
    update = update_url or (base + "/update" if base else None)
    from ..http.client import check_url

    for name, url in (("--endpoint", endpoint), ("--gsp-url", gsp_url),
                      ("--update-url", update_url)):
        if url:
            check_url(url, name)
    target = Target(method, gsp, update, timeout, user, password)
    if not target.url:
        needed = "--gsp-url" if method == "gsp" else "--update-url"
        raise UsageError(f"Give --endpoint URL (the store's base URL) or {needed}.")
    return target


def sources_for(paths: list[str], format: str | None = None, graph: str | None = None,
                base: str | None = None) -> list[SourceFile]:
    """The user's files, or (none given) the bundled files, each in its named graph; ``base``
    (the user's files only) is the IRI their relative IRIs resolve against."""
    if not paths:
        from .store import bundled_files

        return [SourceFile(str(p), guess_format(p), g) for p, g in bundled_files()]
    if "-" in paths:
        raise UsageError("kg push reads files, not stdin (a resumable push must read its input "
                         "again): save the data to a file first.")
    return [SourceFile(str(p), guess_format(p, format), graph, base) for p in paths]


# -- reading and skolemizing ----------------------------------------------------------------------

def _digest(path: str) -> str:
    h = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                h.update(chunk)
    except OSError as exc:
        raise InputError(exc.strerror or str(exc), source=path) from None
    return h.hexdigest()


class Skolemizer:
    """Replace blank nodes by stable IRIs: ``{base}{file digest[:16]}-{index}-{n}``.

    >>> s = Skolemizer("https://example.org/.well-known/genid/", "ab" * 32, 1)
    >>> s.term(ox.BlankNode("x")).value, s.term(ox.BlankNode("y")).value
    ('https://example.org/.well-known/genid/abababababababab-1-1', 'https://example.org/.well-known/genid/abababababababab-1-2')
    >>> s.term(ox.BlankNode("x")).value
    'https://example.org/.well-known/genid/abababababababab-1-1'
    """

    def __init__(self, base: str, digest: str, index: int):
        self.prefix = f"{base}{digest[:16]}-{index}-"
        self.ids: dict[str, ox.NamedNode] = {}

    def term(self, term):
        if isinstance(term, ox.BlankNode):
            node = self.ids.get(term.value)
            if node is None:
                node = ox.NamedNode(f"{self.prefix}{len(self.ids) + 1}")
                self.ids[term.value] = node
            return node
        return term


@dataclass
class Batch:
    index: int              # 1-based, over the whole push
    graph: str | None       # None: the default graph
    triples: list[ox.Triple]


def _quads(source: SourceFile) -> Iterator[ox.Quad]:
    from . import guard
    from .formats import parse_error, skip_bom

    try:
        guard.check_file(source.path, source.format.name)
        with open(source.path, "rb") as handle:
            skip_bom(handle)
            yield from ox.parse(handle, format=source.format.oxigraph,
                                base_iri=source.base_iri)
    except OSError as exc:
        raise InputError(exc.strerror or str(exc), source=source.path) from None
    except (SyntaxError, ValueError, MemoryError) as exc:
        raise parse_error(exc, source.path) from None


def _graph_of(quad: ox.Quad, source: SourceFile) -> str | None:
    if isinstance(quad.graph_name, ox.DefaultGraph):
        return None if source.format.has_datasets else source.graph
    if isinstance(quad.graph_name, ox.NamedNode):
        return quad.graph_name.value
    raise InputError("a blank-node graph name cannot be pushed to a graph store",
                     source=source.path)


def batches(sources: list[SourceFile], digests: list[str], batch_size: int,
            skolem_base: str) -> Iterator[Batch]:
    """Cut the input into batches of at most ``batch_size`` triples of one graph, in file order."""
    index = 0
    for position, (source, digest) in enumerate(zip(sources, digests, strict=True), start=1):
        skolem = Skolemizer(skolem_base, digest, position)
        current: list[ox.Triple] = []
        graph: str | None = None
        for quad in _quads(source):
            g = _graph_of(quad, source)
            if current and (g != graph or len(current) >= batch_size):
                index += 1
                yield Batch(index, graph, current)
                current = []
            graph = g
            s, o = quad.subject, quad.object
            if isinstance(s, ox.BlankNode) or isinstance(o, ox.BlankNode):
                s, o = skolem.term(s), skolem.term(o)
            current.append(ox.Triple(s, quad.predicate, o))
        if current:
            index += 1
            yield Batch(index, graph, current)


# -- sending --------------------------------------------------------------------------------------

# -- the push -------------------------------------------------------------------------------------

@dataclass
class PushProgress:
    batches_done: int
    batches_total: int
    triples_done: int
    triples_total: int
    elapsed: float
    skipped: int = 0        # batches skipped because the state file says they landed


@dataclass
class PushReport:
    target: str
    method: str
    batches: int = 0
    sent: int = 0            # batches sent in this run
    skipped: int = 0         # batches skipped (already landed, --resume)
    triples: int = 0         # triples in the input
    triples_sent: int = 0
    skolemized: int = 0      # blank nodes replaced by IRIs
    graphs: list[str | None] = field(default_factory=list)
    seconds: float = 0.0


class PushFailed(EndpointError):
    """A batch did not land: the message says how far the push got and how to resume."""


def _fingerprint(target: Target, sources: list[SourceFile], digests: list[str],
                 batch_size: int, skolem_base: str, replace: bool) -> str:
    h = hashlib.sha256()
    parts = [target.method, target.url, str(batch_size), skolem_base, str(replace)]
    for source, digest in zip(sources, digests, strict=True):
        parts += [source.path, source.format.name, source.graph or "", digest]
        if source.base:  # the same bytes under another base are other triples
            parts.append("base=" + source.base)
    h.update("\0".join(parts).encode())
    return h.hexdigest()


def _read_state(path: Path) -> dict | None:
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise InputError(f"unreadable push state ({exc}); delete it to start over",
                         source=str(path)) from None
    return state if isinstance(state, dict) and state.get("version") == STATE_VERSION else None


def _write_state(path: Path, state: dict) -> None:
    atomic_write(path, json.dumps(state, indent=1).encode("utf-8"))


def _scan(sources: list[SourceFile], batch_size: int) -> tuple[int, int, list[str | None], int]:
    """Parse everything once: (triples, batches, graphs in order, blank nodes); checks syntax."""
    triples = batches_total = blanks = 0
    graphs: list[str | None] = []
    for source in sources:
        graph: object = object()
        run = 0
        seen_blank: set[str] = set()
        for quad in _quads(source):
            triples += 1
            g = _graph_of(quad, source)
            if g != graph or run >= batch_size:
                batches_total += 1
                run = 0
                if g not in graphs:
                    graphs.append(g)
            graph = g
            run += 1
            for term in (quad.subject, quad.object):
                if isinstance(term, ox.BlankNode):
                    seen_blank.add(term.value)
        blanks += len(seen_blank)
    return triples, batches_total, graphs, blanks


def push(sources: list[SourceFile], target: Target, batch_size: int = DEFAULT_BATCH_SIZE,
         state_file: str | os.PathLike = DEFAULT_STATE_FILE, resume: bool = False,
         replace: bool = False, skolem_base: str = DEFAULT_SKOLEM_BASE,
         progress: Callable[[PushProgress], None] | None = None) -> PushReport:
    """Push ``sources`` to ``target`` in batches; see the module docstring for the guarantees.

    :param replace: empty each target graph first (recorded in the state, so a resumed push
        does not empty it again).
    :param resume: skip the batches the state file says landed (same input and target only).
    :raises InputError: unreadable or unparseable input (before anything is sent).
    :raises PushFailed: a batch was refused or the store is unreachable; the state file records
        what landed.
    """
    if batch_size < 1:
        raise UsageError("--batch-size must be at least 1.")
    started = time.perf_counter()
    digests = [_digest(s.path) for s in sources]
    total_triples, total_batches, graphs, blanks = _scan(sources, batch_size)
    fingerprint = _fingerprint(target, sources, digests, batch_size, skolem_base, replace)
    state_path = Path(state_file)
    state = _read_state(state_path) if resume else None
    if resume and state is not None and state.get("fingerprint") != fingerprint:
        raise UsageError(f"{state_path}: this state is for another input, target or batch size; "
                         "push again without --resume (nothing is duplicated).")
    if state is None:
        state = {"version": STATE_VERSION, "fingerprint": fingerprint, "target": target.url,
                 "batches": total_batches, "cleared": False, "landed": []}
    landed = set(state["landed"])
    report = PushReport(target.url, target.method, batches=total_batches, triples=total_triples,
                        skolemized=blanks, graphs=graphs)

    def fail(exc: EndpointError, what: str) -> PushFailed:
        return PushFailed(f"{exc} ({what}; {len(landed)} of {total_batches} batches landed, "
                          f"recorded in {state_path}: rerun with --resume to continue)")

    if replace and not state["cleared"]:
        for graph in graphs:
            try:
                clear_graph(target, graph)
            except EndpointError as exc:
                raise fail(exc, f"clearing graph {graph or 'default'}") from None
        state["cleared"] = True
        _write_state(state_path, state)

    done_triples = 0
    for batch in batches(sources, digests, batch_size, skolem_base):
        if batch.index in landed:
            report.skipped += 1
        else:
            try:
                send_batch(target, batch)
            except EndpointError as exc:
                raise fail(exc, f"batch {batch.index} of {total_batches}") from None
            landed.add(batch.index)
            state["landed"] = sorted(landed)
            _write_state(state_path, state)
            report.sent += 1
            report.triples_sent += len(batch.triples)
        done_triples += len(batch.triples)
        if progress is not None:
            progress(PushProgress(len(landed), total_batches, done_triples, total_triples,
                                  time.perf_counter() - started, report.skipped))
    state_path.unlink(missing_ok=True)
    report.seconds = time.perf_counter() - started
    return report

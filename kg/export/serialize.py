"""Export the graph in any RDF format with reproducible bytes; JSON-LD uses the shipped context.

Determinism: blank nodes are relabelled by W3C RDF Dataset Canonicalization (RDFC-1.0) and the
triples or quads are sorted before they are written, so the same graph always gives the same
bytes and a diff in version control shows what changed. Named graphs (the article, the links, the
facts fetched from Wikidata, the ontology) are kept by the formats that can hold them (TriG,
N-Quads, JSON-LD) and merged by the others.

JSON-LD follows the `JSON-LD 1.1 Processing Algorithms <https://www.w3.org/TR/json-ld11-api/>`_:
RDF to expanded JSON-LD (section 8.4), then compaction (section 6) with the context in
``kg/data/context.jsonld``, or framing (JSON-LD 1.1 Framing) with a user's frame. pyld does the
framing and anything unusual; :mod:`kg.export.jsonld` writes pyld's very bytes for the common
case without importing it. No remote document is ever fetched unless the caller allows it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable

import pyoxigraph as ox

from .. import namespaces as ns
from .. import resources
from ..errors import InputError, KgError, UsageError
from ..store.formats import RdfFormatInfo, lookup_format
from ..store.store import term_sort_key

GRAPH_NAMES: dict[str, str] = {
    "article": ns.GRAPH_ARTICLE,
    "links": ns.GRAPH_LINKS,
    "provenance": ns.GRAPH_PROVENANCE,
    "wikidata": ns.GRAPH_WIKIDATA,
    "ontology": ns.GRAPH_ONTOLOGY,
}
DEFAULT_GRAPH = "default"


def context_path() -> str:
    """The JSON-LD context shipped with the package."""
    return resources.data_path("context.jsonld")


def context() -> dict:
    """The shipped JSON-LD context document (``{"@context": {...}}``)."""
    with open(context_path(), encoding="utf-8") as handle:
        return json.load(handle)


def graph_iris(names: Iterable[str], available: Iterable[str]) -> list[str | None]:
    """Resolve ``--graph`` values: a short name, ``all``, ``default`` or a graph IRI.

    ``None`` stands for the default graph. ``all`` is every named graph plus the default graph.

    >>> graph_iris(["article"], [])
    ['https://w3id.org/conflict-kg/graph/article']
    """
    available = sorted(available)
    chosen: list[str | None] = []
    for name in names:
        if name == "all":
            targets: list[str | None] = [None, *available]
        elif name == DEFAULT_GRAPH:
            targets = [None]
        elif name in GRAPH_NAMES:
            targets = [GRAPH_NAMES[name]]
        elif "://" in name or name.startswith("urn:"):
            try:
                ox.NamedNode(name)
            except ValueError:
                raise UsageError(f"--graph {name!r} is not a valid IRI.") from None
            targets = [name]
        else:
            raise UsageError(f"--graph {name!r}: use {', '.join(GRAPH_NAMES)}, default, all or "
                             "a graph IRI.")
        chosen.extend(t for t in targets if t not in chosen)
    return chosen


def quad_key(quad: ox.Quad, term_key: Callable[[object], tuple] = term_sort_key) -> tuple:
    """Sort order of quads: by graph, subject, predicate, object (IRIs before blank nodes)."""
    return (term_key(quad.graph_name), term_key(quad.subject), term_key(quad.predicate),
            term_key(quad.object))


def _cached_term_key() -> Callable[[object], tuple]:
    """:func:`term_sort_key`, computed once per distinct term (graphs and predicates repeat)."""
    cache: dict = {}

    def key(term) -> tuple:
        found = cache.get(term)
        if found is None:
            found = cache[term] = term_sort_key(term)
        return found

    return key


def sorted_quads(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """``quads`` in :func:`quad_key` order."""
    key = _cached_term_key()
    return sorted(quads, key=lambda q: quad_key(q, key))


def sorted_triples(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    """The distinct ``triples`` by subject, predicate, object, as :func:`quad_key` orders them."""
    key = _cached_term_key()
    return sorted(set(triples), key=lambda t: (key(t.subject), key(t.predicate), key(t.object)))


def merged_triples(quads: Iterable[ox.Quad]) -> list[ox.Triple]:
    """The triples of ``quads``, each once whatever graphs hold it, in :func:`quad_key` order."""
    return sorted_triples(q.triple for q in quads)


def canonical_quads(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """The quads with blank nodes labelled by RDFC-1.0, sorted: the same data, the same list.

    Only the quads that mention a blank node are canonicalized: RDFC-1.0 computes a blank
    node's label from those quads alone (its "blank node to quads map"), so the labels are the
    ones canonicalizing everything gives, at a fraction of the cost. Large trees of blank nodes
    are named in linear time instead (:mod:`kg.export.blanks`).
    """
    plain, with_blank = set(), []
    for q in quads:
        if (type(q.subject) is ox.BlankNode or type(q.object) is ox.BlankNode
                or type(q.graph_name) is ox.BlankNode):
            with_blank.append(q)
        else:
            plain.add(q)
    if with_blank:
        from .blanks import canonical_blank_quads

        plain.update(canonical_blank_quads(with_blank))
    return sorted_quads(plain)


def select_quads(store, graphs: Iterable[str] = ("all",)) -> list[ox.Quad]:
    """The quads of the chosen graphs of ``store`` (literals as written), canonical and sorted.

    ``all`` takes graphs named by a blank node too (TriG allows them); they have no name to
    give to ``--graph``.
    """
    if "all" in graphs:
        return canonical_quads(store.quads())
    named = [g.value for g in store.engine.named_graphs() if isinstance(g, ox.NamedNode)]
    return canonical_quads(store.quads(graph_iris(graphs, named)))


def used_prefixes(quads: Iterable[ox.Quad], context_map: dict | None = None) -> dict[str, str]:
    """The project prefixes (and those of ``context_map``, by default the shipped context's)
    that some IRI of the data starts with, by prefix."""

    prefixes = dict(ns.PREFIXES)
    if context_map is None:
        context_map = context()["@context"]
    prefixes.update({k: v for k, v in context_map.items() if isinstance(v, str)})
    terms = (t for q in quads for t in (q.subject, q.predicate, q.object))
    return prefixes_among(terms, dict(sorted(prefixes.items())))


def serialize(quads: list[ox.Quad], fmt: str | RdfFormatInfo, frame: dict | None = None,
              allow_remote_context: bool = False) -> bytes:
    """Write canonical, sorted ``quads`` in ``fmt``; triple formats merge the named graphs."""
    info = fmt if isinstance(fmt, RdfFormatInfo) else lookup_format(fmt)
    if info.name == "json-ld":
        return jsonld_from_quads(quads, frame=frame, allow_remote_context=allow_remote_context)
    if frame is not None:
        raise UsageError("--frame applies to JSON-LD output only.")
    items = quads if info.has_datasets else merged_triples(quads)
    if info.oxigraph in (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS):
        return ox.serialize(items, format=info.oxigraph)
    return ox.serialize(items, format=info.oxigraph, prefixes=used_prefixes(quads))


def context_for(quads: Iterable[ox.Quad]) -> dict:
    """The shipped context, cut down to the prefixes this data uses."""
    full = context()["@context"]
    used = used_prefixes(quads, full)
    return {"@context": {k: v for k, v in full.items() if k in used and used[k] == v}}


class RemoteDocumentRefused(Exception):
    """A JSON-LD document (context or frame) named a remote URL, and fetching was not allowed."""

    def __init__(self, url: str):
        super().__init__(url)
        self.url = url


def _document_loader(allow_remote: bool):
    """pyld's document loader: refuse every remote URL, or (when allowed) fetch it with kg.http."""
    if not allow_remote:
        def refuse(url, options=None):
            raise RemoteDocumentRefused(url)

        return refuse

    def fetch(url, options=None):
        from ..http.client import send

        # kg's one HTTP client: one deadline for the whole request, a capped body, no redirect
        # to another origin (urllib's per-read timeout and open redirects are not enough)
        answer = send("GET", url, headers={"Accept": "application/ld+json, application/json;q=0.9"},
                      timeout=30, max_bytes=16 * 1024 * 1024, label=f"the JSON-LD context {url}")
        try:
            document = json.loads(answer.body.decode("utf-8"))
        except ValueError as exc:
            raise InputError(f"the remote context {url} is not JSON: {exc}") from None
        return {"contextUrl": None, "documentUrl": url, "document": document}

    return fetch


def _jsonld_error(exc: Exception, what: str) -> Exception:
    """Turn pyld's nested errors into one line; name a refused remote URL plainly."""
    cause = exc
    while cause is not None:
        if isinstance(cause, RemoteDocumentRefused):
            return InputError(f"refers to the remote document {cause.url}; kg never fetches "
                              "remote contexts unless you pass --allow-remote-context",
                              source=what)
        if isinstance(cause, KgError):  # fetching an allowed context failed: say how
            return cause
        cause = getattr(cause, "cause", None) or cause.__cause__ or cause.__context__
    message = str(exc).splitlines()[0].strip("(',)") if str(exc) else type(exc).__name__
    if getattr(exc, "code", None) == "invalid JSON literal":  # JSON-LD 1.1's error code
        value = str((getattr(exc, "details", None) or {}).get("value", ""))[:60]
        return InputError(f"invalid JSON literal: an rdf:JSON value is not JSON: {value!r}",
                          source=what)
    return InputError(f"JSON-LD processing failed: {message}", source=what)


def jsonld_from_quads(quads: list[ox.Quad], frame: dict | None = None,
                      allow_remote_context: bool = False) -> bytes:
    """Quads as JSON-LD: RDF to JSON-LD, then compacted with the shipped context (or framed with
    ``frame``); keys sorted, so the output is reproducible.

    Without a frame, :func:`kg.export.jsonld.compact_quads` builds the very document pyld would,
    without importing pyld (about 100 ms); pyld runs only for what that writer leaves to it."""
    ordered = sorted_quads(quads)
    if frame is None:
        from . import jsonld as jsonld_writer
        from .json_text import dumps

        doc = jsonld_writer.compact_quads(ordered, context_for(quads))
        if doc is not None:
            return dumps(doc).encode("utf-8")

    from pyld import jsonld

    nquads = ox.serialize(ordered, format=ox.RdfFormat.N_QUADS).decode()
    options = {"documentLoader": _document_loader(allow_remote_context)}
    try:
        expanded = jsonld.from_rdf(nquads, {"format": "application/n-quads"})
        if frame is not None:
            if "@context" not in frame:
                frame = {**context(), **frame}
            doc = jsonld.frame(expanded, frame, options)
        else:
            doc = jsonld.compact(expanded, context_for(quads), options)
    except Exception as exc:  # pyld raises JsonLdError wrapping the cause
        raise _jsonld_error(exc, "--frame" if frame is not None else "JSON-LD") from None
    return (json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def jsonld_to_nquads(data: bytes | str, allow_remote_context: bool = False) -> str:
    """Expand a JSON-LD document with pyld and return its quads as N-Quads (for checks)."""
    from pyld import jsonld

    doc = json.loads(data)
    options = {"format": "application/n-quads",
               "documentLoader": _document_loader(allow_remote_context)}
    return jsonld.to_rdf(doc, options)


def load_frame(path: str) -> dict:
    """Read a JSON-LD frame file."""
    from ..store.formats import read_input

    try:
        frame = json.loads(read_input(path))
    except ValueError as exc:
        raise InputError(f"not JSON ({exc})", source=path) from None
    if not isinstance(frame, dict):
        raise InputError("a JSON-LD frame must be a JSON object", source=path)
    return frame


def prefixes_among(terms, prefixes: dict[str, str] = ns.PREFIXES) -> dict[str, str]:
    """The prefixes whose namespace some IRI among ``terms`` starts with (datatypes included)."""
    iris = set()
    for term in terms:
        if isinstance(term, ox.NamedNode):
            iris.add(term.value)
        elif isinstance(term, ox.Literal):
            iris.add(term.datatype.value)
    return {p: namespace for p, namespace in prefixes.items()
            if any(i.startswith(namespace) for i in iris)}

"""Fetch the data held by a SPARQL 1.1 endpoint into a local Store, so SHACL can check it here.

SHACL needs the whole neighbourhood of every focus node (its types, labels, evidence spans, the
source document's text), so rather than guess which triples the shapes touch, this fetches whole
graphs with ``CONSTRUCT`` (SPARQL 1.1 Query, section 16.2) over the SPARQL Protocol, asking for
N-Triples through :mod:`kg.http` (one deadline, a capped body: ``$KG_HTTP_MAX_MB``) and parsing
the answer with pyoxigraph (about a million triples a second).

For stores that cap result sizes (Virtuoso's default is 10,000 rows), ``page_size`` fetches each
graph in ``ORDER BY`` pages with ``LIMIT``/``OFFSET``. Blank nodes cannot be followed across pages
(their labels are scoped to one answer), so page only data without blank nodes, such as data
sent with ``kg push`` (which skolemizes them). The bundled ontology is not fetched: ``kg
validate`` adds its own copy.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

import pyoxigraph as ox

from ..errors import EndpointError, UsageError
from ..store.formats import lookup_format
from ..store.store import Store

ACCEPT_GRAPH = "application/n-triples, text/turtle;q=0.8, application/rdf+xml;q=0.5"


def _fetch(endpoint: str, query: str, accept: str, timeout: float):
    """Send a query by the SPARQL Protocol through :mod:`kg.http` (one deadline, capped body,
    no redirect to another origin, an HTML page refused)."""
    from ..http.sparql import query as send

    return send(endpoint, query, accept, timeout=timeout)


def named_graphs(endpoint: str, timeout: float = 60.0) -> list[str]:
    """The IRIs of the endpoint's named graphs (``SELECT DISTINCT ?g { GRAPH ?g {} }``)."""
    response = _fetch(endpoint, "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }",
                      "application/sparql-results+json", timeout)
    try:
        rows = json.loads(response.body)["results"]["bindings"]
        return sorted(row["g"]["value"] for row in rows
                      if isinstance(row, dict) and row.get("g", {}).get("type") == "uri")
    except (ValueError, KeyError, TypeError, AttributeError):
        raise EndpointError(f"{endpoint}: the answer is not SPARQL JSON results") from None


def _construct(graph: str | None, page: tuple[int, int] | None) -> str:
    pattern = "?s ?p ?o" if graph is None else f"GRAPH <{graph}> {{ ?s ?p ?o }}"
    if page is None:
        return f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {pattern} }}"
    limit, offset = page
    return (f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {{ SELECT DISTINCT ?s ?p ?o WHERE {{ {pattern} }} "
            f"ORDER BY ?s ?p ?o LIMIT {limit} OFFSET {offset} }} }}")


def _load_answer(store: Store, endpoint: str, query: str, graph: str | None,
                 timeout: float, count: bool) -> int:
    """Run one CONSTRUCT and stream its answer into ``graph``.

    :returns: the number of triples in the answer when ``count`` (pages), else 0.
    """
    target = ox.NamedNode(graph) if graph else None
    response = _fetch(endpoint, query, ACCEPT_GRAPH, timeout)
    media = response.media_type
    try:
        fmt = lookup_format(media)
    except UsageError:
        raise EndpointError(f"{endpoint}: a CONSTRUCT answered with {media or 'no type'}, "
                            "not an RDF format") from None
    # a page goes through a small store of its own to be counted; a whole graph goes in at once
    into = ox.Store() if count else store.engine
    try:
        into.load(response.body, format=fmt.oxigraph, to_graph=None if count else target)
    except (SyntaxError, ValueError, OSError) as exc:
        raise EndpointError(f"{endpoint}: the answer does not parse "
                            f"({str(exc).splitlines()[0]})") from None
    if not count:
        return 0
    store.engine.load(into.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()),
                      format=ox.RdfFormat.N_TRIPLES, to_graph=target)
    return len(into)


def fetch_for_validation(endpoint: str, graphs: Iterable[str] | None = None,
                         all_graphs: bool = False, page_size: int | None = None,
                         timeout: float = 60.0) -> Store:
    """Copy data from a SPARQL endpoint into a new in-memory :class:`Store`.

    :param endpoint: the SPARQL query URL (Oxigraph: ``http://host:7878/query``).
    :param graphs: named graphs to fetch, each into the same named graph locally; ``None`` and
        not ``all_graphs`` fetches the endpoint's default graph into the local default graph.
    :param all_graphs: fetch every named graph the endpoint lists (and its default graph).
    :param page_size: fetch in pages of this many triples (for stores that cap answers).
    :raises EndpointError: unreachable endpoint, HTTP error, or an answer that is not RDF.
    """
    if page_size is not None and page_size < 1:
        raise UsageError("The page size must be at least 1.")
    wanted: list[str | None]
    if all_graphs:
        wanted = [None, *named_graphs(endpoint, timeout)]
    elif graphs:
        wanted = list(dict.fromkeys(graphs))
    else:
        wanted = [None]
    store = Store()
    for graph in wanted:
        if page_size is None:
            _load_answer(store, endpoint, _construct(graph, None), graph, timeout, False)
            continue
        offset = 0
        while True:
            got = _load_answer(store, endpoint, _construct(graph, (page_size, offset)), graph,
                               timeout, True)
            if got < page_size:
                break
            offset += page_size
    return store

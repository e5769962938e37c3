"""A named graph's page: what it holds (triples, classes) and links to download it.

Named graph IRIs (``https://w3id.org/conflict-kg/graph/article``) resolve too: HTML for people,
and for RDF clients a 303 to the ``/sparql`` CONSTRUCT that returns the graph in the asked
format, under the same row cap and deadline as any query.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pyoxigraph as ox

from . import conneg


def construct(iri: str) -> str:
    return f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {ox.NamedNode(iri)} {{ ?s ?p ?o }} }}"


def download_url(ctx, iri: str, fmt: str) -> str:
    return ctx.paths.url("/sparql?" + urlencode({"query": construct(iri), "format": fmt}))


def graph_view(ctx, iri: str) -> dict | None:
    """Triples and classes of the named graph ``iri``, or None if the data has no such graph."""
    node = str(ox.NamedNode(iri))
    rows = ctx.store.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {node} {{ ?s ?p ?o }} }}")
    size = int(rows[0]["n"].value) if rows else 0
    if not size:
        return None
    classes = ctx.store.select(
        f"SELECT ?type (COUNT(DISTINCT ?s) AS ?n) WHERE {{ GRAPH {node} {{ ?s a ?type }} }} "
        "GROUP BY ?type ORDER BY DESC(?n) ?type LIMIT 50")
    names: dict[str, str] = {}
    types = " ".join(str(r["type"]) for r in classes if isinstance(r["type"], ox.NamedNode))
    if types:
        for row in ctx.store.select(
                f"SELECT ?t ?l WHERE {{ VALUES ?t {{ {types} }} "
                "?t <http://www.w3.org/2000/01/rdf-schema#label> ?l } ORDER BY ?t ?l"):
            names.setdefault(row["t"].value, row["l"].value)
    return {"iri": iri, "size": size, "max_rows": ctx.settings.max_rows, "names": names,
            "classes": [(r["type"].value, int(r["n"].value)) for r in classes],
            "downloads": [(fmt, download_url(ctx, iri, fmt)) for fmt in conneg.GRAPH_FORMATS]}

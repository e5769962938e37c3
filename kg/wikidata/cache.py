"""The federation cache: facts about the linked Wikidata items, fetched in batches, kept offline.

``fetch`` asks the endpoint for a fixed set of facts about every linked item (labels,
description, P31, coordinates P625, inception P571, dissolution P576, start/end/point in time,
part of P361 / has part P527, country P17, location P276, redirects) and for the items that are
part of them (``?part wdt:P361 ?item``), with their labels, types and dates. Items go in
``VALUES`` blocks of ``chunk`` items; a batch that times out is split in half and retried, down to
a single item. The facts go in the named graph ``graph/wikidata`` with their provenance
(``prov:wasDerivedFrom`` the endpoint, ``prov:generatedAtTime``) and are written to an N-Quads
file atomically: when a fetch fails, the previous cache file is untouched.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .. import namespaces as ns
from ..atomic import atomic_write
from .config import WD, WIKIDATA_PREFIXES, qid_of
from .fetch import chunks
from .http import EndpointTimeout
from .links import now

PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"
XSD = "http://www.w3.org/2001/XMLSchema#"
GRAPH = ox.NamedNode(ns.GRAPH_WIKIDATA)

ITEM_FACTS = ("rdfs:label", "skos:altLabel", "schema:description", "owl:sameAs", "wdt:P31",
              "wdt:P625", "wdt:P571", "wdt:P576", "wdt:P580", "wdt:P582", "wdt:P585",
              "wdt:P361", "wdt:P527", "wdt:P17", "wdt:P276")
PART_FACTS = ("rdfs:label", "schema:description", "wdt:P31", "wdt:P580", "wdt:P582",
              "wdt:P585", "wdt:P625", "wdt:P361")


@dataclass(frozen=True)
class CacheInfo:
    path: Path
    endpoint: str
    generated: str
    subjects: frozenset[str]    # the QIDs whose facts were asked for
    quads: int


def _facts_query(qids: Sequence[str], predicates: Sequence[str], language: str) -> str:
    return WIKIDATA_PREFIXES + f"""SELECT ?s ?p ?o WHERE {{
  VALUES ?s {{ {' '.join(f'wd:{q}' for q in qids)} }}
  VALUES ?p {{ {' '.join(predicates)} }}
  ?s ?p ?o .
  FILTER(!isLITERAL(?o) || LANG(?o) = "" || LANG(?o) = "{language}")
}}"""


def _parts_query(qids: Sequence[str]) -> str:
    return WIKIDATA_PREFIXES + f"""SELECT ?s ?p ?o WHERE {{
  VALUES ?o {{ {' '.join(f'wd:{q}' for q in qids)} }}
  VALUES ?p {{ wdt:P361 }}
  ?s ?p ?o .
  FILTER(STRSTARTS(STR(?s), "{WD}Q"))
}}"""


def batched(client, qids: Sequence[str], build: Callable[[Sequence[str]], str],
            chunk: int) -> list[dict]:
    """Run ``build(batch)`` for every batch of ``qids``; halve a batch that times out."""
    rows: list[dict] = []
    for part in chunks(list(qids), chunk):
        rows.extend(_with_halving(client, list(part), build))
    return rows


def _with_halving(client, part: list[str], build, halved_on_our_clock: bool = False
                  ) -> list[dict]:
    """Halve a batch the endpoint found too heavy. Halving goes on while the server itself
    reports its time limit; when our own timeout runs out twice running, the server is down or
    stuck and the fetch gives up (bounded: at most two timeouts)."""
    try:
        return client.select(build(part))
    except EndpointTimeout as exc:
        if not exc.by_server and halved_on_our_clock:
            what = "is not answering at all" if exc.silent else "is stuck mid-answer"
            raise EndpointTimeout(f"{exc}, again with a batch half the size: the endpoint "
                                  f"{what}; giving up", silent=exc.silent) from None
        if len(part) == 1:
            raise
        middle = len(part) // 2
        ours = not exc.by_server
        return _with_halving(client, part[:middle], build, ours) + \
            _with_halving(client, part[middle:], build, ours)


def fetch(client, qids: Sequence[str], language: str = "en", chunk: int = 50) -> list[ox.Quad]:
    """Facts about ``qids`` and their parts, plus provenance, as quads in ``graph/wikidata``."""
    qids = sorted(set(qids), key=lambda q: int(q[1:]))
    quads: dict[ox.Quad, None] = {}

    def add(rows):
        for row in rows:
            quads[ox.Quad(row["s"], row["p"], row["o"], GRAPH)] = None

    add(batched(client, qids, lambda part: _facts_query(part, ITEM_FACTS, language), chunk))
    part_rows = batched(client, qids, _parts_query, chunk)
    add(part_rows)
    parts = {qid_of(row["s"].value) for row in part_rows}
    parts |= {qid_of(q.object.value) for q in quads
              if q.predicate.value.endswith("/P527") and isinstance(q.object, ox.NamedNode)}
    extra = sorted((parts - set(qids)) - {None}, key=lambda q: int(q[1:]))
    add(batched(client, extra, lambda part: _facts_query(part, PART_FACTS, language), chunk))
    return list(quads) + provenance(client.endpoint, qids)


def provenance(endpoint: str, qids: Sequence[str], generated: str | None = None) -> list[ox.Quad]:
    """Where and when the cached facts came from, about the graph itself (PROV-O)."""
    graph = GRAPH
    out = [
        ox.Quad(graph, ox.NamedNode(ns.PREFIXES["rdf"] + "type"), ox.NamedNode(PROV + "Entity"),
                graph),
        ox.Quad(graph, ox.NamedNode(PROV + "wasDerivedFrom"), ox.NamedNode(endpoint), graph),
        ox.Quad(graph, ox.NamedNode(PROV + "generatedAtTime"),
                ox.Literal(generated or now(), datatype=ox.NamedNode(XSD + "dateTime")), graph),
    ]
    out += [ox.Quad(graph, ox.NamedNode(DCTERMS + "subject"), ox.NamedNode(WD + q), graph)
            for q in qids]
    return out


def write(path: str | os.PathLike, quads: Sequence[ox.Quad]) -> None:
    """Write the cache as N-Quads, atomically (the directory is created if needed)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, ox.serialize(sorted(quads, key=str), format=ox.RdfFormat.N_QUADS))


def info(path: str | os.PathLike) -> CacheInfo | None:
    """What the cache file holds, or ``None`` when there is no cache file."""
    path = Path(path)
    if not path.exists():
        return None
    from ..store.store import Store

    store = Store()
    store.load_file(path, format="n-quads")
    endpoint, generated, subjects = "", "", set()
    for quad in store.quads([ns.GRAPH_WIKIDATA]):
        if quad.subject != GRAPH:
            continue
        if quad.predicate.value == PROV + "wasDerivedFrom":
            endpoint = quad.object.value
        elif quad.predicate.value == PROV + "generatedAtTime":
            generated = quad.object.value
        elif quad.predicate.value == DCTERMS + "subject":
            subjects.add(qid_of(quad.object.value) or quad.object.value)
    return CacheInfo(path, endpoint, generated, frozenset(subjects), len(store))


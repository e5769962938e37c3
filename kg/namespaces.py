"""IRIs of the project's vocabularies, data and named graphs (plain strings, no heavy imports)."""

from __future__ import annotations

import re

BASE = "https://w3id.org/conflict-kg/"
ONTOLOGY = BASE + "ontology#"           # prefix kg:
RESOURCE = BASE + "id/"                  # prefix kgr: the article's entities and facts
SHAPES = BASE + "shapes#"               # prefix kgsh:
ONTOLOGY_IRI = BASE + "ontology"

GRAPH_ONTOLOGY = BASE + "graph/ontology"
GRAPH_ARTICLE = BASE + "graph/article"   # only what the article states
GRAPH_LINKS = BASE + "graph/links"       # curated and reconciled links to Wikidata
GRAPH_WIKIDATA = BASE + "graph/wikidata"  # facts fetched from Wikidata (cache, with PROV-O)
GRAPH_PROVENANCE = BASE + "graph/provenance"  # how the source file was received; the dataset

WD = "http://www.wikidata.org/entity/"
WDT = "http://www.wikidata.org/prop/direct/"

PREFIXES: dict[str, str] = {
    "kg": ONTOLOGY,
    "kgr": RESOURCE,
    "kgsh": SHAPES,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
    "sh": "http://www.w3.org/ns/shacl#",
    "wd": WD,
    "wdt": WDT,
}


def sparql_prefixes() -> str:
    """PREFIX lines for every project prefix, to put before user queries that omit them."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())

_LOCAL = re.compile(r"[A-Za-z0-9_]([\w.-]*[\w-])?\Z")


def compact(iri: str, prefixes: dict[str, str] = PREFIXES) -> str:
    """``kgr:Greece`` for an IRI in a known namespace with a simple local name, else the IRI.

    >>> compact("https://w3id.org/conflict-kg/id/Greece")
    'kgr:Greece'
    >>> compact("https://example.org/a b")
    'https://example.org/a b'
    """
    best = None
    for prefix, namespace in prefixes.items():
        if iri.startswith(namespace) and (best is None or len(namespace) > len(best[1])):
            local = iri[len(namespace):]
            if local == "" or _LOCAL.match(local):
                best = (prefix, namespace)
    if best is None:
        return iri
    return f"{best[0]}:{iri[len(best[1]):]}"

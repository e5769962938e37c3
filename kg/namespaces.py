"""IRIs of the project's vocabularies, data and named graphs (plain strings, no heavy imports)."""

from __future__ import annotations

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

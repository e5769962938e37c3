"""The raw-engine baselines of the benchmark: what a plain script does without kg.

Each sub-command is the shortest honest script for one job, importing only the engine it needs,
so ``run.py`` can time ``kg`` against it process for process:

    python tests/bench/raw.py query QUERY.rq FILE[=GRAPH]...   pyoxigraph, in memory; CSV out
    python tests/bench/raw.py store-load DIR FILE               pyoxigraph bulk load on disk
    python tests/bench/raw.py store-query DIR QUERY.rq          pyoxigraph, store opened read-only
    python tests/bench/raw.py validate DATA SHAPES ONTOLOGY...  rdflib + pySHACL; JSON results out
    python tests/bench/raw.py validate-turbo DATA SHAPES ONTOLOGY...
                                pyoxigraph store + pyshacl-turbo; JSON results out

DATA may name several files, separated by commas (the bundled graph is two files).

Queries get the same PREFIX lines ``kg query`` declares, and run with the union of the named
graphs as the default graph, as ``kg`` does.
"""

from __future__ import annotations

import sys

PREFIXES = {
    "kg": "https://w3id.org/conflict-kg/ontology#",
    "kgr": "https://w3id.org/conflict-kg/id/",
    "kgsh": "https://w3id.org/conflict-kg/shapes#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
    "sh": "http://www.w3.org/ns/shacl#",
    "wd": "http://www.wikidata.org/entity/",
    "wdt": "http://www.wikidata.org/prop/direct/",
}


def _query_text(path: str) -> str:
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items()) + text


def _print_csv(solutions) -> None:
    import csv

    writer = csv.writer(sys.stdout, lineterminator="\n")
    names = [v.value for v in solutions.variables]
    writer.writerow(names)
    for row in solutions:
        writer.writerow(["" if row[n] is None else row[n].value for n in names])


def query(query_file: str, *files: str) -> None:
    import pyoxigraph as ox

    store = ox.Store()
    for item in files:
        path, _, graph = item.partition("=")
        store.load(path=path, to_graph=ox.NamedNode(graph) if graph else None)
    _print_csv(store.query(_query_text(query_file), use_default_graph_as_union=True))


def store_load(directory: str, path: str) -> None:
    import pyoxigraph as ox

    ox.Store(directory).bulk_load(path=path)


def store_query(directory: str, query_file: str) -> None:
    import pyoxigraph as ox

    store = ox.Store.read_only(directory)
    _print_csv(store.query(_query_text(query_file), use_default_graph_as_union=True))


def validate(data: str, shapes: str, *ontology: str) -> None:
    import pyshacl
    import rdflib

    data_graph = rdflib.Graph()
    for path in data.split(","):
        data_graph.parse(path)
    shapes_graph = rdflib.Graph().parse(shapes)
    ont_graph = rdflib.Graph()
    for path in ontology:
        ont_graph.parse(path)
    conforms, report, _ = pyshacl.validate(
        data_graph, shacl_graph=shapes_graph, ont_graph=ont_graph, inference="none",
        advanced=True, allow_warnings=True, abort_on_first=False)
    _print_results(conforms, report)


def validate_turbo(data: str, shapes: str, *ontology: str) -> None:
    """The fastest way in measured: the data in a pyoxigraph store (dumped natively)."""
    import pyoxigraph as ox
    import rdflib
    from pyshacl_turbo import validate as turbo

    store = ox.Store()
    for path in data.split(","):
        store.bulk_load(path=path)
    shapes_graph = rdflib.Graph().parse(shapes)
    ont_graph = rdflib.Graph()
    for path in ontology:
        ont_graph.parse(path)
    conforms, report, _ = turbo(
        store, shacl_graph=shapes_graph, ont_graph=ont_graph, inference="none",
        advanced=True, allow_warnings=True, abort_on_first=False)
    _print_results(conforms, report)


def _print_results(conforms, report) -> None:
    import json

    import rdflib

    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    results = []
    for result in report.subjects(rdflib.RDF.type, sh.ValidationResult):
        value = report.value(result, sh.value)
        results.append([str(report.value(result, sh.focusNode)),
                        str(report.value(result, sh.resultSeverity)).split("#")[-1],
                        str(report.value(result, sh.sourceConstraintComponent)).split("#")[-1],
                        str(value) if isinstance(value, rdflib.URIRef) else None])
    json.dump({"conforms": bool(conforms), "results": sorted(results, key=str)}, sys.stdout)


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    {"query": query, "store-load": store_load, "store-query": store_query,
     "validate": validate, "validate-turbo": validate_turbo}[command](*args)

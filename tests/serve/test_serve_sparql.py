"""The SPARQL 1.1 Protocol endpoint of a real ``kg serve``, with SPARQLWrapper as the client."""

from __future__ import annotations

import csv
import io
import json
import urllib.parse

import pyoxigraph as ox
import pytest
from SPARQLWrapper import CSV, JSON, JSONLD, POST, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

from .conftest import bundled_count

pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated")
KGR = "https://w3id.org/conflict-kg/id/"
SIDES = ("PREFIX kg: <https://w3id.org/conflict-kg/ontology#> "
         "SELECT ?side WHERE { ?side kg:sideIn kgr:AlliedIntervention } ORDER BY ?side")
EXPECTED_SIDES = [KGR + "AlliedSide", KGR + "BolshevikSide"]
CONSTRUCT = ("CONSTRUCT { kgr:Greece ?p ?o } WHERE { kgr:Greece ?p ?o }")


def wrapper(server, fmt, method=None):
    sparql = SPARQLWrapper(server.url + "/sparql")
    sparql.setReturnFormat(fmt)
    if method:
        sparql.setMethod(method)
    return sparql


@pytest.mark.parametrize("method", [None, POST])
def test_select_json(kg_server, method):
    sparql = wrapper(kg_server, JSON, method)
    sparql.setQuery(SIDES)
    result = sparql.query().convert()
    assert [b["side"]["value"] for b in result["results"]["bindings"]] == EXPECTED_SIDES


def test_select_xml(kg_server):
    sparql = wrapper(kg_server, XML)
    sparql.setQuery(SIDES)
    document = sparql.query().convert()
    uris = [node.firstChild.data for node in document.getElementsByTagName("uri")]
    assert uris == EXPECTED_SIDES


@pytest.mark.parametrize("fmt,delimiter", [(CSV, ","), (TSV, "\t")])
def test_select_csv_and_tsv(kg_server, fmt, delimiter):
    sparql = wrapper(kg_server, fmt)
    sparql.setQuery(SIDES)
    text = sparql.query().convert().decode("utf-8")
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    assert rows[0] == (["side"] if fmt == CSV else ["?side"])
    values = [r[0] for r in rows[1:]]
    expected = EXPECTED_SIDES if fmt == CSV else [f"<{i}>" for i in EXPECTED_SIDES]
    assert values == expected


@pytest.mark.parametrize("fmt", [JSON, XML])
def test_ask(kg_server, fmt):
    for query, expected in (("ASK { kgr:Mutinies kg:sourcingCircumstance ?flag }", True),
                            ("ASK { kgr:FactorWarWeariness kg:sourcingCircumstance ?f }", False)):
        sparql = wrapper(kg_server, fmt)
        sparql.setQuery(query)
        answer = sparql.query().convert()
        if fmt == JSON:
            assert answer["boolean"] is expected
        else:
            word = answer.getElementsByTagName("boolean")[0].firstChild.data
            assert word == ("true" if expected else "false")


def _greece_triples(kg_server) -> set:
    status, _, body = kg_server.get("/sparql?" + urllib.parse.urlencode({"query": CONSTRUCT}),
                                    headers={"Accept": "application/n-triples"})
    assert status == 200
    return {str(q.triple) for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)}


@pytest.mark.parametrize("fmt", [TURTLE, RDFXML, JSONLD])
def test_construct_in_each_format(kg_server, fmt):
    import rdflib

    sparql = wrapper(kg_server, fmt)
    sparql.setQuery(CONSTRUCT)
    graph = sparql.queryAndConvert()
    if not isinstance(graph, rdflib.Graph):  # SPARQLWrapper returns bytes for some formats
        graph = rdflib.Graph().parse(data=graph, format={TURTLE: "turtle", RDFXML: "xml",
                                                         JSONLD: "json-ld"}[fmt])
    greece = rdflib.URIRef(KGR + "Greece")
    assert (greece, rdflib.RDFS.label, rdflib.Literal("Greece", lang="en")) in graph
    assert len(graph) == len(_greece_triples(kg_server))


def test_construct_n_triples_by_accept(kg_server):
    triples = _greece_triples(kg_server)
    assert f"<{KGR}Greece> <http://www.w3.org/2000/01/rdf-schema#label> \"Greece\"@en" \
        in triples


def test_post_sparql_query_body(kg_server):
    status, headers, body = kg_server.get(
        "/sparql", method="POST", data=SIDES.encode(),
        headers={"Content-Type": "application/sparql-query",
                 "Accept": "application/sparql-results+json"})
    assert status == 200
    assert headers["Content-Type"] == "application/sparql-results+json"
    sides = [b["side"]["value"] for b in json.loads(body)["results"]["bindings"]]
    assert sides == EXPECTED_SIDES


def test_default_graph_uri_restricts_the_dataset(kg_server):
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    counts = {}
    for graph in ("article", "links"):
        params = urllib.parse.urlencode({"query": query, "default-graph-uri":
                                         f"https://w3id.org/conflict-kg/graph/{graph}"})
        status, _, body = kg_server.get("/sparql?" + params, headers={"Accept": "text/csv"})
        assert status == 200
        counts[graph] = int(body.decode().split()[1])
    assert counts == {"article": bundled_count("article"), "links": bundled_count("links")}


def test_syntax_error_is_400_with_the_position(kg_server):
    params = urllib.parse.urlencode({"query": "SELECT ?x WHERE { ?x"})
    status, _, body = kg_server.get("/sparql?" + params)
    assert status == 400
    assert body.decode().startswith("400 Bad Request: query syntax error: error at 1:")


def test_unacceptable_format_is_406(kg_server):
    params = urllib.parse.urlencode({"query": SIDES})
    status, _, body = kg_server.get("/sparql?" + params, headers={"Accept": "image/png"})
    assert status == 406
    assert b"application/sparql-results+json" in body


def test_no_query_sends_browsers_to_the_query_page(kg_server):
    status, _, body = kg_server.get("/sparql", headers={"Accept": "application/json"})
    assert status == 400 and b"no query" in body
    status, headers, _ = kg_server.get("/sparql", headers={"Accept": "text/html"})
    assert status == 200 and headers["Content-Type"].startswith("text/html")  # followed 303


def test_a_repeat_query_gets_the_same_answer_in_the_format_it_asks_for(kg_server):
    path = "/sparql?" + urllib.parse.urlencode({"query": SIDES + " # repeat"})
    first = kg_server.get(path, headers={"Accept": "text/csv"})
    again = kg_server.get(path, headers={"Accept": "text/csv"})
    other = kg_server.get(path, headers={"Accept": "application/sparql-results+xml"})
    assert first[0] == again[0] == other[0] == 200
    assert first[2] == again[2] and first[1]["KG-Rows"] == again[1]["KG-Rows"] == "2"
    assert other[1]["Content-Type"] == "application/sparql-results+xml"
    assert b"<sparql" in other[2]


def test_service_description(kg_server):
    status, headers, body = kg_server.get("/sparql", headers={"Accept": "text/turtle"})
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    triples = {str(t) for t in ox.parse(body, format=ox.RdfFormat.TURTLE)}
    sd = "http://www.w3.org/ns/sparql-service-description#"
    service = f"<{kg_server.url}/sparql>"
    assert f"{service} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{sd}Service>" \
        in triples
    assert f"{service} <{sd}supportedLanguage> <{sd}SPARQL11Query>" in triples
    assert f"{service} <{sd}resultFormat> <http://www.w3.org/ns/formats/SPARQL_Results_CSV>" \
        in triples

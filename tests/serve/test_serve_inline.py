"""Which queries the server runs in its own thread (proven cheap) and which go to a worker.

The reader and the bound are checked in-process on the bundled graph; the routing is checked on a
real ``kg serve`` through its ``KG-Run`` header.
"""

from __future__ import annotations

import urllib.parse

import pytest

from kg.query.run import open_dataset
from kg.query.text import tokens
from kg.serve.inline import INLINE_BOUND, Planner, read_shape

from .conftest import KgServer

KG = "https://w3id.org/conflict-kg/ontology#"
KGR = "https://w3id.org/conflict-kg/id/"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SMALL = "SELECT ?side ?label WHERE { ?side a kg:Side ; rdfs:label ?label }"

# each one unbounded, or outside what the reader can bound: a worker runs it, with a deadline
TO_A_WORKER = [
    "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }",                      # a cartesian product
    "SELECT * WHERE { ?s kg:partOf+ ?o }",                          # a property path
    "SELECT * WHERE { ?s kg:partOf* ?o }",
    "SELECT * WHERE { ?s kg:partOf/kg:partOf ?o }",
    "SELECT * WHERE { ?s ^kg:partOf ?o }",
    "SELECT * WHERE { ?s (kg:partOf|kg:sideIn) ?o }",
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",                   # an expression
    "SELECT * WHERE { ?s ?p ?o FILTER(?o != 1) }",
    "SELECT * WHERE { { SELECT * WHERE { ?s ?p ?o } } }",           # a subquery
    "SELECT * WHERE { ?s ?p ?o OPTIONAL { ?o ?q ?r } }",
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }",
    "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }",
    "SELECT * FROM <https://w3id.org/conflict-kg/graph/article> WHERE { ?s ?p ?o }",
    "SELECT * WHERE { ?s ?p ?o } GROUP BY ?s",
    "SELECT * WHERE { ?s ?p ?o } VALUES ?s { kgr:Greece }",
    "CONSTRUCT WHERE { ?s ?p ?o }",
    "SELECT * WHERE { ?s kg:count 5 }",                              # a number: not read here
    "SELECT * WHERE { [] ?p ?o }",
    'SELECT * WHERE { ?s ?p "x" . ?a ?b ?c }',                     # a literal counts as any
    "DESCRIBE ?s WHERE { ?s a kg:Side }",
    "BASE <http://x/> SELECT * WHERE { <y> ?p ?o }",
    "SELECT * WHERE { \\u003Fs ?p ?o }",
    "SELECT * WHERE { ?s ?p ?o } ORDER BY ?o",                      # sorting: see below
]


@pytest.fixture(scope="module")
def planner():
    return Planner(open_dataset((), None, False, None).engine)


def count(planner, s=None, p=None, o=None) -> int:
    return planner.count((s, p, o))


def test_a_small_select_is_bounded_by_its_patterns_match_counts(planner):
    sides = count(planner, p=RDF_TYPE, o=KG + "Side")
    labels = count(planner, p=RDFS_LABEL)
    assert 0 < sides < 10 and 100 < labels < 1000
    assert planner.work_bound(tokens(SMALL)) == 2 * sides * labels


@pytest.mark.parametrize("query", TO_A_WORKER)
def test_queries_that_cannot_be_bounded_are_not_inline(planner, query):
    assert planner.work_bound(tokens(query)) is None


def test_the_bound_is_the_cap(planner):
    everything = count(planner)
    assert planner.work_bound(tokens("SELECT * WHERE { ?s ?p ?o }")) == everything
    small = Planner(planner.engine, bound=everything - 1)
    assert small.work_bound(tokens("SELECT * WHERE { ?s ?p ?o }")) is None
    assert everything * everything * 2 > INLINE_BOUND  # so the product above is refused


@pytest.mark.parametrize("query, patterns", [
    ("SELECT ?x WHERE { ?x a kg:Side. ?x rdfs:label ?l. }",  # a dot after a prefixed name
     [(None, RDF_TYPE, KG + "Side"), (None, RDFS_LABEL, None)]),
    ("PREFIX k: <https://w3id.org/conflict-kg/ontology#> ASK { ?x a k:Side ; }",
     [(None, RDF_TYPE, KG + "Side")]),
    ("SELECT * WHERE { ?x rdfs:label 'a } . ?b ?c ?d'@en, \"x\"^^xsd:string } # } ?y ?z ?w",
     [(None, RDFS_LABEL, None), (None, RDFS_LABEL, None)]),
    ("SELECT DISTINCT ?x { ?x <http://x/p> ?y } LIMIT 10 OFFSET 5",
     [(None, "http://x/p", None)]),
])
def test_the_reader_sees_the_patterns_the_engine_sees(query, patterns):
    assert read_shape(tokens(query)).patterns == patterns


def test_describe_of_an_iri_without_blank_nodes_is_bounded_by_its_statements(planner):
    statements = count(planner, s=KGR + "Greece")
    assert planner.work_bound(tokens("DESCRIBE kgr:Greece")) == statements


def _get(server, query, **extra):
    params = urllib.parse.urlencode({"query": query, **extra})
    return server.get("/sparql?" + params, headers={"Accept": "application/sparql-results+json"})


@pytest.mark.parametrize("query", [SMALL, "SELECT * WHERE { kgr:Greece ?p ?o }",
                                   "SELECT ?s ?nothing WHERE { ?s a kg:Side }"])
@pytest.mark.parametrize("accept", ["application/sparql-results+json",
                                    "application/sparql-results+xml", "text/csv"])
def test_a_small_select_is_answered_inline_and_the_same_as_by_a_worker(kg_server, query, accept):
    def answer(tag, **extra):
        params = urllib.parse.urlencode({"query": f"{query} # {tag} {accept}", **extra})
        return kg_server.get("/sparql?" + params, headers={"Accept": accept})

    status, inline_headers, inline = answer("inline")
    assert status == 200 and inline_headers["KG-Run"].startswith("inline; bound=")
    # a deadline under a second sends any query to a worker: the same rows come back
    status, worker_headers, worker = answer("worker", timeout="0.9")
    assert status == 200 and worker_headers["KG-Run"] == "worker"
    assert inline_headers["KG-Rows"] == worker_headers["KG-Rows"]
    assert inline_headers["KG-Truncated"] == worker_headers["KG-Truncated"] == "false"
    assert rows_of(inline, accept) == rows_of(worker, accept)
    assert len(rows_of(inline, accept)) == int(inline_headers["KG-Rows"])


def rows_of(body: bytes, accept: str) -> list:
    """The solutions of an answer as comparable values, whoever wrote it."""
    import csv
    import io
    import json
    import xml.etree.ElementTree as ET

    if accept.endswith("json"):
        bindings = json.loads(body)["results"]["bindings"]
        return sorted(json.dumps(b, sort_keys=True) for b in bindings)
    if accept.endswith("xml"):
        ns = "{http://www.w3.org/2005/sparql-results#}"
        return sorted(repr(sorted((b.get("name"), [(t.tag, sorted(t.attrib.items()), t.text)
                                                   for t in b]) for b in r))
                      for r in ET.fromstring(body).iter(ns + "result"))
    return sorted(map(tuple, list(csv.reader(io.StringIO(body.decode())))[1:]))


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } LIMIT 1",
    "SELECT * WHERE { ?s kg:partOf+ ?o } LIMIT 1",
])
def test_a_cartesian_product_or_a_path_goes_to_a_worker(kg_server, query):
    status, headers, _ = _get(kg_server, query)
    assert status == 200 and headers["KG-Run"] == "worker"


def test_an_inline_syntax_error_is_a_400(kg_server):
    status, _, body = _get(kg_server, "SELECT ?x WHERE { ?x a kg:Side ; rdfs:label ?l } LIMIT 1 0")
    assert status == 400 and b"query syntax error" in body


def test_an_order_by_that_aborted_the_engine_is_answered_by_a_worker():
    # pyoxigraph 0.5.13 alone aborts its process sorting the bundled graph's objects (a Rust
    # panic: its comparison across kinds is not a total order); the worker keys ORDER BY by
    # kind (kg.query.order), and ORDER BY never runs inline in any case
    server = KgServer("--max-rows", "50")
    try:
        for attempt in range(3):
            status, headers, body = _get(server, f"SELECT * WHERE {{ ?s ?p ?o }} ORDER BY ?o "
                                         f"# {attempt}")  # no LIMIT: the engine sorts every row
            assert status == 200 and headers["KG-Run"] == "worker", body[:200]
    finally:
        server.stop()


def test_an_inline_answer_over_the_row_cap_is_cut_and_says_so(kg_server):
    status, headers, body = _get(kg_server, "SELECT * WHERE { ?s ?p ?o } # capped")
    assert status == 200 and headers["KG-Run"].startswith("inline")
    assert headers["KG-Max-Rows"] == headers["KG-Rows"] == "50"  # the fixture's --max-rows
    assert headers["KG-Truncated"] == "true"
    assert len(rows_of(body, "application/sparql-results+json")) == 50

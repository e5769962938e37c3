"""ORDER BY over values of every kind: SPARQL's order, and never an aborted process."""

from __future__ import annotations

import pytest

from kg import namespaces as ns
from kg.errors import QueryError
from kg.query.catalog import from_text
from kg.query.order import total_order
from kg.query.run import run_local
from kg.store.store import Store

MIXED = """
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix : <http://example.org/> .
:r1 :v "b" . :r2 :v "a"@en . :r3 :v 10 . :r4 :v 2.5 . :r5 :v 1 .
:r6 :v "1918-01-12"^^xsd:date . :r7 :v "1917-05-01"^^xsd:date . :r8 :v :iri .
:r9 :v [] . :r10 :v true . :r11 :w 0 .
"""


def _order(direction: str) -> list[str]:
    store = Store()
    store.load_bytes(MIXED.encode(), "turtle", graph=ns.GRAPH_ARTICLE)
    query = from_text("SELECT ?r ?x WHERE { ?r ?p ?any OPTIONAL { ?r <http://example.org/v> ?x } "
                      f"}} ORDER BY {direction}", source="-e")
    result = run_local(store, query)
    at = result.variables.index("r")
    return [row[at].value.rsplit("/", 1)[1] for row in result.rows]


def test_mixed_kinds_sort_in_sparql_order_within_each_kind():
    # unbound < blank node < IRI < literals; numbers by value, dates by date, strings by text
    assert _order("?x") == ["r11", "r9", "r8", "r5", "r4", "r3", "r7", "r6", "r2", "r1", "r10"]
    assert _order("DESC(?x)") == list(reversed(_order("?x")))


def test_the_query_that_aborted_pyoxigraph_runs(run_kg):
    # pyoxigraph 0.5.13 alone aborts (exit 134, a Rust sort panic) on this over the bundled graph
    result = run_kg("query", "-e", "SELECT * WHERE { ?s ?p ?o } ORDER BY ?o", "--format", "jsonl")
    assert result.returncode == 0, result.stderr.decode()[-300:]
    assert len(result.stdout.decode().splitlines()) == len(Store.bundled())


def test_only_plain_variables_get_a_key():
    text = "SELECT * { ?s ?p ?o } ORDER BY STR(?o) (?o + 1) ASC(?s) ?p LIMIT 2"
    ordered = total_order(text)
    assert ordered.count("IF(!BOUND(") == 2
    assert "ASC(IF(!BOUND(?s)" in ordered and ordered.endswith("?p LIMIT 2")
    assert total_order("SELECT * { ?s ?p 'ORDER BY ?o' }") == "SELECT * { ?s ?p 'ORDER BY ?o' }"


def test_a_syntax_error_after_order_by_is_placed_in_the_users_text():
    store = Store()
    query = from_text("SELECT * { ?s ?p ?o } ORDER BY ?o LIMIT x", source="q.rq")
    with pytest.raises(QueryError) as caught:
        run_local(store, query)
    # where pyoxigraph places it in the text as written (the keyed text would put it ~700 later)
    assert (caught.value.line, caught.value.column) == (1, 42)

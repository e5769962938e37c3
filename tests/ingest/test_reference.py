"""The bundled article is the reference: `kg ingest` on its text reproduces the infobox facts
that were encoded by hand in kg/data/article.ttl, compared with SPARQL on both graphs."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg import resources
from kg.cli.root import cli

PREFIXES = """
PREFIX kg: <https://w3id.org/conflict-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""

# Each query returns rows of plain strings; both graphs must give the same set of rows.
QUERIES = {
    "dates": """
        SELECT ?p ?value ?type WHERE {
            ?headline kg:resultOf ?c . ?c ?p ?v .
            FILTER (?p IN (kg:startDate, kg:endDate, kg:statedDuration))
            BIND (STR(?v) AS ?value) BIND (STR(DATATYPE(?v)) AS ?type)
        }""",
    "place": """
        SELECT ?place WHERE {
            ?r kg:resultOf ?c . ?c kg:place/rdfs:label ?l . BIND (STR(?l) AS ?place)
        }""",
    "result": """
        SELECT ?headline ?sub WHERE {
            ?r kg:resultOf ?c ; rdfs:label ?h . ?s kg:subResultOf ?r ; rdfs:label ?sl .
            BIND (STR(?h) AS ?headline) BIND (STR(?sl) AS ?sub)
        }""",
    "sides": """
        SELECT ?side WHERE {
            ?s a kg:Side ; kg:sideIn ?c ; rdfs:label ?l . BIND (STR(?l) AS ?side)
        }""",
    "belligerents": """
        SELECT ?side WHERE {
            ?p a kg:Participation ; kg:onSide/rdfs:label ?l ; kg:participant ?who .
            ?p kg:inConflict ?c . ?r kg:resultOf ?c .
            BIND (STR(?l) AS ?side)
        }""",
    "strength": """
        SELECT ?side ?pos ?form ?value ?low ?high ?unit WHERE {
            ?f a kg:StrengthEstimate ; kg:onSide/rdfs:label ?sl ; kg:listPosition ?p ;
               kg:quantityForm ?fm ; kg:unit ?u .
            OPTIONAL { ?f kg:value ?v } OPTIONAL { ?f kg:lowerBound ?lo }
            OPTIONAL { ?f kg:upperBound ?hi }
            BIND (STR(?sl) AS ?side) BIND (STR(?p) AS ?pos) BIND (STR(?fm) AS ?form)
            BIND (COALESCE(STR(?v), "-") AS ?value) BIND (COALESCE(STR(?lo), "-") AS ?low)
            BIND (COALESCE(STR(?hi), "-") AS ?high) BIND (STR(?u) AS ?unit)
        }""",
    "losses": """
        SELECT ?side ?pos ?party ?kind ?form ?value ?low ?unit ?captor WHERE {
            ?f a kg:LossFigure ; kg:onSide/rdfs:label ?sl ; kg:listPosition ?p ;
               kg:lossKind ?k ; kg:quantityForm ?fm ; kg:unit ?u .
            OPTIONAL { ?f kg:party/rdfs:label ?pl } OPTIONAL { ?f kg:value ?v }
            OPTIONAL { ?f kg:lowerBound ?lo } OPTIONAL { ?f kg:capturedBy/rdfs:label ?cl }
            BIND (STR(?sl) AS ?side) BIND (STR(?p) AS ?pos) BIND (COALESCE(STR(?pl), "-") AS ?party)
            BIND (STR(?k) AS ?kind) BIND (STR(?fm) AS ?form) BIND (COALESCE(STR(?v), "-") AS ?value)
            BIND (COALESCE(STR(?lo), "-") AS ?low) BIND (STR(?u) AS ?unit)
            BIND (COALESCE(STR(?cl), "-") AS ?captor)
        }""",
}


def rows(store: ox.Store, name: str) -> set[tuple[str, ...]]:
    result = store.query(PREFIXES + QUERIES[name], use_default_graph_as_union=True)
    return {tuple(solution[v].value for v in result.variables) for solution in result}


@pytest.fixture(scope="module")
def graphs(tmp_path_factory):
    out = tmp_path_factory.mktemp("ingest") / "article.trig"
    source = resources.data_path("allied-intervention-in-the-russian-civil-war.txt")
    result = CliRunner().invoke(cli, ["ingest", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    ingested = ox.Store()
    ingested.load(path=str(out))
    curated = ox.Store()
    curated.load(path=str(resources.data_path("article.ttl")), format=ox.RdfFormat.TURTLE)
    return curated, ingested


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_ingest_reproduces_the_curated_infobox_facts(graphs, name):
    curated, ingested = graphs
    expected = rows(curated, name)
    assert expected, f"the reference query {name} finds nothing in article.ttl"
    actual = rows(ingested, name)
    assert actual == expected, (f"only in article.ttl: {sorted(expected - actual)}\n"
                                f"only in ingest: {sorted(actual - expected)}")


def test_the_eleven_strength_figures_keep_range_and_lower_bound(graphs):
    _, ingested = graphs
    strength = rows(ingested, "strength")
    assert len([r for r in strength if r[0] == "Allied Powers"]) == 11
    forms = {r[2].rsplit("#", 1)[1] for r in strength}
    assert forms == {"Range", "Exact", "LowerBound", "UnknownQuantity"}


def test_the_comparison_can_fail(graphs):
    curated, _ = graphs
    broken = ox.Store()
    for quad in curated:
        if quad.predicate.value.endswith("#lowerBound") and quad.object.value == "938":
            quad = ox.Quad(quad.subject, quad.predicate,
                           ox.Literal("939", datatype=quad.object.datatype), quad.graph_name)
        broken.add(quad)
    assert rows(broken, "losses") != rows(curated, "losses")

"""The article graph read as a historian reads it: dates comparable across precisions, inferences
marked with their basis, receipt details kept out of the article graph, the mutiny sentence as
written, and the Romanians tied to their state without claiming more than the text says."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg import namespaces as ns
from kg.dates import BOUND_PROPERTIES, derived_bounds
from kg.query.binding import bind
from kg.query.catalog import load_bundled
from kg.query.run import run_local
from kg.store.store import Store

KG = ns.ONTOLOGY
KGR = ns.RESOURCE
PREFIXES = ns.sparql_prefixes()
BOUNDS = {KG + p for p in ("earliestStart", "latestStart", "earliestEnd", "latestEnd")}


@pytest.fixture(scope="module")
def store() -> Store:
    return Store.bundled()


def _article(store: Store) -> list[ox.Quad]:
    return list(store.quads([ns.GRAPH_ARTICLE]))


def select(store: Store, query: str) -> list[dict]:
    solutions = store.query(PREFIXES + query)
    names = [v.value for v in solutions.variables]
    return [{n: (None if row[n] is None else row[n].value) for n in names} for row in solutions]


# -- dates of different precision ------------------------------------------------------------

def test_every_dated_thing_has_exactly_the_bounds_its_precision_gives(store):
    quads = _article(store)
    stated = [(q.subject.value, q.predicate.value, q.object.value, q.object.datatype.value)
              for q in quads if q.predicate.value in BOUND_PROPERTIES]
    assert len(stated) >= 20
    expected = derived_bounds(stated)
    found = {(q.subject.value, q.predicate.value, q.object.value) for q in quads
             if q.predicate.value in BOUNDS}
    assert found == expected
    assert all(q.object.datatype.value == ns.PREFIXES["xsd"] + "date" for q in quads
               if q.predicate.value in BOUNDS)


def test_a_plain_filter_finds_the_campaign_that_started_before_the_conflict(store):
    """"1917" (a year) against 1918-01-12 (a day) is a type error; the bounds are both days."""
    found = select(store, """
        SELECT ?part WHERE {
          GRAPH ?g { ?part kg:partOf ?whole ; kg:latestStart ?partStart .
                     ?whole kg:earliestStart ?wholeStart . }
          FILTER(?partStart < ?wholeStart)
        }""")
    assert found == [{"part": KGR + "CaucasusIntervention"}]
    naive = select(store, """
        SELECT ?part WHERE { ?part kg:partOf ?whole ; kg:startDate ?s . ?whole kg:startDate ?w .
                             FILTER(?s < ?w) }""")
    assert naive == [], "without the bounds the comparison is a type error (the issue's trap)"


def test_date_ranges_has_one_row_per_dated_thing_with_start_and_end(store):
    query = load_bundled("date_ranges")
    result = [{k: (None if v is None else v.value) for k, v in row.items()}
              for row in run_local(store, query, bind(query, [])).dicts()]
    subjects = [r["subject"] for r in result]
    assert len(subjects) == len(set(subjects))
    by = {r["subject"]: r for r in result}
    caucasus = by[KGR + "CaucasusIntervention"]
    assert (caucasus["start"], caucasus["end"], caucasus["startPrecision"]) == (
        "1917", "1919", "year")
    assert (caucasus["earliestStart"], caucasus["latestEnd"]) == ("1917-01-01", "1919-12-31")
    armistice = by[KGR + "ArmisticeOf11November1918"]
    assert armistice["start"] == armistice["end"] == "1918-11-11"
    assert by[KGR + "AlliedWithdrawal"]["end"] == "by 1925"
    assert by[KGR + "EvacuationOfCzechoslovakLegion"]["latestEnd"] == "1920-09-30"
    assert {KGR + "AlliedIntervention", KGR + "NorthRussiaIntervention",
            KGR + "OctoberRevolution"} <= set(by)


# -- inferences --------------------------------------------------------------------------------

def test_every_inference_names_a_triple_that_is_in_the_graph_and_gives_a_basis(store):
    missing = select(store, """
        SELECT ?i WHERE { GRAPH ?g { ?i a kg:Inference . }
          FILTER NOT EXISTS { GRAPH ?g { ?i rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
                                         kg:basis ?b . ?s ?p ?o } } }""")
    assert missing == []


@pytest.mark.parametrize("kind", ["State", "Settlement", "Island"])
def test_kinds_the_words_do_not_state_are_marked_as_inferences(store, kind):
    unmarked = select(store, f"""
        SELECT ?x WHERE {{ GRAPH <{ns.GRAPH_ARTICLE}> {{ ?x a kg:{kind} .
          FILTER NOT EXISTS {{ ?i a kg:Inference ; rdf:subject ?x ; rdf:predicate rdf:type ;
                                  rdf:object kg:{kind} }} }} }}""")
    assert unmarked == []


def test_holds_before_the_armistice_is_marked_as_a_reading_of_the_text(store):
    unmarked = select(store, """
        SELECT ?m WHERE { ?m kg:holdsBefore ?e .
          FILTER NOT EXISTS { ?i a kg:Inference ; rdf:subject ?m ; rdf:predicate kg:holdsBefore } }
        """)
    assert unmarked == []


def test_a_query_for_states_whose_forces_fought_the_bolsheviks_finds_romania(store):
    found = select(store, """
        SELECT ?state ?basis WHERE {
          ?loss kg:onSide kgr:BolshevikSide ; kg:capturedBy ?force .
          ?force kg:armedForceOf ?state . ?state a kg:State .
          ?i a kg:Inference ; rdf:subject ?force ; rdf:predicate kg:armedForceOf ;
             rdf:object ?state ; kg:basis ?basis .
        }""")
    assert [r["state"] for r in found] == [KGR + "KingdomOfRomania"]
    assert "does not say on which side" in found[0]["basis"]
    link = select(store, "SELECT ?item WHERE { kgr:KingdomOfRomania skos:exactMatch ?item }")
    assert link == [{"item": ns.WD + "Q203493"}]
    # nothing more than the text says: no participation, side or membership for Romania
    assert not store.ask(PREFIXES + """ASK { { ?p kg:participant kgr:KingdomOfRomania }
        UNION { ?s kg:member kgr:KingdomOfRomania } UNION { kgr:Romanians kg:onSide ?side } }""")


# -- the source document and its provenance ---------------------------------------------------

def test_receipt_details_live_in_the_provenance_graph_not_the_article_graph(store):
    doc = f"<{KGR}source-article>"
    in_article = {r["p"] for r in select(store, f"""
        SELECT ?p WHERE {{ GRAPH <{ns.GRAPH_ARTICLE}> {{ {doc} ?p ?o }} }}""")}
    dcterms = ns.PREFIXES["dcterms"]
    for moved in ("identifier", "extent", "format", "source"):
        assert dcterms + moved not in in_article, moved
        graph = ns.GRAPH_PROVENANCE
        assert store.ask(f"ASK {{ GRAPH <{graph}> {{ {doc} <{dcterms}{moved}> ?o }} }}")
    assert not store.ask(f"ASK {{ GRAPH <{ns.GRAPH_ARTICLE}> {{ <{KGR}dataset> ?p ?o }} }}")


def test_a_licence_version_only_where_it_is_known(store):
    licence = select(store, f"""
        SELECT ?l WHERE {{ GRAPH <{ns.GRAPH_ARTICLE}> {{ kgr:source-article dcterms:license ?l }} }}
        """)
    assert licence == [{"l": "https://creativecommons.org/licenses/by-sa/"}], \
        "the text names CC BY-SA without a version"
    dataset = select(store, "SELECT ?l WHERE { kgr:dataset dcterms:license ?l }")
    assert dataset == [{"l": "https://creativecommons.org/licenses/by-sa/4.0/"}]


# -- the mutiny sentence -----------------------------------------------------------------------

def test_mutiny_is_what_the_reluctance_led_to_and_keeps_its_flag(store):
    factors = select(store, "SELECT ?f WHERE { ?f a kg:HamperingFactor } ORDER BY ?f")
    assert len(factors) == 3
    led = select(store, "SELECT ?f WHERE { ?f kg:ledTo kgr:Mutinies }")
    assert led == [{"f": KGR + "FactorTroopDiscontent"}]
    assert store.ask(PREFIXES + "ASK { kgr:Mutinies a kg:Mutiny ; "
                     "kg:sourcingCircumstance kg:AttributionRequested }")

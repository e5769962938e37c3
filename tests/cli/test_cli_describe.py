"""``kg describe``: an entity by IRI, CURIE or label, every fact grouped by property with the
source's own words; ambiguous or unknown terms are usage errors."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg import namespaces as ns
from kg.cli import cli
from kg.describe.entity import describe, resolve, subgraph
from kg.errors import UsageError
from kg.export.serialize import jsonld_to_nquads
from kg.resources import source_text
from kg.store.store import Store

KGR = ns.RESOURCE
KG = ns.ONTOLOGY


def kg(*args: str):
    return CliRunner().invoke(cli, ["describe", *args])


@pytest.fixture(scope="module")
def store() -> Store:
    return Store.bundled()


@pytest.mark.parametrize("term", ["kgr:UnitedKingdom", f"<{KGR}UnitedKingdom>",
                                  f"{KGR}UnitedKingdom", "United Kingdom", "united KINGDOM",
                                  "British"])
def test_iri_curie_label_and_alt_label_find_the_entity(store, term):
    assert resolve(store, term) == KGR + "UnitedKingdom"


def test_ambiguous_label_lists_the_candidates_and_exits_2():
    result = kg("Bolsheviks")
    assert result.exit_code == 2
    assert result.stderr == ("kg: 'Bolsheviks' is ambiguous: kgr:BolshevikSide (side); "
                             "kgr:Bolsheviks (political movement). Give the IRI or CURIE.\n")


def test_unknown_term_exits_2_with_near_labels():
    result = kg("Sakhal")
    assert result.exit_code == 2
    assert "Unknown term 'Sakhal'" in result.stderr and "Sakhalin (kgr:Sakhalin)" in result.stderr
    assert kg("kgr:Atlantis").exit_code == 2
    assert kg("Atlantis").exit_code == 2


def test_facts_grouped_by_property_with_fact_nodes_and_quotes(store):
    desc = describe(store, "United Kingdom")
    assert desc.types == [KG + "State"]
    assert desc.labels == ["United Kingdom"] and desc.alt_labels == ["British"]
    text = source_text()
    for quote in desc.quotes:
        assert text[quote.begin:quote.end] == quote.text
    figure = next(f for f in desc.facts if f.property == KG + "party")
    assert figure.direction == "in" and figure.via == KGR + "loss-united-kingdom-killed"
    assert any(p == KG + "lowerBound" and o.value == "938" for p, o in figure.details)
    assert [q.text for q in figure.quotes] == ["United Kingdom:\n    938+ killed"]
    places = {f.via for f in desc.facts if f.property == KG + "participant"}
    assert places == {KGR + "BritainInBaltic", KGR + "BritainInCaucasus"}
    link = next(f for f in desc.facts if f.property == "http://www.w3.org/2004/02/skos/core#"
                "exactMatch")
    assert link.value == ox.NamedNode(ns.WD + "Q174193")


def test_direct_facts_are_quoted_with_the_spans_that_state_them(store):
    desc = describe(store, "kgr:CaucasusIntervention")
    start = next(f for f in desc.facts if f.property == KG + "startDate")
    assert start.value.value == "1917"
    assert [q.text for q in start.quotes] == ["in the Caucasus (1917–1919)"]
    ended = describe(store, "kgr:NorthRussiaIntervention")
    ender = next(f for f in ended.facts if f.property == KG + "ends")
    assert ender.direction == "in"
    assert ender.quotes[0].text.endswith("end the North Russia and Siberian interventions in 1920")


def test_text_output(store):
    result = kg("kgr:loss-greece-killed")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Greece: 179 killed  kgr:loss-greece-killed"
    assert lines[2] == "type      loss figure (kg:LossFigure)"
    assert "source    \u201cGreece:\u201d [1487\u20131494]" in lines
    block = result.stdout.split("\nvalue  (kg:value)\n", 1)[1].splitlines()
    assert block[:2] == ["  \u2022 179", "      \u201c179 killed\u201d [1499\u20131509]"]


def test_text_output_marks_incoming_facts_and_names_fact_nodes():
    text = kg("british").stdout
    assert "\u2190 party  (kg:party)\n  \u2022 loss figure kgr:loss-united-kingdom-killed" in text
    assert "\u201cUnited Kingdom:\\n    938+ killed\u201d [1419\u20131450]" in text
    assert "\u2190 participant  (kg:participant)\n  \u2022 participation kgr:BritainInBaltic" \
        in text


@pytest.mark.parametrize("fmt", ["turtle", "json-ld"])
def test_rdf_output_is_the_subgraph(store, fmt):
    result = kg("kgr:Mutinies", "--format", fmt)
    assert result.exit_code == 0, result.output
    if fmt == "turtle":
        triples = {q.triple for q in ox.parse(result.stdout_bytes, format=ox.RdfFormat.TURTLE)}
    else:
        nquads = jsonld_to_nquads(result.stdout_bytes)
        triples = {q.triple for q in ox.parse(nquads.encode(), format=ox.RdfFormat.N_QUADS)}
        assert json.loads(result.stdout)["@context"]["kgr"] == KGR
    assert triples == set(subgraph(store, "kgr:Mutinies"))
    mutinies = ox.NamedNode(KGR + "Mutinies")
    flag = ox.Triple(mutinies, ox.NamedNode(KG + "sourcingCircumstance"),
                     ox.NamedNode(KG + "AttributionRequested"))
    assert flag in triples
    spans = {t.object for t in triples if t.subject == mutinies
             and t.predicate.value == KG + "evidence"}
    anchors = {t.object.value for t in triples if t.subject in spans
               and t.predicate.value == KG + "anchorOf"}
    assert "[according to who]" in anchors
    assert ox.Triple(ox.NamedNode(KGR + "FactorTroopDiscontent"), ox.NamedNode(KG + "ledTo"),
                     mutinies) in triples


def test_describe_user_data(tmp_path):
    mine = tmp_path / "mine.ttl"
    mine.write_text("@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
                    "<urn:x:a> rdfs:label \"Alpha\"@en ; <urn:x:p> <urn:x:b> .\n"
                    "<urn:x:b> rdfs:label \"Beta\"@en .\n")
    result = kg("alpha", "--data", str(mine))
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "Alpha  urn:x:a"
    assert "  \u2022 Beta (urn:x:b)" in result.stdout
    assert kg("alpha").exit_code == 2, "not in the bundled graph"


def test_resolve_errors_are_usage_errors(store):
    with pytest.raises(UsageError, match="ambiguous"):
        resolve(store, "bolsheviks")


def _many_quoted_facts(path, count: int = 3000):
    """An entity with ``count`` literal facts and as many evidence spans: describe matches every
    fact against every span (count squared checks, seconds at 3,000), a real slow case in 300 KB."""
    lines = ["@prefix kg: <https://w3id.org/conflict-kg/ontology#> .",
             "@prefix ex: <http://example.org/> .",
             'ex:Target <http://www.w3.org/2000/01/rdf-schema#label> "Target" .']
    lines += [f'ex:Target kg:evidence [ kg:beginIndex {i} ; kg:endIndex {i + 5} ; '
              f'kg:anchorOf "w{i}" ] ; ex:note "v{i}" .' for i in range(count)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["text", "turtle"])
def test_timeout_stops_a_slow_description_with_one_line(tmp_path, fmt):
    data = _many_quoted_facts(tmp_path / "many.ttl")
    result = kg("Target", "--data", str(data), "--format", fmt, "--timeout", "0.1")
    assert result.exit_code == 3, result.output
    assert result.stdout == ""
    assert result.stderr == ("kg: Target: the description did not finish within 0.1 s "
                             "(--timeout); allow more time (--timeout SECONDS, 0 for no limit)\n")


def test_timeout_zero_means_no_limit_and_a_negative_one_is_a_usage_error(tmp_path):
    data = _many_quoted_facts(tmp_path / "few.ttl", count=20)
    done = kg("Target", "--data", str(data), "--timeout", "0")
    assert done.exit_code == 0, done.output
    assert "v19" in done.stdout
    refused = kg("Target", "--timeout", "-1")
    assert refused.exit_code == 2
    assert refused.stderr == "kg: --timeout must be 0 (no limit) or a number of seconds.\n"


def test_stop_event_stops_describe_between_facts(tmp_path):
    import threading

    from kg.query.deadline import Stop

    store = Store()
    store.load_file(_many_quoted_facts(tmp_path / "some.ttl", count=50))
    stop = threading.Event()
    stop.set()
    with pytest.raises(Stop):
        describe(store, "Target", stop)


def test_describe_shows_literals_as_written(tmp_path):
    data = tmp_path / "written.ttl"
    data.write_text('@prefix ex: <http://example.org/> .\n'
                    'ex:Target <http://www.w3.org/2000/01/rdf-schema#label> "Target" ;\n'
                    '    ex:share 4.0 ;\n'
                    '    ex:flag "1"^^<http://www.w3.org/2001/XMLSchema#boolean> .\n',
                    encoding="utf-8")
    text = kg("Target", "--data", str(data))
    assert text.exit_code == 0, text.output
    assert "• 4.0" in text.stdout and "• 1" in text.stdout, text.stdout
    turtle = kg("Target", "--data", str(data), "--format", "turtle")
    assert "4.0" in turtle.stdout and '"1"^^xsd:boolean' in turtle.stdout, turtle.stdout

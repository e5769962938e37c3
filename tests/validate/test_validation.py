"""kg.validate.engine as a library: the class hierarchy, thresholds, SPARQL constraints."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
import rdflib
from rdflib.plugins.sparql import processor

from kg import resources
from kg.errors import KgError, UsageError
from kg.validate import engine as v

DATA = Path(__file__).resolve().parents[1] / "data" / "validate"

# A SPARQL-based constraint whose answer depends on $this: each focus node must get its own.
SPARQL_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<urn:StartBeforeEnd> a sh:NodeShape ;
  sh:targetSubjectsOf <urn:start> ;
  sh:sparql [
    sh:message "start {?s} is after end {?e}" ;
    sh:select "SELECT $this ?s ?e WHERE { $this <urn:start> ?s ; <urn:end> ?e . FILTER(?s > ?e) }"
  ] .
"""
SPARQL_DATA = """
<urn:a> <urn:start> 1 ; <urn:end> 2 .
<urn:b> <urn:start> 5 ; <urn:end> 3 .
<urn:c> <urn:start> 4 ; <urn:end> 4 .
<urn:d> <urn:start> 9 ; <urn:end> 1 .
"""


def _graph(path: Path) -> rdflib.Graph:
    return v.load_rdf_files([path])


@pytest.fixture(scope="module")
def shapes() -> rdflib.Graph:
    return _graph(DATA / "shapes.ttl")


def test_ontology_makes_subclasses_count(shapes):
    data = _graph(DATA / "violation.ttl")
    with_ontology = v.validate(data, shapes, v.bundled_ontology())
    without = v.validate(data, shapes, None)
    assert [r.message for r in with_ontology.results] == ["A conflict needs a start date."]
    # without the ontology, a kg:Campaign is not known to be a kg:Conflict
    assert "A conflict needs a start date." not in [r.message for r in without.results]


def test_validate_does_not_modify_the_data(shapes):
    data = _graph(DATA / "violation.ttl")
    before = set(data)
    v.validate(data, shapes, v.bundled_ontology())
    assert set(data) == before


@pytest.mark.parametrize(("threshold", "fails"), [
    ("violation", False), ("warning", True), ("info", True), ("WARNING", True)])
def test_fails_at(shapes, threshold, fails):
    report = v.validate(_graph(DATA / "warnings.ttl"), shapes, v.bundled_ontology())
    assert report.counts() == {"Violation": 0, "Warning": 1, "Info": 1}
    assert report.fails_at(threshold) is fails
    assert report.conforms  # the default threshold is violation


def test_conforms_follows_fail_on(shapes):
    report = v.validate(_graph(DATA / "warnings.ttl"), shapes, v.bundled_ontology(),
                        fail_on="warning")
    assert not report.conforms


def test_unknown_threshold_is_a_usage_error(shapes):
    with pytest.raises(UsageError, match="Unknown --fail-on value 'error'"):
        v.validate(_graph(DATA / "warnings.ttl"), shapes, fail_on="error")


def test_result_fields(shapes):
    [result] = v.validate(_graph(DATA / "violation.ttl"), shapes, v.bundled_ontology()).results
    assert result.severity == "Violation"
    assert str(result.focus_node) == "https://w3id.org/conflict-kg/id/SiberianIntervention"
    assert str(result.result_path) == "https://w3id.org/conflict-kg/ontology#startDate"
    assert result.value is None
    assert isinstance(result.source_shape, rdflib.BNode)
    assert str(result.named_shape) == "https://w3id.org/conflict-kg/shapes#TestConflictShape"
    assert str(result.source_constraint_component).endswith("#MinCountConstraintComponent")
    assert result.focus_label == "Siberian intervention"
    assert result.evidence == (v.Evidence("the Siberian intervention of 1918–1922", 1860, 1896),)


def test_sparql_constraint_binds_each_focus_node():
    data = rdflib.Graph().parse(data=SPARQL_DATA, format="turtle")
    shapes = rdflib.Graph().parse(data=SPARQL_SHAPES, format="turtle")
    report = v.validate(data, shapes)
    assert sorted((str(r.focus_node), r.message) for r in report.results) == [
        ("urn:b", "start 5 is after end 3"), ("urn:d", "start 9 is after end 1")]


def test_parsed_query_cache_changes_no_result_and_is_undone(monkeypatch):
    from kg.validate import engines

    original = processor.SPARQLProcessor.query
    data = rdflib.Graph().parse(data=SPARQL_DATA, format="turtle")
    shapes = rdflib.Graph().parse(data=SPARQL_SHAPES, format="turtle")
    cached = v.validate(data, shapes, engine="pyshacl")
    assert processor.SPARQLProcessor.query is original
    monkeypatch.setattr(engines, "_reuse_parsed_sparql", contextlib.nullcontext)
    plain = v.validate(data, shapes, engine="pyshacl")
    assert sorted(map(repr, cached.results)) == sorted(map(repr, plain.results))


def test_paths_are_read_as_sparql_paths():
    data = rdflib.Graph().parse(data="<urn:a> a <urn:C> .", format="turtle")
    shapes = rdflib.Graph().parse(format="turtle", data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:S> a sh:NodeShape ; sh:targetClass <urn:C> ;
          sh:property [ sh:path ( <urn:p> [ sh:inversePath <urn:q> ] ) ; sh:minCount 1 ] .""")
    [result] = v.validate(data, shapes).results
    assert result.result_path.n3() == "<urn:p>/^<urn:q>"


def test_no_bundled_shapes_is_an_error(monkeypatch, tmp_path):
    monkeypatch.setattr(resources, "shapes_files", lambda: [])
    monkeypatch.setattr(resources, "shapes_dir", lambda: tmp_path)
    with pytest.raises(KgError, match="no SHACL shapes found in"):
        v.bundled_shapes()


def test_bundled_graph_conforms():
    from kg import namespaces as ns
    from kg.store.store import Store

    store = Store.bundled()
    data = store.to_rdflib([g for g in store.graph_names() if g != ns.GRAPH_ONTOLOGY])
    report = v.validate(data, v.bundled_shapes(), store.to_rdflib([ns.GRAPH_ONTOLOGY]))
    assert report.counts()["Violation"] == 0, [r.message for r in report.results]
    assert report.counts()["Warning"] >= 1  # the article's own contradictions

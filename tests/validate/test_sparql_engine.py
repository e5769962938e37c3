"""The sparql engine (shapes compiled to SPARQL) against pySHACL, the reference:
literals the store rewrites, shapes it does not compile (refused, never half run), and auto's
fallback. The bundled graph, the mutations and generated data are in test_engines.py.
"""

from __future__ import annotations

import pytest
import rdflib
from click.testing import CliRunner

from kg.cli import cli
from kg.errors import KgError
from kg.store.store import Store
from kg.validate.engine import validate
from tests.validate.test_engines import key

PREFIXES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <urn:ex:> .
"""
# "7"^^xsd:nonNegativeInteger is held as "7"^^xsd:integer by the store (kg.store.lexical)
RETYPED = """
<urn:ex:a> <urn:ex:n> "7"^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger> .
<urn:ex:b> <urn:ex:n> "12"^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger> .
<urn:ex:c> <urn:ex:n> "3"^^<http://www.w3.org/2001/XMLSchema#integer> .
"""


def store_of(text: str) -> Store:
    store = Store()
    store.load_bytes(text.encode(), "nt")
    return store


def both(data_text: str, shapes_text: str, engine: str = "sparql"):
    shapes = rdflib.Graph().parse(format="turtle", data=PREFIXES + shapes_text)
    reference = validate(store_of(data_text), shapes, engine="pyshacl", extra_checks=False)
    compiled = validate(store_of(data_text), shapes, engine=engine, extra_checks=False)
    return reference, compiled


def test_retyped_literal_is_reported_as_written():
    reference, compiled = both(RETYPED, """
        ex:S sh:targetSubjectsOf ex:n ; sh:property [ sh:path ex:n ;
            sh:or ( [ sh:datatype xsd:nonNegativeInteger ] [ sh:datatype xsd:integer ] ) ;
            sh:minInclusive 10 ] .""")
    assert sorted(map(key, compiled.results)) == sorted(map(key, reference.results))
    values = {r.value for r in compiled.results}
    assert values == {rdflib.Literal("7", datatype=rdflib.XSD.nonNegativeInteger),
                      rdflib.Literal("3", datatype=rdflib.XSD.integer)}


def test_shapes_that_tell_the_retyped_datatype_apart_are_refused():
    with pytest.raises(KgError, match="sparql engine cannot run these shapes: sh:datatype"):
        both(RETYPED, """ex:S sh:targetSubjectsOf ex:n ;
            sh:property [ sh:path ex:n ; sh:datatype xsd:nonNegativeInteger ] .""")


def test_auto_falls_back_for_the_whole_run_and_matches_pyshacl():
    reference, compiled = both(RETYPED, """ex:S sh:targetSubjectsOf ex:n ;
        sh:property [ sh:path ex:n ; sh:datatype xsd:nonNegativeInteger ] .""", engine="auto")
    assert sorted(map(key, compiled.results)) == sorted(map(key, reference.results))
    assert len(compiled.results) == 1  # "3"^^xsd:integer


@pytest.mark.parametrize("shapes_text", [
    "ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:qualifiedValueShape "
    "[ sh:class ex:C ] ; sh:qualifiedMinCount 1 ] .",
    "ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:lessThan ex:q ] .",
    "ex:S sh:targetNode ex:a ; sh:sparql [ sh:select "
    "'SELECT $this WHERE { $this ?p $currentShape }' ] .",
])
def test_what_is_not_compiled_is_refused_by_name(shapes_text):
    with pytest.raises(KgError, match=r"sparql engine cannot run these shapes: .*"
                                      r"(qualified|lessThan|currentShape)"):
        both('<urn:ex:a> <urn:ex:p> "1" .\n', shapes_text)


@pytest.mark.parametrize("shapes_text", [
    # pre-bound $this inside a group of its own, and a sub-select: run once per focus node
    """ex:S sh:targetSubjectsOf ex:p ; sh:sparql [ sh:select '''
        SELECT $this WHERE { { FILTER (bound($this)) } $this <urn:ex:p> "x" . }''' ] .""",
    """ex:S sh:targetSubjectsOf ex:p ; sh:sparql [ sh:select '''
        SELECT $this ?value WHERE { { SELECT $this ?value WHERE { $this <urn:ex:p> ?value } } }
        ''' ;
        sh:message "{$this} has {?value}" ] .""",
    # nested property shapes: a value node is checked once per focus node that has it
    """ex:S sh:targetSubjectsOf ex:p ; sh:property [ sh:path ex:p ;
        sh:property [ sh:path ex:q ; sh:minCount 1 ] ] .""",
    # closed shapes, equals, disjoint, uniqueLang (one result per language)
    """ex:S sh:targetSubjectsOf ex:p ; sh:closed true ; sh:ignoredProperties ( ex:q ) ;
        sh:property [ sh:path ex:p ; sh:disjoint ex:q ; sh:uniqueLang true ] ,
                    [ sh:path ex:q ; sh:equals ex:p ] .""",
])
def test_compiled_results_are_pyshacl_results(shapes_text):
    data = """<urn:ex:a> <urn:ex:p> "x" .
<urn:ex:a> <urn:ex:p> "y"@en .
<urn:ex:a> <urn:ex:p> "z"@EN .
<urn:ex:a> <urn:ex:q> "x" .
<urn:ex:b> <urn:ex:p> <urn:ex:c> .
<urn:ex:d> <urn:ex:p> <urn:ex:c> .
<urn:ex:a> <urn:ex:r> <urn:ex:c> .
"""
    reference, compiled = both(data, shapes_text)
    assert sorted(map(key, compiled.results)) == sorted(map(key, reference.results))
    assert reference.results


def test_cli_engine_sparql_refusal_exits_3(tmp_path):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(PREFIXES + "ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:p ; "
                      "sh:lessThan ex:q ] .\n", encoding="utf-8")
    data = tmp_path / "data.nt"
    data.write_text('<urn:ex:a> <urn:ex:p> "1" .\n', encoding="utf-8")
    refused = CliRunner().invoke(cli, ["validate", str(data), "--shapes", str(shapes),
                                       "--engine", "sparql"])
    assert refused.exit_code == 3
    assert refused.stderr == ("kg: the sparql engine cannot run these shapes: sh:lessThan; use "
                              "--engine auto, turbo or pyshacl.\n")
    auto = CliRunner().invoke(cli, ["validate", str(data), "--shapes", str(shapes)])
    assert auto.exit_code == 0, auto.output


def test_cli_sparql_engine_does_not_chunk(tmp_path):
    data = tmp_path / "data.nt"
    data.write_text('<urn:ex:a> <urn:ex:p> "1" .\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(data), "--engine", "sparql", "--jobs", "2"])
    assert result.exit_code == 2
    assert result.stderr == ("kg: The --jobs option checks chunks with --engine turbo or "
                             "pyshacl; the sparql engine checks the whole store at once.\n")

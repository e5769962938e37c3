"""Validating in chunks (kg.validate.partition) gives exactly the results of the whole graph:
on the bundled data, on every mutation of tests/data/nonconforming, on a generated graph with
planted violations, in one process and in two; shapes it cannot vouch for are validated whole.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib.compare import isomorphic

from kg import resources
from kg.store.store import Store
from kg.validate import chunkable, partition
from kg.validate.engine import validate
from tests.bundle.test_shapes import NONCONFORMING, bundled_data_store

BENCH = Path(__file__).resolve().parents[1] / "bench"


def _key(result) -> tuple:
    return (str(result.focus_node), str(result.result_path), str(result.value), result.severity,
            result.message, str(result.source_shape), str(result.named_shape),
            str(result.source_constraint_component), result.focus_label, result.evidence)


def _same_report(store: Store, shapes, ontology, chunk_triples: int, jobs: int = 1):
    whole = validate(store.to_rdflib(), shapes, ontology)
    current = partition.plan(store, chunk_triples=chunk_triples)
    assert len(current.chunks) > 1, "the data should be split for this test to mean anything"
    parts = partition.validate_store(store, shapes, ontology, plan_=current, jobs=jobs)
    assert sorted(map(_key, parts.results)) == sorted(map(_key, whole.results))
    assert parts.conforms == whole.conforms
    assert parts.data_triples == whole.data_triples
    assert isomorphic(parts.graph, whole.graph)
    return whole


def test_bundled_shapes_are_partition_safe(shapes):
    # Fails when a shape starts reading further than a chunk holds (or a SPARQL text changes):
    # read the changed constraint, extend the proof in kg/validate/chunkable.py, then update
    # its fingerprint.
    assert chunkable.partition_safe(shapes)


@pytest.mark.parametrize("extra, reason", [
    ("kgsh:S sh:targetClass kg:Event ; sh:property [ sh:path kg:partOf ; sh:node kgsh:T ] .",
     "http://www.w3.org/ns/shacl#node, which chunked validation does not know"),
    ("kgsh:S sh:targetClass kg:Event ; sh:property [ sh:path ( kg:partOf kg:partOf ) ;"
     " sh:minCount 1 ] .", "a sh:path is neither a predicate nor a choice of predicates"),
    ("kgsh:S sh:targetObjectsOf kg:partOf ; sh:property [ sh:path kg:text ; sh:minCount 1 ] .",
     "targetObjectsOf, which chunked validation does not know"),
    ("kgsh:S sh:targetClass kg:Event ; sh:property [ sh:path kg:partOf ;"
     " sh:or ( [ sh:path kg:startDate ; sh:minCount 1 ] ) ] .", "reaches past its value"),
    ("kgsh:S sh:targetClass kg:Event ;"
     " sh:sparql [ sh:select \"SELECT $this WHERE { ?x ?p $this }\" ] .",
     "a SPARQL constraint has not been read for chunked validation"),
])
def test_shapes_reaching_further_are_not_partition_safe(shapes, extra, reason):
    import rdflib

    more = rdflib.Graph().parse(format="turtle", data=(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "@prefix kg: <https://w3id.org/conflict-kg/ontology#> .\n"
        "@prefix kgsh: <https://w3id.org/conflict-kg/shapes#> .\n" + extra))
    assert not chunkable.partition_safe(shapes + more)
    assert reason in chunkable.unsafe_reason(shapes + more)


def test_bundled_data_in_chunks(shapes, ontology):
    whole = _same_report(bundled_data_store(), shapes, ontology, chunk_triples=500)
    assert whole.results  # the article's known warnings


def test_chunks_own_every_subject_once():
    store = bundled_data_store()
    current = partition.plan(store, chunk_triples=300)
    owned = [s for chunk in current.chunks for s in chunk]
    subjects = {q.subject for q in store.quads()}
    assert len(owned) == len(set(owned)) and set(owned) == subjects
    assert current.triples == len(store)


@pytest.mark.parametrize("path", NONCONFORMING, ids=lambda p: p.stem)
def test_mutation_in_chunks(path, shapes, ontology):
    store = bundled_data_store()
    store.update(path.read_text(encoding="utf-8"))
    whole = _same_report(store, shapes, ontology, chunk_triples=700)
    assert not whole.conforms


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("gen") / "small.nt"
    subprocess.run([sys.executable, str(BENCH / "generate.py"), "--triples", "3000", "--seed", "3",
                    "--violations", "4", "-o", str(out)], check=True, capture_output=True)
    return out


def test_generated_graph_with_violations_in_chunks(generated, shapes, ontology):
    store = partition.load_store([str(generated)])
    whole = _same_report(store, shapes, ontology, chunk_triples=800)
    assert sum(r.severity == "Violation" for r in whole.results) >= 3


def test_two_workers_give_the_same_report(generated, shapes, ontology):
    store = partition.load_store([str(generated)])
    _same_report(store, shapes, ontology, chunk_triples=800, jobs=2)


def test_one_component_falls_back_to_the_whole_graph(shapes, ontology):
    store = Store()
    store.load_bytes(b"""
        @prefix kg: <https://w3id.org/conflict-kg/ontology#> .
        <urn:a> a kg:Event ; kg:partOf <urn:b> . <urn:b> a kg:Event ; kg:partOf <urn:c> .
        <urn:c> a kg:Event .""", "turtle")
    current = partition.plan(store, chunk_triples=100)
    assert len(current.chunks) == 1
    report = partition.validate_store(store, shapes, ontology, chunk_triples=100)
    whole = validate(store.to_rdflib(), shapes, ontology)
    assert sorted(map(_key, report.results)) == sorted(map(_key, whole.results))
    assert report.results


def test_unsafe_shapes_are_validated_whole(generated, ontology):
    import rdflib

    shapes = rdflib.Graph().parse(format="turtle", data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix kg: <https://w3id.org/conflict-kg/ontology#> .
        <urn:S> sh:targetObjectsOf kg:inConflict ; sh:property [ sh:path kg:endDate ;
            sh:minCount 1 ; sh:message "no end" ] .""")
    store = partition.load_store([str(generated)])
    report = partition.validate_store(store, shapes, ontology, chunk_triples=500)
    whole = validate(store.to_rdflib(), shapes, ontology)
    assert sorted(map(_key, report.results)) == sorted(map(_key, whole.results))


def test_cli_jobs_gives_the_same_json(run_kg, generated):
    whole = run_kg("validate", str(generated), "--format", "json")
    parts = run_kg("validate", str(generated), "--format", "json", "--jobs", "2")
    assert whole.returncode == parts.returncode == 1
    assert json.loads(parts.stdout) == json.loads(whole.stdout)
    assert whole.stderr == parts.stderr == b""


def test_cli_says_why_edited_shapes_are_checked_whole(run_kg, generated, tmp_path):
    """A SPARQL constraint nobody has vetted for chunking: the same report, and a note saying
    why the run is slower than usual."""
    edited = tmp_path / "edited.ttl"
    edited.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "@prefix kg: <https://w3id.org/conflict-kg/ontology#> .\n"
        "@prefix kgsh: <https://w3id.org/conflict-kg/shapes#> .\n"
        "kgsh:Extra a sh:NodeShape ; sh:targetClass kg:Campaign ; sh:sparql [ sh:select "
        "\"SELECT $this WHERE { $this <https://w3id.org/conflict-kg/ontology#partOf> ?w . "
        "FILTER NOT EXISTS { ?w a <https://w3id.org/conflict-kg/ontology#Event> } }\" ] .\n")
    shapes = ["--shapes", str(resources.shapes_files()[0]), "--shapes", str(edited)]
    whole = run_kg("validate", str(generated), "--format", "json", *shapes)
    parts = run_kg("validate", str(generated), "--format", "json", "--jobs", "2", *shapes)
    assert json.loads(parts.stdout) == json.loads(whole.stdout)
    assert whole.stderr == b""
    assert parts.stderr.decode().startswith("kg: note: checking the whole graph at once, not in "
                                            "chunks: a SPARQL constraint has not been read")


def test_cli_jobs_needs_data(run_kg):
    result = run_kg("validate", "--jobs", "2")
    assert result.returncode == 2
    assert b"--jobs" in result.stderr

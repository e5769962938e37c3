"""Never change data silently: literals leave kg (export, validation) as they were written."""

from __future__ import annotations

import pyoxigraph as ox
from click.testing import CliRunner

from kg.cli import cli
from kg.store.store import Store

TTL = b"""@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<urn:a> <urn:b> "01"^^xsd:integer, 1, 1.0E0, "1"^^xsd:boolean, "7"^^xsd:byte,
    "2020-01-01T00:00:00.000Z"^^xsd:dateTime .
"""
WRITTEN = {'"01"^^<http://www.w3.org/2001/XMLSchema#integer>',
           '"1"^^<http://www.w3.org/2001/XMLSchema#integer>',
           '"1.0E0"^^<http://www.w3.org/2001/XMLSchema#double>',
           '"1"^^<http://www.w3.org/2001/XMLSchema#boolean>',
           '"7"^^<http://www.w3.org/2001/XMLSchema#byte>',
           '"2020-01-01T00:00:00.000Z"^^<http://www.w3.org/2001/XMLSchema#dateTime>'}


def objects(quads) -> set[str]:
    return {str(q.object) for q in quads}


def test_store_gives_back_literals_as_written():
    store = Store()
    assert store.load_bytes(TTL, "turtle") == 6
    assert len(store) == 6
    assert objects(store.quads()) == WRITTEN
    assert len(store.to_rdflib()) == 6


def test_a_later_file_stating_the_canonical_form_keeps_it():
    store = Store()
    store.load_bytes(b'<urn:a> <urn:b> "01"^^<http://www.w3.org/2001/XMLSchema#integer> .',
                     "nt")
    assert objects(store.quads()) == {'"01"^^<http://www.w3.org/2001/XMLSchema#integer>'}
    store.load_bytes(b'<urn:a> <urn:b> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .', "nt")
    assert len(objects(store.quads())) == 2
    assert len(store) == 2


def test_pattern_access_gives_literals_as_written():
    store = Store()
    store.load_bytes(TTL, "turtle")
    found = store.quads_for_pattern(ox.NamedNode("urn:a"), None, None, ox.DefaultGraph())
    assert objects(found) == WRITTEN


def test_kg_export_keeps_lexical_forms(tmp_path):
    path = tmp_path / "lex.ttl"
    path.write_bytes(TTL)
    result = CliRunner().invoke(cli, ["export", "-f", "nt", "--data", str(path)])
    assert result.exit_code == 0, result.output
    assert objects(ox.parse(result.stdout_bytes, format=ox.RdfFormat.N_TRIPLES)) == WRITTEN


def test_kg_query_says_what_the_engine_saw_rewritten(tmp_path):
    path = tmp_path / "lex.ttl"
    path.write_bytes(TTL)
    result = CliRunner().invoke(cli, ["query", "-e", "SELECT ?o { ?s ?p ?o }", "--data",
                                      str(path), "-f", "csv"])
    assert result.exit_code == 0, result.output
    assert result.stderr.count("\n") == 1
    assert "kg: note: the query engine holds 5 literals in canonical form: " in result.stderr
    assert '"1"^^xsd:boolean as "true"^^xsd:boolean' in result.stderr


def test_kg_validate_sees_the_written_datatype(tmp_path):
    data = tmp_path / "d.ttl"
    data.write_bytes(b'<urn:a> <urn:v> "7"^^<http://www.w3.org/2001/XMLSchema#byte> .\n')
    shapes = tmp_path / "s.ttl"
    shapes.write_bytes(b"""@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<urn:S> a sh:NodeShape ; sh:targetSubjectsOf <urn:v> ;
    sh:property [ sh:path <urn:v> ; sh:datatype xsd:byte ] .
""")
    result = CliRunner().invoke(cli, ["validate", str(data), "--shapes", str(shapes)])
    assert result.exit_code == 0, result.output


def test_blank_node_statements_keep_their_literals_and_their_nodes():
    store = Store()
    store.load_bytes(b'@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n'
                     b'<urn:a> <urn:b> [ <urn:p> "01"^^xsd:integer ] .\n'
                     b'_:x <urn:q> "01"^^xsd:integer .\n', "turtle")
    quads = list(store.quads())
    assert len(quads) == len(store) == 3
    assert objects(q for q in quads if q.predicate.value != "urn:b") == \
        {'"01"^^<http://www.w3.org/2001/XMLSchema#integer>'}
    inner = next(q.object for q in quads if q.predicate.value == "urn:b")
    assert any(q.subject == inner for q in quads if q.predicate.value == "urn:p")


def test_plain_n_triples_need_no_second_look():
    from kg.store.lexical import may_rewrite

    assert not may_rewrite(b'<urn:a> <urn:b> "x"^^<http://www.w3.org/2001/XMLSchema#string> .',
                           "n-triples")
    assert may_rewrite(b'<urn:a> <urn:b> "1"^^<http://www.w3.org/2001/XMLSchema#int> .',
                       "n-quads")


def test_the_bundled_files_hold_no_literal_the_engine_rewrites():
    # Store.load_bundled skips the second look on this promise.
    from kg.store.store import bundled_files

    store = Store()
    for path, graph in bundled_files():
        store.load_file(path, graph=graph)
    assert store.lexical.changed == {}


def test_kg_load_says_which_literals_the_store_rewrites(tmp_path):
    nt = tmp_path / "d.nt"
    nt.write_bytes(b'<urn:a> <urn:b> "01"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
                   b'<urn:a> <urn:b> "x" .\n')
    ttl = tmp_path / "d.ttl"
    ttl.write_bytes(TTL)
    result = CliRunner().invoke(cli, ["load", str(nt), str(ttl), "--store",
                                      str(tmp_path / "db")])
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 2
    assert lines[0] == (f'kg: note: the store holds 1 literal in canonical form: "01"^^xsd:integer'
                        f' as "1"^^xsd:integer ({nt}); kg export --data keeps them as written')
    assert "5 literals in canonical form" in lines[1]


ONE_WAY = b"""@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.org/> .
ex:a ex:d 4.0 ; ex:b "1"^^xsd:boolean ; ex:x "7"^^xsd:byte ; ex:n "01"^^xsd:integer .
ex:c ex:n "001"^^xsd:integer .
ex:e ex:n 2 ; ex:m "02"^^xsd:integer .
"""
XSD = "http://www.w3.org/2001/XMLSchema#"


def _select(tmp_path, query: str, *args: str) -> tuple[list[dict], str]:
    import json

    path = tmp_path / "one-way.ttl"
    path.write_bytes(ONE_WAY)
    result = CliRunner().invoke(cli, ["query", "-e", query, "--data", str(path),
                                      "-f", "sparql-json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["results"]["bindings"], result.stderr


def test_kg_query_shows_a_value_the_data_writes_one_way_as_written(tmp_path):
    rows, note = _select(tmp_path, "PREFIX ex: <http://example.org/> "
                                   "SELECT ?p ?o { ex:a ?p ?o } ORDER BY ?p")
    got = {row["p"]["value"].rsplit("/", 1)[1]: (row["o"]["value"], row["o"]["datatype"])
           for row in rows}
    assert got == {"d": ("4.0", XSD + "decimal"), "b": ("1", XSD + "boolean"),
                   "x": ("7", XSD + "byte"),
                   # "01" and "001" are one value to the engine: the row cannot say which
                   "n": ("1", XSD + "integer")}
    assert "results show a value as written when the data writes it one way" in note


def test_kg_query_keeps_computed_values_and_merged_forms_canonical(tmp_path):
    rows, _ = _select(tmp_path, "PREFIX ex: <http://example.org/> "
                                "SELECT ?o ?same ?count ?v { ex:e ?p ?o "
                                "BIND(?o AS ?same) { SELECT (COUNT(*) AS ?count) { ?s ?q ?w } } "
                                "VALUES ?v { 4.0 } } ORDER BY ?o")
    # 2 and "02" are both written (ex:n 2, ex:m "02"): both rows say "2"; BIND, COUNT and
    # VALUES give values of the query's own, never a form from the data
    assert [(r["o"]["value"], r["same"]["value"], r["count"]["value"], r["v"]["value"])
            for r in rows] == [("2", "2", "7", "4")] * 2


def test_a_parameter_keeps_its_own_form(tmp_path):
    rows, _ = _select(tmp_path, "PREFIX ex: <http://example.org/> "
                                "SELECT ?d ?o { ?s ex:d ?o }", "-p", "d:decimal", "4")
    assert [(r["d"]["value"], r["o"]["value"]) for r in rows] == [("4", "4.0")]

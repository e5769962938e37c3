"""``kg export``: every format parses back to the same graph, bytes are reproducible, named graphs
survive where the format can hold them, and JSON-LD uses the shipped context and nothing remote."""

from __future__ import annotations

import http.server
import json
import threading

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner
from rdflib.compare import graph_diff, to_isomorphic

from kg import namespaces as ns
from kg.cli import cli
from kg.export.serialize import canonical_quads, context, jsonld_to_nquads, sorted_quads
from kg.store.formats import lookup_format
from kg.store.store import Store

FORMATS = ["turtle", "json-ld", "n-triples", "n-quads", "trig", "xml"]
DATASET_FORMATS = {"json-ld", "n-quads", "trig"}
EXTENSIONS = {"turtle": "ttl", "json-ld": "jsonld", "n-triples": "nt", "n-quads": "nq",
              "trig": "trig", "xml": "rdf"}
BUNDLED_GRAPHS = [ns.GRAPH_ARTICLE, ns.GRAPH_LINKS, ns.GRAPH_ONTOLOGY, ns.GRAPH_PROVENANCE]


def kg(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, ["export", *args], input=input)


@pytest.fixture(scope="module")
def store() -> Store:
    return Store.bundled()


def _rdflib_graph(store: Store, graphs) -> rdflib.Graph:
    graph = rdflib.Graph()
    graph.parse(data=store.serialize("n-triples", graphs), format="nt")
    return graph


def assert_isomorphic(expected: rdflib.Graph, actual: rdflib.Graph, what: str) -> None:
    """Compare as RDF; on failure say what is only in one or the other (rdflib's GraphHelper)."""
    if to_isomorphic(expected) == to_isomorphic(actual):
        return
    _, only_expected, only_actual = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
    lines = [f"{what}: graphs differ", "only in expected:"]
    lines += sorted(f"  {t}" for t in only_expected.serialize(format="nt").splitlines())[:20]
    lines += ["only in actual:"]
    lines += sorted(f"  {t}" for t in only_actual.serialize(format="nt").splitlines())[:20]
    pytest.fail("\n".join(lines))


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_parses_back_isomorphic(store, fmt):
    result = kg("--format", fmt)
    assert result.exit_code == 0, result.output
    data = result.stdout_bytes
    rdflib_name = lookup_format(fmt).rdflib_name
    if fmt in DATASET_FORMATS:
        dataset = rdflib.Dataset()
        dataset.parse(data=data, format=rdflib_name)
        names = {str(g.identifier) for g in dataset.graphs() if len(g)}
        assert names == set(BUNDLED_GRAPHS), "the named graphs are kept"
        for name in BUNDLED_GRAPHS:
            assert_isomorphic(_rdflib_graph(store, [name]), dataset.graph(rdflib.URIRef(name)),
                              f"{fmt} graph {name}")
    else:
        merged = rdflib.Graph()
        merged.parse(data=data, format=rdflib_name)
        assert_isomorphic(_rdflib_graph(store, None), merged, fmt)
        assert "graphs are merged" in result.stderr


def test_json_ld_expanded_by_pyld_gives_the_same_quads(store):
    """An independent JSON-LD processor (pyld) turns the output back into the very same quads."""
    data = kg("--format", "json-ld").stdout_bytes
    nquads = jsonld_to_nquads(data)
    back = canonical_quads(q for q in ox.parse(nquads.encode(), format=ox.RdfFormat.N_QUADS))
    source = canonical_quads(store.quads())
    missing = set(source) - set(back)
    extra = set(back) - set(source)
    assert not missing and not extra, (sorted(map(str, missing))[:10], sorted(map(str, extra))[:10])


def test_json_ld_is_compacted_with_the_shipped_context_cut_to_what_is_used():
    doc = json.loads(kg("--format", "json-ld", "--graph", "links").stdout)
    shipped = context()["@context"]
    assert set(doc["@context"]) < set(shipped)
    assert all(shipped[k] == v for k, v in doc["@context"].items())
    first = doc["@graph"][0]
    assert first["@id"] == "kgr:Allies" and first["skos:exactMatch"] == {"@id": "wd:Q215669"}


def test_context_flag_prints_the_shipped_context():
    result = kg("--context")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == context()


def test_shipped_context_holds_only_prefixes_the_data_needs(store):
    iris = set()
    for q in store.quads():
        for term in (q.subject, q.predicate, q.object):
            if isinstance(term, ox.NamedNode):
                iris.add(term.value)
            elif isinstance(term, ox.Literal):
                iris.add(term.datatype.value)
    for prefix, namespace in context()["@context"].items():
        assert any(i.startswith(namespace) for i in iris), f"{prefix}: is not used by the data"
    for prefix in ("kg", "kgr", "rdfs", "xsd", "skos", "wd"):
        assert context()["@context"][prefix] == ns.PREFIXES[prefix]


@pytest.mark.parametrize("fmt", FORMATS)
def test_same_input_same_bytes(run_kg, fmt):
    in_process = kg("--format", fmt).stdout_bytes
    assert kg("--format", fmt).stdout_bytes == in_process
    other_process = run_kg("export", "--format", fmt)
    assert other_process.returncode == 0, other_process.stderr
    assert other_process.stdout == in_process


def test_blank_nodes_get_canonical_labels(tmp_path):
    mine = tmp_path / "mine.ttl"
    mine.write_text("<urn:x:a> <urn:x:p> [ <urn:x:q> 1 ; <urn:x:r> ( 1 2 ) ] .\n")
    first = kg("--data", str(mine), "--format", "nt").stdout
    assert "_:c14n" in first
    assert kg("--data", str(mine), "--format", "nt").stdout == first
    reordered = tmp_path / "reordered.ttl"
    reordered.write_text("<urn:x:a> <urn:x:p> [ <urn:x:r> ( 1 2 ) ; <urn:x:q> 1 ] .\n")
    assert kg("--data", str(reordered), "--format", "nt").stdout == first


BLANK_NODE_DATA = {
    # two blank nodes told apart only by an IRI neighbour, a cycle, a list holding them
    "symmetric": ("""
        <urn:x:a> <urn:x:p> _:b1 , _:b2 . _:b1 <urn:x:q> _:b2 . _:b2 <urn:x:q> _:b1 .
        _:b1 <urn:x:r> <urn:x:c> . <urn:x:c> <urn:x:s> <urn:x:d> . _:b3 <urn:x:q> ( _:b1 [ ] ) .
        """, ox.RdfFormat.TURTLE),
    # blank nodes across named graphs, one graph named by a blank node
    "graphs": ("""
        <urn:x:g1> { <urn:x:a> <urn:x:p> [ <urn:x:q> ( 1 2 [ <urn:x:r> "x" ] ) ] . }
        <urn:x:g2> { _:n <urn:x:p> _:m . _:m <urn:x:p> _:n . <urn:x:a> <urn:x:p> <urn:x:b> . }
        _:g { _:n <urn:x:p> "y" . } _:h { <urn:x:a> <urn:x:p> "z" . }
        """, ox.RdfFormat.TRIG),
}


@pytest.mark.parametrize("source", ["bundled", *BLANK_NODE_DATA])
def test_canonical_labels_are_those_of_the_whole_dataset(store, source):
    """canonical_quads canonicalizes only the quads with blank nodes: same labels as all."""
    if source == "bundled":
        quads = list(store.quads())
    else:
        text, fmt = BLANK_NODE_DATA[source]
        quads = list(ox.parse(text.encode(), format=fmt))
    whole = ox.Dataset(quads)
    whole.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    assert canonical_quads(quads) == sorted_quads(set(whole))
    assert any(isinstance(q.subject, ox.BlankNode) for q in canonical_quads(quads))


@pytest.mark.parametrize("fmt", FORMATS)
def test_format_guessed_from_the_output_extension(tmp_path, fmt):
    target = tmp_path / f"war.{EXTENSIONS[fmt]}"
    result = kg("-o", str(target), "--graph", "article")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    parsed = list(ox.parse(path=str(target), format=lookup_format(fmt).oxigraph))
    assert len(parsed) == Store.bundled().count(ns.GRAPH_ARTICLE)
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name], "no temporary file left"


def test_graph_selection(store):
    nq = kg("--format", "n-quads", "--graph", "article", "--graph", "links").stdout_bytes
    quads = list(ox.parse(nq, format=ox.RdfFormat.N_QUADS))
    assert {q.graph_name.value for q in quads} == {ns.GRAPH_ARTICLE, ns.GRAPH_LINKS}
    assert len(quads) == store.count(ns.GRAPH_ARTICLE) + store.count(ns.GRAPH_LINKS)
    trig = kg("--format", "trig", "--graph", "ontology").stdout
    assert f"<{ns.GRAPH_ONTOLOGY}> {{" in trig and ns.GRAPH_ARTICLE not in trig
    by_iri = kg("--format", "nq", "--graph", ns.GRAPH_LINKS).stdout_bytes
    assert by_iri == kg("--format", "nq", "--graph", "links").stdout_bytes


def test_an_empty_graph_is_exported_empty_with_a_note():
    result = kg("--format", "nt", "--graph", "wikidata")
    assert result.exit_code == 0 and result.stdout == ""
    assert "empty" in result.stderr


def test_unknown_graph_and_format_are_usage_errors():
    assert kg("--graph", "articles").exit_code == 2
    assert kg("--format", "yaml").exit_code == 2
    assert kg("-o", "war.docx").exit_code == 2


def test_stdout_dash_needs_a_format():
    result = kg("-o", "-")
    assert result.exit_code == 2
    assert result.stderr == "kg: The --format option must be set when writing to stdout (-o -).\n"
    assert kg("-o", "-", "--format", "nt", "--graph", "links").stdout.startswith("<https://")


FRAME = {
    "@context": {"kg": ns.ONTOLOGY, "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
                 "kgr": ns.RESOURCE},
    "@type": "kg:Campaign",
    "rdfs:label": {},
}


def test_frame_selects_and_shapes_the_json_ld(tmp_path):
    frame = tmp_path / "campaigns.json"
    frame.write_text(json.dumps(FRAME))
    result = kg("--graph", "article", "--frame", str(frame))
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    ids = sorted(node["@id"] for node in doc["@graph"])
    assert ids == ["kgr:BalticIntervention", "kgr:CaucasusIntervention",
                   "kgr:JapaneseInterventionInSiberia", "kgr:NorthRussiaIntervention",
                   "kgr:SiberianIntervention", "kgr:SouthernRussiaIntervention"]


class _ContextServer(http.server.BaseHTTPRequestHandler):
    requests: list = []  # noqa: RUF012 (shared on purpose: the test reads it)

    def do_GET(self):
        type(self).requests.append(self.path)
        if self.path == "/moved":  # to another origin (a port nothing listens on)
            self.send_response(302)
            self.send_header("Location", "http://127.0.0.2:9/context.jsonld")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = json.dumps({"@context": {"kg": ns.ONTOLOGY, "kgr": ns.RESOURCE}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/ld+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def context_url():
    _ContextServer.requests = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _ContextServer)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/context.jsonld"
    server.shutdown()
    server.server_close()


def test_a_remote_context_is_never_fetched_unless_allowed(tmp_path, context_url):
    frame = tmp_path / "remote.json"
    frame.write_text(json.dumps({"@context": context_url, "@type": "kg:Campaign"}))
    target = tmp_path / "out.jsonld"
    target.write_text("previous\n")
    refused = kg("--graph", "article", "--frame", str(frame), "-o", str(target))
    assert refused.exit_code == 3
    assert context_url in refused.stderr and "--allow-remote-context" in refused.stderr
    assert refused.stderr.count("\n") == 1
    assert _ContextServer.requests == [], "nothing was fetched"
    assert target.read_text() == "previous\n", "a failed export leaves the file as it was"
    allowed = kg("--graph", "article", "--frame", str(frame), "--allow-remote-context")
    assert allowed.exit_code == 0, allowed.output
    assert _ContextServer.requests == ["/context.jsonld"]
    assert len(json.loads(allowed.stdout)["@graph"]) == 6


def test_an_allowed_remote_context_is_fetched_by_the_one_http_client(tmp_path, context_url):
    # a redirect to another origin is refused, not followed, and said in one line
    elsewhere = context_url.replace("/context.jsonld", "/moved")
    frame = tmp_path / "remote.json"
    frame.write_text(json.dumps({"@context": elsewhere, "@type": "kg:Campaign"}))
    moved = kg("--graph", "article", "--frame", str(frame), "--allow-remote-context")
    assert moved.exit_code == 3, moved.output
    assert "redirect" in moved.stderr and moved.stderr.count("\n") == 1
    assert "Traceback" not in moved.stderr
    assert _ContextServer.requests == ["/moved"], "the other origin was never asked"


def test_frame_must_be_json_ld(tmp_path):
    bad = tmp_path / "frame.json"
    bad.write_text("[not json")
    result = kg("--frame", str(bad))
    assert result.exit_code == 3 and str(bad) in result.stderr
    assert kg("--frame", str(bad), "--format", "turtle").exit_code == 2


def test_export_user_files_with_the_bundled_graph(tmp_path, store):
    mine = tmp_path / "mine.nt"
    mine.write_text("<urn:x:a> <urn:x:p> <urn:x:b> .\n")
    only = kg("--data", str(mine), "--format", "nq").stdout
    assert only == "<urn:x:a> <urn:x:p> <urn:x:b> .\n"
    both = kg("--data", str(mine), "--with-bundled", "--format", "nq").stdout.splitlines()
    assert len(both) == len(store) + 1
    assert both[0] == "<urn:x:a> <urn:x:p> <urn:x:b> .", "the default graph comes first"

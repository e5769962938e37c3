"""What ``kg serve`` serves: a store made by ``kg load``, the user's files, an external endpoint
(``oxigraph serve`` on loopback holding what ``kg push`` put there). Same pages, same protocol."""

from __future__ import annotations

import json
import re
import urllib.parse

import pyoxigraph as ox

from .conftest import DATA, KgServer, bundled_count, wait_for


def words(server, path):
    status, _, body = server.get(path, headers={"Accept": "text/html"})
    assert status == 200, body[:300]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body.decode()))


def count(server, query="SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"):
    status, _, body = server.get("/sparql?" + urllib.parse.urlencode({"query": query}),
                                 headers={"Accept": "application/sparql-results+json"})
    assert status == 200, body
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def validated(server) -> str:
    """The Caucasus page once the background validation is done (it carries a warning)."""
    return wait_for(lambda: (w := words(server, "/id/CaucasusIntervention")) and "Warning:" in w
                    and w)


def same_pages(server, reference):
    """The server answers Greece's page and RDF as the reference server does."""
    validated(server), validated(reference)
    assert words(server, "/id/Greece").split("Served read-only")[0] == \
        words(reference, "/id/Greece").split("Served read-only")[0]
    _, _, mine = server.get("/id/Greece", headers={"Accept": "application/n-triples"})
    _, _, theirs = reference.get("/id/Greece", headers={"Accept": "application/n-triples"})
    assert {str(q) for q in ox.parse(mine, format=ox.RdfFormat.N_TRIPLES)} == \
        {str(q) for q in ox.parse(theirs, format=ox.RdfFormat.N_TRIPLES)}


def test_a_store_made_by_kg_load(run_kg, tmp_path, kg_server):
    store = tmp_path / "war.db"
    result = run_kg("load", "--bundled", str(DATA / "hostile.ttl"), "--store", str(store), "-q")
    assert result.returncode == 0, result.stderr
    server = KgServer("--store", str(store))
    try:
        assert (f"serving the store {store} ({bundled_count() + 7:,} triples), read-only"
                in server.stderr)
        assert count(server) == bundled_count() + 7
        same_pages(server, kg_server)
        assert "&lt;script&gt;" in server.get("/id/test-hostile")[2].decode()
        assert "Warning:" in validated(server)
    finally:
        assert server.stop() == 0


def test_the_users_own_files_alone():
    server = KgServer("--data", str(DATA / "hostile.ttl"))
    try:
        assert count(server) == 7
        home = words(server, "/")
        assert "The data holds no kg:Conflict ." in home
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in words(server, "/id/test-hostile")
        status, _, _ = server.get("/id/Greece")
        assert status == 404
        status, _, body = server.get("/source")
        assert status == 404 and b"no source text" in body
    finally:
        server.stop()


def test_an_external_endpoint(run_kg, oxigraph_server, kg_server):
    oxigraph_server.clear()
    result = run_kg("push", "--endpoint", oxigraph_server.base_url)
    assert result.returncode == 0, result.stderr
    server = KgServer("--endpoint", oxigraph_server.query_url, "--max-rows", "50")
    try:
        assert (f"serving the SPARQL endpoint {oxigraph_server.query_url} "
                f"({bundled_count():,} triples)") \
            in server.stderr
        validated(server), validated(kg_server)
        home = words(server, "/")
        assert "12 January 1918 (day) – 20 May 1925 (day)" in home
        for path in ("/id/Greece", "/id/AlliedSide", "/id/strength-allied-1"):
            assert words(server, path).split("Served")[0] == \
                words(kg_server, path).split("Served")[0], path
        same_pages(server, kg_server)
        assert f"{bundled_count('article'):,}" in home and "graph/article" in home
        # the protocol, with the cap announced, and the safety rules
        status, headers, body = server.get("/sparql?" + urllib.parse.urlencode(
            {"query": "SELECT * WHERE { ?s ?p ?o }"}),
            headers={"Accept": "application/sparql-results+json"})
        assert status == 200 and headers["KG-Truncated"] == "true"
        assert len(json.loads(body)["results"]["bindings"]) == 50
        status, _, _ = server.get("/sparql?query=DROP+ALL")
        assert status == 403
        assert count(server) == bundled_count()  # nothing dropped
        status, _, body = server.get("/sparql?query=SELECT+%3Fx+WHERE+%7B")
        assert status == 400
        assert "Warning: British intervention in the Caucasus" in validated(server)
        status, headers, body = server.get("/ontology", headers={"Accept": "text/turtle"})
        assert status == 200 and len(list(ox.parse(body, format=ox.RdfFormat.TURTLE))) == \
            bundled_count("ontology")
    finally:
        server.stop()
        oxigraph_server.clear()


def test_an_endpoint_that_is_down_is_one_line_and_exit_3(run_kg):
    result = run_kg("serve", "--endpoint", "http://127.0.0.1:9/query", "--bind", "127.0.0.1:0")
    assert result.returncode == 3
    assert result.stderr.decode() == ("kg: cannot reach http://127.0.0.1:9/query: Connection "
                                      "refused (are you offline?)\n")
    assert "Traceback" not in result.stderr.decode()

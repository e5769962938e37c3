"""Content negotiation on entity IRIs: each RDF form parses back to the entity's triples."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.describe.entity import subgraph
from kg.query.run import open_dataset

from .conftest import DATA, bundled_count

BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
FORMS = [("text/turtle", "turtle", ox.RdfFormat.TURTLE),
         ("application/ld+json", "json-ld", ox.RdfFormat.JSON_LD),
         ("application/n-triples", "n-triples", ox.RdfFormat.N_TRIPLES),
         ("application/rdf+xml", "xml", ox.RdfFormat.RDF_XML)]


@pytest.fixture(scope="module")
def expected():
    store = open_dataset([str(DATA / "hostile.ttl")], with_bundled=True)
    return {name: {str(t) for t in subgraph(store, f"kgr:{name}")}
            for name in ("Greece", "AlliedIntervention", "test-hostile")}


@pytest.mark.parametrize("media,name,rdf_format", FORMS)
@pytest.mark.parametrize("entity", ["Greece", "AlliedIntervention"])
def test_each_form_by_accept_parses_back_to_the_entity(kg_server, expected, media, name,
                                                       rdf_format, entity):
    status, headers, body = kg_server.get(f"/id/{entity}", headers={"Accept": media})
    assert status == 200
    assert headers["Content-Type"].split(";")[0] == media
    assert headers["Vary"] == "Accept"
    got = {str(q.triple) for q in ox.parse(body, format=rdf_format)}
    assert got == expected[entity]


@pytest.mark.parametrize("media,name,rdf_format", FORMS)
def test_each_form_by_format_parameter(kg_server, expected, media, name, rdf_format):
    status, headers, body = kg_server.get(f"/id/Greece?format={name}",
                                          headers={"Accept": "text/html"})
    assert status == 200 and headers["Content-Type"].split(";")[0] == media
    assert {str(q.triple) for q in ox.parse(body, format=rdf_format)} == expected["Greece"]


def test_browsers_get_html_and_links_to_every_form(kg_server):
    status, headers, body = kg_server.get("/id/Greece", headers={"Accept": BROWSER_ACCEPT})
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    link = headers["Link"]
    for media, name, _ in FORMS:
        assert f'</id/Greece?format={name}>; rel="alternate"; type="{media}"' in link
    assert b"<h1 id=\"title\">Greece</h1>" in body


def test_etag_and_304(kg_server):
    status, headers, body = kg_server.get("/id/Greece", headers={"Accept": "text/turtle"})
    etag = headers["ETag"]
    assert status == 200 and etag.startswith('"')
    status, headers, body = kg_server.get("/id/Greece", headers={"Accept": "text/turtle",
                                                                 "If-None-Match": etag})
    assert status == 304 and body == b""
    assert headers["ETag"] == etag and headers["Vary"] == "Accept"
    # another form of the same entity has another tag
    _, other, _ = kg_server.get("/id/Greece", headers={"Accept": "application/n-triples"})
    assert other["ETag"] != etag


def test_unacceptable_type_is_406_and_unknown_entity_404(kg_server):
    status, _, body = kg_server.get("/id/Greece", headers={"Accept": "image/png"})
    assert status == 406 and b"text/turtle" in body
    status, _, body = kg_server.get("/id/NoSuchThing", headers={"Accept": "text/turtle"})
    assert status == 404 and b"nothing in the data mentions" in body


def test_iris_outside_the_namespace_have_a_resource_page(kg_server):
    status, _, body = kg_server.get(
        "/resource?iri=http%3A%2F%2Fexample.org%2Foutside%2Fthing&format=n-triples")
    assert status == 200
    triples = {str(q.triple) for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)}
    assert '<http://example.org/outside/thing> <http://www.w3.org/2000/01/rdf-schema#label> ' \
        '"A thing outside the namespace"' in triples
    # an IRI of the namespace asked through /resource is sent to its own path
    status, _, body = kg_server.get("/resource?iri=https%3A%2F%2Fw3id.org%2Fconflict-kg%2Fid%2F"
                                    "Greece", headers={"Accept": "text/html"})
    assert status == 200 and b"<h1 id=\"title\">Greece</h1>" in body


def test_ontology_as_rdf(kg_server):
    status, headers, body = kg_server.get("/ontology", headers={"Accept": "text/turtle"})
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    triples = list(ox.parse(body, format=ox.RdfFormat.TURTLE))
    assert len(triples) == bundled_count("ontology")


def test_base_url_prefixes_every_link_and_requests_work_with_or_without_it():
    from .conftest import KgServer

    server = KgServer("--base-url", "https://example.org/kg/")
    try:
        assert "(public address https://example.org/kg/)" in server.stderr
        for path in ("/kg/id/Greece", "/id/Greece"):
            status, headers, body = server.get(path, headers={"Accept": "text/html"})
            assert status == 200
            assert '</kg/id/Greece?format=turtle>; rel="alternate"' in headers["Link"]
            html = body.decode()
            assert 'href="/kg/id/AlliedSide"' in html and 'href="/kg/query"' in html
            assert 'href="/id/' not in html
        status, _, body = server.get("/kg/source")
        assert status == 200 and b"Cited passages" in body
    finally:
        server.stop()


def test_named_graph_iris_resolve(kg_server):
    status, _, body = kg_server.get("/graph/article", headers={"Accept": "text/html"})
    assert status == 200
    assert f"{bundled_count('article'):,} triples.".encode() in body
    assert b'class="download">turtle' in body
    status, headers, body = kg_server.get("/graph/links", headers={"Accept": "text/turtle"})
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")  # via a 303
    assert len(list(ox.parse(body, format=ox.RdfFormat.TURTLE))) == 50  # the cap, announced
    assert headers["KG-Truncated"] == "true"
    status, _, _ = kg_server.get("/graph/nothing")
    assert status == 404

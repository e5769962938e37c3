"""The HTML pages of a real ``kg serve``: what a historian reads on each."""

from __future__ import annotations

import html
import re
import urllib.parse

from .conftest import wait_for


def page(server, path: str) -> str:
    status, headers, body = server.get(path, headers={"Accept": "text/html"})
    assert status == 200, body[:300]
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    return body.decode("utf-8")


def text_of(markup: str) -> str:
    """The page's words without tags, whitespace collapsed."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup)))


def test_home_lists_the_conflicts_with_dates_sides_and_results(kg_server):
    words = text_of(page(kg_server, "/"))
    assert "Allied intervention in the Russian Civil War" in words
    assert "12 January 1918 (day) – 20 May 1925 (day)" in words
    assert "Allied Powers · Bolsheviks" in words
    for result in ("Bolshevik victory", "Allied powers withdrawal",
                   "Defeat and collapse of the Russian White movement",
                   "Anti-Bolshevik victory in Finland and the Baltic states"):
        assert result in words
    assert "British intervention in the Caucasus 1917 (year) 1919 (year)" in words


def test_entity_page_facts_with_quotes_graphs_and_links(kg_server):
    markup = page(kg_server, "/id/Greece")
    words = text_of(markup)
    assert '<a class="type" href="/ontology#State">state</a>' in markup
    assert "“Greece” [1487–1493]" in words
    # the figures stated about Greece, in words and in the source's order
    assert re.search(r"179 killed.*173 missing.*46 dead from wounds.*657 wounded", words)
    # each fact's named graph, and its quote linked to the passage of the source
    assert '<span class="graph" title="named graph">article</span>' in markup
    assert 'href="/id/source-article#span-1499-1509"' in markup
    # the Wikidata link and how it was made
    assert 'href="http://www.wikidata.org/entity/Q209065"' in markup
    assert "Q209065 exactMatch curated confirmed" in words


def test_figures_in_human_form(kg_server):
    assert "at least 938 killed" in text_of(page(kg_server, "/id/loss-united-kingdom-killed"))
    assert "50,000–70,000 troops" in text_of(page(kg_server, "/id/strength-allied-1"))
    words = text_of(page(kg_server, "/id/BolshevikSide"))
    assert "troops: unknown" in words and "casualties (unspecified): unknown" in words
    assert "1 landing craft (captured materiel)" in words
    assert " 0 " not in words  # an unknown is never shown as zero


def test_dates_keep_their_precision(kg_server):
    words = text_of(page(kg_server, "/id/EvacuationOfCzechoslovakLegion"))
    assert "September 1920 (month)" in words
    assert "1920-09-01" not in words and "1 September 1920" not in words
    words = text_of(page(kg_server, "/id/CaucasusIntervention"))
    assert "1917 (year)" in words and "1 January 1917" not in words


def test_incoming_links_and_warnings_about_the_entity(kg_server):
    def warned():
        words = text_of(page(kg_server, "/id/CaucasusIntervention"))
        return words if "Warning:" in words else None

    words = wait_for(warned)
    assert words, "the validation warning never appeared"
    assert ("Warning: British intervention in the Caucasus is dated to begin (1917) before "
            "Allied intervention in the Russian Civil War") in words
    assert "Mentioned by ← has part Allied intervention in the Russian Civil War" in words
    # a page the validation says nothing about shows no warning
    assert "Warning:" not in text_of(page(kg_server, "/id/Greece"))


def test_source_page_highlights_every_span_and_links_it_to_its_facts(kg_server):
    status, _, _ = kg_server.get("/source", headers={"Accept": "text/html"})
    assert status == 200  # followed the redirect to the document's page
    markup = page(kg_server, "/id/source-article")
    spans = re.findall(r'<span class="anchor" id="(span-\d+-\d+)"></span>', markup)
    assert len(spans) == len(set(spans)) == 106
    # a passage and the facts it supports
    entry = re.search(r'<li id="facts-span-1419-1450">(.*?)</li>', markup, re.S).group(1)
    assert "“United Kingdom:\n    938+ killed”" in html.unescape(entry)
    assert 'href="/id/loss-united-kingdom-killed"' in entry
    assert "differs from the text" not in markup
    # the text is the whole article, in order
    words = text_of(markup)
    assert "Allied troops landed in Arkhangelsk (the North Russia intervention of 1918–1919)" \
        in words


def test_ontology_page_documents_every_class_and_property(kg_server):
    markup = page(kg_server, "/ontology")
    for local in ("Conflict", "Campaign", "StrengthEstimate", "TextSpan", "partOf", "onSide",
                  "lowerBound", "sourcingCircumstance"):
        assert f'<div class="term" id="{local}">' in markup
    assert '<p class="definition missing">' not in markup
    block = re.search(r'<div class="term" id="Conflict">(.*?)</div>', markup, re.S).group(1)
    assert "rdfs:subClassOf" in block and "MilitaryConflict" in block
    assert markup.count('<div class="term"') >= 60


def test_query_page_offers_the_bundled_queries_with_their_parameters(kg_server):
    markup = page(kg_server, "/query?name=source_text")
    assert 'name="p.entity"' in markup
    assert "http" not in re.sub(r'(href|action|src)="[^"]*"', "", markup.split("<main>")[0])
    assert "cdn" not in markup.lower()
    words = text_of(page(kg_server, "/query"))
    assert "Casualty totals by side and kind" in words


def test_query_page_runs_a_bundled_query_with_a_parameter(kg_server):
    markup = page(kg_server, "/query?" + urllib.parse.urlencode({
        "name": "is_disputed", "query": "ASK { ?claim kg:sourcingCircumstance ?flag . }",
        "p.claim": "kgr:FactorWarWeariness"}))
    assert "Answer: <strong>false</strong>" in markup
    markup = page(kg_server, "/query?" + urllib.parse.urlencode({
        "name": "is_disputed", "query": "ASK { ?claim kg:sourcingCircumstance ?flag . }",
        "p.claim": "kgr:Mutinies"}))
    assert "Answer: <strong>true</strong>" in markup
    # the download links carry the bound query and work
    link = html.unescape(re.search(r'<a href="([^"]+)" class="download">sparql-json', markup)
                         .group(1))
    status, _, body = kg_server.get(link)
    assert status == 200 and b'"boolean": true' in body


def test_query_page_shows_errors_on_the_page(kg_server):
    status, _, body = kg_server.get("/query?query=SELECT+%3Fx+WHERE+%7B")
    assert status == 400
    assert b'id="query-error">query syntax error' in body


def test_browsers_get_errors_as_a_page_and_programs_as_a_line(kg_server):
    status, headers, body = kg_server.get("/id/NoSuchThing", headers={"Accept": "text/html"})
    assert status == 404 and headers["Content-Type"].startswith("text/html")
    assert ('id="error-message">404 Not Found: nothing in the data mentions '
            "&lt;https://w3id.org/conflict-kg/id/NoSuchThing&gt;</p>") in body.decode()
    status, headers, body = kg_server.get("/id/NoSuchThing")
    assert status == 404 and body == (b"404 Not Found: nothing in the data mentions "
                                      b"<https://w3id.org/conflict-kg/id/NoSuchThing>\n")

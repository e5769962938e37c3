"""``kg info``: what is bundled, checked against the bundled files as rdflib reads them."""

from __future__ import annotations

import json

import pytest
import rdflib
from click.testing import CliRunner

from kg import __version__, resources
from kg import namespaces as ns
from kg.cli import cli
from kg.render.info import render_text
from kg.store.inventory import ATTRIBUTION, bundle_info
from kg.store.store import Store, bundled_files

OWL = rdflib.Namespace("http://www.w3.org/2002/07/owl#")
RDFS = rdflib.Namespace("http://www.w3.org/2000/01/rdf-schema#")
KG = rdflib.Namespace(ns.ONTOLOGY)


@pytest.fixture(scope="module")
def bundled() -> dict[str, rdflib.Graph]:
    """Each bundled named graph parsed by rdflib (not through the Store that kg info uses)."""
    graphs: dict[str, rdflib.Graph] = {}
    for path, graph in bundled_files():
        graphs.setdefault(graph, rdflib.Graph()).parse(path, format="turtle")
    return graphs


def run(*args: str):
    return CliRunner().invoke(cli, ["info", *args])


def test_info_text_header_names_version_and_ontology(bundled):
    ontology = bundled[ns.GRAPH_ONTOLOGY]
    [iri] = ontology.subjects(rdflib.RDF.type, OWL.Ontology)
    result = run()
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:6] == [
        f"kg {__version__}",
        "",
        "Ontology",
        f"  IRI:          {iri}",
        f"  version IRI:  {ontology.value(iri, OWL.versionIRI)}",
        f"  version:      {ontology.value(iri, OWL.versionInfo)}",
    ]


def test_info_counts_triples_per_named_graph(bundled):
    text = run().stdout
    section = text.split("\nNamed graphs\n", 1)[1].split("\n\n", 1)[0].splitlines()
    rows = {line.split()[0]: line.split()[-1] for line in section[1:]}
    for name, graph in bundled.items():
        assert rows[name] == f"{len(graph):,}", name
    assert rows["total"] == f"{sum(len(g) for g in bundled.values()):,}"


def test_info_counts_instances_per_class_direct_and_with_subclasses(bundled):
    union = rdflib.Graph()
    for graph in bundled.values():
        union += graph
    info = {c.iri: c for c in bundle_info().classes}
    classes = {c for c in union.subjects(rdflib.RDF.type, OWL.Class)
               if str(c).startswith(ns.ONTOLOGY)}
    assert set(info) == {str(c) for c in classes}
    for cls in classes:
        subclasses = set(union.transitive_subjects(RDFS.subClassOf, cls))
        direct = set(union.subjects(rdflib.RDF.type, cls))
        total = {s for sub in subclasses for s in union.subjects(rdflib.RDF.type, sub)}
        assert (info[str(cls)].direct, info[str(cls)].total) == (len(direct), len(total)), cls
    # the hierarchy matters: a campaign is a conflict
    assert info[ns.ONTOLOGY + "Conflict"].total > info[ns.ONTOLOGY + "Conflict"].direct


def test_info_text_lists_classes_as_curies():
    text = run().stdout
    section = text.split("\nInstances per class\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert section[0].split() == ["class", "direct", "with", "subclasses"]
    assert any(line.split()[0] == "kg:Campaign" for line in section[1:])


def test_info_describes_the_source_document_and_its_licence(bundled):
    article = bundled[ns.GRAPH_ARTICLE] + bundled[ns.GRAPH_PROVENANCE]
    doc = rdflib.URIRef(ns.RESOURCE + "source-article")
    dcterms = rdflib.Namespace("http://purl.org/dc/terms/")
    text = run().stdout
    section = text.split("\nSource document (kgr:source-article)\n", 1)[1].splitlines()
    assert section == [
        f"  title:        {article.value(doc, dcterms.title)}",
        f"  file:         {resources.SOURCE_FILE_NAME} "
        f"({len(resources.source_text()):,} characters, same as kg:text in the graph)",
        f"  origin:       {article.value(doc, dcterms.source)}",
        f"  licence:      {article.value(doc, dcterms.license)}",
        f"  rights:       {article.value(doc, dcterms.rights)}",
        f"  attribution:  {ATTRIBUTION}",
    ]
    assert ATTRIBUTION == "Text from English Wikipedia, CC BY-SA"


def test_info_json():
    result = run("--format", "json")
    assert result.exit_code == 0
    info = json.loads(result.stdout)
    assert info["version"] == __version__
    assert info["ontologyIri"] == ns.ONTOLOGY_IRI
    assert set(info["graphs"]) >= {ns.GRAPH_ONTOLOGY, ns.GRAPH_ARTICLE}
    campaign = next(c for c in info["classes"] if c["iri"] == ns.ONTOLOGY + "Campaign")
    assert set(campaign) == {"iri", "label", "direct", "total"}
    assert info["source"]["characters"] == len(resources.source_text())
    assert info["source"]["textMatchesFile"] is True
    assert info["source"]["attribution"] == ATTRIBUTION


def test_info_unknown_format_is_a_usage_error():
    result = run("--format", "xml")
    assert result.exit_code == 2


def test_info_without_source_description_falls_back_to_the_bundled_file():
    store = Store()
    for path, graph in bundled_files():
        if graph == ns.GRAPH_ONTOLOGY:
            store.load_file(path, graph=graph)
    info = bundle_info(store)
    assert info.source.title is None
    assert info.source.text_matches_file is None
    assert info.source.characters == len(resources.source_text())
    assert "  title:        (not in the graph)\n" in render_text(info)


def test_info_says_when_the_graph_text_differs_from_the_file():
    store = Store()
    store.load_bytes(
        f'<{ns.RESOURCE}source-article> a <{ns.ONTOLOGY}SourceDocument> ; '
        f'<{ns.ONTOLOGY}text> "not the article" .'.encode(), "turtle")
    info = bundle_info(store)
    assert info.source.text_matches_file is False
    assert info.source.characters == len("not the article")
    assert "characters, DIFFERS from kg:text in the graph)" in render_text(info)

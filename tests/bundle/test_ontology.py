"""Ontology hygiene, written as SPARQL: every term in use is defined, every term has a label and a
definition, the ontology describes itself, and ontology + data stay consistent under an OWL 2 RL
closure. Also: every text span of the bundled article matches the bundled source text (in Python,
independently of the SHACL shapes)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg import namespaces as ns
from kg import resources
from kg.store.store import Store

KG = ns.ONTOLOGY
DATA_FILES = sorted(resources.data_dir().glob("*.ttl"))
CONFORMING = sorted((Path(__file__).resolve().parents[1] / "data" / "conforming").glob("*.ttl"))
PREFIXES = ns.sparql_prefixes()

# owlrl writes each inconsistency it finds as  [] a err:ErrorMessage ; err:error "..."
# (owlrl/Closure.py, Core.closure); it does not raise.
OWLRL_ERRORS = "http://www.daml.org/2002/03/agents/agent-ont#"


@pytest.fixture(scope="module")
def ontology_store() -> Store:
    store = Store()
    for path in resources.ontology_files():
        store.load_file(path, graph=ns.GRAPH_ONTOLOGY)
    return store


def _undefined_terms(store: Store, graph: str) -> list[str]:
    """kg: IRIs used anywhere in ``graph`` (subject, predicate, object) that the ontology lacks."""
    rows = store.select(PREFIXES + f"""
        SELECT DISTINCT ?term WHERE {{
            GRAPH <{graph}> {{ {{ ?term ?p ?o }} UNION {{ ?s ?term ?o }} UNION {{ ?s ?p ?term }} }}
            FILTER (isIRI(?term) && STRSTARTS(STR(?term), STR(kg:)))
            FILTER NOT EXISTS {{ GRAPH <{ns.GRAPH_ONTOLOGY}> {{ ?term a ?type }} }}
        }} ORDER BY ?term""", union_default_graph=False)
    return [row["term"].value for row in rows]


# -- every term in use is defined --------------------------------------------------------------


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.name)
def test_every_term_used_in_the_data_is_defined(ontology_store, path):
    ontology_store.load_file(path, graph="urn:test:" + path.name)
    assert _undefined_terms(ontology_store, "urn:test:" + path.name) == []


@pytest.mark.parametrize("path", resources.shapes_files(), ids=lambda p: p.name)
def test_every_term_used_in_the_shapes_is_defined(ontology_store, path):
    ontology_store.load_file(path, graph="urn:test:" + path.name)
    assert _undefined_terms(ontology_store, "urn:test:" + path.name) == []
    # ... including the terms inside the SPARQL text of sh:select (written there as kg:name)
    selects = ontology_store.select(f"""
        SELECT ?q WHERE {{ GRAPH <urn:test:{path.name}> {{
            ?c <http://www.w3.org/ns/shacl#select> ?q }} }}""", union_default_graph=False)
    used = {KG + name for row in selects for name in re.findall(r"\bkg:(\w+)", row["q"].value)}
    assert used, "expected SPARQL constraints that use kg: terms"
    defined = {row["t"].value for row in ontology_store.select(
        f"SELECT ?t WHERE {{ GRAPH <{ns.GRAPH_ONTOLOGY}> {{ ?t a ?type }} }}",
        union_default_graph=False)}
    assert sorted(used - defined) == []


def _kg_terms_in_text(text: str) -> set[str]:
    """kg:name CURIEs written in SPARQL or Python text (not 'kg: message' nor URLs)."""
    return {KG + name for name in re.findall(r"(?<![\w/])kg:([A-Za-z]\w*)", text)}


@pytest.mark.parametrize("path", [*resources.query_files(),
                                  *sorted(Path(resources.__file__).parent.rglob("*.py"))],
                         ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_term_named_in_queries_and_code_is_defined(ontology_store, path):
    # A misspelt term in a query matches nothing and fails silently: catch it here.
    defined = {row["t"].value for row in ontology_store.select(
        f"SELECT ?t WHERE {{ GRAPH <{ns.GRAPH_ONTOLOGY}> {{ ?t a ?type }} }}",
        union_default_graph=False)}
    assert sorted(_kg_terms_in_text(path.read_text(encoding="utf-8")) - defined) == []


def test_the_check_of_terms_in_text_finds_a_misspelling():
    assert _kg_terms_in_text("SELECT ?x WHERE { ?x kg:partof ?y } # kg: note, <http://a/kg:b>") \
        == {KG + "partof"}


def test_the_check_for_undefined_terms_can_fail(ontology_store):
    ontology_store.load_bytes(f"<urn:x> <{KG}fightsIn> <urn:y> ; a <{KG}Skirmish> .".encode(),
                              "turtle", graph="urn:test:undefined")
    assert _undefined_terms(ontology_store, "urn:test:undefined") == [KG + "Skirmish",
                                                                       KG + "fightsIn"]


def test_ontology_uses_only_terms_it_defines(ontology_store):
    assert _undefined_terms(ontology_store, ns.GRAPH_ONTOLOGY) == []


# -- every term has a label and a definition ---------------------------------------------------

TERMS_WITHOUT = PREFIXES + """
SELECT ?term WHERE {
    GRAPH <%s> {
        VALUES ?kind { owl:Class owl:ObjectProperty owl:DatatypeProperty owl:AnnotationProperty }
        { ?term a ?kind } UNION { ?term a ?class . ?class a owl:Class }  # controlled values too
        FILTER STRSTARTS(STR(?term), STR(kg:))
        FILTER NOT EXISTS { ?term %s ?text . FILTER (LANG(?text) = "en" && STRLEN(?text) > 0) }
    }
} ORDER BY ?term"""


@pytest.mark.parametrize("annotation", ["rdfs:label", "skos:definition"])
def test_every_term_has_an_english_label_and_definition(ontology_store, annotation):
    rows = ontology_store.select(TERMS_WITHOUT % (ns.GRAPH_ONTOLOGY, annotation),
                                 union_default_graph=False)
    assert [row["term"].value for row in rows] == []


def test_the_ontology_has_terms(ontology_store):
    """Guard for the test above: it must have something to look at."""
    count = ontology_store.select(PREFIXES + """
        SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE {
            VALUES ?kind { owl:Class owl:ObjectProperty owl:DatatypeProperty }
            ?t a ?kind . FILTER STRSTARTS(STR(?t), STR(kg:)) }""")[0]["n"]
    assert int(count.value) > 50


def test_the_ontology_describes_itself(ontology_store):
    assert ontology_store.ask(PREFIXES + """
        ASK {
            ?ontology a owl:Ontology ;
                owl:versionIRI ?version ;
                owl:versionInfo ?info ;
                dcterms:license ?licence ;
                dcterms:description ?description ;
                rdfs:label ?label .
            FILTER (isIRI(?version) && isIRI(?licence) && STRLEN(STR(?description)) > 40)
            FILTER (STR(?ontology) = "https://w3id.org/conflict-kg/ontology")
            FILTER STRSTARTS(STR(?version), STR(?ontology))
        }""")


# -- consistency under an OWL 2 RL closure -----------------------------------------------------

INCONSISTENCIES = f"""
PREFIX err: <{OWLRL_ERRORS}>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT ?problem WHERE {{
    {{ ?message a err:ErrorMessage ; err:error ?text . BIND (STR(?text) AS ?problem) }}
    UNION
    {{ ?x a owl:Nothing . BIND (CONCAT(STR(?x), " is of type owl:Nothing") AS ?problem) }}
    UNION
    {{ ?c1 owl:disjointWith ?c2 . ?x a ?c1, ?c2 .
       BIND (CONCAT(STR(?x), " is both ", STR(?c1), " and ", STR(?c2)) AS ?problem) }}
    UNION
    {{ ?all a owl:AllDisjointClasses ; owl:members ?list .
       ?list rdf:rest*/rdf:first ?c1 . ?list rdf:rest*/rdf:first ?c2 .
       FILTER (STR(?c1) < STR(?c2))
       ?x a ?c1, ?c2 .
       BIND (CONCAT(STR(?x), " is both ", STR(?c1), " and ", STR(?c2)) AS ?problem) }}
}}"""


def _closure_problems(*sources: Path | bytes) -> list[str]:
    """Ontology + sources, closed under OWL 2 RL; every inconsistency found, as text."""
    import owlrl

    store = Store()
    for path in resources.ontology_files():
        store.load_file(path)
    for source in sources:
        if isinstance(source, bytes):
            store.load_bytes(source, "turtle")
        else:
            store.load_file(source)
    graph = store.to_rdflib()
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    return sorted({str(row[0]) for row in graph.query(INCONSISTENCIES)})


def test_bundled_data_is_consistent_under_owl_rl():
    assert _closure_problems(*DATA_FILES) == []


@pytest.mark.parametrize("path", CONFORMING, ids=lambda p: p.stem)
def test_conforming_examples_are_consistent_under_owl_rl(path):
    assert _closure_problems(path) == []


def test_owl_rl_closure_finds_broken_disjointness():
    """A campaign that is also a state: a kg:Event and a kg:Party once the closure types it."""
    problems = _closure_problems(f"""
        <urn:x> a <{KG}Campaign>, <{KG}State> .""".encode())
    assert any("urn:x is both" in p and KG + "Event" in p and KG + "Party" in p
               for p in problems), problems
    assert any("disjoint" in p.lower() for p in problems if "urn:x" in p), problems


# -- every source span matches the bundled text (in Python, independently of SHACL) ------------


@pytest.fixture(scope="module")
def article_spans():
    store = Store()
    store.load_file(resources.data_dir() / "article.ttl")
    rows = store.select(PREFIXES + """
        SELECT ?span ?begin ?end ?anchor ?document WHERE {
            ?span a kg:TextSpan .
            OPTIONAL { ?span kg:beginIndex ?begin }
            OPTIONAL { ?span kg:endIndex ?end }
            OPTIONAL { ?span kg:anchorOf ?anchor }
            OPTIONAL { ?span kg:inDocument ?document }
        }""")
    return store, rows


def test_every_span_matches_the_source_text(article_spans):
    _, rows = article_spans
    text = resources.source_text()
    assert len(rows) > 50
    wrong = []
    for row in rows:
        span = row["span"].value
        if any(row[name] is None for name in ("begin", "end", "anchor", "document")):
            wrong.append(f"{span}: lacks offsets, quote or document")
            continue
        begin, end = int(row["begin"].value), int(row["end"].value)
        quote = row["anchor"].value
        if not 0 <= begin < end <= len(text):
            wrong.append(f"{span}: offsets {begin}..{end} outside 0..{len(text)}")
        elif text[begin:end] != quote:
            wrong.append(f"{span}: quotes {quote!r}, source has {text[begin:end]!r}")
    assert wrong == []


def test_spans_point_at_the_bundled_source_document(article_spans):
    store, rows = article_spans
    documents = {row["document"].value for row in rows if row["document"] is not None}
    assert documents == {ns.RESOURCE + "source-article"}
    stored = store.select(PREFIXES + "SELECT ?text WHERE { kgr:source-article kg:text ?text }")
    assert [row["text"].value for row in stored] == [resources.source_text()]


def test_every_evidence_link_reaches_a_span(article_spans):
    store, _ = article_spans
    dangling = store.select(PREFIXES + """
        SELECT ?node ?span WHERE {
            ?node kg:evidence ?span . FILTER NOT EXISTS { ?span a kg:TextSpan } }""")
    assert [(row["node"].value, row["span"].value) for row in dangling] == []

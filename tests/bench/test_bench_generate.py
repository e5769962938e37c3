"""The benchmark's synthetic graphs: deterministic, well-formed, conforming to the shapes."""

from __future__ import annotations

import io
from collections import Counter

import pyoxigraph as ox
import pytest

from bench.generate import _generate, generate, main

KG = "https://w3id.org/conflict-kg/ontology#"
XSD = "http://www.w3.org/2001/XMLSchema#"


def make(triples: int, seed: int = 1, violations: int = 0) -> str:
    out = io.StringIO()
    generate(out, triples, seed=seed, violations=violations)
    return out.getvalue()


def as_store(text: str) -> ox.Store:
    store = ox.Store()
    store.load(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store


@pytest.fixture(scope="module")
def sample() -> tuple[str, ox.Store]:
    text = make(6000, seed=11)
    return text, as_store(text)


def test_same_seed_same_bytes_other_seed_other_graph():
    assert make(2000, seed=4) == make(2000, seed=4)
    assert make(2000, seed=4) != make(2000, seed=5)


def test_size_is_whole_conflicts_just_above_the_request(sample):
    text, store = sample
    lines = text.count("\n")
    assert 6000 <= lines < 6000 + 1500
    assert len(store) == lines  # every line a distinct triple
    assert not any(isinstance(t, ox.BlankNode) for q in store for t in (q.subject, q.object))


def test_every_span_quotes_its_document_exactly(sample):
    _, store = sample
    texts = {r["d"]: r["t"].value for r in store.query(
        f"SELECT ?d ?t WHERE {{ ?d <{KG}text> ?t }}")}
    spans = list(store.query(
        f"SELECT ?d ?b ?e ?a WHERE {{ ?x <{KG}inDocument> ?d ; <{KG}beginIndex> ?b ; "
        f"<{KG}endIndex> ?e ; <{KG}anchorOf> ?a }}"))
    assert len(spans) > 300
    for row in spans:
        text = texts[row["d"]]
        assert text[int(row["b"].value):int(row["e"].value)] == row["a"].value
    # code points, not bytes: some quoted text lies after non-ASCII characters
    assert any(not t.isascii() for t in texts.values())


def test_mix_covers_forms_precisions_classes_and_nesting(sample):
    _, store = sample

    def values(query: str) -> Counter:
        return Counter(r[0].value if hasattr(r[0], "value") else str(r[0])
                       for r in store.query(query))

    forms = values(f"SELECT ?f WHERE {{ ?x <{KG}quantityForm> ?f }}")
    assert {KG + f for f in ("Exact", "Range", "LowerBound", "UnknownQuantity")} <= set(forms)
    datatypes = Counter(r["d"].value for r in store.query(
        f"SELECT (DATATYPE(?v) AS ?d) WHERE {{ ?x <{KG}startDate>|<{KG}endDate>|<{KG}date> ?v }}"))
    assert {XSD + "date", XSD + "gYearMonth", XSD + "gYear"} <= set(datatypes)
    classes = values("SELECT ?c WHERE { ?x a ?c }")
    for cls in ("State", "PoliticalMovement", "ArmedForce", "Coalition", "Side", "Campaign",
                "Result", "StrengthEstimate", "LossFigure", "SourceDocument", "TextSpan",
                "Participation", "Motivation", "HamperingFactor", "Landing", "Armistice"):
        assert classes[KG + cls] > 0, cls
    assert store.query(f"ASK {{ ?c a <{KG}Campaign> ; <{KG}partOf> ?p . ?p a <{KG}Campaign> }}")
    assert store.query(f"ASK {{ ?r <{KG}subResultOf> ?h . ?h <{KG}resultOf> ?c }}")
    assert store.query(f"ASK {{ ?f a <{KG}StrengthEstimate> "
                       f"FILTER NOT EXISTS {{ ?f <{KG}party> ?p }} }}")  # unattributed figures


def _validate(text: str):
    import rdflib

    from kg.validate.engine import bundled_ontology, bundled_shapes, validate

    data = rdflib.Graph().parse(data=text, format="nt")
    return validate(data, bundled_shapes(), bundled_ontology())


def test_small_graph_conforms_to_the_bundled_shapes():
    report = _validate(make(2000, seed=2))
    assert [(r.severity, r.message) for r in report.results] == []


def test_injected_errors_are_each_reported_once():
    out = io.StringIO()
    _, injected = _generate(out, 3000, 2, "http://example.org/kg-bench/id/", 3)
    assert [kind for kind, _ in injected] == ["range", "anchor", "dates"]
    report = _validate(out.getvalue())
    violations = [r for r in report.results if r.severity == "Violation"]
    assert len(violations) == 3, [r.message for r in violations]
    for _, node in injected:  # each error is reported on its node (or its quote's document)
        iri = node.strip("<>")
        assert sum(iri in (str(r.focus_node), str(r.value)) for r in violations) == 1, iri


def test_command_line_writes_a_file(tmp_path, capsys):
    target = tmp_path / "g.nt"
    assert main(["--triples", "1000", "--seed", "3", "-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == make(1000, seed=3)
    assert capsys.readouterr().err.startswith(f"{target.read_text().count(chr(10))} triples in ")

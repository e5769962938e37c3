"""The SHACL shapes: valid SHACL, the bundled article conforms with exactly its known warnings,
every deliberately broken copy fails with its expected message, hand-written graphs of other
conflicts pass, and the date checks respect each date's precision.

Mutations live in ``tests/data/nonconforming/<name>.ru``: a SPARQL Update applied to a copy of
the bundled data (article + links, in one graph). Their first line is ``# expect: <part of the
expected sh:message>``, optionally followed by ``# focus: <IRI of the expected focus node>``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg import resources
from kg.store.store import Store

TEST_DATA = Path(__file__).resolve().parents[1] / "data"
NONCONFORMING = sorted((TEST_DATA / "nonconforming").glob("*.ru"))
CONFORMING = sorted((TEST_DATA / "conforming").glob("*.ttl"))
KGR = "https://w3id.org/conflict-kg/id/"


# -- the one place that knows how to validate (switch APIs here) -------------------------------


def validate(data):
    """Validate an rdflib graph with the bundled shapes and ontology.

    :returns: ``(severity, focus IRI, message)`` for every result, severity one of
        ``Violation``, ``Warning``, ``Info``.
    """
    from kg.validate.engine import validate as kg_validate

    report = kg_validate(data, _shapes(), _ontology())
    return [(r.severity, str(r.focus_node), r.message) for r in report.results]


_CACHE: dict[str, object] = {}


def _shapes():
    if "shapes" not in _CACHE:
        from kg.validate.engine import bundled_shapes

        _CACHE["shapes"] = bundled_shapes()
    return _CACHE["shapes"]


def _ontology():
    if "ontology" not in _CACHE:
        from kg.validate.engine import bundled_ontology

        _CACHE["ontology"] = bundled_ontology()
    return _CACHE["ontology"]


def bundled_data_store() -> Store:
    """The bundled article and links, merged into the default graph of a fresh store."""
    store = Store()
    for name in ("article.ttl", "links.ttl"):
        store.load_file(resources.data_dir() / name)
    return store


def violations(results):
    return [r for r in results if r[0] == "Violation"]


# -- the shapes themselves ---------------------------------------------------------------------


@pytest.mark.parametrize("path", resources.shapes_files(), ids=lambda p: p.name)
def test_shapes_file_passes_shacl_shacl(path):
    import pyshacl
    import rdflib

    shacl_shacl = Path(pyshacl.__file__).parent / "assets" / "shacl-shacl.ttl"
    shapes = rdflib.Graph().parse(path)
    conforms, _, text = pyshacl.validate(
        shapes, shacl_graph=rdflib.Graph().parse(shacl_shacl), inference="none")
    assert conforms, text


def test_shacl_shacl_rejects_a_broken_shape():
    """The SHACL-SHACL check above can fail: a shape with a non-integer sh:minCount does."""
    import pyshacl
    import rdflib

    shacl_shacl = Path(pyshacl.__file__).parent / "assets" / "shacl-shacl.ttl"
    broken = rdflib.Graph().parse(format="turtle", data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:S> a sh:NodeShape ; sh:targetClass <urn:C> ;
            sh:property [ sh:path <urn:p> ; sh:minCount "one" ] .""")
    conforms, _, _ = pyshacl.validate(
        broken, shacl_graph=rdflib.Graph().parse(shacl_shacl), inference="none")
    assert not conforms


_CONSTRAINT_PARAMETERS = """
    VALUES ?param { sh:class sh:datatype sh:nodeKind sh:minCount sh:maxCount sh:minInclusive
                    sh:maxInclusive sh:pattern sh:in sh:hasValue sh:uniqueLang sh:or sh:xone
                    sh:and sh:not sh:node sh:lessThan sh:lessThanOrEquals sh:equals sh:disjoint }
"""


def test_every_constraint_has_a_message():
    """Every named shape with a constraint, and every SPARQL constraint, says what is wrong."""
    store = Store()
    for path in resources.shapes_files():
        store.load_file(path)
    missing = store.select(f"""
        PREFIX sh: <http://www.w3.org/ns/shacl#>
        SELECT DISTINCT ?shape WHERE {{
            {{ {_CONSTRAINT_PARAMETERS} ?shape ?param ?any . FILTER isIRI(?shape) }}
            UNION {{ ?shape a sh:SPARQLConstraint }}
            UNION {{ ?owner sh:sparql ?shape }}
            FILTER NOT EXISTS {{ ?shape sh:message ?message }}
        }}""")
    assert [str(row["shape"]) for row in missing] == []
    # Unnamed shapes only appear inside sh:or / sh:xone / sh:not lists of a named shape, whose
    # message covers them: no anonymous property shape hangs directly off a node shape.
    anonymous = store.select("""
        PREFIX sh: <http://www.w3.org/ns/shacl#>
        SELECT ?owner WHERE {
            ?owner sh:property ?shape . FILTER (isIRI(?owner) && isBlank(?shape)) }""")
    assert [str(row["owner"]) for row in anonymous] == []


@pytest.mark.parametrize("shape, scheme_class", [
    ("FigureShape-formValue", "QuantityForm"),
    ("FigureShape-unitValue", "Unit"),
    ("LossFigureShape-kindValue", "LossKind"),
    ("SourcingShape-value", "SourcingCircumstance"),
    ("ParticipationShape-role", "Role"),
])
def test_controlled_values_match_the_ontology(shape, scheme_class):
    """Each sh:in list holds exactly the ontology's values of that kind, no more, no fewer."""
    store = Store()
    for path in [*resources.shapes_files(), *resources.ontology_files()]:
        store.load_file(path)
    allowed = {str(row["v"].value) for row in store.select(f"""
        PREFIX sh: <http://www.w3.org/ns/shacl#>
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        SELECT ?v WHERE {{
            <https://w3id.org/conflict-kg/shapes#{shape}> sh:in/rdf:rest*/rdf:first ?v }}""")}
    defined = {str(row["v"].value) for row in store.select(f"""
        SELECT ?v WHERE {{ ?v a <https://w3id.org/conflict-kg/ontology#{scheme_class}> }}""")}
    assert allowed and allowed == defined


# -- the bundled article -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def bundled_results():
    return validate(bundled_data_store().to_rdflib())


def test_bundled_data_has_no_violations(bundled_results):
    assert violations(bundled_results) == []


def test_bundled_data_raises_the_article_contradictions_as_warnings(bundled_results):
    """The two contradictions the article itself contains, and nothing else."""
    warnings = sorted((focus.removeprefix(KGR), message)
                      for severity, focus, message in bundled_results if severity == "Warning")
    assert warnings == [
        ("CaucasusIntervention",
         "British intervention in the Caucasus is dated to begin (1917) before Allied "
         "intervention in the Russian Civil War, which it is part of, began (1918-01-12)."),
        ("WesternAlliedWithdrawal",
         "Western Allies end the North Russia and Siberian interventions (1920) is said to end "
         "North Russia intervention, but that is dated to have ended already (1919)."),
    ]
    assert [r for r in bundled_results if r[0] == "Info"] == []


# -- mutations: each broken copy fails with its message ----------------------------------------


def _header(path: Path) -> tuple[str, str | None]:
    lines = path.read_text(encoding="utf-8").splitlines()
    match = re.fullmatch(r"# expect: (.+)", lines[0])
    assert match, f"{path.name}: the first line must be '# expect: <message substring>'"
    focus = next((m.group(1) for line in lines[1:3]
                  if (m := re.fullmatch(r"# focus: (\S+)", line))), None)
    return match.group(1).strip(), focus


def test_there_are_enough_mutations():
    assert len(NONCONFORMING) >= 12


@pytest.mark.parametrize("path", NONCONFORMING, ids=lambda p: p.stem)
def test_mutation_fails_with_its_message(path):
    expected, focus = _header(path)
    store = bundled_data_store()
    before = set(store.quads())
    store.update(path.read_text(encoding="utf-8"))
    assert set(store.quads()) != before, f"{path.name} changed nothing: fix its WHERE clause"

    results = validate(store.to_rdflib())
    found = violations(results)
    assert found, f"{path.name}: the broken data was accepted"
    matching = [r for r in found if expected in r[2]]
    assert matching, (f"{path.name}: no violation says {expected!r}; got:\n"
                      + "\n".join(f"  {f}: {m}" for _, f, m in found))
    if focus:
        assert focus in {r[1] for r in matching}, (
            f"{path.name}: expected focus {focus}, got {sorted({r[1] for r in matching})}")


# -- hand-written graphs of other conflicts ----------------------------------------------------


def test_there_are_conforming_examples():
    assert len(CONFORMING) >= 2


@pytest.mark.parametrize("path", CONFORMING, ids=lambda p: p.stem)
def test_conforming_example_passes_cleanly(path):
    store = Store()
    store.load_file(path)
    assert validate(store.to_rdflib()) == []


# -- dates keep their precision: a check fires only when dates definitely disagree -------------

_DATES = """
@prefix kg:   <https://w3id.org/conflict-kg/ontology#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""


def _literal(value: str) -> str:
    kind = {4: "gYear", 7: "gYearMonth", 10: "date"}[len(value)]
    return f'"{value}"^^xsd:{kind}'


def _validate_turtle(text: str):
    import rdflib

    return validate(rdflib.Graph().parse(format="turtle", data=_DATES + text))


@pytest.mark.parametrize("start, end, fails", [
    ("1918", "1918", False),
    ("1918", "1918-03-05", False),       # began some time in 1918, ended in March: possible
    ("1918-05", "1918", False),
    ("1920-09", "1920-09-15", False),
    ("1918-01-12", "1925-05-20", False),
    ("1918-01-12", "1918-01-12", False),  # one day
    ("1919", "1918-12-31", True),
    ("1918-06-02", "1918-06-01", True),
    ("1920-10", "1920-09-30", True),
    ("1920-10-01", "1920-09", True),
    ("1921", "1920-12", True),
])
def test_start_not_after_end_respects_precision(start, end, fails):
    results = _validate_turtle(f"""
        <urn:x> rdfs:label "X"@en ;
            kg:startDate {_literal(start)} ; kg:endDate {_literal(end)} .""")
    found = [r for r in violations(results) if "after it ended" in r[2]]
    assert bool(found) == fails, results


@pytest.mark.parametrize("part, whole, warns", [
    (("1918", "1919"), ("1918-01-12", "1925-05-20"), False),  # the year may be later in 1918
    (("1917", "1919"), ("1918-01-12", "1925-05-20"), True),   # the Caucasus case
    (("1918-01", "1918-02"), ("1918-01-12", "1918-12-31"), False),
    (("1918-01-11", "1918-02"), ("1918-01-12", "1918-12-31"), True),
    (("1918", "1926"), ("1918-01-12", "1925-05-20"), True),
    (("1918", "1925"), ("1918-01-12", "1925-05-20"), False),  # 1925 may end before 20 May
    (("1918", "1925-05"), ("1918", "1925-05-20"), False),
])
def test_part_within_whole_respects_precision(part, whole, warns):
    results = _validate_turtle(f"""
        <urn:part> rdfs:label "Part"@en ; kg:partOf <urn:whole> ;
            kg:startDate {_literal(part[0])} ; kg:endDate {_literal(part[1])} .
        <urn:whole> rdfs:label "Whole"@en ;
            kg:startDate {_literal(whole[0])} ; kg:endDate {_literal(whole[1])} .""")
    found = [r for r in results if r[0] == "Warning" and "which it is part of" in r[2]]
    assert bool(found) == warns, results


@pytest.mark.parametrize("event, conflict_end, warns", [
    ("1920", "1919", True),          # North Russia: ended by the western Allies in 1920
    ("1920", "1922", False),         # Siberia: ended in 1920, dated to 1922: no contradiction
    ("1919-12", "1919", False),
    ("1920-01-01", "1919-12", True),
])
def test_ending_event_after_stated_end_warns(event, conflict_end, warns):
    results = _validate_turtle(f"""
        <urn:event> rdfs:label "End"@en ; kg:date {_literal(event)} ; kg:ends <urn:war> .
        <urn:war> rdfs:label "War"@en ; kg:endDate {_literal(conflict_end)} .""")
    found = [r for r in results if r[0] == "Warning" and "dated to have ended already" in r[2]]
    assert bool(found) == warns, results

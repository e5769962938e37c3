"""The Wikidata classes an entity of each ``kg:`` class may be an instance of (via P31/P279*).

The ontology's ``kg:wikidataClass`` annotation gives the closest class for a ``kg:`` class; an
entity also accepts the classes of its ``kg:`` superclasses, and the few extra classes below,
because Wikidata types the same kind of thing in more than one way (a state of 1918 is usually a
"historical country", not a "sovereign state"; a city is a "human settlement"). A candidate whose
types reach none of these classes is ruled out; an entity whose class has no Wikidata class at
all (a landing, a withdrawal) has no type check, and then reconciliation never links it
automatically.

Class IDs come from the project's wikidata-classes.tsv (confirmed) or, for the extras, from
several independent public queries that use them with the same meaning.
"""

from __future__ import annotations

from .. import namespaces as ns

KG = ns.ONTOLOGY

# kg: class -> extra Wikidata classes (QID, label) beyond the ontology's kg:wikidataClass.
EXTRA: dict[str, tuple[tuple[str, str], ...]] = {
    KG + "State": (("Q7275", "state"), ("Q3624078", "sovereign state"),
                   ("Q3024240", "historical country"), ("Q6256", "country")),
    KG + "Region": (("Q82794", "region"), ("Q6256", "country"), ("Q7275", "state"),
                    ("Q3024240", "historical country")),
    KG + "Settlement": (("Q486972", "human settlement"),),
    KG + "Coalition": (("Q1127126", "military alliance"),),
    KG + "PoliticalMovement": (("Q7278", "political party"),),
    KG + "Campaign": (("Q5919191", "military intervention"), ("Q645883", "military operation")),
    KG + "MilitaryIntervention": (("Q645883", "military operation"),),
    KG + "Conflict": (("Q198", "war"),),
    KG + "Person": (("Q5", "human"),),
}

_QUERY = """
PREFIX kg: <https://w3id.org/conflict-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?class ?wd WHERE {
  ?class rdfs:subClassOf* ?super .
  ?super kg:wikidataClass ?wd .
}
"""


def expected_classes(store) -> dict[str, set[str]]:
    """``kg:`` class IRI -> the QIDs of the Wikidata classes its instances may be.

    Read from the ontology in ``store`` (annotations of the class and its superclasses) plus
    :data:`EXTRA`. Classes with no entry have no type check.
    """
    from .config import qid_of

    table: dict[str, set[str]] = {}
    for row in store.select(_QUERY):
        qid = qid_of(row["wd"].value)
        if qid:
            table.setdefault(row["class"].value, set()).add(qid)
    for cls, extras in EXTRA.items():
        table.setdefault(cls, set()).update(qid for qid, _ in extras)
    return table


def class_label(qid: str) -> str:
    """A readable name for the classes named here (for explanations), else the QID.

    >>> class_label("Q486972")
    'human settlement'
    """
    for extras in EXTRA.values():
        for known, label in extras:
            if known == qid:
                return label
    return _ONTOLOGY_LABELS.get(qid, qid)


# The ontology's kg:wikidataClass values, with the labels of the project's wikidata-classes.tsv.
_ONTOLOGY_LABELS = {
    "Q350604": "armed conflict", "Q5919191": "military intervention",
    "Q831663": "military campaign", "Q131569": "treaty", "Q10931": "revolution",
    "Q511866": "mutiny", "Q3624078": "sovereign state", "Q2738074": "political movement",
    "Q176799": "military unit", "Q515": "city", "Q23442": "island",
}

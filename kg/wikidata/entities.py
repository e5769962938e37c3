"""The entities of the graph that can be linked to Wikidata, with their names, types and dates.

An entity is an instance of a ``kg:`` class under ``kg:Event``, ``kg:Party``, ``kg:Place`` or
``kg:Person`` that has an ``rdfs:label``. A ``kg:Side`` is not: it is a column of the source's
infobox, not a thing Wikidata describes. Fact nodes (participations, figures, spans) are not
entities.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import namespaces as ns

_QUERY = """
PREFIX kg: <https://w3id.org/conflict-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?e ?class ?label ?alt ?start ?end ?date WHERE {
  VALUES ?top { kg:Event kg:Party kg:Place kg:Person }
  ?e a ?class .
  ?class rdfs:subClassOf* ?top .
  FILTER(STRSTARTS(STR(?class), "https://w3id.org/conflict-kg/ontology#"))
  FILTER NOT EXISTS { ?e a kg:Side }
  ?e rdfs:label ?label .
  OPTIONAL { ?e skos:altLabel ?alt FILTER(LANG(?alt) = LANG(?label)) }
  OPTIONAL { ?e kg:startDate ?start }
  OPTIONAL { ?e kg:endDate ?end }
  OPTIONAL { ?e kg:date ?date }
}
"""


@dataclass
class Entity:
    iri: str
    label: str
    language: str = "en"
    classes: set[str] = field(default_factory=set)
    alt_labels: set[str] = field(default_factory=set)
    start: str | None = None   # lexical forms; the year is what gets compared
    end: str | None = None
    date: str | None = None

    @property
    def names(self) -> list[str]:
        return [self.label, *sorted(self.alt_labels - {self.label})]

    @property
    def class_names(self) -> str:
        return ", ".join(sorted("kg:" + c[len(ns.ONTOLOGY):] for c in self.classes))


_CLASSES = """
PREFIX kg: <https://w3id.org/conflict-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?class WHERE {
  VALUES ?top { kg:Event kg:Party kg:Place kg:Person }
  ?class rdfs:subClassOf* ?top .
  FILTER(STRSTARTS(STR(?class), "https://w3id.org/conflict-kg/ontology#"))
}
"""


def linkable_entities(store, ontology=None) -> list[Entity]:
    """Every linkable entity in ``store`` (union of its graphs), sorted by IRI.

    The class hierarchy is read from ``store`` itself, or from the store ``ontology`` when the
    data does not hold the ontology (a file made by ``kg ingest``, say).
    """
    query = _QUERY
    if ontology is not None:
        classes = " ".join(f"<{row['class'].value}>" for row in ontology.select(_CLASSES))
        query = query.replace("  ?class rdfs:subClassOf* ?top .\n",
                              f"  VALUES ?class {{ {classes} }}\n")
    found: dict[str, Entity] = {}
    for row in store.select(query):
        iri = row["e"].value
        label = row["label"]
        entity = found.get(iri)
        if entity is None:
            entity = found[iri] = Entity(iri, label.value, label.language or "en")
        elif label.language == "en" and entity.language != "en":
            entity.label, entity.language = label.value, "en"
        entity.classes.add(row["class"].value)
        if row["alt"] is not None:
            entity.alt_labels.add(row["alt"].value)
        for name in ("start", "end", "date"):
            if row[name] is not None and getattr(entity, name) is None:
                setattr(entity, name, row[name].value)
    return [found[iri] for iri in sorted(found)]


def year(lexical: str | None) -> int | None:
    """The year of an xsd:date / gYearMonth / gYear / dateTime lexical form (Wikidata's too).

    >>> year("1918-01-12"), year("1918"), year("+1917-11-07T00:00:00Z"), year("-0044"), year(None)
    (1918, 1918, 1917, -44, None)
    """
    if not lexical:
        return None
    text = lexical.strip()
    sign = -1 if text.startswith("-") else 1
    digits = text.lstrip("+-").split("-", 1)[0].split("T", 1)[0]
    return sign * int(digits) if digits.isdigit() else None

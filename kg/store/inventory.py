"""What ``kg`` bundles: ontology version, triples per named graph, instances per class, the source.

Everything is read from the graph itself with SPARQL on the :class:`~kg.store.Store`, so the
answer describes the data that ships, not what the code expects it to hold.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from .. import __version__, resources
from .. import namespaces as ns
from .store import Store

#: The attribution the source text's licence (CC BY-SA) requires wherever it is shipped.
ATTRIBUTION = "Text from English Wikipedia, CC BY-SA"
SOURCE_DOCUMENT = ns.RESOURCE + "source-article"


@dataclass
class ClassCount:
    """Instances of one ``kg:`` class: typed directly, and including its subclasses."""

    iri: str
    label: str | None
    direct: int
    total: int


@dataclass
class SourceInfo:
    """The source document the graph was encoded from, as the graph describes it."""

    iri: str
    title: str | None
    file: str
    characters: int
    text_matches_file: bool | None  # kg:text equals the bundled file (None: no kg:text)
    origin: str | None
    licence: str | None
    rights: str | None
    identifier: str | None
    attribution: str = ATTRIBUTION


@dataclass
class BundleInfo:
    """The answer of ``kg info``."""

    version: str
    ontology_iri: str | None
    version_iri: str | None
    version_info: str | None
    graphs: dict[str, int] = field(default_factory=dict)  # named graph IRI -> triples
    default_graph_triples: int = 0
    classes: list[ClassCount] = field(default_factory=list)
    source: SourceInfo | None = None

    def to_dict(self) -> dict:
        return asdict(self)


_ONTOLOGY_QUERY = """
PREFIX owl: <http://www.w3.org/2002/07/owl#>
SELECT ?ontology ?versionIRI ?versionInfo WHERE {
  ?ontology a owl:Ontology .
  OPTIONAL { ?ontology owl:versionIRI ?versionIRI }
  OPTIONAL { ?ontology owl:versionInfo ?versionInfo }
} ORDER BY ?ontology LIMIT 1
"""

# Every owl:Class of the kg: namespace with its direct and (rdfs:subClassOf*) inferred instances.
_CLASSES_QUERY = """
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?class (SAMPLE(?l) AS ?label) (COUNT(DISTINCT ?direct) AS ?directCount)
       (COUNT(DISTINCT ?any) AS ?totalCount)
WHERE {
  ?class a owl:Class .
  FILTER(STRSTARTS(STR(?class), "$KG"))
  OPTIONAL { ?class rdfs:label ?l FILTER(LANGMATCHES(LANG(?l), "en") || LANG(?l) = "") }
  { } UNION { ?direct a ?class } UNION { ?any a/rdfs:subClassOf* ?class }
}
GROUP BY ?class ORDER BY ?class
""".replace("$KG", ns.ONTOLOGY)

_SOURCE_QUERY = """
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX kg: <https://w3id.org/conflict-kg/ontology#>
SELECT (SAMPLE(?t) AS ?title) (SAMPLE(?o) AS ?origin) (SAMPLE(?lic) AS ?licence)
       (SAMPLE(?r) AS ?rights) (SAMPLE(?id) AS ?identifier) (SAMPLE(?txt) AS ?text)
WHERE {
  BIND(<$DOC> AS ?doc) ?doc a kg:SourceDocument .
  OPTIONAL { ?doc dcterms:title ?t }
  OPTIONAL { ?doc dcterms:source ?o }
  OPTIONAL { ?doc dcterms:license ?lic }
  OPTIONAL { ?doc dcterms:rights ?r }
  OPTIONAL { ?doc dcterms:identifier ?id }
  OPTIONAL { ?doc kg:text ?txt }
}
""".replace("$DOC", SOURCE_DOCUMENT)


def _value(term) -> str | None:
    return None if term is None else str(term.value)


def bundle_info(store: Store | None = None) -> BundleInfo:
    """Describe ``store`` (default: the bundled graph).

    :raises kg.errors.InputError: a bundled file is missing or does not parse.
    """
    store = store if store is not None else Store.bundled()
    info = BundleInfo(version=__version__, ontology_iri=None, version_iri=None, version_info=None)
    for row in store.select(_ONTOLOGY_QUERY):
        info.ontology_iri = _value(row["ontology"])
        info.version_iri = _value(row["versionIRI"])
        info.version_info = _value(row["versionInfo"])
    info.graphs = {name: store.count(name) for name in store.graph_names()}
    info.default_graph_triples = store.count(None)
    for row in store.select(_CLASSES_QUERY):
        info.classes.append(ClassCount(
            iri=row["class"].value, label=_value(row["label"]),
            direct=int(row["directCount"].value), total=int(row["totalCount"].value)))
    info.source = _source_info(store)
    return info


def _source_info(store: Store) -> SourceInfo:
    file_text = resources.source_text()
    row = next(iter(store.select(_SOURCE_QUERY)), None)
    graph_text = _value(row["text"]) if row is not None else None
    return SourceInfo(
        iri=SOURCE_DOCUMENT,
        title=_value(row["title"]) if row is not None else None,
        file=resources.SOURCE_FILE_NAME,
        characters=len(graph_text if graph_text is not None else file_text),
        text_matches_file=None if graph_text is None else graph_text == file_text,
        origin=_value(row["origin"]) if row is not None else None,
        licence=_value(row["licence"]) if row is not None else None,
        rights=_value(row["rights"]) if row is not None else None,
        identifier=_value(row["identifier"]) if row is not None else None,
    )

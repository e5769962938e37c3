"""Wikidata's full statements about the linked items (values, precision, bounds, qualifiers,
references, rank), fetched in batches and cached offline for ``kg wikidata diff``.

The truthy ``wdt:`` facts the federation cache holds cannot say whether a statement has a
reference, what precision a date has or which party a casualty figure is about, so the diff reads
Wikidata's full statement layout instead (https://www.mediawiki.org/wiki/Wikibase/Indexing/RDF_Dump_Format):
``wd:Q p:P ?st``, ``?st ps:P ?value``, ``?st psv:P ?node`` (``wikibase:timePrecision``,
``wikibase:quantityAmount`` / ``quantityLowerBound`` / ``quantityUpperBound``), ``?st pq:P ?q``,
``?st wikibase:rank ?rank`` and ``?st prov:wasDerivedFrom ?ref`` with ``?ref pr:P ?v``.
The answers go in the named graph ``graph/wikidata-statements`` with PROV-O provenance, written
atomically to a file beside the federation cache (``wikidata-statements.nq``).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox

from .. import namespaces as ns
from .config import PQ, PS, WIKIDATA_PREFIXES, qid_of

GRAPH_IRI = ns.BASE + "graph/wikidata-statements"
GRAPH = ox.NamedNode(GRAPH_IRI)
P = "http://www.wikidata.org/prop/"
PSV = "http://www.wikidata.org/prop/statement/value/"
PR = "http://www.wikidata.org/prop/reference/"
WIKIBASE = "http://wikiba.se/ontology#"
PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"
XSD = "http://www.w3.org/2001/XMLSchema#"

#: The properties the diff compares (each checked in the project's wikidata-properties.tsv).
PROPERTIES = ("P361", "P527", "P276", "P710", "P580", "P582", "P585",
              "P1120", "P1339", "P1446", "P1132")
#: Qualifiers that tie a figure to a party, as the diff reads them (P642 is being deprecated).
PARTY_QUALIFIERS = ("P518", "P642", "P3831", "P710")


@dataclass
class Statement:
    """One Wikidata statement, as much of it as the diff compares."""

    item: str
    prop: str
    value: str = ""                    # QID, time lexical (xsd:dateTime) or amount
    precision: int | None = None       # times: 9 year, 10 month, 11 day
    lower: Decimal | None = None       # quantities
    upper: Decimal | None = None
    qualifiers: dict[str, set[str]] = field(default_factory=dict)
    references: list[set[str]] = field(default_factory=list)  # properties of each reference
    rank: str = "normal"

    @property
    def amount(self) -> Decimal | None:
        try:
            return Decimal(self.value)
        except (InvalidOperation, ValueError):
            return None

    def party(self) -> set[str]:
        return set().union(*(self.qualifiers.get(p, set()) for p in PARTY_QUALIFIERS))


def statements_file(cache_file: str | os.PathLike) -> Path:
    """The statements cache beside the federation cache.

    >>> statements_file("/tmp/kg/wikidata.nq").name
    'wikidata-statements.nq'
    """
    path = Path(cache_file)
    return path.with_name(path.stem + "-statements.nq")


def _query(qids: Sequence[str]) -> str:
    # Each branch carries its own VALUES: a UNION branch cannot see bindings made outside it,
    # and the endpoint must never enumerate every statement it holds.
    values = (f"VALUES ?item {{ {' '.join(f'wd:{q}' for q in qids)} }} "
              f"VALUES ?claim {{ {' '.join(f'p:{p}' for p in PROPERTIES)} }}")
    return WIKIDATA_PREFIXES + f"""PREFIX prov: <{PROV}>
SELECT ?s ?p ?o WHERE {{
  {{ {values}
    ?item ?claim ?o . BIND(?item AS ?s) BIND(?claim AS ?p) }}
  UNION {{ {values}
    ?item ?claim ?s . ?s ?p ?o . }}
  UNION {{ {values}
    ?item ?claim ?st . ?st ?valueProperty ?s . ?s ?p ?o .
    FILTER(STRSTARTS(STR(?valueProperty), "{PSV}")) }}
  UNION {{ {values}
    ?item ?claim ?st . ?st prov:wasDerivedFrom ?s . ?s ?p ?o . }}
}}"""


def fetch(client, qids: Sequence[str], chunk: int = 25, generated: str | None = None
          ) -> list[ox.Quad]:
    """The statements of ``qids`` for :data:`PROPERTIES`, plus provenance, as quads."""
    from .cache import batched
    from .links import now

    qids = sorted(set(qids), key=lambda q: int(q[1:]))
    quads: dict[ox.Quad, None] = {}
    for row in batched(client, qids, _query, chunk):
        quads[ox.Quad(row["s"], row["p"], row["o"], GRAPH)] = None
    about = [
        ox.Quad(GRAPH, ox.NamedNode(ns.PREFIXES["rdf"] + "type"), ox.NamedNode(PROV + "Entity"),
                GRAPH),
        ox.Quad(GRAPH, ox.NamedNode(PROV + "wasDerivedFrom"), ox.NamedNode(client.endpoint),
                GRAPH),
        ox.Quad(GRAPH, ox.NamedNode(PROV + "generatedAtTime"),
                ox.Literal(generated or now(), datatype=ox.NamedNode(XSD + "dateTime")), GRAPH),
    ]
    about += [ox.Quad(GRAPH, ox.NamedNode(DCTERMS + "subject"), ox.NamedNode(ns.WD + q), GRAPH)
              for q in qids]
    return list(quads) + about


@dataclass(frozen=True)
class Snapshot:
    """What a statements cache file holds."""

    endpoint: str
    generated: str
    subjects: frozenset[str]
    statements: dict[tuple[str, str], list[Statement]]


def read(path: str | os.PathLike) -> Snapshot | None:
    """The cached statements by ``(item, property)``, or ``None`` when there is no file."""
    path = Path(path)
    if not path.exists():
        return None
    quads = list(ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS))
    return snapshot(quads)


def snapshot(quads: Iterable[ox.Quad]) -> Snapshot:
    """Statements and provenance from quads in Wikidata's RDF layout."""
    by_subject: dict[str, list[tuple[str, object]]] = {}
    endpoint, generated, subjects = "", "", set()
    for quad in quads:
        if quad.subject == GRAPH:
            predicate = quad.predicate.value
            if predicate == PROV + "wasDerivedFrom":
                endpoint = quad.object.value
            elif predicate == PROV + "generatedAtTime":
                generated = quad.object.value
            elif predicate == DCTERMS + "subject":
                subjects.add(qid_of(quad.object.value) or quad.object.value)
            continue
        by_subject.setdefault(quad.subject.value, []).append((quad.predicate.value, quad.object))
    found: dict[tuple[str, str], list[Statement]] = {}
    for subject, pairs in by_subject.items():
        item = qid_of(subject)
        if item is None:
            continue
        for predicate, node in pairs:
            if not predicate.startswith(P) or "/" in predicate[len(P):]:
                continue
            prop = predicate[len(P):]
            statement = _statement(item, prop, by_subject.get(node.value, []), by_subject)
            found.setdefault((item, prop), []).append(statement)
    for values in found.values():
        values.sort(key=lambda s: (s.value, sorted(s.party())))
    return Snapshot(endpoint, generated, frozenset(subjects), found)


def _statement(item: str, prop: str, pairs, by_subject) -> Statement:
    statement = Statement(item, prop)
    for predicate, term in pairs:
        if predicate == PS + prop:
            statement.value = qid_of(term.value) or term.value
        elif predicate == PSV + prop:
            _value_node(statement, by_subject.get(term.value, []))
        elif predicate.startswith(PQ):
            statement.qualifiers.setdefault(predicate[len(PQ):], set()).add(
                qid_of(term.value) or term.value)
        elif predicate == WIKIBASE + "rank":
            statement.rank = term.value.rsplit("#", 1)[-1].removesuffix("Rank").lower()
        elif predicate == PROV + "wasDerivedFrom":
            statement.references.append({p[len(PR):] for p, _ in by_subject.get(term.value, [])
                                         if p.startswith(PR)})
    return statement


def _value_node(statement: Statement, pairs) -> None:
    for predicate, term in pairs:
        name = predicate[len(WIKIBASE):] if predicate.startswith(WIKIBASE) else ""
        if name == "timePrecision":
            statement.precision = int(term.value)
        elif name == "quantityAmount" and not statement.value:
            statement.value = term.value
        elif name == "quantityLowerBound":
            statement.lower = Decimal(term.value)
        elif name == "quantityUpperBound":
            statement.upper = Decimal(term.value)

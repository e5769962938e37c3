"""Name an entity the same way in every command: an IRI, a CURIE or a label, and find entities.

``kg describe TERM``, ``kg query -p NAME VALUE`` (for IRI parameters) and ``kg entities`` all
resolve names here: labels and alternative labels match whatever their case, a label shared by
several entities is an error that lists them (exit 2), and an unknown name suggests labels that
contain it. :func:`search` lists entities by label substring and type, with the total count, so
a caller can say when a list is cut.
"""

from __future__ import annotations

from collections import namedtuple

import pyoxigraph as ox

from .. import namespaces as ns
from ..errors import UsageError
from ..namespaces import compact
from .binding import looks_like_iri, to_term

#: how many near labels an "unknown name" error shows
NEAR_LIMIT = 5

Match = namedtuple("Match", "iri label types")
Search = namedtuple("Search", "matches total")


def _values(var: str, terms) -> str:
    """``VALUES ?var { ... }`` from RDF terms serialized by pyoxigraph (never raw text)."""
    return f"VALUES ?{var} {{ " + " ".join(str(t) for t in terms) + " }"


def resolve_label(store, label: str, what: str | None = None) -> str:
    """The IRI of the one entity whose label (any case) is ``label``.

    ``what`` names the thing being resolved in messages (``-p entity``).

    :raises UsageError: no entity has that label (naming labels that contain it), or several do
        (listing them with their types).
    """
    text = label.strip()
    query = (ns.sparql_prefixes() + "SELECT DISTINCT ?entity ?type WHERE { "
             + _values("wanted", [ox.Literal(text.casefold())])
             + " ?entity rdfs:label|skos:altLabel|skos:prefLabel ?label . "
               "FILTER(LCASE(STR(?label)) = ?wanted) "
               "OPTIONAL { ?entity a ?t . ?t rdfs:label ?type } } ORDER BY ?entity ?type")
    found: dict[str, str] = {}
    for row in store.select(query):
        iri = row["entity"].value
        if iri not in found or (row["type"] is not None and not found[iri]):
            found[iri] = row["type"].value if row["type"] is not None else ""
    where = f"{what}: " if what else ""
    if not found:
        near = search(store, text, limit=NEAR_LIMIT)
        hint = ""
        if near.matches:
            shown = "; ".join(f"{m.label} ({compact(m.iri)})" for m in near.matches)
            more = (f" ({len(near.matches)} of {near.total}; `kg entities {text}` lists all)"
                    if near.total > len(near.matches) else "")
            hint = f" Labels that contain it: {shown}{more}."
        raise UsageError(f"{where}Unknown term {label!r}: no IRI, CURIE or label matches.{hint}")
    if len(found) > 1:
        candidates = "; ".join(f"{compact(i)} ({t})" if t else compact(i)
                               for i, t in sorted(found.items()))
        raise UsageError(f"{where}{label!r} is ambiguous: {candidates}. Give the IRI or CURIE.")
    return next(iter(found))


def resolve(store, term: str) -> str:
    """The IRI that ``term`` names: an IRI, ``<IRI>``, a CURIE the graph mentions, or a label.

    :raises UsageError: unknown term, or a label shared by several entities (listing them).
    """

    if looks_like_iri(term):
        iri = to_term(term.strip(), "iri").value
        if not store.ask("ASK { { ?entity ?p ?o } UNION { ?s ?p ?entity } }",
                         bindings={"entity": ox.NamedNode(iri)}):
            raise UsageError(f"Unknown term {term!r}: nothing in the graph mentions {iri}.")
        return iri
    return resolve_label(store, term)


def search(store, text: str = "", type_iri: str | None = None,
           limit: int | None = None) -> Search:
    """Entities with a label containing ``text`` (any case), of ``type_iri`` or a subclass.

    Returns the first ``limit`` matches (all for None) by label, and the total number of matches,
    so that a caller can say "5 of 10". Each match carries its label and its types' labels.
    """
    values = _values("wanted", [ox.Literal(text.strip().casefold())])
    type_pattern = ""
    if type_iri:
        type_pattern = (_values("wantedType", [ox.NamedNode(type_iri)])
                        + " ?entity a/rdfs:subClassOf* ?wantedType . ")
    where = (" WHERE { " + values + " ?entity rdfs:label ?label . FILTER(isIRI(?entity)) "
             "FILTER(CONTAINS(LCASE(STR(?label)), ?wanted)) " + type_pattern
             + "FILTER NOT EXISTS { ?entity a ?skip . "
               "VALUES ?skip { kg:TextSpan kg:Inference kg:LinkAssertion } } }")
    prefixes = ns.sparql_prefixes()
    total = int(store.select(prefixes + "SELECT (COUNT(DISTINCT ?entity) AS ?n)" + where)[0]["n"]
                .value)
    page = (prefixes + "SELECT ?entity (MIN(STR(?label)) AS ?name)" + where
            + " GROUP BY ?entity ORDER BY LCASE(?name) ?entity"
            + (f" LIMIT {int(limit)}" if limit is not None else ""))
    rows = [(r["entity"], r["name"].value) for r in store.select(page)]
    types: dict[str, list[str]] = {}
    if rows:
        query = (prefixes + "SELECT ?entity ?typeLabel WHERE { "
                 + _values("entity", [e for e, _ in rows])
                 + " ?entity a ?t . ?t rdfs:label ?typeLabel . "
                   "FILTER(LANGMATCHES(LANG(?typeLabel), 'en') || LANG(?typeLabel) = '') } "
                   "ORDER BY ?typeLabel")
        for r in store.select(query):
            types.setdefault(r["entity"].value, []).append(r["typeLabel"].value)
    matches = [Match(e.value, name, tuple(types.get(e.value, ()))) for e, name in rows]
    return Search(matches, total)

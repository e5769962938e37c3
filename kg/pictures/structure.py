"""What the diagram needs, read by SPARQL: conflicts and campaigns, sides, parties, results.

Nodes come in four kinds (party, side, conflict, result) and edges say how the data links them:
a campaign is part of a conflict, a side is a side in a conflict, a party is on a side or took
part in (or led) a campaign, a party's losses are counted on a side, a result is the result (or
a sub-result) of something. Everything is sorted, so the same data gives the same diagram.
"""

from __future__ import annotations

from typing import NamedTuple

from ..errors import NothingToDraw
from .gather import labels, select

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..store.store import Store


class Node(NamedTuple):
    iri: str
    label: str
    kind: str          # party, side, conflict, result
    parent: str | None  # the conflict or result it is part of, within its own column
    note: str          # e.g. what a result concerns


class Edge(NamedTuple):
    source: str
    target: str
    label: str
    dashed: bool


class Structure(NamedTuple):
    nodes: list[Node]
    edges: list[Edge]


def structure(store: Store) -> Structure:
    """Sides, parties, campaigns and results, and how the data links them.

    :raises NothingToDraw: the data has no sides, participations or results.
    """
    edges: set[Edge] = set()
    kinds: dict[str, str] = {}
    parents: dict[str, str] = {}
    concerns: dict[str, list[str]] = {}

    def add(iri: str, kind: str) -> None:
        # a node keeps its first kind in this order: conflict, result, side, party
        order = ("conflict", "result", "side", "party")
        if iri not in kinds or order.index(kind) < order.index(kinds[iri]):
            kinds[iri] = kind

    for r in select(store, "SELECT ?side ?c WHERE { ?side kg:sideIn ?c }"):
        add(r["c"].value, "conflict")
        add(r["side"].value, "side")
        edges.add(Edge(r["side"].value, r["c"].value, "side in", False))
    for r in select(store, """SELECT ?party ?c ?side ?leader ?role WHERE {
            ?p kg:participant ?party ; kg:inConflict ?c .
            OPTIONAL { ?p kg:onSide ?side } OPTIONAL { ?p kg:ledBy ?leader }
            OPTIONAL { ?p kg:role ?role } }"""):
        party, conflict = r["party"].value, r["c"].value
        add(conflict, "conflict")
        add(party, "party")
        if "side" in r:
            add(r["side"].value, "side")
            edges.add(Edge(party, r["side"].value, "on side", False))
        else:
            led = "role" in r and r["role"].value.endswith("Leader")
            edges.add(Edge(party, conflict, "led" if led else "took part in", False))
        if "leader" in r:
            add(r["leader"].value, "party")
            edges.add(Edge(r["leader"].value, conflict, "led", False))
    for r in select(store, "SELECT DISTINCT ?party ?side WHERE { ?f kg:party ?party ; "
                           "kg:onSide ?side }"):
        add(r["party"].value, "party")
        add(r["side"].value, "side")
        edges.add(Edge(r["party"].value, r["side"].value, "losses counted on", True))
    for r in select(store, """SELECT ?r ?of ?sub ?about WHERE {
            { ?r kg:resultOf ?of } UNION { ?r kg:subResultOf ?sub }
            OPTIONAL { ?r kg:concerns ?about } }"""):
        add(r["r"].value, "result")
        if "of" in r:
            add(r["of"].value, "conflict")
            edges.add(Edge(r["r"].value, r["of"].value, "result of", False))
        if "sub" in r:
            add(r["sub"].value, "result")
            parents[r["r"].value] = r["sub"].value
        if "about" in r:
            concerns.setdefault(r["r"].value, []).append(r["about"].value)
    if not kinds:
        raise NothingToDraw("nothing to diagram: no sides (kg:sideIn), participations "
                            "(kg:participant) or results (kg:resultOf) in the data")
    # the part-of tree among the conflicts, and every conflict the drawn ones are part of
    for r in select(store, "SELECT ?part ?whole WHERE { { ?part kg:partOf ?whole } UNION "
                           "{ ?whole kg:hasPart ?part } } ORDER BY ?part ?whole"):
        part, whole = r["part"].value, r["whole"].value
        if kinds.get(part) == "conflict" and part not in parents:
            parents[part] = whole
            add(whole, "conflict")
    for r in select(store, """SELECT ?part ?whole WHERE { ?part kg:partOf ?whole .
            ?part a ?t . ?t rdfs:subClassOf* kg:Conflict }"""):
        if r["whole"].value in kinds and r["part"].value not in kinds:
            kinds[r["part"].value] = "conflict"
            parents[r["part"].value] = r["whole"].value
    names = labels(store, set(kinds) | {a for v in concerns.values() for a in v})
    nodes = []
    for iri, kind in sorted(kinds.items()):
        about = sorted(names[a] for a in concerns.get(iri, []))
        parent = parents.get(iri) if kinds.get(parents.get(iri, "")) == kind else None
        nodes.append(Node(iri, names[iri], kind, parent,
                          f"concerns: {', '.join(about)}" if about else ""))
    return Structure(nodes, sorted(edges))

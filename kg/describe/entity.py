"""Everything the graph says about one entity: types, labels and facts, each in the source's words.

``describe(store, term)`` finds the entity by IRI, CURIE or label (case-insensitive, rdfs:label
or skos:altLabel) and gathers the statements about it in both directions. Facts stated through an
n-ary fact node (a participation, a figure, a motivation, a result, a hampering factor, a link
assertion) are reported through that node, with the node's own properties and the text spans
(``kg:evidence``) that state it. Direct statements are quoted with the spans of their subject
that mention the value (its label, or the year of a date).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from .. import namespaces as ns
from ..query.deadline import Stop
from ..query.resolve import resolve

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS = "http://www.w3.org/2004/02/skos/core#"
KG = ns.ONTOLOGY
# Classes whose instances are n-ary fact nodes rather than things in the world.
FACT_CLASSES = ("Participation", "Command", "Result", "Figure", "Motivation", "HamperingFactor",
                "LinkAssertion")
_SHOWN_APART = {RDF_TYPE, RDFS_LABEL, SKOS + "altLabel", SKOS + "prefLabel", KG + "evidence"}


@dataclass(frozen=True)
class Quote:
    """A span of the source: offsets in code points (end exclusive) and its text."""

    begin: int
    end: int
    text: str


@dataclass
class Fact:
    """One statement about the entity, outgoing (entity is the subject) or incoming."""

    property: str
    direction: str                      # "out" or "in"
    value: ox.NamedNode | ox.BlankNode | ox.Literal
    via: str | None = None              # the n-ary fact node, for incoming facts through one
    details: list[tuple[str, ox.NamedNode | ox.BlankNode | ox.Literal]] = field(
        default_factory=list)           # the fact node's other statements
    quotes: list[Quote] = field(default_factory=list)


@dataclass
class Description:
    iri: str
    types: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    alt_labels: list[str] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)   # IRI -> label, for display

    def name(self, iri: str) -> str:
        return self.names.get(iri, "")


def _values(var: str, terms) -> str:
    """``VALUES ?var { ... }`` from RDF terms serialized by pyoxigraph (never raw text)."""
    return f"VALUES ?{var} {{ " + " ".join(str(t) for t in terms) + " }"


def _prefix_lines() -> str:
    return ns.sparql_prefixes()


def _statements(store, subjects: list[ox.NamedNode | ox.BlankNode]) -> list[tuple]:
    """The subjects' statements, a literal the engine rewrote as written where that is certain
    (:func:`kg.query.written.written_forms`)."""
    if not subjects:
        return []
    query = ("SELECT ?s ?p ?o WHERE { " + _values("s", subjects) + " ?s ?p ?o } "
             "ORDER BY ?s ?p ?o")
    rows = [(r["s"], r["p"], r["o"]) for r in store.select(query)]
    if getattr(store, "lexical", None):
        from ..query.written import written_forms

        forms = written_forms(store)
        rows = [(s, p, forms.get(o, o) if type(o) is ox.Literal else o) for s, p, o in rows]
    return rows


def _quotes(store, subjects) -> dict[str, list[Quote]]:
    if not subjects:
        return {}
    query = (_prefix_lines() + "SELECT ?s ?b ?e ?a WHERE { " + _values("s", subjects)
             + " ?s kg:evidence ?span . ?span kg:beginIndex ?b ; kg:endIndex ?e ; "
               "kg:anchorOf ?a } ORDER BY ?s ?b ?e")
    out: dict[str, dict[Quote, None]] = {}  # a dict keeps the order and drops repeats
    for r in store.select(query):
        out.setdefault(str(r["s"]), {})[Quote(int(r["b"].value), int(r["e"].value),
                                              r["a"].value)] = None
    return {subject: list(quotes) for subject, quotes in out.items()}


def _labels(store, iris) -> dict[str, str]:
    iris = sorted({i for i in iris if isinstance(i, ox.NamedNode)}, key=lambda n: n.value)
    if not iris:
        return {}
    query = ("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?x ?l WHERE { "
             + _values("x", iris) + " ?x rdfs:label ?l } ORDER BY ?x ?l")
    names: dict[str, str] = {}
    for r in store.select(query):
        names.setdefault(r["x"].value, r["l"].value)
    return names


def _fact_nodes(store, nodes) -> set[str]:
    if not nodes:
        return set()
    classes = [ox.NamedNode(KG + c) for c in FACT_CLASSES]
    query = ("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT DISTINCT ?s WHERE { "
             + _values("s", nodes) + " " + _values("c", classes)
             + " ?s a ?t . ?t rdfs:subClassOf* ?c }")
    return {str(r["s"]) for r in store.select(query)}


def _mentions(quote: Quote, value, names: dict[str, str], alt: dict[str, list[str]]) -> bool:
    text = quote.text.casefold()
    if isinstance(value, ox.Literal):
        lexical = value.value
        year = lexical[:4] if lexical[:4].isdigit() else None
        return (lexical.casefold() in text) or (year is not None and year in text)
    if isinstance(value, ox.NamedNode):
        words = [names.get(value.value, ""), *alt.get(value.value, [])]
        return any(w and w.casefold() in text for w in words)
    return False


def _checker(stop):
    """A function that raises :class:`Stop` once ``stop`` (a threading.Event) is set."""
    def check() -> None:
        if stop is not None and stop.is_set():
            raise Stop
    return check


def describe(store, term: str, stop=None) -> Description:
    """Gather the description of the entity ``term`` names (see :func:`resolve`).

    :param stop: a ``threading.Event``; once set (a deadline passed, Ctrl-C), the work stops
        with :class:`Stop` at the next fact.
    """
    check = _checker(stop)
    iri = resolve(store, term)
    node = ox.NamedNode(iri)
    desc = Description(iri=iri)
    outgoing = _statements(store, [node])
    incoming = [(r["s"], r["p"]) for r in store.select(
        "SELECT ?entity ?s ?p WHERE { ?s ?p ?entity } ORDER BY ?p ?s",
        bindings={"entity": node})]
    fact_nodes = _fact_nodes(store, sorted({s for s, _ in incoming}, key=str))
    via_nodes = [s for s in sorted({s for s, _ in incoming}, key=str) if str(s) in fact_nodes]
    details = _statements(store, via_nodes)
    quotes = _quotes(store, [node, *via_nodes, *sorted({s for s, _ in incoming
                                                        if str(s) not in fact_nodes}, key=str)])
    mentioned = {node} | {o for _, _, o in outgoing} | {s for s, _ in incoming} \
        | {p for _, p, _ in outgoing} | {p for _, p in incoming} \
        | {t for _, p, t in details} | {p for _, p, _ in details}
    desc.names = _labels(store, mentioned)
    alt: dict[str, list[str]] = {}
    for r in store.select(
            "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT ?x ?l WHERE { "
            + _values("x", sorted({t for t in mentioned if isinstance(t, ox.NamedNode)},
                                  key=str)) + " ?x skos:altLabel ?l }"):
        alt.setdefault(r["x"].value, []).append(r["l"].value)

    desc.quotes = quotes.get(str(node), [])
    check()
    for _, p, o in outgoing:
        check()
        if p.value == RDF_TYPE and isinstance(o, ox.NamedNode):
            desc.types.append(o.value)
        elif p.value == RDFS_LABEL:
            desc.labels.append(o.value)
        elif p.value in (SKOS + "altLabel", SKOS + "prefLabel"):
            desc.alt_labels.append(o.value)
        elif p.value != KG + "evidence":
            spans = [q for q in desc.quotes if _mentions(q, o, desc.names, alt)]
            desc.facts.append(Fact(p.value, "out", o, quotes=spans))
    for s, p in incoming:
        check()
        if p.value in _SHOWN_APART:
            continue
        if str(s) in fact_nodes:
            own = [(dp.value, do) for ds, dp, do in details
                   if ds == s and not (dp == p and do == node)
                   and dp.value not in (RDFS_LABEL, KG + "evidence")]
            desc.facts.append(Fact(p.value, "in", s, via=s.value, details=own,
                                   quotes=quotes.get(str(s), [])))
        else:
            theirs = quotes.get(str(s), [])
            spans = [q for q in theirs if _mentions(q, node, desc.names, alt)]
            if not spans and len(theirs) == 1:  # one span states the whole other entity
                spans = theirs
            desc.facts.append(Fact(p.value, "in", s, quotes=spans))
    return desc


def subgraph(store, term: str, stop=None) -> list[ox.Triple]:
    """The triples behind :func:`describe`: the entity's statements both ways, its fact nodes'
    statements, the text spans they cite, and the labels of everything mentioned."""
    desc = describe(store, term, stop)
    _checker(stop)()
    node = ox.NamedNode(desc.iri)
    triples = {ox.Triple(s, p, o) for s, p, o in _statements(store, [node])}
    for r in store.select("SELECT ?entity ?s ?p WHERE { ?s ?p ?entity }",
                          bindings={"entity": node}):
        triples.add(ox.Triple(r["s"], r["p"], node))
    via = sorted({ox.NamedNode(f.via) for f in desc.facts if f.via}, key=str)
    triples |= {ox.Triple(s, p, o) for s, p, o in _statements(store, via)}
    spans = sorted({t.object for t in triples if t.predicate.value == KG + "evidence"}, key=str)
    triples |= {ox.Triple(s, p, o) for s, p, o in _statements(store, spans)}
    named = sorted({x for t in triples for x in (t.subject, t.object)
                    if isinstance(x, ox.NamedNode)}, key=str)
    if named:
        query = ("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?x ?l WHERE { "
                 + _values("x", named) + " ?x rdfs:label ?l }")
        triples |= {ox.Triple(r["x"], ox.NamedNode(RDFS_LABEL), r["l"])
                    for r in store.select(query)}
    return sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))

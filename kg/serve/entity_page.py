"""An entity's page: its facts grouped by property, each with its quote, figure, graph and warnings.

Built on :func:`kg.describe.entity.describe` (the same facts ``kg describe`` prints); this module
adds what a web page needs: the named graph each statement comes from, the document and anchor
of each quote, the figure a fact node states in words, the entity's Wikidata links with how each
was made, and the validation results that concern it.
"""

from __future__ import annotations

import pyoxigraph as ox

from .. import namespaces as ns
from ..namespaces import compact
from .humanize import figure_text

KG = ns.ONTOLOGY
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
# the day bounds derived from a stated date (kg/dates.py): the page shows the stated date at its
# precision ("September 1920"), never a derived day as if the source had given it
_DERIVED_BOUNDS = {KG + p for p in ("earliestStart", "latestStart", "earliestEnd", "latestEnd")}
_HIDDEN_DETAILS = {RDF_TYPE, RDFS_LABEL, KG + "evidence", *_DERIVED_BOUNDS}
# Said once as the figure in words ("at least 938 killed"), so not listed again as details.
_FIGURE_DETAILS = {KG + p for p in ("quantityForm", "value", "lowerBound", "upperBound", "unit",
                                    "lossKind", "listPosition")}
# Shown in the Wikidata table with how each link was made, not as a fact of its own.
_LINK_PROPERTIES = {KG + "linkSubject"}


def _values(var: str, terms) -> str:
    return f"VALUES ?{var} {{ " + " ".join(str(t) for t in terms) + " }"


def fact_graphs(store, iri: str) -> dict[tuple, list[str]]:
    """The named graphs of each statement about ``iri``: ("out", p, o) and ("in", s, p) keys."""
    node = ox.NamedNode(iri)
    found: dict[tuple, set[str]] = {}
    for row in store.select("SELECT ?e ?p ?o ?g WHERE { GRAPH ?g { ?e ?p ?o } }",
                            bindings={"e": node}):
        found.setdefault(("out", row["p"].value, str(row["o"])), set()).add(row["g"].value)
    for row in store.select("SELECT ?e ?s ?p ?g WHERE { GRAPH ?g { ?s ?p ?e } }",
                            bindings={"e": node}):
        found.setdefault(("in", str(row["s"]), row["p"].value), set()).add(row["g"].value)
    return {k: sorted(v) for k, v in found.items()}


def quote_documents(store, subjects) -> dict[tuple[int, int], str]:
    """(begin, end) -> the document IRI, for the spans ``subjects`` cite."""
    named = sorted({s for s in subjects if isinstance(s, ox.NamedNode)}, key=str)
    if not named:
        return {}
    query = (f"PREFIX kg: <{KG}> SELECT DISTINCT ?b ?e ?doc WHERE {{ " + _values("s", named)
             + " ?s kg:evidence ?span . ?span kg:beginIndex ?b ; kg:endIndex ?e ; "
               "kg:inDocument ?doc }")
    return {(int(r["b"].value), int(r["e"].value)): r["doc"].value for r in store.select(query)}


def span_id(begin: int, end: int) -> str:
    return f"span-{begin}-{end}"


def entity_links(ctx, iri: str) -> list:
    """The entity's Wikidata links (kg:LinkAssertion), read once for all pages."""
    with ctx.cache_lock:
        links = ctx.cache.get("links")
    if links is None:
        from ..errors import KgError
        from ..wikidata.links import links_from_store

        try:
            links = links_from_store(ctx.store)
        except KgError:
            links = []
        by_entity: dict[str, list] = {}
        for link in links:
            by_entity.setdefault(link.entity, []).append(link)
        links = by_entity
        with ctx.cache_lock:
            ctx.cache["links"] = links
    return links.get(iri, [])


def _quotes(ctx, quotes, docs) -> list[dict]:
    out = []
    for q in quotes:
        doc = docs.get((q.begin, q.end))
        href = (ctx.paths.page_of(doc) + "#" + span_id(q.begin, q.end)) if doc else None
        out.append({"text": q.text, "begin": q.begin, "end": q.end, "href": href})
    return out


def entity_view(ctx, iri: str) -> dict:
    """Everything the entity template shows.

    :raises kg.errors.UsageError: nothing in the data mentions ``iri``.
    """
    from ..describe.entity import describe

    store = ctx.store
    desc = describe(store, f"<{iri}>")
    names = desc.names
    graphs = fact_graphs(store, iri)
    subjects = [ox.NamedNode(iri)] + [f.value for f in desc.facts if f.direction == "in"]
    docs = quote_documents(store, subjects)

    groups: dict[tuple[str, str], list[dict]] = {}
    own: dict[str, list] = {}
    for fact in desc.facts:
        if fact.direction == "in" and fact.property in _LINK_PROPERTIES:
            continue
        if fact.direction == "out" and fact.property in _DERIVED_BOUNDS:
            continue
        if fact.direction == "out":
            own.setdefault(fact.property, []).append(fact.value)
            key = ("out", fact.property, str(fact.value))
        else:
            key = ("in", str(fact.value), fact.property)
        item = {"value": fact.value, "via": fact.via, "figure": None, "details": [],
                "quotes": _quotes(ctx, fact.quotes, docs), "graphs": graphs.get(key, [])}
        if fact.via:
            props: dict[str, list] = {}
            for p, o in fact.details:
                props.setdefault(p, []).append(o)
            item["figure"] = figure_text(props, names)
            item["kind"] = next((names.get(o.value, compact(o.value)) for p, o in fact.details
                                 if p == RDF_TYPE and isinstance(o, ox.NamedNode)), "")
            hidden = _HIDDEN_DETAILS | (_FIGURE_DETAILS if item["figure"] else set())
            item["details"] = [(p, o) for p, o in fact.details if p not in hidden]
            item["position"] = next((int(o.value) for p, o in fact.details
                                     if p == KG + "listPosition" and o.value.isdigit()), None)
        groups.setdefault((fact.direction, fact.property), []).append(item)

    def order(key):
        direction, prop = key
        return (direction != "out", (names.get(prop) or compact(prop)).casefold(), prop)

    def position(item):  # by kind, figures in the source's order (kg:listPosition), then IRI
        where = item.get("position")
        return (item.get("kind", ""), where if where is not None else 1 << 30, str(item["value"]))

    for items in groups.values():
        items.sort(key=position)
    grouped = [{"direction": d, "property": p, "label": names.get(p) or compact(p),
                "items": groups[(d, p)]} for d, p in sorted(groups, key=order)]
    vias = [f.via for f in desc.facts if f.via]
    warnings = ctx.warnings_now()
    is_document = any(t == KG + "SourceDocument" for t in desc.types)
    return {
        "iri": iri, "title": desc.labels[0] if desc.labels else compact(iri),
        "curie": compact(iri), "types": desc.types, "labels": desc.labels,
        "alt_labels": desc.alt_labels, "names": names,
        "quotes": _quotes(ctx, desc.quotes, docs),
        "figure": figure_text(own, names),
        "outgoing": [g for g in grouped if g["direction"] == "out"],
        "incoming": [g for g in grouped if g["direction"] == "in"],
        "links": entity_links(ctx, iri),
        "warnings": warnings.about(iri, *vias), "warnings_note": warnings.note,
        "is_document": is_document, "formats": _formats(ctx.paths.page_of(iri)),
    }


def _formats(page: str) -> list[tuple[str, str]]:
    sep = "&" if "?" in page else "?"
    return [(label, f"{page}{sep}format={fmt}") for label, fmt in (
        ("Turtle", "turtle"), ("JSON-LD", "json-ld"), ("N-Triples", "n-triples"),
        ("RDF/XML", "xml"))]

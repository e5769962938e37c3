"""A source document's text with every cited span highlighted and linked to the facts it supports.

Spans may nest or overlap, so the text is cut at every span boundary; each piece knows the spans
that cover it, and links to the innermost one's entry in the list of spans below the text, where
each span names the entities and facts that cite it (``kg:evidence``).
"""

from __future__ import annotations

from itertools import pairwise

import pyoxigraph as ox

from .. import namespaces as ns
from .entity_page import span_id

KG = ns.ONTOLOGY


def _spans(store, doc: str) -> list[dict]:
    query = (f"PREFIX kg: <{KG}> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
             "SELECT ?doc ?span ?b ?e ?a ?node ?label WHERE { ?span kg:inDocument ?doc ; "
             "kg:beginIndex ?b ; kg:endIndex ?e . OPTIONAL { ?span kg:anchorOf ?a } "
             "OPTIONAL { ?node kg:evidence ?span OPTIONAL { ?node rdfs:label ?label } } } "
             "ORDER BY ?b DESC(?e) ?node")
    spans: dict[tuple[int, int], dict] = {}
    for row in store.select(query, bindings={"doc": ox.NamedNode(doc)}):
        begin, end = int(row["b"].value), int(row["e"].value)
        span = spans.setdefault((begin, end), {
            "id": span_id(begin, end), "begin": begin, "end": end,
            "quote": row["a"].value if row["a"] else "", "iri": row["span"].value,
            "nodes": []})
        node = row["node"]
        if node is not None and all(n[0] != node.value for n in span["nodes"]):
            span["nodes"].append((node.value, row["label"].value if row["label"] else ""))
    return list(spans.values())


def pieces(text: str, spans: list[dict]) -> list[dict]:
    """The text cut at every span boundary: each piece with the ids of the spans over it.

    >>> [(p["text"], p["spans"]) for p in pieces("abcdef", [{"id": "s1", "begin": 1, "end": 4},
    ...                                                    {"id": "s2", "begin": 2, "end": 6}])]
    [('a', []), ('b', ['s1']), ('cd', ['s1', 's2']), ('ef', ['s2'])]
    """
    cuts = sorted({0, len(text)} | {s["begin"] for s in spans if 0 <= s["begin"] <= len(text)}
                  | {s["end"] for s in spans if 0 <= s["end"] <= len(text)})
    starts: dict[int, list[str]] = {}
    for s in spans:
        starts.setdefault(s["begin"], []).append(s["id"])
    out = []
    for a, b in pairwise(cuts):
        if a == b:
            continue
        over = [s for s in spans if s["begin"] <= a and b <= s["end"]]
        over.sort(key=lambda s: (s["begin"], -s["end"]))
        out.append({"text": text[a:b], "spans": [s["id"] for s in over],
                    "anchors": starts.get(a, []),
                    "inner": over[-1]["id"] if over else None})
    return out


def source_view(ctx, doc: str) -> dict | None:
    """The text page of document ``doc``, or None if it has no ``kg:text``."""
    store = ctx.store
    rows = store.select(f"SELECT ?doc ?text WHERE {{ ?doc <{KG}text> ?text }} LIMIT 1",
                        bindings={"doc": ox.NamedNode(doc)})
    if not rows:
        return None
    text = rows[0]["text"].value
    spans = _spans(store, doc)
    for s in spans:  # a span whose quote differs from the text at its offsets is shown as such
        s["matches"] = text[s["begin"]:s["end"]] == s["quote"]
    return {"text": text, "pieces": pieces(text, spans), "spans": spans}


def documents(store) -> list[tuple[str, str]]:
    """(IRI, title) of every source document with a text."""
    query = (f"PREFIX kg: <{KG}> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
             "SELECT DISTINCT ?doc ?label WHERE { ?doc kg:text ?t . "
             "OPTIONAL { ?doc rdfs:label ?label } } ORDER BY ?doc")
    out: dict[str, str] = {}
    for row in store.select(query):
        out.setdefault(row["doc"].value, row["label"].value if row["label"] else "")
    return list(out.items())

"""The home page: the conflicts in the data with their dates, sides, places and results."""

from __future__ import annotations

from .. import namespaces as ns

KG = ns.ONTOLOGY
_PREFIXES = (f"PREFIX kg: <{KG}> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> ")

_CONFLICTS = _PREFIXES + """
SELECT ?c ?label ?start ?end ?parent WHERE {
  ?c a ?t . ?t rdfs:subClassOf* kg:Conflict .
  OPTIONAL { ?c rdfs:label ?label }
  OPTIONAL { ?c kg:startDate ?start }
  OPTIONAL { ?c kg:endDate ?end }
  OPTIONAL { ?c kg:partOf ?parent }
} ORDER BY ?start ?c"""

_SIDES = _PREFIXES + """
SELECT ?c ?side ?label WHERE { ?side kg:sideIn ?c OPTIONAL { ?side rdfs:label ?label } }
ORDER BY ?c ?side"""

_RESULTS = _PREFIXES + """
SELECT ?c ?r ?label ?sub ?sublabel WHERE {
  ?r kg:resultOf ?c OPTIONAL { ?r rdfs:label ?label }
  OPTIONAL { ?sub kg:subResultOf ?r OPTIONAL { ?sub rdfs:label ?sublabel } }
} ORDER BY ?c ?r ?sub"""

_PLACES = _PREFIXES + """
SELECT ?c ?place ?label WHERE {
  ?c kg:place ?place . ?c a ?t . ?t rdfs:subClassOf* kg:Conflict
  OPTIONAL { ?place rdfs:label ?label } } ORDER BY ?c ?place"""


def home_view(ctx) -> dict:
    """Conflicts with their dates, parts, sides, places and results; cached (the data is fixed)."""
    with ctx.cache_lock:
        cached = ctx.cache.get("home")
    if cached is not None:
        return cached
    from .source_page import documents

    store = ctx.store
    conflicts: dict[str, dict] = {}
    names: dict[str, str] = {}
    for row in store.select(_CONFLICTS):
        iri = row["c"].value
        entry = conflicts.setdefault(iri, {"iri": iri, "start": row["start"], "end": row["end"],
                                           "parents": [], "sides": [], "results": [],
                                           "places": [], "parts": []})
        if row["label"] is not None:
            names.setdefault(iri, row["label"].value)
        if row["parent"] is not None and row["parent"].value not in entry["parents"]:
            entry["parents"].append(row["parent"].value)
    _attach(store.select(_SIDES), "side", conflicts, "sides", names)
    for row in store.select(_RESULTS):
        entry = conflicts.get(row["c"].value)
        if entry is None:
            continue
        r = row["r"].value
        if row["label"] is not None:
            names[r] = row["label"].value
        result = next((x for x in entry["results"] if x["iri"] == r), None)
        if result is None:
            result = {"iri": r, "subs": []}
            entry["results"].append(result)
        if row["sub"] is not None:
            result["subs"].append(row["sub"].value)
            if row["sublabel"] is not None:
                names[row["sub"].value] = row["sublabel"].value
    _attach(store.select(_PLACES), "place", conflicts, "places", names)
    for iri, entry in conflicts.items():
        for parent in entry["parents"]:
            if parent in conflicts:
                conflicts[parent]["parts"].append(iri)
    top = [c for c in conflicts.values()
           if not any(p in conflicts for p in c["parents"]) or c["sides"] or c["results"]]
    # what the data is about (sides, results) first; conflicts it only mentions last
    top.sort(key=lambda c: (not (c["sides"] or c["results"]), not c["parts"],
                            c["start"].value if c["start"] is not None else "9999",
                            names.get(c["iri"], c["iri"])))
    view = {"conflicts": top, "all": conflicts, "names": names,
            "documents": documents(store), "count": ctx.triple_count(),
            "graphs": _graphs(store)}
    with ctx.cache_lock:
        ctx.cache["home"] = view
    return view


def _attach(rows, var: str, conflicts: dict, key: str, names: dict[str, str]) -> None:
    """Add each row's ``var`` to its conflict's ``key`` list once, and its label to ``names``."""
    for row in rows:
        entry = conflicts.get(row["c"].value)
        if entry is not None and row[var].value not in entry[key]:
            entry[key].append(row[var].value)
            if row["label"] is not None:
                names[row[var].value] = row["label"].value


def _graphs(store) -> list[tuple[str, int]]:
    rows = store.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } "
                        "GROUP BY ?g ORDER BY ?g")
    return [(r["g"].value, int(r["n"].value)) for r in rows]

"""The ontology documentation: every class, property and listed value with its label, definition
and alignments, each at its own anchor (``/ontology#Campaign``), since the terms are hash IRIs."""

from __future__ import annotations

import pyoxigraph as ox

from .. import namespaces as ns

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
KINDS = (("Classes", {OWL + "Class", RDFS + "Class"}),
         ("Object properties", {OWL + "ObjectProperty"}),
         ("Data properties", {OWL + "DatatypeProperty"}),
         ("Annotation properties", {OWL + "AnnotationProperty", RDF + "Property"}))
DEFINITION = (SKOS + "definition", RDFS + "comment")
ALIGNMENTS = (RDFS + "subClassOf", RDFS + "subPropertyOf", OWL + "equivalentClass",
              OWL + "equivalentProperty", SKOS + "exactMatch", SKOS + "closeMatch",
              SKOS + "broadMatch", SKOS + "narrowMatch", RDFS + "domain", RDFS + "range",
              ns.ONTOLOGY + "wikidataProperty", OWL + "inverseOf", SKOS + "inScheme")


def ontology_view(ctx) -> dict:
    """Terms grouped by kind, each with label, definition and alignments; cached."""
    with ctx.cache_lock:
        cached = ctx.cache.get("ontology")
    if cached is not None:
        return cached
    rows = ctx.store.select(
        "SELECT ?ns ?s ?p ?o WHERE { ?s ?p ?o FILTER(STRSTARTS(STR(?s), STR(?ns))) } "
        "ORDER BY ?s ?p ?o", bindings={"ns": ox.Literal(ns.ONTOLOGY)})
    terms: dict[str, dict] = {}
    about: dict[str, list] = {}
    for row in rows:
        subject = row["s"].value
        term = terms.setdefault(subject, {"iri": subject, "local": subject[len(ns.ONTOLOGY):],
                                          "types": [], "label": "", "definition": "",
                                          "alignments": []})
        p, o = row["p"].value, row["o"]
        if p == RDF + "type":
            term["types"].append(o.value)
        elif p == RDFS + "label" and not term["label"]:
            term["label"] = o.value
        elif p in DEFINITION and not term["definition"]:
            term["definition"] = o.value
        elif p in ALIGNMENTS:
            term["alignments"].append((p, o))
        about.setdefault(subject, []).append((p, o))
    terms.pop(ns.ONTOLOGY, None)
    sections = []
    placed = set()
    for title, kinds in KINDS:
        members = [t for t in terms.values() if kinds & set(t["types"]) and t["iri"] not in placed]
        placed |= {t["iri"] for t in members}
        sections.append({"title": title, "terms": sorted(members, key=lambda t: t["local"])})
    rest = [t for t in terms.values() if t["iri"] not in placed and t["local"]]
    sections.append({"title": "Listed values (units, kinds, forms, schemes)",
                     "terms": sorted(rest, key=lambda t: t["local"])})
    names = {t["iri"]: t["label"] for t in terms.values() if t["label"]}
    names.update(_labels(ctx.store, {o.value for t in terms.values()
                                     for _, o in t["alignments"] if isinstance(o, ox.NamedNode)}))
    info = ctx.store.select(
        "PREFIX owl: <http://www.w3.org/2002/07/owl#> SELECT ?o ?v ?vi WHERE { "
        "OPTIONAL { ?o owl:versionInfo ?v } OPTIONAL { ?o owl:versionIRI ?vi } }",
        bindings={"o": ox.NamedNode(ns.ONTOLOGY_IRI)})
    view = {"sections": [s for s in sections if s["terms"]], "names": names,
            "version": info[0]["v"].value if info and info[0]["v"] else "",
            "version_iri": info[0]["vi"].value if info and info[0]["vi"] else ""}
    with ctx.cache_lock:
        ctx.cache["ontology"] = view
    return view


def _labels(store, iris: set[str]) -> dict[str, str]:
    if not iris:
        return {}
    values = " ".join(str(ox.NamedNode(i)) for i in sorted(iris))
    rows = store.select(f"SELECT ?x ?l WHERE {{ VALUES ?x {{ {values} }} ?x <{RDFS}label> ?l }}")
    out: dict[str, str] = {}
    for r in rows:
        out.setdefault(r["x"].value, r["l"].value)
    return out

"""Which shapes may be checked in chunks: the safety check behind :mod:`kg.validate.partition`.

A shapes graph is admitted only when every constraint, started from a focus node, reads nothing
outside the chunk that owns it (the soundness argument is in :mod:`kg.validate.partition`).
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from .. import namespaces as ns

if TYPE_CHECKING:
    import rdflib

_SH = "http://www.w3.org/ns/shacl#"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
_LINK_SUBJECT = ns.ONTOLOGY + "linkSubject"

# SPARQL constraints read by hand (whitespace-normalised sh:select text, SHA-256). Each reads
# only: $this's own triples; triples of the nodes $this points at; or the link records pointing
# at $this through kg:linkSubject (and their own triples):
#   PassageShape-order, RangeShape-order, IntervalShape-startNotAfterEnd: $this's own triples.
#   PassageShape-withinText, PassageShape-quote: $this kg:inDocument ?d . ?d kg:text ?text (2).
#   PartWithinWholeShape-start/-end: $this kg:partOf ?w . ?w's dates and rdfs:label (2).
#   EndingEventShape-afterEnd: $this kg:ends ?c . ?c's end dates and rdfs:label (2).
#   ExactMatchShape-recorded: NOT EXISTS { ?a a kg:LinkAssertion ; kg:linkSubject $this ;
#       kg:linkTarget ?target } (3).
_PROVEN_SPARQL = frozenset({
    "0721ad00b494bc216963af7c11c2338604fb0156c644777e601de05432e62aa5",  # EndingEventShape-afterEnd
    "b32c16538ae722434b5ccdafce9625969473449e2d2d3da62de04d7c78c3f39d",  # ExactMatchShape-recorded
    "10ca71c137e3d213d406783a730534fa2926a948bfbdec867ff73044c6ed0d5a",  # IntervalShape-startNot...
    "c38da2d32d6de80c7cf5e0752280c4b65825f2034d98a955adbe4c9305d03d94",  # PartWithinWhole-end
    "784e7ef94e70bbddc387e6fd663a2809444d84937ecc298f97570c1f63b8e641",  # PartWithinWhole-start
    "1056e016d5c60e1da49ff2789bf8a668ae0bfb8f74f93e92e17bd3f0950ac9e4",  # PassageShape-order
    "4a4fcfb34ee4fe7a584b8879943b395d9261022a387ce09c0d8765d33e611fc3",  # PassageShape-quote
    "6c2d88c6e377b8259ffce9962b1071046adadb552ac80f10af036dfc76e5b63c",  # PassageShape-withinText
    "381392787e562cb04bf2263955ab19a1a01fb66a257d041da813d650249cf415",  # RangeShape-order
})

# sh: predicates a partition-safe shapes graph may use at all.
_ALLOWED = frozenset(_SH + name for name in (
    "targetClass", "targetSubjectsOf", "property", "path", "alternativePath", "minCount",
    "maxCount", "uniqueLang", "class", "datatype", "in", "hasValue", "nodeKind", "pattern",
    "flags", "minInclusive", "maxInclusive", "minExclusive", "maxExclusive", "minLength",
    "maxLength", "languageIn", "or", "not", "xone", "and", "message", "severity", "name",
    "description", "sparql", "select", "prefixes", "declare", "prefix", "namespace",
    "deactivated", "order", "group"))
_LOGICAL = ("or", "xone", "and")
# constraints that read more than the value node itself
_REACHING = frozenset(_SH + name for name in ("path", "property", "sparql"))


def sparql_fingerprint(text: str) -> str:
    """SHA-256 of a SPARQL text, whitespace normalised (what :data:`_PROVEN_SPARQL` holds)."""
    return hashlib.sha256(" ".join(str(text).split()).encode("utf-8")).hexdigest()


def partition_safe(shapes: rdflib.Graph) -> bool:
    """True when every constraint of ``shapes`` reads only what a chunk holds (module docstring)."""
    return unsafe_reason(shapes) is None


def unsafe_reason(shapes: rdflib.Graph) -> str | None:
    """Why ``shapes`` cannot be checked chunk by chunk, in words; None when they can."""
    from rdflib import RDF, RDFS, URIRef
    from rdflib.namespace import OWL

    sh = lambda name: URIRef(_SH + name)  # noqa: E731
    for _, pred, _ in shapes:
        if str(pred).startswith(_SH) and str(pred) not in _ALLOWED:
            return f"the shapes use {pred}, which chunked validation does not know"
    for kind in (RDFS.Class, OWL.Class):
        for node in shapes.subjects(RDF.type, kind):
            if any(str(p).startswith(_SH) for p in shapes.predicates(node, None)):
                # a shape that is also a class targets its instances implicitly
                return f"{node} is both a shape and a class"
    for path in shapes.objects(None, sh("path")):
        if isinstance(path, URIRef):
            continue
        alternatives = list(shapes.objects(path, sh("alternativePath")))
        if (set(shapes.predicates(path, None)) != {sh("alternativePath")} or len(alternatives) != 1
                or not all(isinstance(item, URIRef) for item in shapes.items(alternatives[0]))):
            return "a sh:path is neither a predicate nor a choice of predicates"
    for constraint in shapes.objects(None, sh("sparql")):
        selects = list(shapes.objects(constraint, sh("select")))
        if not selects or any(sparql_fingerprint(s) not in _PROVEN_SPARQL for s in selects):
            return ("a SPARQL constraint has not been read for chunked validation (its "
                    "fingerprint is not in kg/partition.py)")

    # Value-level shapes (members of a logical constraint on a property shape, whose focus is a
    # value node) must not reach further than the value: no path, property or SPARQL in them.
    def members(shape) -> list:
        found = list(shapes.objects(shape, sh("not")))
        for name in _LOGICAL:
            for head in shapes.objects(shape, sh(name)):
                found.extend(shapes.items(head))
        return found

    def value_level_ok(shape, seen) -> bool:
        if shape in seen:
            return True
        seen.add(shape)
        if any(str(p) in _REACHING for p in shapes.predicates(shape, None)):
            return False
        return all(value_level_ok(m, seen) for m in members(shape))

    property_shapes = set(shapes.subjects(sh("path"), None))
    for shape in property_shapes:
        if not all(value_level_ok(m, set()) for m in members(shape)):
            return f"a shape inside a logical constraint of {shape} reaches past its value"
        if (shape, sh("sparql"), None) in shapes or (shape, sh("property"), None) in shapes:
            # a property shape's nested shapes would start from its values
            return f"the property shape {shape} has nested sh:property or sh:sparql"
    return None

"""SHACL property paths (SHACL 2.3.1) as SPARQL 1.1 property paths, and RDF terms as SPARQL."""

from __future__ import annotations

from .shapes import SH, ShapesGraph, Unsupported

_MODIFIERS = {"zeroOrMorePath": "*", "oneOrMorePath": "+", "zeroOrOnePath": "?"}


def term(node) -> str:
    """An rdflib IRI or literal as SPARQL text (a blank node cannot be named in a query)."""
    from rdflib import BNode, Literal, URIRef

    if isinstance(node, URIRef):
        return iri(str(node))
    if isinstance(node, Literal):
        text = str(node).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace(
            "\r", "\\r")
        if node.language:
            return f'"{text}"@{node.language}'
        if node.datatype is not None:
            return f'"{text}"^^{iri(str(node.datatype))}'
        return f'"{text}"'
    if isinstance(node, BNode):
        raise Unsupported("a blank node as a constraint value")
    raise Unsupported(f"the term {node!r}")


def iri(value: str) -> str:
    if any(c in value for c in '<>"{}|^`\\ '):
        raise Unsupported(f"the IRI <{value}>")
    return f"<{value}>"


def sparql_path(shapes: ShapesGraph, node, depth: int = 0) -> str:
    """The SPARQL property path of the SHACL path ``node``."""
    from rdflib import RDF, BNode, URIRef

    if depth > 20:
        raise Unsupported("a path nested too deep")
    if isinstance(node, URIRef):
        return iri(str(node))
    if not isinstance(node, BNode):
        raise Unsupported(f"the path {node!r}")
    g = shapes.graph
    if g.value(node, RDF.first) is not None:  # a sequence path
        members = shapes.items(node)
        if len(members) < 2:
            raise Unsupported("a sequence path of fewer than two members")
        return "(" + "/".join(sparql_path(shapes, m, depth + 1) for m in members) + ")"
    inverse = shapes.value(node, "inversePath")
    if inverse is not None:
        return "^(" + sparql_path(shapes, inverse, depth + 1) + ")"
    alternatives = shapes.value(node, "alternativePath")
    if alternatives is not None:
        members = shapes.items(alternatives)
        if len(members) < 2:
            raise Unsupported("an alternative path of fewer than two members")
        return "(" + "|".join(sparql_path(shapes, m, depth + 1) for m in members) + ")"
    for name, modifier in _MODIFIERS.items():
        inner = shapes.value(node, name)
        if inner is not None:
            return "(" + sparql_path(shapes, inner, depth + 1) + ")" + modifier
    raise Unsupported(f"the path {node.n3()} (not a SHACL path)")


def simple_predicate(node) -> str | None:
    """The predicate IRI of a path that is a single predicate, else None."""
    from rdflib import URIRef

    return str(node) if isinstance(node, URIRef) else None


def path_triples(shapes: ShapesGraph, node) -> list[tuple]:
    """The shapes graph's triples that describe the path ``node`` (to copy into the report)."""
    from rdflib import BNode

    found, todo, seen = [], [node], set()
    while todo:
        current = todo.pop()
        if not isinstance(current, BNode) or current in seen:
            continue
        seen.add(current)
        for p, o in shapes.graph.predicate_objects(current):
            found.append((current, p, o))
            todo.append(o)
    return found


__all__ = ["SH", "iri", "path_triples", "simple_predicate", "sparql_path", "term"]

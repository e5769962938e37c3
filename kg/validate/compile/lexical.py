"""Literals the store holds in another form than written: when the compiled checks may still run.

Oxigraph stores ``"5"^^xsd:nonNegativeInteger`` as ``"5"^^xsd:integer`` (:mod:`kg.store.lexical`);
pySHACL reads the file as written. The compiled queries see the store's form, so they run only when
that cannot change a verdict or a message: no two written literals became one, every rewritten
literal kept its text (only its datatype changed) and is well typed, and the shapes never tell the
two datatypes apart (a ``sh:datatype`` names both or neither, alone or as the members of one
``sh:or``; no ``sh:in`` or ``sh:hasValue`` literal and no ``DATATYPE()`` in a SPARQL constraint).
The reported values are then put back as written. Otherwise :class:`Unsupported` says why.
"""

from __future__ import annotations

import re

from .conditions import XSD
from .run import _well_typed_function
from .shapes import ShapesGraph, Unsupported


def written_values(lexical, shapes: ShapesGraph, store=None):
    """``value_of(focus, value)`` that gives back the written form of a reported value; None
    when the store rewrote nothing.

    :raises Unsupported: the rewriting could change what the shapes find.
    """
    if not lexical:
        return None
    if lexical.size_difference() != 0:
        raise Unsupported("the data writes one value in two forms the store keeps as one")
    well_typed = _well_typed_function()
    pairs = set()
    for written, stored in lexical.changed.items():
        if written.value != stored.value:
            raise Unsupported(f'the store holds "{written.value}" as "{stored.value}"')
        if well_typed(written).value != "true":
            raise Unsupported(f'the ill-typed literal "{written.value}"')
        if written.datatype != stored.datatype:
            pairs.add((written.datatype.value, stored.datatype.value))
    try:  # the same retyping for every predicate: no need to tell them apart
        _check_shapes(shapes, {None: pairs})
    except Unsupported:
        by_predicate: dict = {}  # predicate -> (written datatype, stored datatype)
        for quad in lexical.written:
            stored = lexical.changed.get(quad.object)
            if stored is not None and stored.datatype != quad.object.datatype:
                by_predicate.setdefault(quad.predicate.value, set()).add(
                    (quad.object.datatype.value, stored.datatype.value))
        _check_shapes(shapes, by_predicate)
    return _value_mapper(lexical, store)


def _check_shapes(shapes: ShapesGraph, by_predicate: dict[str, set]) -> None:
    """Refuse shapes that could tell a retyped literal from its written form. A property shape
    whose path is one predicate is checked against the retypings seen on that predicate."""
    from rdflib import Literal, URIRef

    everywhere = {pair for pairs in by_predicate.values() for pair in pairs}
    if not everywhere:
        return
    changed = {d for pair in everywhere for d in pair}

    def neutral(datatypes: set[str], pairs) -> bool:
        return all((a in datatypes) == (b in datatypes) for a, b in pairs)

    in_or = set()
    for shape in list(shapes.shapes.values()):
        pairs = (by_predicate.get(str(shape.path), set()) if isinstance(shape.path, URIRef)
                 and None not in by_predicate else everywhere)
        for head in shape.params.get("or", ()):
            members = [shapes.shape(m) for m in shapes.items(head)]
            if members and all(set(m.params) == {"datatype"} and not m.is_property
                               and not m.properties for m in members):
                if not neutral({str(d) for m in members for d in m.params["datatype"]}, pairs):
                    raise Unsupported("an sh:or of datatypes the store tells apart otherwise")
                in_or.update(m.node for m in members)
    for shape in list(shapes.shapes.values()):
        pairs = (by_predicate.get(str(shape.path), set()) if isinstance(shape.path, URIRef)
                 and None not in by_predicate else everywhere)
        if shape.node not in in_or:
            for datatype in shape.params.get("datatype", ()):
                if not neutral({str(datatype)}, pairs):
                    raise Unsupported(f"sh:datatype {datatype} on literals the store retypes")
        values = list(shape.params.get("hasValue", ())) + [
            m for head in shape.params.get("in", ()) for m in shapes.items(head)]
        if any(isinstance(v, Literal) and str(v.datatype) in changed for v in values):
            raise Unsupported("sh:in or sh:hasValue with a literal of a retyped datatype")
        for constraint in shape.params.get("sparql", ()):
            text = " ".join(str(s) for s in shapes.objects(constraint, "select"))
            if re.search(r"\b(DATATYPE|sameTerm)\s*\(", text, re.I):
                raise Unsupported("DATATYPE() or sameTerm() in a SPARQL constraint on "
                                  "literals the store retypes")


def _value_mapper(lexical, store):
    """The written form of a stored literal ``value`` of ``focus``: among the literals that the
    store holds as ``value``, the one a written statement of ``focus`` has."""
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    from ..dataview import term_converter

    convert = term_converter()
    forms: dict = {}  # stored literal -> the written literals the store holds as it
    for written, stored in lexical.changed.items():
        forms.setdefault(stored, []).append(written)

    def value_of(focus, value):
        if not isinstance(value, Literal) or value.datatype is None or not str(
                value.datatype).startswith(XSD):
            return value
        stored = ox.Literal(str(value), datatype=ox.NamedNode(str(value.datatype)))
        candidates = forms.get(stored)
        if not candidates:
            return value
        subject = (ox.NamedNode(str(focus)) if isinstance(focus, URIRef)
                   else ox.BlankNode(str(focus)) if isinstance(focus, BNode) else None)
        written = set()
        if subject is not None and store is not None:
            for quad in store.quads_for_pattern(subject, None, stored, None):
                written.update(w for w in candidates if ox.Quad(
                    quad.subject, quad.predicate, w, quad.graph_name) in lexical.written)
        if len(written) != 1:
            raise Unsupported(f"cannot tell how the value {value} of {focus} was written")
        return convert(next(iter(written)))

    return value_of

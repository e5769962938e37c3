"""pySHACL's own words for results whose shape gives no ``sh:message``, whichever engine found them.

SHACL leaves the text of a result without ``sh:message`` to the engine (3.6.2: "may"), so each
engine words it its own way (or not at all): pyshacl-turbo 0.6.5 says "HasValueConstraintComponent
violated at <urn:b>", pySHACL "Node <urn:b>-><urn:m> does not contain a value in the set: ...".
kg's reports are the same with every engine, in pySHACL's words (the reference): for each such
result, the pySHACL constraint component of that shape words it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import rdflib

    from .dataview import DataView

_SH = "http://www.w3.org/ns/shacl#"


def reword_generic_messages(report: rdflib.Graph, shapes: rdflib.Graph, data: DataView) -> None:
    """Give each result whose shapes say no ``sh:message`` the ``sh:resultMessage`` pySHACL gives:
    a core component's own wording, none for a SPARQL constraint, a fixed sentence for a
    SPARQL-based constraint component of the shapes graph."""
    from rdflib import Literal, URIRef

    sh = {name: URIRef(_SH + name) for name in (
        "result", "sourceShape", "sourceConstraintComponent", "sourceConstraint", "focusNode",
        "value", "resultMessage", "message", "validator", "nodeValidator", "propertyValidator",
        "SPARQLConstraintComponent")}
    core = None
    shapes_graph = None
    todo = []  # (result, new messages or a core component class and its shape)
    for node in report.objects(None, sh["result"]):
        shape = report.value(node, sh["sourceShape"])
        component = report.value(node, sh["sourceConstraintComponent"])
        if shape is None or (shape, sh["message"], None) in shapes:
            continue
        if component == sh["SPARQLConstraintComponent"]:
            constraint = report.value(node, sh["sourceConstraint"])
            if constraint is None or (constraint, sh["message"], None) in shapes:
                continue
            todo.append((node, []))
            continue
        core = _core_components() if core is None else core
        if component in core:
            todo.append((node, (core[component], shape)))
            continue
        if str(component).startswith(_SH):  # a core component pySHACL has no class for
            continue
        validators = [v for p in ("validator", "nodeValidator", "propertyValidator")
                      for v in shapes.objects(component, sh[p])]
        if component is not None and not any((v, sh["message"], None) in shapes
                                             for v in validators):
            todo.append((node, [Literal(_COMPONENT_MESSAGE)]))
    needs_words = [node for node, new in todo if isinstance(new, tuple)]
    if needs_words:
        from pyshacl.shapes_graph import ShapesGraph

        shapes_graph = ShapesGraph(shapes)
        shapes_graph.shapes  # noqa: B018 - builds the node -> shape table the lookups read
        described = _described(data, [t for n in needs_words for t in (
            report.value(n, sh["focusNode"]), report.value(n, sh["value"])) if t is not None])
    for node, new in todo:
        if isinstance(new, tuple):
            component_class, shape = new
            try:
                constraint = component_class(shapes_graph.lookup_shape_from_node(shape))
                new = constraint.make_generic_messages(
                    described, report.value(node, sh["focusNode"]), report.value(node, sh["value"]))
            except Exception:  # keep the engine's words rather than none
                continue
        report.remove((node, sh["resultMessage"], None))
        for message in new:
            report.add((node, sh["resultMessage"], message))


# pySHACL's words for a result of a SPARQL-based constraint component without sh:message
_COMPONENT_MESSAGE = "Parameterised SHACL Query generated constraint validation reports."


def _core_components() -> dict:
    from pyshacl.constraints import ALL_CONSTRAINT_COMPONENTS
    from rdflib import URIRef

    table = {component.shacl_constraint_component: component
             for component in ALL_CONSTRAINT_COMPONENTS
             if getattr(component, "shacl_constraint_component", None) is not None}
    # one pySHACL class words both components of sh:qualifiedValueShape
    qualified = table.get(URIRef(_SH + "QualifiedValueShapeConstraintComponent"))
    if qualified is not None:
        for name in ("QualifiedMinCount", "QualifiedMaxCount"):
            table.setdefault(URIRef(_SH + name + "ConstraintComponent"), qualified)
    return table


def _described(data: DataView, nodes) -> rdflib.Graph:
    """The data pySHACL's wording reads: the whole graph if it is at hand, else the triples of
    the blank nodes among ``nodes`` (a blank node is worded by what it holds), transitively."""
    if data.has_graph():
        return data.graph()
    import rdflib

    graph = rdflib.Graph()
    todo = [n for n in nodes if isinstance(n, rdflib.BNode)]
    seen = set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for p, o in data.predicate_objects(node):
            graph.add((node, p, o))
            if isinstance(o, rdflib.BNode):
                todo.append(o)
    return graph

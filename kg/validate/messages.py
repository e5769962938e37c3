"""pySHACL's own words for results whose shape gives no ``sh:message``, whichever engine found them.

SHACL leaves the text of a result without ``sh:message`` to the engine (3.6.2: "may"), so each
engine words it its own way: pyshacl-turbo 0.6.5 says "HasValueConstraintComponent violated at
<urn:b>", pySHACL "Node <urn:b>-><urn:m> does not contain a value in the set: ...". kg's reports
are the same with every engine, in pySHACL's words (the reference): for each such result, the
pySHACL constraint component of that shape words it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import rdflib

    from .dataview import DataView

_SH = "http://www.w3.org/ns/shacl#"


def reword_generic_messages(report: rdflib.Graph, shapes: rdflib.Graph, data: DataView) -> None:
    """Replace the ``sh:resultMessage`` of each result whose source shape has no ``sh:message``
    with the one pySHACL gives (core constraint components; others are left as they are)."""
    from rdflib import URIRef

    sh = {name: URIRef(_SH + name) for name in (
        "result", "sourceShape", "sourceConstraintComponent", "focusNode", "value",
        "resultMessage", "message")}
    todo = []
    for node in report.objects(None, sh["result"]):
        shape = report.value(node, sh["sourceShape"])
        if shape is None or (shape, sh["message"], None) in shapes:
            continue
        todo.append((node, shape, report.value(node, sh["sourceConstraintComponent"])))
    if not todo:
        return
    components = _core_components()
    todo = [item for item in todo if item[2] in components]
    if not todo:
        return
    from pyshacl.shapes_graph import ShapesGraph

    shapes_graph = ShapesGraph(shapes)
    shapes_graph.shapes  # noqa: B018 - builds the node -> shape table the lookups read
    focus_values = [(report.value(n, sh["focusNode"]), report.value(n, sh["value"]))
                    for n, _, _ in todo]
    graph = _described(data, [t for pair in focus_values for t in pair if t is not None])
    for (node, shape, component), (focus, value) in zip(todo, focus_values, strict=True):
        try:
            constraint = components[component](shapes_graph.lookup_shape_from_node(shape))
            messages = constraint.make_generic_messages(graph, focus, value)
        except Exception:  # keep the engine's words rather than none
            continue
        if messages:
            report.remove((node, sh["resultMessage"], None))
            for message in messages:
                report.add((node, sh["resultMessage"], message))


def _core_components() -> dict:
    from pyshacl.constraints import ALL_CONSTRAINT_COMPONENTS

    return {component.shacl_constraint_component: component
            for component in ALL_CONSTRAINT_COMPONENTS
            if getattr(component, "shacl_constraint_component", None) is not None}


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

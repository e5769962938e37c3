"""Run the compiled queries on a pyoxigraph store and write the W3C report graph pySHACL writes.

The ontology goes into the store for the run, in a graph of its own that the queries read as part
of the default graph (pySHACL mixes it into the data the same way) and that is removed after.
Each result carries what pySHACL's carries: focus node, path, value, severity, source shape,
constraint component, the SPARQL constraint and the shape's messages, ``{?var}`` filled in.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .conditions import WELL_TYPED
from .paths import path_triples
from .queries import Check, compile_checks
from .shapes import SH, ShapesGraph, Unsupported

if TYPE_CHECKING:
    import pyoxigraph as ox
    import rdflib

_ONTOLOGY_GRAPH = "urn:kg-validate:ontology"


def compile_shapes(shapes: rdflib.Graph) -> tuple[ShapesGraph, list[Check]]:
    """The compiled checks of ``shapes``.

    :raises Unsupported: a shape uses something not compiled (the message says what).
    """
    graph = ShapesGraph(shapes)
    return graph, compile_checks(graph)


def run_checks(store: ox.Store, compiled: tuple[ShapesGraph, list[Check]],
               ontology: rdflib.Graph | None, *, allow_warnings: bool,
               allow_infos: bool, value_of=None) -> rdflib.Graph:
    """Run ``compiled`` on ``store`` (every triple in its default graph); the report graph.

    ``value_of(focus, value)`` gives the literal as written where the store holds another form
    of it (:mod:`kg.store.lexical`); it raises :class:`Unsupported` when it cannot tell.
    """
    import pyoxigraph as ox
    from rdflib import RDF, BNode, Graph, Literal, URIRef

    from ..dataview import term_converter

    shapes, checks = compiled
    convert = term_converter()
    report = Graph()
    root = BNode()
    report.add((root, RDF.type, URIRef(SH + "ValidationReport")))
    sh = lambda name: URIRef(SH + name)  # noqa: E731
    graph = ox.NamedNode(_ONTOLOGY_GRAPH)
    added = _add_ontology(store, ontology, graph)
    functions = {ox.NamedNode(WELL_TYPED): _well_typed_function()}
    failing = False
    try:
        for check in checks:
            seen = set()
            for rows, focus in _solutions(store, check, [ox.DefaultGraph(), graph], functions):
                variables = [v.value for v in rows.variables]
                for row in rows:
                    found = _result(check, row, variables, convert, value_of, focus)
                    if found[0] in seen:
                        continue
                    seen.add(found[0])
                    failing = failing or _breaks(check.shape.severity, allow_warnings,
                                                 allow_infos)
                    _write(report, root, shapes, check, *found[1:], sh)
    finally:
        if added:
            store.clear_graph(graph)
            store.remove_graph(graph)
    report.add((root, sh("conforms"), Literal(not failing)))
    return report


def _solutions(store, check: Check, default_graph, functions):
    """(solutions, focus node or None) of ``check``: one query, or one per focus node."""
    import pyoxigraph as ox

    def run(text, **kwargs):
        try:
            return store.query(text, default_graph=default_graph, custom_functions=functions,
                               **kwargs)
        except (SyntaxError, OSError, RuntimeError, ValueError) as exc:
            # a SPARQL constraint that does not parse: the reference engine words that
            what = (f"the SPARQL constraint {check.constraint.n3()}" if check.constraint
                    is not None else "a compiled query")
            raise Unsupported(f"{what} fails: {str(exc).splitlines()[0]}") from None

    if check.focus is None:
        yield run(check.text), None
        return
    this = ox.Variable("this")
    for row in list(run(check.focus)):
        yield run(check.text, substitutions={this: row["this"]}), row["this"]


def _add_ontology(store, ontology, graph) -> bool:
    import pyoxigraph as ox

    if ontology is None or len(ontology) == 0:
        return False
    from ..dataview import _to_oxigraph

    if next(iter(store.quads_for_pattern(None, None, None, graph)), None) is not None:
        raise Unsupported(f"the data already has a graph named <{graph.value}>")
    to_ox = _to_oxigraph()
    try:
        store.extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o), graph) for s, p, o in ontology)
    except (OSError, RuntimeError, ValueError) as exc:  # e.g. a store opened read-only
        raise Unsupported(f"the store cannot hold the ontology for the run ({exc})") from None
    return True


def _breaks(severity, allow_warnings: bool, allow_infos: bool) -> bool:
    name = str(severity)
    if name == SH + "Warning":
        return not allow_warnings
    if name == SH + "Info":
        return not allow_infos
    return True


def _result(check: Check, row, variables: list[str], convert, value_of, bound=None):
    """(dedup key, focus, value, path, bindings) of one row, terms as rdflib terms."""
    this = row["this"] if "this" in variables else None
    focus = convert(this if this is not None else bound)
    if check.constraint is None:
        value = None
        if check.reports_value:
            found = row["value"] if "value" in variables else None
            value = convert(found) if found is not None else focus if check.value_is_focus \
                else None
        if value_of is not None and value is not None:
            value = value_of(focus, value)
        extra = tuple(row[k[1:]] for k in check.keys if k[1:] in variables)
        path = convert(row["path"]) if check.path_in_row else None
        return (focus, value, path, extra), focus, value, path, None
    bindings = {}
    for name in variables:
        found = row[name]
        if found is not None and name not in ("this", "path", "value", "failure"):
            bindings[name] = convert(found)
    path = convert(row["path"]) if "path" in variables and row["path"] is not None else None
    value = convert(row["value"]) if "value" in variables and row["value"] is not None else None
    if value is None and check.value_is_focus:
        value = focus
    if value_of is not None and value is not None:
        # the other bindings only fill in messages: a retyped literal keeps its text
        value = value_of(focus, value)
    if "failure" in variables and row["failure"] is not None:
        raise Unsupported("?failure in a SPARQL constraint")
    extra = tuple(row[k[1:]] for k in check.keys if k[1:] in variables)
    key = (focus, path, value, tuple(sorted(bindings.items())), extra)
    return key, focus, value, path, bindings


def _write(report, root, shapes: ShapesGraph, check: Check, focus, value, path, bindings,
           sh) -> None:
    from rdflib import RDF, BNode, Literal, URIRef

    node = BNode()
    shape = check.shape
    report.add((root, sh("result"), node))
    report.add((node, RDF.type, sh("ValidationResult")))
    report.add((node, sh("focusNode"), focus))
    report.add((node, sh("resultSeverity"), shape.severity))
    report.add((node, sh("sourceShape"), shape.node))
    report.add((node, sh("sourceConstraintComponent"), URIRef(check.component)))
    if value is not None:
        report.add((node, sh("value"), value))
    result_path = path if path is not None else shape.path
    if result_path is not None:
        report.add((node, sh("resultPath"), result_path))
        if path is None:
            for triple in path_triples(shapes, result_path):
                report.add(triple)
    messages = list(shape.messages)
    if check.constraint is not None:
        report.add((node, sh("sourceConstraint"), check.constraint))
        variables = dict(bindings)
        variables.update({k: v for k, v in (("this", focus), ("path", path), ("value", value))
                          if v is not None})
        extra = [m for m in check.messages if m not in messages]
        for message in extra + messages:
            text = str(message)
            for name, found in variables.items():
                text = re.sub(f"{{[?$]{name}}}", str(found).replace("\\", "\\\\"), text)
            report.add((node, sh("resultMessage"), Literal(text)))
        return
    for message in messages:
        report.add((node, sh("resultMessage"), message))


def _well_typed_function():
    """pySHACL's test of a literal against its own datatype: rdflib's ``ill_typed``, then the
    Python type of the value for the types pySHACL checks that way."""
    import datetime
    from decimal import Decimal

    import pyoxigraph as ox
    from rdflib import Literal, URIRef

    xsd = "http://www.w3.org/2001/XMLSchema#"
    python_types = {"integer": int, "float": float, "decimal": Decimal, "boolean": bool,
                    "date": datetime.date, "time": datetime.time, "dateTime": datetime.datetime}
    from ...store.store import _quiet_ill_typed_literals

    _quiet_ill_typed_literals()  # rdflib logs a traceback per ill-typed literal it meets
    cache: dict = {}
    true, false = ox.Literal(True), ox.Literal(False)

    def well_typed(term):
        found = cache.get(term)
        if found is not None:
            return found
        if not isinstance(term, ox.Literal):
            return false
        datatype = term.datatype.value
        literal = Literal(term.value, datatype=URIRef(datatype), normalize=False)
        ok = getattr(literal, "ill_typed", None) is not True
        wanted = python_types.get(datatype.removeprefix(xsd)) if datatype.startswith(xsd) else None
        if ok and wanted is not None:
            ok = isinstance(literal.value, wanted)
        cache[term] = found = true if ok else false
        return found

    return well_typed

"""Data in, a report dataclass out: check RDF data against SHACL shapes (W3C SHACL, section 3).

The engine that runs the shapes is chosen in :mod:`kg.validate.engines` (the shapes compiled to
SPARQL, pyshacl-turbo, or pySHACL, the reference); the report is read out of its W3C report graph
the same way for each.
The data is validated together with the ontology (the engines' ``ont_graph``), so
``rdfs:subClassOf`` in the ontology is honoured by ``sh:targetClass`` and ``sh:class``. SHACL-AF
(SPARQL targets and functions) is on; no RDFS or OWL inference is run. Checks that SHACL cannot
express portably (:mod:`kg.validate.checks`) add their results to the same report, in the W3C
report graph too. :func:`name_blank_nodes` names that graph's blank nodes in a stable order, so
the Turtle report is the same text on every run and with every engine.

Each result carries what a reader of the data needs to find and judge it: the focus node's label
and the quoted source text of its ``kg:evidence`` spans.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from .. import namespaces as ns
from .. import resources
from ..errors import KgError
from .report import (
    RANK,
    Evidence,
    ValidationReport,
    ValidationResult,
    threshold_rank,
)

if TYPE_CHECKING:  # rdflib and pySHACL are imported inside the functions that need them
    import rdflib

_SH = "http://www.w3.org/ns/shacl#"


# -- loading the bundled shapes and ontology ---------------------------------------------------


def load_rdf_files(paths: Iterable[str | Path], input_format: str | None = None,
                   option: str = "--input-format", base: str | None = None) -> rdflib.Graph:
    """Parse files (through the fast :class:`~kg.store.Store`) and merge them into one rdflib graph.

    :param paths: files; ``-`` is stdin (then ``input_format`` is needed).
    :param input_format: the RDF format of every file; default: guessed from each extension.
    :param option: the option to name when the format cannot be guessed.
    :param base: the base IRI of relative IRIs (default: each file's ``file:`` URI).
    :raises kg.errors.InputError: a file is unreadable or not valid RDF (``file:line:col``).
    :raises kg.errors.UsageError: the format of a file cannot be guessed.
    """
    from ..store.formats import guess_format
    from ..store.store import Store
    from .dataview import to_rdflib

    store = Store()
    for path in paths:
        store.load_file(path, guess_format(path, input_format, option=option), base_iri=base)
    return to_rdflib(store.quads())  # literals as written, not as the engine holds them


def bundled_shapes() -> rdflib.Graph:
    """The SHACL shapes ``kg`` ships (``shapes/*.ttl``), merged.

    :raises kg.errors.KgError: no shapes file is bundled (validating against nothing would pass).
    """
    files = resources.shapes_files()
    if not files:
        raise KgError(f"no SHACL shapes found in {resources.shapes_dir()}; reinstall kg.")
    return load_rdf_files(files)


def bundled_ontology() -> rdflib.Graph:
    """The ontology ``kg`` ships (``ontology/*.ttl``), merged."""
    return load_rdf_files(resources.ontology_files())


# -- validating ---------------------------------------------------------------------------------


def validate(data, shapes: rdflib.Graph, ontology: rdflib.Graph | None = None, *,
             fail_on: str = "violation", extra_checks: bool = True,
             engine: str = "auto") -> ValidationReport:
    """Validate ``data`` against ``shapes``, with ``ontology`` mixed in for class hierarchies.

    :param data: the data: an rdflib graph, a :class:`~kg.store.Store` (its graphs merged), a
        pyoxigraph store or a :class:`~kg.validate.dataview.DataView`; it is not modified.
    :param shapes: the shapes graph.
    :param ontology: class and property definitions (``rdfs:subClassOf``) to honour.
    :param fail_on: the least severe result that breaks conformance (``sh:conforms`` and
        :attr:`ValidationReport.conforms`): ``violation`` (warnings and infos never do),
        ``warning`` or ``info``.
    :param extra_checks: also run :mod:`kg.validate.checks` (a stated duration against its dates).
    :param engine: ``auto``, ``sparql``, ``turbo`` or ``pyshacl`` (:mod:`kg.validate.engines`);
        the report is the same whichever runs.
    :returns: the report; its ``graph`` is the W3C validation report (SHACL 3.6).
    :raises kg.errors.KgError: the shapes cannot be used (the engine could not load or run them).
    :raises kg.errors.UsageError: ``fail_on`` or ``engine`` is not a known value.

    >>> import rdflib
    >>> data = rdflib.Graph().parse(data="<urn:x> a <urn:C> .", format="turtle")
    >>> shapes = rdflib.Graph().parse(format="turtle", data='''
    ...   @prefix sh: <http://www.w3.org/ns/shacl#> .
    ...   <urn:S> a sh:NodeShape ; sh:targetClass <urn:C> ;
    ...     sh:property [ sh:path <urn:p> ; sh:minCount 1 ; sh:message "needs p" ] .''')
    >>> report = validate(data, shapes)
    >>> report.conforms, [r.message for r in report.results]
    (False, ['needs p'])
    """
    from . import engines
    from .dataview import DataView

    rank = threshold_rank(fail_on)
    name = engines.resolve(engine)
    view = DataView.of(data)
    report_graph = engines.run(name, view, shapes, ontology,
                               allow_warnings=rank > RANK["Warning"],
                               allow_infos=rank > RANK["Info"])

    _bind_prefixes(report_graph)
    results = _read_results(report_graph, shapes)
    if extra_checks:
        from .checks import run_checks

        extra = run_checks(view)
        for result in extra:
            _add_result(report_graph, result)
        results.extend(extra)
    results = sorted((_with_context(r, view, shapes) for r in results), key=_result_order)
    report = ValidationReport(results=results, graph=report_graph, fail_on=fail_on.lower(),
                              data_triples=len(view), shapes_count=_count_shapes(shapes))
    _set_conforms(report_graph, report.conforms)
    return report


def _result_order(result: ValidationResult) -> tuple:
    """One order for the results, whichever engine found them in whichever order."""
    def text(node) -> str:
        return "" if node is None else node.n3() if hasattr(node, "n3") else str(node)

    return (text(result.focus_node), text(result.result_path), -RANK.get(result.severity, 2),
            result.message, text(result.value), text(result.source_shape),
            text(result.source_constraint_component))


def name_blank_nodes(graph: rdflib.Graph) -> None:
    """Rename the report's blank nodes in a stable order (results sorted by what they say).

    The engines label blank nodes at random, and the Turtle writer orders nested nodes by label:
    stable labels make the Turtle report one text, whichever engine made it. A node is keyed by
    its own triples with blank objects read through, depth first.
    """
    from rdflib import BNode

    triples = list(graph)
    outgoing: dict = {}
    for s, p, o in triples:
        if isinstance(s, BNode):
            outgoing.setdefault(s, []).append((p, o))

    def key(node, seen=()) -> str:
        if not isinstance(node, BNode):
            return node.n3()
        if node in seen:
            return "_"
        return "[" + " ".join(sorted(p.n3() + " " + key(o, (*seen, node))
                                     for p, o in outgoing.get(node, ()))) + "]"

    order = sorted(outgoing, key=key)
    names = {node: BNode(f"b{index:06d}") for index, node in enumerate(order)}
    if all(names[n] == n for n in order):
        return
    for triple in triples:
        graph.remove(triple)
    for s, p, o in triples:
        graph.add((names.get(s, s), p, names.get(o, o)))


def _bind_prefixes(graph: rdflib.Graph) -> None:
    for prefix, iri in ns.PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)


def _report_node(graph: rdflib.Graph):
    from rdflib import RDF, URIRef

    return next(graph.subjects(RDF.type, URIRef(_SH + "ValidationReport")))


def _set_conforms(graph: rdflib.Graph, conforms: bool) -> None:
    from rdflib import Literal, URIRef

    graph.set((_report_node(graph), URIRef(_SH + "conforms"), Literal(conforms)))


def _count_shapes(shapes: rdflib.Graph) -> int:
    """Node and property shapes: declared ones, and any node with a target or a path (SHACL 2.1)."""
    from rdflib import RDF, URIRef

    found = set()
    for kind in ("NodeShape", "PropertyShape"):
        found.update(shapes.subjects(RDF.type, URIRef(_SH + kind)))
    for prop in ("path", "targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf",
                 "target"):
        found.update(shapes.subjects(URIRef(_SH + prop), None))
    return len(found)


def _severity_name(node) -> str:
    name = str(node).removeprefix(_SH) if node is not None else "Violation"
    return name if name in RANK else "Violation"  # unknown severities count as violations


def _pick_message(literals) -> str:
    """The English (or untagged) message when a shape gives several languages."""
    literals = list(literals)
    for lit in literals:
        if getattr(lit, "language", None) in (None, "en") or str(
                getattr(lit, "language", "")).startswith("en-"):
            return str(lit)
    return str(literals[0]) if literals else ""


def _read_results(graph: rdflib.Graph, shapes: rdflib.Graph) -> list[ValidationResult]:
    from rdflib import BNode, URIRef
    from rdflib.extras.shacl import SHACLPathError, parse_shacl_path

    sh = {name: URIRef(_SH + name) for name in (
        "result", "focusNode", "resultPath", "value", "resultSeverity", "resultMessage",
        "sourceShape", "sourceConstraintComponent")}
    results = []
    for node in graph.objects(_report_node(graph), sh["result"]):
        path = graph.value(node, sh["resultPath"])
        if isinstance(path, BNode):
            # an unreadable path stays a blank node: the renderer shows it as is
            with contextlib.suppress(SHACLPathError, TypeError, ValueError):
                path = parse_shacl_path(graph, path)
        results.append(ValidationResult(
            focus_node=graph.value(node, sh["focusNode"]),
            result_path=path,
            value=graph.value(node, sh["value"]),
            severity=_severity_name(graph.value(node, sh["resultSeverity"])),
            message=_pick_message(graph.objects(node, sh["resultMessage"])),
            source_shape=graph.value(node, sh["sourceShape"]),
            source_constraint_component=graph.value(node, sh["sourceConstraintComponent"]),
        ))
    return results


def _named_shape(shape, shapes: rdflib.Graph):
    """The shape if it has an IRI, else the nearest named shape that holds it (sh:property...)."""
    from rdflib import BNode

    seen = set()
    while isinstance(shape, BNode) and shape not in seen:
        seen.add(shape)
        parent = next(iter(shapes.subjects(None, shape)), None)
        # walk up through RDF lists (sh:or, sh:and, sh:xone) to the shape that holds them
        if parent is None:
            return None
        shape = parent
    return None if isinstance(shape, BNode) else shape


def _label(graph, node) -> str | None:
    from rdflib import RDFS, URIRef

    labels = list(graph.objects(node, RDFS.label)) or list(
        graph.objects(node, URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")))
    return _pick_message(labels) or None if labels else None


def _evidence(graph, node) -> tuple[Evidence, ...]:
    from rdflib import URIRef

    kg = ns.ONTOLOGY
    spans = []
    for span in graph.objects(node, URIRef(kg + "evidence")):
        text = graph.value(span, URIRef(kg + "anchorOf"))
        if text is None:
            continue
        begin, end = (graph.value(span, URIRef(kg + name)) for name in ("beginIndex", "endIndex"))
        spans.append(Evidence(str(text), _as_int(begin), _as_int(end)))
    return tuple(sorted(set(spans), key=lambda e: (e.begin if e.begin is not None else -1,
                                                   e.end or 0, e.text)))


def _as_int(literal) -> int | None:
    try:
        return int(str(literal)) if literal is not None else None
    except ValueError:
        return None


def _with_context(result: ValidationResult, data,
                  shapes: rdflib.Graph) -> ValidationResult:
    focus = result.focus_node
    return replace(result, named_shape=_named_shape(result.source_shape, shapes)
                   if result.named_shape is None else result.named_shape,
                   focus_label=result.focus_label or _label(data, focus),
                   evidence=result.evidence or _evidence(data, focus))


def _add_result(graph: rdflib.Graph, result: ValidationResult) -> None:
    """Write one of our own results into the W3C report graph (SHACL 3.6.2 result properties)."""
    from rdflib import RDF, BNode, Literal, URIRef

    node = BNode()
    sh = lambda name: URIRef(_SH + name)  # noqa: E731
    graph.add((_report_node(graph), sh("result"), node))
    graph.add((node, RDF.type, sh("ValidationResult")))
    graph.add((node, sh("focusNode"), result.focus_node))
    if result.result_path is not None:
        graph.add((node, sh("resultPath"), result.result_path))
    if result.value is not None:
        graph.add((node, sh("value"), result.value))
    graph.add((node, sh("resultSeverity"), sh(result.severity)))
    graph.add((node, sh("resultMessage"), Literal(result.message)))
    if result.source_shape is not None:
        graph.add((node, sh("sourceShape"), result.source_shape))
    if result.source_constraint_component is not None:
        graph.add((node, sh("sourceConstraintComponent"), result.source_constraint_component))

"""pySHACL in, a report dataclass out: check RDF data against SHACL shapes (W3C SHACL, section 3).

The data is validated together with the ontology (pySHACL's ``ont_graph``), so ``rdfs:subClassOf``
in the ontology is honoured by ``sh:targetClass`` and ``sh:class``. SHACL-AF (SPARQL targets and
functions) is on; no RDFS or OWL inference is run. Checks that SHACL cannot express portably
(:mod:`kg.validate.checks`) add their results to the same report, in the W3C report graph too.

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

    store = Store()
    for path in paths:
        store.load_file(path, guess_format(path, input_format, option=option), base_iri=base)
    return store.to_rdflib()


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


def validate(data: rdflib.Graph, shapes: rdflib.Graph, ontology: rdflib.Graph | None = None, *,
             fail_on: str = "violation", extra_checks: bool = True) -> ValidationReport:
    """Validate ``data`` against ``shapes``, with ``ontology`` mixed in for class hierarchies.

    :param data: the data graph; it is not modified.
    :param shapes: the shapes graph.
    :param ontology: class and property definitions (``rdfs:subClassOf``) to honour.
    :param fail_on: the least severe result that breaks conformance (``sh:conforms`` and
        :attr:`ValidationReport.conforms`): ``violation`` (warnings and infos never do),
        ``warning`` or ``info``.
    :param extra_checks: also run :mod:`kg.validate.checks` (a stated duration against its dates).
    :returns: the report; its ``graph`` is the W3C validation report (SHACL 3.6).
    :raises kg.errors.KgError: the shapes cannot be used (pySHACL could not load or run them).
    :raises kg.errors.UsageError: ``fail_on`` is not one of :data:`FAIL_ON_CHOICES`.

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
    import logging

    from pyshacl import validate as run_pyshacl
    from pyshacl.errors import (
        ConstraintLoadError,
        ReportableRuntimeError,
        RuleLoadError,
        ShapeLoadError,
    )

    rank = threshold_rank(fail_on)
    # pySHACL logs its errors to stderr as well as raising them: ours are one line, so mute it.
    pyshacl_log = logging.getLogger("pyshacl-validate")
    was_disabled, pyshacl_log.disabled = pyshacl_log.disabled, True
    try:
        with _reuse_parsed_sparql():
            _, report_graph, _ = run_pyshacl(
                data, shacl_graph=shapes, ont_graph=ontology, inference="none", advanced=True,
                allow_warnings=rank > RANK["Warning"], allow_infos=rank > RANK["Info"],
                abort_on_first=False,
            )
    except (ShapeLoadError, ConstraintLoadError, RuleLoadError, ReportableRuntimeError) as exc:
        raise KgError(f"the shapes cannot be used: {_one_line(exc)}") from exc
    except KgError:  # e.g. a SERVICE clause in sh:select, refused before rdflib could send it
        raise
    except Exception as exc:  # e.g. a SPARQL syntax error in sh:select, raised by rdflib
        raise KgError(f"the shapes cannot be used: {type(exc).__name__}: {_one_line(exc)}") \
            from exc
    finally:
        pyshacl_log.disabled = was_disabled
    if isinstance(report_graph, Exception):  # pySHACL returns a ValidationFailure, not raises
        raise KgError(f"validation failed to run: {_one_line(report_graph)}")

    _bind_prefixes(report_graph)
    results = _read_results(report_graph, shapes)
    if extra_checks:
        from .checks import run_checks

        extra = run_checks(data)
        for result in extra:
            _add_result(report_graph, result)
        results.extend(extra)
    results = [_with_context(r, data, shapes) for r in results]
    report = ValidationReport(results=results, graph=report_graph, fail_on=fail_on.lower(),
                              data_triples=len(data), shapes_count=_count_shapes(shapes))
    _set_conforms(report_graph, report.conforms)
    return report


@contextlib.contextmanager
def _reuse_parsed_sparql():
    """Parse each SPARQL text once while pySHACL runs.

    pySHACL sends the same ``sh:select`` text to rdflib for every focus node, with the node in
    ``initBindings``, and rdflib parses it every time: on the bundled graph that parsing was 90%
    of the run (20 s of 23 s under a profiler). A parsed and translated query is reusable with
    other bindings (that is what ``rdflib.plugins.sparql.prepareQuery`` is for), so the text,
    base and namespaces key a cache for the duration of one validation. Every text is also
    checked for ``SERVICE`` (:mod:`kg.query.service`): rdflib would send it.
    """
    from rdflib.plugins.sparql import processor

    from ..query.service import guard

    original = getattr(getattr(processor, "SPARQLProcessor", None), "query", None)
    if original is None or not hasattr(processor, "translateQuery"):  # another rdflib: as is
        yield
        return
    cache: dict = {}

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):
        if isinstance(strOrQuery, str):
            # rdflib would send a SERVICE clause itself: shapes may not reach the network
            guard(strOrQuery, (), "the shapes' SPARQL", "shapes may not reach the network")
            key = (strOrQuery, base, tuple(sorted((str(k), str(v))
                                                  for k, v in (initNs or {}).items())))
            if key not in cache:
                cache[key] = processor.translateQuery(processor.parseQuery(strOrQuery), base,
                                                      initNs)
            strOrQuery = cache[key]
        return original(self, strOrQuery, initBindings, initNs, base, DEBUG)

    processor.SPARQLProcessor.query = query
    try:
        yield
    finally:
        processor.SPARQLProcessor.query = original


def _one_line(exc: object) -> str:
    text = str(getattr(exc, "message", None) or exc).strip()
    return " ".join(text.split()) or type(exc).__name__


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


def _label(graph: rdflib.Graph, node) -> str | None:
    from rdflib import RDFS, URIRef

    labels = list(graph.objects(node, RDFS.label)) or list(
        graph.objects(node, URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")))
    return _pick_message(labels) or None if labels else None


def _evidence(graph: rdflib.Graph, node) -> tuple[Evidence, ...]:
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


def _with_context(result: ValidationResult, data: rdflib.Graph,
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

"""Validate a large graph in pieces: same pySHACL, same results, bounded memory, optional workers.

pySHACL needs the data as an rdflib graph, and it copies that graph to mix in the ontology: at 1M
triples that is more than 2.4 GiB. Here the data stays in the pyoxigraph store (about 0.4 GiB at
1M), and pySHACL runs on one *chunk* at a time: a set of subjects the chunk *owns*, with every
triple that checking them can read. Every subject is owned by exactly one chunk, and only the
results whose focus node the chunk owns are kept, so each result of a whole-graph run comes out
exactly once.

Why a chunk gives the same results as the whole graph (the soundness argument). A chunk's graph
is a subset of the data holding, for its owned subjects F:

1. every triple whose subject is in F (``desc(f)``);
2. every triple whose subject is an IRI or blank node that is an object in (1) (the
   description of each one-hop neighbour: its types, dates, labels, a document's ``kg:text``);
3. every triple of each node ``a`` with ``a kg:linkSubject f`` (the link records of ``f``);
4. every ``rdfs:subClassOf`` triple of the data (the ontology itself is mixed in by pySHACL).

:func:`kg.validate.chunkable.partition_safe` admits a shapes graph only when every constraint,
started from a focus node f, reads nothing outside (1)-(4): targets are ``sh:targetClass`` (f's
``rdf:type``, in 1) or ``sh:targetSubjectsOf`` (in 1); property paths are predicates or
alternatives of predicates (f's own values, in 1); constraints on value nodes are about the
value itself, or ``sh:class`` (its types, in 2, and the class tree, in 4);
``sh:or``/``sh:not``/``sh:xone``/``sh:and`` nest these without adding hops; there is no
``sh:node`` or qualified shape; and every SPARQL constraint is one of
:data:`kg.validate.chunkable._PROVEN_SPARQL`, each read by hand (see there). Whatever a query
reads is then the same in the chunk as in the whole graph (the chunk is a subset that holds all
of it), including what a ``sh:maxCount`` or ``FILTER NOT EXISTS`` must see is absent. Focus
nodes are subjects (both target kinds select subjects), so ownership covers them all. Shapes
that fail the check are validated whole, as before.

The chunks are packed from the connected components of the data, with nodes that many triples
point at (documents, conflicts, parties, classes) left out of the joining: that is only for
locality (fewer copied neighbours), not for soundness; an oversized component is sliced.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .. import namespaces as ns
from .chunkable import partition_safe
from .dataview import (
    load_store,  # noqa: F401 - where kg validate reads DATA, also from here
    term_converter,
    to_rdflib,
)

if TYPE_CHECKING:
    import rdflib

    from ..store.store import Store
    from .report import ValidationReport, ValidationResult

#: Above this many triples, ``kg validate`` checks the data in chunks.
AUTO_THRESHOLD = 50_000
#: Triples a chunk owns (its neighbours' descriptions come on top).
CHUNK_TRIPLES = 25_000
#: A node pointed at by more triples than this does not join components.
HUB_IN_DEGREE = 64

_SH = "http://www.w3.org/ns/shacl#"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
_LINK_SUBJECT = ns.ONTOLOGY + "linkSubject"


def default_jobs() -> int:
    """Worker processes when none are asked for: 2 where the process may use 2 CPUs, else 1."""
    import os

    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(2, cpus))


# -- planning ---------------------------------------------------------------------------------


@dataclass
class Plan:
    """Chunks of owned subjects (pyoxigraph terms), and what every chunk gets besides."""

    chunks: list[list]
    schema: list  # rdfs:subClassOf triples of the data (pyoxigraph triples)
    triples: int  # distinct data triples


def _graph_filter(graphs: Sequence[str | None] | None):
    import pyoxigraph as ox

    if graphs is None:
        return [None]
    return [ox.NamedNode(g) if g else ox.DefaultGraph() for g in graphs]


def _quads(engine, graph_terms, s=None, p=None, o=None):
    for g in graph_terms:
        yield from engine.quads_for_pattern(s, p, o, g)


def plan(store: Store, graphs: Sequence[str | None] | None = None, *,
         chunk_triples: int = CHUNK_TRIPLES, hub_in_degree: int = HUB_IN_DEGREE) -> Plan:
    """Group the subjects of the data into chunks of about ``chunk_triples`` owned triples.

    :param graphs: the named graphs that hold the data (``None`` in it: the default graph);
        default: all of them, merged.
    """
    import pyoxigraph as ox

    engine = store  # its quads_for_pattern gives literals as written
    graph_terms = _graph_filter(graphs)
    rdf_type = ox.NamedNode(_RDF_TYPE)
    subclass = ox.NamedNode(_SUBCLASS)

    in_degree: dict = {}
    for q in _quads(engine, graph_terms):
        o = q.object
        if not isinstance(o, ox.Literal) and q.predicate != rdf_type:
            in_degree[o] = in_degree.get(o, 0) + 1
    hubs = {node for node, count in in_degree.items() if count > hub_in_degree}
    del in_degree

    ids: dict = {}
    parent: list[int] = []
    owned: list[int] = []  # triples per node (as subject)

    def ident(term) -> int:
        i = ids.get(term)
        if i is None:
            i = ids[term] = len(parent)
            parent.append(i)
            owned.append(0)
        return i

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # a triple in several graphs is one triple of the merged data: count it once
    several = len(graph_terms) > 1 or (graph_terms == [None] and bool(store.graph_names()))
    distinct = set() if several else None
    count = 0
    schema = []
    for q in _quads(engine, graph_terms):
        if distinct is not None:
            triple = q.triple
            if triple in distinct:
                continue
            distinct.add(triple)
        count += 1
        s, p, o = q.subject, q.predicate, q.object
        si = ident(s)
        owned[si] += 1
        if p == subclass:
            schema.append(q.triple)
        if not isinstance(o, ox.Literal) and p != rdf_type and o not in hubs and s not in hubs:
            a, b = find(si), find(ident(o))
            if a != b:
                parent[max(a, b)] = min(a, b)
    del distinct

    components: dict[int, list] = {}
    for term, i in ids.items():  # insertion order: the order subjects first appear
        if owned[i]:
            components.setdefault(find(i), []).append((term, owned[i]))
    chunks: list[list] = []
    current: list = []
    size = 0
    for members in components.values():
        total = sum(n for _, n in members)
        if size and size + total > chunk_triples:
            chunks.append(current)
            current, size = [], 0
        for term, n in members:  # a component larger than a chunk is sliced
            if size and size + n > chunk_triples and total > chunk_triples:
                chunks.append(current)
                current, size = [], 0
            current.append(term)
            size += n
    if current:
        chunks.append(current)
    return Plan(chunks=chunks, schema=schema, triples=count)


# -- one chunk --------------------------------------------------------------------------------


def chunk_graph(store: Store, subjects: Iterable, schema: Iterable = (),
                graphs: Sequence[str | None] | None = None, *, as_oxigraph: bool = False):
    """The rdflib graph a chunk is checked on: items (1)-(4) of the module docstring (or a
    pyoxigraph store, the form turbo reads like the whole graph)."""
    import pyoxigraph as ox

    engine = store  # its quads_for_pattern gives literals as written
    graph_terms = _graph_filter(graphs)
    link_subject = ox.NamedNode(_LINK_SUBJECT)
    triples = set(schema)
    done = set()
    around = []
    for s in subjects:
        done.add(s)
        for q in _quads(engine, graph_terms, s):
            triples.add(q.triple)
            if not isinstance(q.object, ox.Literal):
                around.append(q.object)
        for q in _quads(engine, graph_terms, None, link_subject, s):
            around.append(q.subject)
    for node in around:
        if node not in done:
            done.add(node)
            for q in _quads(engine, graph_terms, node):
                triples.add(q.triple)

    if as_oxigraph:
        chunk = ox.Store()
        chunk.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
        return chunk
    return to_rdflib(triples)


# -- validating -------------------------------------------------------------------------------

# What a forked worker inherits (set in the parent just before the pool starts).
_JOB: dict = {}


def _run_chunk(index: int):
    job = _JOB
    return _validate_chunk(job["store"], job["plan"], index, job["shapes"], job["ontology"],
                           job["graphs"], job["fail_on"], job["engine"])


def _validate_chunk(store, plan_: Plan, index: int, shapes, ontology, graphs, fail_on, engine):
    from rdflib import BNode, URIRef

    from .engine import _report_node, validate

    subjects = plan_.chunks[index]
    graph = chunk_graph(store, subjects, plan_.schema, graphs, as_oxigraph=engine != "pyshacl")
    convert = term_converter()
    owned = {convert(s) for s in subjects}
    with _targets_within(owned):
        report = validate(graph, shapes, ontology, fail_on=fail_on, engine=engine)
    results = [r for r in report.results if r.focus_node in owned]
    # the W3C report graph: each kept result with everything hanging off it (paths, lists)
    rg = report.graph
    focus_p = URIRef(_SH + "focusNode")
    kept = []
    for node in rg.objects(_report_node(rg), URIRef(_SH + "result")):
        if rg.value(node, focus_p) not in owned:
            continue
        todo, seen = [node], set()
        while todo:
            n = todo.pop()
            if n in seen:
                continue
            seen.add(n)
            for triple in rg.triples((n, None, None)):
                kept.append(triple)
                if isinstance(triple[2], BNode):
                    todo.append(triple[2])
        kept.append((None, URIRef(_SH + "result"), node))
    return results, kept


@contextlib.contextmanager
def _targets_within(owned: set):
    """Let pySHACL's shapes target only ``owned`` nodes (the neighbours are another chunk's).

    ``Shape.focus_nodes`` resolves a shape's targets (sh:targetClass, sh:targetSubjectsOf...)
    and is called only for shapes evaluated on their own targets; shapes evaluated on given
    nodes (sh:property, sh:or, ...) do not call it. Restricting its answer skips validating the
    copied neighbours, whose results would be dropped anyway; it changes nothing for the owned
    nodes. (pySHACL's own ``focus_nodes`` option cannot do this: it also filters the nodes given
    to nested shapes, literals included.)
    """
    from pyshacl.shape import Shape

    original = getattr(Shape, "focus_nodes", None)
    if original is None:  # another pySHACL: validate the neighbours too (slower, same results)
        yield
        return

    def focus_nodes(self, data_graph, debug=False):
        return {node for node in original(self, data_graph, debug=debug) if node in owned}

    Shape.focus_nodes = focus_nodes
    try:
        yield
    finally:
        Shape.focus_nodes = original


def validate_store(store: Store, shapes: rdflib.Graph, ontology: rdflib.Graph | None = None, *,
                   graphs: Sequence[str | None] | None = None, fail_on: str = "violation",
                   jobs: int = 1, chunk_triples: int = CHUNK_TRIPLES,
                   plan_: Plan | None = None, engine: str = "pyshacl") -> ValidationReport:
    """Validate the data in ``store`` chunk by chunk; the same report as whole-graph validation.

    :param graphs: the named graphs holding the data (``None`` in it: the default graph);
        default: all graphs, merged.
    :param jobs: worker processes (forked; each checks one chunk at a time).
    :param chunk_triples: triples a chunk owns.
    :param engine: the engine each chunk is checked with (:mod:`kg.validate.engines`).
    :returns: a report equal to :func:`kg.validate.engine.validate` on the merged graphs. Shapes
        that :func:`partition_safe` does not admit, and data that fits in one chunk, are
        validated whole.
    """
    from rdflib import RDF, BNode, Graph, URIRef

    from .engine import _bind_prefixes, _count_shapes, _set_conforms
    from .engine import validate as validate_whole
    from .report import ValidationReport, threshold_rank

    threshold_rank(fail_on)
    current = plan_ or (plan(store, graphs, chunk_triples=chunk_triples)
                        if partition_safe(shapes) else None)
    if current is None or len(current.chunks) <= 1:
        from .dataview import DataView

        return validate_whole(DataView.from_store(store, graphs), shapes, ontology,
                              fail_on=fail_on, engine=engine)
    if engine in ("auto", "sparql"):
        # chunks are for engines that hold the data in Python; the compiled queries check the
        # whole store faster and in less memory (100k triples: 2.9 s whole, over 9 minutes in
        # chunks), and a chunk's own store would lose the written forms of literals
        from .engines import fallback

        engine = fallback()

    import multiprocessing

    indices = range(len(current.chunks))
    # workers are forked: they inherit the store, the plan and the parsed shapes (where there
    # is no fork, as on Windows, the chunks are checked one after the other here)
    if jobs > 1 and "fork" in multiprocessing.get_all_start_methods():
        _JOB.update(store=store, plan=current, shapes=shapes, ontology=ontology, graphs=graphs,
                    fail_on=fail_on, engine=engine)
        try:
            ctx = multiprocessing.get_context("fork")
            with ctx.Pool(min(jobs, len(current.chunks)), maxtasksperchild=4) as pool:
                outcomes = pool.map(_run_chunk, indices, chunksize=1)
        finally:
            _JOB.clear()
    else:
        outcomes = (_validate_chunk(store, current, i, shapes, ontology, graphs, fail_on, engine)
                    for i in indices)

    results: list[ValidationResult] = []
    graph = Graph()
    report_node = BNode()
    graph.add((report_node, RDF.type, URIRef(_SH + "ValidationReport")))
    for chunk_results, triples in outcomes:
        results.extend(chunk_results)
        for s, p, o in triples:
            graph.add((report_node if s is None else s, p, o))
    _bind_prefixes(graph)
    report = ValidationReport(results=results, graph=graph, fail_on=fail_on.lower(),
                              data_triples=current.triples, shapes_count=_count_shapes(shapes))
    _set_conforms(graph, report.conforms)
    return report

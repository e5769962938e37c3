"""The data under validation, held once and read as each engine and each check needs it.

pySHACL reads an rdflib graph; pyshacl-turbo reads a pyoxigraph store fastest (it dumps it to
N-Quads natively, where an rdflib graph is walked triple by triple in Python). Converting 1M
triples to rdflib costs seconds and gigabytes, so a :class:`DataView` keeps whichever form it
was given and converts only when an engine asks for the other one. The few lookups the report
needs (labels, evidence, the duration check) go to whichever form is there.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyoxigraph as ox
    import rdflib

    from ..store.store import Store


class DataView:
    """One data graph (the union of its graphs), as an rdflib graph or a pyoxigraph store."""

    def __init__(self, graph: rdflib.Graph | None = None, store: ox.Store | None = None,
                 source: Store | None = None):
        if (graph is None) == (store is None):
            raise ValueError("a DataView holds either an rdflib graph or a pyoxigraph store")
        self._graph = graph
        self._store = store
        self._convert = None
        self._written = None  # the written statements by subject (kg.store.lexical)
        #: the kg Store whose engine is ``store``, when it rewrote literals (kg.store.lexical):
        #: its quads are the data as written
        self.source = source if source is not None and source.lexical else None

    @classmethod
    def of(cls, data) -> DataView:
        """Wrap an rdflib graph, a :class:`~kg.store.Store` or a pyoxigraph store (merged)."""
        if isinstance(data, DataView):
            return data
        from ..store.store import Store

        if isinstance(data, Store):
            return cls.from_store(data)
        import pyoxigraph as ox

        if isinstance(data, ox.Store):
            return cls(store=_flat(data, None))
        return cls(graph=data)

    @classmethod
    def from_store(cls, store: Store, graphs: Iterable[str | None] | None = None) -> DataView:
        """The union of ``graphs`` of ``store`` (default: all graphs; ``None`` = default graph)."""
        if store.lexical:  # literals the engine rewrote: read them as written, not from it
            if graphs is None and next(iter(store.engine.named_graphs()), None) is None:
                return cls(store=store.engine, source=store)  # written forms on demand
            return cls(graph=to_rdflib(store.quads(None if graphs is None else list(graphs))))
        return cls(store=_flat(store.engine, None if graphs is None else list(graphs)))

    @property
    def lexical(self):
        """What the store rewrote (:class:`kg.store.lexical.LexicalForms`), or None."""
        return self.source.lexical if self.source is not None else None

    # -- the forms the engines read --------------------------------------------------------

    def graph(self) -> rdflib.Graph:
        """The data as an rdflib graph (converted once, on first use)."""
        if self._graph is None:
            self._graph = to_rdflib(self.source.quads() if self.source is not None
                                    else self._store)
        return self._graph

    def oxigraph(self) -> ox.Store:
        """The data as a pyoxigraph store, every triple in the default graph (converted once)."""
        if self._store is None:
            import pyoxigraph as ox

            to_ox = _to_oxigraph()
            store = ox.Store()
            store.extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in self._graph)
            self._store = store
        return self._store

    def nquads(self) -> bytes:
        """The data as N-Quads text, literals exactly as held (a pyoxigraph store's own, or the
        rdflib graph's written forms, which a store would rewrite)."""
        import pyoxigraph as ox

        if self.source is not None:  # the statements as written, not as the engine holds them
            return ox.serialize(self.source.quads(), format=ox.RdfFormat.N_QUADS)
        if self._store is not None:
            return self._store.dump(format=ox.RdfFormat.N_QUADS)
        to_ox = _to_oxigraph()
        return ox.serialize((ox.Quad(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in self._graph),
                            format=ox.RdfFormat.N_QUADS)

    def __len__(self) -> int:
        if self.source is not None:
            return len(self.source)
        return len(self._graph) if self._graph is not None else len(self._store)

    # -- the lookups the report and the checks make (rdflib terms in and out) ---------------

    def objects(self, subject, predicate) -> Iterator:
        if self._graph is not None:
            yield from self._graph.objects(subject, predicate)
            return
        s = self._ox_term(subject)
        if s is None:
            return
        convert = self._rdflib()
        for q in self._quads(s, self._ox_term(predicate)):
            yield convert(q.object)

    def has_graph(self) -> bool:
        """True when the rdflib form is at hand (no conversion needed)."""
        return self._graph is not None

    def predicate_objects(self, subject) -> Iterator[tuple]:
        if self._graph is not None:
            yield from self._graph.predicate_objects(subject)
            return
        s = self._ox_term(subject)
        if s is None:
            return
        convert = self._rdflib()
        for q in self._quads(s, None):
            yield convert(q.predicate), convert(q.object)

    def value(self, subject, predicate):
        """One object of ``subject predicate``, or None."""
        return next(iter(self.objects(subject, predicate)), None)

    def subject_objects(self, predicate) -> Iterator[tuple]:
        if self._graph is not None:
            yield from self._graph.subject_objects(predicate)
            return
        convert = self._rdflib()
        for q in self._quads(None, self._ox_term(predicate)):
            yield convert(q.subject), convert(q.object)

    def _quads(self, subject, predicate):
        if self.source is None:
            return self._store.quads_for_pattern(subject, predicate, None)
        if subject is None:
            return self.source.quads_for_pattern(subject, predicate, None)
        # as the store's own lookup does, but through an index of the written statements by
        # subject: a report looks up a few nodes, each lookup would walk them all
        lexical = self.source.lexical
        if self._written is None:
            self._written = {}
            for quad in lexical.written:
                self._written.setdefault(quad.subject, []).append(quad)
        unstated = lexical.unstated
        found = [q for q in self._store.quads_for_pattern(subject, predicate, None)
                 if q not in unstated]
        return found + [q for q in self._written.get(subject, ())
                        if predicate is None or q.predicate == predicate]

    def _rdflib(self):
        if self._convert is None:
            self._convert = term_converter()
        return self._convert

    @staticmethod
    def _ox_term(term):
        import pyoxigraph as ox
        from rdflib import BNode, URIRef

        if isinstance(term, URIRef):
            return ox.NamedNode(str(term))
        if isinstance(term, BNode):
            return ox.BlankNode(str(term))
        return None  # a literal is never a subject here


def term_converter():
    """pyoxigraph term -> rdflib term, each literal exactly as written (rdflib would otherwise
    rewrite "2011-01-01"^^xsd:dateTime as "2011-01-01T00:00:00": the engines would then report
    values the data does not hold). One converter for the whole project: the store's."""
    from ..store.store import rdflib_term_converter

    return rdflib_term_converter()


def to_rdflib(triples) -> rdflib.Graph:
    """pyoxigraph quads or triples (a store, a list...) as one rdflib graph, literals as written."""
    import rdflib

    graph = rdflib.Graph()
    convert = term_converter()
    add = graph.add
    for t in triples:
        add((convert(t.subject), convert(t.predicate), convert(t.object)))
    return graph


def load_store(paths: Iterable[str], input_format: str | None = None,
               base: str | None = None) -> Store:
    """Files (``-`` = stdin) merged into one in-memory store, as ``kg validate`` reads DATA.

    Relative IRIs (``<>``, ``<#x>``) resolve against ``base``, by default each file's own
    ``file:`` URI, as rdflib and Jena read them.

    :raises kg.errors.InputError: a file is unreadable or not valid RDF (``file:line:col``).
    :raises kg.errors.UsageError: the format of a file cannot be guessed.
    """
    from ..store.formats import guess_format
    from ..store.store import Store

    store = Store()
    for path in paths:
        store.load_file(path, guess_format(path, input_format, option="--input-format"),
                        base_iri=base)
    return store


def _to_oxigraph():
    """rdflib term -> pyoxigraph term (blank node labels kept, so results name the same nodes)."""
    import pyoxigraph as ox
    from rdflib import BNode, URIRef

    def convert(term):
        if isinstance(term, URIRef):
            return ox.NamedNode(str(term))
        if isinstance(term, BNode):
            return ox.BlankNode(str(term))
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))

    return convert


def _flat(store: ox.Store, graphs: list[str | None] | None) -> ox.Store:
    """``store`` itself when all its triples are in the default graph, else a merged copy."""
    import pyoxigraph as ox

    if graphs is None and next(iter(store.named_graphs()), None) is None:
        return store
    targets = [None] if graphs is None else [
        ox.NamedNode(g) if g else ox.DefaultGraph() for g in graphs]
    flat = ox.Store()
    for target in targets:
        flat.extend(ox.Quad(q.subject, q.predicate, q.object)
                    for q in store.quads_for_pattern(None, None, None, target))
    return flat

"""The one store interface: pyoxigraph underneath, rdflib only at the edges (pySHACL, framing).

Every command loads, queries and exports through :class:`Store`, so the engine can be swapped or
tuned in one place. Named graphs keep the article's facts apart from links and fetched data.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping

import pyoxigraph as ox

from .. import namespaces as ns
from .. import resources
from ..errors import InputError, QueryError
from . import disk, guard
from .formats import (
    RdfFormatInfo,
    file_base,
    guess_format,
    locate_error,
    lookup_format,
    parse_error,
    read_input,
    skip_bom,
    strip_bom,
)
from .lexical import LexicalForms, may_change, may_rewrite
from .query_shape import check_query_shape

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~4 ms at start-up)
if TYPE_CHECKING:  # rdflib is imported lazily: it costs ~160 ms at start-up
    import rdflib

# The bundled files and the named graph each is loaded into.
BUNDLED_GRAPHS: tuple[tuple[str, str], ...] = (
    ("ontology", ns.GRAPH_ONTOLOGY),
    ("article", ns.GRAPH_ARTICLE),
    ("links", ns.GRAPH_LINKS),
    ("provenance", ns.GRAPH_PROVENANCE),
)


def bundled_files() -> list[tuple[str, str]]:
    """(file, named graph IRI) for everything ``kg`` ships: ontology, article, provenance, links."""
    files = [(p, ns.GRAPH_ONTOLOGY) for p in resources.ontology_paths()]
    files.append((resources.data_path("article.ttl"), ns.GRAPH_ARTICLE))
    files.append((resources.data_path("provenance.ttl"), ns.GRAPH_PROVENANCE))
    links = resources.data_path("links.ttl")
    if os.path.exists(links):
        files.append((links, ns.GRAPH_LINKS))
    return files


class Store:
    """An RDF dataset in memory (or on disk with ``path``), queried with SPARQL 1.1.

    >>> s = Store()
    >>> s.load_bytes(b"<urn:a> <urn:b> 1 .", "turtle", source="example")
    1
    >>> [str(row["o"].value) for row in s.select("SELECT ?o WHERE { ?s ?p ?o }")]
    ['1']
    """

    def __init__(self, path: str | os.PathLike | None = None, read_only: bool = False):
        self.lexical = LexicalForms()  # literals the engine rewrote, as they were written
        self.path = path
        self._ox = ox.Store() if path is None else disk.open_disk(path, read_only=read_only)

    # -- loading ------------------------------------------------------------------------------

    @classmethod
    def bundled(cls) -> Store:
        """A store holding the ontology, the encoded article and the curated links."""
        store = cls()
        store.load_bundled()
        return store

    def load_bundled(self) -> None:
        # The bundled files hold no literal the engine rewrites (a test checks): no second look.
        for path, graph in bundled_files():
            self.load_file(path, graph=graph, keep_lexical=False)

    def load_file(self, path: str | os.PathLike, format: str | None = None,
                  graph: str | None = None, base_iri: str | None = None,
                  keep_lexical: bool = True, format_option: str = "--format") -> int:
        """Load a file (``-`` = stdin) into ``graph`` (None: default graph); return quads added.

        Relative IRIs resolve against ``base_iri``, by default the file's own ``file:`` URI.
        ``keep_lexical=False`` skips noting literals the engine rewrites (for files known to
        have none). ``format_option`` is the command-line option that sets ``format``, named in
        the error when the format cannot be told (stdin, no extension).

        pyoxigraph reads the file itself, so a large file is never held in memory as bytes too
        (at 1M triples that is 30% less peak memory). Transactional: on an error nothing is added.
        """
        fmt = guess_format(path, format, option=format_option)
        if str(path) == "-":
            return self.load_bytes(read_input(path), fmt, graph=graph, source="-",
                                   base_iri=base_iri)
        to_graph = ox.NamedNode(graph) if graph and not fmt.has_datasets else None
        before = len(self)
        try:
            guard.check_file(str(path), fmt.name)
            with open(path, "rb") as handle:
                skip_bom(handle)
                self._add_parsed(handle, fmt, to_graph, base_iri or file_base(path),
                                 keep_lexical)
        except OSError as exc:  # pyoxigraph says "No such file or directory (os error 2)"
            reason = exc.strerror or re.sub(r" \(os error \d+\)$", "", str(exc).splitlines()[0])
            raise InputError(reason, source=str(path)) from None
        except (SyntaxError, ValueError, MemoryError) as exc:
            raise _located(parse_error(exc, str(path)), fmt, path, base_iri) from None
        return len(self) - before

    def load_bytes(self, data: bytes, format: str | RdfFormatInfo, graph: str | None = None,
                   source: str = "<input>", base_iri: str | None = None) -> int:
        """Parse ``data`` and add it in one transaction: on a syntax error nothing is added."""
        fmt = format if isinstance(format, RdfFormatInfo) else lookup_format(format)
        guard.check_bytes(data, fmt.name, source)
        data = strip_bom(data)
        before = len(self)
        to_graph = ox.NamedNode(graph) if graph and not fmt.has_datasets else None
        try:
            self._add_parsed(data, fmt, to_graph, base_iri)
        except (SyntaxError, ValueError, OSError, MemoryError) as exc:
            raise _located(parse_error(exc, source), fmt, data, base_iri) from None
        return len(self) - before

    def _add_parsed(self, source, fmt: RdfFormatInfo, to_graph: ox.NamedNode | None,
                    base_iri: str | None, keep_lexical: bool = True) -> None:
        """Load ``source`` in one transaction, first noting the literals the engine will
        rewrite (:mod:`kg.store.lexical`): only those statements are kept aside, in Python."""
        if fmt.name == "json-ld" and base_iri is None:
            _refuse_relative_ids(source)
        if not isinstance(source, bytes) and not source.seekable():  # a pipe is read twice
            source = source.read()
        if keep_lexical and may_rewrite(source, fmt.name):
            start = None if isinstance(source, bytes) else source.tell()
            found = self._parse(source, fmt, to_graph, base_iri, may_change)
            if start is not None:
                source.seek(start)
            if any(type(q.subject) is ox.BlankNode or type(q.graph_name) is ox.BlankNode
                   for q in found):
                # the engine's own parse would name those blank nodes anew: add the very quads
                quads = self._parse(source, fmt, to_graph, base_iri)
                self.lexical.admit(quads, self._ox)
                self._ox.extend(quads)
                return
            self.lexical.admit(found, self._ox, filtered=True)
        self._ox.load(source, format=fmt.oxigraph, base_iri=base_iri, to_graph=to_graph)

    @staticmethod
    def _parse(source, fmt: RdfFormatInfo, to_graph: ox.NamedNode | None,
               base_iri: str | None, keep=None) -> list[ox.Quad]:
        """All quads of ``source`` (those whose object ``keep`` accepts), in ``to_graph``."""
        quads = ox.parse(source, format=fmt.oxigraph, base_iri=base_iri)
        found = [q for q in quads if keep(q.object)] if keep else list(quads)
        if to_graph is not None:
            found = [ox.Quad(q.subject, q.predicate, q.object, to_graph) for q in found]
        return found

    def bulk_load_file(self, path: str | os.PathLike, format: str | None = None,
                       graph: str | None = None, base_iri: str | None = None) -> None:
        """Stream a large file into the store without holding it in memory (not transactional)."""
        fmt = guess_format(path, format)
        to_graph = ox.NamedNode(graph) if graph and not fmt.has_datasets else None
        try:
            guard.check_file(str(path), fmt.name)
            with open(path, "rb") as handle:
                skip_bom(handle)
                self._ox.bulk_load(handle, format=fmt.oxigraph, to_graph=to_graph,
                                   base_iri=base_iri or file_base(path))
        except OSError as exc:
            raise InputError(exc.strerror or str(exc), source=str(path)) from None
        except (SyntaxError, ValueError, MemoryError) as exc:
            raise parse_error(exc, str(path)) from None

    # -- querying -----------------------------------------------------------------------------

    def query(self, sparql: str, bindings: Mapping[str, ox.NamedNode | ox.Literal | ox.BlankNode]
              | None = None, union_default_graph: bool = True, source: str = "query"):
        """Run a SPARQL query; ``bindings`` are bound as RDF terms (never pasted into the text).

        With ``union_default_graph`` (the default) the default graph is the union of all graphs,
        so queries need no GRAPH clause unless they ask which graph a fact is in.
        """
        guard.check_sparql(sparql, source)
        check_query_shape(sparql, source)
        subs = {ox.Variable(k): v for k, v in (bindings or {}).items()}
        try:
            return self._ox.query(sparql, use_default_graph_as_union=union_default_graph,
                                  substitutions=subs or None)
        except SyntaxError as exc:
            raise _query_syntax_error(exc, source) from None
        except (OSError, RuntimeError, ValueError) as exc:
            if disk.is_damage(exc):
                raise disk.damaged(self.path, exc) from None
            raise QueryError(str(exc).splitlines()[0], source=source) from None

    def select(self, sparql: str, **kwargs) -> list[ox.QuerySolution]:
        return list(self.query(sparql, **kwargs))

    def ask(self, sparql: str, **kwargs) -> bool:
        return bool(self.query(sparql, **kwargs))

    def update(self, sparql: str) -> None:
        guard.check_sparql(sparql, "update")
        check_query_shape(sparql, "update")
        try:
            self._ox.update(sparql)
        except SyntaxError as exc:
            raise _query_syntax_error(exc, "update") from None

    # -- inspecting and exporting -------------------------------------------------------------

    def __len__(self) -> int:
        """Statements as read (the engine may hold fewer: see :mod:`kg.store.lexical`)."""
        return len(self._ox) + self.lexical.size_difference()

    def graph_names(self) -> list[str]:
        return sorted(g.value for g in self._ox.named_graphs())

    def count(self, graph: str | None = None) -> int:
        """Quads in one named graph (or in the default graph for ``None``)."""
        target = ox.NamedNode(graph) if graph else ox.DefaultGraph()
        return sum(1 for _ in self.quads_for_pattern(None, None, None, target))

    def quads_for_pattern(self, subject=None, predicate=None, obj=None, graph=None
                          ) -> Iterable[ox.Quad]:
        """The quads matching a pattern of pyoxigraph terms (None: any), literals as written."""
        found = self._ox.quads_for_pattern(subject, predicate, obj, graph)
        if not self.lexical:
            return found
        return self.lexical.apply(found, None if graph is None else [graph], subject, predicate,
                                  obj)

    def quads(self, graphs: Iterable[str | None] | None = None) -> Iterable[ox.Quad]:
        """All quads, or those of ``graphs`` (named graph IRIs; ``None`` in it = default graph)."""
        if graphs is None:
            return self.quads_for_pattern()
        return (q for g in graphs
                for q in self.quads_for_pattern(
                    None, None, None, g if isinstance(g, ox.BlankNode | ox.NamedNode) else
                    ox.NamedNode(g) if g else ox.DefaultGraph()))

    def serialize(self, format: str | RdfFormatInfo, graphs: Iterable[str] | None = None) -> bytes:
        """Serialize the dataset (or only ``graphs``); triple formats merge the graphs."""
        fmt = format if isinstance(format, RdfFormatInfo) else lookup_format(format)
        quads = list(self.quads(graphs))
        # Only the formats with prefix declarations take them; N-Triples/N-Quads refuse the option.
        with_prefixes = fmt.oxigraph in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG,
                                         ox.RdfFormat.RDF_XML)
        kwargs = {"prefixes": ns.PREFIXES} if with_prefixes else {}
        items = quads if fmt.has_datasets else {q.triple for q in quads}
        return ox.serialize(items, format=fmt.oxigraph, **kwargs)

    def to_rdflib(self, graphs: Iterable[str | None] | None = None) -> rdflib.Graph:
        """Copy the (union of the) graphs into an rdflib Graph, for pySHACL and other edge tools.

        Terms are converted one by one (twice as fast as an N-Triples round trip at 100k).
        """
        import rdflib

        graph = rdflib.Graph()
        convert = rdflib_term_converter()
        for quad in self.quads(graphs):
            graph.add((convert(quad.subject), convert(quad.predicate), convert(quad.object)))
        return graph

    def flush(self) -> None:
        self._ox.flush()

    @property
    def engine(self) -> ox.Store:
        """The pyoxigraph store itself, for the few places that need it (bulk load, benchmarks)."""
        return self._ox


def _located(error: InputError, fmt: RdfFormatInfo, data: bytes | str | os.PathLike,
             base_iri: str | None) -> InputError:
    """Give an RDF/XML syntax error the line and column its parser does not report."""
    if error.line is not None or fmt.name != "xml" or "longer than" in error.reason:
        return error
    if not isinstance(data, bytes):
        try:
            with open(data, "rb") as handle:
                data = handle.read()
        except OSError:
            return error
        base_iri = base_iri or file_base(str(error.source))
    where = locate_error(strip_bom(data), fmt.oxigraph, base_iri)
    if where is None:
        return error
    return InputError(error.reason, source=error.source, line=where[0], column=where[1])


_NO_BASE = "http://kg.invalid/no-base/"


def _refuse_relative_ids(source) -> None:
    """JSON-LD drops a node whose ``@id`` is relative when there is no base: refuse instead.

    The document is parsed again against a base no real IRI uses; any IRI under it was relative.
    """
    if not isinstance(source, bytes):
        return  # files always have a base: their own URI
    for quad in ox.parse(source, format=ox.RdfFormat.JSON_LD, base_iri=_NO_BASE):
        for term in (quad.subject, quad.predicate, quad.object, quad.graph_name):
            if isinstance(term, ox.NamedNode) and term.value.startswith(_NO_BASE):
                raise ValueError(f"the relative IRI <{term.value[len(_NO_BASE):]}> has no base "
                                 "to resolve it against: set --base IRI")


def rdflib_term_converter():
    """pyoxigraph term -> rdflib term, as rdflib's N-Triples parser reads pyoxigraph's output."""
    from rdflib import BNode, Literal, URIRef

    _quiet_ill_typed_literals()
    cache: dict = {}
    xsd_string = "http://www.w3.org/2001/XMLSchema#string"

    def convert(term):
        found = cache.get(term)
        if found is not None:
            return found
        if isinstance(term, ox.NamedNode):
            found = URIRef(term.value)
        elif isinstance(term, ox.BlankNode):
            found = BNode(term.value)
        elif term.language:
            found = Literal(term.value, lang=term.language, normalize=False)
        elif term.datatype.value == xsd_string:
            found = Literal(term.value, normalize=False)
        else:  # as written: rdflib would rewrite "01"^^xsd:integer as "1" (kg.store.lexical)
            found = Literal(term.value, datatype=URIRef(term.datatype.value), normalize=False)
        cache[term] = found
        return found

    return convert


def _ill_typed(record) -> bool:
    return not str(record.msg).startswith("Failed to convert Literal lexical form")


def _quiet_ill_typed_literals() -> None:
    """rdflib logs a traceback for each ill-typed literal ("abc"^^xsd:integer) it meets; the
    shapes report those (sh:datatype), so the log says nothing new: drop just those records."""
    import logging

    logger = logging.getLogger("rdflib.term")
    if _ill_typed not in logger.filters:
        logger.addFilter(_ill_typed)


def term_sort_key(term) -> tuple:
    """Order RDF terms the same way on every run: the default graph, IRIs, blank nodes, literals.

    >>> sorted([ox.Literal("a"), ox.NamedNode("urn:b")], key=term_sort_key)[0]
    <NamedNode value=urn:b>
    """
    if isinstance(term, ox.DefaultGraph):
        return (-1, "", "", "")
    if isinstance(term, ox.NamedNode):
        return (0, term.value, "", "")
    if isinstance(term, ox.BlankNode):
        return (1, term.value, "", "")
    if isinstance(term, ox.Literal):
        return (2, term.value, term.datatype.value, term.language or "")
    return (3, str(term), "", "")


def _query_syntax_error(exc: SyntaxError, source: str) -> QueryError:
    """pyoxigraph says 'error at L:C: reason'; turn it into ``source:L:C: reason``."""
    text = str(exc)
    match = re.match(r"error at (\d+):(\d+): (.*)", text, re.S)
    if match:
        return QueryError(match.group(3).splitlines()[0], source=source,
                          line=int(match.group(1)), column=int(match.group(2)))
    return QueryError(text.splitlines()[0], source=source)

"""Ingest several articles at once: all are read and checked before anything is written.

A refusal of any one article (not a conflict, empty, binary, not UTF-8, unreadable) stops the
run with its reason and writes nothing; two articles with the same title would share a named
graph and are refused too. With ``keep_going`` the refused ones are collected instead and the
others go on. Output: one serialisation (TriG, N-Quads, ...) or a persistent Oxigraph store in
which each article's graph replaces an older copy of the same graph.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable

from ..errors import InputError, UsageError
from .extract import ingest_bytes
from .mint import graph_iri
from .model import Article
from .source import Refusal

PREFIXES = {
    "kg": "https://w3id.org/conflict-kg/ontology#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dcterms": "http://purl.org/dc/terms/",
}


def read_source(path: str) -> tuple[bytes, str]:
    """The bytes of a file (``-`` is stdin) and the name to use in messages."""
    if path == "-":
        return sys.stdin.buffer.read(), "<stdin>"
    try:
        with open(path, "rb") as handle:
            return handle.read(), path
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder; give article files.") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}.") from None


def ingest_files(paths: Iterable[str], progress: Callable[[int, str], None] | None = None,
                 refused: list[InputError] | None = None) -> list[Article]:
    """Every article, in the order given, or the first refusal (:class:`InputError`).

    With a list ``refused``, a refused file is appended to it and the run goes on (the first of
    two articles with the same title is kept).
    """
    articles: list[Article] = []
    graphs: dict[str, str] = {}
    for n, path in enumerate(paths, start=1):
        try:
            data, name = read_source(path)
            if progress:
                progress(n, name)
            article = ingest_bytes(data, name)
            graph = graph_iri(article.title.name)
            if graph in graphs:
                raise Refusal(f"{name}: has the same title as {graphs[graph]} "
                              f"({article.title.name!r}), so both would fill the graph "
                              f"{graph}; ingest them in separate runs.")
        except InputError as exc:
            if refused is None:
                raise
            refused.append(exc)
            continue
        graphs[graph] = name
        articles.append(article)
    return articles


def quads_of(articles: list[Article], cited: dict | None = None) -> list:
    """All quads; ``cited`` (optional) gets, per article name, which node cites which offset."""
    from .graph import article_quads

    quads = []
    # graphs in IRI order: the same files give the same bytes in whatever order they are named
    for article in sorted(articles, key=lambda a: graph_iri(a.title.name)):
        spans = {} if cited is not None else None
        quads.extend(article_quads(article, spans))
        if cited is not None:
            cited[article.name] = spans
    return quads


def serialize(articles: list[Article], fmt, cited: dict | None = None) -> bytes:
    """All articles' graphs in one dataset format (``fmt``: a :class:`RdfFormatInfo`)."""
    import pyoxigraph as ox

    if not fmt.has_datasets:
        raise UsageError(f"--format {fmt.name} cannot hold named graphs: use trig or n-quads "
                         "(one named graph per article).")
    return ox.serialize(quads_of(articles, cited), format=fmt.oxigraph,
                        prefixes=PREFIXES if fmt.name == "trig" else None)


def write_store(articles: list[Article], directory: str, cited: dict | None = None) -> int:
    """Put each article's graph into the store at ``directory``, replacing an older copy."""
    import pyoxigraph as ox

    try:
        store = ox.Store(directory)
    except OSError as exc:
        raise InputError(f"--store {directory}: cannot open the store: {exc}") from None
    quads = quads_of(articles, cited)
    for article in articles:
        graph = ox.NamedNode(graph_iri(article.title.name))
        if store.contains_named_graph(graph):
            store.remove_graph(graph)
    store.bulk_extend(quads)
    store.flush()
    return len(quads)

"""Federated queries: the article joined with facts from Wikidata, answered locally from the cache.

The bundled federated queries live in ``queries/federated/`` (same ``#+`` header as every bundled
query). They run on one local store holding the bundled graphs, the user's links file (if any)
and the Wikidata cache, so they need no network once the cache exists. A query that contains a
SPARQL ``SERVICE`` clause is refused unless the caller opts in (``allow_service``); plain
``SERVICE`` to arbitrary hosts stays off by default.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from .. import namespaces as ns
from .. import resources
from ..errors import UsageError

_SERVICE = re.compile(r"\bSERVICE\b", re.IGNORECASE)
_STRINGS_AND_COMMENTS = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:\\.|[^"\\\n])*"'
                                   r"|'(?:\\.|[^'\\\n])*'|<[^>\s]*>|#[^\n]*")


def federated_dir() -> Path:
    return resources.queries_dir() / "federated"


def names() -> list[str]:
    """The bundled federated queries, by name (file stem)."""
    return sorted(path.stem for path in federated_dir().glob("*.rq"))


def load(name_or_file: str):
    """A bundled federated query by name, or a ``.rq`` file of the user's."""
    from ..query.catalog import load_file

    if name_or_file.endswith(".rq") or os.sep in name_or_file or name_or_file == "-":
        return load_file(name_or_file)
    path = federated_dir() / f"{name_or_file}.rq"
    if not path.exists():
        raise UsageError(f"Unknown federated query {name_or_file!r}: use one of "
                         f"{', '.join(names())} (or a .rq file).")
    return load_file(path, name=name_or_file, require_header=True)


def uses_service(text: str) -> bool:
    """Does the query contain a ``SERVICE`` clause (outside strings, IRIs and comments)?

    >>> uses_service('SELECT * { SERVICE <http://x/sparql> { ?s ?p ?o } }')
    True
    >>> uses_service('SELECT * { ?s ?p "SERVICE" } # SERVICE')
    False
    """
    return bool(_SERVICE.search(_STRINGS_AND_COMMENTS.sub(" ", text)))


def build_store(links_file: str | os.PathLike | None, cache_file: str | os.PathLike | None):
    """The bundled graphs + the user's links (graph/links) + the cache (graph/wikidata)."""
    from ..store.store import Store

    store = Store.bundled()
    if links_file and Path(links_file).exists():
        store.load_file(links_file, format="turtle", graph=ns.GRAPH_LINKS)
    if cache_file and Path(cache_file).exists():
        store.load_file(cache_file, format="n-quads")
    return store


def run(store, query, allow_service: bool = False):
    """Answer ``query`` on ``store``; a ``SERVICE`` clause needs ``allow_service``."""
    from ..query.run import run_local

    if uses_service(query.text) and not allow_service:
        raise UsageError(f"{query.source} uses SPARQL SERVICE, which sends part of the query to "
                         "another server; pass --allow-service to let it.")
    return run_local(store, query)

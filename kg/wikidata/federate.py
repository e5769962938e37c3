"""Federated queries: the article joined with facts from Wikidata, answered locally from the cache.

The bundled federated queries live in ``queries/federated/`` (same ``#+`` header as every bundled
query). They run on one local store holding the bundled graphs, the user's links file (if any)
and the Wikidata cache, so they need no network once the cache exists. A query that contains a
SPARQL ``SERVICE`` clause is refused unless the caller names its host (``allowed_services``,
``--allow-service HOST``); the call then goes through kg's own HTTP client, never the engine's.
"""

from __future__ import annotations

import os
from pathlib import Path

from .. import namespaces as ns
from .. import resources
from ..errors import UsageError


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


def build_store(links_file: str | os.PathLike | None, cache_file: str | os.PathLike | None):
    """The bundled graphs + the user's links (graph/links) + the cache (graph/wikidata)."""
    from ..store.store import Store

    store = Store.bundled()
    if links_file and Path(links_file).exists():
        store.load_file(links_file, format="turtle", graph=ns.GRAPH_LINKS)
    if cache_file and Path(cache_file).exists():
        store.load_file(cache_file, format="n-quads")
    return store


def check_service(query, allowed_services: tuple[str, ...] = ()) -> None:
    """Refuse a ``SERVICE`` to a host not allowed, before any work (see :mod:`kg.query.service`)."""
    from ..query.service import guard
    from ..query.text import with_project_prefixes

    guard(with_project_prefixes(query.text)[0], allowed_services, query.source)


def run(store, query, allowed_services: tuple[str, ...] = (), timeout: float | None = None):
    """Answer ``query`` on ``store``; a ``SERVICE`` clause may reach only ``allowed_services``
    (see :mod:`kg.query.service`)."""
    from ..query.run import run_local

    return run_local(store, query, allowed_services=allowed_services, timeout=timeout)

"""Find where an endpoint keeps the project's data, so bundled queries never answer "0 rows"
from an empty default graph.

Locally the default graph is the union of all graphs. On a server it depends on its set-up:
``oxigraph serve`` without ``--union-default-graph`` (and most stores) keep named graphs apart
from an empty default graph, and a bundled query sent as is would find nothing, and a check
query would pass. So before a bundled query runs remotely without ``--default-graph``:

1. ``ASK`` whether the default graph holds anything typed in the project's namespace;
2. if not, list the named graphs and ask the same of their merge (sent as ``default-graph-uri``
   parameters, SPARQL 1.1 Protocol 2.1.4: the union default graph, made explicit);
3. if that holds nothing either, say the data is not there (exit 3), never "0 rows".
"""

from __future__ import annotations

import json

from .. import namespaces as ns
from ..errors import EndpointError

_HOLDS_DATA = (f'ASK {{ ?s a ?type . FILTER(STRSTARTS(STR(?type), "{ns.BASE}")) }}')
_GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }"
MAX_GRAPHS = 200


def is_bundled(query) -> bool:
    """Is ``query`` one of the bundled ``.rq`` files (which expect the project's data)?"""
    import os

    from .. import resources

    if not query.path:
        return False
    folder = os.path.realpath(resources.queries_dir())
    return os.path.realpath(query.path).startswith(folder + os.sep)


def _ask(endpoint: str, text: str, graphs: tuple[str, ...], timeout: float) -> bool:
    from ..http.sparql import ACCEPT_JSON
    from ..http.sparql import query as send

    body = send(endpoint, text, ACCEPT_JSON, default_graphs=graphs, timeout=timeout).body
    try:
        answer = json.loads(body)["boolean"]
        if not isinstance(answer, bool):
            raise TypeError
    except (ValueError, KeyError, TypeError):
        raise EndpointError(f"{endpoint}: the answer to an ASK is not a SPARQL boolean") from None
    return answer


def data_graphs(endpoint: str, timeout: float) -> tuple[str, ...]:
    """``()`` when the endpoint's default graph holds the data; else the named graphs to use as
    the default graph.

    :raises EndpointError: the data is in neither.
    """
    from ..http.sparql import ACCEPT_JSON
    from ..http.sparql import query as send

    if _ask(endpoint, _HOLDS_DATA, (), timeout):
        return ()
    body = send(endpoint, _GRAPHS, ACCEPT_JSON, timeout=timeout).body
    try:
        rows = json.loads(body)["results"]["bindings"]
        graphs = tuple(sorted(row["g"]["value"] for row in rows if row["g"]["type"] == "uri"))
    except (ValueError, KeyError, TypeError):
        raise EndpointError(f"{endpoint}: the list of named graphs is not SPARQL JSON results"
                            ) from None
    if graphs and len(graphs) <= MAX_GRAPHS and _ask(endpoint, _HOLDS_DATA, graphs, timeout):
        return graphs
    where = (f"nor in its {len(graphs)} named graphs" if graphs and len(graphs) <= MAX_GRAPHS
             else "and it has no named graphs" if not graphs
             else f"and it has {len(graphs)} named graphs (give --default-graph)")
    raise EndpointError(f"{endpoint}: the project's data is not in the default graph {where}; "
                        "load it first (kg push --endpoint ...) or name its graphs with "
                        "--default-graph")

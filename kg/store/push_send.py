"""Send one batch of a push to a store, and check that the store acknowledged it.

Graph Store Protocol ``POST`` of N-Triples (section 5.5) or SPARQL Update ``INSERT DATA``, sent
through :mod:`kg.http` (one deadline, capped body, no redirect to another origin, no POST turned
into a GET, polite retries on 429 and 503). Success is a 200, 201 or 204 that is not an HTML page
and fits in a small body: anything else means the data may not have landed.
"""

from __future__ import annotations

import urllib.parse

import pyoxigraph as ox

from ..errors import EndpointError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from .push import Batch, Target

# A store's acknowledgement is short: a larger body is not one.
ACK_MAX_BYTES = 1024 * 1024
ACK_ACCEPT = "application/json, text/plain;q=0.9, */*;q=0.1"
_AUTHS: dict = {}


def _request(target: Target, url: str, data: bytes, content_type: str,
             method: str = "POST") -> None:
    """Send through :mod:`kg.http` and check the acknowledgement: 200, 201 or 204 and not an HTML
    page (a login or proxy page); no redirect to another origin, no POST turned into a GET."""
    from ..http.client import Auth, looks_like_html, send

    auth = None
    if target.user is not None:
        auth = _AUTHS.setdefault(target, Auth(target.user, target.password or ""))
    response = send(method, url, headers={"Content-Type": content_type, "Accept": ACK_ACCEPT},
                    body=data, timeout=target.timeout, max_bytes=ACK_MAX_BYTES, auth=auth)
    if response.status not in (200, 201, 204):
        raise EndpointError(f"{url} answered HTTP {response.status} {response.reason}: the store "
                            "did not confirm that the data landed")
    if looks_like_html(response):
        raise EndpointError(f"{url} answered with an HTML page, not a store's acknowledgement "
                            "(a login or proxy page?)")


def graph_url(gsp_url: str, graph: str | None) -> str:
    """The Graph Store URL of one graph (indirect identification, GSP section 4.2).

    >>> graph_url("http://h/store", "https://w3id.org/g?x=1")
    'http://h/store?graph=https%3A%2F%2Fw3id.org%2Fg%3Fx%3D1'
    >>> graph_url("http://h/store?key=1", None)
    'http://h/store?key=1&default'
    """
    sep = "&" if "?" in gsp_url else "?"
    if graph is None:
        return f"{gsp_url}{sep}default"
    return f"{gsp_url}{sep}graph={urllib.parse.quote(graph, safe='')}"


def send_batch(target: Target, batch: Batch) -> None:
    """Send one batch; raises :class:`EndpointError` if the store does not accept it."""
    body = ox.serialize(batch.triples, format=ox.RdfFormat.N_TRIPLES)
    if target.method == "gsp":
        _request(target, graph_url(target.url, batch.graph), body, "application/n-triples")
        return
    # N-Triples terms are valid SPARQL terms (IRIs, literals with ECHAR/UCHAR escapes).
    data = body.decode("utf-8")
    if batch.graph is None:
        update = "INSERT DATA {\n" + data + "}\n"
    else:
        update = f"INSERT DATA {{ GRAPH <{batch.graph}> {{\n{data}}} }}\n"
    _request(target, target.url, update.encode("utf-8"), "application/sparql-update")


def clear_graph(target: Target, graph: str | None) -> None:
    """Empty one graph before a ``replace`` push (a missing graph is not an error)."""
    if target.method == "gsp":
        from ..http.client import HttpStatusError

        try:
            _request(target, graph_url(target.url, graph), b"", "application/n-triples",
                     method="DELETE")
        except HttpStatusError as exc:
            if exc.status != 404:
                raise
        return
    what = "DEFAULT" if graph is None else f"GRAPH <{graph}>"
    _request(target, target.url, f"CLEAR SILENT {what}".encode(), "application/sparql-update")

"""The SPARQL 1.1 Protocol over :mod:`kg.http.client`: GET for short queries, POST for long ones.

https://www.w3.org/TR/sparql11-protocol/ section 2.1: a query goes in the ``query`` parameter of
a GET, or URL-encoded in the body of a POST when the URL would be long (many servers cap URLs
near 8 KB, some proxies near 2 KB); ``default-graph-uri`` parameters name the default graph. An
HTML page in answer (a proxy's, a login page, an error page sent with 200) is an error, never an
empty result.
"""

from __future__ import annotations

import urllib.parse

from ..errors import EndpointError
from . import client

MAX_GET_URL = 2000
ACCEPT_RESULTS = ("application/sparql-results+json, application/sparql-results+xml;q=0.8, "
                  "text/tab-separated-values;q=0.5")
ACCEPT_JSON = "application/sparql-results+json"
ACCEPT_GRAPH = ("application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5, "
                "application/ld+json;q=0.3")


def query(endpoint: str, text: str, accept: str = ACCEPT_RESULTS, *,
          default_graphs: tuple[str, ...] | list[str] = (), what: str = "--endpoint",
          **policy) -> client.Response:
    """Send a query; return the successful answer (``policy``: :func:`kg.http.client.send`'s
    keywords: timeout, retries, backoff, sleep, max_bytes ...; ``what`` names the URL's option
    in messages).

    :raises EndpointError: see :func:`kg.http.client.send`; also an HTML page in answer.
    """
    client.check_url(endpoint, what)
    params = [("query", text)] + [("default-graph-uri", g) for g in default_graphs]
    encoded = urllib.parse.urlencode(params, quote_via=urllib.parse.quote)
    url = endpoint + ("&" if "?" in endpoint else "?") + encoded
    headers = {"Accept": accept}
    if len(url) <= MAX_GET_URL:
        response = client.send("GET", url, headers=headers, label=endpoint, **policy)
    else:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        response = client.send("POST", endpoint, headers=headers,
                               body=encoded.encode("ascii"), **policy)
    refuse_html(response, endpoint, "SPARQL results")
    return response


def refuse_html(response: client.Response, where: str, wanted: str) -> None:
    """Raise if ``response`` is an HTML page rather than ``wanted``."""
    if client.looks_like_html(response):
        title = client.html_title(response.body)
        raise EndpointError(f"{where} answered with an HTML page"
                            + (f" ({title})" if title else "") + f", not {wanted}")

"""The Wikidata SPARQL client: :mod:`kg.http` with Wikimedia's manners and SELECT/ASK parsing.

The shared client (:mod:`kg.http.client`) already sends the descriptive User-Agent Wikimedia's
policy asks for, bounds each whole request by its timeout, retries 429 and 503 honouring
``Retry-After``, refuses HTML pages and truncated bodies, and sends one request at a time. This
adds what is particular to the Wikidata Query Service: its query-timeout answer (HTTP 500 with
a Java ``TimeoutException``) is an :class:`EndpointTimeout`, so callers fetching in batches can
halve the batch, and answers are parsed as SPARQL JSON results into terms.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ..http import client as http
from ..http.client import EndpointTimeout, user_agent
from ..http.sparql import ACCEPT_JSON
from ..http.sparql import query as sparql_query
from . import results

__all__ = ["ACCEPT_JSON", "EndpointTimeout", "SparqlClient", "user_agent"]


@dataclass
class SparqlClient:
    """Send SPARQL queries to one endpoint and return parsed results.

    :param endpoint: the SPARQL query URL.
    :param timeout: seconds for each request, the whole of it: name lookup to last byte,
        redirects and the waits between retries included.
    :param retries: how many times to retry on 429 / 503 / a dropped connection.
    :param backoff: the first wait in seconds; it doubles on each retry.
    :param max_backoff: no single wait is longer (``Retry-After`` included), except that a
        ``Retry-After`` longer than ``max_retry_after`` makes the client give up at once.
    """

    endpoint: str
    timeout: float = 60.0
    retries: int = 3
    backoff: float = 1.0
    max_backoff: float = 60.0
    max_retry_after: float = 300.0
    sleep: Callable[[float], None] = time.sleep
    requests_sent: int = field(default=0, init=False)

    def select(self, query: str) -> list[results.Row]:
        """Rows of a SELECT query (see :func:`kg.wikidata.results.parse_select`)."""
        return results.parse_select(self.send(query), self.endpoint)

    def ask(self, query: str) -> bool:
        return results.parse_ask(self.send(query), self.endpoint)

    def send(self, query: str, accept: str = ACCEPT_JSON) -> bytes:
        """The body of a successful (2xx, not HTML) answer to ``query``, after any retries."""

        def count() -> None:
            self.requests_sent += 1

        try:
            response = sparql_query(
                self.endpoint, query, accept, timeout=self.timeout, retries=self.retries,
                backoff=self.backoff, max_backoff=self.max_backoff,
                max_retry_after=self.max_retry_after, sleep=self.sleep, on_attempt=count,
                what="--wikidata-endpoint")
        except http.HttpStatusError as exc:
            if exc.status in (500, 504) and b"TimeoutException" in exc.body:
                # WDQS reports its own 60 s limit this way: the query was too heavy
                raise EndpointTimeout(f"{self.endpoint} gave up on the query at its own time "
                                      "limit (TimeoutException)", by_server=True) from None
            raise
        return response.body

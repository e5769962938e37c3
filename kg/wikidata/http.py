"""The HTTP client for SPARQL endpoints, well-behaved the way Wikimedia asks.

- A descriptive User-Agent with the tool's name, version and a contact URL (Wikimedia's
  User-Agent policy; generic agents such as SPARQLWrapper's or Python's default are refused).
- Timeouts on every request; an endpoint that does not answer in time raises
  :class:`EndpointTimeout`, so that callers fetching in batches can halve the batch.
- Retries with exponential backoff on 429 and 5xx, honouring ``Retry-After`` (seconds or an
  HTTP date); the backoff cap is a parameter so tests can keep it tiny.
- One request at a time per process (a lock held across the request and its retries).
- Unreachable endpoint: one line, ``cannot reach URL: reason (are you offline?)``.
- An HTML error page, a non-JSON body or a truncated body is an error, never an empty result.

Standard library only (``urllib``): the SPARQL 1.1 Protocol needs nothing more.
"""

from __future__ import annotations

import email.utils
import http.client
import os
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field

from .. import __version__
from ..errors import EndpointError
from . import results

USER_AGENT_ENV = "KG_USER_AGENT"
USER_AGENT = (f"kg/{__version__} (https://w3id.org/conflict-kg; linked-data toolkit) "
              f"python-urllib/{sys.version_info.major}.{sys.version_info.minor}")
ACCEPT_JSON = "application/sparql-results+json"
RETRY_STATUSES = (429, 500, 502, 503, 504)
MAX_GET_URL = 2000  # longer queries go by POST (SPARQL 1.1 Protocol, section 2.1.2)

# Wikimedia asks for one request at a time: every client in the process shares this lock.
_ONE_AT_A_TIME = threading.Lock()


class EndpointTimeout(EndpointError):
    """The endpoint did not answer within the timeout (or said the query timed out)."""


def user_agent() -> str:
    """The User-Agent sent with every request (``$KG_USER_AGENT`` replaces it, e.g. to add your
    own e-mail address as Wikimedia's policy suggests for heavy use).

    >>> user_agent().startswith("kg/")
    True
    """
    return os.environ.get(USER_AGENT_ENV) or USER_AGENT


@dataclass
class SparqlClient:
    """Send SPARQL queries to one endpoint and return parsed results.

    :param endpoint: the SPARQL query URL.
    :param timeout: seconds to wait for the connection and for each read.
    :param retries: how many times to retry on 429 / 5xx / a dropped connection.
    :param backoff: the first wait in seconds; it doubles on each retry.
    :param max_backoff: no single wait is longer (``Retry-After`` included), except that a
        ``Retry-After`` longer than ``max_retry_after`` makes the client give up at once.
    """

    endpoint: str
    timeout: float = 60.0
    retries: int = 4
    backoff: float = 1.0
    max_backoff: float = 60.0
    max_retry_after: float = 300.0
    sleep: Callable[[float], None] = time.sleep
    requests_sent: int = field(default=0, init=False)

    # -- public API ------------------------------------------------------------------------------

    def select(self, query: str) -> list[results.Row]:
        """Rows of a SELECT query (see :func:`kg.wikidata.results.parse_select`)."""
        return results.parse_select(self.send(query), self.endpoint)

    def ask(self, query: str) -> bool:
        return results.parse_ask(self.send(query), self.endpoint)

    def send(self, query: str, accept: str = ACCEPT_JSON) -> bytes:
        """The body of a successful (2xx, JSON) answer to ``query``, after any retries."""
        with _ONE_AT_A_TIME:
            attempt = 0
            while True:
                try:
                    return self._once(query, accept)
                except _Retry as retry:
                    if attempt >= self.retries:
                        raise EndpointError(f"{self.endpoint} still answers {retry.reason} after "
                                            f"{attempt + 1} attempts; try again later") from None
                    wait = retry.wait if retry.wait is not None else self.backoff * 2 ** attempt
                    if retry.wait is not None and retry.wait > self.max_retry_after:
                        raise EndpointError(f"{self.endpoint} answered {retry.reason} and asks to "
                                            f"wait {retry.wait:.0f} s; try again later") from None
                    self.sleep(min(wait, self.max_backoff))
                    attempt += 1

    # -- one request -----------------------------------------------------------------------------

    def _request(self, query: str, accept: str) -> urllib.request.Request:
        headers = {"Accept": accept, "User-Agent": user_agent()}
        url = self.endpoint + ("&" if "?" in self.endpoint else "?") + \
            urllib.parse.urlencode({"query": query})
        if len(url) <= MAX_GET_URL:
            return urllib.request.Request(url, headers=headers, method="GET")
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        return urllib.request.Request(self.endpoint, data=urllib.parse.urlencode(
            {"query": query}).encode("utf-8"), headers=headers, method="POST")

    def _once(self, query: str, accept: str) -> bytes:
        request = self._request(query, accept)
        self.requests_sent += 1
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = response.read()
                content_type = response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as exc:
            self._raise_for_status(exc)
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, TimeoutError):
                raise self._timeout() from None
            raise EndpointError(f"cannot reach {self.endpoint}: {_reason(reason)} "
                                "(are you offline?)") from None
        except TimeoutError:
            raise self._timeout() from None
        except http.client.IncompleteRead as exc:
            raise EndpointError(f"{self.endpoint} closed the connection after "
                                f"{len(exc.partial)} bytes: the answer is truncated") from None
        except (ConnectionResetError, http.client.RemoteDisconnected) as exc:
            raise _Retry(f"a dropped connection ({exc.__class__.__name__})") from None
        except OSError as exc:
            raise EndpointError(f"cannot reach {self.endpoint}: {_reason(exc)} "
                                "(are you offline?)") from None
        _check_content_type(content_type, body, self.endpoint)
        return body

    def _timeout(self) -> EndpointTimeout:
        return EndpointTimeout(f"{self.endpoint} did not answer within {self.timeout:g} s "
                               "(timeout)")

    def _raise_for_status(self, exc: urllib.error.HTTPError) -> None:
        try:
            body = exc.read()
        except (OSError, http.client.HTTPException):
            body = b""
        status = exc.code
        if status in (500, 504) and b"TimeoutException" in body:
            raise self._timeout() from None  # WDQS reports its 60 s limit this way
        if status in RETRY_STATUSES:
            raise _Retry(f"HTTP {status}", _retry_after(exc.headers.get("Retry-After"))) from None
        first = _first_line(body)
        raise EndpointError(f"{self.endpoint} answered HTTP {status} {exc.reason}"
                            + (f": {first}" if first else "")) from None


class _Retry(Exception):
    def __init__(self, reason: str, wait: float | None = None):
        super().__init__(reason)
        self.reason, self.wait = reason, wait


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date).

    >>> _retry_after("3"), _retry_after(None), _retry_after("soon")
    (3.0, None, None)
    """
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _check_content_type(content_type: str, body: bytes, endpoint: str) -> None:
    media = content_type.split(";", 1)[0].strip().lower()
    looks_html = body.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html"))
    if media in ("text/html", "application/xhtml+xml") or looks_html:
        title = _html_title(body)
        raise EndpointError(f"{endpoint} answered with an HTML page"
                            + (f" ({title})" if title else "") + ", not SPARQL results")


def _html_title(body: bytes) -> str:
    text = body[:4096].decode("utf-8", "replace")
    start = text.lower().find("<title>")
    end = text.lower().find("</title>")
    return text[start + 7:end].strip() if 0 <= start < end else ""


def _first_line(body: bytes) -> str:
    for line in body.decode("utf-8", "replace").splitlines():
        if line.strip():
            return line.strip()[:200]
    return ""


def _reason(reason: object) -> str:
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    return str(reason) or reason.__class__.__name__

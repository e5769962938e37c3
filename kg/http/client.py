"""Send one HTTP request safely: http(s) only, one deadline, a capped body, same-origin redirects.

- Only ``http://`` and ``https://`` URLs with a host are accepted (:func:`check_url`); anything
  else is a one-line :class:`~kg.errors.UsageError`.
- ``timeout`` bounds the whole request (:mod:`kg.http.deadline`): the name lookup, connecting,
  TLS, the headers and the body of every redirect hop, the answer to an authentication
  challenge and the waits between retries. A watchdog shuts the socket down at the deadline, so
  a server that drips one byte a second cannot keep the request alive, and a message that says
  so counts the redirects and retries the request had been through.
- The body is read in chunks and refused past ``max_bytes`` (a declared ``Content-Length`` over
  the cap is refused before reading); a body shorter than announced is an error, never a result.
- A redirect to another origin (scheme, host, port) is never followed: the error names the
  target. Same-origin redirects are followed at most :data:`MAX_REDIRECTS` times, and a POST is
  never silently turned into a GET (301/302/303 to a POST is an error; 307/308 re-send it).
- 429 and 503 are retried a bounded number of times, waiting as ``Retry-After`` asks (or with
  exponential backoff), and giving up at once when the wait would pass the deadline or the
  server asks for longer than ``max_retry_after``. A dropped connection is retried for GET only.
- One request at a time per process (Wikimedia's rule for its query service; harmless elsewhere).
- The proxy the environment names (``http_proxy``, ``https_proxy``, ``no_proxy``) is used, as
  urllib would; https goes through a CONNECT tunnel.
- A descriptive User-Agent with the tool's name, version and a contact URL (``$KG_USER_AGENT``
  replaces it).

Standard library only (``http.client``), so redirects and deadlines are ours to decide.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import socket
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable

from .. import __version__
from ..errors import EndpointError, UsageError
from .answers import first_line, html_title, looks_like_html, retry_after
from .auth import Auth
from .deadline import Deadline, Watchdog
from .proxy import connection
from .resolve import LookupTimeout

USER_AGENT_ENV = "KG_USER_AGENT"
MAX_BYTES_ENV = "KG_HTTP_MAX_MB"
USER_AGENT = (f"kg/{__version__} (https://w3id.org/conflict-kg; linked-data toolkit) "
              f"python/{sys.version_info.major}.{sys.version_info.minor}")
DEFAULT_TIMEOUT = 60.0
DEFAULT_MAX_BYTES = 512 * 1024 * 1024
MAX_REDIRECTS = 3
RETRY_STATUSES = (429, 503)
_CHUNK = 64 * 1024

_ONE_AT_A_TIME = threading.RLock()

__all__ = ["Auth", "EndpointTimeout", "HttpStatusError", "Response", "check_url", "first_line",
           "html_title", "looks_like_html", "retry_after", "send", "user_agent"]


class EndpointTimeout(EndpointError):
    """No complete answer in time: ``silent`` when not even its first byte came; ``by_server``
    when the server itself said the query ran out of time (e.g. WDQS's own limit)."""

    def __init__(self, message: str, silent: bool = False, by_server: bool = False):
        super().__init__(message)
        self.silent, self.by_server = silent, by_server


class HttpStatusError(EndpointError):
    """The server answered with an error status (4xx/5xx), after any retries."""

    def __init__(self, message: str, status: int, body: bytes = b""):
        super().__init__(message)
        self.status, self.body = status, body


def user_agent() -> str:
    """The User-Agent sent with every request.

    >>> user_agent().startswith("kg/")
    True
    """
    return os.environ.get(USER_AGENT_ENV) or USER_AGENT


def max_bytes_default() -> int:
    """The body cap: 512 MiB, or ``$KG_HTTP_MAX_MB`` mebibytes."""
    value = os.environ.get(MAX_BYTES_ENV, "")
    try:
        return max(1, int(float(value) * 1024 * 1024)) if value else DEFAULT_MAX_BYTES
    except ValueError:
        raise UsageError(f"${MAX_BYTES_ENV} must be a number of mebibytes, not {value!r}") from None


def check_url(url: str, what: str = "URL") -> str:
    """``url`` if it is an http(s) URL with a host; else one line saying what is wrong.

    >>> check_url("http://localhost:7878/query")
    'http://localhost:7878/query'
    >>> check_url("ftp://example.org/x", "--endpoint")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    kg.errors.UsageError: --endpoint 'ftp://example.org/x': only http:// and https:// URLs ...
    """
    text = str(url)
    bad = next((c for c in text if c.isspace() or ord(c) < 0x20 or ord(c) == 0x7F), None)
    try:
        parts = urllib.parse.urlsplit(text)
        port = parts.port
    except ValueError as exc:
        raise UsageError(f"{what} {text!r}: not a valid URL ({exc})") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise UsageError(f"{what} {text!r}: only http:// and https:// URLs are accepted")
    if not parts.hostname or bad is not None:
        reason = "no host" if not parts.hostname else "it contains spaces or control characters"
        raise UsageError(f"{what} {text!r}: not a valid URL ({reason})")
    del port
    return text


def origin(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) with the default port filled in.

    >>> origin("HTTP://Example.org/x") == origin("http://example.org:80/y")
    True
    """
    parts = urllib.parse.urlsplit(url)
    scheme = parts.scheme.lower()
    return scheme, (parts.hostname or "").lower(), parts.port or (443 if scheme == "https" else 80)


class Response:
    """A complete answer: status, headers, the whole body (capped) and the URL that gave it."""

    __slots__ = ("body", "headers", "reason", "status", "url")

    def __init__(self, status: int, reason: str, headers, body: bytes, url: str):
        self.status, self.reason, self.headers, self.body, self.url = (
            status, reason, headers, body, url)

    @property
    def media_type(self) -> str:
        return (self.headers.get("Content-Type") or "").split(";", 1)[0].strip().lower()


class _Retry(Exception):
    def __init__(self, reason: str, wait: float | None = None):
        super().__init__(reason)
        self.reason, self.wait = reason, wait


def send(method: str, url: str, *, headers: dict[str, str] | None = None,
         body: bytes | None = None, timeout: float = DEFAULT_TIMEOUT,
         max_bytes: int | None = None, retries: int = 3, backoff: float = 1.0,
         max_backoff: float = 60.0, max_retry_after: float = 300.0,
         sleep: Callable[[float], None] = time.sleep, auth: Auth | None = None,
         on_attempt: Callable[[], None] | None = None, label: str | None = None,
         exclusive: bool = True) -> Response:
    """Send one request and return the final 2xx answer; anything else raises.

    :raises UsageError: ``url`` is not an http(s) URL.
    :raises EndpointTimeout: no complete answer within ``timeout`` seconds, which bound the whole
        request: name lookup, redirects, authentication and retries included.
    :raises HttpStatusError: a 4xx/5xx status (429/503 after the retries).
    :raises EndpointError: unreachable, a redirect elsewhere, a truncated or oversized body, a
        retry the server asks for that would start after the deadline.

    ``label`` names the request in messages (default: ``url``; a SPARQL GET's URL holds the
    whole query). ``exclusive=False`` lets the request run beside others (a server's requests to
    its own store), instead of one at a time per process; the deadline starts once it is this
    request's turn.
    """
    check_url(url)
    if not timeout > 0:
        raise UsageError(f"--timeout {timeout:g}: a request needs a time limit of more than 0 s")
    name = label or url
    cap = max_bytes if max_bytes is not None else max_bytes_default()
    with _ONE_AT_A_TIME if exclusive else contextlib.nullcontext():
        deadline = Deadline(timeout)
        attempt = 0
        while True:
            try:
                if on_attempt is not None:
                    on_attempt()
                return _follow(method, url, headers or {}, body, deadline, cap, auth, name)
            except _Retry as retry:
                if attempt >= retries:
                    tries = f"{attempt + 1} attempts" if attempt else "1 attempt"
                    raise EndpointError(f"{name} still answers {retry.reason} after {tries}; "
                                        "try again later") from None
                if retry.wait is not None and retry.wait > max_retry_after:
                    raise EndpointError(f"{name} answered {retry.reason} and asks to wait "
                                        f"{retry.wait:.0f} s; try again later") from None
                wait = min(retry.wait if retry.wait is not None else backoff * 2 ** attempt,
                           max_backoff)
                if wait >= deadline.left():  # a wait that would end past the deadline: not begun
                    said = "answered" if retry.reason.startswith("HTTP") else "ended in"
                    asked = "asks to wait" if retry.wait is not None else "the next try is in"
                    raise EndpointError(
                        f"{name} {said} {retry.reason} (attempt {attempt + 1} of {retries + 1}) "
                        f"and {asked} {wait:g} s, past the end of the {timeout:g} s timeout for "
                        "the whole request; try again later") from None
                sleep(wait)
                attempt += 1
                deadline.retries += 1


def _follow(method: str, url: str, headers: dict[str, str], body: bytes | None,
            deadline: Deadline, cap: int, auth: Auth | None, name: str) -> Response:
    """One attempt, following same-origin redirects and answering one auth challenge."""
    start = url
    for _ in range(MAX_REDIRECTS + 2):
        sent = {"User-Agent": user_agent(), **headers}
        credentials = auth.header(method, url) if auth is not None else None
        if credentials:
            sent["Authorization"] = credentials
        here = name if url == start else url
        response = _exchange(method, url, sent, body, deadline, cap, here, name)
        status = response.status
        if status == 401 and auth is not None and auth.learn(
                response.headers.get("WWW-Authenticate") or ""):
            deadline.challenges += 1
            continue
        if status in (301, 302, 303, 307, 308):
            url = _redirect(method, start, url, response, here)
            deadline.redirects += 1
            continue
        if 200 <= status < 300:
            return response
        _raise_for_status(here, response)
    raise EndpointError(f"{name} redirects more than {MAX_REDIRECTS} times; not followed further")


def _redirect(method: str, start: str, url: str, response: Response, name: str) -> str:
    location = response.headers.get("Location")
    if not location:
        raise EndpointError(f"{name} answered HTTP {response.status} without a Location")
    target = urllib.parse.urljoin(url, location.strip())
    if origin(target) != origin(start) or origin(target)[0] not in ("http", "https"):
        raise EndpointError(f"{name} redirects (HTTP {response.status}) to {target}, another "
                            "server: not followed (give that URL yourself if you trust it)")
    if method not in ("GET", "HEAD") and response.status in (301, 302, 303):
        raise EndpointError(f"{name} answered HTTP {response.status} to a {method}, which would "
                            f"turn it into a GET: not followed (use {target} directly)")
    return target


def _raise_for_status(url: str, response: Response) -> None:
    status = response.status
    if status in RETRY_STATUSES:
        raise _Retry(f"HTTP {status}", retry_after(response.headers.get("Retry-After")))
    first = first_line(response.body) if not looks_like_html(response) else html_title(
        response.body)
    raise HttpStatusError(f"{url} answered HTTP {status} {response.reason}"
                          + (f": {first}" if first else ""), status, response.body)


def _exchange(method: str, url: str, headers: dict[str, str], body: bytes | None,
              deadline: Deadline, cap: int, name: str, request: str) -> Response:
    """Look up, connect, send and read everything before the deadline, or raise (``name``
    names this hop in messages, ``request`` the whole request in a timeout's)."""
    started = False  # the server sent at least the status line
    if deadline.left() <= 0:
        raise _timeout(request, deadline, silent=True)
    conn, target = connection(url, headers, deadline.left())
    with Watchdog(deadline) as watchdog:
        expired = watchdog.expired
        # http.client's hook for opening the socket: ours looks up and connects in the time left
        conn._create_connection = watchdog.open_socket
        try:
            conn.connect()
            conn.request(method, target, body=body, headers=headers)
            answer = conn.getresponse()
            started = True
            data = _read_body(answer, name, cap, expired)
            if expired.is_set():
                raise _timeout(request, deadline, silent=False)
            return Response(answer.status, answer.reason, answer.headers, data, url)
        except (EndpointError, UsageError):
            raise
        except LookupTimeout as exc:
            raise _timeout(request, deadline, silent=True, lookup=exc.host) from None
        except TimeoutError:
            raise _timeout(request, deadline, silent=not started) from None
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError) as exc:
            if expired.is_set():
                raise _timeout(request, deadline, silent=not started) from None
            if method == "GET":
                raise _Retry(f"a dropped connection ({exc.__class__.__name__})") from None
            raise EndpointError(f"{name} closed the connection without an answer") from None
        except http.client.HTTPException as exc:
            if expired.is_set():
                raise _timeout(request, deadline, silent=not started) from None
            raise EndpointError(f"{name} sent something that is not HTTP "
                                f"({exc.__class__.__name__})") from None
        except OSError as exc:
            if expired.is_set():
                raise _timeout(request, deadline, silent=not started) from None
            raise EndpointError(f"cannot reach {name}: {_reason(exc)} (are you offline?)"
                                ) from None
        finally:
            conn.close()


def _read_body(answer: http.client.HTTPResponse, url: str, cap: int,
               expired: threading.Event) -> bytes:
    declared = answer.getheader("Content-Length")
    if declared and declared.strip().isdigit() and int(declared) > cap:
        raise EndpointError(f"{url} announced a body of {_size(int(declared))}, over the "
                            f"{_size(cap)} limit (${MAX_BYTES_ENV}): not read")
    parts: list[bytes] = []
    total = 0
    while True:
        try:
            chunk = answer.read(_CHUNK)
        except http.client.IncompleteRead as exc:
            if expired.is_set():
                raise TimeoutError from None
            got = total + len(exc.partial)
            expected = f" of {int(declared)}" if declared and declared.strip().isdigit() else ""
            raise EndpointError(f"{url} closed the connection after {got}{expected} bytes: "
                                "the answer is truncated") from None
        if not chunk:
            if declared and declared.strip().isdigit() and total < int(declared):
                if expired.is_set():
                    raise TimeoutError
                raise EndpointError(f"{url} closed the connection after {total} of "
                                    f"{int(declared)} bytes: the answer is truncated")
            return b"".join(parts)
        total += len(chunk)
        if total > cap:
            raise EndpointError(f"{url} sent more than {_size(cap)} (${MAX_BYTES_ENV}): "
                                "the answer was refused")
        parts.append(chunk)
        if expired.is_set():
            raise TimeoutError


def _timeout(url: str, deadline: Deadline, silent: bool, lookup: str = "") -> EndpointTimeout:
    """The one line for a request that ran out of time, saying what it had done by then."""
    what = "did not answer" if silent else "did not finish its answer"
    steps = deadline.steps()
    why = "timeout" + (" for the whole request" if steps or lookup else "")
    if lookup:
        why += f": looking up the name {lookup} did not finish"
    if steps:
        why += f", reached after {steps}"
    return EndpointTimeout(f"{url} {what} within {deadline.seconds:g} s ({why})", silent=silent)


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.0f} MiB" if n >= 1024 * 1024 else f"{n} bytes"


def _reason(exc: OSError) -> str:
    if isinstance(exc, socket.gaierror):
        return f"unknown host ({exc.strerror})"
    return exc.strerror or str(exc) or exc.__class__.__name__

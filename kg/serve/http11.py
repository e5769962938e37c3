"""Reading HTTP/1.1 requests from a connection and writing answers to it, lean and strict.

The standard library's ``BaseHTTPRequestHandler`` parses headers with the email package and
writes each header line through a buffer: about half of the server's time on a small query.
This reader takes the same limits (request line and header lines of 64 KB, 100 header lines) and
is stricter where leniency lets requests be smuggled: a line folded onto the previous one, a
header name with spaces, two differing ``Content-Length`` values are refused with 400.
"""

from __future__ import annotations

import time
from email.utils import formatdate
from http import HTTPStatus

MAX_LINE = 65536
MAX_HEADERS = 100
PHRASES = {status.value: status.phrase for status in HTTPStatus}


class BadRequest(Exception):
    """A request that cannot be read: ``status`` (400, 414, 431, 505) and the reason."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


class Headers(dict):
    """Request headers by lower-case name (repeated ones joined with ", "); any case reads.

    >>> h = Headers({"accept": "text/html"}); h.get("Accept"), "ACCEPT" in h
    ('text/html', True)
    """

    def get(self, name: str, default=None):
        return dict.get(self, name.lower(), default)

    def __getitem__(self, name: str):
        return dict.__getitem__(self, name.lower())

    def __contains__(self, name) -> bool:
        return dict.__contains__(self, name.lower())


class RequestHead:
    """The request line and headers of one request."""

    __slots__ = ("close", "headers", "line", "method", "target", "version")

    def __init__(self, method: str, target: str, version: str, headers: Headers, line: str):
        self.method, self.target, self.version = method, target, version
        self.headers = headers
        self.line = line
        connection = headers.get("connection", "").lower()
        # HTTP/1.1 keeps the connection unless told to close; HTTP/1.0 only if asked to keep it
        self.close = "close" in connection if version == "HTTP/1.1" \
            else "keep-alive" not in connection


def read_head(rfile) -> RequestHead | None:
    """The next request's head from a buffered binary file, or None at the end of the stream.

    :raises BadRequest: a request line or header that breaks the rules.
    """
    raw = rfile.readline(MAX_LINE + 1)
    if not raw:
        return None
    if len(raw) > MAX_LINE:
        raise BadRequest(414, "the request line is longer than 64 KB")
    line = raw.decode("iso-8859-1").rstrip("\r\n")
    parts = line.split(" ")
    if len(parts) != 3 or not parts[0].isalpha() or not parts[1]:
        raise BadRequest(400, f"bad request line {line[:100]!r}")
    method, target, version = parts
    if version not in ("HTTP/1.1", "HTTP/1.0"):
        if version.startswith("HTTP/"):
            raise BadRequest(505, f"{version} is not served; use HTTP/1.1")
        raise BadRequest(400, f"bad request line {line[:100]!r}")
    headers = Headers()
    count = 0
    while True:
        raw = rfile.readline(MAX_LINE + 1)
        if len(raw) > MAX_LINE:
            raise BadRequest(431, "a header line is longer than 64 KB")
        if raw in (b"\r\n", b"\n", b""):
            break
        count += 1
        if count > MAX_HEADERS:
            raise BadRequest(431, f"more than {MAX_HEADERS} header lines")
        if raw[:1] in (b" ", b"\t"):
            raise BadRequest(400, "a header line folded onto the previous one")
        name, colon, value = raw.decode("iso-8859-1").partition(":")
        if not colon or not name or name != name.strip() or " " in name:
            raise BadRequest(400, f"bad header line {name[:100]!r}")
        key = name.lower()
        value = value.strip()
        if key in headers:
            if key == "content-length" and dict.__getitem__(headers, key) != value:
                raise BadRequest(400, "two different Content-Length headers")
            if key != "content-length":
                headers[key] = dict.__getitem__(headers, key) + ", " + value
        else:
            headers[key] = value
    return RequestHead(method, target, version, headers, line)


_date = [0, ""]


def http_date() -> str:
    """The Date header's value, made at most once a second."""
    now = int(time.time())
    if _date[0] != now:
        _date[:] = [now, formatdate(now, usegmt=True)]
    return _date[1]


_PRINTABLE = "".join(chr(i) for i in range(32, 127))


def _header_value(value: str) -> str:
    """A value as one line of ASCII: other characters percent-encoded (an IRI in a Link), so
    no value can end the header early."""
    if value.isascii() and value.isprintable():
        return value
    from urllib.parse import quote

    return quote(value, safe=_PRINTABLE)


def header_lines(headers) -> str:
    """``Name: value`` lines, each ending in CRLF, for (name, value) pairs."""
    return "".join([f"{name}: {_header_value(value)}\r\n" for name, value in headers])


def encode_answer(status: int, headers, body: bytes, fixed: str = "") -> bytes:
    """Status line, headers, the ``fixed`` lines made once by :func:`header_lines` (the ones
    every answer carries) and the body, as the bytes of one write.

    >>> encode_answer(200, [("Link", "<http://x/é>")], b"hi", header_lines([("A", "b")]))
    b'HTTP/1.1 200 OK\\r\\nLink: <http://x/%C3%A9>\\r\\nA: b\\r\\n\\r\\nhi'
    """
    head = (f"HTTP/1.1 {status} {PHRASES.get(status, '')}\r\n{header_lines(headers)}{fixed}"
            "\r\n").encode("ascii")
    return head + body if body else head

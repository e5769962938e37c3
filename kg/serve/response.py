"""An HTTP answer as data (status, headers, body), built by the routes and sent by the handler."""

from __future__ import annotations

import hashlib
from http import HTTPStatus


class Response:
    """What a route returns: the handler adds the common headers (security, CORS) and sends it."""

    __slots__ = ("body", "headers", "status")

    def __init__(self, status: int = 200, body: bytes | str = b"",
                 content_type: str = "text/plain; charset=utf-8",
                 headers: dict[str, str] | None = None):
        self.status = status
        self.body = body.encode("utf-8") if isinstance(body, str) else body
        self.headers = {"Content-Type": content_type, **(headers or {})}

    def etag(self) -> str:
        """A strong validator: the same bytes in the same type give the same tag."""
        digest = hashlib.blake2b(self.body, digest_size=12)
        digest.update(self.headers.get("Content-Type", "").encode())
        return '"' + digest.hexdigest() + '"'


def error(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    """A plain-text error: the status line's phrase, then the reason on one line."""
    phrase = HTTPStatus(status).phrase
    return Response(status, f"{status} {phrase}: {message}\n", headers=headers)


def redirect(location: str, status: int = 303) -> Response:
    return Response(status, b"", headers={"Location": location})

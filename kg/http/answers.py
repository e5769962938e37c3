"""Read what a server said, for decisions and messages: Retry-After, HTML pages, a first line."""

from __future__ import annotations

import time


def retry_after(value: str | None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date).

    >>> retry_after("3"), retry_after(None), retry_after("soon")
    (3.0, None, None)
    """
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    import email.utils

    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def looks_like_html(response) -> bool:
    """An HTML page (by type or by its first bytes), e.g. a proxy's, a login or an error page."""
    head = response.body.lstrip()[:15].lower()
    return (response.media_type in ("text/html", "application/xhtml+xml")
            or head.startswith((b"<!doctype html", b"<html")))


def html_title(body: bytes) -> str:
    text = body[:4096].decode("utf-8", "replace")
    start, end = text.lower().find("<title>"), text.lower().find("</title>")
    return " ".join(text[start + 7:end].split())[:200] if 0 <= start < end else ""


def first_line(body: bytes) -> str:
    for line in body[:4096].decode("utf-8", "replace").splitlines():
        if line.strip():
            return line.strip()[:200]
    return ""

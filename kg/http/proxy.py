"""Open the connection for a URL: directly, or through the proxy the environment names.

``http_proxy``, ``https_proxy`` and ``no_proxy`` are read as urllib reads them; plain http goes to
the proxy with the absolute URL as target, https through a CONNECT tunnel (the proxy sees only
the host name). Only http:// proxies are supported.
"""

from __future__ import annotations

import base64
import http.client
import urllib.parse

from ..errors import UsageError


def connection(url: str, headers: dict[str, str], timeout: float):
    """A connection for ``url`` and the request target, through the proxy the environment names
    (``http_proxy``, ``https_proxy``, ``no_proxy``, as urllib reads them) if any."""
    parts = urllib.parse.urlsplit(url)
    https = parts.scheme.lower() == "https"
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    proxy = proxy_for(parts.scheme.lower(), parts.hostname or "")
    if proxy is None:
        kind = http.client.HTTPSConnection if https else http.client.HTTPConnection
        return kind(parts.hostname, parts.port, timeout=timeout), target
    credentials = {}
    if proxy.username is not None:
        token = base64.b64encode(f"{urllib.parse.unquote(proxy.username)}:"
                                 f"{urllib.parse.unquote(proxy.password or '')}".encode())
        credentials = {"Proxy-Authorization": f"Basic {token.decode()}"}
    if https:  # a CONNECT tunnel: the proxy sees only the host name
        conn = http.client.HTTPSConnection(proxy.hostname, proxy.port or 8080, timeout=timeout)
        conn.set_tunnel(parts.hostname, parts.port or 443, headers=credentials)
        return conn, target
    headers.update(credentials)
    conn = http.client.HTTPConnection(proxy.hostname, proxy.port or 8080, timeout=timeout)
    return conn, url.split("#", 1)[0]


def proxy_for(scheme: str, host: str):
    """The proxy URL (split) for ``scheme`` and ``host``, or None."""
    import urllib.request

    value = urllib.request.getproxies_environment().get(scheme)
    if not value or urllib.request.proxy_bypass_environment(host):
        return None
    if "://" not in value:
        value = "http://" + value
    parts = urllib.parse.urlsplit(value)
    if parts.scheme.lower() != "http" or not parts.hostname:
        raise UsageError(f"${scheme}_proxy {value!r}: give an http:// proxy URL")
    return parts

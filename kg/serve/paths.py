"""Where each IRI lives on the server: the data's namespace maps onto paths, and back.

``https://w3id.org/conflict-kg/id/Greece`` is served at ``/id/Greece``, an ontology term
``.../ontology#Campaign`` at ``/ontology#Campaign`` (a hash IRI: the fragment is an anchor on the
ontology page). Any other IRI of the data has a page at ``/resource?iri=...``. ``--base-url``
gives the public address of a deployment; its path (``/kg`` in ``https://example.org/kg/``)
prefixes every link the server writes, and requests may come with it or without it.
"""

from __future__ import annotations

from urllib.parse import quote, unquote, urlsplit

from .. import namespaces as ns

# Paths the server answers itself; every other path names an IRI of the data.
RESERVED = ("sparql", "query", "static", "resource", "source", "favicon.ico")


class PathMap:
    """Map IRIs under ``namespace`` to paths under ``base_url``'s path, and back.

    >>> m = PathMap()
    >>> m.path_of("https://w3id.org/conflict-kg/id/Greece")
    '/id/Greece'
    >>> m.path_of("https://w3id.org/conflict-kg/ontology#Campaign")
    '/ontology#Campaign'
    >>> m.path_of("http://example.org/a b")
    '/resource?iri=http%3A%2F%2Fexample.org%2Fa%20b'
    >>> m.iri_of("/id/Greece")
    'https://w3id.org/conflict-kg/id/Greece'
    >>> PathMap(base_url="https://example.org/kg/").path_of(ns.RESOURCE + "Greece")
    '/kg/id/Greece'
    """

    def __init__(self, namespace: str = ns.BASE, base_url: str | None = None):
        self.namespace = namespace
        self.base_url = base_url.rstrip("/") + "/" if base_url else None
        self.prefix = urlsplit(self.base_url).path.rstrip("/") if self.base_url else ""

    def url(self, path: str) -> str:
        """A server path (``/query``) as the link to write in pages."""
        return self.prefix + path

    def path_of(self, iri: str) -> str:
        """The link to ``iri``'s page on this server."""
        if iri.startswith(self.namespace):
            rest = iri[len(self.namespace):]
            local, hash_, fragment = rest.partition("#")
            first = local.split("/", 1)[0]
            if local and first not in RESERVED and ".." not in local.split("/"):
                path = "/" + quote(local, safe="/:@!$&'()*+,;=-._~")
                return self.url(path + (hash_ + quote(fragment, safe="-._~") if hash_ else ""))
        return self.url("/resource?iri=" + quote(iri, safe=""))

    def page_of(self, iri: str) -> str:
        """The page that describes ``iri`` (its path without a fragment)."""
        return self.path_of(iri).split("#", 1)[0]

    def strip(self, path: str) -> str:
        """A request path without the deployment prefix: proxies that keep it and proxies that
        strip it both work.

        >>> m = PathMap(base_url="https://example.org/kg/")
        >>> m.strip("/kg/id/Greece"), m.strip("/id/Greece"), m.strip("/kg")
        ('/id/Greece', '/id/Greece', '/')
        """
        if not self.prefix:
            return path
        if path == self.prefix:
            return "/"
        if path.startswith(self.prefix + "/"):
            return path[len(self.prefix):]
        return path

    def iri_of(self, path: str) -> str | None:
        """The IRI a request path names (prefix already stripped), or None for reserved paths."""
        local = unquote(path.lstrip("/"))
        if not local or local.split("/", 1)[0] in RESERVED:
            return None
        return self.namespace + local

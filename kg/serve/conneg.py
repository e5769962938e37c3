"""Content negotiation: read an ``Accept`` header (RFC 9110, 12.5.1) or a ``format=`` parameter.

Each kind of answer has its media types, first one the default: SPARQL results, RDF graphs, and
entity pages (HTML first, since browsers send ``*/*`` too).
"""

from __future__ import annotations

# media type -> the name kg.render uses
RESULT_TYPES: dict[str, str] = {
    "application/sparql-results+json": "sparql-json",
    "application/sparql-results+xml": "sparql-xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/json": "sparql-json",
    "application/xml": "sparql-xml",
}
GRAPH_TYPES: dict[str, str] = {
    "text/turtle": "turtle",
    "application/n-triples": "n-triples",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
    "text/plain": "n-triples",
    "application/x-turtle": "turtle",
    "application/json": "json-ld",
    "application/xml": "xml",
}
PAGE_TYPES: dict[str, str] = {"text/html": "html", "application/xhtml+xml": "html",
                              **{k: v for k, v in GRAPH_TYPES.items() if k != "text/plain"}}
# media type each rendered format is sent with
MEDIA_TYPE: dict[str, str] = {
    "sparql-json": "application/sparql-results+json",
    "sparql-xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8", "tsv": "text/tab-separated-values; charset=utf-8",
    "turtle": "text/turtle; charset=utf-8", "n-triples": "application/n-triples",
    "json-ld": "application/ld+json", "xml": "application/rdf+xml",
    "html": "text/html; charset=utf-8",
}
# ?format= values people and clients (SPARQLWrapper's format/output) use
FORMAT_PARAM: dict[str, str] = {
    "json": "sparql-json", "srj": "sparql-json", "sparql-json": "sparql-json",
    "xml": "sparql-xml", "srx": "sparql-xml", "sparql-xml": "sparql-xml",
    "csv": "csv", "tsv": "tsv",
    "turtle": "turtle", "ttl": "turtle", "n3": "turtle",
    "nt": "n-triples", "ntriples": "n-triples", "n-triples": "n-triples",
    "jsonld": "json-ld", "json-ld": "json-ld", "rdf": "xml", "rdfxml": "xml", "rdf+xml": "xml",
    "html": "html",
}
GRAPH_FORMATS = ("turtle", "n-triples", "json-ld", "xml")
RESULT_FORMATS = ("sparql-json", "sparql-xml", "csv", "tsv")


def parse_accept(header: str | None) -> list[tuple[str, float, int]]:
    """(media range, q, position) for each entry, in the order of the header.

    >>> parse_accept("text/html;q=0.9, application/ld+json")
    [('text/html', 0.9, 0), ('application/ld+json', 1.0, 1)]
    """
    out = []
    for position, part in enumerate((header or "*/*").split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        out.append((media, q, position))
    return out


def _quality(media: str, ranges: list[tuple[str, float, int]]) -> tuple[float, int]:
    """The q of the most specific range that matches ``media`` (0 if none), and its position."""
    best = (-1, 0.0, 0)
    kind = media.split("/", 1)[0]
    for rng, q, pos in ranges:
        if rng == media:
            spec = 2
        elif rng == kind + "/*":
            spec = 1
        elif rng == "*/*":
            spec = 0
        else:
            continue
        if spec > best[0]:
            best = (spec, q, pos)
    return best[1], best[2]


def negotiate(header: str | None, offered: dict[str, str]) -> str | None:
    """The name of the best format for ``header`` among ``offered`` (None: nothing acceptable).

    Ties go to the type listed first by the client, then to the server's order.

    >>> negotiate("application/ld+json, text/html;q=0.5", PAGE_TYPES)
    'json-ld'
    >>> negotiate("*/*", PAGE_TYPES), negotiate(None, RESULT_TYPES)
    ('html', 'sparql-json')
    >>> negotiate("image/png", GRAPH_TYPES) is None
    True
    """
    key = (header, tuple(offered.items()))
    known = _NEGOTIATED.get(key, _UNKNOWN)
    if known is not _UNKNOWN:  # clients send the same few Accept headers over and over
        return known
    choice = _negotiate(header, offered)
    if len(_NEGOTIATED) >= 4096:
        _NEGOTIATED.clear()
    _NEGOTIATED[key] = choice
    return choice


_NEGOTIATED: dict = {}
_UNKNOWN = object()


def _negotiate(header: str | None, offered: dict[str, str]) -> str | None:
    ranges = parse_accept(header)
    best: tuple[float, int, int] | None = None
    choice = None
    for order, (media, name) in enumerate(offered.items()):
        q, pos = _quality(media, ranges)
        if q <= 0:
            continue
        key = (-q, pos, order)
        if best is None or key < best:
            best, choice = key, name
    return choice

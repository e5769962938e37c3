"""What the server refuses before a query runs: updates, LOAD, and SERVICE to hosts not allowed.

The checks read the query with :mod:`kg.query.text`'s tokenizer, so a keyword inside a string,
an IRI or a comment never counts. pyoxigraph itself rejects update operations sent as a query
(they are not in the query grammar); refusing them here gives the client a clear 403.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from .. import namespaces as ns

UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD",
                "WITH"}


class Refused(Exception):
    """A request the server will not run: ``status`` and a one-line reason for the client."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def _prefixes(toks) -> dict[str, str]:
    found = dict(ns.PREFIXES)
    for i, tok in enumerate(toks[:-2]):
        if tok.kind == "word" and tok.text.upper() == "PREFIX" and toks[i + 1].kind == "pname" \
                and toks[i + 2].kind == "iri":
            found[toks[i + 1].text.split(":", 1)[0]] = toks[i + 2].text[1:-1]
    return found


def host_allowed(iri: str, allowed: tuple[str, ...]) -> bool:
    """Is the service at ``iri`` on a host that ``--allow-service`` names (``host`` or
    ``host:port``)?

    >>> host_allowed("http://127.0.0.1:7878/query", ("127.0.0.1",))
    True
    >>> host_allowed("https://query.wikidata.org/sparql", ("127.0.0.1:7878",))
    False
    """
    parts = urlsplit(iri)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    host = parts.hostname.lower()
    netloc = f"{host}:{parts.port}" if parts.port else host
    return any(a.lower() in (host, netloc) for a in allowed)


def check_query(text: str, allowed_services: tuple[str, ...] = (), toks=None) -> str:
    """Refuse an update or a SERVICE call the server does not allow; return the query form
    (``select``, ``construct``, ``ask`` or ``describe``), read from the same tokens
    (``toks``: the text's :func:`kg.query.text.tokens`, when the caller has them already).

    >>> check_query("SELECT * WHERE { ?s ?p 'DELETE' }")
    'select'
    >>> check_query("DROP ALL")
    Traceback (most recent call last):
    ...
    kg.serve.safety.Refused: kg serve is read-only: SPARQL Update (DROP) is refused
    """
    from ..query.text import tokens

    if toks is None:
        toks = tokens(text)
    first = next((t for t in toks if t.kind == "word"
                  and t.text.upper() not in ("PREFIX", "BASE")), None)
    if first is not None and first.text.upper() in UPDATE_WORDS:
        raise Refused(403, f"kg serve is read-only: SPARQL Update ({first.text.upper()}) is "
                      "refused")
    prefixes = None
    for i, tok in enumerate(toks):
        if tok.kind != "word" or tok.text.upper() != "SERVICE":
            continue
        j = i + 1
        if j < len(toks) and toks[j].kind == "word" and toks[j].text.upper() == "SILENT":
            j += 1
        target = toks[j] if j < len(toks) else None
        iri = None
        if target is not None and target.kind == "iri":
            iri = target.text[1:-1]
        elif target is not None and target.kind == "pname":
            prefixes = prefixes or _prefixes(toks)
            prefix, _, local = target.text.partition(":")
            iri = prefixes[prefix] + local if prefix in prefixes else None
        if iri is None or not host_allowed(iri, allowed_services):
            shown = iri or (target.text if target is not None else "?")
            hint = ("start kg serve with --allow-service HOST to allow a host"
                    if iri else "the service must be a constant IRI")
            raise Refused(403, f"SERVICE <{shown}> is refused: {hint}")
    return next((t.text.lower() for t in toks if t.kind == "word" and t.text.upper() in
                 ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")), "select")

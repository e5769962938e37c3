"""SPARQL 1.1 Query Results JSON in, RDF terms out: a malformed or truncated answer is an error.

https://www.w3.org/TR/sparql11-results-json/ . An empty result is an answer with
``"results": {"bindings": []}``; anything else that is not a complete JSON document of that shape
(an HTML error page, a body cut off mid-way) raises :class:`~kg.errors.EndpointError`, never
"no results".
"""

from __future__ import annotations

import json

import pyoxigraph as ox

from ..errors import EndpointError

Row = dict[str, ox.NamedNode | ox.BlankNode | ox.Literal]


def parse_json(body: bytes, source: str) -> dict:
    """The decoded JSON document; a truncated or non-JSON body is an :class:`EndpointError`."""
    try:
        document = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise EndpointError(f"{source} answered with bytes that are not UTF-8 "
                            f"(at byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise EndpointError(f"{source} answered with truncated or malformed JSON ({exc.msg} at "
                            f"char {exc.pos} of {len(body)}): not a SPARQL result") from None
    if not isinstance(document, dict) or "head" not in document:
        raise EndpointError(f"{source} answered with JSON that is not a SPARQL result "
                            "(no \"head\")")
    return document


def parse_select(body: bytes, source: str) -> list[Row]:
    """Rows of a SELECT answer as ``{variable: term}`` (unbound variables are absent).

    >>> rows = parse_select(b'{"head":{"vars":["x"]},"results":{"bindings":['
    ...     b'{"x":{"type":"literal","value":"Vladivostok","xml:lang":"en"}}]}}', "test")
    >>> rows[0]["x"]
    <Literal value=Vladivostok language=en>
    >>> parse_select(b'{"head":{"vars":["x"]},"results":{"bindings":[', "test")
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    kg.errors.EndpointError: test answered with truncated or malformed JSON (... of 46): ...
    """
    document = parse_json(body, source)
    results = document.get("results")
    if not isinstance(results, dict) or not isinstance(results.get("bindings"), list):
        raise EndpointError(f"{source} answered without \"results\": not a SELECT result")
    try:
        return [{name: term(value) for name, value in binding.items()}
                for binding in results["bindings"]]
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise EndpointError(f"{source} answered with a malformed binding: {exc}") from None


def parse_ask(body: bytes, source: str) -> bool:
    """The boolean of an ASK answer."""
    document = parse_json(body, source)
    if not isinstance(document.get("boolean"), bool):
        raise EndpointError(f"{source} answered without \"boolean\": not an ASK result")
    return document["boolean"]


def term(value: dict) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """One RDF term from its JSON form (also the pre-1.1 ``typed-literal``)."""
    kind = value["type"]
    text = value["value"]
    if kind == "uri":
        return ox.NamedNode(text)
    if kind == "bnode":
        return ox.BlankNode(text)
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in value:
            return ox.Literal(text, language=value["xml:lang"])
        if "datatype" in value:
            return ox.Literal(text, datatype=ox.NamedNode(value["datatype"]))
        return ox.Literal(text)
    raise ValueError(f"unknown term type {kind!r}")

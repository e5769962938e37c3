"""Refuse hostile RDF before a parser sees it: entity bombs and nesting too deep to handle.

The parsers underneath are fast but trusting: pyoxigraph's RDF/XML parser expands entities
declared in a DTD (a 1 KB "billion laughs" file grows to gigabytes), its JSON-LD parser recurses
once per level of nesting (4,000 levels overflow the stack: a segfault), and rdflib, pySHACL and
canonicalization recurse on deep blank-node trees. Real data nests a few dozen levels at most, so
anything deeper than :data:`MAX_DEPTH` is refused with the place where it goes too deep.

Checks are cheap: a byte count decides whether a file could nest too deep at all; only then is
it scanned, with regular expressions that skip strings, IRIs and comments.
"""

from __future__ import annotations

import re
from itertools import accumulate

from ..errors import InputError

MAX_DEPTH = 1000                 # nesting levels: brackets, braces, parentheses, XML elements
MAX_ENTITY_EXPANSION = 1 << 20   # bytes that declared XML entities may add to a document
_CHUNK = 1 << 22

# Turtle, TriG, N3: strings (long ones first), IRIs, escapes and comments hide their brackets.
_TURTLE_SKIP = re.compile(
    rb'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    rb'|"(?:[^"\\\n\r]|\\.)*"|\'(?:[^\'\\\n\r]|\\.)*\'|<[^<>\s]*>|\\.|#[^\n\r]*', re.S)
_JSON_SKIP = re.compile(rb'"(?:[^"\\]|\\.)*"', re.S)
_XML_SKIP = re.compile(rb"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<![A-Z][^<>]*(?:\[.*?\])?\s*>",
                       re.S)
_XML_TAG = re.compile(rb"<(/?)[^<>]*?(/?)>")
_ENTITY = re.compile(rb"<!ENTITY\s+(%\s*)?([^\s\"']+)\s+(?:\"([^\"]*)\"|'([^']*)'|(\S+))", re.S)

_DELTA = [0] * 256
for _c in b"([{":
    _DELTA[_c] = 1
for _c in b")]}":
    _DELTA[_c] = -1


def kind_of(format_name: str) -> str | None:
    """Which scan a format needs: ``turtle``, ``json``, ``xml`` or None (line formats)."""
    return {"turtle": "turtle", "trig": "turtle", "n3": "turtle", "json-ld": "json",
            "xml": "xml"}.get(format_name)


def position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column of byte ``offset``.

    >>> position(b"ab\\ncd", 4)
    (2, 2)
    """
    line_start = data.rfind(b"\n", 0, offset) + 1
    return data.count(b"\n", 0, offset) + 1, offset - line_start + 1


def check_bytes(data: bytes, format_name: str, source: str) -> None:
    """Refuse ``data`` if it nests deeper than :data:`MAX_DEPTH` or declares expanding entities.

    :raises InputError: ``source:line:col: reason``.

    >>> check_bytes(b"<urn:a> <urn:b> " + b"[ <urn:p> " * 1001 + b"]" * 1001, "turtle", "f.ttl")
    Traceback (most recent call last):
    kg.errors.InputError: f.ttl:1:10017: nesting deeper than 1000 levels is refused
    """
    kind = kind_of(format_name)
    if kind is None:
        return
    if kind == "xml":
        _check_entities(data, source)
    if _could_be_deep(data, kind):
        _check_depth(data, kind, source)


def check_file(path: str, format_name: str) -> None:
    """:func:`check_bytes` for a file, read whole only when a byte count says it could be deep."""
    kind = kind_of(format_name)
    if kind is None:
        return
    opens, entity = 0, False
    with open(path, "rb") as handle:
        tail = b""
        while chunk := handle.read(_CHUNK):
            opens += _opens(chunk, kind)
            entity = entity or b"<!ENTITY" in tail + chunk[:16]
            entity = entity or b"<!ENTITY" in chunk
            tail = chunk[-16:]
    if opens > MAX_DEPTH or (kind == "xml" and entity):
        with open(path, "rb") as handle:
            check_bytes(handle.read(), format_name, path)


def _opens(data: bytes, kind: str) -> int:
    if kind == "xml":
        return data.count(b"<")
    return data.count(b"[") + data.count(b"{") + (data.count(b"(") if kind == "turtle" else 0)


def _could_be_deep(data: bytes, kind: str) -> bool:
    return _opens(data, kind) > MAX_DEPTH


def _brackets_only(data: bytes, kind: str) -> bytes:
    """The nesting skeleton of ``data``: one ``(`` per opening, one ``)`` per closing."""
    if kind == "xml":
        text = _XML_SKIP.sub(b"", data.translate(bytes.maketrans(b"()[]{}", b"      ")))
        text = re.sub(rb"<[^<>]*/>", b"", text)
        text = re.sub(rb"</[^<>]*>", b")", text)
        text = re.sub(rb"<[^<>]*>", b"(", text)
        return re.sub(rb"[^()]+", b"", text)
    skip = _TURTLE_SKIP if kind == "turtle" else _JSON_SKIP
    return re.sub(rb"[^()\[\]{}]+" if kind == "turtle" else rb"[^\[\]{}]+", b"",
                  skip.sub(b"", data))


def _check_depth(data: bytes, kind: str, source: str) -> None:
    skeleton = _brackets_only(data, kind)
    if max(accumulate(map(_DELTA.__getitem__, skeleton)), default=0) <= MAX_DEPTH:
        return
    line, column = position(data, _deep_offset(data, kind))
    raise InputError(f"nesting deeper than {MAX_DEPTH} levels is refused",
                     source=source, line=line, column=column)


def _deep_offset(data: bytes, kind: str) -> int:
    """Where the nesting first passes :data:`MAX_DEPTH` (slow, but run only to report it)."""
    if kind == "xml":
        tokens = re.compile(_XML_SKIP.pattern + rb"|" + _XML_TAG.pattern, re.S)
    else:
        skip = _TURTLE_SKIP if kind == "turtle" else _JSON_SKIP
        tokens = re.compile(skip.pattern + rb"|[()\[\]{}]", re.S)
    depth = 0
    for match in tokens.finditer(data):
        token = match.group(0)
        if kind == "xml":
            if token.startswith((b"<!", b"<?")) or token.endswith(b"/>"):
                continue
            depth += -1 if token.startswith(b"</") else 1
        elif len(token) == 1:
            depth += _DELTA[token[0]]
        if depth > MAX_DEPTH:
            return match.start()
    return 0


def _check_entities(data: bytes, source: str) -> None:
    """Allow only plain internal entities (``<!ENTITY owl "http://...">``) that add little."""
    added = 0
    for match in _ENTITY.finditer(data):
        line, column = position(data, match.start())
        parameter, name, value = match.group(1), match.group(2), match.group(3) or match.group(4)
        if parameter or value is None:
            why = "a parameter entity" if parameter else "an external entity"
            raise InputError(f"declares {why} ({name.decode(errors='replace')}); kg refuses "
                             "DTD entities other than plain text", source=source, line=line,
                             column=column)
        if b"&" in value or b"%" in value or b"<" in value:
            raise InputError(f"the entity {name.decode(errors='replace')} refers to other "
                             "entities or markup; kg refuses entities that expand (\"billion "
                             "laughs\")", source=source, line=line, column=column)
        added += data.count(b"&" + name + b";") * len(value)
        if added > MAX_ENTITY_EXPANSION:
            raise InputError(f"its DTD entities would add more than {MAX_ENTITY_EXPANSION >> 20}"
                             " MiB of text; kg refuses entity expansion on that scale",
                             source=source, line=line, column=column)


MAX_QUERY_BYTES = 4 << 20  # a SPARQL query longer than this is refused before parsing
MAX_QUERY_DEPTH = 256      # the SPARQL parser recurses once per level (3,200 braces: segfault)


def check_sparql(text: str, source: str) -> None:
    """Refuse a SPARQL text that is too long or nests too deep for the engine's parser.

    >>> check_sparql("SELECT * { " + "{" * 300 + "}" * 300 + " }", "q.rq")
    Traceback (most recent call last):
    kg.errors.QueryError: q.rq:1:267: nesting deeper than 256 levels is refused
    """
    from ..errors import QueryError

    if len(text) > MAX_QUERY_BYTES:
        raise QueryError(f"the query is longer than {MAX_QUERY_BYTES >> 20} MiB; kg refuses "
                         "longer ones", source=source)
    data = text.encode("utf-8")
    if data.count(b"(") + data.count(b"{") + data.count(b"[") <= MAX_QUERY_DEPTH:
        return
    skeleton = re.sub(rb"[^()\[\]{}]+", b"", _TURTLE_SKIP.sub(b"", data))
    if max(accumulate(map(_DELTA.__getitem__, skeleton)), default=0) <= MAX_QUERY_DEPTH:
        return
    tokens = re.compile(_TURTLE_SKIP.pattern + rb"|[()\[\]{}]", re.S)
    depth = 0
    for match in tokens.finditer(data):
        if len(match.group(0)) == 1:
            depth += _DELTA[match.group(0)[0]]
            if depth > MAX_QUERY_DEPTH:
                line, column = position(data, match.start())
                raise QueryError(f"nesting deeper than {MAX_QUERY_DEPTH} levels is refused",
                                 source=source, line=line, column=column)

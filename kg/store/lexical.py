"""Keep literals as they were written: the engine stores typed values, kg gives back the text.

Oxigraph stores an ``xsd:integer``, ``xsd:decimal``, ``xsd:boolean``, date or duration literal as
its value, so ``"01"^^xsd:integer`` comes back as ``"1"``, ``"1"^^xsd:boolean`` as ``"true"``,
``"1"^^xsd:byte`` as ``"1"^^xsd:integer``; two statements that differ only in how a number is
written become one (W3C turtle-subm-26: 22 triples in, 19 held). Queries compare values either
way, but export and validation must see what the file says. :class:`LexicalForms` remembers the
statements whose literal the engine rewrote, and the rewritten statements that no file stated,
so :meth:`Store.quads <kg.store.store.Store.quads>` can give back exactly what was read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import pyoxigraph as ox

_XSD = "http://www.w3.org/2001/XMLSchema#"
# Types the engine keeps as text: everything else in XSD may be rewritten.
_TEXT_TYPES = frozenset(_XSD + t for t in (
    "string", "normalizedString", "token", "language", "Name", "NCName", "NMTOKEN", "ID",
    "IDREF", "ENTITY", "anyURI", "QName", "NOTATION", "base64Binary", "hexBinary"))


def may_change(term) -> bool:
    """Is ``term`` a literal of a type the engine may store in another form?"""
    if type(term) is not ox.Literal:
        return False
    datatype = term.datatype.value
    found = _MAY_CHANGE.get(datatype)
    if found is None:
        found = _MAY_CHANGE[datatype] = datatype.startswith(_XSD) and datatype not in _TEXT_TYPES
    return found


_MAY_CHANGE: dict[str, bool] = {}


_NT_TYPED = re.compile(rb"\^\^<http://www\.w3\.org/2001/XMLSchema#([A-Za-z]+)>")
_CHUNK = 1 << 22


def may_rewrite(source, format_name: str) -> bool:
    """Could ``source`` (bytes, or a seekable binary file left where it was) hold a literal the
    engine rewrites? Decided by a byte scan for N-Triples and N-Quads, where a typed literal
    always spells out its datatype IRI; other formats must be parsed to tell.

    >>> may_rewrite(b'<urn:a> <urn:b> "x" .', "n-triples")
    False
    """
    if format_name not in ("n-triples", "n-quads"):
        return True
    if isinstance(source, bytes):
        return any(_XSD + m.decode() not in _TEXT_TYPES for m in set(_NT_TYPED.findall(source)))
    start, tail, found = source.tell(), b"", False
    while not found and (chunk := source.read(_CHUNK)):
        window = tail + chunk
        found = any(_XSD + m.decode() not in _TEXT_TYPES for m in set(_NT_TYPED.findall(window)))
        tail = window[-64:]
    source.seek(start)
    return found


def canonical_forms(literals: Iterable[ox.Literal]) -> dict[ox.Literal, ox.Literal]:
    """Each literal the engine would rewrite -> what it stores instead (others are left out).

    >>> xsd = "http://www.w3.org/2001/XMLSchema#"
    >>> canonical_forms([ox.Literal("01", datatype=ox.NamedNode(xsd + "integer"))])
    {<Literal value=01 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#integer>>: \
<Literal value=1 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#integer>>}
    """
    distinct = list(dict.fromkeys(literals))
    scratch = ox.Store()
    predicate = ox.NamedNode("urn:lexical:form")
    scratch.extend(ox.Quad(ox.NamedNode(f"urn:lexical:{i}"), predicate, lit)
                   for i, lit in enumerate(distinct))
    changed = {}
    for quad in scratch:
        original = distinct[int(quad.subject.value[12:])]
        if quad.object != original:
            changed[original] = quad.object
    return changed


class LexicalForms:
    """What the engine rewrote: the statements as written, and rewritten ones nobody wrote."""

    def __init__(self) -> None:
        self.written: set[ox.Quad] = set()     # statements whose literal the engine rewrites
        self.unstated: set[ox.Quad] = set()    # the engine's versions no file stated
        self.changed: dict[ox.Literal, ox.Literal] = {}

    def __bool__(self) -> bool:
        return bool(self.written)

    def admit(self, quads: list[ox.Quad], engine: ox.Store, filtered: bool = False) -> None:
        """Note what loading ``quads`` into ``engine`` will rewrite (call before loading);
        ``filtered``: every quad of ``quads`` already passed :func:`may_change`."""
        candidates = quads if filtered else [q for q in quads if may_change(q.object)]
        if not candidates:
            return
        changed = canonical_forms(q.object for q in candidates)
        stated = set(candidates)
        self.unstated -= stated  # a file states it after all
        if not changed:
            return
        self.changed.update(changed)
        for quad in candidates:
            new = changed.get(quad.object)
            if new is None:
                continue
            self.written.add(quad)
            stored = ox.Quad(quad.subject, quad.predicate, new, quad.graph_name)
            if stored not in stated and (stored in self.unstated or stored not in engine):
                self.unstated.add(stored)

    def apply(self, stored: Iterable[ox.Quad], graphs: list | None = None,
              subject=None, predicate=None, obj=None) -> Iterator[ox.Quad]:
        """``stored`` quads (matching the pattern) as they were written."""
        unstated = self.unstated
        for quad in stored:
            if quad not in unstated:
                yield quad
        for quad in self.written:
            if ((graphs is None or quad.graph_name in graphs)
                    and (subject is None or quad.subject == subject)
                    and (predicate is None or quad.predicate == predicate)
                    and (obj is None or quad.object == obj)):
                yield quad

    def size_difference(self) -> int:
        """Statements as written minus statements stored."""
        return len(self.written) - len(self.unstated)


def _short(literal: ox.Literal) -> str:
    datatype = literal.datatype.value
    name = "xsd:" + datatype[len(_XSD):] if datatype.startswith(_XSD) else f"<{datatype}>"
    return f'"{literal.value}"^^{name}'


def describe_changes(changed: dict[ox.Literal, ox.Literal], limit: int = 3) -> str:
    """One line saying which literals the engine holds in another form.

    >>> xsd = "http://www.w3.org/2001/XMLSchema#"
    >>> describe_changes(canonical_forms([ox.Literal("1", datatype=ox.NamedNode(xsd + "boolean"))]))
    '1 literal in canonical form: "1"^^xsd:boolean as "true"^^xsd:boolean'
    """
    ordered = sorted(changed.items(), key=lambda pair: (pair[0].datatype.value, pair[0].value))
    pairs = [f"{_short(old)} as {_short(new)}" for old, new in ordered[:limit]]
    more = f" and {len(changed) - limit:,} more" if len(changed) > limit else ""
    noun = "literal" if len(changed) == 1 else "literals"
    return f"{len(changed):,} {noun} in canonical form: {', '.join(pairs)}{more}"


_NT_LITERAL = re.compile(rb'"(?:[^"\\\n\r]|\\.)*"\^\^<http://www\.w3\.org/2001/XMLSchema#([A-Za-z]+)>')
MAX_PARSED_BYTES = 64 << 20  # kg load looks through other formats than N-Triples up to this size


def rewritten_in_file(path: str, fmt, base_iri: str | None = None
                      ) -> dict[ox.Literal, ox.Literal] | None:
    """The literals of a file that a store holds in another form (``kg load`` says so).

    N-Triples and N-Quads are searched with a regular expression at any size; other formats are
    parsed, up to :data:`MAX_PARSED_BYTES` (None: larger, not looked at).
    """
    import os

    from .formats import skip_bom

    if fmt.name not in ("n-triples", "n-quads"):
        if os.path.getsize(path) > MAX_PARSED_BYTES:
            return None
        with open(path, "rb") as handle:
            skip_bom(handle)
            return canonical_forms(q.object for q in ox.parse(handle, format=fmt.oxigraph,
                                                               base_iri=base_iri)
                                   if may_change(q.object))
    found: set[bytes] = set()
    with open(path, "rb") as handle:
        tail = b""
        while True:
            chunk = handle.read(_CHUNK)
            window = tail + chunk
            cut = len(window) if not chunk else window.rfind(b"\n") + 1
            found.update(m.group(0) for m in _NT_LITERAL.finditer(window[:cut])
                         if _XSD + m.group(1).decode() not in _TEXT_TYPES)
            tail = window[cut:]
            if not chunk:
                break
    literals = []
    for text in found:  # each parsed by the real parser, so escapes mean what they mean
        try:
            quads = ox.parse(b"<urn:lexical:s> <urn:lexical:p> " + text + b" .\n",
                             format=ox.RdfFormat.N_TRIPLES)
            literals.extend(q.object for q in quads)
        except SyntaxError:
            continue
    return canonical_forms(literals)

"""Compacted JSON-LD straight from quads: the document pyld gives, without importing pyld.

``kg export --format json-ld`` used to serialize the quads to N-Quads, run pyld's
``jsonld.from_rdf`` (`Serialize RDF as JSON-LD
<https://www.w3.org/TR/json-ld11-api/#serialize-rdf-as-json-ld-algorithm>`_, section 8.4) and
then ``jsonld.compact`` (section 6) with a context of prefixes. Importing pyld alone costs about
100 ms and its N-Quads reader is quadratic, so :func:`compact_quads` builds the same document
directly: the RDF-to-JSON-LD step is a line-by-line port of pyld 3.3's ``_from_rdf`` (default
options: ``useNativeTypes`` and ``useRdfType`` off, no ``rdfDirection``), including its list
conversion and the quirks of pyld's N-Quads reader, and compaction is the part of pyld's
``_compact`` / ``_compact_iri`` / ``_compact_value`` / ``_select_term`` that a context made of
prefixes alone can reach.

Anything outside that scope returns ``None`` and the caller falls back to pyld: a context that
is not prefixes alone, a literal pyld's N-Quads reader would read back differently (a
backslash, a control character, a line separator), a language tag or blank node label its
reader rejects, an ``rdf:JSON`` literal, a directional literal, a triple term, an IRI pyld
would not take as absolute or would take as a compact IRI, or an RDF list pyld itself fails on.
``tests/test_jsonld_writer.py`` checks the output against pyld's, document for document.
"""

from __future__ import annotations

import pyoxigraph as ox

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDF_TYPE = RDF + "type"
RDF_FIRST = RDF + "first"
RDF_REST = RDF + "rest"
RDF_NIL = RDF + "nil"
RDF_LIST = RDF + "List"
RDF_JSON = RDF + "JSON"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

# What pyld 3.3 accepts as a prefix: a simple term whose IRI ends with a gen-delim (JSON-LD 1.1
# API, Create Term Definition, step 14.2.3).
_GEN_DELIMS = ":/?#[]@"
_TERM_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.")
_SCHEME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.")
_LABEL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-")
# Characters pyld's N-Quads reader does not give back as they were: oxigraph writes these as
# \uXXXX escapes pyld leaves undecoded, or writes them raw and str.splitlines() splits the
# line there; a backslash defeats pyld's unescape() (it replaces escapes one kind at a time).
_UNREADABLE = (*(chr(c) for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)),
               "\x7f", "\x85", "\u2028", "\u2029")


class _Unsupported(Exception):
    """The input is outside what this writer reproduces: let pyld do it."""


def prefixes_of(context: dict) -> dict[str, str] | None:
    """The prefix map of a context document, or ``None`` unless it is prefixes alone.

    Accepted: ``{"@context": {term: IRI, ...}}`` where each term is a simple name (letters,
    digits, ``_-.``, starting with a letter) and each IRI is absolute, ends with a gen-delim
    (``#``, ``/``, ``:``, ...) and does not itself start with one of the terms.

    >>> prefixes_of({"@context": {"ex": "http://example.org/"}})
    {'ex': 'http://example.org/'}
    >>> prefixes_of({"@context": {"ex": {"@id": "http://example.org/"}}}) is None
    True
    """
    if not isinstance(context, dict) or list(context) != ["@context"]:
        return None
    inner = context["@context"]
    if not isinstance(inner, dict):
        return None
    for term, iri in inner.items():
        if not (isinstance(term, str) and term and term[0].isascii() and term[0].isalpha()
                and _TERM_CHARS.issuperset(term)):
            return None
        if not (isinstance(iri, str) and iri[-1:] in _GEN_DELIMS and _absolute(iri)):
            return None
        if iri.split(":", 1)[0] in inner:  # pyld would read it as a compact IRI
            return None
    return dict(inner)


def _absolute(iri: str) -> bool:
    """pyld's ``_is_absolute_iri`` for IRIs: a scheme, a colon, no white space; and no
    character that would split the N-Quads line."""
    scheme, colon, rest = iri.partition(":")
    if not (colon and scheme and scheme[0].isascii() and scheme[0].isalpha()
            and _SCHEME_CHARS.issuperset(scheme) and ">" not in rest):
        return False
    if iri.isascii():
        return not any(c <= " " or c == "\x7f" for c in iri) if not iri.isprintable() else True
    return iri.isprintable()


def _literal_readable(value: str) -> bool:
    """True if pyld's N-Quads reader gives ``value`` back unchanged after oxigraph writes it."""
    if "\\" in value:
        return False
    if value.isprintable():
        return True
    return not any(c in value for c in _UNREADABLE)


def _language_readable(tag: str) -> bool:
    """pyld's N-Quads language pattern: ``[a-zA-Z]+(-[a-zA-Z0-9]+)*``."""
    first, *rest = tag.split("-")
    return (first.isascii() and first.isalpha()
            and all(part.isascii() and part.isalnum() for part in rest))


def _blank_label_readable(label: str) -> bool:
    """pyld's N-Quads blank node pattern: ``_:[A-Za-z0-9_][A-Za-z0-9_.-]*``."""
    return bool(label) and label[0] not in ".-" and _LABEL_CHARS.issuperset(label)


def compact_quads(quads, context: dict) -> dict | None:
    """The JSON-LD document pyld makes of ``quads`` with ``context``, or ``None`` (use pyld).

    Equal to ``jsonld.compact(jsonld.from_rdf(nquads, {}), context)`` where ``nquads`` is
    oxigraph's N-Quads serialization of ``quads`` in the order given (pass them sorted as the
    N-Quads would be). :func:`prefixes_of` says which contexts qualify; the module docstring
    lists what else makes it return ``None``.

    :param quads: pyoxigraph quads, in the order pyld should read them.
    :param context: a context document, ``{"@context": {prefix: IRI, ...}}``.
    :returns: the compacted document (a new dict; its ``@context`` is ``context["@context"]``),
        or ``None`` when the input is outside what this writer reproduces.

    >>> q = ox.Quad(ox.NamedNode("http://example.org/a"), ox.NamedNode(RDF_TYPE),
    ...             ox.NamedNode("http://example.org/T"))
    >>> compact_quads([q], {"@context": {"ex": "http://example.org/"}})
    {'@context': {'ex': 'http://example.org/'}, '@id': 'ex:a', '@type': 'ex:T'}
    """
    prefixes = prefixes_of(context)
    if prefixes is None:
        return None
    try:
        expanded = _from_rdf(quads)
        return _compact(expanded, context["@context"], prefixes)
    except _Unsupported:
        return None


def _from_rdf(quads) -> list:
    """pyld 3.3 ``JsonLdProcessor._from_rdf`` with default options, from pyoxigraph quads."""
    # pyld's reader groups triples by graph in order of first appearance and drops repeats
    dataset: dict[str, list] = {}
    seen: set = set()
    names: dict = {}
    for quad in quads:
        if quad in seen:
            continue
        seen.add(quad)
        graph = quad.graph_name
        name = names.get(graph)
        if name is None:
            name = names[graph] = "@default" if type(graph) is ox.DefaultGraph else _id(graph)
        triples = dataset.get(name)
        if triples is None:
            triples = dataset[name] = []
        triples.append(quad)

    ids: dict = {}  # term -> @id string, checked once
    literals: dict = {}  # literal -> expanded value object (shared: only node references change)

    default_graph: dict = {}
    graph_map = {"@default": default_graph}
    referenced_once: dict = {}
    for name, triples in dataset.items():
        graph_map.setdefault(name, {})
        if name != "@default" and name not in default_graph:
            default_graph[name] = {"@id": name}
        node_map = graph_map[name]
        for quad in triples:
            subject = quad.subject
            s = ids.get(subject)
            if s is None:
                s = ids[subject] = _id(subject)
            predicate = quad.predicate
            p = ids.get(predicate)
            if p is None:
                p = ids[predicate] = _id(predicate)
            o = quad.object

            node = node_map.get(s)
            if node is None:
                node = node_map[s] = {"@id": s}

            if type(o) is ox.Literal:
                value = literals.get(o)
                if value is None:
                    value = literals[o] = _literal(o)
                values = node.get(p)
                if values is None:
                    node[p] = [value]
                else:
                    values.append(value)
                continue

            oid = ids.get(o)
            if oid is None:
                oid = ids[o] = _id(o)
            if oid not in node_map:
                node_map[oid] = {"@id": oid}

            if p == RDF_TYPE:
                types = node.get("@type")
                if types is None:
                    node["@type"] = [oid]
                else:
                    types.append(oid)
                continue

            value = {"@id": oid}
            values = node.get(p)
            if values is None:
                node[p] = [value]
            else:
                values.append(value)

            # the object may be an RDF list node; known only once all triples are read
            if oid == RDF_NIL:
                nil = node_map[oid]
                if "usages" not in nil:
                    nil["usages"] = []
                nil["usages"].append({"node": node, "property": p, "value": value})
            elif oid in referenced_once:
                referenced_once[oid] = False
            else:
                referenced_once[oid] = {"node": node, "property": p, "value": value}

    for graph_object in graph_map.values():
        nil = graph_object.get(RDF_NIL)
        if nil is None or "usages" not in nil:
            continue
        for usage in nil["usages"]:
            node = usage["node"]
            prop = usage["property"]
            head = usage["value"]
            items = []
            list_nodes = []
            # a well-formed list node is referenced once, has one rdf:first, one rdf:rest and
            # no other keys but @id and, optionally, @type rdf:List (pyld's test, including its
            # KeyError on a node without rdf:first, which we leave to pyld)
            key_count = len(node)
            while prop == RDF_REST and isinstance(referenced_once.get(node["@id"]), dict):
                if RDF_FIRST not in node:
                    raise _Unsupported("rdf:rest without rdf:first: pyld fails on it")
                if not (len(node[RDF_FIRST]) == 1 and len(node[RDF_REST]) == 1
                        and (key_count == 3
                             or (key_count == 4 and isinstance(node.get("@type"), list)
                                 and len(node["@type"]) == 1 and node["@type"][0] == RDF_LIST))):
                    break
                items.append(node[RDF_FIRST][0])
                list_nodes.append(node["@id"])
                usage = referenced_once[node["@id"]]
                node = usage["node"]
                prop = usage["property"]
                head = usage["value"]
                key_count = len(node)
                if not node["@id"].startswith("_:"):
                    break
            if "@id" not in head:
                raise _Unsupported("a list head reached twice")
            del head["@id"]
            items.reverse()
            head["@list"] = items
            for node_id in list_nodes:
                if node_id not in graph_object:
                    raise _Unsupported("a list running across graphs: pyld fails on it")
                del graph_object[node_id]
        del nil["usages"]

    result = []
    for subject, node in sorted(default_graph.items()):
        if subject in graph_map:
            graph = node["@graph"] = []
            for _s, n in sorted(graph_map[subject].items()):
                if not (len(n) == 1 and "@id" in n):
                    graph.append(n)
        if not (len(node) == 1 and "@id" in node):
            result.append(node)
    return result


def _id(term) -> str:
    """The ``@id`` pyld reads for an IRI or blank node, after checking it reads it at all."""
    kind = type(term)
    if kind is ox.NamedNode:
        iri = term.value
        if not _absolute(iri):
            raise _Unsupported(iri)
        return iri
    if kind is ox.BlankNode:
        if not _blank_label_readable(term.value):
            raise _Unsupported(term.value)
        return "_:" + term.value
    raise _Unsupported(repr(term))  # triple terms, variables


def _literal(literal: ox.Literal) -> dict:
    """pyld's ``_rdf_to_object`` for a literal (no native types), as re-expanded by compact."""
    value = literal.value
    if not _literal_readable(value) or getattr(literal, "direction", None):
        raise _Unsupported(value)
    language = literal.language
    if language:
        if not _language_readable(language):
            raise _Unsupported(language)
        return {"@value": value, "@language": language.lower()}
    datatype = literal.datatype.value
    if datatype == XSD_STRING:
        return {"@value": value}
    if datatype == RDF_JSON or not _absolute(datatype):
        raise _Unsupported(datatype)
    return {"@value": value, "@type": datatype}


def _compact(expanded: list, context_value: dict, prefixes: dict[str, str]) -> dict:
    """pyld's compaction of ``expanded`` (the output of :func:`_from_rdf`) with prefixes alone."""
    # exact matches (vocabulary positions only): the shortest, then least, term for an IRI
    terms: dict[str, str] = {}
    for term, iri in sorted(prefixes.items(), key=lambda kv: (len(kv[0]), kv[0])):
        terms.setdefault(iri, term)
    by_iri = sorted(prefixes.items(), key=lambda kv: kv[1])
    cache: dict[str, str] = {}

    def curie(iri: str) -> str:
        """``_compact_iri`` without an exact term: the shortest, then least, compact IRI."""
        found = cache.get(iri)
        if found is not None:
            return found
        best = None
        for term, prefix in by_iri:
            if iri.startswith(prefix) and iri != prefix:
                candidate = term + ":" + iri[len(prefix):]
                if best is None or (len(candidate), candidate) < (len(best), best):
                    best = candidate
        if best is None:
            best = iri
            for term in prefixes:
                if iri.startswith(term + ":"):  # pyld: "IRI confused with prefix"
                    raise _Unsupported(iri)
        cache[iri] = best
        return best

    def vocab(iri: str) -> str:
        term = terms.get(iri)
        if term is not None:
            # pyld's _select_term also compacts a node reference value's @id, which may raise
            # "IRI confused with prefix"; curie() of every @id below raises the same way
            return term
        return curie(iri)

    def value(item: dict):
        if "@id" in item:
            return {"@id": curie(item["@id"])}
        if "@list" in item:
            return {"@list": [value(i) for i in item["@list"]]}
        if "@type" in item:
            return {"@type": vocab(item["@type"]), "@value": item["@value"]}
        if "@language" in item:
            return {"@language": item["@language"], "@value": item["@value"]}
        return item["@value"]

    def node(element: dict) -> dict:
        out = {}
        for key, values in element.items():
            if key == "@id":
                out["@id"] = curie(values)
            elif key == "@type":
                types = [vocab(t) for t in values]
                out["@type"] = types[0] if len(types) == 1 else types
            elif key == "@graph":
                out["@graph"] = [node(n) for n in values]
            else:
                compacted = [value(v) for v in values]
                out[vocab(key)] = compacted[0] if len(compacted) == 1 else compacted
        return out

    nodes = [node(n) for n in expanded]
    if len(nodes) == 1:
        doc = nodes[0]
    elif not nodes:
        doc = {}
    else:
        doc = {"@graph": nodes}
    if context_value:
        doc = {"@context": context_value, **doc}
    return doc

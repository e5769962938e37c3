"""Which queries the server may run in its own thread: those it can prove cheap before they run.

A query runs in a worker process so that a runaway one can be killed at its deadline
(:mod:`kg.serve.pool`); the round trip costs more than a small query itself. A query skips it
only when its work has a proven upper bound (:data:`INLINE_BOUND`) on the read-only data:

- ``SELECT`` (plain variables or ``*``, ``DISTINCT``/``REDUCED``, ``LIMIT``, ``OFFSET``) or
  ``ASK`` over one basic graph pattern: IRIs, prefixed names, variables, ``a`` and string
  literals only. No ``FILTER``, ``OPTIONAL``, ``UNION``, ``GRAPH``, ``SERVICE``, subquery,
  property path, ``BIND``, ``VALUES``, aggregate, expression or ``ORDER BY``. Every join
  plan of such a pattern handles at most ``k`` times the product of its ``k`` triple patterns'
  match counts (each counted on the data once, up to the bound, and remembered);
- ``DESCRIBE`` of constant IRIs whose statements hold no blank node: the description is exactly
  those statements, counted the same way.

Anything else, or anything this reader does not recognise, goes to a worker as before: a worker
also contains what would otherwise stop the server, such as the engine aborting the process
(it does on some ``ORDER BY``). The engine releases the GIL while it evaluates, so an inline
query holds one server thread only.
"""

from __future__ import annotations

from .. import namespaces as ns
from .cache import LruCache

INLINE_BOUND = 5_000    # matches over the join's steps: milliseconds (18,800 took 36 ms, loaded)
MIN_DEADLINE = 1.0      # a request that asks for a shorter deadline goes to a worker
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


class _NotCheap(Exception):
    """The query is outside the shapes whose cost can be bounded."""


class _Reader:
    """A cursor over the tokens of :func:`kg.query.text.tokens`."""

    def __init__(self, toks):
        self.toks = toks
        self.i = 0

    def peek(self, offset: int = 0):
        j = self.i + offset
        return self.toks[j] if j < len(self.toks) else None

    def take(self):
        tok = self.peek()
        if tok is None:
            raise _NotCheap()
        self.i += 1
        return tok

    def word(self, *names: str) -> str | None:
        tok = self.peek()
        if tok is not None and tok.kind == "word" and tok.text.upper() in names:
            self.i += 1
            return tok.text.upper()
        return None

    def punct(self, text: str) -> bool:
        tok = self.peek()
        if tok is not None and tok.kind == "punct" and tok.text == text:
            self.i += 1
            return True
        return False

    def expect(self, text: str) -> None:
        if not self.punct(text):
            raise _NotCheap()

    def done(self) -> bool:
        return self.i >= len(self.toks)


def _split_dots(toks):
    """``kg:Side.`` ends a triple in SPARQL (a local name cannot end with a dot) but is one
    token to the tokenizer: give the dot back as punctuation."""
    from ..query.text import Token

    out = []
    for tok in toks:
        if tok.kind == "pname" and tok.text.endswith(".") and len(tok.text.rstrip(".")) > 0:
            name = tok.text.rstrip(".")
            out.append(Token("pname", name, tok.start))
            out.extend(Token("punct", ".", tok.start + len(name) + k)
                       for k in range(len(tok.text) - len(name)))
        else:
            out.append(tok)
    return out


class Shape:
    """What the reader found: the triple patterns (terms as IRIs or None for "any"), or the IRIs
    a DESCRIBE names."""

    __slots__ = ("described", "patterns")

    def __init__(self, patterns=(), described=()):
        self.patterns = list(patterns)
        self.described = list(described)


def read_shape(toks) -> Shape | None:
    """The shape of a query if it is one of the bounded kinds (module docstring), else None."""
    try:
        return _read(_Reader(_split_dots(toks)))
    except _NotCheap:
        return None


def _read(r: _Reader) -> Shape:
    prefixes = dict(ns.PREFIXES)
    while r.word("PREFIX"):
        name, iri = r.take(), r.take()
        if name.kind != "pname" or not name.text.endswith(":") or name.text.count(":") != 1 \
                or iri.kind != "iri":
            raise _NotCheap()
        prefixes[name.text[:-1]] = _iri(iri.text)
    form = r.word("SELECT", "ASK", "DESCRIBE")
    if form == "DESCRIBE":
        described = []
        while not r.done():
            described.append(_term(r.take(), prefixes, allow_var=False))
        if not described:
            raise _NotCheap()
        return Shape(described=described)
    if form == "SELECT":
        r.word("DISTINCT", "REDUCED")
        if not r.punct("*"):
            if r.peek() is None or r.peek().kind != "var":
                raise _NotCheap()
            while r.peek() is not None and r.peek().kind == "var":
                r.take()
    elif form != "ASK":
        raise _NotCheap()
    r.word("WHERE")
    r.expect("{")
    patterns = _triples(r, prefixes)
    if form == "SELECT":
        _modifiers(r)
    if not r.done():
        raise _NotCheap()
    return Shape(patterns=patterns)


def _iri(text: str) -> str:
    inner = text[1:-1]
    if "\\" in inner or ":" not in inner:  # escapes or a relative IRI: leave it to a worker
        raise _NotCheap()
    return inner


def _term(tok, prefixes: dict[str, str], allow_var: bool = True) -> str | None:
    """An IRI, or None for a variable (it may match anything)."""
    if tok.kind == "var" and allow_var:
        return None
    if tok.kind == "iri":
        return _iri(tok.text)
    if tok.kind == "pname":
        prefix, _, local = tok.text.partition(":")
        if prefix not in prefixes or "%" in local:
            raise _NotCheap()
        return prefixes[prefix] + local
    raise _NotCheap()


def _object(r: _Reader, prefixes: dict[str, str]) -> str | None:
    tok = r.take()
    if tok.kind != "string":
        return _term(tok, prefixes)
    if r.punct("@"):  # a language tag
        if r.take().kind != "word":
            raise _NotCheap()
    elif r.punct("^"):
        r.expect("^")
        _term(r.take(), prefixes, allow_var=False)
    return None  # a literal: counted as "any object", which can only raise the bound


def _triples(r: _Reader, prefixes: dict[str, str]) -> list[tuple]:
    patterns = []
    while not r.punct("}"):
        subject = _term(r.take(), prefixes)
        while True:
            verb = r.take()
            predicate = RDF_TYPE if verb.kind == "word" and verb.text == "a" \
                else _term(verb, prefixes)
            patterns.append((subject, predicate, _object(r, prefixes)))
            while r.punct(","):
                patterns.append((subject, predicate, _object(r, prefixes)))
            if not r.punct(";"):
                break
            tok = r.peek()
            if tok is not None and tok.kind == "punct" and tok.text in (".", "}"):
                break  # a trailing ';'
        if not r.punct("."):
            tok = r.peek()
            if tok is None or tok.kind != "punct" or tok.text != "}":
                raise _NotCheap()
    return patterns


def _number(r: _Reader) -> None:
    digits = 0
    while (tok := r.peek()) is not None and tok.kind == "punct" and tok.text.isdigit():
        r.take()
        digits += 1
    if not digits:
        raise _NotCheap()


def _modifiers(r: _Reader) -> None:
    # no ORDER BY: pyoxigraph 0.5.13 aborts the whole process (a Rust panic, "comparison does
    # not implement a total order") sorting some mixes of terms; in a worker that costs the
    # worker, here it would cost the server
    while r.word("LIMIT", "OFFSET") is not None:
        _number(r)


_NATIVE = {"sparql-json": "JSON", "sparql-xml": "XML"}


def needed_prefixes(toks) -> dict[str, str]:
    """The project prefixes a query uses without declaring them: handing the engine only those
    (rather than all of them, converted on every call) gives the same query, sooner."""
    declared = {toks[i + 1].text.split(":", 1)[0] for i, tok in enumerate(toks[:-1])
                if tok.kind == "word" and tok.text.upper() == "PREFIX"}
    used = {tok.text.split(":", 1)[0] for tok in toks if tok.kind == "pname"}
    return {p: ns.PREFIXES[p] for p in used - declared if p in ns.PREFIXES}


def answer_inline(engine, request: dict, bound: int,
                  prefixes: dict[str, str] | None = None) -> tuple[dict, bytes]:
    """Run a query proven cheap in this thread: the header and body a worker would give.

    When the bound shows the row cap cannot be reached, SPARQL JSON and XML are written by the
    engine itself (no row passes through Python); the rows are counted in its output.
    ``prefixes``: those of :func:`needed_prefixes` (default: all the project's).
    """
    import pyoxigraph as ox

    from .worker import _line, answer

    fmt = request["format"]
    if fmt not in _NATIVE or bound > int(request.get("max_rows") or 0):
        return answer(engine, request)
    try:
        result = engine.query(request["query"],
                              prefixes=ns.PREFIXES if prefixes is None else prefixes or None,
                              use_default_graph_as_union=True)
        if isinstance(result, ox.QueryBoolean):
            from ..render.results import render_boolean

            return ({"status": 200, "form": "ask", "rows": 1, "truncated": False},
                    render_boolean(bool(result), fmt).encode())
        if not isinstance(result, ox.QuerySolutions):
            return answer(engine, request)
        body = result.serialize(format=getattr(ox.QueryResultsFormat, _NATIVE[fmt]))
    except SyntaxError as exc:
        return {"status": 400, "message": "query syntax error: " + _line(exc)}, b""
    except (OSError, RuntimeError, ValueError) as exc:
        return {"status": 500, "message": "the query failed: " + _line(exc)}, b""
    if fmt == "sparql-json":
        import json

        rows = len(json.loads(body)["results"]["bindings"])
    else:  # values are escaped in XML: "<result>" only ever opens a row
        rows = body.count(b"<result>")
    return {"status": 200, "form": "select", "rows": rows, "truncated": False}, body


class Planner:
    """Decides which queries run inline, from match counts on the (read-only) data."""

    def __init__(self, engine, bound: int = INLINE_BOUND):
        self.engine = engine
        self.bound = bound
        self.counts = LruCache(max_items=8192)

    def count(self, pattern: tuple) -> int:
        """How many statements match one triple pattern (None: anything) in the union of the
        graphs, counted by the engine up to ``bound + 1`` and remembered: the data does not
        change while it is served."""
        cached = self.counts.get(pattern)
        if cached is not None:
            return cached
        terms = [f"<{iri}>" if iri is not None else f"?v{k}" for k, iri in enumerate(pattern)]
        text = (f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT * WHERE {{ {' '.join(terms)} }} "
                f"LIMIT {self.bound + 1} }}")
        solution = next(iter(self.engine.query(text, use_default_graph_as_union=True)))
        found = int(solution["n"].value)
        self.counts.put(pattern, found)
        return found

    def _describable(self, iri: str) -> int | None:
        """The size of ``DESCRIBE <iri>``'s answer when it holds no blank node (the engine
        would follow blank nodes further), else None."""
        import pyoxigraph as ox

        key = ("describe", iri)
        cached = self.counts.get(key)
        if cached is not None:
            return cached if cached >= 0 else None
        found = 0
        for quad in self.engine.quads_for_pattern(ox.NamedNode(iri), None, None, None):
            found += 1
            if isinstance(quad.object, ox.BlankNode) or found > self.bound:
                found = -1
                break
        self.counts.put(key, found)
        return found if found >= 0 else None

    def work_bound(self, toks) -> int | None:
        """An upper bound on the matches the engine handles for this query, if it is at most
        :attr:`bound`; None when the query must go to a worker."""
        shape = read_shape(toks)
        if shape is None:
            return None
        try:
            if shape.described:
                total = 0
                for iri in shape.described:
                    size = self._describable(iri)
                    if size is None:
                        return None
                    total += size
            else:
                product = 1
                for pattern in shape.patterns:
                    product *= max(1, self.count(pattern))
                    if product > self.bound:
                        return None
                total = product * max(1, len(shape.patterns))
        except (ValueError, SyntaxError, OSError):  # a term the engine rejects: let a worker say
            return None
        return total if total <= self.bound else None

"""Refuse SPARQL whose joins are too wide for the engine's query planner, before it sees them.

pyoxigraph plans a query before running it, and its join ordering grows with about the fourth
power of the number of patterns joined in one group: on an empty store, 64 triple patterns (or
64 ``OPTIONAL`` blocks) in one group take 0.25 s to plan, 100 about 1 s, 200 about 40 s, 3,000
longer than anyone waits; nested plain groups (``{ {...} {...} }``) are flattened into the same
join. Blocks that are planned on their own (``UNION`` branches, ``MINUS``, ``FILTER EXISTS``)
are cheap, but only up to a point (1,000 ``UNION`` branches: 1 s).

So a query is refused when one join has more than :data:`MAX_JOIN` patterns (triple patterns,
counted by their separators ``.`` ``;`` ``,``, plus ``OPTIONAL``, ``FILTER``, ``VALUES``,
``SERVICE`` and sub-queries; plain nested groups, ``GRAPH`` blocks and a ``UNION``'s first
branch counted by their content), or more than :data:`MAX_GROUPS` ``{ }`` blocks in all.
Templates (``CONSTRUCT``, ``INSERT``/``DELETE`` data) are not planned and not counted. The
count is an over-estimate from the text (strings, IRIs and comments skipped), never an
under-estimate of real patterns.
"""

from __future__ import annotations

import re

from ..errors import QueryError
from .guard import _TURTLE_SKIP, position

MAX_JOIN = 100      # patterns joined in one group (planning: about 1 s at 100, 40 s at 200)
MAX_GROUPS = 1000   # { } blocks in one query

_TOKEN = re.compile(
    _TURTLE_SKIP.pattern + rb"|(?P<mark>[{}()])|(?P<sep>\.(?![0-9])|[;,])"
    rb"|(?P<word>[?$]?[A-Za-z_][A-Za-z0-9_-]*(?::[A-Za-z0-9_-]*)?|[0-9]+(?:\.[0-9]+)?)", re.S)
# the block after one of these is planned on its own: one pattern of the enclosing join
_APART = {b"OPTIONAL", b"MINUS", b"EXISTS", b"SERVICE", b"VALUES", b"SELECT", b"UNION"}
_TEMPLATE = {b"CONSTRUCT", b"DATA", b"INSERT", b"DELETE", b"DESCRIBE"}
# a keyword that adds one pattern to the join it is in
# (BIND, MINUS and UNION branches are cheap to plan: 1,000 of them take under 0.1 s)
_ITEM = {b"FILTER", b"VALUES", b"OPTIONAL", b"SERVICE", b"SELECT"}


class _Group:
    __slots__ = ("kind", "parent", "patterns")

    def __init__(self, kind: str, parent: _Group | None):
        self.kind = kind          # "join" (flattened into its parent), "apart", "template"
        self.patterns = 0
        self.parent = parent

    def join(self) -> _Group:
        """The group whose join this one's patterns belong to."""
        group = self
        while group.kind == "join" and group.parent is not None \
                and group.parent.kind != "template":
            group = group.parent
        return group


def check_query_shape(text: str, source: str) -> None:
    """Refuse ``text`` (a SPARQL query or update) if a join or the block count is too large.

    >>> check_query_shape("SELECT * { ?s ?p ?o " + "OPTIONAL { ?s ?p ?o } " * 101 + "}", "q.rq")
    Traceback (most recent call last):
    kg.errors.QueryError: q.rq:1:2221: one group joins more than 100 patterns (triples, \
OPTIONAL, FILTER, groups...); the engine would plan it for minutes: split the query
    >>> check_query_shape("SELECT * { ?s ?p ?o " + "OPTIONAL { ?s ?p ?o } " * 99 + "}", "q.rq")
    """
    data = text.encode("utf-8")
    if len(data) <= 2 * MAX_JOIN:  # every pattern takes at least two bytes
        return
    top = group = _Group("apart", None)
    groups = 0
    pending = b""           # the keyword before the next "{"
    parens = 0              # separators inside ( ) are arguments, not triple patterns
    for match in _TOKEN.finditer(data):
        mark, sep, word = match.group("mark"), match.group("sep"), match.group("word")
        if word:
            upper = word.upper()
            if upper in _APART or upper in _TEMPLATE:
                pending = upper
            if upper in _ITEM and group.kind != "template":
                _count(group, match.start(), data, source)
            continue
        if sep:
            if not parens and group.kind != "template":
                _count(group, match.start(), data, source)
            continue
        if not mark:  # a string, IRI or comment
            continue
        if mark == b"(":
            parens += 1
        elif mark == b")":
            parens = max(0, parens - 1)
        elif mark == b"{":
            if group.kind == "template" or pending in _TEMPLATE:
                kind = "template"
            else:
                groups += 1
                if groups > MAX_GROUPS:
                    line, column = position(data, match.start())
                    raise QueryError(f"more than {MAX_GROUPS:,} {{ }} blocks in one query are "
                                     "refused; the query planner would run away",
                                     source=source, line=line, column=column)
                # a UNION's first branch is counted as part of the join around it: an
                # over-estimate; the others are planned apart
                kind = "apart" if pending in _APART or group is top else "join"
            group = _Group(kind, group)
            pending = b""
        elif mark == b"}" and group.parent is not None:
            group = group.parent
    return None


def _count(group: _Group, offset: int, data: bytes, source: str) -> None:
    target = group.join()
    target.patterns += 1
    if target.patterns > MAX_JOIN:
        line, column = position(data, offset)
        raise QueryError(f"one group joins more than {MAX_JOIN} patterns (triples, OPTIONAL, "
                         "FILTER, groups...); the engine would plan it for minutes: split the "
                         "query", source=source, line=line, column=column)

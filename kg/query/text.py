"""SPARQL text surgery: a small tokenizer, the query form, project prefixes, VALUES insertion."""

from __future__ import annotations

import re
from collections import namedtuple

import pyoxigraph as ox

from .. import namespaces as ns
from ..errors import QueryError

# ---------------------------------------------------------------------------------------------
# A small SPARQL tokenizer: enough to find the query form, the PREFIX declarations and the
# WHERE clause without ever confusing braces inside strings, IRIs or comments.

_TOKEN_PATTERN = r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
               |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<iri><(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>)
  | (?P<var>[?$]\w+)
  | (?P<pname>[A-Za-z][\w.-]*:[\w.:%-]*|:[\w.:%-]*)
  | (?P<word>[A-Za-z_][\w-]*)
  | (?P<punct>[{}()\[\]]|.)
"""
_token_re: re.Pattern | None = None


Token = namedtuple("Token", "kind text start")


def tokens(text: str) -> list[Token]:
    """Significant tokens of a SPARQL text (no whitespace or comments)."""
    global _token_re
    if _token_re is None:  # compiled on first use: keeps `import kg.query.catalog` cheap
        _token_re = re.compile(_TOKEN_PATTERN, re.X | re.S)
    out = []
    for match in _token_re.finditer(text):
        kind = match.lastgroup or "punct"
        if kind not in ("ws", "comment"):
            out.append(Token(kind, match.group(), match.start()))
    return out


def query_form(text: str) -> str:
    """``select``, ``construct``, ``ask`` or ``describe``: the first form keyword of the query.

    >>> query_form("PREFIX x: <http://x/> # SELECT in a comment\\nASK { ?s ?p 'SELECT' }")
    'ask'
    """
    for tok in tokens(text):
        if tok.kind == "word" and tok.text.upper() in ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE"):
            return tok.text.lower()
    return "select"


def declared_prefixes(text: str) -> set[str]:
    """Prefixes the query declares with PREFIX."""
    toks = tokens(text)
    found = set()
    for i, tok in enumerate(toks[:-1]):
        if tok.kind == "word" and tok.text.upper() == "PREFIX" and toks[i + 1].kind == "pname":
            found.add(toks[i + 1].text.split(":", 1)[0])
    return found


def with_project_prefixes(text: str) -> tuple[str, int]:
    """Prepend, on one line, the project PREFIXes the query does not declare itself.

    Returns the new text and how many lines were added (0 or 1), so error positions can be
    given in the user's own lines.
    """
    declared = declared_prefixes(text)
    missing = [(p, iri) for p, iri in ns.PREFIXES.items() if p not in declared]
    if not missing:
        return text, 0
    return " ".join(f"PREFIX {p}: <{iri}>" for p, iri in missing) + "\n" + text, 1


def closing_index(toks: list[Token], open_index: int, pair: str = "{}") -> int | None:
    """Index of the token that closes the bracket opening at ``toks[open_index]`` (None: never
    closed); ``pair`` is the opening and closing character."""
    depth = 0
    for i in range(open_index, len(toks)):
        if toks[i].text == pair[0]:
            depth += 1
        elif toks[i].text == pair[1]:
            depth -= 1
            if depth == 0:
                return i
    return None


def _matching_brace(toks: list[Token], open_index: int) -> int:
    found = closing_index(toks, open_index)
    if found is None:
        raise QueryError("unbalanced braces")
    return found


def _where_brace(toks: list[Token]) -> int | None:
    """Index of the token ``{`` that opens the query's WHERE clause (None: short CONSTRUCT)."""
    form_at = next((i for i, t in enumerate(toks) if t.kind == "word"
                    and t.text.upper() in ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")), None)
    if form_at is None:
        return None
    i = form_at + 1
    if toks[form_at].text.upper() == "CONSTRUCT":
        if i < len(toks) and toks[i].text == "{":
            i = _matching_brace(toks, i) + 1  # skip the template
        else:
            return None  # CONSTRUCT WHERE { ... }: the template is the pattern
    depth = 0
    for j in range(i, len(toks)):
        text = toks[j].text
        if text == "(":
            depth += 1
        elif text == ")":
            depth -= 1
        elif text == "{" and depth == 0:
            return j
    return None


def values_block(bindings: dict[str, ox.NamedNode | ox.Literal]) -> str:
    """A SPARQL ``VALUES`` block for one row of bindings, each term in N-Triples syntax.

    The terms are serialized by pyoxigraph, which escapes quotes, backslashes and newlines, so
    the text of a value can never end the literal.

    >>> values_block({"q": ox.Literal('a" } DROP ALL #')})
    'VALUES (?q) { ("a\\\\" } DROP ALL #") }'
    """
    names = sorted(bindings)
    return ("VALUES (" + " ".join(f"?{n}" for n in names) + ") { ("
            + " ".join(str(bindings[n]) for n in names) + ") }")


def insert_values(text: str, bindings: dict[str, ox.NamedNode | ox.Literal]) -> str:
    """Bind parameters for a remote endpoint: a ``VALUES`` block at the start of the WHERE clause.

    Joined first in the outermost group, the block binds the variables for the whole WHERE
    clause, as substitution does locally. A WHERE clause that is a sub-select is wrapped
    (``{ VALUES ... { SELECT ... } }``); the short ``CONSTRUCT WHERE`` form gets a trailing VALUES
    clause (SPARQL 1.1 section 10.2.2).
    """
    if not bindings:
        return text
    block = values_block(bindings)
    toks = tokens(text)
    at = _where_brace(toks)
    if at is None:
        if query_form(text) == "construct":
            return text.rstrip() + "\n" + block + "\n"
        raise QueryError("cannot bind parameters: the query has no WHERE clause")
    brace = toks[at]
    nxt = toks[at + 1] if at + 1 < len(toks) else None
    if nxt is not None and nxt.kind == "word" and nxt.text.upper() == "SELECT":
        close = toks[_matching_brace(toks, at)]
        return (text[:brace.start + 1] + " " + block + " {" + text[brace.start + 1:close.start]
                + "} " + text[close.start:])
    return text[:brace.start + 1] + " " + block + " " + text[brace.start + 1:]

"""SPARQL ``SERVICE``: refused unless the user names the host; run by kg's own client if named.

A ``SERVICE`` clause (SPARQL 1.1 Federated Query) makes the engine send part of the query to
another server. pyoxigraph would send it with its own HTTP client (no way to turn that off from
Python), so the engine is never shown a ``SERVICE`` clause at all:

- :func:`calls` finds every ``SERVICE`` in the query from its tokens (:mod:`kg.query.text`, which
  never mistakes strings, IRIs or comments for keywords). The SPARQL parser needs no space
  around keywords (``FILTER(1<2)SERVICE<http://x/>``, ``SERVICESILENT<...>``,
  ``SERVICE:x{...}`` all reach the network), so any word, and any prefixed name whose prefix,
  starts with ``SERVICE`` counts.
- :func:`guard` refuses the query unless every call is written plainly (``SERVICE [SILENT]
  <absolute IRI>`` or a declared ``prefix:name``) to a host the user named with
  ``--allow-service HOST``. A ``SERVICE ?var`` is always refused: its target is known only while
  the query runs.
- :func:`inline` then runs each allowed call through :mod:`kg.http` (one deadline, capped body,
  no redirect to another host) and replaces it with a ``VALUES`` block of the answer, which is
  what the engine would have joined; ``SILENT`` turns a failure into one empty solution, as the
  specification says. The rewritten text is checked again: it holds no ``SERVICE``.
"""

from __future__ import annotations

from collections import namedtuple

from ..errors import EndpointError, QueryError, UsageError
from .text import Token, tokens

# index: the token that opens the call; end: the index of its closing brace (None: unknown);
# target: the endpoint IRI when it could be worked out; problem: why it cannot be allowed.
Call = namedtuple("Call", "index end target silent problem")

_FORMS = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")


def _is_keyword(tok: Token) -> bool:
    upper = tok.text.upper()
    if tok.kind == "word":
        return upper.startswith("SERVICE")
    return tok.kind == "pname" and upper.split(":", 1)[0].startswith("SERVICE")


def _prefixes(toks: list[Token]) -> tuple[dict[str, str], str | None]:
    declared: dict[str, str] = {}
    base = None
    for i, tok in enumerate(toks[:-1]):
        word = tok.text.upper() if tok.kind == "word" else ""
        if word == "PREFIX" and i + 2 < len(toks) and toks[i + 1].kind == "pname" \
                and toks[i + 2].kind == "iri":
            declared[toks[i + 1].text[:-1]] = toks[i + 2].text[1:-1]
        elif word == "BASE" and toks[i + 1].kind == "iri":
            base = toks[i + 1].text[1:-1]
    return declared, base


def _close(toks: list[Token], open_index: int) -> int | None:
    depth = 0
    for i in range(open_index, len(toks)):
        if toks[i].kind == "punct" and toks[i].text == "{":
            depth += 1
        elif toks[i].kind == "punct" and toks[i].text == "}":
            depth -= 1
            if depth == 0:
                return i
    return None


def calls(text: str) -> list[Call]:
    """Every ``SERVICE`` of the query, in order (nested ones too).

    >>> [c.target for c in calls("SELECT * { FILTER(1<2)SERVICE<http://h/q>{?s ?p ?o} }")]
    ['http://h/q']
    >>> calls("SELECT * { ?s ?p 'SERVICE <http://h/>' } # SERVICE <http://h/>")
    []
    """
    toks = tokens(text)
    declared, base = _prefixes(toks)
    found = []
    for i, tok in enumerate(toks):
        if not _is_keyword(tok):
            continue
        if tok.kind == "pname" and tok.text.split(":", 1)[0].lower() == "service":
            problem = ("the prefix service: reads as the SERVICE keyword to the SPARQL parser; "
                       "rename the prefix")
            found.append(Call(i, None, None, False, problem))
            continue
        if tok.text.upper() != "SERVICE":
            found.append(Call(i, None, None, False, f"write `SERVICE <IRI>` with spaces, not "
                                                    f"{tok.text!r}, so its target can be checked"))
            continue
        j, silent = i + 1, False
        if j < len(toks) and toks[j].kind == "word" and toks[j].text.upper() == "SILENT":
            j, silent = j + 1, True
        target, problem = _target(toks[j] if j < len(toks) else None, declared, base)
        end = None
        if j + 1 < len(toks) and toks[j + 1].text == "{":
            end = _close(toks, j + 1)
        elif problem is None:
            problem = "a SERVICE clause needs `{ ... }` after its endpoint"
        found.append(Call(i, end, target, silent, problem))
    return found


def _target(tok: Token | None, declared: dict[str, str], base: str | None
            ) -> tuple[str | None, str | None]:
    import urllib.parse  # only when a query has SERVICE: off the start-up path

    if tok is None:
        return None, "SERVICE has no endpoint"
    if tok.kind == "var":
        return None, (f"SERVICE {tok.text}: the endpoint is known only while the query runs, so "
                      "it cannot be checked; write the endpoint's IRI")
    if tok.kind == "iri":
        iri = tok.text[1:-1]
    elif tok.kind == "pname":
        prefix, local = tok.text.split(":", 1)
        if prefix not in declared:
            return None, f"SERVICE {tok.text}: the prefix {prefix}: is not declared"
        iri = declared[prefix] + local
    else:
        return None, f"SERVICE {tok.text}: not an endpoint IRI"
    if "\\" in iri:
        return None, f"SERVICE <{iri}>: write the endpoint's IRI without escapes"
    if base is not None and not urllib.parse.urlsplit(iri).scheme:
        iri = urllib.parse.urljoin(base, iri)
    if urllib.parse.urlsplit(iri).scheme.lower() not in ("http", "https"):
        return iri, f"SERVICE <{iri}>: only absolute http(s) endpoints can be allowed"
    return iri, None


def _host_allowed(iri: str, allowed: tuple[str, ...]) -> bool:
    """Is the endpoint's host (and port, where the allowed entry gives one) named?

    >>> _host_allowed("http://127.0.0.1:8000/q", ("127.0.0.1",))
    True
    >>> _host_allowed("http://127.0.0.1:8000/q", ("127.0.0.1:9000",))
    False
    """
    import urllib.parse  # only when a query has SERVICE: off the start-up path

    parts = urllib.parse.urlsplit(iri)
    try:
        host, port = (parts.hostname or "").lower(), parts.port
    except ValueError:
        return False
    port = port or (443 if parts.scheme.lower() == "https" else 80)
    for entry in allowed:
        named = urllib.parse.urlsplit(entry if "://" in entry else f"//{entry}")
        try:
            named_port = named.port
        except ValueError:
            continue
        if (named.hostname or "").lower() == host and named_port in (None, port):
            return True
    return False


def guard(text: str, allowed: tuple[str, ...] | list[str], source: str,
          advice: str = "pass --allow-service HOST to let it") -> list[Call]:
    """Refuse the query unless each ``SERVICE`` goes plainly to an allowed host; return the calls.

    :raises UsageError: a ``SERVICE`` the user did not allow (exit 2).
    """
    import urllib.parse  # only when a query has SERVICE: off the start-up path

    found = calls(text)
    for call in found:
        where = f" to {urllib.parse.urlsplit(call.target).hostname}" if call.target else ""
        if not allowed:
            raise UsageError(f"{source} uses SPARQL SERVICE{where}, which sends part of the "
                             f"query to another server; {advice}.")
        if call.problem:
            raise UsageError(f"{source}: {call.problem} (--allow-service).")
        if not _host_allowed(call.target, tuple(allowed)):
            raise UsageError(f"{source} uses SPARQL SERVICE{where}, a host --allow-service "
                             f"does not name (allowed: {', '.join(allowed)}).")
    return found


def blanked(text: str) -> str:
    """The query with each ``SERVICE ... { ... }`` replaced by ``{}`` and spaces (same lines and
    columns), for a syntax check that cannot reach the network.

    >>> blanked("SELECT * { SERVICE <http://h/> { ?s ?p ?o } }")
    'SELECT * { {}                               }'
    """
    toks = tokens(text)
    out, at, skip_until = [], 0, -1
    for call in calls(text):
        if call.index <= skip_until or call.end is None:
            continue
        start, stop = toks[call.index].start, toks[call.end].start + 1
        out += [text[at:start], "{}", "".join(c if c == "\n" else " "
                                            for c in text[start + 2:stop])]
        at, skip_until = stop, call.end
    return "".join(out) + text[at:]


def inline(text: str, allowed: tuple[str, ...] | list[str], source: str,
           timeout: float = 60.0) -> str:
    """Run the allowed ``SERVICE`` calls with kg's client; return the query with their answers
    as ``VALUES`` blocks (the text unchanged when it has no ``SERVICE``)."""
    found = guard(text, allowed, source)
    if not found:
        return text
    toks = tokens(text)
    form_at = next((t.start for t in toks if t.kind == "word" and t.text.upper() in _FORMS), 0)
    prologue = text[:form_at]
    pieces, at, skip_until = [], 0, -1
    for call in found:
        if call.index <= skip_until:
            continue  # nested: sent to the outer endpoint as part of its pattern
        if call.end is None:
            raise QueryError("unbalanced braces after SERVICE", source=source)
        opening = toks[call.index].start
        first_brace = next(k for k in range(call.index, call.end) if toks[k].text == "{")
        pattern = text[toks[first_brace].start:toks[call.end].start + 1]
        block = _answer(prologue + "SELECT * WHERE " + pattern, call, source, timeout)
        pieces += [text[at:opening], block]
        at = toks[call.end].start + 1
        skip_until = call.end
    rewritten = "".join(pieces) + text[at:]
    if calls(rewritten):
        raise QueryError("SERVICE could not be replaced safely; not run", source=source)
    return rewritten


def _answer(query: str, call: Call, source: str, timeout: float) -> str:
    import pyoxigraph as ox

    from ..http.sparql import query as send

    try:
        response = send(call.target, query, "application/sparql-results+json, "
                        "application/sparql-results+xml;q=0.8", timeout=timeout)
        media = response.media_type
        fmt = (ox.QueryResultsFormat.from_media_type(media) if media else None) \
            or ox.QueryResultsFormat.JSON
        answer = ox.parse_query_results(response.body, format=fmt)
        if not isinstance(answer, ox.QuerySolutions):
            raise EndpointError(f"{call.target} did not answer with solutions")
        names = [v.value for v in answer.variables]
        rows = [[solution[n] for n in names] for solution in answer]
    except (SyntaxError, ValueError, OSError) as exc:
        if call.silent:
            return "{}"
        raise EndpointError(f"{call.target}: the SERVICE answer is not a valid query result "
                            f"({str(exc).splitlines()[0]})") from None
    except EndpointError:
        if call.silent:
            return "{}"
        raise
    if any(isinstance(term, ox.BlankNode) for row in rows for term in row):
        raise EndpointError(f"{call.target}: the SERVICE answer holds blank nodes, which cannot "
                            "be joined with local data")
    if not rows:
        return "{ FILTER(false) }"
    if not names:
        return "{}"
    body = " ".join("(" + " ".join("UNDEF" if t is None else str(t) for t in row) + ")"
                    for row in rows)
    return "{ VALUES (" + " ".join(f"?{n}" for n in names) + ") { " + body + " } }"
